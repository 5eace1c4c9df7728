"""Camps, brokers and structural balance of a signed actor graph (seeded, so results repeat)."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

import networkx as nx
import numpy as np
import pandas as pd

from .networks import SEED, act_keys, aggregate_edges, signed_graph

__all__ = [
    "undirected_signed",
    "cooperation_layer",
    "detect_camps",
    "find_brokers",
    "CampConflict",
    "camp_conflict",
    "camp_conflict_rows",
    "Balance",
    "structural_balance",
    "triangle_rows",
    "balance_by_period",
]


def undirected_signed(graph: nx.DiGraph) -> nx.Graph:
    """Collapse directions, counting each act once: a mutual act (A -> B and B -> A, one act) adds 1
    to the pair's weight, not 2. The weight is the number of distinct acts on the pair, the net
    polarity the sum of their polarities, the sign that of the sum. Edges built without their acts
    (no `acts` attribute) add up weights and net polarities instead. Self-loops are dropped.
    """
    out = nx.Graph()
    out.add_nodes_from(graph.nodes(data=True))
    merged: dict[tuple, dict] = {}
    for u, v, d in graph.edges(data=True):
        if u == v:
            continue
        key = (min(u, v), max(u, v))
        entry = merged.setdefault(key, {"acts": {}, "weight": 0, "net_polarity": 0})
        if d.get("acts"):
            entry["acts"].update(dict(d["acts"]))
        else:
            entry["weight"] += d["weight"]
            entry["net_polarity"] += d["net_polarity"]
    for (u, v), entry in sorted(merged.items()):
        weight = entry["weight"] + len(entry["acts"])
        net = entry["net_polarity"] + sum(entry["acts"].values())
        out.add_edge(u, v, weight=weight, net_polarity=net, sign=int(np.sign(net)))
    return out


def cooperation_layer(graph: nx.DiGraph) -> nx.Graph:
    """The undirected graph of pairs whose interactions are, on balance, cooperative."""
    full = undirected_signed(graph)
    layer = nx.Graph()
    layer.add_nodes_from(sorted(full.nodes))
    layer.add_edges_from((u, v, d) for u, v, d in full.edges(data=True) if d["sign"] > 0)
    return layer


def detect_camps(graph: nx.DiGraph, seed: int = SEED, resolution: float = 1.0) -> list[list[str]]:
    """Louvain communities on the cooperation layer (seeded), largest first; isolates left out."""
    layer = cooperation_layer(graph)
    layer.remove_nodes_from([n for n in list(layer.nodes) if layer.degree(n) == 0])
    if layer.number_of_edges() == 0:
        return []
    communities = nx.community.louvain_communities(
        layer, weight="weight", seed=seed, resolution=resolution
    )
    return sorted((sorted(c) for c in communities), key=lambda c: (-len(c), c[0]))


def find_brokers(graph: nx.DiGraph, camps: list[list[str]]) -> pd.DataFrame:
    """Actors whose cooperative ties reach two or more camps: a camp member with a cooperative tie
    into at least one other camp (its own camp and that one), or an actor outside every camp with
    cooperative ties into two or more camps."""
    membership = {actor: i for i, camp in enumerate(camps) for actor in camp}
    layer = cooperation_layer(graph)
    rows = []
    for node in sorted(layer.nodes):
        own = membership.get(node)
        tied = sorted({membership[n] for n in layer.neighbors(node) if n in membership})
        other = [c for c in tied if c != own]
        if (own is not None and len(other) >= 1) or (own is None and len(tied) >= 2):
            rows.append(
                {
                    "actor_id": node,
                    "own_camp": own,
                    "camps_tied": len(tied),
                    "other_camps": len(other),
                }
            )
    return pd.DataFrame(rows, columns=["actor_id", "own_camp", "camps_tied", "other_camps"])


@dataclass(frozen=True)
class CampConflict:
    """Conflictual acts on ties between two camp members, within one camp or between two camps
    (counted as edge weights are: an act adds 1 to each of its ties)."""

    within: int
    between: int

    @property
    def share_between(self) -> float:
        total = self.within + self.between
        return self.between / total if total else float("nan")


def camp_conflict(graph: nx.DiGraph, camps: list[list[str]]) -> CampConflict:
    """How many conflictual acts run within camps and how many between them; ties with an actor
    outside every camp are left out."""
    membership = {actor: i for i, camp in enumerate(camps) for actor in camp}
    within = between = 0
    for u, v, d in graph.edges(data=True):
        if u == v or u not in membership or v not in membership:
            continue
        if membership[u] == membership[v]:
            within += d["conflictual"]
        else:
            between += d["conflictual"]
    return CampConflict(within, between)


def camp_conflict_rows(rows: pd.DataFrame, camps: list[list[str]]) -> pd.DataFrame:
    """The rows `camp_conflict` counts, for a provenance note: one per conflictual act and
    directed tie between two camp members (as edge weights count), `camps` 'within' or 'between'.
    On the rows a graph was built from, their numbers are camp_conflict's within and between."""
    membership = {actor: i for i, camp in enumerate(camps) for actor in camp}
    origin, target = rows["actor_from"].map(membership), rows["actor_to"].map(membership)
    keep = (rows["polarity"] < 0) & (rows["actor_from"] != rows["actor_to"])
    keep &= origin.notna() & target.notna()
    picked = rows[keep].assign(_act=act_keys(rows[keep]))
    picked = picked.drop_duplicates(["actor_from", "actor_to", "_act"]).drop(columns="_act")
    same = picked["actor_from"].map(membership) == picked["actor_to"].map(membership)
    return picked.assign(camps=np.where(same, "within", "between"))


