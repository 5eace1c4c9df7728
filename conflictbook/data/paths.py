"""Where things are, resolved from this file, so notebooks and tests work from any working
directory."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["PACKAGE_DIR", "repo_root", "data_dir", "build_dir"]

PACKAGE_DIR = Path(__file__).resolve().parent.parent


def repo_root() -> Path:
    """The book's root: $CONFLICTBOOK_ROOT if set, else the folder above this package holding
    data/."""
    env = os.environ.get("CONFLICTBOOK_ROOT")
    if env:
        return Path(env).resolve()
    for candidate in (PACKAGE_DIR.parent, Path.cwd(), *Path.cwd().parents):
        if (candidate / "data" / "datapackage.json").is_file():
            return candidate
    return PACKAGE_DIR.parent


def data_dir() -> Path:
    """The default data folder (data/ at the repository root, or $CONFLICTBOOK_DATA)."""
    env = os.environ.get("CONFLICTBOOK_DATA")
    return Path(env).resolve() if env else repo_root() / "data"


def build_dir() -> Path:
    return repo_root() / "_build"
