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

    def __init__(
        self,
        frame: pd.DataFrame,
        parents: dict | None = None,
        stock_flow: bool = True,
        own_parents: bool = False,
    ):
        """`own_parents`: link groups as `group_parents(frame)` would, on the codes (`parents` is
        then ignored): no labels are hashed a second time, no dict is built."""
        if "lower" in frame:
            self.lower = frame["lower"].to_numpy(dtype=float)
            self.upper = frame["upper"].to_numpy(dtype=float)
            self.open_upper = frame["open_upper"].to_numpy(dtype=bool)
        else:
            self.lower, self.upper, self.open_upper = _ends(frame)
        self.ids = frame["figure_id"].to_numpy(dtype=object)
        overlap = frame["overlap_group"].to_numpy(dtype=object)
        alone = pd.isna(overlap)
        group = overlap.copy()  # a copy and a masked fill: about half the time of np.where
        group[alone] = self.ids[alone]
        # stock_flow=False: the caller has checked that at most one kind is present (and does not
        # need each group's kind)
        self.checked = ("counted_in", "stock_flow") if stock_flow else ("counted_in",)
        self.known = {}  # where each checked column has a value (one isna pass, sliced per part)
        for column in self.checked:
            setattr(self, column, frame[column].to_numpy(dtype=object))
            self.known[column] = ~pd.isna(getattr(self, column))
        if own_parents:  # every figure that names a total, alone in its group or not
            counted_rows = np.flatnonzero(self.known["counted_in"])
            extra = self.counted_in[counted_rows]
        else:
            keys = np.array(list((parents or {}).keys()), dtype=object)
            extra = np.concatenate([keys, np.array(list((parents or {}).values()), dtype=object)])
        self.group, self.names, linked, size = _sorted_codes(group, extra)
        if own_parents:
            grouped = ~alone[counted_rows]  # the pairs group_parents links: named groups only
            self.links = _Parents.from_pairs(
                size, self.group[counted_rows[grouped]], linked[grouped]
            )
            # no group has members counted in two totals: then no part has, and needs no check
            if _one_value_per_key(size, self.group[counted_rows], linked):
                self.checked = tuple(c for c in self.checked if c != "counted_in")
        else:
            self.links = _Parents(size, linked[: len(keys)], linked[len(keys) :])
        self.rows = None  # a part's rows in the whole frame (ids are looked up there)
        self.rank = _id_rank(frame["figure_id"])
        # text ids: rank order is sorted() order, so sorted id lists need no sort of their own
        self.text_ids = self.rank is None or pd.api.types.infer_dtype(self.ids) == "string"

    def take(self, rows: np.ndarray) -> _Coded:
        """The figures at `rows` (increasing positions), with groups renumbered densely."""
        part = object.__new__(_Coded)
        for name in ("lower", "upper", "open_upper", *self.checked):
            setattr(part, name, getattr(self, name)[rows])
        part.ids, part.rows = self.ids, rows  # not copied: only the few ids a total lists are read
        part.checked = self.checked
        part.known = {column: mask[rows] for column, mask in self.known.items()}
        part.links = self.links
        part.text_ids = self.text_ids
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
            and bool(np.all(values[1:] >= values[:-1]))  # not an Index: pandas would convert it
        ):
            return None
    except TypeError:
        pass
    order = np.argsort(values.astype(str), kind="stable")
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return rank


def _smallest_rank(group: np.ndarray, rank: np.ndarray, where: np.ndarray, n_groups: int):
    """Per group, the smallest rank among the members marked `where` (len(rank) where none)."""
    out = np.full(n_groups, len(rank), dtype=np.int64)
    np.minimum.at(out, group[where], rank[where])
    return out


