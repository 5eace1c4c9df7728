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

DISPLACEMENT_MEASURES = ("displaced", "refugees")


class TallyError(ValueError):
    """Raised when figures cannot be tallied together (mixed stocks and flows, inconsistent groups).
    """


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


def _ends(figures: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(lower, upper, open_upper) as numpy arrays: the arithmetic of `with_ends`, without a frame.
    """
    low, best, high = (figures[c].astype("float64").to_numpy() for c in ("low", "best", "high"))
    lower = np.where(np.isnan(low), best, low)
    upper = np.where(np.isnan(high), best, high)
    open_upper = np.isnan(upper) & ~np.isnan(lower)
    upper = np.where(np.isnan(upper), lower, upper)
    # "up to X" / "less than X": nothing is known below X
    lower = np.where(np.isnan(lower), 0.0, lower)
    return lower, upper, open_upper


class _Coded:
    """A frame of figures as integer codes, computed once (the only string work of a tally).

    group: each figure's overlap group (or its own id) as a code into `names`, which is sorted, so
    code order is name order; rank: each figure's position among the figure ids sorted (None when
    the ids are already in order, so that a stable sort on position breaks ties by id); counted_in
    and stock_flow as codes (-1 for missing) into their uniques.
    """

    def __init__(
        self, frame: pd.DataFrame, parents: dict | None = None, stock_flow: bool = True
    ):
        if "lower" in frame:
            self.lower = frame["lower"].to_numpy(dtype=float)
            self.upper = frame["upper"].to_numpy(dtype=float)
            self.open_upper = frame["open_upper"].to_numpy(dtype=bool)
        else:
            self.lower, self.upper, self.open_upper = _ends(frame)
        self.ids = frame["figure_id"].to_numpy(dtype=object)
        overlap = frame["overlap_group"].to_numpy(dtype=object)
        group = np.where(pd.isna(overlap), self.ids, overlap)
        keys = np.array(list((parents or {}).keys()), dtype=object)
        targets = np.array(list((parents or {}).values()), dtype=object)
        self.group, self.names, linked, size = _sorted_codes(
            group, np.concatenate([keys, targets])
        )
        self.links = _Parents(size, linked[: len(keys)], linked[len(keys) :])
        self.rank = _id_rank(frame["figure_id"])
        # stock_flow=False: the caller has checked that at most one kind is present (and does not
        # need each group's kind)
        self.checked = ("counted_in", "stock_flow") if stock_flow else ("counted_in",)
        for column in self.checked:
            setattr(self, column, frame[column].to_numpy(dtype=object))

    def take(self, rows: np.ndarray) -> _Coded:
        """The figures at `rows` (increasing positions), with groups renumbered densely."""
        part = object.__new__(_Coded)
        for name in ("lower", "upper", "open_upper", "ids", *self.checked):
            setattr(part, name, getattr(self, name)[rows])
        part.checked = self.checked
        part.links = self.links
        used, part.group = np.unique(self.group[rows], return_inverse=True)
        part.names = self.names[used]
        part.global_group = used  # this part's group codes in the whole frame's numbering
        part.rank = None if self.rank is None else self.rank[rows]
        return part


def _sorted_codes(
    values: np.ndarray, extra: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """(codes, names, extra_codes, size): names are the distinct values sorted as np.unique sorts
    them, codes index into names; `extra` labels (counted_in links) get the code of the name they
    equal, or a code >= len(names) of their own; size is the number of labels in all.

    One hash pass (pandas factorize) over values and extra labels together, then one sort of the
    distinct names; NaN or non-text values fall back to np.unique on their text.
    """
    n = len(values)
    codes, uniques = pd.factorize(np.concatenate([values, extra]))
    uniques = np.asarray(uniques, dtype=object)
    # values come first, so their codes are 0..n_names-1
    n_names = int(codes[:n].max()) + 1 if n else 0
    if n and ((codes[:n] < 0).any() or pd.api.types.infer_dtype(uniques[:n_names]) != "string"):
        names, codes = np.unique(values.astype(str), return_inverse=True)  # NaN or non-text ids
        names = names.astype(object)
        index = pd.Index(names)
        linked = index.get_indexer(extra) if len(extra) else np.empty(0, dtype=np.int64)
        absent = pd.Index(pd.unique(extra[linked < 0]))
        linked[linked < 0] = len(names) + absent.get_indexer(extra[linked < 0])
        return codes.astype(np.int64), names, linked, len(names) + len(absent)
    listed = uniques[:n_names].tolist()
    perm = np.array(sorted(range(n_names), key=listed.__getitem__), dtype=np.int64)
    relabel = np.arange(len(uniques), dtype=np.int64)
    relabel[perm] = np.arange(n_names)
    return relabel[codes[:n]], uniques[perm], relabel[codes[n:]], len(uniques)


def _id_rank(ids: pd.Series) -> np.ndarray | None:
    """Each figure's rank among the ids sorted as text; None when they already are in order."""
    values = ids.to_numpy(dtype=object)
    try:
        if (
            pd.api.types.infer_dtype(values, skipna=False) == "string"
            and pd.Index(values).is_monotonic_increasing
        ):
            return None
    except TypeError:
        pass
    order = np.argsort(values.astype(str), kind="stable")
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return rank


