"""One actor's acts: its ego listing, its summary by source, how its betweenness depends on sources.

Counts are acts (see :mod:`.networks`): an act in which the actor has two dyads (a mediation between
two parties) counts once for that actor.
"""

from __future__ import annotations

import pandas as pd

from .networks import act_keys, aggregate_edges, centrality_table, signed_graph

__all__ = ["ego_edges", "act_table", "ego_acts", "ego_summary", "betweenness_dependence"]


def ego_edges(interactions: pd.DataFrame, actor_id: str) -> pd.DataFrame:
    """Every interaction row the actor itself takes part in (not its organs), sorted by date."""
    mask = (interactions["actor_from"] == actor_id) | (interactions["actor_to"] == actor_id)
    cols = ["date_start", "source_id", "actor_from", "label", "actor_to", "polarity", "quote"]
    return (
        interactions.loc[mask, cols]
        .sort_values(["date_start", "actor_from", "actor_to"], kind="stable")
        .reset_index(drop=True)
    )


def act_table(interactions: pd.DataFrame, names: dict[str, str] | None = None) -> pd.DataFrame:
    """One line per act: its date, source, agents, what was done and targets (joined by ', ' when
    the act has several dyads; ids, or the `names` given), sorted by date then act."""
    named = names or {}
    frame = interactions.assign(
        act=act_keys(interactions),
        actor_from=interactions["actor_from"].map(lambda a: named.get(a, a)),
        actor_to=interactions["actor_to"].map(lambda a: named.get(a, a)),
    )
    rows = frame.sort_values(["act", "actor_from", "actor_to"])
    out = (
        rows.groupby("act", sort=True)
        .agg(
            date_start=("date_start", "first"),
            date_end=("date_end", "first"),
            source_id=("source_id", "first"),
            agents=("actor_from", lambda s: ", ".join(dict.fromkeys(s))),
            label=("label", "first"),
            targets=("actor_to", lambda s: ", ".join(dict.fromkeys(s))),
            polarity=("polarity", "first"),
            dyads=("actor_to", "size"),
        )
        .reset_index()
    )
    return out.sort_values(["date_start", "act"], kind="stable").reset_index(drop=True)


def ego_acts(
    interactions: pd.DataFrame, actor_id: str, names: dict[str, str] | None = None
) -> pd.DataFrame:
    """The actor's acts, one line each (see :func:`act_table`)."""
    keys = act_keys(interactions)
    mine = keys[(interactions["actor_from"] == actor_id) | (interactions["actor_to"] == actor_id)]
    return act_table(interactions[keys.isin(set(mine))], names)


def ego_summary(
    interactions: pd.DataFrame, actor_ids: list[str], source_ids: list[str] | None = None
) -> pd.DataFrame:
    """Per actor and source: acts sent and received, how many were cooperative or conflictual, and
    distinct partners. An act both sent and received (a mutual act) counts once in the total."""
    frame = interactions.assign(act=act_keys(interactions))
    sources = source_ids or sorted(frame["source_id"].unique())
    rows = []
    for actor in actor_ids:
        for source in sources:
            group = frame[frame["source_id"] == source]
            sent = group[group["actor_from"] == actor]
            received = group[group["actor_to"] == actor]
            both = pd.concat([sent, received]).drop_duplicates("act")
            rows.append(
                {
                    "actor_id": actor,
                    "source_id": source,
                    "sent": sent["act"].nunique(),
                    "received": received["act"].nunique(),
                    "cooperative": int((both["polarity"] > 0).sum()),
                    "conflictual": int((both["polarity"] < 0).sum()),
                    "partners": len(
                        (set(sent["actor_to"]) | set(received["actor_from"])) - {actor}
                    ),
                }
            )
    return pd.DataFrame(rows)


def betweenness_dependence(
    interactions: pd.DataFrame, actors: list[str] | None = None
) -> pd.DataFrame:
    """Each actor's betweenness on the whole graph of acts and on each source's graph alone."""
    whole = centrality_table(signed_graph(aggregate_edges(interactions)))[
        ["actor_id", "betweenness"]
    ]
    out = whole.rename(columns={"betweenness": "all_sources"})
    for source, group in interactions.groupby("source_id", sort=True):
        part = centrality_table(signed_graph(aggregate_edges(group)))[["actor_id", "betweenness"]]
        out = out.merge(part.rename(columns={"betweenness": source}), on="actor_id", how="left")
    out = out.fillna(0.0)
    if actors is not None:
        out = out[out["actor_id"].isin(actors)]
    return out.sort_values(["all_sources", "actor_id"], ascending=[False, True]).reset_index(
        drop=True
    )
