"""Periods: which period an act, an event or a figure falls in, and why some fall in none.

The one placement rule: a row belongs to a period only when its whole span, ``date_start`` to
``date_end``, lies within that period. A row whose span crosses a period boundary, or lies (partly)
outside every period, is *unplaced*: it is counted and listed, never moved into a period by its
midpoint. :func:`period_of` applies the rule; :func:`unplaced_reason` says why a row is unplaced.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["assign_periods", "period_of", "unplaced_reason", "placement"]


def assign_periods(dates: pd.Series, periods: pd.DataFrame) -> pd.Series:
    """Period id of each single date (periods must not overlap); None outside every period."""
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


def period_of(frame: pd.DataFrame, periods: pd.DataFrame) -> pd.Series:
    """The period whose dates hold each row's whole span (date_start to date_end), else None.

    This is the book's one placement rule: a span that crosses a period boundary is unplaced.
    """
    first = assign_periods(frame["date_start"], periods)
    last = assign_periods(frame["date_end"], periods)
    same = first.notna() & (first == last)
    return first.where(same, None).astype("object")


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
    return frame.assign(period_id=period_of(frame, periods),
                        unplaced=unplaced_reason(frame, periods))