def _first_where(hit: np.ndarray, run: np.ndarray) -> np.ndarray:
    """Position (in the sorted order) of the first hit of each run; every run has one."""
    hits = np.flatnonzero(hit)
    return hits[_run_starts(run[hits])]


def _ranges(coded: _Coded) -> dict:
    """Per group (in name order): range, the figures setting each end, counted_in and stock_flow.

    Integer and float arrays only: one stable sort of the group codes (ties in figure-id order),
    then per-run reductions. Raises TallyError for a group with two counted_in or a mix of stocks
    and flows.
    """
    n_groups = len(coded.names)
    # by group, then figure id: one sort of a unique integer key (group * m + rank) is several
    # times faster than a stable sort or a lexsort
    rank = np.arange(len(coded.group)) if coded.rank is None else coded.rank
    m = int(rank.max()) + 1 if len(rank) else 1
    order = np.argsort(coded.group * m + rank)
    run = coded.group[order]
    starts = _run_starts(run)
    values = {"stock_flow": np.full(n_groups, None, dtype=object)}
    for column, problem in (
        ("counted_in", "has members counted in different totals"),
        ("stock_flow", "mixes stocks and flows"),
    ):
        if column not in coded.checked:
            continue
        # each group's first known value, compared with every known value of the group
        raw = getattr(coded, column)[order]
        known = ~pd.isna(raw)
        seen, seen_run = raw[known], run[known]
        values[column] = np.full(n_groups, None, dtype=object)
        if not len(seen):
            continue
        heads = _run_starts(seen_run)
        first_seen = seen[heads]
        differ = np.asarray(seen != np.repeat(first_seen, np.diff(np.append(heads, len(seen)))))
        if differ.any():
            bad = int(seen_run[differ].min())
            found = sorted(pd.Series(seen[seen_run == bad], dtype=object).unique())
            raise TallyError(
                f"overlap group {coded.names[bad]!r} {problem}: {found}; "
                "split it or fix the figures"
            )
        values[column][seen_run[heads]] = first_seen
    # lowest lower end per group (ties: smallest figure id)
    lower = coded.lower[order]
    low_end = np.fmin.reduceat(lower, starts)[run]
    first = order[_first_where((lower == low_end) | np.isnan(low_end), run)]
    # highest upper end per group, an open-ended figure first on a tie (ties: smallest figure
    # id); the group is open-ended if any member is: "more than 1,000" leaves room above another
    # member's 2,000
    upper = coded.upper[order]
    is_open = coded.open_upper[order]
    high_end = np.fmax.reduceat(upper, starts)[run]
    hit = (upper == high_end) | np.isnan(high_end)
    score = hit.astype(np.int8) + (hit & is_open)
    top = order[_first_where(score == np.maximum.reduceat(score, starts)[run], run)]
    return {
        "order": order,
        "run": run,
        "counted_in": values["counted_in"],
        "stock_flow": values["stock_flow"],
        "figures": np.diff(np.append(starts, len(run))),
        "lower": coded.lower[first],
        "upper": coded.upper[top],
        "open_upper": np.maximum.reduceat(is_open, starts).astype(bool),
        "first": first,
        "top": top,
    }


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
        listed = (
            pd.Series(coded.ids[ranges["order"]]).groupby(ranges["run"], sort=True).agg("|".join)
        )
        out["members"] = listed.to_numpy(dtype=object)
    else:
        out["members"] = None
    out["counted_in"] = out["counted_in"].where(out["counted_in"].notna(), None)
    return out[columns]


def _run_starts(sorted_codes: np.ndarray) -> np.ndarray:
    """Index of the first element of each run of equal values in a sorted array."""
    return np.concatenate(([0], np.flatnonzero(np.diff(sorted_codes)) + 1))


