"""Tables computed from the copyrighted source texts, committed so that a clone without the texts
shows the same chapters: `data/derived/<name>.csv`, with `data/derived/manifest.json` recording
the checksum of each text they were computed from. `make derived` rewrites them where the texts
are present."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from . import paths
from .deps import record_files

__all__ = ["derived_dir", "load_derived", "load_manifest"]


def derived_dir(data_dir: Path | None = None) -> Path:
    return (Path(data_dir) if data_dir is not None else paths.data_dir()) / "derived"


def load_manifest(data_dir: Path | None = None) -> dict:
    path = derived_dir(data_dir) / "manifest.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def load_derived(name: str, data_dir: Path | None = None) -> pd.DataFrame:
    """A stored derived table (empty, with no columns, when it has never been computed)."""
    path = derived_dir(data_dir) / f"{name}.csv"
    record_files([path, derived_dir(data_dir) / "manifest.json"])
    if not path.is_file():
        return pd.DataFrame()
    return pd.read_csv(path, dtype=str, keep_default_na=False)
