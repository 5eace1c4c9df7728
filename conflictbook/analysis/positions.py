"""Positions of actors on issues: matrices by era, one actor as each source describes it, net lean by side."""

from __future__ import annotations

import pandas as pd


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
    """Net lean per actor and era: stance scores signed by the side each issue favours (sides.sign)."""
    side = positions["side_sign"]
    frame = positions.assign(lean=positions["score"] * side)
    frame = frame[side != 0]
    return (
        frame.pivot_table(index="actor_id", columns="era", values="lean", aggfunc="mean")
        .round(2)
        .sort_index()
    )
