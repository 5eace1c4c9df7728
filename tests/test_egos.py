"""One actor's acts: ego listing, ego acts, summary by source, betweenness by source."""

from __future__ import annotations

import pandas as pd
import pytest

from conflictbook.analysis import egos

pytestmark = pytest.mark.datafree  # inputs made here; see conftest.py


def frame(rows, acts=None) -> pd.DataFrame:
    records = [
        {
            "interaction_id": f"i{i:03d}",
            "actor_from": u,
            "actor_to": v,
            "polarity": p,
            "date_start": pd.Timestamp(d),
            "date_end": pd.Timestamp(d),
            "source_id": s,
            "label": f"does {p:+d}",
            "quote": f"{u} {v}",
        }
        for i, (u, v, p, d, s) in enumerate(rows, start=1)
    ]
    out = pd.DataFrame(records)
    if acts is not None:
        out["act_id"] = acts
    return out


def ego_frame() -> pd.DataFrame:
    return frame(
        [
            ("a", "b", 1, "1990-03-01", "s1"),
            ("c", "a", -1, "1990-01-01", "s2"),
            ("b", "c", 1, "1990-02-01", "s1"),
            ("a", "c", -1, "1990-01-01", "s1"),
            ("b", "a", 0, "1990-05-01", "s2"),
        ]
    )


def test_ego_edges():
    got = egos.ego_edges(ego_frame(), "a")
    assert list(got.columns) == [
        "date_start",
        "source_id",
        "actor_from",
        "label",
        "actor_to",
        "polarity",
        "quote",
    ]
    assert list(zip(got["actor_from"], got["actor_to"])) == [
        ("a", "c"),
        ("c", "a"),
        ("a", "b"),
        ("b", "a"),
    ]
    assert egos.ego_edges(ego_frame(), "nobody").empty


def test_ego_acts_one_line_per_act_with_all_targets():
    rows = frame(
        [
            ("m", "a", 1, "1990-01-01", "s1"),
            ("m", "b", 1, "1990-01-01", "s1"),
            ("a", "b", -1, "1990-02-01", "s1"),
        ],
        acts=["x1", "x1", "x2"],
    )
    got = egos.ego_acts(rows, "a")
    assert got[["act", "agents", "targets", "dyads"]].values.tolist() == [
        ["x1", "m", "a, b", 2],
        ["x2", "a", "b", 1],
    ]
    assert len(egos.act_table(rows)) == 2
    named = egos.act_table(rows, {"m": "Mediator", "a": "A"})
    assert named["targets"].tolist() == ["A, b", "b"]
    assert named["agents"].tolist() == ["Mediator", "A"]


def test_ego_summary_counts_acts():
    got = egos.ego_summary(ego_frame(), ["a", "c"])
    assert got.to_dict("records")[:2] == [
        {
            "actor_id": "a",
            "source_id": "s1",
            "sent": 2,
            "received": 0,
            "cooperative": 1,
            "conflictual": 1,
            "partners": 2,
        },
        {
            "actor_id": "a",
            "source_id": "s2",
            "sent": 0,
            "received": 2,
            "cooperative": 0,
            "conflictual": 1,
            "partners": 2,
        },
    ]
    # a mediation by m between a and b is one act of m, sent once
    rows = frame(
        [("m", "a", 1, "1990-01-01", "s1"), ("m", "b", 1, "1990-01-01", "s1")], acts=["x1", "x1"]
    )
    one = egos.ego_summary(rows, ["m"], source_ids=["s1"]).iloc[0]
    assert (one["sent"], one["cooperative"], one["partners"]) == (1, 1, 2)


def test_betweenness_dependence():
    # s1 alone gives the path a->b->c; s2 adds c->d, so with both sources c is also between b and d
    rows = frame(
        [
            ("a", "b", 1, "1990-01-01", "s1"),
            ("b", "c", 1, "1990-01-01", "s1"),
            ("c", "d", 1, "1990-01-01", "s2"),
        ]
    )
    got = egos.betweenness_dependence(rows)
    assert list(got.columns) == ["actor_id", "all_sources", "s1", "s2"]
    assert got["actor_id"].tolist() == ["b", "c", "a", "d"]
    table = got.set_index("actor_id")
    assert table.loc["b"].tolist() == [round(2 / 6, 6), 0.5, 0.0]
    assert table.loc["c"].tolist() == [round(2 / 6, 6), 0.0, 0.0]
    assert egos.betweenness_dependence(rows, actors=["c"])["actor_id"].tolist() == ["c"]
