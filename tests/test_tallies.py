"""Addable sets: stocks added only for one population, place and date; flows only within one period
span and direction; overlap groups never split; nothing left out without a reason."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conflictbook.analysis import tallies
from conflictbook.analysis.displacement import group_ranges

pytestmark = pytest.mark.datafree  # inputs made here; see conftest.py

PERIODS = pd.DataFrame(
    {
        "period_id": ["p_first_war", "p_ceasefire", "p_second_war"],
        "start": pd.to_datetime(["1988-01-01", "1994-05-13", "2020-09-27"]).astype("datetime64[s]"),
        "end": pd.to_datetime(["1994-05-12", "2020-09-26", "2024-12-31"]).astype("datetime64[s]"),
    }
)
COLUMNS = [
    "figure_id",
    "measure",
    "unit",
    "low",
    "best",
    "high",
    "qualifier",
    "stock_flow",
    "overlap_group",
    "counted_in",
    "date_start",
    "date_end",
    "place_id",
    "origin_place_id",
    "destination_place_id",
    "population_group",
    "population_type",
    "source_id",
]


def fig(
    figure_id,
    low,
    high=None,
    *,
    kind="flow",
    start="1988-01-01",
    end="1990-12-31",
    place=None,
    origin=None,
    destination=None,
    group=None,
    counted_in=None,
    population=None,
    ptype="MIX",
    source="src_a",
    unit="people",
) -> dict:
    return {
        "figure_id": figure_id,
        "measure": "displaced",
        "unit": unit,
        "low": float(low),
        "best": float("nan"),
        "high": float(low if high is None else high),
        "qualifier": "exact" if high is None else "range",
        "stock_flow": kind,
        "overlap_group": group,
        "counted_in": counted_in,
        "date_start": start,
        "date_end": end,
        "place_id": place,
        "origin_place_id": origin,
        "destination_place_id": destination,
        "population_group": population,
        "population_type": ptype,
        "source_id": source,
    }


def frame(rows) -> pd.DataFrame:
    out = pd.DataFrame(list(rows), columns=COLUMNS)
    for column in ("date_start", "date_end"):
        out[column] = pd.to_datetime(out[column]).astype("datetime64[s]")
    for column in COLUMNS:
        if out[column].dtype == object or column in ("overlap_group", "counted_in"):
            out[column] = out[column].astype(object).where(out[column].notna(), None)
    return out


def by_label(found) -> dict[str, tallies.Tally]:
    return {t.label: t for t in found}


# ---------------------------------------------------------------- the third source


def test_a_2023_stock_in_armenia_is_never_added_to_the_1994_stock_in_azerbaijan():
    figures = frame(
        [
            fig(
                "f_az_1994",
                1_000_000,
                1_200_000,
                kind="stock",
                start="1988-01-01",
                end="1994-12-31",
                place="azerbaijan",
                destination="azerbaijan",
                source="src_a",
            ),
            fig(
                "f_idp_1994",
                600_000,
                800_000,
                kind="stock",
                start="1988-01-01",
                end="1994-12-31",
                place="azerbaijan",
                population="idps",
                ptype="IDP",
                group="idps",
                source="src_a",
            ),
            fig(
                "f_am_2023",
                100_000,
                120_000,
                kind="stock",
                start="2023-10-01",
                end="2023-10-31",
                place="armenia",
                population="karabakh_armenians",
                ptype="REF",
                source="src_third",
            ),
            fig(
                "f_out_1990",
                300_000,
                350_000,
                start="1988-01-01",
                end="1990-12-31",
                origin="azerbaijan",
                destination="armenia",
                source="src_a",
            ),
            fig(
                "f_out_2023",
                100_000,
                kind="flow",
                start="2023-09-19",
                end="2023-10-31",
                origin="karabakh",
                destination="armenia",
                source="src_third",
            ),
        ]
    )
    found = tallies.tally_sets(figures, PERIODS, ["src_third", "src_a"])
    stocks = [t for t in found if t.stock_flow == "stock"]
    flows = [t for t in found if t.stock_flow == "flow"]
    assert len(stocks) == 3 and len(flows) == 2
    (armenia,) = [t for t in stocks if t.key.place == "armenia"]
    assert armenia.source_ids == ("src_third",)
    assert (armenia.lower, armenia.upper) == (100_000, 120_000)
    assert armenia.years == "2023"
    for tally in stocks:
        if tally is not armenia:
            assert tally.source_ids == ("src_a",) and "f_am_2023" not in tally.figure_ids
            assert tally.upper <= 1_200_000
    # flows of 1988-1990 and of 2023 in the same direction are two sets, never one total
    assert {t.years for t in flows} == {"1988–1990", "2023"}
    assert all(len(t.source_ids) == 1 for t in flows)
    text = armenia.covers({"armenia": "Armenia"}, {"src_third": "Third 2023"})
    assert text == "a stock dated 2023, in Armenia; Third 2023"


def test_sources_follow_the_given_order_not_their_ids():
    figures = frame(
        [
            fig("f1", 10, group="g", source="zz_first"),
            fig("f2", 20, group="g", source="aa_second"),
        ]
    )
    (tally,) = tallies.tally_sets(figures, PERIODS, ["zz_first", "aa_second"])
    assert tally.source_ids == ("zz_first", "aa_second")


def test_a_group_is_never_split_even_when_its_members_differ_in_dates():
    figures = frame(
        [
            fig("f1", 167_000, start="1988-01-01", end="1990-12-31", group="g", origin="a"),
            fig("f2", 300_000, start="1988-01-01", end="1994-12-31", group="g", origin="a"),
        ]
    )
    (tally,) = tallies.tally_sets(figures, PERIODS)
    assert tally.figure_ids == ("f1", "f2")
    assert (tally.lower, tally.upper) == (167_000, 300_000)
    assert (tally.key.period_from, tally.key.period_to) == ("p_first_war", "p_ceasefire")


def test_a_set_counted_in_a_group_of_another_set_says_so():
    figures = frame(
        [
            fig("f_all", 1_000_000, start="1988-01-01", end="1994-12-31", group="all"),
            fig(
                "f_part",
                300_000,
                start="1988-01-01",
                end="1990-12-31",
                group="part",
                counted_in="all",
                origin="a",
                destination="b",
            ),
        ]
    )
    found = by_label(tallies.tally_sets(figures, PERIODS))
    assert set(found) == {"F1", "F2"}
    part = next(t for t in found.values() if "f_part" in t.figure_ids)
    whole = next(t for t in found.values() if "f_all" in t.figure_ids)
    assert part.within == (whole.label,) and whole.within == ()


def test_left_out_rows_come_with_a_reason():
    figures = frame(
        [
            fig("f1", 10),
            fig("f2", 20, unit="persons"),
            fig("f3", 30, kind=None),
            fig("f4", 40, start="1950-01-01", end="1950-12-31"),
        ]
    )
    out = tallies.left_out(figures, PERIODS)
    assert out.figure_ids == ("f2", "f3", "f4")
    reasons = dict(zip(out.rows["figure_id"], out.rows["reason"]))
    assert "'persons' is not 'people'" in reasons["f2"]
    assert "neither stock nor flow" in reasons["f3"]
    assert "outside every period" in reasons["f4"]
    found = tallies.tally_sets(figures, PERIODS)
    assert [t.figure_ids for t in found] == [("f1",)]


def test_inputs_are_not_changed_and_the_frame_has_one_row_per_set():
    figures = frame([fig("f1", 10), fig("f2", 20, kind="stock", place="x")])
    before = figures.copy()
    found = tallies.tally_sets(figures, PERIODS)
    pd.testing.assert_frame_equal(figures, before)
    table = tallies.reader_frame(found, {"x": "Place X"}, {"src_a": "A 2000"})
    assert list(table["set"]) == ["F1", "S1"] and list(table["figures"]) == ["f1", "f2"]
    assert list(table["where"]) == ["origin and destination unstated", "in Place X"]
    assert list(table["sources"]) == ["A 2000", "A 2000"]
    assert tallies.largest(found, "stock").label == "S1"
    assert tallies.in_period(found, "p_first_war") == found


# ---------------------------------------------------------------- properties

DATES = [
    ("1988-01-01", "1990-12-31"),
    ("1992-01-01", "1993-12-31"),
    ("1988-01-01", "1994-12-31"),
    ("2023-09-01", "2023-10-31"),
]
PLACES = [None, "a", "b"]


@st.composite
def figure_sets(draw):
    rows = []
    for i in range(draw(st.integers(1, 12))):
        group = draw(st.sampled_from([None, "gs1", "gs2", "gf1", "gf2"]))
        kind = (
            {"s": "stock", "f": "flow"}[group[1]]
            if group
            else draw(st.sampled_from(["stock", "flow"]))
        )
        start, end = draw(st.sampled_from(DATES))
        low = draw(st.integers(0, 1000))
        rows.append(
            fig(
                f"f{i:02d}",
                low,
                low + draw(st.integers(0, 500)) or None,
                kind=kind,
                start=start,
                end=end,
                place=draw(st.sampled_from(PLACES)),
                origin=draw(st.sampled_from(PLACES)),
                destination=draw(st.sampled_from(PLACES)),
                group=group,
                population=draw(st.sampled_from([None, "p1", "p2"])),
                ptype=draw(st.sampled_from(["REF", "IDP", "MIX"])),
                source=draw(st.sampled_from(["s1", "s2", "s3"])),
            )
        )
    return frame(rows)


def group_of(figures: pd.DataFrame) -> dict[str, str]:
    named = figures["overlap_group"].where(figures["overlap_group"].notna(), figures["figure_id"])
    return dict(zip(figures["figure_id"], named))


@settings(max_examples=60, deadline=None)
@given(figure_sets())
def test_every_figure_in_exactly_one_set_and_groups_never_split(figures):
    found = tallies.tally_sets(figures, PERIODS)
    placed = [f for t in found for f in t.figure_ids]
    assert sorted(placed) == sorted(figures["figure_id"])
    groups = group_of(figures)
    owner = {}
    for tally in found:
        for figure_id in tally.figure_ids:
            assert owner.setdefault(groups[figure_id], tally.label) == tally.label


@settings(max_examples=60, deadline=None)
@given(figure_sets())
def test_sets_add_only_what_can_be_added(figures):
    indexed = figures.set_index("figure_id")
    for tally in tallies.tally_sets(figures, PERIODS):
        rows = indexed.loc[list(tally.figure_ids)]
        assert set(rows["stock_flow"]) == {tally.stock_flow}
        ungrouped = rows[rows["overlap_group"].isna()]
        for column in ("place_id", "origin_place_id", "destination_place_id"):
            assert ungrouped[column].map(lambda v: v or "-").nunique() <= 1
        if tally.stock_flow == "stock":
            for column in ("population_group", "population_type", "date_start", "date_end"):
                assert ungrouped[column].map(lambda v: v or "-").nunique() <= 1


@settings(max_examples=60, deadline=None)
@given(figure_sets())
def test_each_total_lies_between_its_largest_group_and_the_naive_sum(figures):
    for tally in tallies.tally_sets(figures, PERIODS):
        rows = figures[figures["figure_id"].isin(tally.figure_ids)]
        groups = group_ranges(rows, members=False)
        assert tally.lower <= tally.naive_lower and tally.upper <= tally.naive_upper
        assert tally.upper >= groups["upper"].max() or tally.open_upper
        assert tally.date_start <= tally.date_end


@settings(max_examples=40, deadline=None)
@given(figure_sets(), st.randoms(use_true_random=False))
def test_order_of_rows_does_not_matter(figures, rnd):
    shuffled = figures.sample(frac=1, random_state=rnd.randint(0, 2**31)).reset_index(drop=True)
    assert tallies.tally_sets(shuffled, PERIODS) == tallies.tally_sets(figures, PERIODS)


@settings(max_examples=40, deadline=None)
@given(figure_sets())
def test_a_new_source_elsewhere_never_moves_the_other_totals(figures):
    before = {t.set_id: (t.lower, t.upper) for t in tallies.tally_sets(figures, PERIODS)}
    third = frame(
        [
            fig(
                "zz_new",
                5_000,
                kind="stock",
                start="2023-10-01",
                end="2023-10-31",
                place="elsewhere",
                source="s_new",
            )
        ]
    )
    after = tallies.tally_sets(pd.concat([figures, third], ignore_index=True), PERIODS)
    moved = {t.set_id: (t.lower, t.upper) for t in after}
    assert {k: v for k, v in moved.items() if k in before} == before
    assert len(moved) == len(before) + 1
