"""Actor networks: acts, aggregation, measures, camps, balance, layout, exports on small graphs."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from conftest import periods

from conflictbook.analysis import networks as nw
from conflictbook.analysis import periodise, structure
from conflictbook.figures import networks as network_figures
from conflictbook.io import graphml

TYPES = {1: ("cooperate", "cooperates with"), -1: ("fight", "fights"), 0: ("meet", "meets")}


def interactions(rows, acts: list[str] | None = None) -> pd.DataFrame:
    """rows: (actor_from, actor_to, polarity, date_start[, date_end[, source_id]]); `acts` gives
    each row's act_id (without it the frame has no act_id column, and each row is its own act)."""
    records = []
    for i, row in enumerate(rows, start=1):
        u, v, p, start = row[:4]
        end = row[4] if len(row) > 4 and row[4] is not None else start
        source = row[5] if len(row) > 5 else "s1"
        kind, label = TYPES[p]
        records.append(
            {
                "interaction_id": f"i{i:03d}",
                "actor_from": u,
                "actor_to": v,
                "interaction_type": kind,
                "polarity": p,
                "date_start": start,
                "date_end": end,
                "source_id": source,
                "quote": f"{u} {label} {v}",
                "label": label,
            }
        )
    frame = pd.DataFrame(
        records,
        columns=[
            "interaction_id",
            "actor_from",
            "actor_to",
            "interaction_type",
            "polarity",
            "date_start",
            "date_end",
            "source_id",
            "quote",
            "label",
        ],
    )
    for col in ("date_start", "date_end"):
        frame[col] = pd.to_datetime(frame[col]).astype("datetime64[s]")
    if acts is not None:
        frame.insert(1, "act_id", acts)
    return frame


def digraph(edges) -> nx.DiGraph:
    """edges: (u, v, weight, net_polarity) -> a graph shaped like signed_graph's output."""
    frame = pd.DataFrame(edges, columns=["actor_from", "actor_to", "weight", "net_polarity"])
    frame["cooperative"] = [max(n, 0) for n in frame["net_polarity"]]
    frame["conflictual"] = [max(-n, 0) for n in frame["net_polarity"]]
    frame["neutral"] = frame["weight"] - frame["cooperative"] - frame["conflictual"]
    frame["sign"] = np.sign(frame["net_polarity"]).astype(int)
    frame["mentions"] = frame["weight"]
    frame["acts"] = [()] * len(frame)  # built by hand: no acts behind the edges
    return nw.signed_graph(frame)


def star() -> nx.DiGraph:
    return digraph(
        [(hub, leaf, 1, 1) for hub, leaf in [("h", "a"), ("h", "b"), ("h", "c")]]
        + [(leaf, "h", 1, 1) for leaf in "abc"]
    )


def path() -> nx.DiGraph:
    return digraph([("a", "b", 1, 1), ("b", "c", 1, 1)])


# ---------------------------------------------------------------- aggregation


def test_aggregate_edges_weights_polarity_counts_and_sign():
    frame = interactions(
        [
            ("a", "b", 1, "1990-01-01"),
            ("a", "b", 1, "1990-02-01"),
            ("a", "b", -1, "1990-03-01"),
            ("b", "a", -1, "1990-01-01"),
            ("b", "a", 0, "1990-01-02"),
            ("a", "c", 1, "1990-01-01"),
            ("a", "c", -1, "1990-01-01"),
            ("c", "c", 0, "1990-01-01"),
        ]
    )
    edges = nw.aggregate_edges(frame)
    assert list(edges.columns) == nw.EDGE_COLUMNS
    got = {
        (r.actor_from, r.actor_to): (
            r.weight,
            r.net_polarity,
            r.cooperative,
            r.conflictual,
            r.neutral,
            r.sign,
        )
        for r in edges.itertuples()
    }
    assert got == {
        ("a", "b"): (3, 1, 2, 1, 0, 1),
        ("b", "a"): (2, -1, 0, 1, 1, -1),
        ("a", "c"): (2, 0, 1, 1, 0, 0),
        ("c", "c"): (1, 0, 0, 0, 1, 0),
    }
    assert [(r.actor_from, r.actor_to) for r in edges.itertuples()] == [
        ("a", "b"),
        ("a", "c"),
        ("b", "a"),
        ("c", "c"),
    ]
    assert edges["weight"].sum() == len(frame)


