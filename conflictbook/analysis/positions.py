"""Positions of actors on issues: matrices by era, one actor as each source describes it, net lean
by side, and the parties' positions beside the international actors', per period and source."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

__all__ = [
    "PositionBlocks",
    "position_matrix",
    "positions_by_source",
    "lean",
    "position_blocks",
    "party_positions",
    "sources_with_positions",
    "distinct_names",
]


@dataclass(frozen=True)
class PositionBlocks:
    """One source's stances in one period: the parties' rows first, then every other actor's.

    `matrix` is actor x issue (stance score, NaN where the source says nothing); its first
    `n_parties` rows are the parties."""

    source_id: str
    period_id: str
    matrix: pd.DataFrame
    n_parties: int

    @property
    def parties(self) -> list[str]:
        return list(self.matrix.index[: self.n_parties])

    @property
    def others(self) -> list[str]:
        return list(self.matrix.index[self.n_parties :])


def position_matrix(positions: pd.DataFrame, era: str) -> pd.DataFrame:
    """Actor x issue mean stance score in one era (from every source), NaN where no source says."""
    part = positions[positions["era"] == era]
    return part.pivot_table(
        index="actor_id", columns="issue", values="score", aggfunc="mean"
    ).sort_index()


def positions_by_source(positions: pd.DataFrame, actor_id: str) -> pd.DataFrame:
    """The same actor as each source describes it, period by period."""
    part = positions[positions["actor_id"] == actor_id]
    return (
        part[["order", "period_id", "source_id", "issue", "stance", "score", "quote"]]
        .sort_values(["order", "source_id", "issue"])
        .drop(columns="order")
        .reset_index(drop=True)
    )


def lean(positions: pd.DataFrame) -> pd.DataFrame:
    """Net lean per actor and era: stance scores signed by the side each issue favours
    (sides.sign)."""
    side = positions["side_sign"]
    frame = positions.assign(lean=positions["score"] * side)
    frame = frame[side != 0]
    return (
        frame.pivot_table(index="actor_id", columns="era", values="lean", aggfunc="mean")
        .round(2)
        .sort_index()
    )


def position_blocks(
    positions: pd.DataFrame,
    parties: Sequence[str],
    period_id: str,
    source_id: str,
    issue_order: Sequence[str] | None = None,
) -> PositionBlocks:
    """The stances one source gives for one period, parties first (in the order given), then the
    other actors (by id); issues in `issue_order` (the codebook's) where given, else by id. Only
    the issues and actors the source gives a stance for appear."""
    part = positions[(positions["period_id"] == period_id) & (positions["source_id"] == source_id)]
    matrix = part.pivot_table(index="actor_id", columns="issue", values="score", aggfunc="mean")
    order = [i for i in (issue_order or sorted(matrix.columns)) if i in matrix.columns]
    in_parties = [p for p in parties if p in matrix.index]
    others = sorted(a for a in matrix.index if a not in set(parties))
    matrix = matrix.reindex(index=in_parties + others, columns=order)
    return PositionBlocks(
        source_id, period_id, matrix.rename_axis(index=None, columns=None), len(in_parties)
    )


def party_positions(
    positions: pd.DataFrame, parties: Sequence[str], source_order: Sequence[str] | None = None
) -> pd.DataFrame:
    """Every stance of the parties, by period, source (in `source_order`), party (in the order
    given) and issue, with its quote."""
    part = positions[positions["actor_id"].isin(list(parties))]
    sources = list(source_order or sorted(part["source_id"].unique()))
    part = part.assign(
        _s=part["source_id"].map({s: i for i, s in enumerate(sources)}),
        _p=part["actor_id"].map({p: i for i, p in enumerate(parties)}),
    )
    cols = [
        "position_id",
        "order",
        "period_id",
        "source_id",
        "actor_id",
        "issue",
        "stance",
        "score",
        "locator",
        "quote",
    ]
    return (
        part.sort_values(["order", "_s", "_p", "issue"])[cols]
        .drop(columns="order")
        .reset_index(drop=True)
    )


def sources_with_positions(
    positions: pd.DataFrame, period_id: str, source_order: Sequence[str]
) -> list[str]:
    """The sources (in `source_order`) that give at least one stance in a period."""
    present = set(positions.loc[positions["period_id"] == period_id, "source_id"])
    return [s for s in source_order if s in present]


def distinct_names(short: dict[str, str], full: dict[str, str]) -> dict[str, str]:
    """Short names for labels, but the full name wherever two actors share a short name."""
    seen: dict[str, int] = {}
    for name in short.values():
        seen[name] = seen.get(name, 0) + 1
    return {a: (full.get(a, n) if seen[n] > 1 else n) for a, n in short.items()}
