"""Build steps behind the Makefile: execute what changed (in parallel) and render.

`python -m conflictbook.publish.build execute|html|html-stored|refresh|check-cache [NOTEBOOK ...]`
(the last three, on the stored outputs, are in publish.stored)

A notebook is executed again only when what it depends on changed: its code cells (Jupyter Book's
cache keys on them), the package modules it imported or the tables it loaded. Both are recorded
while it runs (the loaders write them to the file named by $CONFLICTBOOK_DEPS_FILE), so a prose edit
executes nothing and an edit to one table executes only the chapters that read it.

In a clean build the render does not wait for the last kernel: Sphinx starts with the first and
reads each notebook once it has run (see _execute_while_rendering and sphinx_ext).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from ..data import paths
from ..data.deps import DEPS_ENV, dependency_digest
from . import uptodate

__all__ = ["toc_files", "toc_notebooks", "cache_dir", "execute", "html", "main"]

EXECUTION_TIMEOUT = 300


def root() -> Path:
    return paths.repo_root()


def toc_files() -> list[str]:
    """Every page of _toc.yml (root first), as paths without their extension."""
    import yaml

    toc = yaml.safe_load((root() / "_toc.yml").read_text(encoding="utf-8"))
    found: list[str] = []

    def walk(node):
        if isinstance(node, dict):
            found.extend(node[k] for k in ("root", "file") if isinstance(node.get(k), str))
            for value in node.values():
                if isinstance(value, (list, dict)):
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(toc)
    return found


def toc_notebooks() -> list[Path]:
    """Notebooks listed in _toc.yml, in order (only those are part of the book)."""
    return [root() / f"{n}.ipynb" for n in toc_files() if (root() / f"{n}.ipynb").is_file()]


def cache_dir() -> Path:
    return paths.build_dir() / ".jupyter_cache"


def _deps_file(notebook: Path) -> Path:
    return cache_dir() / "deps" / f"{notebook.stem}.json"


def _run(path_str: str, deps_path: str | None = None):
    """Execute one notebook top to bottom in a fresh kernel: (the notebook executed, per-cell
    timing removed; its run time in seconds, for the execution status page)."""
    import nbformat
    from nbclient import NotebookClient

    from .kernels import AsyncSocketFolderKernelManager

    path = Path(path_str)
    nb = nbformat.read(path, as_version=4)
    if deps_path:
        os.environ[DEPS_ENV] = deps_path
        Path(deps_path).unlink(missing_ok=True)
    client = NotebookClient(
        nb,
        kernel_manager_class=AsyncSocketFolderKernelManager,  # no TCP port to lose at start
        timeout=EXECUTION_TIMEOUT,
        kernel_name="python3",
        record_timing=False,
        # no graceful exit to wait for (0.3-0.5 s a notebook): the dependency record is written
        # after each cell (deps.record_while_running)
        shutdown_kernel="immediate",
        resources={"metadata": {"path": str(path.parent)}},
        extra_arguments=["--IPKernelApp.log_level=ERROR"],
    )
    started = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - started
    for cell in nb.cells:
        cell.get("metadata", {}).pop("execution", None)
        if cell.cell_type == "code":  # one print, one output, however the kernel sent it
            cell.outputs = nbformat.from_dict(uptodate.joined_streams(cell.outputs))
    return nb, seconds


def _kernels() -> int:
    """Kernels run at once: one more than the cores, since a kernel spends part of its time
    starting and waiting on its messages (on 2 cores, executing the 11 chapters from scratch in
    runs interleaved with 2 kernels, 3 were about 1 s faster in a mean of 16 s; the machine's noise
    is of the same order)."""
    return (os.cpu_count() or 1) + 1


def _stale(notebooks: list[Path], cache) -> dict[Path, bool]:
    """Notebooks with no cached execution of their current code (False), or with one whose
    inputs changed since (True)."""
    import nbformat

    stale = {}
    for nb_path in notebooks:
        try:
            cache.match_cache_notebook(nbformat.read(nb_path, as_version=4))
        except KeyError:
            stale[nb_path] = False
            continue
        record = _deps_file(nb_path)
        if not record.is_file():
            stale[nb_path] = True
            continue
        deps = json.loads(record.read_text(encoding="utf-8"))
        if deps.get("digest") != dependency_digest(deps, root()):
            stale[nb_path] = True
    return stale


def execute(
    notebooks: list[Path] | None = None,
    pending: list[Path] | None = None,
    on_done: Callable[[Path, bool], None] | None = None,
) -> int:
    """Execute into Jupyter Book's cache, several at a time, the notebooks whose inputs changed
    (or `pending`). `on_done(notebook, succeeded)` is called as each one's result is stored, in
    the order they were started; with it, a notebook's file is not dated anew (for Sphinx to read
    it again): the caller has dated it before its render began."""
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    notebooks = notebooks or toc_notebooks()
    cache = get_cache(str(cache_dir()))
    pending = list(_stale(notebooks, cache)) if pending is None else pending
    if not pending:
        print(f"execute: all {len(notebooks)} notebooks are up to date in the cache")
        return 0
    names = ", ".join(p.name for p in pending)
    print(
        f"execute: running {len(pending)} notebook(s), {_kernels()} at a time: {names}",
        flush=True,
    )
    started, failed, unchanged = time.perf_counter(), 0, []
    (cache_dir() / "deps").mkdir(parents=True, exist_ok=True)
    with ProcessPoolExecutor(max_workers=min(_kernels(), len(pending))) as pool:
        jobs = {p: pool.submit(_run, str(p), str(_deps_file(p)) + ".new") for p in pending}
        for nb_path, job in jobs.items():
            try:
                nb, seconds = job.result()
            except Exception as exc:  # the failing cell's message, not the executor's traceback
                failed += 1
                print(f"execute: {nb_path.name} failed: {_last_line(exc)}", flush=True)
                if on_done:
                    on_done(nb_path, False)
                continue
            if uptodate.same_as_cached(nb, cache):
                unchanged.append(nb_path.name)  # early cutoff: the page needs no new render
            else:
                bundle = CacheBundleIn(nb, str(nb_path), data={"execution_seconds": seconds})
                cache.cache_notebook_bundle(bundle, check_validity=False, overwrite=True)
                if on_done is None:  # Sphinx re-reads a page only when its file looks newer
                    os.utime(nb_path)
            new = Path(str(_deps_file(nb_path)) + ".new")
            deps = json.loads(new.read_text(encoding="utf-8")) if new.is_file() else {}
            deps["digest"] = dependency_digest(deps, root())
            _deps_file(nb_path).write_text(
                json.dumps(deps, indent=1, sort_keys=True), encoding="utf-8"
            )
            new.unlink(missing_ok=True)
            if on_done:
                on_done(nb_path, True)
    print(f"execute: done in {time.perf_counter() - started:.1f} s")
    if unchanged:
        print(f"execute: same outputs as before, not rendered again: {', '.join(unchanged)}")
    return 1 if failed else 0


def _last_line(exc: Exception) -> str:
    """The telling line of a failed execution: the error line, not the separators around it."""
    import re

    lines = [re.sub(r"\x1b\[[0-9;]*m", "", line).strip() for line in str(exc).splitlines()]
    lines = [line for line in lines if line and not set(line) <= set("-")]
    errors = [line for line in lines if re.match(r"^\w*(Error|Exception)\b", line)]
    return (errors or lines or [type(exc).__name__])[-1]


def html() -> int:
    """Execute what changed, then render the site with warnings as errors (the same as
    jupyter-book build), unless nothing it reads has changed since the last render. When no
    notebook to execute has a cached execution of its code (a clean build, a code edit), the
    render runs beside the executions (see _execute_while_rendering)."""
    from jupyter_cache import get_cache

    stale = _stale(toc_notebooks(), get_cache(str(cache_dir())))
    if stale and not any(stale.values()):
        return _execute_while_rendering(list(stale))
    code = execute(pending=list(stale))
    return code or _render_unless_current()


def _execute_while_rendering(pending: list[Path]) -> int:
    """Start Sphinx at once and have it read each notebook as soon as its execution is in the
    cache (sphinx_ext waits for it): Sphinx's start and the reading of the other pages use the
    second core while the kernels run, instead of one core after them (on 2 cores a clean build
    took 24.2 s in the mean of four runs, against 28.0 s one after the other, interleaved).
    Only where no executed notebook can turn out unchanged: the render reads them all."""
    from .sphinx_ext import AWAIT_ENV, await_marker, docname_of, write_await_order

    folder = Path(tempfile.mkdtemp(prefix="conflictbook-render-"))
    write_await_order(folder, [docname_of(p, root()) for p in pending])
    for nb_path in pending:  # dated before the render begins: Sphinx reads them all
        os.utime(nb_path)
    print("html: jupyter-book build . --builder html -W -n --keep-going, reading each notebook "
          "once it has run", flush=True)  # fmt: skip
    started = time.time()
    env = {**os.environ, AWAIT_ENV: str(folder)}
    try:
        with subprocess.Popen(_render_command(), cwd=root(), env=env) as sphinx:
            try:
                code = execute(pending=pending, on_done=lambda nb_path, ok: await_marker(
                    folder, docname_of(nb_path, root()), ok).touch())  # fmt: skip
            except BaseException:  # interrupted: Sphinx would wait for the rest
                sphinx.terminate()
                raise
            rendered = sphinx.wait()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if code == 0 and rendered == 0:
        uptodate.mark_rendered(started)
    return code or rendered


def _render_unless_current() -> int:
    """Render, or, when nothing Sphinx reads has changed since the last render, only rewrite the
    downloads, as the render's last step would."""
    from . import exports

    if not uptodate.render_is_current():
        return _render()
    from ..data import DataError

    try:
        exports.write_all(paths.build_dir() / "html")
    except DataError as error:
        print(f"html: downloads not written: {error}")
        return 1
    print("html: no page, setting or notebook output changed since the last render of "
          "_build/html; the downloads are rewritten, Sphinx is not run")  # fmt: skip
    return 0


def _render_command() -> list[str]:
    return [
        str(Path(sys.executable).parent / "jupyter-book"),
        "build",
        str(root()),
        "--builder",
        "html",
        "-W",
        "-n",
        "--keep-going",
    ]


def _render() -> int:
    cmd = _render_command()
    print("html: jupyter-book build . --builder html -W -n --keep-going", flush=True)
    started = time.time()
    code = subprocess.call(cmd, cwd=root())
    if code == 0:
        uptodate.mark_rendered(started)
    return code


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m conflictbook.publish.build")
    parser.add_argument(
        "command", choices=["execute", "html", "html-stored", "refresh", "check-cache"]
    )
    parser.add_argument("notebooks", nargs="*", help="notebook files (default: all in the book)")
    args = parser.parse_args(argv)
    chosen = [Path(p).resolve() for p in args.notebooks]
    if args.command == "execute":
        return execute(chosen or None)
    if args.command == "html":
        return html()
    from . import stored

    if args.command == "html-stored":
        return stored.html_stored()
    if args.command == "refresh":
        return stored.refresh(chosen)
    return stored.check_cache(chosen or None)


if __name__ == "__main__":
    sys.exit(main())
