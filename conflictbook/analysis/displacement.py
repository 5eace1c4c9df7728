"""Displacement tallies (chapter 3): ranges, never single numbers; overlapping counts counted once.

The rules, each unit-tested:
- a figure's lower end is its `low` (or `best`), its upper end its `high` (or `best`, or, for an open
  "more than X", its `low`, flagged as open-ended);
- figures sharing an `overlap_group` are alternative counts of the same people: the group spans the
  lowest lower end to the highest upper end of its members, and is counted once;
- a group whose members are `counted_in` another group present in the same selection is already inside
  that broader total and is not added again;
- stocks (people displaced at a date) and flows (displacements over a period) are never added together.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

DISPLACEMENT_MEASURES = ("displaced", "refugees")


class TallyError(ValueError):
    """Raised when figures cannot be tallied together (mixed stocks and flows, inconsistent groups)."""


def displacement_figures(figures: pd.DataFrame, places: pd.DataFrame | None = None) -> pd.DataFrame:
    """Displacement figures counted in people, with their lower and upper ends and a direction label."""
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
    frame = figures.copy()
    low, best, high = (frame[c].astype("float64") for c in ("low", "best", "high"))
    frame["lower"] = low.fillna(best)
    upper = high.fillna(best)
    frame["open_upper"] = upper.isna() & frame["lower"].notna()
    frame["upper"] = upper.fillna(frame["lower"])
    frame["lower"] = frame["lower"].fillna(
        0.0
    )  # "up to X" / "less than X": nothing is known below X
    return frame


def group_ranges(figures: pd.DataFrame, members: bool = True) -> pd.DataFrame:
    """One row per overlap group: its range and which figures set its lower and upper end.

    A figure without an overlap_group is its own group (named after the figure). Vectorised on integer
    codes (numpy lexsort), so a million figures take about a second; `members=False` skips listing each
    group's figure ids, the one step that is per group in Python.
    """
    frame = figures if "lower" in figures else with_ends(figures)
    group = (
        frame["overlap_group"]
        .where(frame["overlap_group"].notna(), frame["figure_id"])
        .to_numpy(dtype=object)
    )
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
    if len(frame) == 0:
        return pd.DataFrame(columns=columns)
    # sorting fixed-width unicode arrays runs in C: several times faster than sorting Python strings
    names, codes = np.unique(group.astype(str), return_inverse=True)
    names = names.astype(object)
    id_order = np.argsort(frame["figure_id"].to_numpy(dtype=object).astype(str), kind="stable")
    fid_rank = np.empty(len(id_order), dtype=np.int64)
    fid_rank[id_order] = np.arange(len(id_order))
    keyed = pd.DataFrame(
        {
            "code": codes,
            "counted_in": frame["counted_in"].to_numpy(dtype=object),
            "stock_flow": frame["stock_flow"].to_numpy(dtype=object),
        }
    )
    by_code = keyed.groupby("code", sort=True)
    for column, problem in (
        ("counted_in", "has members counted in different totals"),
        ("stock_flow", "mixes stocks and flows"),
    ):
        distinct = by_code[column].nunique()
        if (distinct > 1).any():
            bad = names[distinct[distinct > 1].index[0]]
            found = sorted(
                pd.Series(keyed.loc[codes == distinct[distinct > 1].index[0], column])
                .dropna()
                .unique()
            )
            raise TallyError(
                f"overlap group {bad!r} {problem}: {found}; split it or fix the figures"
            )
    lower = frame["lower"].to_numpy(dtype=float)
    upper = frame["upper"].to_numpy(dtype=float)
    open_upper = frame["open_upper"].to_numpy(dtype=bool)
    ids = frame["figure_id"].to_numpy(dtype=object)
    # lowest lower end per group (ties: smallest figure id)
    order = np.lexsort((fid_rank, lower, codes))
    first = order[_run_starts(codes[order])]
    # highest upper end per group, an open-ended figure first on a tie (ties: smallest figure id); the
    # group is open-ended if any member is: "more than 1,000" leaves room above another member's 2,000
    order = np.lexsort((fid_rank, ~open_upper, -upper, codes))
    top = order[_run_starts(codes[order])]
    out = pd.DataFrame(
        {
            "group": names,
            "counted_in": by_code["counted_in"].first().to_numpy(dtype=object),
            "stock_flow": by_code["stock_flow"].first().to_numpy(dtype=object),
            "figures": np.bincount(codes, minlength=len(names)),
            "lower": lower[first],
            "upper": upper[top],
            "open_upper": np.bincount(codes, weights=open_upper, minlength=len(names)) > 0,
            "lower_from": ids[first],
            "upper_from": ids[top],
        }
    )
    if members:
        order = np.lexsort((fid_rank, codes))
        listed = pd.Series(ids[order]).groupby(codes[order], sort=True).agg("|".join)
        out["members"] = listed.to_numpy(dtype=object)
    else:
        out["members"] = None
    out["counted_in"] = out["counted_in"].where(out["counted_in"].notna(), None)
    return out[columns]


def _run_starts(sorted_codes: np.ndarray) -> np.ndarray:
    """Index of the first element of each run of equal values in a sorted array."""
    return np.concatenate(([0], np.flatnonzero(np.diff(sorted_codes)) + 1))


def group_parents(figures: pd.DataFrame) -> dict[str, str]:
    """overlap_group -> the group it is counted in, from every figure given (use all figures, not a selection)."""
    mask = figures["overlap_group"].notna() & figures["counted_in"].notna()
    pairs = figures.loc[mask, ["overlap_group", "counted_in"]].drop_duplicates()
    return dict(
        zip(
            pairs["overlap_group"].to_numpy(dtype=object).tolist(),
            pairs["counted_in"].to_numpy(dtype=object).tolist(),
        )
    )


def inside_present(groups: pd.Series, present: set[str], parents: dict[str, str]) -> pd.Series:
    """For each group, whether any ancestor (following counted_in, transitively) is in `present`.

    Walks all groups up one level at a time (vectorised), at most as many levels as there are parents,
    so a cycle in counted_in cannot loop forever.
    """
    keys = list(parents.keys())
    labels = pd.Index(
        pd.unique(
            np.concatenate(
                [
                    groups.to_numpy(dtype=object),
                    np.array(keys, dtype=object),
                    np.array(list(parents.values()), dtype=object),
                ]
            )
        )
    )
    parent_code = np.full(len(labels), -1, dtype=np.int64)
    if keys:
        parent_code[labels.get_indexer(keys)] = labels.get_indexer(list(parents.values()))
    present_mask = np.zeros(len(labels), dtype=bool)
    present_mask[labels.get_indexer(list(present))] = True
    current = parent_code[labels.get_indexer(groups.to_numpy(dtype=object))]
    inside = np.zeros(len(groups), dtype=bool)
    for _ in range(len(labels) + 1):  # integer codes, one level per step
        alive = current >= 0
        if not alive.any():
            break
        inside[alive] |= present_mask[current[alive]]
        current = np.where(alive, parent_code[np.maximum(current, 0)], -1)
    return pd.Series(inside, index=groups.index)


def plausible_total(figures: pd.DataFrame, parents: dict[str, str] | None = None) -> dict:
    """The total that does not double-count, next to the naive sum of every figure.

    `parents` (from `group_parents` on all figures) lets a group be recognised as inside a broader total
    even through a group that is not in the selection. Raises TallyError when stocks and flows are mixed.
    """
    kinds = set(figures["stock_flow"].dropna().unique().tolist())
    if len(kinds) > 1:
        raise TallyError("stocks and flows cannot be added together; tally them separately")
    ends = figures if "lower" in figures else with_ends(figures)  # once: group_ranges reuses it
    groups = group_ranges(ends, members=False)
    parents = group_parents(figures) if parents is None else parents
    names = groups["group"]
    counted = ~inside_present(names, set(names.tolist()), parents)
    top = groups[counted]
    return {
        "lower": float(top["lower"].sum()),
        "upper": float(top["upper"].sum()),
        "open_upper": bool(top["open_upper"].any()),
        "groups_counted": sorted(top["group"].tolist()),
        "groups_inside_others": sorted(names[~counted].tolist()),
        "lower_from": sorted(top["lower_from"].tolist()),
        "upper_from": sorted(top["upper_from"].tolist()),
        "naive_lower": float(ends["lower"].sum()),
        "naive_upper": float(ends["upper"].sum()),
        "figures": int(len(figures)),
    }


def tally_by(
    figures: pd.DataFrame, key: str, parents: dict[str, str] | None = None
) -> pd.DataFrame:
    """Plausible totals per value of `key` (direction, period_id, population_group, claimant, ...), per stock/flow."""
    rows = []
    parents = parents if parents is not None else group_parents(figures)
    frame = figures.assign(stock_flow=figures["stock_flow"].fillna("unstated"))
    for (value, kind), part in frame.groupby(
        [frame[key].fillna("(none)"), "stock_flow"], sort=True
    ):
        total = plausible_total(part.assign(stock_flow=kind), parents)
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
    """For a plausible total: each group, whether it is counted or already inside another, its range and the
    figures setting each end."""
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
            f"{row.share_id}: recomputed {row.recomputed_low_pct:g}-{row.recomputed_high_pct:g}%{stated}"
        )
    return lines


def recompute_shares(derived: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """Shares and coverage ratios recomputed from the sources' own numbers, beside the stated share.

    The recomputed range is numerator lower / denominator upper to numerator upper / denominator lower.
    """
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
    """Origin -> destination flows with coordinates, largest upper end per pair (figures of one group counted once)."""
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
    """A check a student can run after changing the figures: each kind's plausible total lies between its
    largest group and the naive sum. Raises AssertionError naming the kind that fails."""
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
