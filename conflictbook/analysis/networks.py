"""Actor-interaction networks (chapter 2): interaction rows to per-period signed graphs of acts.

The unit counted is the **act** (`act_id`): one reported action, whose rows are its dyads. A
mediation between A and B is one act with two dyads. Every measure weights acts, never rows:

- edge weight = number of distinct acts on that directed dyad (an act with k dyads adds 1 to each);
- net polarity = sum of the polarities of those acts; cooperative, conflictual, neutral count acts;
- `mentions` = rows on the dyad, shown beside (an act repeats a dyad only by error, so it
  equals the weight);
- totals (per period, per source) count distinct acts, with rows (mentions) and distinct happenings
  (an act's event's `event_group`, else its event, else the act itself) beside.

Rows without an `act_id` (imported or synthetic data) are each their own act. Aggregation is
vectorised, so the same functions handle a few hundred rows or millions. Placement in periods
follows the one rule of :mod:`.periodise`: an act whose span crosses a period boundary is
unplaced, in no period graph."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd

from .periodise import period_of

__all__ = [
    "SEED",
    "EDGE_COLUMNS",
    "act_keys",
    "happening_keys",
    "aggregate_edges",
    "aggregate_edges_naive",
    "signed_graph",
    "interaction_multigraph",
    "period_graphs",
    "source_graphs",
    "centrality_table",
    "centrality_by_period",
    "top_actors",
    "rank_table",
    "rank_changes",
    "count_units",
    "summary_by_period",
    "self_check",
]

SEED = 20240613

EDGE_COLUMNS = [
    "actor_from",
    "actor_to",
    "weight",
    "mentions",
    "net_polarity",
    "cooperative",
    "conflictual",
    "neutral",
    "sign",
    "acts",
]


# ---------------------------------------------------------------- units: acts and happenings


def act_keys(interactions: pd.DataFrame) -> pd.Series:
    """The act each row belongs to: `act_id`, or the row's own id where there is none."""
    own = (
        interactions["interaction_id"].astype(str)
        if "interaction_id" in interactions
        else pd.Series([f"row{i}" for i in range(len(interactions))], index=interactions.index)
    )
    if "act_id" not in interactions:
        return own
    return interactions["act_id"].where(interactions["act_id"].notna(), own).astype(str)


def happening_keys(interactions: pd.DataFrame, events: pd.DataFrame | None = None) -> pd.Series:
    """The happening each row reports: its event's `event_group`, else its event, else its act."""
    acts = act_keys(interactions)
    if "event_id" not in interactions:
        return acts
    event = interactions["event_id"]
    if events is not None and "event_group" in events:
        groups = events.set_index("event_id")["event_group"].dropna()
        event = event.map(lambda e: groups.get(e, e) if isinstance(e, str) else e)
    return event.where(event.notna(), acts).astype(str)


def count_units(interactions: pd.DataFrame, events: pd.DataFrame | None = None) -> dict[str, int]:
    """Acts, mentions (rows) and distinct happenings in a set of rows."""
    return {
        "acts": int(act_keys(interactions).nunique()),
        "mentions": len(interactions),
        "happenings": int(happening_keys(interactions, events).nunique()),
    }


# ---------------------------------------------------------------- aggregation


def aggregate_edges(interactions: pd.DataFrame, by: list[str] | None = None) -> pd.DataFrame:
    """Directed edges: weight (acts), mentions (rows), net polarity and act counts by polarity.

    `by` adds grouping columns (e.g. ["period_id"] or ["source_id"]). The sign is that of the net
    polarity (+1 cooperative, -1 conflictual, 0 balanced or neutral); `acts` is the sorted tuple of
    (act, polarity) pairs behind the edge, so that collapsing directions can count each act once.
    """
    keys = list(by or []) + ["actor_from", "actor_to"]
    frame = interactions[keys].copy()
    frame["act"] = act_keys(interactions).to_numpy()
    frame["polarity"] = interactions["polarity"].to_numpy(dtype=np.int64)
    mentions = frame.groupby(keys, sort=True).size().rename("mentions")
    acts = frame.drop_duplicates(keys + ["act"]).sort_values(keys + ["act"], kind="stable")
    acts = acts.assign(
        cooperative=acts["polarity"] > 0,
        conflictual=acts["polarity"] < 0,
        neutral=acts["polarity"] == 0,
        pair=list(zip(acts["act"], acts["polarity"])),
    )
    out = (
        acts.groupby(keys, sort=True)
        .agg(
            weight=("act", "size"),
            net_polarity=("polarity", "sum"),
            cooperative=("cooperative", "sum"),
            conflictual=("conflictual", "sum"),
            neutral=("neutral", "sum"),
            acts=("pair", tuple),
        )
        .join(mentions)
        .reset_index()
    )
    for col in ("weight", "mentions", "net_polarity", "cooperative", "conflictual", "neutral"):
        out[col] = out[col].to_numpy(dtype=np.int64)
    out["sign"] = np.sign(out["net_polarity"]).astype(np.int64)
    return out[keys + EDGE_COLUMNS[2:]].reset_index(drop=True)


