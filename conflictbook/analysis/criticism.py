"""Reading the sources critically (chapter 5): checks, verdicts, reliability, spellings, figures.

Nothing here changes what a source says: checks sit beside the facts, and chapters mark the facts
that a check contradicts or qualifies (`annotate_with_checks`). Verdicts and their order come from
the rubric (verdicts.csv), reference kinds from reference_kinds.csv, sources from sources.csv.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import pandas as pd

from ..data.loaders import load_report, load_table
from .coverage import section_of

__all__ = [
    "FLAGGED",
    "Share",
    "wilson_interval",
    "file_order",
    "in_file_order",
    "verdict_order",
    "verdict_labels",
    "checks_table",
    "verdict_counts",
    "reliability",
    "share_of",
    "references_by_kind",
    "unverified_since",
    "name_normalisation",
    "disputed_figures",
    "check_marks",
    "annotate_with_checks",
    "perspectives",
]

FLAGGED = ("differs", "contradicted")

# a claim that reports an official's words: 'said' and a quoted passage
_QUOTES_WORDS = re.compile(r"\b(?:said|says|stated|declared)\b.*['‘“\"]", re.IGNORECASE)


@dataclass(frozen=True)
class Share:
    """k of n checks with one verdict, the share k/n and its Wilson score interval (95 %)."""

    source_id: str
    verdict: str
    count: int
    total: int
    share: float
    lower: float
    upper: float

    def percent(self) -> str:
        """'50 % (95 % interval 35–65 %, 4 of 8 checks)'."""
        return (
            f"{100 * self.share:.0f} % (95 % interval {100 * self.lower:.0f}–"
            f"{100 * self.upper:.0f} %, {self.count} of {self.total} checks)"
        )


def wilson_interval(count: int, total: int, z: float = 1.959964) -> tuple[float, float]:
    """Wilson score interval for a proportion count/total (Wilson 1927); (0, 1) when total is 0.

    Unlike the normal approximation it stays inside [0, 1] and is honest for small counts and for
    shares near 0 or 1, which is what a few dozen checks per source give.
    """
    if total <= 0:
        return 0.0, 1.0
    if not 0 <= count <= total:
        raise ValueError(f"count {count} is not between 0 and total {total}")
    p = count / total
    denom = 1 + z * z / total
    centre = (p + z * z / (2 * total)) / denom
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / denom
    lower = 0.0 if count == 0 else max(0.0, centre - half)
    upper = 1.0 if count == total else min(1.0, centre + half)
    return lower, upper


def file_order(table: str, key: str, data_dir=None) -> list:
    """The keys of a table in the order of its file's rows (the loaders sort by primary key; a
    codebook's order, such as the rubric's or sources.csv's, is the order of its rows)."""
    return [row[key] for row in load_report(data_dir).tables[table].rows]


def in_file_order(frame: pd.DataFrame, table: str, key: str, data_dir=None) -> pd.DataFrame:
    """`frame` (rows of `table`) sorted in its file's row order; keys not in the file go last."""
    rank = {k: i for i, k in enumerate(file_order(table, key, data_dir))}
    ranked = frame.assign(_rank=frame[key].map(rank).fillna(len(rank)))
    return ranked.sort_values("_rank", kind="stable").drop(columns="_rank").reset_index(drop=True)


def verdict_order(verdicts: pd.DataFrame | None = None) -> list[str]:
    """The verdicts in the rubric's order: verdicts.csv's rows, or the rows of `verdicts` given."""
    if verdicts is None:
        return file_order("verdicts", "verdict")
    return list(verdicts["verdict"])


def verdict_labels(verdicts: pd.DataFrame | None = None) -> dict[str, str]:
    frame = load_table("verdicts") if verdicts is None else verdicts
    return dict(zip(frame["verdict"], frame["label"]))


def checks_table(checks: pd.DataFrame, order: list[str] | None = None) -> pd.DataFrame:
    """The checks, flagged verdicts first (contradicted, then differs), then the others in the
    rubric's order; by check id within each verdict."""
    rubric = verdict_order() if order is None else list(order)
    first = [v for v in reversed(FLAGGED) if v in rubric]
    ranked = first + [v for v in rubric if v not in first][::-1]
    rank = {v: i for i, v in enumerate(ranked)}
    frame = checks.assign(_o=checks["verdict"].map(rank))
    cols = ["check_id", "source_id", "locator", "claim", "check_kind", "reference_value", "verdict"]
    return frame.sort_values(["_o", "check_id"])[cols].reset_index(drop=True)


def verdict_counts(checks: pd.DataFrame, by: str, order: list[str] | None = None) -> pd.DataFrame:
    """Verdicts (columns, in the rubric's order) by source, check kind or section (rows)."""
    columns = verdict_order() if order is None else list(order)
    frame = checks.assign(section=checks["locator"].map(section_of))
    table = frame.pivot_table(
        index=by, columns="verdict", values="check_id", aggfunc="count", fill_value=0
    )
    table = table.reindex(columns=columns, fill_value=0)
    table["total"] = table.sum(axis=1)
    return table.astype(int).sort_index()


def reliability(
    checks: pd.DataFrame, sources: pd.DataFrame, order: list[str] | None = None
) -> pd.DataFrame:
    """Per source (sources.csv order) and verdict (rubric order): checks, total, share and its
    Wilson interval. Sources without checks are left out."""
    columns = verdict_order() if order is None else list(order)
    rows = []
    for source_id in sources["source_id"]:
        part = checks[checks["source_id"] == source_id]
        if part.empty:
            continue
        for verdict in columns:
            count = int((part["verdict"] == verdict).sum())
            lower, upper = wilson_interval(count, len(part))
            rows.append(
                {
                    "source_id": source_id,
                    "verdict": verdict,
                    "checks": count,
                    "total": len(part),
                    "share": count / len(part),
                    "lower": lower,
                    "upper": upper,
                }
            )
    return pd.DataFrame(
        rows, columns=["source_id", "verdict", "checks", "total", "share", "lower", "upper"]
    )


