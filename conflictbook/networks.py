"""Actor-interaction networks (chapter 2): from interaction rows to per-period signed graphs and measures.

Aggregation is vectorised (groupby on integer codes), so the same functions handle the book's few hundred
rows and a real event dataset's millions. Everything random (layouts, community detection) takes a seed.
"""
from __future__ import annotations

from itertools import combinations

import networkx as nx
import numpy as np
import pandas as pd

SEED = 20240613

EDGE_COLUMNS = ["actor_from", "actor_to", "weight", "net_polarity", "cooperative", "conflictual", "neutral", "sign"]


# ---------------------------------------------------------------- periods and aggregation

def assign_periods(dates: pd.Series, periods: pd.DataFrame) -> pd.Series:
    """Period id of each date (periods must not overlap); dates outside every period get NaN."""
    periods = periods.sort_values("start").reset_index(drop=True)
    starts = periods["start"].to_numpy(dtype="datetime64[s]")
    ends = periods["end"].to_numpy(dtype="datetime64[s]")
    values = pd.Series(dates).to_numpy(dtype="datetime64[s]")
    idx = np.searchsorted(starts, values, side="right") - 1
    # a period's end is a whole day: anything before midnight after its last day belongs to it
    day_after_end = ends[np.clip(idx, 0, len(ends) - 1)] + np.timedelta64(1, "D")
    valid = (idx >= 0) & (values < day_after_end)
    labels = periods["period_id"].to_numpy(dtype=object)[np.clip(idx, 0, len(ends) - 1)]
    return pd.Series(np.where(valid, labels, None), index=pd.Series(dates).index, dtype="object")


def midpoints(frame: pd.DataFrame) -> pd.Series:
    """Midpoint of each row's date range: a ranged date is placed in the period holding its middle."""
    return frame["date_start"] + (frame["date_end"] - frame["date_start"]) / 2


def period_of(frame: pd.DataFrame, periods: pd.DataFrame) -> pd.Series:
    return assign_periods(midpoints(frame), periods)


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
        weight=("polarity", "size"), net_polarity=("polarity", "sum"),
        cooperative=("cooperative", "sum"), conflictual=("conflictual", "sum"), neutral=("neutral", "sum"))
    grouped = grouped.reset_index()
    out = pd.DataFrame({key: np.asarray(uniques[i])[grouped[f"k{i}"].to_numpy()] for i, key in enumerate(keys)})
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
        graph.add_edge(row.actor_from, row.actor_to, weight=int(row.weight), net_polarity=int(row.net_polarity),
                       cooperative=int(row.cooperative), conflictual=int(row.conflictual), neutral=int(row.neutral),
                       sign=int(row.sign))
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
        graph.add_edge(row.actor_from, row.actor_to, key=row.interaction_id, interaction_type=row.interaction_type,
                       polarity=int(row.polarity), date=str(row.date_start)[:10], source_id=row.source_id, quote=row.quote)
    return graph


def period_graphs(interactions: pd.DataFrame, periods: pd.DataFrame, actors: pd.DataFrame | None = None) -> dict[str, nx.DiGraph]:
    """One signed graph per period (in period order); periods with no interactions get an empty graph."""
    frame = interactions.assign(period_id=period_of(interactions, periods))
    frame = frame[frame["period_id"].notna()]
    edges = aggregate_edges(frame, by=["period_id"])
    ordered = periods.sort_values("order")["period_id"]
    return {pid: signed_graph(edges[edges["period_id"] == pid], actors) for pid in ordered}


def source_graphs(interactions: pd.DataFrame, actors: pd.DataFrame | None = None) -> dict[str, nx.DiGraph]:
    edges = aggregate_edges(interactions, by=["source_id"])
    return {sid: signed_graph(edges[edges["source_id"] == sid], actors) for sid in sorted(edges["source_id"].unique())}


# ---------------------------------------------------------------- measures

