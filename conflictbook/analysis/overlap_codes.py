"""The integer-coded engine behind the displacement tallies: overlap groups and their nesting
factorised once, then numpy reductions per group (no string work after coding). Private to
analysis.displacement."""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["TallyError"]


def _ends(figures: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(lower, upper, open_upper) as numpy arrays: the arithmetic of `with_ends`, without a
    frame."""
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

    def __init__(self, frame: pd.DataFrame, parents: dict | None = None, stock_flow: bool = True):
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
        self.group, self.names, linked, size = _sorted_codes(group, np.concatenate([keys, targets]))
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
        # dense renumbering without a sort: a mask over the codes, and its running count
        codes = self.group[rows]
        present = np.zeros(len(self.names), dtype=bool)
        present[codes] = True
        used = np.flatnonzero(present)
        part.group = (np.cumsum(present) - 1)[codes]
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
    and flows."""
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


def _run_starts(sorted_codes: np.ndarray) -> np.ndarray:
    """Index of the first element of each run of equal values in a sorted array."""
    return np.concatenate(([0], np.flatnonzero(np.diff(sorted_codes)) + 1))


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


def _total(coded: _Coded, codes: np.ndarray, n_figures: int) -> dict:
    """plausible_total on coded figures; `codes` are the groups' codes in `coded.links`'
    numbering."""
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


class TallyError(ValueError):
    """Raised when figures cannot be tallied together (mixed stocks and flows, inconsistent
    groups)."""
