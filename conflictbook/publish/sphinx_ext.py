"""A small Sphinx extension for the book's build (listed under sphinx.extra_extensions in _config.yml).

sphinx-thebe registers its inline configuration script on every read of the environment, so pages can
carry it twice, which browsers report as a console error ('THEBE_JS_URL has already been declared').
This drops exact duplicate scripts from each page.
"""

from __future__ import annotations


def _dedupe_scripts(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, unique = set(), []
    for script in scripts:
        # the same inline script is registered once with filename None and once with "": treat them alike
        key = (
            getattr(script, "filename", str(script)) or "",
            tuple(sorted(getattr(script, "attributes", {}).items())),
        )
        if key in seen:
            continue
        seen.add(key)
        unique.append(script)
    context["script_files"] = unique


def setup(app):
    app.connect(
        "html-page-context", _dedupe_scripts, priority=100
    )  # before handlers that return a template (emit_firstresult stops there)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