def centrality_table(graph: nx.DiGraph) -> pd.DataFrame:
    """Degree, strength, betweenness and PageRank per actor, sorted by PageRank then id."""
    columns = ["actor_id", "in_degree", "out_degree", "in_strength", "out_strength", "betweenness", "pagerank"]
    if graph.number_of_nodes() == 0:
        return pd.DataFrame(columns=columns)
    distance = {(u, v): 1.0 / d["weight"] for u, v, d in graph.edges(data=True)}
    nx.set_edge_attributes(graph, distance, "distance")
    betweenness = nx.betweenness_centrality(graph, weight="distance", normalized=True)
    pagerank = nx.pagerank(graph, weight="weight", alpha=0.85, tol=1e-10, max_iter=1000)
    rows = [{"actor_id": n, "in_degree": graph.in_degree(n), "out_degree": graph.out_degree(n),
             "in_strength": graph.in_degree(n, weight="weight"), "out_strength": graph.out_degree(n, weight="weight"),
             "betweenness": round(betweenness[n], 6), "pagerank": round(pagerank[n], 6)} for n in graph.nodes]
    table = pd.DataFrame(rows, columns=columns)
    return table.sort_values(["pagerank", "actor_id"], ascending=[False, True]).reset_index(drop=True)


def centrality_by_period(graphs: dict[str, nx.DiGraph]) -> pd.DataFrame:
    frames = [centrality_table(g).assign(period_id=pid) for pid, g in graphs.items() if g.number_of_nodes()]
    return pd.concat(frames, ignore_index=True)


def top_actors(by_period: pd.DataFrame, measure: str = "pagerank", n: int = 5) -> pd.DataFrame:
    """The n highest-ranked actors per period (ties broken by id), with their rank."""
    ranked = rank_table(by_period, measure)
    return ranked[ranked["rank"] <= n].sort_values(["period_id", "rank"], kind="stable").reset_index(drop=True)


def rank_table(by_period: pd.DataFrame, measure: str = "pagerank") -> pd.DataFrame:
    ordered = by_period.sort_values(["period_id", measure, "actor_id"], ascending=[True, False, True])
    ordered = ordered.assign(rank=ordered.groupby("period_id").cumcount() + 1)
    return ordered[["period_id", "actor_id", measure, "rank"]].reset_index(drop=True)


def rank_changes(by_period: pd.DataFrame, period_order: list[str], measure: str = "pagerank", n: int = 8) -> pd.DataFrame:
    """Actor x period matrix of ranks for every actor in any period's top n (NaN where absent)."""
    ranked = rank_table(by_period, measure)
    keep = sorted(set(ranked.loc[ranked["rank"] <= n, "actor_id"]))
    matrix = ranked[ranked["actor_id"].isin(keep)].pivot(index="actor_id", columns="period_id", values="rank")
    matrix = matrix.reindex(columns=[p for p in period_order if p in matrix.columns])
    return matrix.sort_index()


# ---------------------------------------------------------------- camps, brokers, balance

def undirected_signed(graph: nx.DiGraph) -> nx.Graph:
    """Collapse directions: weights add up, net polarities add up, sign is that of the sum."""
    out = nx.Graph()
    out.add_nodes_from(graph.nodes(data=True))
    for u, v, d in graph.edges(data=True):
        if u == v:
            continue
        if out.has_edge(u, v):
            out[u][v]["weight"] += d["weight"]
            out[u][v]["net_polarity"] += d["net_polarity"]
        else:
            out.add_edge(u, v, weight=d["weight"], net_polarity=d["net_polarity"])
    for u, v, d in out.edges(data=True):
        d["sign"] = int(np.sign(d["net_polarity"]))
    return out


def cooperation_layer(graph: nx.DiGraph) -> nx.Graph:
    """The undirected graph of pairs whose interactions are, on balance, cooperative."""
    full = undirected_signed(graph)
    layer = nx.Graph()
    layer.add_nodes_from(sorted(full.nodes))
    layer.add_edges_from((u, v, d) for u, v, d in full.edges(data=True) if d["sign"] > 0)
    return layer


