"""Periods: the one placement rule (a span lies within a period, else unplaced) and its reasons."""

from __future__ import annotations

import pandas as pd
from conftest import dates, periods

from conflictbook.analysis import periodise


def spans(*pairs) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "date_start": dates(*(a for a, _ in pairs)),
            "date_end": dates(*(b or a for a, b in pairs)),
        }
    )


def test_assign_periods_inside_boundaries_and_outside():
    values = dates(
        "1990-06-15",
        "1990-01-01",
        "1990-12-31",
        "1991-01-01",
        "1992-06-01",
        "1989-12-31",
        "1994-01-01",
        "1993-12-31",
    )
    got = periodise.assign_periods(values, periods())
    assert got.tolist() == ["p1", "p1", "p1", "p2", None, None, None, "p3"]
    assert got.dtype == object


def test_assign_periods_keeps_index_and_ignores_period_row_order():
    values = dates("1991-03-03", "1990-03-03")
    values.index = [10, 20]
    shuffled = periods().iloc[[2, 0, 1]].reset_index(drop=True)
    assert periodise.assign_periods(values, shuffled).to_dict() == {10: "p2", 20: "p1"}


def test_period_of_places_only_spans_within_one_period():
    frame = spans(
        ("1990-02-01", "1990-12-31"),  # within p1, to its last day
        ("1990-12-31", "1991-01-01"),  # two days across the change: unplaced, not moved by midpoint
        ("1990-01-01", "1991-12-31"),  # mostly in p2: still unplaced
        ("1992-02-01", None),  # in the gap
        ("1993-05-05", None),
        ("1991-06-01", "1992-06-01"),  # ends in the gap
        ("1989-06-01", "1990-06-01"),  # begins before every period
    )
    assert periodise.period_of(frame, periods()).tolist() == [
        "p1",
        None,
        None,
        None,
        "p3",
        None,
        None,
    ]


def test_unplaced_reason_says_why():
    frame = spans(
        ("1990-02-01", None),
        ("1990-12-31", "1991-01-01"),
        ("1990-01-01", "1993-02-01"),
        ("1992-02-01", None),
        ("1991-06-01", "1992-06-01"),
        ("1989-06-01", "1990-06-01"),
    )
    assert periodise.unplaced_reason(frame, periods()).tolist() == [
        None,
        "crosses p1 to p2",
        "crosses p1 to p3",
        "outside every period",
        "ends outside every period",
        "begins outside every period",
    ]


def test_placement_adds_both_columns_and_leaves_its_input_alone():
    frame = spans(("1990-02-01", None), ("1990-12-31", "1991-01-01"))
    placed = periodise.placement(frame, periods())
    assert placed["period_id"].tolist() == ["p1", None]
    assert placed["unplaced"].tolist() == [None, "crosses p1 to p2"]
    assert list(frame.columns) == ["date_start", "date_end"]
    # the rule and the reason agree: a row is unplaced exactly when it has a reason
    assert (placed["period_id"].isna() == placed["unplaced"].notna()).all()
