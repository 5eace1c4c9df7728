"""Actor-interaction networks (chapter 2): from interaction rows to per-period signed graphs and measures.

Aggregation is vectorised (groupby on integer codes), so the same functions handle the book's few hundred
rows and a real event dataset's millions. Everything random (layouts, community detection) takes a seed.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd

from .periodise import period_of

SEED = 20240613

EDGE_COLUMNS = [
    "actor_from",
    "actor_to",
    "weight",
    "net_polarity",
    "cooperative",
    "conflictual",
    "neutral",
    "sign",
]


# ---------------------------------------------------------------- periods and aggregation


def aggregate_edges(interactions: pd.DataFrame, by: list[str] | None = None) -> pd.DataFrame:
    """Directed edges with weight (number of interactions), net polarity and counts by polarity.

    `by` adds grouping columns (e.g. ["period_id"] or ["source_id"]). The sign is that of the net
    polarity (+1 cooperative, -1 conflictual, 0 balanced or neutral).
    """
    by = list(by or [])
    keys = by + ["actor_from", "actor_to"]
    codes, uniques = [], []
    for key in keys:
        code, unique = pd.factorize(interactions[key], sort=True)
        codes.append(code)
        uniques.append(unique)
    polarity = interactions["polarity"].to_numpy(dtype=np.int64)
    frame = pd.DataFrame({f"k{i}": c for i, c in enumerate(codes)})
    frame["polarity"] = polarity
    frame["cooperative"] = polarity > 0
    frame["conflictual"] = polarity < 0
    frame["neutral"] = polarity == 0
    grouped = frame.groupby([f"k{i}" for i in range(len(keys))], sort=True).agg(
        weight=("polarity", "size"),
        net_polarity=("polarity", "sum"),
        cooperative=("cooperative", "sum"),
        conflictual=("conflictual", "sum"),
        neutral=("neutral", "sum"),
    )
    grouped = grouped.reset_index()
    out = pd.DataFrame(
        {key: np.asarray(uniques[i])[grouped[f"k{i}"].to_numpy()] for i, key in enumerate(keys)}
    )
    for col in ("weight", "net_polarity", "cooperative", "conflictual", "neutral"):
        out[col] = grouped[col].to_numpy(dtype=np.int64)
    out["sign"] = np.sign(out["net_polarity"]).astype(np.int64)
    return out[out["weight"] > 0].reset_index(drop=True)


def aggregate_edges_naive(interactions: pd.DataFrame, by: list[str] | None = None) -> dict:
    """The obvious per-row approach, kept only as the benchmark's baseline: iterate rows, add edges one by one."""
    graphs: dict = {}
    by = list(by or [])
    for row in interactions.itertuples(index=False):
        key = tuple(getattr(row, b) for b in by)
        graph = graphs.setdefault(key, nx.DiGraph())
        u, v, p = row.actor_from, row.actor_to, int(row.polarity)
        if graph.has_edge(u, v):
            data = graph[u][v]
            data["weight"] += 1
            data["net_polarity"] += p
        else:
            graph.add_edge(u, v, weight=1, net_polarity=p)
    return graphs


def signed_graph(edges: pd.DataFrame, actors: pd.DataFrame | None = None) -> nx.DiGraph:
    """A weighted signed DiGraph from aggregated edges; node attributes from the actors table."""
    graph = nx.DiGraph()
    for row in edges.itertuples(index=False):
        graph.add_edge(
            row.actor_from,
            row.actor_to,
            weight=int(row.weight),
            net_polarity=int(row.net_polarity),
            cooperative=int(row.cooperative),
            conflictual=int(row.conflictual),
            neutral=int(row.neutral),
            sign=int(row.sign),
        )
    if actors is not None:
        info = actors.set_index("actor_id")
        for node in graph.nodes:
            if node in info.index:
                graph.nodes[node]["name"] = str(info.at[node, "name"])
                graph.nodes[node]["kind"] = str(info.at[node, "kind"])
    return graph


