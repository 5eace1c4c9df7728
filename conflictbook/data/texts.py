"""Where the plain texts of the sources are, and whether a supplied text is the edition the
quotes were taken from.

Public-domain texts live in the data folder (``data/sources/``). Copyrighted texts are never in
the repository; they are looked for, in order, in ``$CONFLICTBOOK_TEXTS``, in the git-ignored
``texts/`` folder of the clone, and in ``../shared/sources`` beside the clone."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from . import paths
from .fingerprint import normalise_ws, text_sha256

__all__ = [
    "TEXTS_ENV",
    "SourceText",
    "find_source_text",
    "normalise_ws",
    "read_source_text",
    "source_text_dirs",
]

TEXTS_ENV = "CONFLICTBOOK_TEXTS"


def source_text_dirs(data: Path | None = None) -> list[Path]:
    """Folders searched, in order, for the plain texts of the sources (by file name)."""
    data = Path(data) if data is not None else paths.data_dir()
    root = data.resolve().parent
    folders = [data / "sources", data / "sources" / "unsc"]
    if os.environ.get(TEXTS_ENV):
        folders.append(Path(os.environ[TEXTS_ENV]).expanduser().resolve())
    folders += [root / "texts", root.parent / "shared" / "sources", root.parent / "shared" / "unsc"]
    return folders


def find_source_text(file_name: str, data: Path | None = None) -> Path | None:
    for folder in source_text_dirs(data):
        path = folder / file_name
        if path.is_file():
            return path
    return None


@dataclass(frozen=True)
class SourceText:
    """A source's text as found: where, its whitespace-folded form, and whether its checksum is
    the recorded one."""

    path: Path
    folded: str
    spaced: str
    sha256: str
    expected_sha256: str | None

    @property
    def matches(self) -> bool:
        return not self.expected_sha256 or self.sha256 == self.expected_sha256


def read_source_text(
    file_name: str, expected_sha256: str | None = None, data: Path | None = None
) -> SourceText | None:
    """The text of a source, or None when no folder has it; undecodable files count as absent."""
    path = find_source_text(file_name, data)
    if path is None:
        return None
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    return SourceText(
        path, normalise_ws(text), " ".join(text.split()), text_sha256(text), expected_sha256 or None
    )


def _sources(data: Path | None = None) -> list[dict]:
    import csv

    data = Path(data) if data is not None else paths.data_dir()
    with open(data / "sources.csv", encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def missing_texts(data: Path | None = None) -> list[tuple[str, str]]:
    """(source_id, file) of every source whose text is in none of the folders looked in."""
    return [
        (r["source_id"], r["file"])
        for r in _sources(data)
        if find_source_text(r["file"], data) is None
    ]


def verification_line(data: Path | None = None) -> str:
    """One plain line: were all quotes checked against their sources' texts, and if not, how to
    supply them."""
    sources = _sources(data)
    missing = missing_texts(data)
    found = {
        r["source_id"]: read_source_text(r["file"], r.get("text_sha256"), data) for r in sources
    }
    other = [s for s, t in found.items() if t is not None and not t.matches]
    if not missing and not other:
        return f"texts: every quote was verified against its source's text ({len(sources)} sources)"
    parts = []
    if missing:
        parts.append(
            "quotes of " + ", ".join(s for s, _ in missing) + " were NOT verified (texts absent; "
            f"put {', '.join(f for _, f in missing)} in texts/ or set {TEXTS_ENV}, see README)"
        )
    if other:
        parts.append(
            "the texts of " + ", ".join(other) + " are another edition (text_sha256 differs)"
        )
    return "texts: " + "; ".join(parts)