def test_aggregate_edges_by_period():
    frame = interactions(
        [
            ("a", "b", 1, "1990-05-01"),
            ("a", "b", -1, "1991-05-01"),
            ("a", "b", -1, "1991-06-01"),
            ("b", "c", 1, "1990-07-01"),
        ]
    )
    frame["period_id"] = periodise.period_of(frame, periods())
    edges = nw.aggregate_edges(frame, by=["period_id"])
    assert list(edges.columns) == ["period_id"] + nw.EDGE_COLUMNS
    got = [
        (r.period_id, r.actor_from, r.actor_to, r.weight, r.net_polarity, r.sign)
        for r in edges.itertuples()
    ]
    assert got == [
        ("p1", "a", "b", 1, 1, 1),
        ("p1", "b", "c", 1, 1, 1),
        ("p2", "a", "b", 2, -2, -1),
    ]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_aggregate_edges_agrees_with_naive(seed):
    rng = np.random.default_rng(seed)
    n = 400
    actors = [f"x{i}" for i in range(7)]
    frame = interactions(
        [
            (
                actors[rng.integers(7)],
                actors[rng.integers(7)],
                int(rng.integers(-1, 2)),
                "1990-01-01",
                None,
                f"s{rng.integers(3)}",
            )
            for _ in range(n)
        ]
    )
    fast = nw.aggregate_edges(frame, by=["source_id"])
    naive = nw.aggregate_edges_naive(frame, by=["source_id"])
    fast_edges = {
        (r.source_id, r.actor_from, r.actor_to): (r.weight, r.net_polarity)
        for r in fast.itertuples()
    }
    naive_edges = {
        (key[0], u, v): (d["weight"], d["net_polarity"])
        for key, graph in naive.items()
        for u, v, d in graph.edges(data=True)
    }
    assert fast_edges == naive_edges
    assert sum(w for w, _ in fast_edges.values()) == n


def test_signed_graph_attributes_and_actor_names():
    frame = interactions(
        [
            ("a", "b", 1, "1990-01-01"),
            ("a", "b", -1, "1990-01-02"),
            ("a", "b", -1, "1990-01-03"),
            ("b", "z", 0, "1990-01-01"),
        ]
    )
    actors = pd.DataFrame(
        {"actor_id": ["a", "b"], "name": ["Alpha (A)", "Beta"], "kind": ["state", "militia"]}
    )
    graph = nw.signed_graph(nw.aggregate_edges(frame), actors)
    assert graph.is_directed() and sorted(graph.edges) == [("a", "b"), ("b", "z")]
    assert graph["a"]["b"] == {
        "weight": 3,
        "mentions": 3,
        "acts": (("i001", 1), ("i002", -1), ("i003", -1)),
        "net_polarity": -1,
        "cooperative": 1,
        "conflictual": 2,
        "neutral": 0,
        "sign": -1,
    }
    assert graph.nodes["a"] == {"name": "Alpha (A)", "kind": "state"}
    assert graph.nodes["z"] == {}  # not in the actors table


# ---------------------------------------------------------------- measures


