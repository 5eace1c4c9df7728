"""What a notebook depends on, recorded while it runs, so the build re-executes only what changed.

When $CONFLICTBOOK_DEPS_FILE is set (the build sets it for each notebook's kernel), every table a
loader hands out, every other file the package reads for a chapter, and every conflictbook module
imported are written to that file as repository-relative paths; `record_while_running` (called
by `setup_notebook`) writes the record again after any cell that imported a conflictbook module
(and at exit, outside IPython), so modules imported after the last load, and notebooks that load
no table, are recorded too, and the build can stop a kernel at once rather than wait for its
exit. `dependency_digest` hashes those files again at the next build."""

from __future__ import annotations

import atexit
import json
import os
import sys
from pathlib import Path

from . import paths
from .fingerprint import files_sha256

__all__ = ["DEPS_ENV", "record_files", "record_while_running", "dependency_digest"]

DEPS_ENV = "CONFLICTBOOK_DEPS_FILE"
_FILES: set[str] = set()


def _package_files(root: Path) -> set[str]:
    found = set()
    for name, module in list(sys.modules.items()):
        file = getattr(module, "__file__", None)
        if name.split(".")[0] == "conflictbook" and file:
            # as a path inside the repository, also when the kernel runs an installed copy (pip
            # install .)
            parts = Path(file).resolve().parts
            inner = Path(*parts[len(parts) - 1 - parts[::-1].index("conflictbook") :])
            found.add(inner.as_posix())
            if inner.name == "__init__.py" and (root / inner.parent / "assets").is_dir():
                found |= {
                    p.relative_to(root).as_posix()
                    for p in (root / inner.parent / "assets").iterdir()
                }
    return found


def record_files(files) -> None:
    """Note that the running notebook read these files (with the modules imported so far)."""
    target = os.environ.get(DEPS_ENV)
    if not target:
        return
    root = paths.repo_root().resolve()
    for file in files:
        path = Path(file).resolve()
        if path.is_relative_to(root):
            _FILES.add(path.relative_to(root).as_posix())
    record = {"files": sorted(_FILES | _package_files(root))}
    Path(target).write_text(json.dumps(record, indent=1), encoding="utf-8")


def _package_modules() -> int:
    return sum(1 for name in sys.modules if name.partition(".")[0] == "conflictbook")


def record_while_running() -> None:
    """Keep the record current with every conflictbook module imported: after each cell that
    imported one (an IPython kernel), and at exit."""
    if not os.environ.get(DEPS_ENV) or getattr(record_while_running, "registered", False):
        return
    record_while_running.registered = True
    record_files([])
    atexit.register(record_files, [])
    ipython = sys.modules.get("IPython")  # loaded already in a kernel; never imported here
    shell = ipython.get_ipython() if ipython else None
    if shell is None:
        return
    seen = [_package_modules()]

    def after_cell(result=None) -> None:
        now = _package_modules()
        if now != seen[0]:
            seen[0] = now
            record_files([])

    shell.events.register("post_run_cell", after_cell)


def dependency_digest(record: dict, root: Path) -> str | None:
    """Hash of the recorded files as they are now; None when nothing was recorded."""
    files = record.get("files")
    if not files:
        return None
    missing = sorted(f for f in files if not (root / f).is_file())
    return files_sha256([root / f for f in files], root) + (
        "-missing:" + "|".join(missing) if missing else ""
    )
