"""One fingerprint helper: sha256 over files (names and bytes) or over a text with whitespace
folded."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from pathlib import Path

__all__ = ["files_sha256", "normalise_ws", "text_sha256"]

_WS = re.compile(r"\s+")


def files_sha256(files: Iterable[Path], base: Path) -> str:
    """Hash of the files' paths (relative to base) and contents, in sorted order; folders are
    skipped."""
    digest = hashlib.sha256()
    for path in sorted(Path(f) for f in files):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(base).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def normalise_ws(text: str) -> str:
    """Whitespace-insensitive form used to find quotes in source texts (every run of white space
    removed)."""
    return _WS.sub("", text)


def text_sha256(text: str) -> str:
    """Checksum of a source text that survives re-wrapping and line endings: sha256 of
    normalise_ws(text)."""
    return hashlib.sha256(normalise_ws(text).encode("utf-8")).hexdigest()