def test_centrality_on_a_star():
    table = nw.centrality_table(star())
    assert table["actor_id"].tolist() == ["h", "a", "b", "c"]  # hub first, tied leaves by id
    hub = table.iloc[0]
    assert (hub["in_degree"], hub["out_degree"], hub["in_strength"], hub["out_strength"]) == (
        3,
        3,
        3,
        3,
    )
    assert hub["betweenness"] == 1.0
    leaves = table.iloc[1:]
    assert leaves["betweenness"].tolist() == [0.0, 0.0, 0.0]
    assert leaves["in_degree"].tolist() == [1, 1, 1] and leaves["out_degree"].tolist() == [1, 1, 1]
    assert len(set(leaves["pagerank"])) == 1 and hub["pagerank"] > leaves["pagerank"].iloc[0]
    assert table["pagerank"].sum() == pytest.approx(1.0, abs=1e-5)


def test_centrality_on_a_path():
    table = nw.centrality_table(path()).set_index("actor_id")
    assert (
        table.loc["b", "betweenness"] == 0.5
    )  # one of the two (n-1)(n-2) ordered pairs runs through b
    assert table.loc["a", "betweenness"] == 0.0 and table.loc["c", "betweenness"] == 0.0
    assert table.loc[["a", "b", "c"], "in_degree"].tolist() == [0, 1, 1]
    assert table.loc[["a", "b", "c"], "out_degree"].tolist() == [1, 1, 0]
    assert nw.centrality_table(path())["actor_id"].tolist() == [
        "c",
        "b",
        "a",
    ]  # PageRank flows down the path


def test_centrality_strong_ties_are_short():
    # a reaches d through b (two ties of weight 4: distance 0.5) or c (two of weight 1: distance 2)
    graph = digraph([("a", "b", 4, 4), ("b", "d", 4, 4), ("a", "c", 1, 1), ("c", "d", 1, 1)])
    table = nw.centrality_table(graph).set_index("actor_id")
    assert table.loc["b", "betweenness"] == round(1 / 6, 6)
    assert table.loc["c", "betweenness"] == 0.0
    assert table.loc["a", "out_strength"] == 5 and table.loc["d", "in_strength"] == 5


def test_centrality_sort_is_deterministic_on_ties():
    # two disjoint mutual pairs: every PageRank is equal, so the order is by id, whatever the
    # insertion order
    graph = digraph([("y", "x", 1, 1), ("x", "y", 1, 1), ("b", "a", 1, 1), ("a", "b", 1, 1)])
    assert nw.centrality_table(graph)["actor_id"].tolist() == ["a", "b", "x", "y"]


def test_centrality_of_an_empty_graph():
    table = nw.centrality_table(nx.DiGraph())
    assert table.empty and "pagerank" in table.columns


def by_period_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "period_id": ["p1", "p1", "p1", "p2", "p2", "p2"],
            "actor_id": ["a", "b", "c", "a", "b", "d"],
            "pagerank": [0.2, 0.5, 0.3, 0.4, 0.4, 0.2],
            "betweenness": [0.0, 1.0, 0.5, 0.0, 0.0, 0.0],
        }
    )


def test_rank_table():
    ranked = nw.rank_table(by_period_frame())
    assert list(ranked.columns) == ["period_id", "actor_id", "pagerank", "rank"]
    assert list(zip(ranked["period_id"], ranked["actor_id"], ranked["rank"])) == [
        ("p1", "b", 1),
        ("p1", "c", 2),
        ("p1", "a", 3),
        ("p2", "a", 1),
        ("p2", "b", 2),
        ("p2", "d", 3),
    ]
    by_betweenness = nw.rank_table(by_period_frame(), "betweenness")
    assert by_betweenness[by_betweenness["period_id"] == "p1"]["actor_id"].tolist() == [
        "b",
        "c",
        "a",
    ]


def test_top_actors():
    top = nw.top_actors(by_period_frame(), n=2)
    assert list(zip(top["period_id"], top["actor_id"], top["rank"])) == [
        ("p1", "b", 1),
        ("p1", "c", 2),
        ("p2", "a", 1),
        ("p2", "b", 2),
    ]


