"""Seeded layouts of actor networks and a deterministic label placement that avoids overlaps."""

from __future__ import annotations

import networkx as nx
import numpy as np

from ..analysis.networks import SEED

__all__ = ["FONT", "shared_layout", "period_layout", "place_labels"]

FONT = 9  # the smallest text in any figure, in points, at the displayed width


def _spread(layout: dict, nodes: list[str]) -> dict[str, tuple[float, float]]:
    """Rank-based rescaling to [-1, 1]: keeps the order of positions, removes crowding."""
    xy = np.array([layout[n] for n in nodes]) if nodes else np.zeros((0, 2))
    if len(nodes) > 1:
        ranks = xy.argsort(axis=0).argsort(axis=0) / (len(nodes) - 1)
        centred = xy - xy.mean(axis=0)
        xy = 0.5 * (ranks * 2 - 1) + 0.5 * centred / (np.abs(centred).max(axis=0) + 1e-12)
    return {n: (round(float(xy[i][0]), 4), round(float(xy[i][1]), 4)) for i, n in enumerate(nodes)}


def _layout(union: nx.Graph, seed: int) -> dict[str, tuple[float, float]]:
    nodes = sorted(union.nodes)
    ordered = nx.Graph()
    ordered.add_nodes_from(nodes)
    ordered.add_edges_from(sorted((min(u, v), max(u, v), d) for u, v, d in union.edges(data=True)))
    # a weak tie from every actor to a virtual centre keeps small components from drifting away
    centre = "\x00centre"
    ordered.add_edges_from((centre, n, {"weight": 0.08}) for n in nodes)
    k = 1.6 / np.sqrt(max(len(nodes), 1))
    pos = nx.spring_layout(ordered, seed=seed, weight="weight", k=k, iterations=300)
    pos.pop(centre)
    return dict(sorted(_spread(pos, nodes).items()))


def _union(graphs) -> nx.Graph:
    union = nx.Graph()
    for graph in graphs:
        union.add_nodes_from(graph.nodes)
        for u, v, d in graph.edges(data=True):
            if u != v:
                w = union[u][v]["weight"] + d["weight"] if union.has_edge(u, v) else d["weight"]
                union.add_edge(u, v, weight=w)
    return union


def shared_layout(
    graphs: dict[str, nx.DiGraph], seed: int = SEED
) -> dict[str, tuple[float, float]]:
    """One position per actor for all periods (so drawings compare): a seeded spring layout of
    their union."""
    return _layout(_union(graphs.values()), seed)


def period_layout(graph: nx.DiGraph, seed: int = SEED) -> dict[str, tuple[float, float]]:
    """A seeded spring layout of one period's graph alone (more room for each actor)."""
    return _layout(_union([graph]), seed)


def place_labels(
    ax,
    points: dict[str, tuple[float, float]],
    texts: dict[str, str],
    order: list[str],
    fontsize: float = FONT,
    pad: float = 2.0,
) -> list[str]:
    """Label the actors of `order` (most important first) without overlaps: each label tries
    eight positions around its node at growing distances and takes the first whose box overlaps
    no label placed before it and no other node; a label that finds no place is left out.
    Deterministic. Returns the actors labelled."""
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    to_px = ax.transData.transform
    node_px = {n: to_px(xy) for n, xy in points.items()}
    frame = ax.get_window_extent(renderer)
    placed_boxes, labelled = [], []
    directions = [(0, 1), (0, -1), (1, 0), (-1, 0), (1, 1), (-1, 1), (1, -1), (-1, -1)]
    for actor in order:
        x0, y0 = node_px[actor]
        chosen = None
        for step in (10, 18, 28, 40):
            for dx, dy in directions:
                ha = "left" if dx > 0 else "right" if dx < 0 else "center"
                va = "bottom" if dy > 0 else "top" if dy < 0 else "center"
                xy = ax.transData.inverted().transform((x0 + dx * step, y0 + dy * step))
                text = ax.text(
                    xy[0],
                    xy[1],
                    _wrap(texts[actor]),
                    fontsize=fontsize,
                    ha=ha,
                    va=va,
                    zorder=5,
                    bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.85),
                )
                box = text.get_window_extent(renderer).expanded(1.0, 1.0).padded(pad)
                hits_node = any(box.contains(*node_px[n]) for n in node_px if n != actor)
                inside = (
                    box.x0 >= frame.x0
                    and box.x1 <= frame.x1
                    and box.y0 >= frame.y0
                    and box.y1 <= frame.y1
                )
                if inside and not hits_node and not any(box.overlaps(b) for b in placed_boxes):
                    chosen = (text, box, xy)
                    break
                text.remove()
            if chosen:
                break
        if chosen:
            text, box, xy = chosen
            placed_boxes.append(box)
            labelled.append(actor)
            ax.plot(
                [points[actor][0], xy[0]],
                [points[actor][1], xy[1]],
                color="#666666",
                lw=0.5,
                zorder=4,
            )
    return labelled


def _wrap(text: str, width: int = 22) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width)) or text