def detect_camps(graph: nx.DiGraph, seed: int = SEED, resolution: float = 1.0) -> list[list[str]]:
    """Louvain communities on the cooperation layer (seeded), largest first; isolated actors are left out."""
    layer = cooperation_layer(graph)
    layer.remove_nodes_from([n for n in list(layer.nodes) if layer.degree(n) == 0])
    if layer.number_of_edges() == 0:
        return []
    communities = nx.community.louvain_communities(layer, weight="weight", seed=seed, resolution=resolution)
    return sorted((sorted(c) for c in communities), key=lambda c: (-len(c), c[0]))


def find_brokers(graph: nx.DiGraph, camps: list[list[str]]) -> pd.DataFrame:
    """Actors whose cooperative ties reach two or more camps: a camp member tied into at least one other camp,
    or an actor outside every camp tied into two or more."""
    membership = {actor: i for i, camp in enumerate(camps) for actor in camp}
    layer = cooperation_layer(graph)
    rows = []
    for node in sorted(layer.nodes):
        own = membership.get(node)
        tied = sorted({membership[n] for n in layer.neighbors(node) if n in membership})
        other = [c for c in tied if c != own]
        if len(other) >= 2 or (own is None and len(tied) >= 2) or (own is not None and len(other) >= 1 and len(tied) >= 2):
            rows.append({"actor_id": node, "own_camp": own, "camps_tied": len(tied), "other_camps": len(other)})
    return pd.DataFrame(rows, columns=["actor_id", "own_camp", "camps_tied", "other_camps"])


def structural_balance(graph: nx.DiGraph) -> dict:
    """Share of balanced signed triangles (product of signs > 0) on the undirected signed graph.

    Pairs whose interactions cancel out (sign 0) are not signed ties and take no part in triangles.
    """
    signed = undirected_signed(graph)
    signed.remove_edges_from([(u, v) for u, v, d in signed.edges(data=True) if d["sign"] == 0])
    triangles = []
    for u, v, w in _triangles(signed):
        product = signed[u][v]["sign"] * signed[v][w]["sign"] * signed[u][w]["sign"]
        triangles.append({"a": u, "b": v, "c": w,
                          "signs": f"{signed[u][v]['sign']:+d} {signed[v][w]['sign']:+d} {signed[u][w]['sign']:+d}",
                          "balanced": product > 0})
    table = pd.DataFrame(triangles, columns=["a", "b", "c", "signs", "balanced"])
    total = len(table)
    balanced = int(table["balanced"].sum()) if total else 0
    return {"triangles": total, "balanced": balanced, "share_balanced": (balanced / total) if total else float("nan"),
            "unbalanced": table[~table["balanced"]].reset_index(drop=True) if total else table}


def _triangles(graph: nx.Graph):
    """Each triangle once, as a sorted triple, in sorted order."""
    nodes = sorted(graph.nodes)
    rank = {n: i for i, n in enumerate(nodes)}
    for u in nodes:
        higher = sorted((n for n in graph.neighbors(u) if rank[n] > rank[u]), key=rank.get)
        for v, w in combinations(higher, 2):
            if graph.has_edge(v, w):
                yield u, v, w


def balance_by_period(graphs: dict[str, nx.DiGraph]) -> pd.DataFrame:
    rows = []
    for pid, graph in graphs.items():
        result = structural_balance(graph)
        rows.append({"period_id": pid, "triangles": result["triangles"], "balanced": result["balanced"],
                     "share_balanced": round(result["share_balanced"], 3) if result["triangles"] else np.nan})
    return pd.DataFrame(rows)


def ego_edges(interactions: pd.DataFrame, actor_id: str) -> pd.DataFrame:
    """Every interaction the actor itself takes part in (not its organs), sorted by date."""
    mask = (interactions["actor_from"] == actor_id) | (interactions["actor_to"] == actor_id)
    cols = ["date_start", "source_id", "actor_from", "label", "actor_to", "polarity", "quote"]
    return interactions.loc[mask, cols].sort_values(["date_start", "actor_from", "actor_to"], kind="stable").reset_index(drop=True)