def test_rank_changes():
    matrix = nw.rank_changes(by_period_frame(), ["p2", "p1", "p9"], n=2)
    assert matrix.index.tolist() == ["a", "b", "c"]  # d is never in a top 2
    assert matrix.columns.tolist() == ["p2", "p1"]
    assert matrix.loc["a"].tolist() == [1, 3]
    assert matrix.loc["b"].tolist() == [2, 1]
    assert np.isnan(matrix.loc["c", "p2"]) and matrix.loc["c", "p1"] == 2


# ---------------------------------------------------------------- camps, brokers, balance


def test_undirected_signed_merges_directions():
    graph = digraph(
        [("a", "b", 3, 2), ("b", "a", 2, -1), ("b", "c", 1, -1), ("c", "b", 1, 1), ("a", "a", 5, 5)]
    )
    graph.add_node("lonely")
    und = structure.undirected_signed(graph)
    assert not und.is_directed()
    assert sorted(tuple(sorted(e)) for e in und.edges) == [
        ("a", "b"),
        ("b", "c"),
    ]  # the self-loop is dropped
    assert und["a"]["b"] == {"weight": 5, "net_polarity": 1, "sign": 1}
    assert und["b"]["c"] == {"weight": 2, "net_polarity": 0, "sign": 0}
    assert "lonely" in und.nodes


def test_cooperation_layer_keeps_only_positive_pairs():
    graph = digraph(
        [("a", "b", 2, 2), ("b", "c", 1, -1), ("c", "d", 2, 0), ("d", "a", 1, 1), ("a", "d", 1, -1)]
    )
    layer = structure.cooperation_layer(graph)
    assert sorted(layer.nodes) == ["a", "b", "c", "d"]
    assert sorted(tuple(sorted(e)) for e in layer.edges) == [("a", "b")]


def two_cliques() -> nx.DiGraph:
    left, right = ["a1", "a2", "a3", "a4"], ["b1", "b2", "b3", "b4"]
    edges = []
    for clique in (left, right):
        edges += [(u, v, 2, 2) for i, u in enumerate(clique) for v in clique[i + 1 :]]
    edges.append(("a1", "b1", 3, -3))  # the one tie between the camps is conflictual
    return digraph(edges)


def test_detect_camps_finds_two_cliques_and_is_seeded():
    graph = two_cliques()
    camps = structure.detect_camps(graph)
    assert camps == [["a1", "a2", "a3", "a4"], ["b1", "b2", "b3", "b4"]]
    assert all(structure.detect_camps(graph) == camps for _ in range(3))


def test_detect_camps_leaves_out_isolated_and_hostile_only_actors():
    graph = two_cliques()
    graph.add_edge(
        "x", "a1", weight=1, net_polarity=-1, cooperative=0, conflictual=1, neutral=0, sign=-1
    )
    graph.add_node("alone")
    camps = structure.detect_camps(graph)
    assert sorted(a for camp in camps for a in camp) == [
        "a1",
        "a2",
        "a3",
        "a4",
        "b1",
        "b2",
        "b3",
        "b4",
    ]
    assert structure.detect_camps(digraph([("a", "b", 1, -1)])) == []


def test_find_brokers():
    # m cooperates twice with the left camp and once with the right: Louvain puts m on the left,
    # and both m and
    # its right-hand partner b2 are tied into two camps, their own and the other
    graph = two_cliques()
    for other in ("a2", "a3", "b2"):
        graph.add_edge(
            "m", other, weight=1, net_polarity=1, cooperative=1, conflictual=0, neutral=0, sign=1
        )
    camps = structure.detect_camps(graph)
    assert camps == [["a1", "a2", "a3", "a4", "m"], ["b1", "b2", "b3", "b4"]]
    brokers = structure.find_brokers(graph, camps)
    assert brokers.to_dict("records") == [
        {"actor_id": "b2", "own_camp": 1, "camps_tied": 2, "other_camps": 1},
        {"actor_id": "m", "own_camp": 0, "camps_tied": 2, "other_camps": 1},
    ]
    assert structure.find_brokers(two_cliques(), structure.detect_camps(two_cliques())).empty


