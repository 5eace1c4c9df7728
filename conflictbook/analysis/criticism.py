"""Reading the sources critically (chapter 5): checks, verdicts, spellings and disputed figures.

Nothing here changes what a source says: checks sit beside the facts, and chapters mark the facts that a
check contradicts or qualifies (`annotate_with_checks`).
"""

from __future__ import annotations

import pandas as pd

from .coverage import section_of

VERDICT_ORDER = ["agrees", "differs", "contradicted", "unverifiable"]
FLAGGED = ("differs", "contradicted")


def checks_table(checks: pd.DataFrame) -> pd.DataFrame:
    """The checks, contradicted first, then differs, then the rest; by check id within each verdict."""
    order = {v: i for i, v in enumerate(["contradicted", "differs", "unverifiable", "agrees"])}
    frame = checks.assign(_o=checks["verdict"].map(order))
    cols = ["check_id", "source_id", "locator", "claim", "check_kind", "reference_value", "verdict"]
    return frame.sort_values(["_o", "check_id"])[cols].reset_index(drop=True)


def verdict_counts(checks: pd.DataFrame, by: str) -> pd.DataFrame:
    """Verdicts (columns, in a fixed order) by source, check kind or section (rows)."""
    frame = checks.assign(section=checks["locator"].map(section_of))
    table = frame.pivot_table(
        index=by, columns="verdict", values="check_id", aggfunc="count", fill_value=0
    )
    table = table.reindex(columns=[v for v in VERDICT_ORDER], fill_value=0)
    table["total"] = table.sum(axis=1)
    return table.astype(int).sort_index()


def name_normalisation(aliases: pd.DataFrame, entities: pd.DataFrame, key: str) -> pd.DataFrame:
    """Every spelling that differs from the canonical name, garbled ones first, with the entity it stands for."""
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
    """Add a `source_check` column: the marker of any check that contradicts or qualifies the row, else ''."""
    marks = check_marks(checks, table)
    return frame.assign(source_check=frame[id_column].map(marks).fillna(""))


def perspectives(sources: pd.DataFrame) -> pd.DataFrame:
    return (
        sources[["source_id", "citation", "language", "perspective"]]
        .sort_values("source_id")
        .reset_index(drop=True)
    )