def ego_summary(interactions: pd.DataFrame, actor_ids: list[str]) -> pd.DataFrame:
    """Per actor and source: interactions sent and received, and how many were cooperative or conflictual."""
    rows = []
    for actor in actor_ids:
        for source, group in interactions.groupby("source_id", sort=True):
            sent = group[group["actor_from"] == actor]
            received = group[group["actor_to"] == actor]
            both = pd.concat([sent, received])
            rows.append({"actor_id": actor, "source_id": source, "sent": len(sent), "received": len(received),
                         "cooperative": int((both["polarity"] > 0).sum()), "conflictual": int((both["polarity"] < 0).sum()),
                         "partners": len(set(sent["actor_to"]) | set(received["actor_from"]))})
    return pd.DataFrame(rows)


def betweenness_dependence(interactions: pd.DataFrame, actors: list[str] | None = None) -> pd.DataFrame:
    """Each actor's betweenness on the whole graph, and on the graph of each source alone."""
    whole = centrality_table(signed_graph(aggregate_edges(interactions)))[["actor_id", "betweenness"]]
    out = whole.rename(columns={"betweenness": "all_sources"})
    for source, group in interactions.groupby("source_id", sort=True):
        part = centrality_table(signed_graph(aggregate_edges(group)))[["actor_id", "betweenness"]]
        out = out.merge(part.rename(columns={"betweenness": source}), on="actor_id", how="left")
    out = out.fillna(0.0)
    if actors is not None:
        out = out[out["actor_id"].isin(actors)]
    return out.sort_values(["all_sources", "actor_id"], ascending=[False, True]).reset_index(drop=True)


# ---------------------------------------------------------------- layout

def shared_layout(graphs: dict[str, nx.DiGraph], seed: int = SEED) -> dict[str, tuple[float, float]]:
    """One position per actor for all periods (so drawings compare), from a seeded spring layout of their union."""
    union = nx.Graph()
    for graph in graphs.values():
        for u, v, d in graph.edges(data=True):
            if u == v:
                continue
            w = union[u][v]["weight"] + d["weight"] if union.has_edge(u, v) else d["weight"]
            union.add_edge(u, v, weight=w)
        union.add_nodes_from(graph.nodes)
    nodes = sorted(union.nodes)
    ordered = nx.Graph()
    ordered.add_nodes_from(nodes)
    ordered.add_edges_from(sorted((min(u, v), max(u, v), d) for u, v, d in union.edges(data=True)))
    # a weak tie from every actor to a virtual centre keeps small components from drifting to the edges
    centre = "\x00centre"
    ordered.add_edges_from((centre, n, {"weight": 0.08}) for n in nodes)
    k = 1.6 / np.sqrt(max(len(nodes), 1))
    pos = nx.spring_layout(ordered, seed=seed, weight="weight", k=k, iterations=300)
    pos.pop(centre)
    xy = np.array([pos[n] for n in nodes]) if nodes else np.zeros((0, 2))
    if len(nodes) > 1:  # spread evenly: rank-based rescaling to [-1, 1] keeps order, removes crowding
        ranks = xy.argsort(axis=0).argsort(axis=0) / (len(nodes) - 1)
        xy = 0.5 * (ranks * 2 - 1) + 0.5 * (xy - xy.mean(axis=0)) / (np.abs(xy - xy.mean(axis=0)).max(axis=0) + 1e-12)
    pos = {n: xy[i] for i, n in enumerate(nodes)}
    return {n: (round(float(x), 4), round(float(y), 4)) for n, (x, y) in sorted(pos.items())}


# ---------------------------------------------------------------- figures