def test_find_brokers_a_member_tied_only_into_another_camp_is_a_broker():
    # as the docstring says: a camp member with a cooperative tie into one other camp reaches two
    # camps (its own and that one), even without a cooperative tie inside its own camp
    graph = two_cliques()
    graph.add_edge(
        "m",
        "b2",
        weight=1,
        net_polarity=1,
        cooperative=1,
        conflictual=0,
        neutral=0,
        sign=1,
        mentions=1,
        acts=(),
    )
    camps = [["a1", "a2", "a3", "a4", "m"], ["b1", "b2", "b3", "b4"]]  # m placed by hand
    brokers = structure.find_brokers(graph, camps)
    assert brokers.to_dict("records") == [
        {"actor_id": "b2", "own_camp": 1, "camps_tied": 2, "other_camps": 1},
        {"actor_id": "m", "own_camp": 0, "camps_tied": 1, "other_camps": 1},
    ]


def test_camp_conflict_counts_conflictual_acts_within_and_between_camps():
    graph = two_cliques()  # one conflictual tie of 3 acts between the camps
    graph.add_edge(
        "a1",
        "a2",
        weight=1,
        net_polarity=-1,
        cooperative=0,
        conflictual=1,
        neutral=0,
        sign=-1,
        mentions=1,
        acts=(),
    )
    graph.add_edge(
        "x",
        "a1",
        weight=4,
        net_polarity=-4,
        cooperative=0,
        conflictual=4,
        neutral=0,
        sign=-1,
        mentions=4,
        acts=(),
    )  # x is in no camp: left out
    camps = [["a1", "a2", "a3", "a4"], ["b1", "b2", "b3", "b4"]]
    result = structure.camp_conflict(graph, camps)
    assert (result.within, result.between, result.share_between) == (1, 3, 0.75)


def test_find_brokers_outside_every_camp_and_single_camp_ties():
    graph = two_cliques()
    for u, v in [("m", "a2"), ("m", "b2"), ("n", "a3"), ("n", "a4")]:
        graph.add_edge(
            u, v, weight=1, net_polarity=1, cooperative=1, conflictual=0, neutral=0, sign=1
        )
    camps = [["a1", "a2", "a3", "a4"], ["b1", "b2", "b3", "b4"]]  # m and n in no camp
    brokers = structure.find_brokers(graph, camps)
    assert brokers.to_dict("records") == [
        {"actor_id": "m", "own_camp": None, "camps_tied": 2, "other_camps": 2}
    ]


def test_structural_balance_counts_triangles():
    graph = digraph(
        [
            ("a", "b", 1, 1),
            ("b", "c", 1, 1),
            ("a", "c", 1, 1),  # +++ balanced
            ("c", "d", 1, 1),
            ("d", "e", 1, 1),
            ("c", "e", 2, -2),  # ++- unbalanced
            ("e", "f", 1, 1),
            ("f", "g", 1, -1),
            ("g", "e", 1, 1),
            ("e", "g", 1, -1),
        ]
    )  # e-g sums to 0
    result = structure.structural_balance(graph)
    assert (result.triangles, result.balanced, result.share_balanced) == (2, 1, 0.5)
    unbalanced = result.unbalanced
    assert unbalanced[["a", "b", "c", "signs"]].to_dict("records") == [
        {"a": "c", "b": "d", "c": "e", "signs": "+1 +1 -1"}
    ]
    assert not unbalanced["balanced"].any()


def test_structural_balance_two_enemies_of_a_friend_pair():
    graph = digraph([("a", "b", 1, 1), ("b", "c", 1, -1), ("c", "a", 1, -1)])  # +-- balanced
    result = structure.structural_balance(graph)
    assert (result.triangles, result.balanced, result.share_balanced) == (1, 1, 1.0)
    assert result.unbalanced.empty


