"""Displacement tallies: ranges, overlap groups counted once, nesting, stocks never added to
flows."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conflictbook.analysis import displacement as dp
from conflictbook.analysis.displacement import TallyError

pytestmark = pytest.mark.datafree  # inputs made here; see conftest.py

NAN = float("nan")
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
    "direction",
]


def fig(
    figure_id,
    low=None,
    best=None,
    high=None,
    qualifier="exact",
    stock_flow="stock",
    group=None,
    counted_in=None,
    direction="A → B",
) -> dict:
    return {
        "figure_id": figure_id,
        "measure": "displaced",
        "unit": "people",
        "low": NAN if low is None else float(low),
        "best": NAN if best is None else float(best),
        "high": NAN if high is None else float(high),
        "qualifier": qualifier,
        "stock_flow": stock_flow,
        "overlap_group": group,
        "counted_in": counted_in,
        "direction": direction,
    }


def exact(figure_id, value, **kw) -> dict:
    return fig(figure_id, low=value, high=value, **kw)


def frame(*rows) -> pd.DataFrame:
    out = pd.DataFrame(list(rows), columns=COLUMNS)
    for col in (
        "figure_id",
        "measure",
        "unit",
        "qualifier",
        "stock_flow",
        "overlap_group",
        "counted_in",
        "direction",
    ):
        out[col] = out[col].astype(object)
    return out


# ---------------------------------------------------------------- with_ends


def test_with_ends_rules():
    figures = frame(
        exact("f1", 100),
        fig("f2", low=100, high=200, qualifier="range"),
        fig("f3", best=150, qualifier="approx"),
        fig("f4", low=10, best=20, qualifier="range"),
        fig("f5", low=1000, qualifier="at_least"),
        fig("f6", high=500, qualifier="at_most"),
        fig("f7", low=5, best=7, high=9, qualifier="range"),
    )
    ends = dp.with_ends(figures)
    got = list(zip(ends["figure_id"], ends["lower"], ends["upper"], ends["open_upper"]))
    assert got == [
        ("f1", 100.0, 100.0, False),
        ("f2", 100.0, 200.0, False),
        ("f3", 150.0, 150.0, False),
        ("f4", 10.0, 20.0, False),
        ("f5", 1000.0, 1000.0, True),
        ("f6", 0.0, 500.0, False),
        ("f7", 5.0, 9.0, False),
    ]


def test_with_ends_leaves_its_input_alone():
    figures = frame(exact("f1", 100))
    ends = dp.with_ends(figures)
    assert "lower" not in figures.columns
    assert list(ends.columns) == COLUMNS + ["lower", "open_upper", "upper"]


# ---------------------------------------------------------------- groups


def test_group_ranges_span_members():
    figures = frame(
        fig("f2", low=150, high=300, qualifier="range", group="g"),
        fig("f1", low=100, high=200, qualifier="range", group="g"),
        exact("f3", 120, group="g"),
        exact("f9", 40),
    )
    groups = dp.group_ranges(figures)
    assert groups["group"].tolist() == ["f9", "g"]  # a figure without a group is its own group
    g = groups.set_index("group").loc["g"]
    assert (g["figures"], g["lower"], g["upper"], g["open_upper"]) == (3, 100.0, 300.0, False)
    assert (g["lower_from"], g["upper_from"], g["members"]) == ("f1", "f2", "f1|f2|f3")
    assert (g["counted_in"], g["stock_flow"]) == (None, "stock")
    f9 = groups.set_index("group").loc["f9"]
    assert (f9["lower"], f9["upper"], f9["members"]) == (40.0, 40.0, "f9")


def test_group_ranges_ties_go_to_the_first_id_and_open_ends_are_carried():
    figures = frame(
        exact("f2", 100, group="g"),
        exact("f1", 100, group="g"),
        fig("f4", low=50, qualifier="at_least", group="h", counted_in="g"),
        fig("f3", low=10, high=20, qualifier="range", group="h"),
    )
    groups = dp.group_ranges(figures).set_index("group")
    assert (groups.loc["g", "lower_from"], groups.loc["g", "upper_from"]) == ("f1", "f1")
    h = groups.loc["h"]
    assert (h["lower"], h["upper"], h["open_upper"], h["upper_from"], h["counted_in"]) == (
        10.0,
        50.0,
        True,
        "f4",
        "g",
    )


def test_group_ranges_uses_ends_already_computed():
    figures = dp.with_ends(frame(exact("f1", 100, group="g")))
    figures.loc[0, "upper"] = 999.0
    assert dp.group_ranges(figures).loc[0, "upper"] == 999.0


def test_group_ranges_inconsistent_counted_in_raises():
    figures = frame(
        exact("f1", 10, group="g", counted_in="t1"),
        exact("f2", 12, group="g", counted_in="t2"),
        exact("f3", 100, group="t1"),
        exact("f4", 100, group="t2"),
    )
    with pytest.raises(
        TallyError,
        match=r"overlap group 'g' has members counted in different totals: \['t1', 't2'\]",
    ):
        dp.group_ranges(figures)


def test_a_figure_alone_joins_the_group_named_by_its_id_in_the_counted_in_check():
    # f2's group is f1's id, so f1 is its member: the two name different totals, an error with
    # the links given or made by the tally itself (which skips the check only when no group has
    # two totals, counting figures with no overlap_group of their own too)
    figures = frame(
        exact("f1", 10, counted_in="t1"),
        exact("f2", 12, group="f1", counted_in="t2"),
        exact("f3", 100, group="t1"),
        exact("f4", 100, group="t2"),
    )
    message = r"overlap group 'f1' has members counted in different totals: \['t1', 't2'\]"
    for tally in (
        lambda: dp.plausible_total(figures, dp.group_parents(figures)),
        lambda: dp.plausible_total(figures),
        lambda: dp.plausible_totals(figures, "stock_flow"),
    ):
        with pytest.raises(TallyError, match=message):
            tally()


def test_group_ranges_mixed_stock_and_flow_raises():
    figures = frame(exact("f1", 10, group="g"), exact("f2", 12, group="g", stock_flow="flow"))
    with pytest.raises(TallyError, match="overlap group 'g' mixes stocks and flows"):
        dp.group_ranges(figures)


def test_group_parents():
    figures = frame(
        exact("f1", 10, group="child", counted_in="mid"),
        exact("f2", 11, group="child"),
        exact("f3", 50, group="mid", counted_in="top"),
        exact("f4", 100, group="top"),
        exact("f5", 7, counted_in="top"),
    )  # no group of its own: not a group's parent link
    assert dp.group_parents(figures) == {"child": "mid", "mid": "top"}


# ---------------------------------------------------------------- totals


def test_plausible_total_counts_an_overlap_group_once():
    figures = frame(
        fig("f1", low=100, high=200, qualifier="range", group="g1"),
        fig("f2", low=150, high=250, qualifier="range", group="g1"),
        exact("f3", 50, group="g2"),
    )
    total = dp.plausible_total(figures)
    assert (total["lower"], total["upper"], total["open_upper"]) == (150.0, 300.0, False)
    assert (total["naive_lower"], total["naive_upper"], total["figures"]) == (300.0, 500.0, 3)
    assert total["groups_counted"] == ["g1", "g2"] and total["groups_inside_others"] == []
    assert total["lower_from"] == ["f1", "f3"] and total["upper_from"] == ["f2", "f3"]


def test_plausible_total_skips_a_group_counted_in_a_present_group():
    figures = frame(
        fig("f1", low=1000, high=1200, qualifier="range", group="all"),
        exact("f2", 300, group="part", counted_in="all"),
        exact("f3", 350, group="part"),
    )
    total = dp.plausible_total(figures)
    assert (total["lower"], total["upper"]) == (1000.0, 1200.0)
    assert total["groups_counted"] == ["all"] and total["groups_inside_others"] == ["part"]
    assert (total["naive_lower"], total["naive_upper"]) == (1650.0, 1850.0)
    alone = dp.plausible_total(
        figures[figures["overlap_group"] == "part"]
    )  # the broader total is not selected
    assert (alone["lower"], alone["upper"], alone["groups_counted"]) == (300.0, 350.0, ["part"])


def test_plausible_total_follows_parents_through_an_absent_group():
    everything = frame(
        exact("f1", 1000, group="all"),
        exact("f2", 400, group="region", counted_in="all"),
        exact("f3", 100, group="town", counted_in="region"),
    )
    selection = everything[everything["overlap_group"].isin(["all", "town"])]
    without = dp.plausible_total(selection)  # only town -> region is known: town looks separate
    assert (without["upper"], without["groups_counted"]) == (1100.0, ["all", "town"])
    parents = dp.group_parents(everything)
    total = dp.plausible_total(selection, parents)
    assert (total["lower"], total["upper"]) == (1000.0, 1000.0)
    assert total["groups_counted"] == ["all"] and total["groups_inside_others"] == ["town"]
    assert total["naive_upper"] == 1100.0


def test_plausible_total_open_ended():
    figures = frame(
        fig("f1", low=500, qualifier="at_least", group="g"),
        exact("f2", 50, group="h"),
        fig("f3", high=70, qualifier="at_most", group="k"),
    )
    total = dp.plausible_total(figures)
    assert (total["lower"], total["upper"], total["open_upper"]) == (550.0, 620.0, True)


def test_plausible_total_refuses_to_mix_stocks_and_flows():
    figures = frame(exact("f1", 10, group="g"), exact("f2", 20, group="h", stock_flow="flow"))
    with pytest.raises(TallyError, match="stocks and flows cannot be added together"):
        dp.plausible_total(figures)
    unstated = frame(exact("f1", 10, group="g"), exact("f2", 20, group="h", stock_flow=None))
    assert dp.plausible_total(unstated)["upper"] == 30.0  # an unstated kind mixes with either


def test_a_group_with_an_open_member_is_open():
    figures = frame(
        fig("f1", low=1000, qualifier="at_least", group="g"),
        fig("f2", low=500, high=2000, qualifier="range", group="g"),
    )
    assert bool(dp.group_ranges(figures).loc[0, "open_upper"]) is True
    assert dp.plausible_total(figures)["open_upper"] is True


def test_open_upper_does_not_depend_on_figure_ids():
    first = frame(
        exact("f1", 1000, group="g"), fig("f2", low=1000, qualifier="at_least", group="g")
    )
    renamed = frame(
        exact("f2", 1000, group="g"), fig("f1", low=1000, qualifier="at_least", group="g")
    )
    assert dp.plausible_total(first)["open_upper"] == dp.plausible_total(renamed)["open_upper"]


def test_tally_by():
    figures = frame(
        exact("f1", 100, group="g1", direction="A → B"),
        fig("f2", low=90, high=130, qualifier="range", group="g1", direction="A → B"),
        exact("f3", 40, group="g2", direction="A → B"),
        exact("f4", 7, group="g3", direction="A → B", stock_flow="flow"),
        exact("f5", 5, group="g4", direction="C → D", stock_flow=None),
        exact("f6", 9, group="g5", direction=None),
    )
    table = dp.tally_by(figures, "direction")
    assert list(table.columns) == [
        "direction",
        "stock_flow",
        "figures",
        "lower",
        "upper",
        "open_upper",
        "naive_lower",
        "naive_upper",
        "groups",
    ]
    rows = [
        tuple(r)
        for r in table[
            ["direction", "stock_flow", "figures", "lower", "upper", "naive_upper", "groups"]
        ].itertuples(index=False)
    ]
    assert rows == [
        ("(none)", "stock", 1, 9.0, 9.0, 9.0, 1),
        ("A → B", "flow", 1, 7.0, 7.0, 7.0, 1),
        ("A → B", "stock", 3, 130.0, 170.0, 270.0, 2),
        ("C → D", "unstated", 1, 5.0, 5.0, 5.0, 1),
    ]


def test_tally_by_uses_parents_from_all_figures():
    figures = frame(
        exact("f1", 1000, group="all", direction="A → B"),
        exact("f2", 400, group="part", counted_in="all", direction="A → B"),
        exact("f3", 70, group="other", direction="C → D"),
    )
    table = dp.tally_by(figures, "direction").set_index("direction")
    assert table.loc["A → B", "upper"] == 1000.0 and table.loc["A → B", "groups"] == 1
    assert table.loc["C → D", "upper"] == 70.0


def nested() -> pd.DataFrame:
    return frame(
        fig("f1", low=900, high=1000, qualifier="range", group="all"),
        exact("f2", 300, group="north", counted_in="all"),
        fig("f3", low=350, high=450, qualifier="range", group="south", counted_in="all"),
        exact("f4", 20, group="abroad"),
    )


def test_bottom_up_total():
    top_down = dp.plausible_total(nested())
    assert (top_down["lower"], top_down["upper"]) == (920.0, 1020.0)
    bottom_up = dp.bottom_up_total(nested())
    assert (bottom_up["lower"], bottom_up["upper"]) == (670.0, 770.0)
    assert bottom_up["groups_counted"] == ["abroad", "north", "south"] and bottom_up["figures"] == 3


def test_contributors():
    table = dp.contributors(nested())
    assert list(zip(table["group"], table["counted"])) == [
        ("abroad", True),
        ("all", True),
        ("north", False),
        ("south", False),
    ]
    assert table.set_index("group").loc["south", "upper"] == 450.0
    selection = nested()[nested()["overlap_group"] != "all"]
    assert dp.contributors(selection)["counted"].tolist() == [True, True, True]


def test_recompute_shares_known_numbers():
    figures = frame(
        fig("num", low=100, high=150, qualifier="range"),
        fig("den", low=1000, high=2000, qualifier="range"),
        fig("said", low=5, high=10, qualifier="range"),
        exact("num2", 300),
        fig("den2", high=1000, qualifier="at_most"),
        exact("said2", 50),
    )
    derived = pd.DataFrame(
        {
            "share_id": ["z_second", "a_first", "m_third"],
            "kind": ["share", "share", "coverage"],
            "numerator_figure_id": ["num2", "num", "num"],
            "denominator_figure_id": ["den2", "den", "den2"],
            "stated_figure_id": ["said2", "said", None],
            "note": ["", "", ""],
        }
    )
    shares = dp.recompute_shares(derived, figures)
    assert shares["share_id"].tolist() == ["a_first", "m_third", "z_second"]
    first, third, second = (shares.iloc[i] for i in range(3))
    assert (first["recomputed_low_pct"], first["recomputed_high_pct"]) == (5.0, 15.0)
    assert (
        first["stated"],
        first["stated_low_pct"],
        first["stated_high_pct"],
        first["overlaps_stated"],
    ) == ("said", 5.0, 10.0, True)
    # 'at most 1000' has lower end 0, so the denominator's upper end stands in for it
    assert (
        second["recomputed_low_pct"],
        second["recomputed_high_pct"],
        second["overlaps_stated"],
    ) == (30.0, 30.0, False)
    assert (third["kind"], third["recomputed_low_pct"], third["recomputed_high_pct"]) == (
        "coverage",
        10.0,
        15.0,
    )
    assert (
        pd.isna(third["stated"])
        and math.isnan(third["stated_low_pct"])
        and bool(third["overlaps_stated"])
    )
    assert dp.share_lines(shares) == [
        "a_first: recomputed 5-15%; stated 5-10%",
        "m_third: recomputed 10-15%",
        "z_second: recomputed 30-30%; stated 50-50%",
    ]


def test_format_range():
    assert dp.format_range(300000, 350000) == "300,000–350,000"
    assert dp.format_range(167000, 167000) == "167,000"
    assert dp.format_range(60000, 60000, True) == "60,000 or more"
    assert dp.format_range(0, 1234.6) == "0–1,235"


# ---------------------------------------------------------------- properties

QUALIFIERS = ("exact", "approx", "range", "at_least", "at_most")


def shuffled(figures: pd.DataFrame, rnd) -> pd.DataFrame:
    """The same figures in an order drawn by hypothesis' random."""
    order = list(range(len(figures)))
    rnd.shuffle(order)
    return figures.iloc[order].reset_index(drop=True)


