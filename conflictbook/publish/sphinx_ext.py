"""A small Sphinx extension for the book's build (listed under sphinx.extra_extensions in
_config.yml).

It writes the files the site offers for download (GraphML networks, the CSVs, a favicon) into the
output folder at the end of every HTML build, so plain `jupyter-book build .` gives the same site
as `make book`.

sphinx-thebe registers its inline configuration script on every read of the environment, so pages
can carry it twice, which browsers report as a console error ('THEBE_JS_URL has already been
declared'). This drops exact duplicate scripts from each page."""

from __future__ import annotations

from pathlib import Path

__all__ = ["setup"]


def _dedupe_scripts(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, unique = set(), []
    for script in scripts:
        # the same inline script is registered once with filename None and once with "": treat them
        # alike
        key = (
            getattr(script, "filename", str(script)) or "",
            tuple(sorted(getattr(script, "attributes", {}).items())),
        )
        if key in seen:
            continue
        seen.add(key)
        unique.append(script)
    context["script_files"] = unique


def _write_exports(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    from sphinx.util import logging

    from ..data import DataError
    from . import exports

    try:
        exports.write_all(Path(app.outdir))
    except DataError as error:
        logging.getLogger(__name__).warning("downloads not written: %s", error)


def setup(app):
    app.connect("build-finished", _write_exports)
    app.connect(
        "html-page-context", _dedupe_scripts, priority=100
    )  # before handlers that return a template (emit_firstresult stops there)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