def _ranges(coded: _Coded) -> dict:
    """Per group (in name order): range, the figures setting each end, counted_in and stock_flow.

    Integer and float arrays only, and no sort: per-group reductions by scatter (ufunc.at), ties
    broken by the smallest figure-id rank. Raises TallyError for a group with two counted_in or a
    mix of stocks and flows."""
    n_groups, group = len(coded.names), coded.group
    if coded.rank is None:  # ids in order: a figure's row is its rank
        rank = row_of_rank = np.arange(len(group))
    else:  # a part's ranks are not 0..n-1: made dense (the rows in id order, and their positions)
        row_of_rank = np.argsort(coded.rank)
        rank = np.empty(len(group), dtype=np.int64)
        rank[row_of_rank] = np.arange(len(group))
    values = {c: np.full(n_groups, None, dtype=object) for c in ("counted_in", "stock_flow")}
    for column, problem in (
        ("counted_in", "has members counted in different totals"),
        ("stock_flow", "mixes stocks and flows"),
    ):
        if column not in coded.checked:
            continue
        # each group's first known value (in figure-id order), compared with every known value
        raw, known = getattr(coded, column), coded.known[column]
        if not known.any():
            continue
        head = _smallest_rank(group, rank, known, n_groups)
        has = head < len(rank)
        values[column][has] = raw[row_of_rank[head[has]]]
        differ = np.asarray(raw[known] != values[column][group[known]])
        if differ.any():
            bad = int(group[known][differ].min())
            found = sorted(pd.Series(raw[known][group[known] == bad], dtype=object).unique())
            raise TallyError(
                f"overlap group {coded.names[bad]!r} {problem}: {found}; "
                "split it or fix the figures"
            )
    # lowest lower end per group (ties: smallest figure id; no known end: the first member)
    low_end = np.full(n_groups, np.nan)
    np.fmin.at(low_end, group, coded.lower)
    low_hit = (coded.lower == low_end[group]) | np.isnan(low_end[group])
    first = row_of_rank[_smallest_rank(group, rank, low_hit, n_groups)]
    # highest upper end per group, an open-ended figure first on a tie (ties: smallest figure
    # id); the group is open-ended if any member is: "more than 1,000" leaves room above another
    # member's 2,000
    high_end = np.full(n_groups, np.nan)
    np.fmax.at(high_end, group, coded.upper)
    hit = (coded.upper == high_end[group]) | np.isnan(high_end[group])
    score = hit.astype(np.int8) + (hit & coded.open_upper)
    best = np.zeros(n_groups, dtype=np.int8)
    np.maximum.at(best, group, score)
    top = row_of_rank[_smallest_rank(group, rank, score == best[group], n_groups)]
    figures = np.bincount(group, minlength=n_groups)
    return {
        "counted_in": values["counted_in"],
        "stock_flow": values["stock_flow"],
        "figures": figures,
        "lower": coded.lower[first],
        "upper": coded.upper[top],
        "open_upper": np.bincount(group, weights=coded.open_upper, minlength=n_groups) > 0,
        "first": first,
        "top": top,
    }


def _one_value_per_key(size: int, keys: np.ndarray, values: np.ndarray) -> bool:
    """Whether every key code (< size) comes with one value code only, however often."""
    if not len(keys):
        return True
    lowest, highest = np.full(size, size, dtype=np.int64), np.full(size, -1, dtype=np.int64)
    np.minimum.at(lowest, keys, values)
    np.maximum.at(highest, keys, values)
    return bool((lowest[keys] == highest[keys]).all())


def _run_starts(sorted_codes: np.ndarray) -> np.ndarray:
    """Index of the first element of each run of equal values in a sorted array."""
    return np.concatenate(([0], np.flatnonzero(np.diff(sorted_codes)) + 1))


class _Parents:
    """counted_in links as integer codes: parent[code] is the code of the group it is counted in."""

    def __init__(self, size: int, key_codes: np.ndarray, target_codes: np.ndarray):
        self.size = size
        self.parent = np.full(size, -1, dtype=np.int64)
        self.parent[key_codes] = target_codes

    @classmethod
    def from_pairs(cls, size: int, keys: np.ndarray, targets: np.ndarray) -> _Parents:
        """Each group's parent from one (group, counted_in) pair per figure, as codes: of a
        group's distinct pairs, the one that first appears last wins (as in a dict built from the
        pairs in order of first appearance). `group_parents` and the tallies' own links both
        follow this one rule."""
        links = cls(size, np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64))
        if _one_value_per_key(size, keys, targets):  # the usual case: one counted_in per group
            links.parent[keys] = targets
            return links
        _, first = np.unique(keys * np.int64(size) + targets, return_index=True)
        order = first[np.lexsort((first, keys[first]))]  # by group, then by first appearance
        last = np.append(np.flatnonzero(np.diff(keys[order])), len(order) - 1)
        links.parent[keys[order[last]]] = targets[order[last]]
        return links

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
        "groups_counted": names[counted].tolist(),  # names are sorted: so is any selection
        "groups_inside_others": names[~counted].tolist(),
        "lower_from": _sorted_ids(coded, ranges["first"][counted]),
        "upper_from": _sorted_ids(coded, ranges["top"][counted]),
        "naive_lower": float(pd.Series(coded.lower).sum()),
        "naive_upper": float(pd.Series(coded.upper).sum()),
        "figures": int(n_figures),
    }


def _sorted_ids(coded: _Coded, rows: np.ndarray) -> list:
    """The ids of the figures at `rows` (distinct), sorted (on integer ranks: text ids are then in
    order; ids in order need only a mask over the rows, no sort)."""
    if coded.rank is None:
        chosen = np.zeros(len(coded.lower), dtype=bool)
        chosen[rows] = True
        rows = np.flatnonzero(chosen)
    else:
        rows = rows[np.argsort(coded.rank[rows])]
    ids = coded.ids[rows if coded.rows is None else coded.rows[rows]].tolist()
    return ids if coded.text_ids else sorted(ids)


class TallyError(ValueError):
    """Raised when figures cannot be tallied together (mixed stocks and flows, inconsistent
    groups)."""