def test_structural_balance_without_triangles():
    result = structure.structural_balance(path())
    assert result.triangles == 0 and result.balanced == 0 and np.isnan(result.share_balanced)


# ---------------------------------------------------------------- layout


def test_shared_layout_is_deterministic_and_complete():
    graphs = {"p1": two_cliques(), "p2": path()}
    graphs["p2"].add_node("isolated")
    first = network_figures.shared_layout(graphs)
    second = network_figures.shared_layout(graphs)
    assert first == second
    expected = sorted(set(graphs["p1"].nodes) | set(graphs["p2"].nodes))
    assert list(first) == expected
    xy = np.array(list(first.values()))
    assert np.all(np.abs(xy) <= 1.0) and len({tuple(p) for p in first.values()}) == len(expected)


# ---------------------------------------------------------------- summaries and checks


def period_setup():
    frame = interactions(
        [
            ("a", "b", 1, "1990-02-01"),
            ("a", "b", -1, "1990-03-01"),
            ("b", "c", 1, "1990-04-01"),
            ("a", "b", -1, "1993-02-01"),
            ("x", "y", 0, "1992-02-01"),
        ]
    )  # last one: in no period
    graphs = nw.period_graphs(frame, periods())
    return frame, graphs


def test_period_graphs_and_summary_by_period():
    frame, graphs = period_setup()
    assert list(graphs) == ["p1", "p2", "p3"]
    assert graphs["p2"].number_of_nodes() == 0
    summary = nw.summary_by_period(frame, periods())
    assert summary["period_id"].tolist() == ["p1", "p2", "p3", "unplaced"]
    assert summary[
        ["actors", "ties", "acts", "mentions", "happenings", "cooperative", "conflictual"]
    ].values.tolist() == [
        [3, 2, 3, 3, 3, 2, 1],
        [0, 0, 0, 0, 0, 0, 0],
        [2, 1, 1, 1, 1, 0, 1],
        [2, 1, 1, 1, 1, 0, 0],
    ]
    assert (
        summary.loc[0, "share_cooperative"] == 0.67 and summary.loc[2, "share_cooperative"] == 0.0
    )
    assert np.isnan(summary.loc[1, "share_cooperative"])


def test_summary_counts_acts_mentions_and_happenings():
    # a mediation (one act, two dyads), and two acts reporting the same event
    frame = interactions(
        [
            ("m", "a", 1, "1990-02-01"),
            ("m", "b", 1, "1990-02-01"),
            ("a", "b", -1, "1990-03-01"),
            ("b", "a", -1, "1990-03-01"),
        ],
        acts=["x1", "x1", "x2", "x3"],
    )
    frame["event_id"] = [None, None, "e1", "e2"]
    events = pd.DataFrame({"event_id": ["e1", "e2"], "event_group": ["g", "g"]})
    row = nw.summary_by_period(frame, periods(), events).iloc[0]
    assert (row["acts"], row["mentions"], row["happenings"]) == (3, 4, 2)
    assert (row["cooperative"], row["conflictual"]) == (1, 2)
    assert nw.count_units(frame) == {"acts": 3, "mentions": 4, "happenings": 3}


def test_self_check_passes_on_consistent_input():
    frame, graphs = period_setup()
    message = nw.self_check(frame, periods(), graphs)
    assert message == "self-check passed: 5 acts, 4 in the period graphs, 1 unplaced"


def test_self_check_catches_a_tampered_graph():
    frame, graphs = period_setup()
    graphs["p3"]["a"]["b"]["acts"] += (("extra", 1),)
    with pytest.raises(AssertionError, match="5 acts, but 5 in the period graphs and 1 unplaced"):
        nw.self_check(frame, periods(), graphs)


