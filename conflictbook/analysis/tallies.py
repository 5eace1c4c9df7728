"""Tallies that never mix what cannot be added: figures split into addable sets, each tallied apart.

A layer above `displacement` (whose functions do the adding within a set). The rules, each tested:
- an **addable set** is keyed by what it counts: stock or flow; the place (and, for movements, the
  origin and the destination); the period span (the periods of data/periods.csv holding the
  first and the last day of the figures' dates); and, for stocks only, the population
  (population_group and population_type) and the exact reference dates. Stocks are added only
  when they count the same population at the same dates and place; flows only within one period
  span and direction.
- the members of one overlap group are alternative counts of the same people and always land in one
  set: the key is computed per group (its earliest start and latest end; members that disagree on a
  place or population give the group all their values, joined with '|');
- figures that cannot be placed (no stock_flow, a unit other than 'people', dates outside every
  period) are never dropped silently: `left_out` returns them with the reason;
- a set whose groups are counted in a group of another set is marked `within` that set: the chapter
  shows the two side by side and never adds them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import pandas as pd

from .displacement import (
    DISPLACEMENT_MEASURES,
    format_range,
    group_parents,
    plausible_totals,
    with_ends,
)
from .periodise import assign_periods

__all__ = [
    "SetKey",
    "Tally",
    "LeftOut",
    "addable_key",
    "left_out",
    "naive_range",
    "tally_sets",
    "reader_frame",
    "largest",
    "sets_within",
    "in_period",
]

KEY_COLUMNS = ("place_id", "origin_place_id", "destination_place_id")
POPULATION_COLUMNS = ("population_group", "population_type")


@dataclass(frozen=True)
class SetKey:
    """What makes figures addable: the same kind, place, direction, period span (and, for stocks,
    the same population and reference dates). None stands for 'not stated'."""

    stock_flow: str
    period_from: str
    period_to: str
    place: str | None
    origin: str | None
    destination: str | None
    population_group: str | None = None
    population_type: str | None = None
    date_start: str | None = None  # stocks only: the reference dates
    date_end: str | None = None

    @property
    def set_id(self) -> str:
        """A stable id for the set, made of its key (for tables and cross references)."""
        parts = [self.stock_flow, self.period_from]
        if self.period_to != self.period_from:
            parts.append(self.period_to)
        parts += [p or "-" for p in (self.place, self.origin, self.destination)]
        if self.stock_flow == "stock":
            parts += [self.population_group or "-", self.population_type or "-"]
            parts += [self.date_start or "-", self.date_end or "-"]
        return ":".join(parts)


@dataclass(frozen=True)
class Tally:
    """One addable set, tallied: its range, the naive sum beside it, what it covers."""

    key: SetKey
    lower: float
    upper: float
    open_upper: bool
    naive_lower: float
    naive_upper: float
    figure_ids: tuple[str, ...]
    groups_counted: tuple[str, ...]
    groups_inside: tuple[str, ...]
    lower_from: tuple[str, ...]
    upper_from: tuple[str, ...]
    source_ids: tuple[str, ...]
    populations: tuple[str, ...]
    date_start: str
    date_end: str
    label: str = ""
    within: tuple[str, ...] = ()

    @property
    def set_id(self) -> str:
        return self.key.set_id

    @property
    def stock_flow(self) -> str:
        return self.key.stock_flow

    @property
    def years(self) -> str:
        """'1988–1994' or '1993': the years the set's figures refer to, from their dates."""
        first, last = self.date_start[:4], self.date_end[:4]
        return first if first == last else f"{first}–{last}"

    def where(self, place_names: Mapping[str, str] | None = None) -> str:
        """'Azerbaijan → Armenia', 'in Azerbaijan (from Karabakh)', 'origin and destination
        unstated'."""
        names = place_names or {}

        def name(value: str | None, missing: str) -> str:
            if value is None:
                return missing
            return " or ".join(names.get(v, v) for v in value.split("|"))

        key = self.key
        if key.stock_flow == "stock":
            text = f"in {name(key.place or key.destination, 'an unstated place')}"
            return text + (f" (from {name(key.origin, '')})" if key.origin else "")
        if key.origin is None and key.destination is None:
            return "origin and destination unstated" + (
                f" ({name(key.place, '')})" if key.place else ""
            )
        origin = name(key.origin, "unstated origin")
        return f"{origin} → {name(key.destination, 'unstated destination')}"

    def covers(
        self,
        place_names: Mapping[str, str] | None = None,
        citations: Mapping[str, str] | None = None,
    ) -> str:
        """What the total covers, for the prose: kind, years, place or direction, sources."""
        cited = ", ".join((citations or {}).get(s, s) for s in self.source_ids)
        kind = "a stock dated" if self.stock_flow == "stock" else "flows over"
        return f"{kind} {self.years}, {self.where(place_names)}; {cited}"


