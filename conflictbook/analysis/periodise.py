"""Periods: which period an act or a figure falls in.

Where an act dated to a span (date_start..date_end) is placed is decided in ONE place, `period_of`,
by the rule named in `PLACEMENT` (or passed as `rule=`):

- "within" (the book's rule): the period holding the whole span; an act whose span crosses a period
  boundary (or starts or ends outside every period) is unplaced, never moved by its midpoint;
- "midpoint": the period holding the middle of the span (the book's earlier rule, kept only to show
  what the change did and for event data whose spans are short).

`conflictbook.io.events_duckdb` mirrors both rules in SQL and reads `PLACEMENT` from here, so
switching the rule switches both paths.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = [
    "PLACEMENT",
    "RULES",
    "assign_periods",
    "midpoints",
    "period_of",
    "unplaced_reason",
    "placement",
]

PLACEMENT = "within"
RULES = ("within", "midpoint")


def assign_periods(dates: pd.Series, periods: pd.DataFrame) -> pd.Series:
    """Period id of each date (periods must not overlap); dates outside every period get NaN."""
    periods = periods.sort_values("start").reset_index(drop=True)
    starts = periods["start"].to_numpy(dtype="datetime64[s]")
    ends = periods["end"].to_numpy(dtype="datetime64[s]")
    values = pd.Series(dates).to_numpy(dtype="datetime64[s]")
    idx = np.searchsorted(starts, values, side="right") - 1
    # a period's end is a whole day: anything before midnight after its last day belongs to it
    day_after_end = ends[np.clip(idx, 0, len(ends) - 1)] + np.timedelta64(1, "D")
    valid = (idx >= 0) & (values < day_after_end)
    labels = periods["period_id"].to_numpy(dtype=object)[np.clip(idx, 0, len(ends) - 1)]
    return pd.Series(np.where(valid, labels, None), index=pd.Series(dates).index, dtype="object")


def midpoints(frame: pd.DataFrame) -> pd.Series:
    """Midpoint of each row's date range (the "midpoint" rule places a span by it)."""
    return frame["date_start"] + (frame["date_end"] - frame["date_start"]) / 2


def period_of(frame: pd.DataFrame, periods: pd.DataFrame, rule: str | None = None) -> pd.Series:
    """Period id of each row's span (date_start, date_end) under `rule` (default `PLACEMENT`)."""
    rule = PLACEMENT if rule is None else rule
    if rule == "midpoint":
        return assign_periods(midpoints(frame), periods)
    if rule == "within":
        first = assign_periods(frame["date_start"], periods)
        last = assign_periods(frame["date_end"], periods)
        return first.where(first.notna() & (first == last), None).astype("object")
    raise ValueError(f"unknown placement rule {rule!r}; known: {', '.join(RULES)}")


def unplaced_reason(frame: pd.DataFrame, periods: pd.DataFrame) -> pd.Series:
    """Why each row is unplaced (None where :func:`period_of` places it).

    Reasons: 'crosses <first> to <last>' (the span begins in one period and ends in another),
    'begins outside every period' / 'ends outside every period' (a date before, after or between
    the periods), 'outside every period' (both ends are).
    """
    first = assign_periods(frame["date_start"], periods)
    last = assign_periods(frame["date_end"], periods)
    reasons = []
    for a, b in zip(first, last):
        if a is not None and a == b:
            reasons.append(None)
        elif a is None and b is None:
            reasons.append("outside every period")
        elif a is None:
            reasons.append("begins outside every period")
        elif b is None:
            reasons.append("ends outside every period")
        else:
            reasons.append(f"crosses {a} to {b}")
    return pd.Series(reasons, index=frame.index, dtype="object")


def placement(frame: pd.DataFrame, periods: pd.DataFrame) -> pd.DataFrame:
    """The frame with `period_id` (None when unplaced) and `unplaced` (the reason) added."""
    return frame.assign(
        period_id=period_of(frame, periods), unplaced=unplaced_reason(frame, periods)
    )