def group_parents(figures: pd.DataFrame) -> dict[str, str]:
    """overlap_group -> the group it is counted in, from every figure given (use all figures, not a
    selection)."""
    values = figures["counted_in"].to_numpy(dtype=object)
    linked = ~pd.isna(values)
    keys, values = figures["overlap_group"].to_numpy(dtype=object)[linked], values[linked]
    grouped = ~pd.isna(keys)
    keys, values = keys[grouped], values[grouped]
    # distinct (group, parent) pairs in order of first appearance (as drop_duplicates), on codes
    key_code, _ = pd.factorize(keys)
    value_code, value_uniques = pd.factorize(values)
    pair = key_code.astype(np.int64) * max(len(value_uniques), 1) + value_code
    _, first = np.unique(pair, return_index=True)
    first.sort()
    return dict(zip(keys[first].tolist(), values[first].tolist()))


class _Parents:
    """counted_in links as integer codes: parent[code] is the code of the group it is counted in."""

    def __init__(self, size: int, key_codes: np.ndarray, target_codes: np.ndarray):
        self.size = size
        self.parent = np.full(size, -1, dtype=np.int64)
        self.parent[key_codes] = target_codes

    def inside(self, groups: np.ndarray, present: np.ndarray) -> np.ndarray:
        """For each group code, whether an ancestor is present (a boolean mask over all codes)."""
        current = self.parent[groups]
        inside = np.zeros(len(groups), dtype=bool)
        for _ in range(self.size + 1):  # integer codes, one level per step: a cycle cannot loop
            alive = current >= 0
            if not alive.any():
                break
            inside[alive] |= present[current[alive]]
            current = np.where(alive, self.parent[np.maximum(current, 0)], -1)
        return inside


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


def _total(coded: _Coded, codes: np.ndarray, n_figures: int) -> dict:
    """plausible_total on coded figures; `codes` are the groups' codes in `coded.links`' numbering.
    """
    ranges = _ranges(coded)
    present = np.zeros(coded.links.size, dtype=bool)
    present[codes] = True
    counted = ~coded.links.inside(codes, present)
    names = coded.names
    return {
        "lower": float(pd.Series(ranges["lower"][counted]).sum()),
        "upper": float(pd.Series(ranges["upper"][counted]).sum()),
        "open_upper": bool(ranges["open_upper"][counted].any()),
        "groups_counted": sorted(names[counted].tolist()),
        "groups_inside_others": sorted(names[~counted].tolist()),
        "lower_from": _sorted_ids(coded, ranges["first"][counted]),
        "upper_from": _sorted_ids(coded, ranges["top"][counted]),
        "naive_lower": float(pd.Series(coded.lower).sum()),
        "naive_upper": float(pd.Series(coded.upper).sum()),
        "figures": int(n_figures),
    }


def _sorted_ids(coded: _Coded, rows: np.ndarray) -> list:
    """The ids of the figures at `rows`, sorted (on integer ranks, then a check pass)."""
    rows = np.sort(rows) if coded.rank is None else rows[np.argsort(coded.rank[rows])]
    return sorted(coded.ids[rows].tolist())  # already in order: one linear pass


def plausible_total(figures: pd.DataFrame, parents: dict[str, str] | None = None) -> dict:
    """The total that does not double-count, next to the naive sum of every figure.

    `parents` (from `group_parents` on all figures) lets a group be recognised as inside a broader
    total even through a group that is not in the selection. Raises TallyError when stocks and flows
    are mixed.
    """
    kinds = [k for k in pd.unique(figures["stock_flow"].to_numpy(dtype=object)) if not pd.isna(k)]
    if len(kinds) > 1:
        raise TallyError("stocks and flows cannot be added together; tally them separately")
    parents = group_parents(figures) if parents is None else parents
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
    coded = _Coded(figures, parents, stock_flow=False)
    return _total(coded, np.arange(len(coded.names)), len(figures))


def tally_by(
    figures: pd.DataFrame, key: str, parents: dict[str, str] | None = None
) -> pd.DataFrame:
    """Plausible totals per value of `key` (direction, period_id, population_group, claimant, ...),
    per stock/flow. The figures are coded once (groups, ids, ends); each part is a slice of those
    codes."""
    rows = []
    parents = parents if parents is not None else group_parents(figures)
    kind_of = figures["stock_flow"].fillna("unstated")
    frame = figures.assign(stock_flow=kind_of)
    if len(frame) == 0:
        return pd.DataFrame(rows)
    coded = _Coded(frame, parents)
    grouped = frame.groupby([frame[key].fillna("(none)"), "stock_flow"], sort=True)
    number = grouped.ngroup().to_numpy()
    order = np.argsort(number, kind="stable")  # each part's rows, in frame order
    bounds = np.append(_run_starts(number[order]), len(order))
    for i, (value, kind) in enumerate(grouped.size().index):
        part = order[bounds[i] : bounds[i + 1]]
        sub = coded.take(part)
        total = _total(sub, sub.global_group, len(part))
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
    lower.
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