def test_self_check_catches_a_dropped_graph():
    frame, graphs = period_setup()
    del graphs["p1"]
    with pytest.raises(AssertionError):
        nw.self_check(frame, periods(), graphs)


def test_a_span_across_periods_is_in_no_graph():
    frame = interactions([("a", "b", 1, "1990-06-01", "1991-06-01"), ("a", "b", 1, "1990-06-01")])
    graphs = nw.period_graphs(frame, periods())
    assert graphs["p1"]["a"]["b"]["weight"] == 1 and graphs["p2"].number_of_edges() == 0


# ---------------------------------------------------------------- acts


def test_an_act_with_k_dyads_adds_one_to_each_and_is_counted_once():
    frame = interactions(
        [
            ("m", "a", 1, "1990-01-01"),
            ("m", "b", 1, "1990-01-01"),
            ("m", "a", 1, "1990-02-01"),
            ("m", "a", 1, "1990-02-01"),
        ],  # the last row repeats a dyad of its act: one act
        acts=["x1", "x1", "x2", "x2"],
    )
    edges = nw.aggregate_edges(frame).set_index(["actor_from", "actor_to"])
    assert edges.loc[("m", "a"), "weight"] == 2 and edges.loc[("m", "a"), "mentions"] == 3
    assert edges.loc[("m", "b"), "weight"] == 1
    assert edges.loc[("m", "a"), "acts"] == (("x1", 1), ("x2", 1))
    naive = nw.aggregate_edges_naive(frame)[()]
    assert naive["m"]["a"]["weight"] == 2


def test_a_mutual_act_counts_once_on_the_undirected_pair():
    frame = interactions(
        [("a", "b", -1, "1990-01-01"), ("b", "a", -1, "1990-01-01"), ("a", "b", 1, "1990-02-01")],
        acts=["x1", "x1", "x2"],
    )
    und = structure.undirected_signed(nw.signed_graph(nw.aggregate_edges(frame)))
    assert und["a"]["b"] == {"weight": 2, "net_polarity": 0, "sign": 0}


def test_centrality_table_does_not_change_its_input():
    graph = star()
    before = {(u, v): dict(d) for u, v, d in graph.edges(data=True)}
    nw.centrality_table(graph)
    assert {(u, v): dict(d) for u, v, d in graph.edges(data=True)} == before


def test_source_graphs_follow_the_sources_order():
    frame = interactions(
        [("a", "b", 1, "1990-01-01", None, "s2"), ("a", "c", 1, "1990-01-01", None, "s1")]
    )
    sources = pd.DataFrame({"source_id": ["s2", "s9", "s1"]})
    assert list(nw.source_graphs(frame, sources=sources)) == ["s2", "s1"]
    assert list(nw.source_graphs(frame)) == ["s1", "s2"]


# ---------------------------------------------------------------- export


def test_write_graphml_round_trip(tmp_path):
    frame = interactions(
        [
            ("a", "b", 1, "1990-01-01"),
            ("a", "b", -1, "1990-01-02"),
            ("a", "b", 1, "1990-01-03"),
            ("b", "c", -1, "1990-01-01"),
        ]
    )
    actors = pd.DataFrame(
        {"actor_id": ["a", "b", "c"], "name": ["Alpha", "Beta", "Gamma"], "kind": ["state"] * 3}
    )
    graph = nw.signed_graph(nw.aggregate_edges(frame), actors)
    target = tmp_path / "out" / "graph.graphml"
    graphml.write_graphml(graph, target)
    assert sorted(p.name for p in target.parent.iterdir()) == ["graph.graphml"]
    back = nx.read_graphml(target)
    assert back.is_directed()
    assert {
        (u, v): (d["weight"], d["net_polarity"], d["sign"]) for u, v, d in back.edges(data=True)
    } == {("a", "b"): (3, 1, 1), ("b", "c"): (1, -1, -1)}
    assert back["a"]["b"]["mentions"] == 3 and "acts" not in back["a"]["b"]
    assert back.nodes["b"] == {"name": "Beta", "kind": "state"}
    graphml.write_graphml(
        nx.DiGraph(), target
    )  # overwriting in place leaves no temporary file either
    assert sorted(p.name for p in target.parent.iterdir()) == ["graph.graphml"]
    assert nx.read_graphml(target).number_of_nodes() == 0


