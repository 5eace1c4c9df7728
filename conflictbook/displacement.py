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
    frame = figures[figures["measure"].isin(DISPLACEMENT_MEASURES) & (figures["unit"] == "people")].copy()
    frame = with_ends(frame)
    names = {} if places is None else dict(zip(places["place_id"], places["name"]))
    origin = frame["origin_place_id"].map(lambda p: names.get(p, p) if isinstance(p, str) else "unstated origin")
    destination = frame["destination_place_id"].map(lambda p: names.get(p, p) if isinstance(p, str) else "unstated destination")
    frame["direction"] = origin + " → " + destination
    return frame.sort_values(["direction", "date_start", "figure_id"], kind="stable").reset_index(drop=True)


def with_ends(figures: pd.DataFrame) -> pd.DataFrame:
    """Add `lower`, `upper` and `open_upper` columns following the rules in the module docstring."""
    frame = figures.copy()
    low, best, high = (frame[c].astype("float64") for c in ("low", "best", "high"))
    frame["lower"] = low.fillna(best)
    upper = high.fillna(best)
    frame["open_upper"] = upper.isna() & frame["lower"].notna()
    frame["upper"] = upper.fillna(frame["lower"])
    frame["lower"] = frame["lower"].fillna(0.0)  # "up to X" / "less than X": nothing is known below X
    return frame


def group_ranges(figures: pd.DataFrame) -> pd.DataFrame:
    """One row per overlap group: its range and which figures set its lower and upper end.

    A figure without an overlap_group is its own group (named after the figure).
    """
    frame = figures if "lower" in figures else with_ends(figures)
    frame = frame.assign(group=frame["overlap_group"].where(frame["overlap_group"].notna(), frame["figure_id"]))
    rows = []
    for group, members in frame.groupby("group", sort=True):
        parents = set(members["counted_in"].dropna())
        if len(parents) > 1:
            raise TallyError(f"overlap group {group!r} has members counted in different totals: {sorted(parents)}")
        kinds = set(members["stock_flow"].dropna())
        if len(kinds) > 1:
            raise TallyError(f"overlap group {group!r} mixes stocks and flows ({sorted(kinds)}); split it")
        low_row = members.sort_values(["lower", "figure_id"]).iloc[0]
        high_row = members.sort_values(["upper", "figure_id"], ascending=[False, True]).iloc[0]
        rows.append({"group": group, "counted_in": next(iter(parents), None),
                     "stock_flow": next(iter(kinds), None), "figures": len(members),
                     "lower": float(low_row["lower"]), "upper": float(high_row["upper"]),
                     "open_upper": bool(high_row["open_upper"]),
                     "lower_from": low_row["figure_id"], "upper_from": high_row["figure_id"],
                     "members": "|".join(sorted(members["figure_id"]))})
    return pd.DataFrame(rows, columns=["group", "counted_in", "stock_flow", "figures", "lower", "upper", "open_upper",
                                       "lower_from", "upper_from", "members"])


def plausible_total(figures: pd.DataFrame) -> dict:
    """The total that does not double-count, next to the naive sum of every figure.

    Raises TallyError when the selection mixes stocks and flows.
    """
    kinds = set(figures["stock_flow"].dropna())
    if len(kinds) > 1:
        raise TallyError("stocks and flows cannot be added together; tally them separately")
    groups = group_ranges(figures)
    present = set(groups["group"])
    top = groups[~groups["counted_in"].isin(present)]
    ends = figures if "lower" in figures else with_ends(figures)
    return {
        "lower": float(top["lower"].sum()), "upper": float(top["upper"].sum()),
        "open_upper": bool(top["open_upper"].any()),
        "groups_counted": sorted(top["group"]), "groups_inside_others": sorted(set(groups["group"]) - set(top["group"])),
        "lower_from": sorted(top["lower_from"]), "upper_from": sorted(top["upper_from"]),
        "naive_lower": float(ends["lower"].sum()), "naive_upper": float(ends["upper"].sum()),
        "figures": int(len(figures)),
    }


def tally_by(figures: pd.DataFrame, key: str) -> pd.DataFrame:
    """Plausible totals per value of `key` (direction, period_id, population_group, claimant, ...), per stock/flow."""
    rows = []
    frame = figures.assign(stock_flow=figures["stock_flow"].fillna("unstated"))
    for (value, kind), part in frame.groupby([frame[key].fillna("(none)"), "stock_flow"], sort=True):
        total = plausible_total(part.assign(stock_flow=kind))
        rows.append({key: value, "stock_flow": kind, "figures": total["figures"], "lower": total["lower"],
                     "upper": total["upper"], "open_upper": total["open_upper"],
                     "naive_lower": total["naive_lower"], "naive_upper": total["naive_upper"],
                     "groups": len(total["groups_counted"])})
    return pd.DataFrame(rows)


def contributors(figures: pd.DataFrame) -> pd.DataFrame:
    """For a plausible total: each counted group, its range and the figures setting each end."""
    groups = group_ranges(figures)
    present = set(groups["group"])
    groups["counted"] = ~groups["counted_in"].isin(present)
    return groups.sort_values(["counted", "group"], ascending=[False, True]).reset_index(drop=True)


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
        consistent = bool(np.isnan(stated_low) or (stated_low <= high + 0.5 and low - 0.5 <= stated_high))
        rows.append({"share_id": row.share_id, "kind": row.kind, "numerator": row.numerator_figure_id,
                     "denominator": row.denominator_figure_id, "recomputed_low_pct": round(low, 1),
                     "recomputed_high_pct": round(high, 1), "stated": row.stated_figure_id if isinstance(row.stated_figure_id, str) else None,
                     "stated_low_pct": stated_low, "stated_high_pct": stated_high, "overlaps_stated": consistent})
    return pd.DataFrame(rows)


def format_range(lower: float, upper: float, open_upper: bool = False) -> str:
    """'300,000-350,000', '60,000 or more', '167,000' for tables and glued prose."""
    if open_upper:
        return f"{lower:,.0f} or more"
    if lower == upper:
        return f"{lower:,.0f}"
    return f"{lower:,.0f}–{upper:,.0f}"
