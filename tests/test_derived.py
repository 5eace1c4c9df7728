"""Tables computed from the source texts are committed (data/derived/) so a clone without the
copyrighted texts shows the same chapters; where the texts are present they must be current."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conflictbook.data import paths, texts
from conflictbook.data.derived import load_derived, load_manifest
from conflictbook.publish import derived


def test_stored_derived_tables_are_current_where_the_texts_are_present():
    missing = [s for s, _ in texts.missing_texts()]
    manifest = load_manifest()
    if not manifest:
        pytest.skip("no derived tables in this data package")
    checked = set(manifest["uncovered_numbers"]["sources"]) - set(missing)
    if not checked:
        pytest.skip("none of the texts the derived tables were made from is present")
    assert derived.stale() == []


def test_a_supplied_text_of_another_edition_is_not_used_for_derived_tables(tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(paths.data_dir(), data)
    open_sources = [r for r in texts._sources(data) if r["copyrighted"] == "false"]
    if not open_sources:
        pytest.skip("no source whose text is in the data folder")
    row = open_sources[0]
    text = data / "sources" / row["file"]
    if not text.is_file():
        text = next((data / "sources").rglob(row["file"]))
    text.write_text(
        text.read_text(encoding="utf-8") + "\nA sentence of another edition.\n", encoding="utf-8"
    )
    frame, used = derived.compute("uncovered_numbers", data)
    assert row["source_id"] not in used


def test_verification_line_names_the_sources_whose_texts_are_absent(tmp_path: Path, monkeypatch):
    data = tmp_path / "repo" / "data"
    shutil.copytree(paths.data_dir(), data)
    monkeypatch.delenv(texts.TEXTS_ENV, raising=False)
    missing = texts.missing_texts(data)
    line = texts.verification_line(data)
    if missing:
        assert "NOT verified" in line and all(s in line for s, _ in missing)
        assert "texts/" in line and texts.TEXTS_ENV in line
    else:
        assert "every quote was verified" in line


def test_derived_tables_read_without_the_texts():
    frame = load_derived("uncovered_numbers")
    if frame.empty:
        pytest.skip("no derived tables in this data package")
    assert {"source_id", "number", "context"} <= set(frame.columns)