@st.composite
def figure_rows(draw, group, counted_in, stock_flow, number):
    qualifier = draw(st.sampled_from(QUALIFIERS))
    a = draw(st.integers(0, 1_000_000))
    b = draw(st.integers(0, 1_000_000))
    low, high = min(a, b), max(a, b)
    kw = dict(qualifier=qualifier, group=group, counted_in=counted_in, stock_flow=stock_flow)
    fid = f"f{number:03d}"
    if qualifier in ("exact", "approx"):
        return exact(fid, low, **kw)
    if qualifier == "range":
        high = max(high, low + 1)
        return fig(fid, low=low, best=draw(st.none() | st.integers(low, high)), high=high, **kw)
    if qualifier == "at_least":
        best = draw(st.none() | st.integers(low, low + 1000))
        return fig(fid, low=low, best=best, **kw)
    return fig(fid, high=high, **kw)


@st.composite
def figure_frames(draw, nesting=True):
    """Valid displacement figures: 1-6 overlap groups of 1-4 figures, one stock/flow kind,
    nesting without cycles."""
    stock_flow = draw(st.sampled_from(["stock", "flow"]))
    n_groups = draw(st.integers(1, 6))
    rows, number = [], 0
    for g in range(n_groups):
        parent = draw(st.none() | st.integers(0, g - 1)) if nesting and g > 0 else None
        for _ in range(draw(st.integers(1, 4))):
            number += 1
            counted_in = f"g{parent}" if parent is not None and draw(st.booleans()) else None
            rows.append(draw(figure_rows(f"g{g}", counted_in, stock_flow, number)))
    return frame(*rows)