def share_of(table: pd.DataFrame, source_id: str, verdict: str) -> Share:
    """One row of a reliability table as a Share."""
    row = table[(table["source_id"] == source_id) & (table["verdict"] == verdict)]
    if row.empty:
        raise KeyError(f"no checks of {source_id!r} in the table")
    r = row.iloc[0]
    return Share(
        source_id,
        verdict,
        int(r["checks"]),
        int(r["total"]),
        float(r["share"]),
        float(r["lower"]),
        float(r["upper"]),
    )


def references_by_kind(
    checks: pd.DataFrame, kinds: pd.DataFrame, sources: pd.DataFrame
) -> pd.DataFrame:
    """Checks by the kind of their best reference (reference_kinds.csv rank order), one column per
    source (sources.csv order, sources without checks left out) and a total."""
    present = [s for s in sources["source_id"] if s in set(checks["source_id"])]
    table = checks.pivot_table(
        index="reference_kind",
        columns="source_id",
        values="check_id",
        aggfunc="count",
        fill_value=0,
    )
    ordered = kinds.sort_values("rank")["reference_kind"]
    table = table.reindex(index=list(ordered), columns=present, fill_value=0).astype(int)
    table["total"] = table.sum(axis=1)
    table = table[table["total"] > 0].rename_axis(index="reference_kind", columns=None)
    return table.reset_index()


def unverified_since(
    checks: pd.DataFrame, subject_dates: dict[str, pd.Series], since: str | pd.Timestamp
) -> pd.DataFrame:
    """Unverifiable checks whose subject starts on or after `since`.

    `subject_dates` maps a subject table to its rows' date_start, indexed by row id. The column
    `quotes_words` is true where the claim reports an official's words ('said' and a quotation).
    """
    dates = {(table, k): d for table, series in subject_dates.items() for k, d in series.items()}
    part = checks[checks["verdict"] == "unverifiable"]
    start = part.apply(lambda r: dates.get((r["subject_table"], r["subject_id"])), axis=1)
    start = pd.to_datetime(start) if len(part) else pd.Series(dtype="datetime64[ns]")
    keep = part.assign(date_start=start)
    keep = keep[keep["date_start"] >= pd.Timestamp(since)]
    keep = keep.assign(quotes_words=keep["claim"].str.contains(_QUOTES_WORDS))
    cols = [
        "check_id",
        "source_id",
        "subject_table",
        "subject_id",
        "date_start",
        "claim",
        "quotes_words",
        "note",
    ]
    return keep.sort_values("check_id")[cols].reset_index(drop=True)


def name_normalisation(aliases: pd.DataFrame, entities: pd.DataFrame, key: str) -> pd.DataFrame:
    """Every spelling that differs from the canonical name, garbled ones first, with the entity
    it stands for."""
    names = dict(zip(entities[key], entities["name"]))
    frame = aliases.assign(canonical=aliases[key].map(names))
    frame = frame[frame["alias"].str.lower() != frame["canonical"].str.lower()]
    cols = [key, "canonical", "alias", "source_id", "garbled", "note"]
    return frame.sort_values(["garbled", key, "alias"], ascending=[False, True, True])[
        cols
    ].reset_index(drop=True)


def disputed_figures(figures: pd.DataFrame) -> pd.DataFrame:
    """Overlap groups whose members disagree (different values or claimants), side by side."""
    frame = figures.dropna(subset=["overlap_group"])
    rows = []
    for group, members in frame.groupby("overlap_group", sort=True):
        values = set(zip(members["low"].fillna(-1), members["high"].fillna(-1)))
        if len(members) < 2 or (len(values) < 2 and members["claimant"].nunique() < 2):
            continue
        for row in members.sort_values("figure_id").itertuples(index=False):
            rows.append(
                {
                    "overlap_group": group,
                    "figure_id": row.figure_id,
                    "measure": row.measure,
                    "claimant": row.claimant,
                    "low": row.low,
                    "best": row.best,
                    "high": row.high,
                    "qualifier": row.qualifier,
                    "source_id": row.source_id,
                    "quote": row.quote,
                }
            )
    return pd.DataFrame(rows)


def check_marks(checks: pd.DataFrame, table: str) -> dict[str, str]:
    """Row id -> a short marker for rows of `table` that a check contradicts or qualifies."""
    part = checks[(checks["subject_table"] == table) & checks["verdict"].isin(FLAGGED)]
    marks: dict[str, list[str]] = {}
    for row in part.sort_values("check_id").itertuples(index=False):
        marks.setdefault(row.subject_id, []).append(f"{row.verdict} ({row.check_id})")
    return {key: "⚠ " + "; ".join(values) for key, values in sorted(marks.items())}


def annotate_with_checks(
    frame: pd.DataFrame, checks: pd.DataFrame, table: str, id_column: str
) -> pd.DataFrame:
    """Add a `source_check` column: the marker of any check that contradicts or qualifies the
    row, else ''."""
    marks = check_marks(checks, table)
    return frame.assign(source_check=frame[id_column].map(marks).fillna(""))


def perspectives(sources: pd.DataFrame) -> pd.DataFrame:
    """Each source's citation, language and perspective, in the order of the rows given."""
    return sources[["source_id", "citation", "language", "perspective"]].reset_index(drop=True)
