"""Reliability of the sources (conflictbook/analysis/criticism.py, figures/criticism.py)."""

from __future__ import annotations

import math

import matplotlib
import pandas as pd
import pytest
from conftest import REPO

from conflictbook import load_source_checks, load_sources, load_table
from conflictbook.analysis import criticism
from conflictbook.figures import criticism as criticism_figures

matplotlib.use("Agg")

ORDER = ["agrees", "differs", "contradicted", "unverifiable"]


def checks() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "check_id": [f"c_{i:03d}" for i in range(1, 8)],
            "source_id": ["s2", "s2", "s2", "s1", "s1", "s1", "s1"],
            "locator": ["A, p"] * 7,
            "claim": ["x", "Guterres said: 'we remain'", "y", "z", "w", "v", "u"],
            "check_kind": ["internal"] * 7,
            "reference_kind": ["internal", "news", "news", "internal", "advocacy", "news", "news"],
            "reference_value": [""] * 7,
            "verdict": [
                "agrees",
                "unverifiable",
                "unverifiable",
                "contradicted",
                "agrees",
                "agrees",
                "differs",
            ],
            "subject_table": ["events", "events", "interactions", None, None, None, None],
            "subject_id": ["e1", "e2", "i1", None, None, None, None],
            "note": [""] * 7,
        }
    )


def sources() -> pd.DataFrame:
    # not alphabetical: the book keeps sources.csv's order
    return pd.DataFrame({"source_id": ["s2", "s1", "s3"]})


def test_wilson_interval_known_values():
    low, high = criticism.wilson_interval(5, 10)
    assert low == pytest.approx(0.2366, abs=1e-4) and high == pytest.approx(0.7634, abs=1e-4)
    low, high = criticism.wilson_interval(0, 10)
    assert low == 0.0 and high == pytest.approx(0.2775, abs=1e-4)
    low, high = criticism.wilson_interval(10, 10)
    assert high == 1.0 and low == pytest.approx(0.7225, abs=1e-4)


def test_wilson_interval_narrows_with_more_checks_and_contains_the_share():
    small, large = criticism.wilson_interval(3, 10), criticism.wilson_interval(30, 100)
    assert small[1] - small[0] > large[1] - large[0]
    assert small[0] < 0.3 < small[1]


def test_wilson_interval_edge_cases():
    assert criticism.wilson_interval(0, 0) == (0.0, 1.0)
    with pytest.raises(ValueError):
        criticism.wilson_interval(11, 10)


def test_reliability_in_source_order_and_rubric_order():
    table = criticism.reliability(checks(), sources(), ORDER)
    assert list(dict.fromkeys(table["source_id"])) == ["s2", "s1"]  # s3 has no checks
    assert list(table["verdict"][:4]) == ORDER
    s2 = table[table["source_id"] == "s2"].set_index("verdict")
    assert s2.loc["unverifiable", "checks"] == 2 and s2.loc["unverifiable", "total"] == 3
    assert math.isclose(table.groupby("source_id")["share"].sum().min(), 1.0)
    assert (table["lower"] <= table["share"]).all() and (table["share"] <= table["upper"]).all()


def test_share_of_is_a_frozen_result():
    share = criticism.share_of(criticism.reliability(checks(), sources(), ORDER), "s1", "agrees")
    assert (share.count, share.total) == (2, 4)
    assert share.percent().startswith("50 % (95 % interval 15–85 %, 2 of 4 checks)")
    with pytest.raises(AttributeError):
        share.count = 3  # type: ignore[misc]
    with pytest.raises(KeyError):
        criticism.share_of(criticism.reliability(checks(), sources(), ORDER), "s3", "agrees")


def test_verdict_counts_follow_the_order_given():
    table = criticism.verdict_counts(checks(), "source_id", ORDER[::-1])
    assert list(table.columns) == ORDER[::-1] + ["total"]


def test_real_rubric_order_is_the_file_order():
    assert criticism.verdict_order() == list(pd.read_csv(REPO / "data/verdicts.csv")["verdict"])
    labels = criticism.verdict_labels(load_table("verdicts"))
    assert set(labels) == set(criticism.verdict_order())


@pytest.mark.case
def test_in_file_order_keeps_sources_csv_order():
    ordered = criticism.in_file_order(load_sources(), "sources", "source_id")
    assert list(ordered["source_id"]) == list(pd.read_csv(REPO / "data/sources.csv")["source_id"])


def test_references_by_kind_in_rank_order():
    kinds = pd.DataFrame({"reference_kind": ["internal", "news", "advocacy"], "rank": [3, 1, 2]})
    table = criticism.references_by_kind(checks(), kinds, sources())
    assert list(table["reference_kind"]) == ["news", "advocacy", "internal"]
    assert list(table.columns) == ["reference_kind", "s2", "s1", "total"]
    assert table["total"].sum() == len(checks())


def test_unverified_since_keeps_later_subjects_and_flags_quotations():
    dates = {
        "events": pd.Series(pd.to_datetime(["2019-01-01", "2021-01-01"]), index=["e1", "e2"]),
        "interactions": pd.Series(pd.to_datetime(["2020-01-01"]), index=["i1"]),
    }
    found = criticism.unverified_since(checks(), dates, "2020-06-01")
    assert list(found["check_id"]) == ["c_002"] and found["quotes_words"].tolist() == [True]


def test_real_reliability_adds_up():
    real = criticism.reliability(load_source_checks(), load_sources())
    assert real["checks"].sum() == len(load_source_checks())


def test_figures_draw_and_describe():
    table = criticism.reliability(checks(), sources(), ORDER)
    labels = {v: v.title() for v in ORDER}
    fig = criticism_figures.draw_reliability(table, ORDER, labels, {"s1": "One", "s2": "Two"})
    assert len(fig.axes) == len(ORDER)
    alt = criticism_figures.reliability_alt(table, labels, {"s1": "One", "s2": "Two"})
    assert alt.index("Two, 3 checks") < alt.index("One, 4 checks")
    bars = criticism_figures.draw_verdicts(
        criticism.verdict_counts(checks(), "source_id", ORDER), ORDER, labels
    )
    assert bars.axes[0].get_legend() is not None
    matplotlib.pyplot.close("all")