@settings(max_examples=60, deadline=None)
@given(figure_frames())
def test_property_total_is_a_range_below_the_naive_sum(figures):
    total = dp.plausible_total(figures)
    assert total["lower"] <= total["upper"]
    assert total["lower"] <= total["naive_lower"]
    assert total["upper"] <= total["naive_upper"]
    assert total["figures"] == len(figures)
    assert sorted(total["groups_counted"] + total["groups_inside_others"]) == sorted(
        set(figures["overlap_group"])
    )


@settings(max_examples=60, deadline=None)
@given(figure_frames(), st.randoms(use_true_random=False))
def test_property_row_order_does_not_matter(figures, rnd):
    assert dp.plausible_total(shuffled(figures, rnd)) == dp.plausible_total(figures)


@settings(max_examples=60, deadline=None)
@given(figure_frames(), st.data())
def test_property_duplicate_within_a_group_changes_nothing(figures, data):
    groups = dp.group_ranges(figures)
    target = groups.iloc[data.draw(st.integers(0, len(groups) - 1))]
    lo, hi = int(target["lower"]), int(target["upper"])
    a = data.draw(st.integers(lo, hi))
    b = data.draw(st.integers(lo, hi))
    duplicate = fig(
        "f999",
        low=min(a, b),
        high=max(a, b),
        qualifier="range" if a != b else "exact",
        group=target["group"],
        counted_in=target["counted_in"],
        stock_flow=target["stock_flow"],
    )
    before = dp.plausible_total(figures)
    after = dp.plausible_total(pd.concat([figures, frame(duplicate)], ignore_index=True))
    assert (after["lower"], after["upper"]) == (before["lower"], before["upper"])
    assert after["groups_counted"] == before["groups_counted"]
    assert after["naive_upper"] == before["naive_upper"] + max(a, b)


