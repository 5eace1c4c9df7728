"""Synthetic extracts: the real schema, the same frame for the same seed, the sizes asked for."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from conflictbook.analysis import displacement, networks, periodise
from conflictbook.io.synthetic import (
    interaction_types,
    synthetic_figures,
    synthetic_interactions,
    synthetic_periods,
)

REPO = Path(__file__).resolve().parents[1]


def schema(name: str) -> list[dict]:
    descriptor = json.loads((REPO / "data" / "datapackage.json").read_text(encoding="utf-8"))
    return next(r for r in descriptor["resources"] if r["name"] == name)["schema"]["fields"]


def check_schema(frame: pd.DataFrame, name: str, absent: tuple[str, ...] = ()) -> None:
    """Every field of the resource is a column (but those named `absent`); dates are
    datetime64[s]; patterns and enums hold."""
    for spec in schema(name):
        column = spec["name"]
        if column in absent:
            assert column not in frame.columns, column
            continue
        assert column in frame.columns, f"{name}: no column {column}"
        if spec.get("type") == "date":
            assert frame[column].dtype == "datetime64[s]", column
            assert frame[column].notna().all(), column
        constraints = spec.get("constraints", {})
        values = frame[column].dropna()
        if constraints.get("required"):
            assert len(values) == len(frame), f"{column} is required"
        if "pattern" in constraints:
            bad = [v for v in values.unique() if not re.fullmatch(constraints["pattern"], v)]
            assert not bad, f"{column}: {bad[:3]} do not match {constraints['pattern']}"
        if "enum" in constraints and spec.get("type", "string") == "string":
            assert set(values.unique()) <= set(constraints["enum"]), column
        if constraints.get("unique"):
            assert values.is_unique, column


def test_interactions_schema():
    frame = synthetic_interactions(2000, n_actors=30, seed=3)
    # event data as ACLED's: one row is one act, so no act_id (the network counts each row as an
    # act)
    check_schema(frame, "interactions", absent=("act_id",))
    assert frame["polarity"].dtype == np.int64
    assert set(frame["polarity"].unique()) <= {-1, 0, 1}
    codebook = interaction_types().set_index("interaction_type")
    assert (
        frame["polarity"].to_numpy()
        == codebook.loc[frame["interaction_type"], "polarity"].to_numpy()
    ).all()
    assert (
        frame["label"].to_numpy() == codebook.loc[frame["interaction_type"], "label"].to_numpy()
    ).all()
    assert frame["actor_from"].dtype == object  # as the loaders give text


def test_interactions_values_are_plausible():
    frame = synthetic_interactions(5000, n_actors=25, years=(1990, 1995), seed=1)
    assert (frame["actor_from"] != frame["actor_to"]).all()
    assert set(frame["actor_from"]) | set(frame["actor_to"]) <= {
        f"actor_{i:04d}" for i in range(25)
    }
    assert frame["date_start"].min() >= pd.Timestamp("1990-01-01")
    assert frame["date_end"].max() <= pd.Timestamp("1995-12-31")
    assert (frame["date_end"] >= frame["date_start"]).all()
    single = frame["date_precision"] == "day"
    assert (frame.loc[single, "date_start"] == frame.loc[single, "date_end"]).all()
    counts = frame["actor_from"].value_counts()
    assert counts.iloc[0] > 3 * counts.iloc[-1]  # a few active actors, a long tail


@pytest.mark.parametrize("n", [0, 1, 7, 1000])
def test_sizes(n):
    assert len(synthetic_interactions(n)) == n
    assert len(synthetic_figures(n)) == n


def test_same_seed_same_frame_other_seed_other_frame():
    pd.testing.assert_frame_equal(
        synthetic_interactions(3000, seed=42), synthetic_interactions(3000, seed=42)
    )
    pd.testing.assert_frame_equal(
        synthetic_figures(3000, seed=42), synthetic_figures(3000, seed=42)
    )
    assert not synthetic_interactions(3000, seed=42).equals(synthetic_interactions(3000, seed=43))
    assert not synthetic_figures(3000, seed=42).equals(synthetic_figures(3000, seed=43))


def test_bad_arguments():
    with pytest.raises(ValueError, match="n_actors"):
        synthetic_interactions(10, n_actors=1)
    with pytest.raises(ValueError, match="n_rows"):
        synthetic_figures(-1)


def test_figures_schema_and_groups():
    frame = synthetic_figures(4000, n_groups=600, seed=5)
    check_schema(frame, "figures")
    grouped = frame[frame["overlap_group"].notna()]
    assert 0.6 < len(grouped) / len(frame) < 0.9
    per_group = grouped.groupby("overlap_group").agg(
        kinds=("stock_flow", "nunique"), parents=("counted_in", lambda s: s.fillna("").nunique())
    )
    assert (per_group["kinds"] == 1).all() and (per_group["parents"] == 1).all()
    kind_of = dict(zip(grouped["overlap_group"], grouped["stock_flow"]))
    links = grouped.dropna(subset=["counted_in"])
    assert len(links)
    assert (links["counted_in"] < links["overlap_group"]).all()  # parents come earlier: no cycles
    for child, parent in zip(links["overlap_group"], links["counted_in"]):
        if parent in kind_of:
            assert kind_of[parent] == kind_of[child]


def test_figures_qualifiers_fill_the_right_ends():
    frame = synthetic_figures(3000, seed=2)
    q = frame["qualifier"]
    assert (
        frame.loc[q.isin(["exact", "approx"]), "low"]
        .eq(frame.loc[q.isin(["exact", "approx"]), "high"])
        .all()
    )
    ranged = frame[q == "range"]
    assert (ranged["low"] < ranged["high"]).all()
    assert (
        frame.loc[q == "at_least", "high"].isna().all()
        and frame.loc[q == "at_least", "low"].notna().all()
    )
    assert (
        frame.loc[q == "at_most", "low"].isna().all()
        and frame.loc[q == "at_most", "high"].notna().all()
    )
    assert (frame["unit"] == "people").all()


def test_figures_tally_and_interactions_aggregate():
    figures = synthetic_figures(2000, seed=9)
    parents = displacement.group_parents(figures)
    for kind in ("flow", "stock"):
        total = displacement.plausible_total(figures[figures["stock_flow"] == kind], parents)
        assert 0 < total["lower"] <= total["naive_lower"]
        assert total["upper"] <= total["naive_upper"]
        assert total["groups_inside_others"]
    interactions = synthetic_interactions(5000, seed=9)
    periods = synthetic_periods((1988, 2024), n_periods=4)
    placed = interactions.assign(period_id=periodise.period_of(interactions, periods))
    # spans crossing a period boundary are unplaced (the book's rule); almost none in synthetic data
    assert placed["period_id"].notna().mean() > 0.99
    placed = placed[placed["period_id"].notna()]
    edges = networks.aggregate_edges(placed, by=["period_id"])
    assert edges["weight"].sum() == len(placed)
    naive = networks.aggregate_edges_naive(placed, by=["period_id"])
    assert sum(d["weight"] for g in naive.values() for _, _, d in g.edges(data=True)) == len(placed)


def test_codebook_from_the_data_package_or_an_argument_or_a_generic_fallback(tmp_path):
    from conflictbook.data.loaders import load_table

    table = load_table("interaction_types")
    book = interaction_types()
    assert list(book["interaction_type"]) == sorted(table["interaction_type"])
    generic = interaction_types(tmp_path)  # no data package there
    assert set(generic["polarity"]) == {-1, 0, 1} and len(generic) < len(book)
    two = pd.DataFrame({"interaction_type": ["helps", "hurts"], "polarity": [1, -1]})
    frame = synthetic_interactions(500, n_actors=5, seed=1, codebook=two)
    assert set(frame["interaction_type"]) == {"helps", "hurts"}
    assert (frame["polarity"] == frame["interaction_type"].map({"helps": 1, "hurts": -1})).all()


def test_the_package_names_no_id_of_this_case():
    """No id of data/actors, places, sources or periods is a string literal in the io layer."""
    import ast
    import csv

    ids = set()
    for table, column in (
        ("actors", "actor_id"),
        ("places", "place_id"),
        ("sources", "source_id"),
        ("periods", "period_id"),
    ):
        with open(REPO / "data" / f"{table}.csv", encoding="utf-8-sig", newline="") as fh:
            ids |= {row[column] for row in csv.DictReader(fh)}
    found = []
    for path in sorted((REPO / "conflictbook" / "io").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in ids:
                found.append(f"{path.name}:{node.lineno}: {node.value!r}")
    assert not found, found
