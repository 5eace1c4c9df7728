"""Periods: which period an act or a figure falls in."""

from __future__ import annotations

import numpy as np
import pandas as pd


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
    """Midpoint of each row's date range: a ranged date is placed in the period holding its middle."""
    return frame["date_start"] + (frame["date_end"] - frame["date_start"]) / 2


def period_of(frame: pd.DataFrame, periods: pd.DataFrame) -> pd.Series:
    return assign_periods(midpoints(frame), periods)