@dataclass(frozen=True)
class LeftOut:
    """The figures a tally leaves out, each with its reason (columns figure_id, source_id,
    measure, unit, stock_flow, reason)."""

    rows: pd.DataFrame

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def figure_ids(self) -> tuple[str, ...]:
        return tuple(self.rows["figure_id"].tolist())


def _text(value) -> str | None:
    return value if isinstance(value, str) and value else None


def _joined(values: pd.Series) -> str | None:
    found = sorted({v for v in values.tolist() if isinstance(v, str) and v})
    return "|".join(found) if found else None


def _iso(value) -> str:
    return pd.Timestamp(value).strftime("%Y-%m-%d")


def left_out(
    figures: pd.DataFrame,
    periods: pd.DataFrame,
    measures: Sequence[str] = DISPLACEMENT_MEASURES,
) -> LeftOut:
    """The figures of `measures` no addable set can take, with the reason, sorted by figure id."""
    part = figures[figures["measure"].isin(list(measures))]
    starts = assign_periods(part["date_start"], periods)
    ends = assign_periods(part["date_end"], periods)
    rows = []
    for (_, row), start, end in zip(part.iterrows(), starts, ends):
        reasons = []
        if row["unit"] != "people":
            reasons.append(f"unit {row['unit']!r} is not 'people': not a head count to add")
        if not _text(row.get("stock_flow")):
            reasons.append("neither stock nor flow: no addable set can take it")
        if start is None or end is None:
            reasons.append("its dates fall outside every period of periods.csv")
        if reasons:
            rows.append(
                {
                    "figure_id": row["figure_id"],
                    "source_id": row["source_id"],
                    "measure": row["measure"],
                    "unit": row["unit"],
                    "stock_flow": _text(row.get("stock_flow")),
                    "reason": "; ".join(reasons),
                }
            )
    columns = ["figure_id", "source_id", "measure", "unit", "stock_flow", "reason"]
    frame = pd.DataFrame(rows, columns=columns)
    return LeftOut(frame.sort_values("figure_id", kind="stable").reset_index(drop=True))


def naive_range(figures: pd.DataFrame) -> tuple[float, float]:
    """The sum of every figure's lower and of every upper end: the number a careless reader adds up
    (for contrast only; it double-counts and mixes sets)."""
    ends = figures if "lower" in figures else with_ends(figures)
    return float(ends["lower"].sum()), float(ends["upper"].sum())


def addable_key(figures: pd.DataFrame, periods: pd.DataFrame) -> pd.Series:
    """The SetKey of each figure, computed per overlap group (members of a group share one key).

    Expects figures that `left_out` keeps (a stock_flow, dates inside the periods).
    """
    group = figures["overlap_group"].where(figures["overlap_group"].notna(), figures["figure_id"])
    keys: dict[str, SetKey] = {}
    grouped = figures.groupby(group, sort=True)
    starts, ends = grouped["date_start"].min(), grouped["date_end"].max()
    # every group's period at once (one call per group was a fifth of the property tests' time)
    periods_from = assign_periods(starts, periods).to_dict()
    periods_to = assign_periods(ends, periods).to_dict()
    for name, members in grouped:
        start, end = starts[name], ends[name]
        period_from, period_to = periods_from[name], periods_to[name]
        kind = _joined(members["stock_flow"]) or "unstated"
        place, origin, destination = (_joined(members[c]) for c in KEY_COLUMNS)
        stock = kind == "stock"
        population = [_joined(members[c]) if stock else None for c in POPULATION_COLUMNS]
        keys[name] = SetKey(
            stock_flow=kind,
            period_from=period_from or "outside",
            period_to=period_to or "outside",
            place=place,
            origin=origin,
            destination=destination,
            population_group=population[0],
            population_type=population[1],
            date_start=_iso(start) if stock else None,
            date_end=_iso(end) if stock else None,
        )
    return group.map(keys)


def _ancestors(group: str, parents: dict[str, str]) -> list[str]:
    found, current = [], parents.get(group)
    while current is not None and current not in found and current != group:
        found.append(current)
        current = parents.get(current)
    return found


