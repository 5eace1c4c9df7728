"""Drawings of actor networks: one period at full width with labels that never overlap, an adjacency
matrix ordered by camp (for print), small multiples, rank changes, balance. Edge weight = acts.

Every layout is seeded and every label placement deterministic, so the drawings repeat.
"""

from __future__ import annotations

import re

import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ..analysis.networks import SEED
from ..data import short_names
from .layout import FONT, period_layout, place_labels, shared_layout
from .style import KIND_COLOURS

__all__ = [
    "display_names",
    "shared_layout",
    "period_layout",
    "place_labels",
    "draw_period_network",
    "draw_adjacency_matrix",
    "draw_period_networks",
    "draw_rank_changes",
    "draw_balance",
    "camp_order",
    "describe_network",
]


def display_names(actors: pd.DataFrame) -> dict[str, str]:
    """Short names that are unique: where two actors share a short name ('OSCE' for the OSCE and its
    Minsk Group), each takes its name without the parenthetical glosses ('OSCE Minsk Group'), and if
    that still repeats, its id in brackets."""
    names = short_names(actors)
    full = dict(zip(actors["actor_id"], actors["name"]))
    counts = pd.Series(names).value_counts()
    out = {
        a: (re.sub(r"\s*\([^)]*\)", "", full[a]).strip() if counts[n] > 1 else n)
        for a, n in names.items()
    }
    repeated = pd.Series(out).value_counts()
    return {a: (f"{n} [{a}]" if repeated[n] > 1 else n) for a, n in out.items()}


def _arrows(ax, graph: nx.DiGraph, positions: dict, width_per_act: float = 0.6) -> None:
    from .style import POLARITY_COLOURS

    for u, v, d in sorted(graph.edges(data=True)):
        if u == v:
            continue
        ax.annotate(
            "",
            xy=positions[v],
            xytext=positions[u],
            zorder=2,
            arrowprops=dict(
                arrowstyle="-|>",
                color=POLARITY_COLOURS[d["sign"]],
                lw=0.6 + width_per_act * min(d["weight"], 6),
                alpha=0.65,
                shrinkA=6,
                shrinkB=6,
                mutation_scale=9,
                connectionstyle="arc3,rad=0.08",
            ),
        )


def _legend(fig, kinds: list[str], ncol: int = 4) -> None:
    from matplotlib.lines import Line2D

    from .style import KIND_COLOURS, POLARITY_COLOURS

    handles = [
        Line2D(
            [],
            [],
            marker="o",
            ls="",
            color=KIND_COLOURS.get(k, "#999999"),
            label=k.replace("_", " "),
        )
        for k in kinds
    ]
    handles += [
        Line2D([], [], color=POLARITY_COLOURS[s], label=lab)
        for s, lab in ((1, "cooperative"), (-1, "conflictual"), (0, "mixed or neutral"))
    ]
    fig.legend(handles=handles, loc="lower center", ncol=ncol, fontsize=FONT, frameon=False)


def _draw_nodes(ax, nodes, positions, pagerank, kinds, size, linewidth) -> None:
    """Actors as dots: area by PageRank (base + scale x rank), colour by kind."""
    base, scale = size
    ax.scatter(
        [positions[n][0] for n in nodes],
        [positions[n][1] for n in nodes],
        s=[base + scale * pagerank[n] for n in nodes],
        c=[KIND_COLOURS.get(kinds.get(n), "#999999") for n in nodes],
        edgecolors="#333333",
        linewidths=linewidth,
        zorder=3,
    )


def draw_period_network(
    graph: nx.DiGraph,
    actors: pd.DataFrame,
    title: str = "",
    max_labels: int = 15,
    seed: int = SEED,
    width: float = 7.5,
) -> Figure:
    """One period at full text width: node size = PageRank, arrow width = acts on the tie, colour =
    the tie's net polarity. At most `max_labels` actors (by PageRank) are labelled, with no label
    overlapping another or a node; the figure's `labelled` attribute lists them."""
    import matplotlib.pyplot as plt

    kinds = dict(zip(actors["actor_id"], actors["kind"]))
    names = display_names(actors)
    positions = period_layout(graph, seed)
    pagerank = nx.pagerank(graph, weight="weight", tol=1e-10, max_iter=1000) if len(graph) else {}
    fig, ax = plt.subplots(figsize=(width, width * 0.82))
    _arrows(ax, graph, positions)
    nodes = sorted(graph.nodes)
    _draw_nodes(ax, nodes, positions, pagerank, kinds, size=(30, 1800), linewidth=0.5)
    ax.set_xlim(-1.25, 1.25)
    ax.set_ylim(-1.2, 1.2)
    ax.set_xticks([])
    ax.set_yticks([])
    for side in ax.spines.values():
        side.set_visible(False)
    if title:
        ax.set_title(title, fontsize=FONT + 2)
    _legend(fig, sorted({kinds.get(n, "other") for n in nodes}))
    fig.tight_layout(rect=(0, 0.1, 1, 1))
    order = sorted(nodes, key=lambda n: (-pagerank[n], n))[:max_labels]
    fig.labelled = place_labels(ax, positions, {n: names.get(n, n) for n in nodes}, order)
    return fig


