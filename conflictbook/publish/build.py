"""Build steps behind the Makefile: execute what changed (in parallel), render, refresh stored
outputs.

`python -m conflictbook.publish.build execute|html|html-stored|refresh|check-cache [NOTEBOOK ...]`

A notebook is executed again only when what it depends on changed: its code cells (Jupyter Book's
cache keys on them), the package modules it imported or the tables it loaded. Both are recorded
while it runs (the loaders write them to the file named by $CONFLICTBOOK_DEPS_FILE), so a prose edit
executes nothing and an edit to one table executes only the chapters that read it.

`html-stored` renders the stored outputs without executing anything: `make test` uses it after
strict nbval has found those outputs equal to a fresh execution, so no notebook runs twice.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from ..data import paths
from ..data.deps import DEPS_ENV, dependency_digest
from . import uptodate

__all__ = [
    "toc_files",
    "toc_notebooks",
    "execute",
    "html",
    "html_stored",
    "refresh",
    "check_cache",
    "main",
]

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


def _stale(notebooks: list[Path], cache) -> list[Path]:
    """Notebooks with no cached execution of their current code, or whose inputs changed."""
    import nbformat

    stale = []
    for nb_path in notebooks:
        try:
            cache.match_cache_notebook(nbformat.read(nb_path, as_version=4))
        except KeyError:
            stale.append(nb_path)
            continue
        record = _deps_file(nb_path)
        if not record.is_file():
            stale.append(nb_path)
            continue
        deps = json.loads(record.read_text(encoding="utf-8"))
        if deps.get("digest") != dependency_digest(deps, root()):
            stale.append(nb_path)
    return stale


def execute(notebooks: list[Path] | None = None) -> int:
    """Execute into Jupyter Book's cache, several at a time, the notebooks whose inputs changed."""
    from jupyter_cache import get_cache

    notebooks = notebooks or toc_notebooks()
    cache = get_cache(str(cache_dir()))
    pending = _stale(notebooks, cache)
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
                print(f"execute: {nb_path.name} failed: {_last_line(exc)}")
                continue
            if uptodate.same_as_cached(nb, cache):
                unchanged.append(nb_path.name)  # early cutoff: the page needs no new render
            else:
                _cache_outputs(cache, nb, nb_path, {"execution_seconds": seconds})
            new = Path(str(_deps_file(nb_path)) + ".new")
            deps = json.loads(new.read_text(encoding="utf-8")) if new.is_file() else {}
            deps["digest"] = dependency_digest(deps, root())
            _deps_file(nb_path).write_text(
                json.dumps(deps, indent=1, sort_keys=True), encoding="utf-8"
            )
            new.unlink(missing_ok=True)
    print(f"execute: done in {time.perf_counter() - started:.1f} s")
    if unchanged:
        print(f"execute: same outputs as before, not rendered again: {', '.join(unchanged)}")
    return 1 if failed else 0


def _cache_outputs(cache, nb, nb_path: Path, data: dict | None = None) -> None:
    """Put these outputs of a notebook in Jupyter Book's cache in place of any before, and date
    its file now: Sphinx reads a page again only when its file looks newer than its last read
    (without that, a page rendered from other outputs stayed on the site)."""
    from jupyter_cache.base import CacheBundleIn

    bundle = CacheBundleIn(nb, str(nb_path), data=data or {})
    cache.cache_notebook_bundle(bundle, check_validity=False, overwrite=True)
    os.utime(nb_path)


def _last_line(exc: Exception) -> str:
    """The telling line of a failed execution: the error line, not the separators around it."""
    import re

    lines = [re.sub(r"\x1b\[[0-9;]*m", "", line).strip() for line in str(exc).splitlines()]
    lines = [line for line in lines if line and not set(line) <= set("-")]
    errors = [line for line in lines if re.match(r"^\w*(Error|Exception)\b", line)]
    return (errors or lines or [type(exc).__name__])[-1]


def html() -> int:
    """Execute what changed, then render the site with warnings as errors (the same as
    jupyter-book build), unless nothing it reads has changed since the last render."""
    code = execute()
    return code or _render_unless_current()


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


