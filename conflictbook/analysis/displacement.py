"""Displacement tallies (chapter 3): ranges, never single numbers; overlapping counts counted once.

The rules, each unit-tested:
- a figure's lower end is its `low` (or `best`), its upper end its `high` (or `best`, or, for an
  open "more than X", its `low`, flagged as open-ended);
- figures sharing an `overlap_group` are alternative counts of the same people: the group spans the
  lowest lower end to the highest upper end of its members, and is counted once;
- a group whose members are `counted_in` another group present in the same selection is already
  inside that broader total and is not added again;
- stocks (people displaced at a date) and flows (displacements over a period) are never added
  together.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .overlap_codes import TallyError, _Coded, _ends, _Parents, _ranges, _run_starts, _total

__all__ = [
    "DISPLACEMENT_MEASURES",
    "TallyError",
    "displacement_figures",
    "with_ends",
    "group_ranges",
    "group_parents",
    "inside_present",
    "plausible_total",
    "plausible_totals",
    "tally_by",
    "contributors",
    "share_lines",
    "recompute_shares",
    "format_range",
    "bottom_up_total",
    "flow_table",
    "self_check",
]

DISPLACEMENT_MEASURES = ("displaced", "refugees")


def displacement_figures(figures: pd.DataFrame, places: pd.DataFrame | None = None) -> pd.DataFrame:
    """Displacement figures counted in people, with their lower and upper ends and a direction
    label."""
    frame = figures[
        figures["measure"].isin(DISPLACEMENT_MEASURES) & (figures["unit"] == "people")
    ].copy()
    frame = with_ends(frame)
    names = {} if places is None else dict(zip(places["place_id"], places["name"]))
    origin = frame["origin_place_id"].map(
        lambda p: names.get(p, p) if isinstance(p, str) else "unstated origin"
    )
    destination = frame["destination_place_id"].map(
        lambda p: names.get(p, p) if isinstance(p, str) else "unstated destination"
    )
    frame["direction"] = origin + " → " + destination
    return frame.sort_values(["direction", "date_start", "figure_id"], kind="stable").reset_index(
        drop=True
    )


def with_ends(figures: pd.DataFrame) -> pd.DataFrame:
    """Add `lower`, `upper` and `open_upper` columns following the rules in the module docstring."""
    lower, upper, open_upper = _ends(figures)
    frame = figures.copy(deep=False)  # new columns only: the input's own columns are not touched
    frame["lower"] = lower
    frame["open_upper"] = open_upper
    frame["upper"] = upper
    return frame


def group_ranges(figures: pd.DataFrame, members: bool = True) -> pd.DataFrame:
    """One row per overlap group: its range and which figures set its lower and upper end.

    A figure without an overlap_group is its own group (named after the figure). Vectorised on
    integer codes (the group names are factorised and sorted once; everything after is one stable
    integer sort and per-run numpy reductions); `members=False` skips listing each group's figure
    ids, the one step that is per group in Python.
    """
    columns = [
        "group",
        "counted_in",
        "stock_flow",
        "figures",
        "lower",
        "upper",
        "open_upper",
        "lower_from",
        "upper_from",
        "members",
    ]
    if len(figures) == 0:
        return pd.DataFrame(columns=columns)
    coded = _Coded(figures)
    ranges = _ranges(coded)
    out = pd.DataFrame(
        {
            "group": coded.names,
            "counted_in": ranges["counted_in"],
            "stock_flow": ranges["stock_flow"],
            "figures": ranges["figures"],
            "lower": ranges["lower"],
            "upper": ranges["upper"],
            "open_upper": ranges["open_upper"],
            "lower_from": coded.ids[ranges["first"]],
            "upper_from": coded.ids[ranges["top"]],
        }
    )
    if members:
        rank = np.arange(len(coded.group)) if coded.rank is None else coded.rank
        order = np.lexsort((rank, coded.group))  # by group, then figure id
        listed = pd.Series(coded.ids[order]).groupby(coded.group[order], sort=True).agg("|".join)
        out["members"] = listed.to_numpy(dtype=object)
    else:
        out["members"] = None
    out["counted_in"] = out["counted_in"].where(out["counted_in"].notna(), None)
    return out[columns]


def group_parents(figures: pd.DataFrame) -> dict[str, str]:
    """overlap_group -> the group it is counted in, from every figure given (use all figures, not
    a selection). The rule for a group counted in two totals is `_Parents.from_pairs`', the one
    the tallies apply on their own codes."""
    overlap = figures["overlap_group"].to_numpy(dtype=object)
    counted = figures["counted_in"].to_numpy(dtype=object)
    linked = ~pd.isna(overlap) & ~pd.isna(counted)
    n = int(linked.sum())
    codes, labels = pd.factorize(np.concatenate([overlap[linked], counted[linked]]))
    links = _Parents.from_pairs(len(labels), codes[:n].astype(np.int64), codes[n:].astype(np.int64))
    keys = np.flatnonzero(links.parent >= 0)
    labels = np.asarray(labels, dtype=object)
    return dict(zip(labels[keys].tolist(), labels[links.parent[keys]].tolist()))


def inside_present(groups: pd.Series, present: set[str], parents: dict[str, str]) -> pd.Series:
    """For each group, whether any ancestor (following counted_in, transitively) is in `present`.

    Walks all groups up one level at a time (vectorised), at most as many levels as there are
    parents, so a cycle in counted_in cannot loop forever.
    """
    labels = pd.Index(
        pd.unique(
            np.concatenate(
                [
                    groups.to_numpy(dtype=object),
                    np.array(list(parents.keys()), dtype=object),
                    np.array(list(parents.values()), dtype=object),
                ]
            )
        )
    )
    links = _Parents(
        len(labels),
        labels.get_indexer(list(parents.keys())),
        labels.get_indexer(list(parents.values())),
    )
    mask = np.zeros(len(labels), dtype=bool)
    mask[labels.get_indexer(list(present))] = True
    inside = links.inside(labels.get_indexer(groups.to_numpy(dtype=object)), mask)
    return pd.Series(inside, index=groups.index)


def plausible_total(figures: pd.DataFrame, parents: dict[str, str] | None = None) -> dict:
    """The total that does not double-count, next to the naive sum of every figure.

    `parents` (from `group_parents` on all figures) lets a group be recognised as inside a
    broader total even through a group that is not in the selection. Raises TallyError when
    stocks and flows are mixed."""
    kinds = [k for k in pd.unique(figures["stock_flow"].to_numpy(dtype=object)) if not pd.isna(k)]
    if len(kinds) > 1:
        raise TallyError("stocks and flows cannot be added together; tally them separately")
    if len(figures) == 0:
        return {
            "lower": 0.0,
            "upper": 0.0,
            "open_upper": False,
            "groups_counted": [],
            "groups_inside_others": [],
            "lower_from": [],
            "upper_from": [],
            "naive_lower": 0.0,
            "naive_upper": 0.0,
            "figures": 0,
        }
    coded = _Coded(figures, parents, stock_flow=False, own_parents=parents is None)
    return _total(coded, np.arange(len(coded.names)), len(figures))


def plausible_totals(
    figures: pd.DataFrame, by, parents: dict[str, str] | None = None
) -> dict[object, dict]:
    """`plausible_total` of each part of `figures`, parts named by `by` (a column name, or one
    label per figure; figures with a missing label are left out). The figures are coded once and
    each part is a slice of the codes, not of the frame: at a million figures, slicing the frame
    per part costs more than the tally. Without `parents`, groups are linked as
    `group_parents(figures)` links them, on the codes. Raises TallyError when a part mixes stocks
    and flows."""
    column = isinstance(by, str)
    labels = figures[by].to_numpy(dtype=object) if column else np.asarray(by, dtype=object)
    if len(labels) != len(figures):
        raise ValueError(f"`by` has {len(labels)} labels for {len(figures)} figures")
    number, values = pd.factorize(labels, sort=True)
    if len(figures) == 0 or not len(values):
        return {}
    # each part is checked for one kind on integer codes, so the groups need no check of their own
    # (parts by stock_flow are one kind each: their codes serve)
    by_kind = column and by == "stock_flow"
    kind = number if by_kind else pd.factorize(figures["stock_flow"].to_numpy(dtype=object))[0]
    coded = _Coded(figures, parents, stock_flow=False, own_parents=parents is None)
    kept = np.flatnonzero(number >= 0)
    small = number[kept].astype(np.int16) if len(values) < 2**15 else number[kept]  # radix sort
    order = kept[np.argsort(small, kind="stable")]  # each part's rows, in frame order
    bounds = np.append(_run_starts(number[order]), len(order))
    totals = {}
    for i, value in enumerate(values.tolist()):
        rows = order[bounds[i] : bounds[i + 1]]
        stated = kind[rows][kind[rows] >= 0]
        if len(stated) and stated.min() != stated.max():
            raise TallyError(
                f"part {value!r}: stocks and flows cannot be added together; tally them separately"
            )
        part = coded.take(rows)
        totals[value] = _total(part, part.global_group, len(rows))
    return totals


def tally_by(
    figures: pd.DataFrame, key: str, parents: dict[str, str] | None = None
) -> pd.DataFrame:
    """Plausible totals per value of `key` (direction, period_id, population_group, claimant,
    ...), per stock/flow: `plausible_totals` over the parts (key value, kind), in sorted order."""
    frame = figures.assign(stock_flow=figures["stock_flow"].fillna("unstated"))
    if len(frame) == 0:
        return pd.DataFrame()
    grouped = frame.groupby([frame[key].fillna("(none)"), "stock_flow"], sort=True)
    totals = plausible_totals(frame, grouped.ngroup().to_numpy(), parents)
    rows = []
    for i, (value, kind) in enumerate(grouped.size().index):
        total = totals[i]
        rows.append(
            {
                key: value,
                "stock_flow": kind,
                "figures": total["figures"],
                "lower": total["lower"],
                "upper": total["upper"],
                "open_upper": total["open_upper"],
                "naive_lower": total["naive_lower"],
                "naive_upper": total["naive_upper"],
                "groups": len(total["groups_counted"]),
            }
        )
    return pd.DataFrame(rows)


def contributors(figures: pd.DataFrame, parents: dict[str, str] | None = None) -> pd.DataFrame:
    """For a plausible total: each group, whether it is counted or already inside another, its range
    and the figures setting each end."""
    groups = group_ranges(figures)
    parents = group_parents(figures) if parents is None else parents
    groups["counted"] = ~inside_present(groups["group"], set(groups["group"].tolist()), parents)
    return groups.sort_values(["counted", "group"], ascending=[False, True]).reset_index(drop=True)


def share_lines(shares: pd.DataFrame) -> list[str]:
    """One readable line per recomputed share, with the stated share where the source gives one."""
    lines = []
    for row in shares.itertuples(index=False):
        stated = (
            ""
            if not isinstance(row.stated, str)
            else f"; stated {row.stated_low_pct:g}-{row.stated_high_pct:g}%"
        )
        lines.append(
            f"{row.share_id}: recomputed "
            f"{row.recomputed_low_pct:g}-{row.recomputed_high_pct:g}%{stated}"
        )
    return lines


def recompute_shares(derived: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """Shares and coverage ratios recomputed from the sources' own numbers, beside the stated share.

    The recomputed range is numerator lower / denominator upper to numerator upper / denominator
    lower."""
    ends = with_ends(figures).set_index("figure_id")
    rows = []
    for row in derived.sort_values("share_id").itertuples(index=False):
        num, den = ends.loc[row.numerator_figure_id], ends.loc[row.denominator_figure_id]
        den_low = den["lower"] if den["lower"] > 0 else den["upper"]
        low = 100.0 * num["lower"] / den["upper"] if den["upper"] else np.nan
        high = 100.0 * num["upper"] / den_low if den_low else np.nan
        stated_low = stated_high = np.nan
        if isinstance(row.stated_figure_id, str):
            stated = ends.loc[row.stated_figure_id]
            stated_low, stated_high = stated["lower"], stated["upper"]
        consistent = bool(
            np.isnan(stated_low) or (stated_low <= high + 0.5 and low - 0.5 <= stated_high)
        )
        rows.append(
            {
                "share_id": row.share_id,
                "kind": row.kind,
                "numerator": row.numerator_figure_id,
                "denominator": row.denominator_figure_id,
                "recomputed_low_pct": round(low, 1),
                "recomputed_high_pct": round(high, 1),
                "stated": row.stated_figure_id if isinstance(row.stated_figure_id, str) else None,
                "stated_low_pct": stated_low,
                "stated_high_pct": stated_high,
                "overlaps_stated": consistent,
            }
        )
    return pd.DataFrame(rows)


def format_range(lower: float, upper: float, open_upper: bool = False) -> str:
    """'300,000-350,000', '60,000 or more', '167,000' for tables and glued prose."""
    if open_upper:
        return f"{lower:,.0f} or more"
    if lower == upper:
        return f"{lower:,.0f}"
    return f"{lower:,.0f}–{upper:,.0f}"


def bottom_up_total(figures: pd.DataFrame, parents: dict[str, str] | None = None) -> dict:
    """The total from the most detailed counts only: groups that no other figure is counted in."""
    parents = group_parents(figures) if parents is None else parents
    broader = set(parents.values())
    groups = figures["overlap_group"].where(figures["overlap_group"].notna(), figures["figure_id"])
    return plausible_total(figures[~groups.isin(broader)], parents)


# ---------------------------------------------------------------- figures


def flow_table(figures: pd.DataFrame, places: pd.DataFrame) -> pd.DataFrame:
    """Origin -> destination flows with coordinates, largest upper end per pair (figures of one
    group counted once)."""
    frame = figures.dropna(subset=["origin_place_id", "destination_place_id"])
    coords = places.set_index("place_id")[["lat", "lon", "name"]]
    rows = []
    for (origin, destination), part in frame.groupby(
        ["origin_place_id", "destination_place_id"], sort=True
    ):
        if origin not in coords.index or destination not in coords.index:
            continue
        o, d = coords.loc[origin], coords.loc[destination]
        if pd.isna(o["lat"]) or pd.isna(d["lat"]):
            continue
        rows.append(
            {
                "origin": origin,
                "destination": destination,
                "origin_name": o["name"],
                "destination_name": d["name"],
                "lat0": o["lat"],
                "lon0": o["lon"],
                "lat1": d["lat"],
                "lon1": d["lon"],
                "lower": part["lower"].min(),
                "upper": part["upper"].max(),
                "figures": "|".join(sorted(part["figure_id"])),
            }
        )
    return pd.DataFrame(rows)


def self_check(figures: pd.DataFrame, parents: dict[str, str] | None = None) -> str:
    """A check a student can run after changing the figures: each kind's plausible total lies
    between its largest group and the naive sum. Raises AssertionError naming the kind that fails.
    """
    parents = group_parents(figures) if parents is None else parents
    for kind in sorted(figures["stock_flow"].dropna().unique()):
        part = figures[figures["stock_flow"] == kind]
        total = plausible_total(part, parents)
        groups = group_ranges(part, members=False)
        if not (total["lower"] <= total["naive_lower"] and total["upper"] <= total["naive_upper"]):
            raise AssertionError(f"{kind}s: the plausible total exceeds the naive sum")
        if not (total["upper"] >= groups["upper"].max() or total["open_upper"]):
            raise AssertionError(f"{kind}s: the plausible total is below its largest group")
    return "self-check passed: every total lies between its largest group and the naive sum"
