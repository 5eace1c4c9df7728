"""Build steps behind the Makefile: execute what changed (in parallel), render, refresh outputs, test.

`python -m conflictbook.build execute|html|refresh|test`. Jupyter's cache keys only on a notebook's code,
so the cache is stamped with a hash of data/ and of this package: when either changes, every cached
notebook is dropped and re-executed (every notebook reads the whole validated package).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from ..data import paths

EXECUTION_TIMEOUT = 300


def root() -> Path:
    return paths.repo_root()


def toc_notebooks() -> list[Path]:
    """Notebooks listed in _toc.yml, in order (only those are part of the book)."""
    import yaml

    toc = yaml.safe_load((root() / "_toc.yml").read_text(encoding="utf-8"))
    found: list[str] = []

    def walk(node):
        if isinstance(node, dict):
            for key in ("root", "file"):
                if isinstance(node.get(key), str):
                    found.append(node[key])
            for value in node.values():
                if isinstance(value, (list, dict)):
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(toc)
    return [root() / f"{name}.ipynb" for name in found if (root() / f"{name}.ipynb").is_file()]


def inputs_fingerprint() -> str:
    """Hash of everything a notebook's output depends on besides its own code."""
    digest = hashlib.sha256()
    base = root()
    files = sorted((base / "data").rglob("*")) + sorted((base / "conflictbook").rglob("*.py"))
    for path in files:
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(base)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def cache_dir() -> Path:
    return paths.build_dir() / ".jupyter_cache"


def execute(notebooks: list[Path] | None = None) -> int:
    """Execute, into Jupyter Book's cache, the notebooks whose code or inputs changed; both cores."""
    from jupyter_cache import get_cache
    from jupyter_cache.executors import load_executor

    notebooks = notebooks or toc_notebooks()
    stamp = cache_dir() / "conflictbook-inputs.sha256"
    current = inputs_fingerprint()
    cache = get_cache(str(cache_dir()))
    if not stamp.is_file() or stamp.read_text() != current:
        if any(True for _ in cache.list_cache_records()):
            print(
                "execute: data/ or conflictbook/ changed since the last build; dropping cached outputs"
            )
        cache.clear_cache()
        cache = get_cache(str(cache_dir()))
    for nb in notebooks:
        cache.add_nb_to_project(str(nb))
    pending = cache.list_unexecuted()
    if not pending:
        print(f"execute: all {len(notebooks)} notebooks are up to date in the cache")
    else:
        print(
            f"execute: running {len(pending)} notebook(s) on {os.cpu_count()} cores: "
            + ", ".join(Path(p.uri).name for p in pending)
        )
        started = time.perf_counter()
        executor = load_executor("local-parallel" if len(pending) > 1 else "local-serial", cache)
        result = executor.run_and_cache(
            filter_pks=[p.pk for p in pending], timeout=EXECUTION_TIMEOUT, allow_errors=False
        )
        failed = result.excepted + result.errored
        if failed:
            for uri in failed:
                record = cache.get_project_record(uri)
                print(
                    f"execute: {Path(uri).name} failed:\n{record.traceback or '(no traceback recorded)'}"
                )
            return 1
        print(f"execute: done in {time.perf_counter() - started:.1f} s")
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(current)
    return 0


def write_exports() -> None:
    """Files the site links to that are not pages (GraphML exports, the explorer's data)."""
    exports = paths.build_dir() / "exports"
    exports.mkdir(parents=True, exist_ok=True)
    try:
        from . import exports as export_module
    except ImportError:  # no exports yet
        return
    export_module.write_all(exports)


def html(strict: bool = True) -> int:
    code = execute()
    if code:
        return code
    write_exports()
    cmd = [
        str(Path(sys.executable).parent / "jupyter-book"),
        "build",
        str(root()),
        "--builder",
        "html",
    ]
    if strict:
        cmd += ["-W", "-n", "--keep-going"]
    print("html:", " ".join(cmd[1:]))
    return subprocess.call(cmd, cwd=root())


def _execute_in_place(path_str: str) -> str:
    """Run one notebook top to bottom and write it back atomically (temp file, then move)."""
    import nbformat
    from nbclient import NotebookClient

    path = Path(path_str)
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=EXECUTION_TIMEOUT,
        kernel_name="python3",
        record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    for cell in nb.cells:
        cell.get("metadata", {}).pop("execution", None)
    fd, tmp = tempfile.mkstemp(suffix=".ipynb", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        nbformat.write(nb, fh)
    os.replace(tmp, path)
    return path.name


def refresh(notebooks: list[Path]) -> int:
    """Re-execute notebooks in place so their stored outputs match the current data and code."""
    notebooks = notebooks or sorted((root() / "notebooks").glob("*.ipynb"))
    failed = 0
    with ProcessPoolExecutor(max_workers=min(2, os.cpu_count() or 1)) as pool:
        futures = {pool.submit(_execute_in_place, str(p)): p for p in notebooks}
        for future, path in futures.items():
            try:
                print(f"refreshed {future.result()}")
            except (
                Exception
            ) as exc:  # the notebook is left as it was: nothing is written on failure
                failed += 1
                last = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
                print(f"{path.name}: execution failed, stored outputs left unchanged: {last}")
    return 1 if failed else 0


def data_checksum() -> str:
    digest = hashlib.sha256()
    data = root() / "data"
    for path in sorted(data.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(data)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def test() -> int:
    """Everything CI checks; every step runs, and the run fails if any step fails."""
    python = sys.executable
    before = data_checksum()
    notebooks = [str(p) for p in sorted((root() / "notebooks").glob("*.ipynb"))]
    steps = [
        ("validate data", [python, "-m", "conflictbook", "validate"]),
        ("unit tests", [python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"]),
        (
            "strict nbval",
            [python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval", *notebooks],
        ),
        (
            "strict nbval, second run (determinism)",
            [python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval", *notebooks],
        ),
        ("book build (-W -n --keep-going)", [python, "-m", "conflictbook.build", "html"]),
        ("site check (links, images, browser)", [python, "-m", "conflictbook.sitecheck"]),
    ]
    results = []
    for label, cmd in steps:
        print(f"\n=== {label}", flush=True)
        started = time.perf_counter()
        code = subprocess.call(cmd, cwd=root())
        results.append((label, code, time.perf_counter() - started))
    after = data_checksum()
    print("\n=== summary")
    for label, code, seconds in results:
        print(f"{'ok  ' if code == 0 else 'FAIL'} {label} ({seconds:.0f} s)")
    unchanged = before == after
    print(f"{'ok  ' if unchanged else 'FAIL'} data/ unchanged by the run (sha256 {after[:12]})")
    failed = sum(code != 0 for _, code, _ in results) + (not unchanged)
    return 1 if failed else 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m conflictbook.build")
    parser.add_argument("command", choices=["execute", "html", "refresh", "test"])
    parser.add_argument("notebooks", nargs="*")
    parser.add_argument(
        "--strict", action="store_true", help="(html) warnings are errors; the default"
    )
    parser.add_argument("--lenient", action="store_true", help="(html) do not stop on warnings")
    args = parser.parse_args(argv)
    if args.command == "execute":
        return execute([Path(p).resolve() for p in args.notebooks] or None)
    if args.command == "html":
        return html(strict=not args.lenient)
    if args.command == "refresh":
        return refresh([Path(p).resolve() for p in args.notebooks])
    return test()


if __name__ == "__main__":
    sys.exit(main())
