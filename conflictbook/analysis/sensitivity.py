"""Do the network findings hold on a narrower reading? The main results recomputed on variants.

A variant is a subset of the interaction rows: rows whose agent and target the source names
(`basis == "stated"`), acts placed in a period (unplaced acts left out), or both. For each scope
(each period, and the whole record pooled) three results are compared with the full data, each
with a written rule for "holds":

- centrality: the actor ranked first by PageRank is the same, and at least `top_overlap` of the
  top `top_n` stay in the top `top_n`;
- camps: the Rand index of the two camp partitions, over the actors in both, is at least
  `min_rand` (pairs of actors together in one and apart in the other lower it);
- balance: the share of balanced triangles moves by at most `max_shift`.

Per period, leaving unplaced acts out changes nothing (they are in no period graph already); it
changes the pooled whole-record results.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

import networkx as nx
import pandas as pd

from .networks import aggregate_edges, centrality_table, period_graphs, signed_graph
from .periodise import period_of
from .structure import detect_camps, structural_balance

__all__ = [
    "Variant",
    "variants",
    "rand_index",
    "compare",
    "sensitivity_table",
    "check_ids",
    "WHOLE",
    "VARIANTS",
    "MEASURES",
]

WHOLE = "whole record"
# the variants: short name (for ids) and the description the tables show
VARIANTS = {
    "stated": "rows with basis 'stated' only",
    "placed": "unplaced acts left out",
    "stated_placed": "stated rows of placed acts",
}
MEASURES = {"top": "top {n} by PageRank", "camps": "camps", "balance": "balanced triangles"}


@dataclass(frozen=True)
class Variant:
    """A named subset of the interaction rows."""

    name: str
    description: str
    rows: pd.DataFrame = field(repr=False, compare=False)


def variants(interactions: pd.DataFrame, periods: pd.DataFrame) -> list[Variant]:
    """The three narrower readings: stated rows only; placed acts only; both."""
    stated = interactions["basis"] == "stated"
    placed = period_of(interactions, periods).notna()
    return [
        Variant("stated", VARIANTS["stated"], interactions[stated]),
        Variant("placed", VARIANTS["placed"], interactions[placed]),
        Variant("stated_placed", VARIANTS["stated_placed"], interactions[stated & placed]),
    ]


def rand_index(first: list[list[str]], second: list[list[str]]) -> float:
    """Share of actor pairs (actors in both partitions) that both put together or both apart."""
    a = {n: i for i, camp in enumerate(first) for n in camp}
    b = {n: i for i, camp in enumerate(second) for n in camp}
    common = sorted(set(a) & set(b))
    pairs = list(combinations(common, 2))
    if not pairs:
        return float("nan")
    agree = sum((a[u] == a[v]) == (b[u] == b[v]) for u, v in pairs)
    return agree / len(pairs)


def _graphs(rows: pd.DataFrame, periods: pd.DataFrame) -> dict[str, nx.DiGraph]:
    graphs = period_graphs(rows, periods)
    graphs[WHOLE] = signed_graph(aggregate_edges(rows))
    return graphs


def compare(
    base: nx.DiGraph,
    other: nx.DiGraph,
    names: dict[str, str],
    top_n: int = 3,
    top_overlap: int = 2,
    min_rand: float = 0.8,
    max_shift: float = 0.1,
) -> list[dict]:
    """The three results on one scope, full data against a variant, with whether each holds."""
    out = []
    top_a = list(centrality_table(base)["actor_id"][:top_n])
    top_b = list(centrality_table(other)["actor_id"][:top_n])
    holds = bool(
        top_a
        and top_b
        and top_a[0] == top_b[0]
        and len(set(top_a) & set(top_b)) >= min(top_overlap, len(top_a))
    )
    out.append(
        {
            "measure": MEASURES["top"].format(n=top_n),
            "full": ", ".join(names.get(n, n) for n in top_a),
            "narrower": ", ".join(names.get(n, n) for n in top_b),
            "holds": holds,
        }
    )
    camps_a, camps_b = detect_camps(base), detect_camps(other)
    rand = rand_index(camps_a, camps_b)
    out.append(
        {
            "measure": MEASURES["camps"],
            "full": f"{len(camps_a)} camps",
            "narrower": f"{len(camps_b)} camps, Rand index {rand:.2f}"
            if rand == rand
            else f"{len(camps_b)} camps",
            "holds": bool(rand == rand and rand >= min_rand),
        }
    )
    bal_a, bal_b = structural_balance(base), structural_balance(other)
    shift_ok = (
        bal_a.triangles
        and bal_b.triangles
        and abs(bal_a.share_balanced - bal_b.share_balanced) <= max_shift
    )
    out.append(
        {
            "measure": MEASURES["balance"],
            "full": _share(bal_a),
            "narrower": _share(bal_b),
            "holds": bool(shift_ok),
        }
    )
    return out


def _share(balance) -> str:
    if not balance.triangles:
        return "no triangles"
    return f"{balance.share_balanced:.0%} of {balance.triangles}"


def sensitivity_table(
    interactions: pd.DataFrame,
    periods: pd.DataFrame,
    names: dict[str, str],
    scopes: list[str] | None = None,
    **rules,
) -> pd.DataFrame:
    """For each variant and scope (period ids, or WHOLE for the pooled record): the three results
    on the full data and on the variant, and whether each holds (see the module's rules)."""
    full = _graphs(interactions, periods)
    chosen = scopes or list(full)
    rows = []
    for variant in variants(interactions, periods):
        alt = _graphs(variant.rows, periods)
        for scope in chosen:
            for row in compare(full[scope], alt[scope], names, **rules):
                rows.append({"variant": variant.description, "scope": scope, **row})
    return pd.DataFrame(rows, columns=["variant", "scope", "measure", "full", "narrower", "holds"])


def check_ids(checks: pd.DataFrame) -> pd.Series:
    """An id for each row of `sensitivity_table`, so a provenance note can list the checks:
    variant, scope and measure, short ('stated/<period id>/top', 'placed/whole_record/camps')."""
    variant = checks["variant"].map({d: n for n, d in VARIANTS.items()})
    named = {v: k for k, v in MEASURES.items()}
    measure = checks["measure"].map(lambda m: "top" if m.startswith("top ") else named[m])
    scope = checks["scope"].str.replace(" ", "_")
    return (variant + "/" + scope + "/" + measure).rename("check_id")
