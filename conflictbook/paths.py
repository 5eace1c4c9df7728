"""Where things are, resolved from this file, so notebooks and tests work from any working directory."""
from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def repo_root() -> Path:
    """The book's root: $CONFLICTBOOK_ROOT if set, else the folder above this package holding data/."""
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


def source_text_dirs(data: Path | None = None) -> list[Path]:
    """Folders searched, in order, for the plain texts of the sources (by file name)."""
    data = Path(data) if data is not None else data_dir()
    root = data.resolve().parent
    return [data / "sources", data / "sources" / "unsc",
            root.parent / "shared" / "sources", root.parent / "shared" / "unsc"]


def find_source_text(file_name: str, data: Path | None = None) -> Path | None:
    for folder in source_text_dirs(data):
        path = folder / file_name
        if path.is_file():
            return path
    return None
