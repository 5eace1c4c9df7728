"""Camps, brokers and structural balance of a signed actor graph (seeded, so results repeat)."""

from __future__ import annotations

from itertools import combinations

import networkx as nx
import numpy as np
import pandas as pd

from .networks import SEED


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
    for _, _, d in out.edges(data=True):
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
    communities = nx.community.louvain_communities(
        layer, weight="weight", seed=seed, resolution=resolution
    )
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
        if (
            len(other) >= 2
            or (own is None and len(tied) >= 2)
            or (own is not None and len(other) >= 1 and len(tied) >= 2)
        ):
            rows.append(
                {
                    "actor_id": node,
                    "own_camp": own,
                    "camps_tied": len(tied),
                    "other_camps": len(other),
                }
            )
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
        triangles.append(
            {
                "a": u,
                "b": v,
                "c": w,
                "signs": f"{signed[u][v]['sign']:+d} {signed[v][w]['sign']:+d} {signed[u][w]['sign']:+d}",
                "balanced": product > 0,
            }
        )
    table = pd.DataFrame(triangles, columns=["a", "b", "c", "signs", "balanced"])
    total = len(table)
    balanced = int(table["balanced"].sum()) if total else 0
    return {
        "triangles": total,
        "balanced": balanced,
        "share_balanced": (balanced / total) if total else float("nan"),
        "unbalanced": table[~table["balanced"]].reset_index(drop=True) if total else table,
    }


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
        rows.append(
            {
                "period_id": pid,
                "triangles": result["triangles"],
                "balanced": result["balanced"],
                "share_balanced": round(result["share_balanced"], 3)
                if result["triangles"]
                else np.nan,
            }
        )
    return pd.DataFrame(rows)