def tally_sets(
    figures: pd.DataFrame,
    periods: pd.DataFrame,
    source_order: Sequence[str] = (),
    parents: dict[str, str] | None = None,
) -> tuple[Tally, ...]:
    """Split displacement figures into addable sets and tally each (flows first, then stocks; by
    date, then key). Figures `left_out` would report are skipped (report them with `left_out`).

    `parents` (from `displacement.group_parents` on every figure) links groups across selections;
    `source_order` (sources.csv order) orders each tally's sources.
    """
    parents = group_parents(figures) if parents is None else parents
    skipped = set(left_out(figures, periods, figures["measure"].unique()).figure_ids)
    part = figures[~figures["figure_id"].isin(skipped)]
    if part.empty:
        return ()
    part = part if "lower" in part else with_ends(part)
    keys = addable_key(part, periods)
    order = {s: i for i, s in enumerate(source_order)}
    drafts = []
    ids = keys.map(lambda k: k.set_id).to_numpy(dtype=object)
    totals = plausible_totals(part, ids, parents)  # coded once, each set a slice of the codes
    rows_of = pd.Series(ids).groupby(ids, sort=False).indices
    for key in sorted(set(keys), key=_sort_key):
        members = part.iloc[rows_of[key.set_id]]
        total = totals[key.set_id]
        sources = sorted(set(members["source_id"]), key=lambda s: (order.get(s, len(order)), s))
        populations = sorted(
            {v for c in POPULATION_COLUMNS for v in members[c].tolist() if isinstance(v, str)}
        )
        drafts.append(
            Tally(
                key=key,
                lower=total["lower"],
                upper=total["upper"],
                open_upper=total["open_upper"],
                naive_lower=total["naive_lower"],
                naive_upper=total["naive_upper"],
                figure_ids=tuple(sorted(members["figure_id"])),
                groups_counted=tuple(total["groups_counted"]),
                groups_inside=tuple(total["groups_inside_others"]),
                lower_from=tuple(total["lower_from"]),
                upper_from=tuple(total["upper_from"]),
                source_ids=tuple(sources),
                populations=tuple(populations),
                date_start=_iso(members["date_start"].min()),
                date_end=_iso(members["date_end"].max()),
            )
        )
    counters: dict[str, int] = {}
    labelled = []
    for tally in drafts:
        prefix = tally.stock_flow[:1].upper()
        counters[prefix] = counters.get(prefix, 0) + 1
        labelled.append(replace(tally, label=f"{prefix}{counters[prefix]}"))
    owner = {g: t.label for t in labelled for g in t.groups_counted + t.groups_inside}
    out = []
    for tally in labelled:
        within = {
            owner[a]
            for g in tally.groups_counted
            for a in _ancestors(g, parents)
            if a in owner and owner[a] != tally.label
        }
        out.append(replace(tally, within=tuple(sorted(within, key=_label_order))))
    return tuple(out)


def _label_order(label: str):
    return (label[:1], int(label[1:]))


def _sort_key(key: SetKey):
    kinds = {"flow": 0, "stock": 1}
    return (kinds.get(key.stock_flow, 2), key.set_id)


def largest(tallies: Sequence[Tally], stock_flow: str) -> Tally | None:
    """The set of this kind with the highest lower end (ties: higher upper end, then label)."""
    found = [t for t in tallies if t.stock_flow == stock_flow]
    if not found:
        return None
    return max(found, key=lambda t: (t.lower, t.upper))  # ties: the first set


def sets_within(tallies: Sequence[Tally], label: str) -> tuple[Tally, ...]:
    """The sets whose groups are counted in the set `label` (shown beside it, never added to it)."""
    return tuple(t for t in tallies if label in t.within)


def in_period(tallies: Sequence[Tally], period_id: str) -> tuple[Tally, ...]:
    """The sets whose period span starts or ends in `period_id`."""
    return tuple(t for t in tallies if period_id in (t.key.period_from, t.key.period_to))


def reader_frame(
    tallies: Sequence[Tally],
    place_names: Mapping[str, str] | None = None,
    citations: Mapping[str, str] | None = None,
    labels: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """The sets as a reader sees them: set, kind, years, where, who is counted (labelled), range,
    naive sum, figures, sources (short citations) and the sets each lies within."""
    labels = labels or {}
    rows = [
        {
            "set": t.label,
            "kind": t.stock_flow,
            "years": t.years,
            "where": t.where(place_names),
            "counted": "; ".join(labels.get(p, p) for p in t.populations),
            "range": format_range(t.lower, t.upper, t.open_upper),
            "naive sum": format_range(t.naive_lower, t.naive_upper),
            "figures": ", ".join(t.figure_ids),
            "sources": "; ".join((citations or {}).get(s, s) for s in t.source_ids),
            "within": ", ".join(t.within),
        }
        for t in tallies
    ]
    columns = [
        "set",
        "kind",
        "years",
        "where",
        "counted",
        "range",
        "naive sum",
        "figures",
        "sources",
        "within",
    ]
    return pd.DataFrame(rows, columns=columns)