def describe_network(graph: nx.DiGraph, names: dict[str, str], labelled: list[str]) -> str:
    """A caption (and alt text) from the data: size, polarity of ties, most central actors."""
    signs = [d["sign"] for _, _, d in graph.edges(data=True)]
    acts = len({a for _, _, d in graph.edges(data=True) for a, _ in d.get("acts", ())})
    top = ", ".join(names.get(n, n) for n in labelled[:3])
    return (
        f"{graph.number_of_nodes()} actors and {graph.number_of_edges()} ties carrying {acts} "
        f"acts; {signs.count(1)} ties are on balance cooperative, {signs.count(-1)} "
        f"conflictual, {signs.count(0)} mixed or neutral. {len(labelled)} actors are labelled, "
        f"the most central first: {top}."
    )


def camp_order(graph: nx.DiGraph, camps: list[list[str]], max_actors: int = 20) -> list[str]:
    """Actors in camp order (camps largest first; within a camp by acts, then id), actors in no
    camp last; the `max_actors` with most acts are kept."""
    strength = {n: graph.degree(n, weight="weight") for n in graph.nodes}
    keep = set(sorted(strength, key=lambda n: (-strength[n], n))[:max_actors])
    membership = {a: i for i, camp in enumerate(camps) for a in camp}
    return sorted(keep, key=lambda n: (membership.get(n, len(camps)), -strength[n], n))


def draw_adjacency_matrix(
    graph: nx.DiGraph,
    camps: list[list[str]],
    names: dict[str, str],
    title: str = "",
    max_actors: int = 20,
    width: float = 7.5,
) -> Figure:
    """Who acted upon whom, as a matrix ordered by camp: row = the actor acting, column = the actor
    acted upon, colour = net polarity of the tie, number = acts; lines separate the camps. Reads
    in black and white too (the numbers carry the counts, the signs + and − the polarity)."""
    import matplotlib.pyplot as plt

    from .style import POLARITY_COLOURS

    order = camp_order(graph, camps, max_actors)
    index = {n: i for i, n in enumerate(order)}
    fig, ax = plt.subplots(figsize=(width, width))
    ax.set_facecolor("white")
    for u, v, d in graph.edges(data=True):
        if u in index and v in index:
            i, j = index[u], index[v]
            ax.add_patch(
                plt.Rectangle(
                    (j - 0.5, i - 0.5),
                    1,
                    1,
                    color=POLARITY_COLOURS[d["sign"]],
                    alpha=0.35 + 0.1 * min(d["weight"], 6),
                    lw=0,
                )
            )
            mark = {1: "+", -1: "−", 0: ""}[d["sign"]]
            ax.text(
                j, i, f"{d['weight']}{mark}", ha="center", va="center", fontsize=FONT, color="black"
            )
    membership = {a: i for i, camp in enumerate(camps) for a in camp}
    groups = [membership.get(n, len(camps)) for n in order]
    for k in range(1, len(order)):
        if groups[k] != groups[k - 1]:
            ax.axhline(k - 0.5, color="#333333", lw=0.8)
            ax.axvline(k - 0.5, color="#333333", lw=0.8)
    ax.set_xlim(-0.5, len(order) - 0.5)
    ax.set_ylim(len(order) - 0.5, -0.5)
    labels = [names.get(n, n)[:28] for n in order]
    ax.set_xticks(range(len(order)), labels, rotation=90, fontsize=FONT)
    ax.set_yticks(range(len(order)), labels, fontsize=FONT)
    ax.set_xlabel("acted upon", fontsize=FONT)
    ax.set_ylabel("acting", fontsize=FONT)
    ax.tick_params(length=0)
    if title:
        ax.set_title(title, fontsize=FONT + 2)
    fig.tight_layout()
    fig.shown_actors = order
    return fig


