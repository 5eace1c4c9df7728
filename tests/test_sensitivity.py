"""Sensitivity of the network results: variants, the Rand index of camps, the comparison rules."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from conflictbook.analysis import sensitivity

pytestmark = pytest.mark.datafree  # inputs made here; see conftest.py


def periods() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "period_id": ["p1"],
            "start": [pd.Timestamp("1990-01-01")],
            "end": [pd.Timestamp("1990-12-31")],
            "order": [1],
        }
    )


def rows() -> pd.DataFrame:
    data = [
        ("a", "b", 1, "stated", "1990-02-01", "1990-02-01"),
        ("b", "c", 1, "stated", "1990-03-01", "1990-03-01"),
        ("a", "c", 1, "implied", "1990-04-01", "1990-04-01"),
        ("c", "d", -1, "stated", "1990-05-01", "1991-05-01"),
    ]  # crosses the end: unplaced
    out = pd.DataFrame(
        data, columns=["actor_from", "actor_to", "polarity", "basis", "date_start", "date_end"]
    )
    out["interaction_id"] = [f"i{i}" for i in range(len(out))]
    out["source_id"] = "s1"
    for col in ("date_start", "date_end"):
        out[col] = pd.to_datetime(out[col])
    return out


def test_variants_select_rows():
    got = {v.name: len(v.rows) for v in sensitivity.variants(rows(), periods())}
    assert got == {"stated": 3, "placed": 3, "stated_placed": 2}


def test_rand_index():
    assert sensitivity.rand_index([["a", "b"], ["c"]], [["a", "b"], ["c"]]) == 1.0
    assert sensitivity.rand_index([["a", "b", "c"]], [["a"], ["b"], ["c"]]) == 0.0
    assert sensitivity.rand_index([["a", "b"]], [["a"], ["b"], ["z"]]) == 0.0
    assert math.isnan(sensitivity.rand_index([["a"]], [["b"]]))


def test_sensitivity_table_rules():
    table = sensitivity.sensitivity_table(rows(), periods(), {}, scopes=["p1", sensitivity.WHOLE])
    assert list(table.columns) == ["variant", "scope", "measure", "full", "narrower", "holds"]
    assert len(table) == 3 * 2 * 3
    placed_p1 = table[(table["variant"] == "unplaced acts left out") & (table["scope"] == "p1")]
    assert placed_p1["holds"].all()  # unplaced acts are in no period graph already
    balance = table[
        (table["variant"] == "rows with basis 'stated' only")
        & (table["scope"] == "p1")
        & (table["measure"] == "balanced triangles")
    ]
    assert balance[["full", "narrower", "holds"]].values.tolist() == [
        ["100% of 1", "no triangles", False]
    ]
