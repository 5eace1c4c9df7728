"""The one table formatter: labels, separators, ranges, blanks, no float-looking integers, escaping
(the provenance notes of glued numbers are tested in test_provenance.py)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from conflictbook.figures.tables import format_number, format_range, format_table, short_citations

pytestmark = pytest.mark.datafree  # inputs made here; see conftest.py


def test_numbers_and_ranges_for_readers():
    assert format_number(135000.0) == "135,000"
    assert format_number(np.int64(2500)) == "2,500"
    assert format_number(float("nan")) == "" and format_number(None) == ""
    assert format_number(True) == "✓" and format_number(False) == ""
    assert format_range(300000, 350000) == "300,000–350,000"
    assert format_range(1000, 1000) == "1,000"
    assert format_range(1000, None, open_upper=True) == "1,000 or more"
    assert format_range(None, 500) == "up to 500"


def test_table_has_labels_no_index_no_nan_and_whole_numbers_as_integers():
    frame = pd.DataFrame(
        {
            "source_id": ["s1", "s2"],
            "people": [25.0, np.nan],
            "share": [0.5, 1.0],
            "year": [1994, 2024],
        },
        index=[7, 9],
    )
    table = format_table(
        frame,
        labels={"source_id": {"s1": "Author 2024"}},
        digits={"people": 1, "share": 2},
        columns={"source_id": "source"},
    )
    html = table._repr_html_()
    assert "Author 2024" in html and "s2" in html  # an id without a label is kept
    assert "NaN" not in html and "25.0" not in html and ">25<" in html.replace(" ", "")
    assert "0.50" in html and "1994" in html and "1,994" not in html
    assert ">7<" not in html.replace(" ", "")  # no index column
    assert (
        html
        == format_table(
            frame,
            labels={"source_id": {"s1": "Author 2024"}},
            digits={"people": 1, "share": 2},
            columns={"source_id": "source"},
        )._repr_html_()
    )  # stable ids


def test_markup_in_cells_is_shown_as_text_and_long_tables_say_what_is_left_out():
    frame = pd.DataFrame({"name": ["<script>x</script>"] * 5})
    table = format_table(frame, max_rows=2)
    assert "<script>x" not in table._repr_html_() and "&lt;script&gt;" in table._repr_html_()
    assert "3 more rows not shown" in repr(table)


def test_short_citations():
    sources = pd.DataFrame(
        {
            "source_id": ["a", "b", "r"],
            "kind": ["article", "article", "resolution"],
            "citation": [
                "Smith, J. & Jones, K. (2020). A title.",
                "Anonymous. A title (no year).",
                "Council. Resolution 1 (1990), S/RES/1 (1990), 1 May 1990.",
            ],
            "year": [2020, None, 1990],
        }
    )
    assert short_citations(sources) == {
        "a": "Smith & Jones 2020",
        "b": "Anonymous (undated)",
        "r": "S/RES/1 (1990)",
    }