@settings(max_examples=60, deadline=None)
@given(figure_frames(nesting=False))
def test_property_total_covers_the_largest_group(figures):
    groups = dp.group_ranges(figures)
    total = dp.plausible_total(figures)
    largest = groups.sort_values("upper", ascending=False).iloc[0]
    assert total["upper"] >= largest["upper"]
    assert total["lower"] >= groups["lower"].max()
    if largest["open_upper"]:
        assert total["open_upper"]


@settings(max_examples=60, deadline=None)
@given(figure_frames())
def test_property_total_covers_every_counted_group(figures):
    table = dp.contributors(figures)
    counted = table[table["counted"]]
    total = dp.plausible_total(figures)
    assert total["upper"] >= counted["upper"].max() and total["lower"] >= counted["lower"].max()
    assert total["upper"] == counted["upper"].sum() and total["open_upper"] == bool(
        counted["open_upper"].any()
    )


@settings(max_examples=40, deadline=None)
@given(figure_frames())
def test_property_a_flow_among_stocks_raises(figures):
    other = "flow" if figures["stock_flow"].iloc[0] == "stock" else "stock"
    extra = frame(exact("f998", 10, group="separate", stock_flow=other))
    with pytest.raises(TallyError):
        dp.plausible_total(pd.concat([figures, extra], ignore_index=True))