def interaction_multigraph(interactions: pd.DataFrame) -> nx.MultiDiGraph:
    """Every interaction as its own edge, with its type, polarity, date, source and quote."""
    graph = nx.MultiDiGraph()
    for row in interactions.sort_values("interaction_id").itertuples(index=False):
        graph.add_edge(
            row.actor_from,
            row.actor_to,
            key=row.interaction_id,
            interaction_type=row.interaction_type,
            polarity=int(row.polarity),
            date=str(row.date_start)[:10],
            source_id=row.source_id,
            quote=row.quote,
        )
    return graph


def period_graphs(
    interactions: pd.DataFrame, periods: pd.DataFrame, actors: pd.DataFrame | None = None
) -> dict[str, nx.DiGraph]:
    """One signed graph per period (in period order); periods with no interactions get an empty graph."""
    frame = interactions.assign(period_id=period_of(interactions, periods))
    frame = frame[frame["period_id"].notna()]
    edges = aggregate_edges(frame, by=["period_id"])
    ordered = periods.sort_values("order")["period_id"]
    return {pid: signed_graph(edges[edges["period_id"] == pid], actors) for pid in ordered}


def source_graphs(
    interactions: pd.DataFrame, actors: pd.DataFrame | None = None
) -> dict[str, nx.DiGraph]:
    edges = aggregate_edges(interactions, by=["source_id"])
    return {
        sid: signed_graph(edges[edges["source_id"] == sid], actors)
        for sid in sorted(edges["source_id"].unique())
    }


# ---------------------------------------------------------------- measures


def centrality_table(graph: nx.DiGraph) -> pd.DataFrame:
    """Degree, strength, betweenness and PageRank per actor, sorted by PageRank then id."""
    columns = [
        "actor_id",
        "in_degree",
        "out_degree",
        "in_strength",
        "out_strength",
        "betweenness",
        "pagerank",
    ]
    if graph.number_of_nodes() == 0:
        return pd.DataFrame(columns=columns)
    distance = {(u, v): 1.0 / d["weight"] for u, v, d in graph.edges(data=True)}
    nx.set_edge_attributes(graph, distance, "distance")
    betweenness = nx.betweenness_centrality(graph, weight="distance", normalized=True)
    pagerank = nx.pagerank(graph, weight="weight", alpha=0.85, tol=1e-10, max_iter=1000)
    rows = [
        {
            "actor_id": n,
            "in_degree": graph.in_degree(n),
            "out_degree": graph.out_degree(n),
            "in_strength": graph.in_degree(n, weight="weight"),
            "out_strength": graph.out_degree(n, weight="weight"),
            "betweenness": round(betweenness[n], 6),
            "pagerank": round(pagerank[n], 6),
        }
        for n in graph.nodes
    ]
    table = pd.DataFrame(rows, columns=columns)
    return table.sort_values(["pagerank", "actor_id"], ascending=[False, True]).reset_index(
        drop=True
    )


def centrality_by_period(graphs: dict[str, nx.DiGraph]) -> pd.DataFrame:
    frames = [
        centrality_table(g).assign(period_id=pid)
        for pid, g in graphs.items()
        if g.number_of_nodes()
    ]
    return pd.concat(frames, ignore_index=True)


def top_actors(by_period: pd.DataFrame, measure: str = "pagerank", n: int = 5) -> pd.DataFrame:
    """The n highest-ranked actors per period (ties broken by id), with their rank."""
    ranked = rank_table(by_period, measure)
    return (
        ranked[ranked["rank"] <= n]
        .sort_values(["period_id", "rank"], kind="stable")
        .reset_index(drop=True)
    )


def rank_table(by_period: pd.DataFrame, measure: str = "pagerank") -> pd.DataFrame:
    ordered = by_period.sort_values(
        ["period_id", measure, "actor_id"], ascending=[True, False, True]
    )
    ordered = ordered.assign(rank=ordered.groupby("period_id").cumcount() + 1)
    return ordered[["period_id", "actor_id", measure, "rank"]].reset_index(drop=True)


