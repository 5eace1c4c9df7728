"""The events table as a timeline (a static figure and a filterable list that runs in the page)."""

from __future__ import annotations

import pandas as pd

__all__ = ["events_in_range", "date_label", "date_labels"]

_MONTHS = ("January February March April May June July August September October November "
           "December").split()


def events_in_range(events: pd.DataFrame, start: str, end: str) -> pd.DataFrame:
    return events[
        (events["date_end"] >= pd.Timestamp(start)) & (events["date_start"] <= pd.Timestamp(end))
    ]


def date_label(start, end, precision: str | None = None) -> str:
    """A date as a reader writes it, at the precision the source gives: '12 May 1994',
    'May 1994', '1994', '1990s', '1600s', or 'from 1 July 1994 to 1994' for a span."""
    if start is None or pd.isna(start):
        return ""
    start, end = pd.Timestamp(start), pd.Timestamp(end if end is not None else start)

    def day(d):
        return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"

    if precision == "day" and start == end:
        return day(start)
    if precision == "month" and (start.year, start.month) == (end.year, end.month):
        return f"{_MONTHS[start.month - 1]} {start.year}"
    if precision == "year" and start.year == end.year:
        return str(start.year)
    if precision == "decade" and start.year // 10 == end.year // 10:
        return f"{start.year // 10 * 10}s"
    if precision == "century" and start.year // 100 == end.year // 100:
        return f"{start.year // 100 * 100}s"
    if start == end:
        return day(start)
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        return f"{start.year}–{end.year}"
    return f"{day(start)} – {day(end)}"


def date_labels(frame: pd.DataFrame) -> pd.Series:
    """date_label for every row of a frame with date_start, date_end and date_precision."""
    precision = frame["date_precision"] if "date_precision" in frame else [None] * len(frame)
    return pd.Series([date_label(s, e, p) for s, e, p in
                      zip(frame["date_start"], frame["date_end"], precision)],
                     index=frame.index, dtype="object")
