"""What a notebook depends on, recorded while it runs, so the build re-executes only what changed.

When $CONFLICTBOOK_DEPS_FILE is set (the build sets it for each notebook's kernel), every table a
loader hands out, every other file the package reads for a chapter, and every conflictbook module
imported are written to that file as repository-relative paths; `record_at_exit` (called by
`setup_notebook`) writes the record once more when the kernel exits, so modules imported after
the last load, and notebooks that load no table, are recorded too. `dependency_digest` hashes
those files again at the next build."""

from __future__ import annotations

import atexit
import json
import os
import sys
from pathlib import Path

from . import paths
from .fingerprint import files_sha256

__all__ = ["DEPS_ENV", "record_files", "record_at_exit", "dependency_digest"]

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


def record_at_exit() -> None:
    """Write the record again as the kernel exits, with every module imported by then."""
    if os.environ.get(DEPS_ENV) and not getattr(record_at_exit, "registered", False):
        record_at_exit.registered = True
        record_files([])
        atexit.register(record_files, [])


def dependency_digest(record: dict, root: Path) -> str | None:
    """Hash of the recorded files as they are now; None when nothing was recorded."""
    files = record.get("files")
    if not files:
        return None
    missing = sorted(f for f in files if not (root / f).is_file())
    return files_sha256([root / f for f in files], root) + (
        "-missing:" + "|".join(missing) if missing else ""
    )