def draw_period_networks(
    graphs: dict[str, nx.DiGraph],
    positions: dict,
    labels: dict[str, str],
    actors: pd.DataFrame,
    top_n_labels: int = 6,
    ncols: int = 2,
) -> Figure:
    """Small multiples: one panel per period with ties, the same node positions in every panel,
    colour = actor kind, size = PageRank, arrow colour = polarity; the top actors by PageRank of
    each panel are labelled where their labels do not overlap."""
    import matplotlib.pyplot as plt

    kinds = dict(zip(actors["actor_id"], actors["kind"]))
    names = display_names(actors)
    items = [(pid, g) for pid, g in graphs.items() if g.number_of_nodes()]
    nrows = int(np.ceil(len(items) / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(7.5, 3.9 * nrows))
    axes = np.atleast_1d(axes).ravel()
    for ax, (pid, graph) in zip(axes, items):
        pagerank = nx.pagerank(graph, weight="weight", tol=1e-10, max_iter=1000)
        _arrows(ax, graph, positions, width_per_act=0.2)
        nodes = sorted(graph.nodes)
        _draw_nodes(ax, nodes, positions, pagerank, kinds, size=(15, 900), linewidth=0.4)
        ax.set_title(
            f"{labels.get(pid, pid)}\n{graph.number_of_nodes()} actors, "
            f"{graph.number_of_edges()} ties",
            fontsize=FONT,
        )
        ax.set_xlim(-1.2, 1.2)
        ax.set_ylim(-1.2, 1.2)
        ax.set_xticks([])
        ax.set_yticks([])
    for ax in axes[len(items) :]:
        ax.axis("off")
    _legend(fig, sorted({kinds.get(n, "other") for _, g in items for n in g.nodes}))
    fig.tight_layout(rect=(0, 0.07, 1, 1))
    for ax, (_, graph) in zip(axes, items):
        pagerank = nx.pagerank(graph, weight="weight", tol=1e-10, max_iter=1000)
        order = sorted(graph.nodes, key=lambda n: (-pagerank[n], n))[:top_n_labels]
        place_labels(
            ax,
            {n: positions[n] for n in graph.nodes},
            {n: names.get(n, n) for n in graph.nodes},
            order,
        )
    return fig


def draw_rank_changes(ranks: pd.DataFrame, labels: dict[str, str], names: dict[str, str]) -> Figure:
    """Rank grid: one row per actor (rows of `ranks`, best-ranked first), one column per period
    (columns of `ranks`), the rank written in a circle whose shade darkens with the rank; an empty
    cell is a period in which the actor is not in the ranking. Labels never overlap: the actors are
    the rows, the periods the columns."""
    import matplotlib.pyplot as plt

    from .style import OKABE_ITO

    order = sorted(ranks.index, key=lambda a: (ranks.loc[a].min(), ranks.loc[a].mean(), a))
    periods = list(ranks.columns)
    fig, ax = plt.subplots(figsize=(7.5, 1.2 + 0.32 * len(order)))
    for row, actor in enumerate(order):
        for col, period in enumerate(periods):
            rank = ranks.loc[actor, period]
            if pd.isna(rank):
                continue
            strong = rank <= 3
            ax.scatter(
                col,
                row,
                s=260,
                color=OKABE_ITO["blue"],
                alpha=0.9 if strong else 0.35,
                edgecolors="none",
                zorder=2,
            )
            ax.text(
                col,
                row,
                f"{int(rank)}",
                ha="center",
                va="center",
                fontsize=FONT,
                color="white" if strong else "black",
                zorder=3,
            )
        present = [c for c, p in enumerate(periods) if not pd.isna(ranks.loc[actor, p])]
        if len(present) > 1:
            ax.plot(present, [row] * len(present), color="#bbbbbb", lw=0.8, zorder=1)
    shown = [n if len(n) <= 34 else n[:33] + "…" for n in (names.get(a, a) for a in order)]
    ax.set_yticks(range(len(order)), shown, fontsize=FONT)
    years = [labels.get(p, p).rsplit("(", 1)[-1].rstrip(")") for p in periods]
    ax.set_xticks(range(len(periods)), years, fontsize=FONT)
    ax.set_xlim(-0.5, len(periods) - 0.5)
    ax.set_ylim(len(order) - 0.5, -0.5)
    ax.set_xlabel("period", fontsize=FONT)
    ax.tick_params(length=0)
    for side in ax.spines.values():
        side.set_visible(False)
    fig.tight_layout()
    return fig


def draw_balance(balance: pd.DataFrame, labels: dict[str, str]) -> Figure:
    """Share of balanced signed triangles per period, with the number of triangles."""
    import matplotlib.pyplot as plt

    from .style import OKABE_ITO

    fig, ax = plt.subplots(figsize=(7.5, 4))
    frame = balance[balance["triangles"] > 0]
    x = np.arange(len(frame))
    ax.bar(x, frame["share_balanced"], color=OKABE_ITO["blue"])
    for xi, (share, n) in enumerate(zip(frame["share_balanced"], frame["triangles"])):
        ax.text(xi, share + 0.02, f"{share:.0%} of {n}", ha="center", fontsize=FONT)
    years = [labels.get(p, p).rsplit("(", 1)[-1].rstrip(")") for p in frame["period_id"]]
    ax.set_xticks(x, years, fontsize=FONT)
    ax.set_ylim(0, 1.1)
    ax.set_ylabel("share of signed triangles balanced", fontsize=FONT)
    ax.set_xlabel("period", fontsize=FONT)
    fig.tight_layout()
    return fig
