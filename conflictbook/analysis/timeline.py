"""The events table as a timeline (a static figure and a filterable list that runs in the page)."""

from __future__ import annotations

import pandas as pd


def events_in_range(events: pd.DataFrame, start: str, end: str) -> pd.DataFrame:
    return events[
        (events["date_end"] >= pd.Timestamp(start)) & (events["date_start"] <= pd.Timestamp(end))
    ]
