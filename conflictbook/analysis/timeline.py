"""The events table as a timeline (a static figure and a filterable list that runs in the page)."""

from __future__ import annotations

import pandas as pd

__all__ = [
    "events_in_range",
    "date_label",
    "date_labels",
    "happenings",
    "shared_events",
    "group_label",
]

_MONTHS = (
    "January February March April May June July August September October November December"
).split()


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
    return pd.Series(
        [date_label(s, e, p) for s, e, p in zip(frame["date_start"], frame["date_end"], precision)],
        index=frame.index,
        dtype="object",
    )


def happenings(events: pd.DataFrame) -> int:
    """Distinct happenings: rows sharing an event_group count once (codebook R-REPEAT-1)."""
    grouped = events["event_group"].notna()
    return int((~grouped).sum() + events.loc[grouped, "event_group"].nunique())


def shared_events(events: pd.DataFrame, source_order: list[str] | None = None) -> pd.DataFrame:
    """The rows of every event group reported by more than one source, with `dates_differ` true
    where the group's rows do not all give the same date range; by group, then source (in
    `source_order`)."""
    grouped = events.dropna(subset=["event_group"])
    multi = grouped.groupby("event_group")["source_id"].transform("nunique") > 1
    part = grouped[multi]
    spans = part.groupby("event_group").apply(
        lambda g: g[["date_start", "date_end"]].drop_duplicates().shape[0] > 1, include_groups=False
    )
    order = {s: i for i, s in enumerate(source_order or sorted(part["source_id"].unique()))}
    part = part.assign(
        dates_differ=part["event_group"].map(spans).astype(bool),
        _s=part["source_id"].map(order),
        date=date_labels(part),
    )
    cols = [
        "event_group",
        "event_id",
        "source_id",
        "date",
        "date_start",
        "date_end",
        "date_precision",
        "summary",
        "dates_differ",
        "locator",
        "quote",
    ]
    return part.sort_values(["event_group", "_s", "date_start", "event_id"])[cols].reset_index(
        drop=True
    )


def group_label(group_id: str) -> str:
    """'g_1993_agdam_occupation' -> 'Agdam occupation (1993)': a readable name for a group."""
    parts = str(group_id).split("_")
    if len(parts) < 3 or parts[0] != "g" or not parts[1].isdigit():
        return str(group_id)
    words = " ".join(parts[2:])
    return f"{words[:1].upper()}{words[1:]} ({parts[1]})"
