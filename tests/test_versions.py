"""One version for the book, its data and its citation files (a citable edition names one
number)."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_book_data_and_citation_versions_agree():
    book = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "version"
    ]
    data = json.loads((REPO / "data" / "datapackage.json").read_text(encoding="utf-8"))["version"]
    cff = re.search(
        r'^version:\s*"?([^"\n]+)"?', (REPO / "CITATION.cff").read_text(encoding="utf-8"), re.M
    )
    zenodo = json.loads((REPO / ".zenodo.json").read_text(encoding="utf-8"))["version"]
    assert {book, data, cff.group(1), zenodo} == {book}, (book, data, cff.group(1), zenodo)


def test_changes_page_names_the_current_version():
    book = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "version"
    ]
    assert f"## {book}" in (REPO / "book" / "changes.md").read_text(encoding="utf-8")
