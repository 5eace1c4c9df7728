"""GraphML export for Gephi and other network tools (edge weight = acts, mentions = rows)."""

from __future__ import annotations

import networkx as nx

__all__ = ["write_graphml"]


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
    keys = ("weight", "mentions", "net_polarity", "cooperative", "conflictual", "neutral", "sign")
    for u, v, d in sorted(graph.edges(data=True)):  # integer attributes only: no act tuples
        clean.add_edge(u, v, **{k: int(d[k]) for k in keys if k in d})
    fd, tmp = tempfile.mkstemp(suffix=".graphml", dir=path.parent)
    os.close(fd)
    nx.write_graphml(clean, tmp)
    os.replace(tmp, path)