def test_property_strategy_produces_valid_rows():
    """The generated frames respect the validator's qualifier rules (so the properties speak of
    valid data)."""

    @settings(max_examples=40, deadline=None)
    @given(figure_frames())
    def check(figures):
        for row in figures.itertuples(index=False):
            low, best, high = (None if np.isnan(v) else v for v in (row.low, row.best, row.high))
            if row.qualifier == "at_least":
                assert low is not None and high is None
            elif row.qualifier == "at_most":
                assert high is not None and low is None
            elif row.qualifier in ("exact", "approx"):
                assert low == high
            else:
                assert low < high
            values = [v for v in (low, best, high) if v is not None]
            assert values == sorted(values) and min(values) >= 0

    check()


def test_self_check_passes_on_consistent_figures_and_names_the_failing_kind(monkeypatch):
    figures = frame(
        exact("f1", 100, group="g1"),
        exact("f2", 40, group="g2"),
        exact("f3", 7, group="g3", stock_flow="flow"),
    )
    assert dp.self_check(figures).startswith("self-check passed")
    real = dp.plausible_total
    monkeypatch.setattr(
        dp, "plausible_total", lambda part, parents=None: {**real(part, parents), "upper": 1e12}
    )
    with pytest.raises(AssertionError, match="exceeds the naive sum"):
        dp.self_check(figures)