def rank_changes(
    by_period: pd.DataFrame, period_order: list[str], measure: str = "pagerank", n: int = 8
) -> pd.DataFrame:
    """Actor x period matrix of ranks for every actor in any period's top n (NaN where absent)."""
    ranked = rank_table(by_period, measure)
    keep = sorted(set(ranked.loc[ranked["rank"] <= n, "actor_id"]))
    matrix = ranked[ranked["actor_id"].isin(keep)].pivot(
        index="actor_id", columns="period_id", values="rank"
    )
    matrix = matrix.reindex(columns=[p for p in period_order if p in matrix.columns])
    return matrix.sort_index()


# ---------------------------------------------------------------- camps, brokers, balance


def ego_edges(interactions: pd.DataFrame, actor_id: str) -> pd.DataFrame:
    """Every interaction the actor itself takes part in (not its organs), sorted by date."""
    mask = (interactions["actor_from"] == actor_id) | (interactions["actor_to"] == actor_id)
    cols = ["date_start", "source_id", "actor_from", "label", "actor_to", "polarity", "quote"]
    return (
        interactions.loc[mask, cols]
        .sort_values(["date_start", "actor_from", "actor_to"], kind="stable")
        .reset_index(drop=True)
    )


def ego_summary(interactions: pd.DataFrame, actor_ids: list[str]) -> pd.DataFrame:
    """Per actor and source: interactions sent and received, and how many were cooperative or conflictual."""
    rows = []
    for actor in actor_ids:
        for source, group in interactions.groupby("source_id", sort=True):
            sent = group[group["actor_from"] == actor]
            received = group[group["actor_to"] == actor]
            both = pd.concat([sent, received])
            rows.append(
                {
                    "actor_id": actor,
                    "source_id": source,
                    "sent": len(sent),
                    "received": len(received),
                    "cooperative": int((both["polarity"] > 0).sum()),
                    "conflictual": int((both["polarity"] < 0).sum()),
                    "partners": len(set(sent["actor_to"]) | set(received["actor_from"])),
                }
            )
    return pd.DataFrame(rows)


def betweenness_dependence(
    interactions: pd.DataFrame, actors: list[str] | None = None
) -> pd.DataFrame:
    """Each actor's betweenness on the whole graph, and on the graph of each source alone."""
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


# ---------------------------------------------------------------- layout


# ---------------------------------------------------------------- figures


def summary_by_period(graphs: dict[str, nx.DiGraph], periods: pd.DataFrame) -> pd.DataFrame:
    """Actors, ties, interactions and the share of cooperative interactions, per period."""
    labels = dict(zip(periods["period_id"], periods["label"]))
    rows = []
    for pid, graph in graphs.items():
        weights = [d["weight"] for _, _, d in graph.edges(data=True)]
        coop = sum(d["cooperative"] for _, _, d in graph.edges(data=True))
        conf = sum(d["conflictual"] for _, _, d in graph.edges(data=True))
        total = sum(weights)
        rows.append(
            {
                "period": labels.get(pid, pid),
                "actors": graph.number_of_nodes(),
                "ties": graph.number_of_edges(),
                "interactions": total,
                "cooperative": coop,
                "conflictual": conf,
                "share_cooperative": round(coop / total, 2) if total else np.nan,
            }
        )
    return pd.DataFrame(rows)


def self_check(
    interactions: pd.DataFrame, periods: pd.DataFrame, graphs: dict[str, nx.DiGraph]
) -> str:
    """A check a student can run after changing the data: every dated interaction lands in exactly one graph."""
    placed = period_of(interactions, periods)
    in_graphs = sum(d["weight"] for g in graphs.values() for _, _, d in g.edges(data=True))
    outside = int(placed.isna().sum())
    if in_graphs + outside != len(interactions):
        raise AssertionError(
            f"{len(interactions)} interactions, but {in_graphs} in the graphs and {outside} outside every period"
        )
    return (
        f"self-check passed: {len(interactions)} interactions, {in_graphs} in the period graphs, "
        f"{outside} outside every period"
    )
