"""The codebook's rules for acts (conflictbook/act_rules.py), each broken once in a private copy
of data/."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import read_rows, set_cell, write_rows

from conflictbook import validate_package
from conflictbook.data.act_rules import span_fits


def _messages(report):
    return [str(p) for p in report.problems]


def _rows(path):
    rows = read_rows(path)
    return rows[0], rows


def _act_rows(path, act_type=None, size=2):
    """Spreadsheet row numbers (header = 1) of the first act with `size` or more rows (and the
    given type)."""
    header, rows = _rows(path)
    act, kind = header.index("act_id"), header.index("interaction_type")
    groups: dict[str, list[int]] = {}
    for n, row in enumerate(rows[1:], start=2):
        if act_type is None or row[kind] == act_type:
            groups.setdefault(row[act], []).append(n)
    return next(ns for ns in groups.values() if len(ns) >= size)


def test_real_package_passes_the_act_rules(data_copy):
    report = validate_package(data_copy)
    assert report.ok, _messages(report)[:10]


def test_duplicate_dyad_in_an_act(data_copy):
    path = data_copy / "interactions.csv"
    header, rows = _rows(path)
    first, second = _act_rows(path)[:2]
    for column in ("actor_from", "actor_to"):
        rows[second - 1][header.index(column)] = rows[first - 1][header.index(column)]
    write_rows(path, rows)
    messages = _messages(validate_package(data_copy))
    assert any(f"row {second}" in m and "already has the dyad" in m for m in messages), messages


@pytest.mark.parametrize(
    "column,value",
    [
        ("interaction_type", "condemns"),
        ("date_precision", "context"),
        ("date_end", "2024-12-25"),
        ("quote", "Azerbaijan"),
    ],
)
def test_rows_of_an_act_must_agree(data_copy, column, value):
    path = data_copy / "interactions.csv"
    second = _act_rows(path)[1]
    set_cell(path, second, column, value)
    messages = _messages(validate_package(data_copy))
    assert any(f"row {second}" in m and f"must share {column}" in m for m in messages), messages


def test_quote_whitespace_does_not_split_an_act(data_copy):
    path = data_copy / "interactions.csv"
    header, rows = _rows(path)
    second = _act_rows(path)[1]
    quote = rows[second - 1][header.index("quote")]
    set_cell(path, second, "quote", quote.replace(" ", "\n", 1))
    report = validate_package(data_copy)
    assert report.ok, _messages(report)


@pytest.mark.case
def test_mediation_act_needs_two_parties(data_copy):
    path = data_copy / "interactions.csv"
    members = _act_rows(path, "mediates_between")
    rows = [row for n, row in enumerate(read_rows(path), start=1) if n not in members[1:]]
    write_rows(path, rows)  # the act keeps one party
    messages = _messages(validate_package(data_copy))
    assert any("mediation act" in m and "1 party" in m for m in messages), messages


def test_actor_acting_on_itself(data_copy):
    path = data_copy / "interactions.csv"
    header, rows = _rows(path)
    set_cell(path, 2, "actor_to", rows[1][header.index("actor_from")])
    messages = _messages(validate_package(data_copy))
    assert any("row 2" in m and "acts on itself" in m for m in messages), messages


@pytest.mark.case
def test_implied_row_names_its_rule(data_copy):
    path = data_copy / "interactions.csv"
    header, rows = _rows(path)
    n = next(
        i for i, row in enumerate(rows[1:], start=2) if row[header.index("basis")] == "implied"
    )
    set_cell(path, n, "note", "The agent is obvious.")
    messages = _messages(validate_package(data_copy))
    assert any(f"row {n}" in m and "R-IMPLIED" in m for m in messages), messages


@pytest.mark.parametrize(
    "table,precision,start,end,ok",
    [
        ("interactions", "year", "1991-12-26", "2024-12-25", False),
        ("interactions", "context", "1991-12-26", "2024-12-25", True),
        ("interactions", "day", "1993-02-26", "1993-02-27", False),
        ("interactions", "span", "1993-02-26", "1993-02-27", True),
        ("interactions", "month", "1993-02-01", "1993-03-31", False),
        ("events", "decade", "1990-01-01", "2000-12-31", False),
        ("events", "decade", "1990-01-01", "1999-12-31", True),
        ("events", "century", "1600-01-01", "1799-12-31", False),
    ],
)
def test_span_must_fit_precision(data_copy, table, precision, start, end, ok):
    path = data_copy / f"{table}.csv"
    header, rows = _rows(path)
    # a row that is alone in its act, so that only the precision rule can speak
    if table == "interactions":
        acts = [row[header.index("act_id")] for row in rows[1:]]
        n = next(
            i
            for i, row in enumerate(rows[1:], start=2)
            if acts.count(row[header.index("act_id")]) == 1
        )
    else:
        n = 2
    for column, value in (("date_precision", precision), ("date_start", start), ("date_end", end)):
        set_cell(path, n, column, value)
    messages = [m for m in _messages(validate_package(data_copy)) if f"{table}.csv: row {n}" in m]
    if ok:
        assert not messages, messages
    else:
        assert any("does not fit" in m and precision in m for m in messages), messages


@pytest.mark.case
def test_act_id_carries_its_source_number(data_copy):
    path = data_copy / "interactions.csv"
    header, rows = _rows(path)
    n = next(
        i
        for i, row in enumerate(rows[1:], start=2)
        if row[header.index("act_id")].startswith("a000_")
    )
    set_cell(path, n, "act_id", "a001_9999")
    messages = _messages(validate_package(data_copy))
    assert any(f"row {n}" in m and "expected a000_nnnn" in m for m in messages), messages


def test_span_fits_table():
    d = dt.date
    assert span_fits("day", d(2020, 11, 10), d(2020, 11, 10))
    assert span_fits("month", d(1994, 5, 1), d(1994, 5, 31))
    assert not span_fits("month", d(1994, 4, 30), d(1994, 5, 1))
    assert span_fits("year", d(1993, 1, 1), d(1993, 12, 31))
    assert not span_fits("year", d(1993, 12, 31), d(1994, 1, 1))
    assert span_fits("century", d(1600, 1, 1), d(1699, 12, 31))
    assert span_fits("span", d(1997, 1, 1), d(2024, 12, 25))
    assert span_fits("context", d(1991, 12, 26), d(2024, 12, 25))