@dataclass(frozen=True)
class Balance:
    """Structural balance of one signed graph: triangles, balanced ones, the unbalanced ones."""

    triangles: int
    balanced: int
    unbalanced: pd.DataFrame = field(repr=False, compare=False)

    @property
    def share_balanced(self) -> float:
        return self.balanced / self.triangles if self.triangles else float("nan")


def structural_balance(graph: nx.DiGraph) -> Balance:
    """Share of balanced signed triangles (product of signs > 0) on the undirected signed graph.

    Pairs whose acts cancel out (sign 0) are not signed ties and take no part in triangles.
    """
    table = _signed_triangles(graph)
    balanced = int(table["balanced"].sum()) if len(table) else 0
    unbalanced = table[~table["balanced"].astype(bool)].reset_index(drop=True)
    return Balance(len(table), balanced, unbalanced)


def triangle_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows behind `structural_balance` of these rows' network, for a provenance note: those
    on a pair of one of its signed triangles (pairs whose acts cancel out take no part)."""
    table = _signed_triangles(signed_graph(aggregate_edges(rows)))
    pairs = {
        frozenset(p)
        for t in table.itertuples(index=False)
        for p in ((t.a, t.b), (t.b, t.c), (t.a, t.c))
    }
    on = [frozenset((u, v)) in pairs for u, v in zip(rows["actor_from"], rows["actor_to"])]
    return rows[on]


def _signed_triangles(graph: nx.DiGraph) -> pd.DataFrame:
    """Every signed triangle of the undirected signed graph, its signs and whether balanced."""
    signed = undirected_signed(graph)
    signed.remove_edges_from([(u, v) for u, v, d in signed.edges(data=True) if d["sign"] == 0])
    triangles = []
    for u, v, w in _triangles(signed):
        signs = (signed[u][v]["sign"], signed[v][w]["sign"], signed[u][w]["sign"])
        triangles.append(
            {
                "a": u,
                "b": v,
                "c": w,
                "signs": " ".join(f"{x:+d}" for x in signs),
                "balanced": signs[0] * signs[1] * signs[2] > 0,
            }
        )
    return pd.DataFrame(triangles, columns=["a", "b", "c", "signs", "balanced"])


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
    """Triangles, balanced triangles and the balanced share per period (blank without triangles)."""
    rows = []
    for pid, graph in graphs.items():
        result = structural_balance(graph)
        rows.append(
            {
                "period_id": pid,
                "triangles": result.triangles,
                "balanced": result.balanced,
                "share_balanced": round(result.share_balanced, 3) if result.triangles else np.nan,
            }
        )
    return pd.DataFrame(rows)