def aggregate_edges_naive(interactions: pd.DataFrame, by: list[str] | None = None) -> dict:
    """The obvious per-row approach, kept only as the benchmark's baseline: one row at a time."""
    graphs: dict = {}
    by = list(by or [])
    seen: set = set()
    for row, act in zip(interactions.itertuples(index=False), act_keys(interactions)):
        key = tuple(getattr(row, b) for b in by)
        graph = graphs.setdefault(key, nx.DiGraph())
        u, v, p = row.actor_from, row.actor_to, int(row.polarity)
        if (key, u, v, act) in seen:
            continue
        seen.add((key, u, v, act))
        if graph.has_edge(u, v):
            graph[u][v]["weight"] += 1
            graph[u][v]["net_polarity"] += p
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
            mentions=int(row.mentions),
            net_polarity=int(row.net_polarity),
            cooperative=int(row.cooperative),
            conflictual=int(row.conflictual),
            neutral=int(row.neutral),
            sign=int(row.sign),
        )
        if "acts" in edges.columns:  # the DuckDB path (one row, one act) carries no act list
            graph[row.actor_from][row.actor_to]["acts"] = tuple(row.acts)
    if actors is not None:
        info = actors.set_index("actor_id")
        for node in graph.nodes:
            if node in info.index:
                graph.nodes[node]["name"] = str(info.at[node, "name"])
                graph.nodes[node]["kind"] = str(info.at[node, "kind"])
    return graph


def interaction_multigraph(interactions: pd.DataFrame) -> nx.MultiDiGraph:
    """Every interaction row as its own edge, with its act, type, polarity, date, source, quote."""
    graph = nx.MultiDiGraph()
    frame = interactions.assign(_act=act_keys(interactions)).sort_values("interaction_id")
    for row in frame.itertuples(index=False):
        graph.add_edge(
            row.actor_from,
            row.actor_to,
            key=row.interaction_id,
            act=row._act,
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
    """One signed graph of acts per period (in period order); unplaced acts are in none of them."""
    frame = interactions.assign(period_id=period_of(interactions, periods))
    frame = frame[frame["period_id"].notna()]
    edges = aggregate_edges(frame, by=["period_id"])
    ordered = periods.sort_values("order")["period_id"]
    return {pid: signed_graph(edges[edges["period_id"] == pid], actors) for pid in ordered}


def source_graphs(
    interactions: pd.DataFrame,
    actors: pd.DataFrame | None = None,
    sources: pd.DataFrame | None = None,
) -> dict[str, nx.DiGraph]:
    """One signed graph of acts per source, in the order of `sources` (else sorted by id)."""
    edges = aggregate_edges(interactions, by=["source_id"])
    present = set(edges["source_id"])
    order = list(sources["source_id"]) if sources is not None else sorted(present)
    return {
        sid: signed_graph(edges[edges["source_id"] == sid], actors)
        for sid in order
        if sid in present
    }


# ---------------------------------------------------------------- measures


def centrality_table(graph: nx.DiGraph) -> pd.DataFrame:
    """Degree, strength (acts), betweenness and PageRank per actor, sorted by PageRank then id.

    Betweenness treats a tie of more acts as shorter (distance 1 / weight), on a copy: the
    caller's graph is not changed."""
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
    weighted = nx.DiGraph()
    weighted.add_nodes_from(graph.nodes)
    weighted.add_edges_from(
        (u, v, {"weight": d["weight"], "distance": 1.0 / d["weight"]})
        for u, v, d in graph.edges(data=True)
    )
    betweenness = nx.betweenness_centrality(weighted, weight="distance", normalized=True)
    pagerank = nx.pagerank(weighted, weight="weight", alpha=0.85, tol=1e-10, max_iter=1000)
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


# ---------------------------------------------------------------- totals


def summary_by_period(
    interactions: pd.DataFrame, periods: pd.DataFrame, events: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Per period: actors, ties, acts (with mentions and happenings beside), cooperative and
    conflictual acts, and the share of cooperative acts; a last row 'unplaced' for acts in no
    period."""
    frame = interactions.assign(
        period_id=period_of(interactions, periods), _act=act_keys(interactions)
    )
    frame["period_id"] = frame["period_id"].fillna("unplaced")
    rows = []
    for pid in list(periods.sort_values("order")["period_id"]) + ["unplaced"]:
        group = frame[frame["period_id"] == pid]
        acts = group.drop_duplicates("_act")
        total = len(acts)
        coop, conf = int((acts["polarity"] > 0).sum()), int((acts["polarity"] < 0).sum())
        dyads = set(zip(group["actor_from"], group["actor_to"]))
        rows.append(
            {
                "period_id": pid,
                "actors": len({a for pair in dyads for a in pair}),
                "ties": len(dyads),
                **count_units(group.drop(columns=["_act", "period_id"]), events),
                "cooperative": coop,
                "conflictual": conf,
                "share_cooperative": round(coop / total, 2) if total else np.nan,
            }
        )
    return pd.DataFrame(rows)


def self_check(
    interactions: pd.DataFrame, periods: pd.DataFrame, graphs: dict[str, nx.DiGraph]
) -> str:
    """A check a student can run after changing the data: every act is in exactly one period graph,
    or unplaced (its span crosses a period boundary or lies outside every period)."""
    placed = period_of(interactions, periods)
    acts = act_keys(interactions)
    total = acts.nunique()
    outside = acts[placed.isna()].nunique()
    in_graphs = sum(
        len({a for _, _, d in g.edges(data=True) for a, _ in d.get("acts", ())})
        for g in graphs.values()
    )
    if in_graphs + outside != total:
        raise AssertionError(
            f"{total} acts, but {in_graphs} in the period graphs and {outside} unplaced"
        )
    return f"self-check passed: {total} acts, {in_graphs} in the period graphs, {outside} unplaced"
