"""Drawings of actor networks: a seeded shared layout, period panels, rank changes, balance."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd

from ..analysis.networks import SEED
from ..data import short_names


def shared_layout(
    graphs: dict[str, nx.DiGraph], seed: int = SEED
) -> dict[str, tuple[float, float]]:
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
    if (
        len(nodes) > 1
    ):  # spread evenly: rank-based rescaling to [-1, 1] keeps order, removes crowding
        ranks = xy.argsort(axis=0).argsort(axis=0) / (len(nodes) - 1)
        xy = 0.5 * (ranks * 2 - 1) + 0.5 * (xy - xy.mean(axis=0)) / (
            np.abs(xy - xy.mean(axis=0)).max(axis=0) + 1e-12
        )
    pos = {n: xy[i] for i, n in enumerate(nodes)}
    return {n: (round(float(x), 4), round(float(y), 4)) for n, (x, y) in sorted(pos.items())}


def draw_period_networks(
    graphs: dict[str, nx.DiGraph],
    positions: dict,
    labels: dict[str, str],
    actors: pd.DataFrame,
    top_n_labels: int = 8,
    ncols: int = 3,
):
    """Small multiples: one drawing per period, same node positions, colour = actor kind, size = PageRank,
    edge colour = polarity. Only the top actors by PageRank in each period are labelled, for legibility."""
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    from .style import KIND_COLOURS, POLARITY_COLOURS

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
            ax.quiver(
                tail[:, 0],
                tail[:, 1],
                head[:, 0] - tail[:, 0],
                head[:, 1] - tail[:, 1],
                angles="xy",
                scale_units="xy",
                scale=1,
                width=0.0025,
                headwidth=4,
                headlength=5,
                color=[POLARITY_COLOURS[d["sign"]] for _, _, d in edges],
                alpha=0.7,
                zorder=2,
            )
        nodes = sorted(graph.nodes)
        ax.scatter(
            [positions[n][0] for n in nodes],
            [positions[n][1] for n in nodes],
            s=[40 + 2500 * pagerank[n] for n in nodes],
            c=[KIND_COLOURS.get(kinds.get(n), "#999999") for n in nodes],
            edgecolors="#333333",
            linewidths=0.5,
            zorder=3,
        )
        top = sorted(nodes, key=lambda n: (-pagerank[n], n))[:top_n_labels]
        for n in top:
            ax.text(
                positions[n][0],
                positions[n][1] + 0.045,
                names.get(n, n)[:24],
                fontsize=7.5,
                ha="center",
                zorder=4,
                bbox=dict(boxstyle="round,pad=0.1", fc="white", ec="none", alpha=0.7),
            )
        ax.set_title(
            f"{labels.get(pid, pid)}\n{graph.number_of_nodes()} actors, {graph.number_of_edges()} ties",
            fontsize=9,
        )
        ax.set_xlim(min(xs) - 0.15, max(xs) + 0.15)
        ax.set_ylim(min(ys) - 0.15, max(ys) + 0.15)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_aspect("equal")
    for ax in axes[len(items) :]:
        ax.axis("off")
    used_kinds = sorted({kinds.get(n, "other") for _, g in items for n in g.nodes})
    handles = [
        Line2D(
            [], [], marker="o", ls="", color=KIND_COLOURS.get(k, "#999"), label=k.replace("_", " ")
        )
        for k in used_kinds
    ]
    handles += [
        Line2D([], [], color=POLARITY_COLOURS[s], label=lab)
        for s, lab in ((1, "cooperative"), (-1, "conflictual"), (0, "mixed or neutral"))
    ]
    fig.legend(
        handles=handles, loc="lower center", ncol=min(len(handles), 6), fontsize=8, frameon=False
    )
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
            ax.text(
                x[last[-1]] + 0.08,
                y[last[-1]],
                names.get(actor, actor)[:26],
                fontsize=8,
                va="center",
            )
    ax.invert_yaxis()
    ax.set_xticks(
        x,
        [
            labels.get(p, p).split(" (")[0]
            + "\n"
            + labels.get(p, p)[len(labels.get(p, p).split(" (")[0]) :].strip()
            for p in periods
        ],
        fontsize=8,
    )
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
