"""A small Sphinx extension for the book's build (listed under sphinx.extra_extensions in
_config.yml).

It writes the files the site offers for download (GraphML networks, the CSVs, a favicon) into the
output folder at the end of every HTML build, so plain `jupyter-book build .` gives the same site
as `make book`.

sphinx-thebe registers its inline configuration script on every read of the environment, so pages
can carry it twice, which browsers report as a console error ('THEBE_JS_URL has already been
declared'). This drops exact duplicate scripts from each page.

Under `make book`, when the notebooks to execute have no cached execution (a clean build), the
render starts beside the kernels: this extension has Sphinx read the other pages first and then
each notebook once its execution is in the cache (publish.build writes a marker file for it; the
folder is named by $CONFLICTBOOK_RENDER_WHILE_EXECUTING). Without that variable nothing waits."""

from __future__ import annotations

import functools
import json
import os
import time
from pathlib import Path

__all__ = ["AWAIT_ENV", "docname_of", "await_marker", "write_await_order", "setup"]

# set by `make book` (publish.build) to a folder: Sphinx reads the notebooks listed there in that
# order, each once its execution is in the cache (a marker file says so); unset, nothing waits
AWAIT_ENV = "CONFLICTBOOK_RENDER_WHILE_EXECUTING"
AWAIT_POLL_S = 0.05


def docname_of(notebook: Path, root: Path) -> str:
    return Path(notebook).resolve().relative_to(Path(root).resolve()).with_suffix("").as_posix()


def await_marker(folder: Path, docname: str, succeeded: bool) -> Path:
    """The file that says a notebook's execution is in the cache (or that it failed)."""
    return Path(folder) / (docname.replace("/", "__") + (".done" if succeeded else ".failed"))


def write_await_order(folder: Path, docnames: list[str]) -> None:
    """For the render about to start: which notebooks to wait for, in order, and who waits."""
    order = {"docnames": docnames, "executor_pid": os.getpid()}
    (Path(folder) / "order.json").write_text(json.dumps(order), encoding="utf-8")


@functools.cache
def _await_order(folder: str) -> dict:
    return json.loads((Path(folder) / "order.json").read_text(encoding="utf-8"))


def _order_reads(app, env, docnames) -> None:
    """The awaited notebooks last, in the order they were started (the others first)."""
    if not os.environ.get(AWAIT_ENV):
        return
    rank = {d: i for i, d in enumerate(_await_order(os.environ[AWAIT_ENV])["docnames"])}
    docnames.sort(key=lambda d: (d in rank, rank.get(d, 0), d))


def _await_execution(app, docname, source) -> None:
    """Before a notebook is parsed (myst-nb then takes its outputs from the cache, or would
    execute it itself): wait until its execution is in the cache."""
    folder = os.environ.get(AWAIT_ENV)
    if not folder or docname not in _await_order(folder)["docnames"]:
        return
    from sphinx.errors import ExtensionError

    executor = _await_order(folder)["executor_pid"]
    while not await_marker(Path(folder), docname, True).exists():
        if await_marker(Path(folder), docname, False).exists():
            raise ExtensionError(f"{docname}: its execution failed (the message is above)")
        if os.getppid() != executor:
            raise ExtensionError(f"{docname}: the build that runs the notebooks has stopped")
        time.sleep(AWAIT_POLL_S)


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
    app.connect("env-before-read-docs", _order_reads)
    app.connect("source-read", _await_execution)
    app.connect("build-finished", _write_exports)
    app.connect(
        "html-page-context", _dedupe_scripts, priority=100
    )  # before handlers that return a template (emit_firstresult stops there)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