def draw_period_networks(graphs: dict[str, nx.DiGraph], positions: dict, labels: dict[str, str],
                         actors: pd.DataFrame, top_n_labels: int = 8, ncols: int = 3):
    """Small multiples: one drawing per period, same node positions, colour = actor kind, size = PageRank,
    edge colour = polarity. Only the top actors by PageRank in each period are labelled, for legibility."""
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    from .style import KIND_COLOURS, POLARITY_COLOURS

    from .data import short_names

    kinds = dict(zip(actors["actor_id"], actors["kind"]))
    names = short_names(actors)
    items = [(pid, g) for pid, g in graphs.items() if g.number_of_nodes()]
    nrows = int(np.ceil(len(items) / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(5.2 * ncols, 5.0 * nrows))
    axes = np.atleast_1d(axes).ravel()
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    for ax, (pid, graph) in zip(axes, items):
        pagerank = nx.pagerank(graph, weight="weight", tol=1e-10, max_iter=1000)
        edges = [(u, v, d) for u, v, d in sorted(graph.edges(data=True)) if u != v]
        if edges:  # one vectorised quiver call: arrows from u to v, stopped short of the nodes
            start = np.array([positions[u] for u, _, _ in edges])
            end = np.array([positions[v] for _, v, _ in edges])
            vec = end - start
            length = np.maximum(np.hypot(vec[:, 0], vec[:, 1]), 1e-9)[:, None]
            shrink = np.minimum(0.045, length / 3)
            tail = start + vec / length * shrink
            head = end - vec / length * shrink
            ax.quiver(tail[:, 0], tail[:, 1], head[:, 0] - tail[:, 0], head[:, 1] - tail[:, 1],
                      angles="xy", scale_units="xy", scale=1, width=0.0025, headwidth=4, headlength=5,
                      color=[POLARITY_COLOURS[d["sign"]] for _, _, d in edges], alpha=0.7, zorder=2)
        nodes = sorted(graph.nodes)
        ax.scatter([positions[n][0] for n in nodes], [positions[n][1] for n in nodes],
                   s=[40 + 2500 * pagerank[n] for n in nodes], c=[KIND_COLOURS.get(kinds.get(n), "#999999") for n in nodes],
                   edgecolors="#333333", linewidths=0.5, zorder=3)
        top = sorted(nodes, key=lambda n: (-pagerank[n], n))[:top_n_labels]
        for n in top:
            ax.text(positions[n][0], positions[n][1] + 0.045, names.get(n, n)[:24], fontsize=7.5, ha="center", zorder=4,
                    bbox=dict(boxstyle="round,pad=0.1", fc="white", ec="none", alpha=0.7))
        ax.set_title(f"{labels.get(pid, pid)}\n{graph.number_of_nodes()} actors, {graph.number_of_edges()} ties", fontsize=9)
        ax.set_xlim(min(xs) - 0.15, max(xs) + 0.15)
        ax.set_ylim(min(ys) - 0.15, max(ys) + 0.15)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_aspect("equal")
    for ax in axes[len(items):]:
        ax.axis("off")
    used_kinds = sorted({kinds.get(n, "other") for _, g in items for n in g.nodes})
    handles = [Line2D([], [], marker="o", ls="", color=KIND_COLOURS.get(k, "#999"), label=k.replace("_", " ")) for k in used_kinds]
    handles += [Line2D([], [], color=POLARITY_COLOURS[s], label=lab) for s, lab in ((1, "cooperative"), (-1, "conflictual"), (0, "mixed or neutral"))]
    fig.legend(handles=handles, loc="lower center", ncol=min(len(handles), 6), fontsize=8, frameon=False)
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    return fig


def draw_rank_changes(ranks: pd.DataFrame, labels: dict[str, str], names: dict[str, str]):
    """Bump chart: rank of each actor (rows of `ranks`) across periods (columns)."""
    import matplotlib.pyplot as plt

    from .style import colour_for

    fig, ax = plt.subplots(figsize=(10, 6))
    periods = list(ranks.columns)
    x = np.arange(len(periods))
    keys = list(ranks.index)
    for actor in keys:
        y = ranks.loc[actor].to_numpy(dtype=float)
        ax.plot(x, y, marker="o", color=colour_for(actor, keys), lw=1.6, alpha=0.85)
        last = np.where(~np.isnan(y))[0]
        if len(last):
            ax.text(x[last[-1]] + 0.08, y[last[-1]], names.get(actor, actor)[:26], fontsize=8, va="center")
    ax.invert_yaxis()
    ax.set_xticks(x, [labels.get(p, p).split(" (")[0] + "\n" + labels.get(p, p)[len(labels.get(p, p).split(" (")[0]):].strip() for p in periods], fontsize=8)
    ax.set_ylabel("rank by PageRank (1 = most central)")
    ax.set_xlim(-0.3, len(periods) - 0.3 + 1.2)
    fig.tight_layout()
    return fig


def draw_balance(balance: pd.DataFrame, labels: dict[str, str]):
    import matplotlib.pyplot as plt

    from .style import OKABE_ITO

    fig, ax = plt.subplots(figsize=(8, 4))
    frame = balance[balance["triangles"] > 0]
    x = np.arange(len(frame))
    ax.bar(x, frame["share_balanced"], color=OKABE_ITO["blue"])
    for xi, (share, n) in enumerate(zip(frame["share_balanced"], frame["triangles"])):
        ax.text(xi, share + 0.02, f"{share:.0%} of {n}", ha="center", fontsize=8)
    ax.set_xticks(x, [labels.get(p, p).split(" (")[0] for p in frame["period_id"]], fontsize=8)
    ax.set_ylim(0, 1.1)
    ax.set_ylabel("share of signed triangles that are balanced")
    fig.tight_layout()
    return fig


def write_graphml(graph: nx.DiGraph, path) -> None:
    """GraphML for Gephi; written to a temporary file, then moved into place."""
    import os
    import tempfile
    from pathlib import Path

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    clean = nx.DiGraph()
    for n, d in sorted(graph.nodes(data=True)):
        clean.add_node(n, **{k: str(v) for k, v in d.items() if k in ("name", "kind")})
    for u, v, d in sorted(graph.edges(data=True)):
        clean.add_edge(u, v, **{k: int(d[k]) for k in ("weight", "net_polarity", "cooperative", "conflictual", "neutral", "sign")})
    fd, tmp = tempfile.mkstemp(suffix=".graphml", dir=path.parent)
    os.close(fd)
    nx.write_graphml(clean, tmp)
    os.replace(tmp, path)


def summary_by_period(graphs: dict[str, nx.DiGraph], periods: pd.DataFrame) -> pd.DataFrame:
    """Actors, ties, interactions and the share of cooperative interactions, per period."""
    labels = dict(zip(periods["period_id"], periods["label"]))
    rows = []
    for pid, graph in graphs.items():
        weights = [d["weight"] for _, _, d in graph.edges(data=True)]
        coop = sum(d["cooperative"] for _, _, d in graph.edges(data=True))
        conf = sum(d["conflictual"] for _, _, d in graph.edges(data=True))
        total = sum(weights)
        rows.append({"period": labels.get(pid, pid), "actors": graph.number_of_nodes(), "ties": graph.number_of_edges(),
                     "interactions": total, "cooperative": coop, "conflictual": conf,
                     "share_cooperative": round(coop / total, 2) if total else np.nan})
    return pd.DataFrame(rows)


def self_check(interactions: pd.DataFrame, periods: pd.DataFrame, graphs: dict[str, nx.DiGraph]) -> str:
    """A check a student can run after changing the data: every dated interaction lands in exactly one graph."""
    placed = period_of(interactions, periods)
    in_graphs = sum(d["weight"] for g in graphs.values() for _, _, d in g.edges(data=True))
    outside = int(placed.isna().sum())
    if in_graphs + outside != len(interactions):
        raise AssertionError(f"{len(interactions)} interactions, but {in_graphs} in the graphs and {outside} outside every period")
    return (f"self-check passed: {len(interactions)} interactions, {in_graphs} in the period graphs, "
            f"{outside} outside every period")