# ---------------------------------------------------------------- drawings


def test_display_names_are_unique():
    actors = pd.DataFrame(
        {
            "actor_id": ["o", "om", "pa", "pb", "x1", "x2"],
            "name": [
                "OSCE (CSCE until 1995)",
                "OSCE (CSCE) Minsk Group",
                "Parliament (NA) of A",
                "Parliament (SS) of B",
                "Same (one)",
                "Same (two)",
            ],
            "kind": ["igo"] * 6,
        }
    )
    names = network_figures.display_names(actors)
    assert names == {
        "o": "OSCE",
        "om": "OSCE Minsk Group",
        "pa": "Parliament of A",
        "pb": "Parliament of B",
        "x1": "Same [x1]",
        "x2": "Same [x2]",
    }


def test_period_network_labels_never_overlap():
    import matplotlib

    matplotlib.use("Agg")
    graph = two_cliques()
    actors = pd.DataFrame(
        {
            "actor_id": sorted(graph.nodes),
            "name": [f"A rather long actor name {n}" for n in sorted(graph.nodes)],
            "kind": ["state"] * len(graph),
        }
    )
    fig = network_figures.draw_period_network(graph, actors, max_labels=5)
    assert 0 < len(fig.labelled) <= 5
    renderer = fig.canvas.get_renderer()
    from matplotlib.text import Annotation

    labels = [t for t in fig.axes[0].texts if not isinstance(t, Annotation)]  # not the arrows
    boxes = [t.get_window_extent(renderer) for t in labels]
    assert len(boxes) == len(fig.labelled)
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
    again = network_figures.draw_period_network(graph, actors, max_labels=5)
    assert again.labelled == fig.labelled  # deterministic


def test_adjacency_matrix_orders_actors_by_camp():
    import matplotlib

    matplotlib.use("Agg")
    graph = two_cliques()
    camps = [["b1", "b2", "b3", "b4"], ["a1", "a2", "a3", "a4"]]
    order = network_figures.camp_order(graph, camps, max_actors=8)
    assert order[:4] == sorted(order[:4]) and set(order[:4]) == set(camps[0])
    fig = network_figures.draw_adjacency_matrix(graph, camps, {}, max_actors=8)
    assert fig.shown_actors == order


def test_explorer_counts_acts_like_the_chapter():
    from conflictbook.widgets import explorer

    frame = interactions(
        [
            ("m", "a", 1, "1990-02-01"),
            ("m", "b", 1, "1990-02-01"),
            ("m", "a", 1, "1990-03-01"),
            ("m", "a", 1, "1990-06-01", "1991-06-01"),
        ],  # the last act crosses into p2: unplaced
        acts=["x1", "x1", "x2", "x3"],
    )
    actors = pd.DataFrame(
        {"actor_id": ["m", "a", "b"], "name": ["M", "A", "B"], "kind": ["igo", "state", "state"]}
    )
    graphs = nw.period_graphs(frame, periods(), actors)
    data = explorer.explorer_data(
        frame,
        actors,
        network_figures.shared_layout(graphs),
        periodise.period_of(frame, periods()),
        periods(),
        default_period="p1",
    )
    weights = {(e["s"], e["t"]): e["w"] for e in data["edges"]}
    assert weights == {("m", "a"): 2, ("m", "b"): 1}
    assert weights[("m", "a")] == graphs["p1"]["m"]["a"]["weight"]
    assert [i["id"] for e in data["edges"] for i in e["items"]] == ["x1", "x2", "x1"]
