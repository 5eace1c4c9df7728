"""Shared fixtures: a private copy of the real data package that a test may break."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from conflictbook.data import texts

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of data/ (with the source texts beside it, so quotes are checked) that tests can corrupt."""
    target = tmp_path / "data"
    shutil.copytree(REPO / "data", target)
    sources = target / "sources"
    sources.mkdir(exist_ok=True)
    with open(REPO / "data" / "sources.csv", encoding="utf-8-sig") as fh:
        listed = list(csv.DictReader(fh))
    for row in listed:
        found = texts.find_source_text(row["file"], REPO / "data")
        if found and not (sources / row["file"]).exists():
            shutil.copy(found, sources / row["file"])
    return target


def read_rows(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def set_cell(path: Path, row: int, column: str, value: str) -> None:
    """Set one cell; `row` counts as a spreadsheet does (header = 1)."""
    rows = read_rows(path)
    rows[row - 1][rows[0].index(column)] = value
    write_rows(path, rows)