def html_stored() -> int:
    """Render the stored outputs as they are: each notebook whose stored outputs differ from its
    cached execution goes into Jupyter Book's cache in its place (so the render executes nothing),
    loses its dependency record (a later `make book` executes it afresh) and is marked for Sphinx
    to read again; one whose stored outputs are the cached ones is left as it is."""
    import nbformat
    from jupyter_cache import get_cache

    cache = get_cache(str(cache_dir()))
    notebooks, replaced = toc_notebooks(), []
    for nb_path in notebooks:
        nb = nbformat.read(nb_path, as_version=4)
        if uptodate.same_as_cached(nb, cache):
            continue
        _cache_outputs(cache, nb, nb_path)
        _deps_file(nb_path).unlink(missing_ok=True)
        replaced.append(nb_path.name)
    print(
        f"html-stored: the stored outputs of {len(notebooks)} notebooks, nothing executed; "
        f"{len(replaced)} differ from the cached executions and are rendered again"
        + (f": {', '.join(replaced)}" if replaced else "")
    )
    return _render_unless_current()


def _render() -> int:
    cmd = [
        str(Path(sys.executable).parent / "jupyter-book"),
        "build",
        str(root()),
        "--builder",
        "html",
        "-W",
        "-n",
        "--keep-going",
    ]
    print("html: jupyter-book build . --builder html -W -n --keep-going", flush=True)
    started = time.time()
    code = subprocess.call(cmd, cwd=root())
    if code == 0:
        uptodate.mark_rendered(started)
    return code


def refresh(notebooks: list[Path]) -> int:
    """Re-execute notebooks and write their outputs back atomically (a temporary file, then a
    move)."""
    import nbformat

    from ..data.texts import missing_texts

    notebooks = notebooks or sorted((root() / "notebooks").glob("*.ipynb"))
    for source_id, file_name in missing_texts():
        print(
            f"refresh: the text of {source_id} ({file_name}) is absent; the chapters read the "
            "stored derived tables (data/derived/), so the stored outputs stay as they are"
        )
    failed = 0
    with ProcessPoolExecutor(max_workers=_kernels()) as pool:
        jobs = {p: pool.submit(_run, str(p)) for p in notebooks}
        for path, job in jobs.items():
            try:
                nb, _ = job.result()
            except Exception as exc:  # nothing is written for a notebook that failed
                failed += 1
                print(
                    f"{path.name}: execution failed, stored outputs left unchanged: "
                    f"{_last_line(exc)}"
                )
                continue
            fd, tmp = tempfile.mkstemp(suffix=".ipynb", dir=path.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                nbformat.write(nb, fh)
            os.replace(tmp, path)
            print(f"refreshed {path.name}")
    return 1 if failed else 0


def check_cache(notebooks: list[Path] | None = None) -> int:
    """After `make book`: the book build's executions give the stored outputs, or the stored
    outputs are stale; names the first cell that differs."""
    import nbformat
    from jupyter_cache import get_cache

    cache = get_cache(str(cache_dir()))
    problems = 0
    for nb_path in notebooks or toc_notebooks():
        stored = nbformat.read(nb_path, as_version=4)
        try:
            record = cache.match_cache_notebook(stored)
        except KeyError:
            print(f"check-cache: {nb_path.name} has no cached execution; run `make book` first")
            problems += 1
            continue
        executed = cache.get_cache_bundle(record.pk).nb
        code = [c for c in stored.cells if c.cell_type == "code"]
        ran = [c for c in executed.cells if c.cell_type == "code"]
        for i, (a, b) in enumerate(zip(code, ran)):
            stored_out, ran_out = (
                uptodate.comparable_outputs(a.get("outputs", [])),
                uptodate.comparable_outputs(b.get("outputs", [])),
            )
            if stored_out != ran_out:
                first = next(
                    (str(x)[:120], str(y)[:120])
                    for x, y in zip(
                        stored_out + [None] * len(ran_out), ran_out + [None] * len(stored_out)
                    )
                    if x != y
                )
                print(
                    f"check-cache: {nb_path.name}: code cell {i} gave different output in the "
                    f"book build than stored (stored {first[0]!r}, built {first[1]!r}); outputs "
                    "are not deterministic, or the stored outputs are stale (make notebooks)"
                )
                problems += 1
                break
    if not problems:
        print("check-cache: the book build's executions match the stored outputs")
    return 1 if problems else 0


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
    if args.command == "html-stored":
        return html_stored()
    if args.command == "refresh":
        return refresh(chosen)
    return check_cache(chosen or None)


if __name__ == "__main__":
    sys.exit(main())