@settings(max_examples=60, deadline=None)
@given(figure_frames(), figure_frames(), st.randoms(use_true_random=False))
def test_property_totals_per_part_equal_the_total_of_each_part(one, other, rnd):
    """plausible_totals slices codes, plausible_total slices the frame: the same totals."""
    other = other.assign(
        figure_id=[f"x{i:03d}" for i in range(len(other))],
        overlap_group=["x" + g for g in other["overlap_group"]],
        counted_in=[None if pd.isna(c) else "x" + c for c in other["counted_in"]],
    )
    figures = shuffled(pd.concat([one, other], ignore_index=True), rnd)
    part = np.where(figures["figure_id"].str.startswith("x"), "other", "one")
    parents = dp.group_parents(figures)
    totals = dp.plausible_totals(figures, part, parents)
    assert set(totals) == {"one", "other"}
    for name in totals:
        assert totals[name] == dp.plausible_total(figures[part == name], parents)


@settings(max_examples=60, deadline=None)
@given(figure_frames(), st.randoms(use_true_random=False))
def test_property_parents_linked_on_codes_equal_group_parents(figures, rnd):
    """Without `parents`, the links come from the codes; they must be group_parents' links."""
    figures = shuffled(figures, rnd)
    kinds = figures["stock_flow"].fillna("unstated")
    given_links = dp.plausible_totals(figures, kinds.to_numpy(), dp.group_parents(figures))
    assert dp.plausible_totals(figures, kinds.to_numpy()) == given_links
    if figures["stock_flow"].nunique() <= 1:
        assert dp.plausible_total(figures) == dp.plausible_total(figures, dp.group_parents(figures))


def test_parents_on_codes_follow_the_last_new_pair_like_a_dict():
    """A group counted in two totals (in different parts): group_parents keeps the pair that
    first appears last, and so must the links made on the codes."""
    figures = frame(
        exact("f1", 5, group="child", counted_in="a"),
        exact("f2", 50, group="a"),
        exact("f3", 70, group="b"),
        exact("f4", 5, group="child", counted_in="b"),
    )
    assert dp.group_parents(figures) == {"child": "b"}
    labels = ["p1", "p1", "p2", "p2"]
    on_codes = dp.plausible_totals(figures, labels)
    assert on_codes == dp.plausible_totals(figures, labels, dp.group_parents(figures))
    assert on_codes["p1"]["groups_counted"] == ["a", "child"]  # linked to b, which is absent
    assert on_codes["p2"]["groups_inside_others"] == ["child"]


def test_plausible_totals_leaves_out_unlabelled_figures_and_refuses_mixed_parts():
    figures = frame(
        exact("f1", 100, group="g1"),
        exact("f2", 40, group="g2"),
        exact("f3", 7, group="g3", stock_flow="flow"),
    )
    totals = dp.plausible_totals(figures, ["a", None, "b"])
    assert (totals["a"]["lower"], totals["b"]["lower"], len(totals)) == (100, 7, 2)
    with pytest.raises(dp.TallyError, match="part 'a': stocks and flows"):
        dp.plausible_totals(figures, ["a", "a", "a"])
    with pytest.raises(ValueError, match="2 labels for 3 figures"):
        dp.plausible_totals(figures, ["a", "b"])
    assert dp.plausible_totals(figures.iloc[:0], []) == {}
    by_column = dp.plausible_totals(figures, "stock_flow")
    assert by_column == {
        kind: dp.plausible_total(figures[figures["stock_flow"] == kind])
        for kind in ("flow", "stock")
    }
