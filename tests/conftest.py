"""Shared fixtures: a private copy of the data package the tests are pointed at, which a test may
break.

The data folder is `conflictbook.data.paths.data_dir()`: data/ of the book, or $CONFLICTBOOK_DATA
(e.g. the fixture package tests/fixtures/mini/data, or another conflict's package).

A module marked `datafree` reads nothing of that folder (its inputs are made in the test), so
`make test` runs it once, not again against the fixture package; the guard below makes the mark
honest: under it, the data folder does not exist."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pandas as pd
import pytest

from conflictbook.data import paths, texts

REPO = Path(__file__).resolve().parents[1]
DATA = paths.data_dir()
MINI = REPO / "tests" / "fixtures" / "mini" / "data"


def source_rows(data: Path = DATA) -> list[dict]:
    with open(data / "sources.csv", encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def copyrighted_texts_missing(data: Path = DATA) -> list[str]:
    """File names of the copyrighted sources whose texts are in none of the folders looked in."""
    return [
        r["file"]
        for r in source_rows(data)
        if r["copyrighted"].strip().lower() == "true"
        and texts.find_source_text(r["file"], data) is None
    ]


def pytest_collection_modifyitems(config, items):
    """Tests marked `texts` need the copyrighted source texts: skip them, saying which, when
    absent."""
    missing = copyrighted_texts_missing()
    if not missing:
        return
    skip = pytest.mark.skip(
        reason="copyrighted source texts absent (" + ", ".join(missing) + "): put them in texts/ "
        f"or set {texts.TEXTS_ENV}"
    )
    for item in items:
        if "texts" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _datafree_reads_no_data(request, monkeypatch, tmp_path_factory):
    """A test marked `datafree` that reads the data folder fails (it must run against every
    package, so it must not be marked)."""
    if request.node.get_closest_marker("datafree"):
        absent = tmp_path_factory.getbasetemp() / "datafree-test-reads-no-data"
        monkeypatch.setenv("CONFLICTBOOK_DATA", str(absent))


@pytest.fixture
def data_dir(request) -> Path:
    """The data folder the tests are pointed at (read-only: copy it with data_copy to change it)."""
    assert not request.node.get_closest_marker("datafree"), "a datafree test asked for data_dir"
    return DATA


@pytest.fixture
def data_copy(tmp_path: Path, request) -> Path:
    """A copy of the data folder, with every source text that can be found copied into its
    sources/ folder (so quotes are checked wherever the copy lives), that tests can corrupt."""
    assert not request.node.get_closest_marker("datafree"), "a datafree test asked for data"
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    sources = target / "sources"
    sources.mkdir(exist_ok=True)
    for row in source_rows(DATA):
        found = texts.find_source_text(row["file"], DATA)
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


def periods() -> pd.DataFrame:
    """Three small periods with a gap (1992 belongs to none), for the period and network tests."""
    frame = pd.DataFrame(
        {
            "period_id": ["p1", "p2", "p3"],
            "label": ["First (1990)", "Second (1991)", "Third (1993)"],
            "start": ["1990-01-01", "1991-01-01", "1993-01-01"],
            "end": ["1990-12-31", "1991-12-31", "1993-12-31"],
            "order": [1, 2, 3],
        }
    )
    for col in ("start", "end"):
        frame[col] = pd.to_datetime(frame[col]).astype("datetime64[s]")
    return frame


def dates(*values) -> pd.Series:
    return pd.Series(pd.to_datetime(list(values))).astype("datetime64[s]")
