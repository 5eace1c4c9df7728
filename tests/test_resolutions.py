"""Resolution comparisons: topics, verbs, similarity, novelty, timing and positions on small
hand-made tables."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pandas as pd
import pytest

import conflictbook
from conflictbook.analysis import positions as ps
from conflictbook.analysis import resolutions as rs

DATES = {100: "1993-04-30", 200: "1993-07-29", 300: "1993-11-12", 400: "1994-01-10"}


def clause(
    number, part, paragraph, lead, verb, strength, text, topics=(), places=(), addressees=()
) -> dict:
    short = "pre" if part == "preamble" else "op"
    return {
        "clause_id": f"unsc_{number}_{short}{paragraph:02d}",
        "resolution_id": f"unsc_{number}",
        "part": part,
        "paragraph": paragraph,
        "lead_phrase": lead,
        "verb": verb,
        "text": text,
        "topics": tuple(topics),
        "places": tuple(places),
        "addressees": tuple(addressees),
        "resolutions_cited": (),
        "ocr_note": None,
        "number": number,
        "date_adopted": DATES[number],
        "strength": strength,
    }


def to_frame(rows) -> pd.DataFrame:
    """Typed like load_clauses(): Int64 numbers, datetime64[s] dates, tuples in the list columns."""
    frame = pd.DataFrame(rows)
    for col in (
        "clause_id",
        "resolution_id",
        "part",
        "lead_phrase",
        "verb",
        "text",
        "topics",
        "places",
        "addressees",
        "resolutions_cited",
        "ocr_note",
    ):
        frame[col] = frame[col].astype(object)
    for col in ("paragraph", "number", "strength"):
        frame[col] = frame[col].astype("Int64")
    frame["date_adopted"] = pd.to_datetime(frame["date_adopted"]).astype("datetime64[s]")
    return frame


DEMAND = "Demands the immediate cessation of all hostilities"
RECALL = "Recalling the statements of the President"
REPORT = "Requests the Secretary-General to report"


def clauses() -> pd.DataFrame:
    return to_frame(
        [
            clause(
                100, "preamble", 1, "Recalling", "recall", 0, RECALL, topics=["recalling_texts"]
            ),
            clause(
                100,
                "operative",
                1,
                "Demands",
                "demand",
                4,
                DEMAND,
                topics=["ceasefire"],
                places=["kelbajar"],
                addressees=["parties"],
            ),
            clause(
                100,
                "operative",
                2,
                "Requests",
                "request",
                1,
                REPORT,
                topics=["reporting"],
                addressees=["secretary_general"],
            ),
            clause(
                200,
                "preamble",
                1,
                "Reaffirming",
                "reaffirm",
                2,
                "Reaffirming the sovereignty of every State",
                topics=["territorial_integrity"],
            ),
            clause(200, "operative", 1, "Demands", "demand", 4, DEMAND, topics=["ceasefire"]),
            clause(
                200,
                "operative",
                2,
                "Condemns",
                "condemn",
                5,
                "Condemns the seizure of the district of Agdam",
                topics=["occupation", "ceasefire"],
                places=["agdam_district", "azerbaijan"],
            ),
            clause(
                200,
                "operative",
                3,
                "Urges",
                "urge",
                3,
                "Urges the parties to refrain from hostilities",
                topics=["ceasefire"],
                addressees=["parties"],
            ),
            clause(
                300, "preamble", 1, "Recalling", "recall", 0, RECALL, topics=["recalling_texts"]
            ),
            clause(
                300,
                "operative",
                1,
                "Condemns",
                "condemn",
                5,
                "Condemns the occupation of the district of Agdam",
                topics=["occupation"],
                places=["agdam_district", "zangelan"],
            ),
            clause(
                300,
                "operative",
                2,
                "Requests",
                "request",
                1,
                REPORT,
                topics=["reporting"],
                addressees=["secretary_general"],
            ),
            clause(
                300,
                "operative",
                3,
                "Demands",
                "demand",
                4,
                DEMAND,
                topics=["ceasefire"],
                addressees=["parties", "armenia"],
            ),
        ]
    )


# ---------------------------------------------------------------- lists, topics, verbs


def test_explode_list():
    long = rs.explode_list(clauses(), "places")
    assert list(long.columns) == [
        "clause_id",
        "resolution_id",
        "number",
        "part",
        "paragraph",
        "places",
    ]
    assert list(zip(long["clause_id"], long["places"])) == [
        ("unsc_100_op01", "kelbajar"),
        ("unsc_200_op02", "agdam_district"),
        ("unsc_200_op02", "azerbaijan"),
        ("unsc_300_op01", "agdam_district"),
        ("unsc_300_op01", "zangelan"),
    ]
    assert len(rs.explode_list(clauses(), "topics")) == 12  # eleven paragraphs, one with two topics


def test_clause_matrix_all_parts():
    matrix = rs.clause_matrix(clauses())
    assert matrix.index.name == "topic" and matrix.columns.name == "resolution"
    assert matrix.columns.tolist() == [100, 200, 300]
    assert matrix.to_dict("index") == {
        "ceasefire": {100: 1, 200: 3, 300: 1},
        "occupation": {100: 0, 200: 1, 300: 1},
        "recalling_texts": {100: 1, 200: 0, 300: 1},
        "reporting": {100: 1, 200: 0, 300: 1},
        "territorial_integrity": {100: 0, 200: 1, 300: 0},
    }
    assert all(dtype.kind == "i" for dtype in matrix.dtypes)


def test_clause_matrix_one_part_keeps_every_resolution():
    preamble = rs.clause_matrix(clauses(), "preamble")
    assert preamble.to_dict("index") == {
        "recalling_texts": {100: 1, 200: 0, 300: 1},
        "territorial_integrity": {100: 0, 200: 1, 300: 0},
    }
    operative = rs.clause_matrix(clauses(), "operative")
    assert operative.index.tolist() == ["ceasefire", "occupation", "reporting"]
    assert operative.loc["ceasefire"].tolist() == [1, 3, 1]


def test_verb_profile():
    profile = rs.verb_profile(clauses())
    assert profile.index.tolist() == [(5, "condemn"), (4, "demand"), (3, "urge"), (1, "request")]
    assert profile.columns.tolist() == [100, 200, 300]
    assert profile.values.tolist() == [[0, 1, 1], [1, 1, 1], [0, 1, 0], [1, 0, 1]]


def test_strength_summary():
    summary = rs.strength_summary(clauses())
    assert summary.to_dict("records") == [
        {
            "resolution": 100,
            "adopted": "1993-04-30",
            "operative_paragraphs": 2,
            "strongest_verb": "Demands",
            "max_strength": 4,
            "mean_strength": 2.5,
            "demand_or_condemn": 1,
        },
        {
            "resolution": 200,
            "adopted": "1993-07-29",
            "operative_paragraphs": 3,
            "strongest_verb": "Condemns",
            "max_strength": 5,
            "mean_strength": 4.0,
            "demand_or_condemn": 2,
        },
        {
            "resolution": 300,
            "adopted": "1993-11-12",
            "operative_paragraphs": 3,
            "strongest_verb": "Condemns",
            "max_strength": 5,
            "mean_strength": 3.33,
            "demand_or_condemn": 2,
        },
    ]


def test_strength_summary_tie_goes_to_the_first_paragraph():
    rows = [
        clause(100, "operative", 2, "Strongly condemns", "condemn", 5, "x"),
        clause(100, "operative", 1, "Condemns", "condemn", 5, "y"),
    ]
    assert rs.strength_summary(to_frame(rows)).loc[0, "strongest_verb"] == "Condemns"


# ---------------------------------------------------------------- similarity


def test_tokens():
    assert rs.tokens("The Council's 3 demands: an END to it, in Kelbajar-district.") == [
        "council",
        "demands",
        "end",
        "kelbajar",
        "district",
    ]
    assert rs.tokens("") == []


def test_cosine():
    assert rs.cosine(Counter("a b b".split()), Counter("b c".split())) == pytest.approx(
        2 / math.sqrt(10)
    )
    assert rs.cosine(Counter("x y".split()), Counter("y x".split())) == pytest.approx(1.0)
    assert rs.cosine(Counter("x".split()), Counter("y".split())) == 0.0
    assert rs.cosine(Counter(), Counter("y".split())) == 0.0


def test_closest_earlier():
    table = rs.closest_earlier(clauses())
    assert list(table.columns) == [
        "clause_id",
        "resolution",
        "part",
        "paragraph",
        "lead_phrase",
        "closest_earlier",
        "similarity",
    ]
    got = {r.clause_id: (r.closest_earlier, r.similarity) for r in table.itertuples()}
    for first in (
        "unsc_100_pre01",
        "unsc_100_op01",
        "unsc_100_op02",
    ):  # nothing earlier than the first resolution
        assert pd.isna(got[first][0]) and got[first][1] == 0.0
    assert got["unsc_200_op01"] == ("unsc_100_op01", 1.0)  # copied word for word
    assert got["unsc_200_op03"] == (
        "unsc_100_op01",
        0.25,
    )  # shares 'hostilities' out of four words each
    assert got["unsc_300_pre01"] == ("unsc_100_pre01", 1.0)
    assert got["unsc_300_op01"] == ("unsc_200_op02", 0.75)  # occupation for seizure: 3 of 4 words
    assert got["unsc_300_op02"] == ("unsc_100_op02", 1.0)
    # 300 op03 matches 100 op01 and its copy 200 op01 equally: the smaller id wins
    assert got["unsc_300_op03"] == ("unsc_100_op01", 1.0)


def test_closest_earlier_does_not_depend_on_row_order():
    forward = rs.closest_earlier(clauses()).set_index("clause_id")[
        ["closest_earlier", "similarity"]
    ]
    backward = rs.closest_earlier(clauses().iloc[::-1].reset_index(drop=True))
    backward = backward.set_index("clause_id")[["closest_earlier", "similarity"]]
    pd.testing.assert_frame_equal(backward.sort_index(), forward.sort_index())


def test_novelty():
    table = rs.novelty(clauses())
    rows = table.set_index("resolution")
    assert rows.loc[100, "new_topics"] == "ceasefire|recalling_texts|reporting"
    assert rows.loc[100, "new_places"] == "kelbajar"
    assert rows.loc[100, "new_addressees"] == "parties|secretary_general"
    assert rows.loc[100, "paragraphs"] == 3 and rows.loc[100, "without_close_precedent"] == 3
    assert np.isnan(rows.loc[100, "mean_similarity"])
    assert (
        rows.loc[200, "new_topics"] == "occupation|territorial_integrity"
    )  # ceasefire was new only in 100
    assert rows.loc[200, "new_places"] == "agdam_district|azerbaijan"
    assert rows.loc[200, "new_addressees"] == "—"
    assert (
        rows.loc[200, "without_close_precedent"] == 3 and rows.loc[200, "mean_similarity"] == 0.312
    )
    assert rows.loc[300, "new_topics"] == "—"
    assert rows.loc[300, "new_places"] == "zangelan"
    assert rows.loc[300, "new_addressees"] == "armenia"
    assert (
        rows.loc[300, "without_close_precedent"] == 0 and rows.loc[300, "mean_similarity"] == 0.938
    )
    assert (
        rs.novelty(clauses(), threshold=0.2)
        .set_index("resolution")
        .loc[200, "without_close_precedent"]
        == 2
    )


def test_novelty_of_an_entirely_new_resolution_is_zero_similarity():
    fresh = to_frame(
        [
            clause(
                400, "operative", 1, "Welcomes", "welcome_op", 1, "Welcomes progress towards peace"
            )
        ]
    )
    table = rs.novelty(pd.concat([clauses(), fresh], ignore_index=True)).set_index("resolution")
    assert table.loc[400, "paragraphs"] == 1
    assert table.loc[400, "mean_similarity"] == 0.0


# ---------------------------------------------------------------- timing


def places() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "place_id": ["agdam", "agdam_district", "azerbaijan", "kelbajar", "zangelan"],
            "name": ["Agdam", "Agdam District", "Azerbaijan", "Kelbajar", "Zangelan"],
            "kind": ["town", "district", "country", "district", "district"],
            "parent_id": ["agdam_district", "azerbaijan", None, "azerbaijan", "azerbaijan"],
        },
        dtype=object,
    )


def events() -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "event_id": ["e1", "e2", "e3", "e4", "e5"],
            "date_start": ["1993-03-27", "1993-07-23", "1993-07-20", "1993-06-01", "1993-08-01"],
            "date_end": ["1993-04-03", "1993-07-23", "1993-07-24", "1993-06-01", "1993-08-01"],
            "event_type": ["occupation", "occupation", "occupation", "shelling", "occupation"],
            "place_id": ["kelbajar", "agdam", "agdam_district", "agdam_district", "azerbaijan"],
            "summary": [
                "Kelbajar falls",
                "Agdam town falls",
                "Agdam district falls",
                "Agdam shelled",
                "not a district",
            ],
            "source_id": ["s1", "s1", "s2", "s1", "s1"],
        }
    )
    for col in ("date_start", "date_end"):
        frame[col] = pd.to_datetime(frame[col]).astype("datetime64[s]")
    return frame


def test_place_lags():
    lags = rs.place_lags(clauses(), events(), places())
    got = [
        (r.resolution, r.place, r.event_place, r.event_id, r.source_id, r.lag_days)
        for r in lags.iloc[:5].itertuples()
    ]
    assert got == [
        (100, "kelbajar", "kelbajar", "e1", "s1", 27),  # 30 April - 3 April (the end date)
        (
            200,
            "agdam_district",
            "agdam_district",
            "e3",
            "s2",
            5,
        ),  # 29 July - 24 July, not - 20 July
        (200, "agdam_district", "agdam", "e2", "s1", 6),  # the town's fall counts for its district
        (300, "agdam_district", "agdam_district", "e3", "s2", 111),
        (300, "agdam_district", "agdam", "e2", "s1", 112),
    ]
    last = lags.iloc[5]
    assert (last["resolution"], last["place"]) == (300, "zangelan") and pd.isna(last["event_id"])
    assert np.isnan(last["lag_days"])
    assert len(lags) == 6
    assert "azerbaijan" not in set(
        lags["place"]
    )  # a country named in a paragraph is not a place that falls


def test_place_lags_other_event_types():
    lags = rs.place_lags(clauses(), events(), places(), event_types=("shelling",))
    rows = lags[lags["event_id"].notna()]
    assert list(zip(rows["resolution"], rows["event_id"], rows["lag_days"])) == [
        (200, "e4", 58),
        (300, "e4", 164),
    ]


# ---------------------------------------------------------------- claims and positions


def test_claims_against_texts():
    checks = pd.DataFrame(
        {
            "check_id": ["c4", "c2", "c3", "c1"],
            "source_id": ["s1", "s1", "s2", "s2"],
            "claim": [
                "Resolution 100 was adopted.",
                "Resolution 200 condemned the seizure of Agdam.",
                "Another source says so.",
                "Resolution 100 demanded a ceasefire.",
            ],
            "check_kind": ["primary_text", "primary_text", "other_source", "primary_text"],
            "reference": [
                "S/RES/100 (1993)",
                "unsc_200_op02",
                "unsc_100_op02",
                "see unsc_100_op01 (para 1)",
            ],
            "verdict": ["unverifiable", "agrees", "agrees", "differs"],
            "note": ["", "", "", "only 'demands'"],
        },
        dtype=object,
    )
    table = rs.claims_against_texts(checks, clauses())
    assert list(table.columns) == [
        "check_id",
        "source_id",
        "claim",
        "verdict",
        "clause_id",
        "lead_phrase",
        "text",
        "note",
    ]
    assert table["check_id"].tolist() == [
        "c1",
        "c2",
        "c4",
    ]  # c3 is not checked against a primary text
    assert table.loc[0, "clause_id"] == "unsc_100_op01" and table.loc[0, "text"] == DEMAND
    assert table.loc[1, "lead_phrase"] == "Condemns" and table.loc[1, "verdict"] == "agrees"
    assert pd.isna(table.loc[2, "clause_id"]) and pd.isna(table.loc[2, "text"])


def positions() -> pd.DataFrame:
    rows = [  # position_id, actor, issue, stance, score, period, era, order, source
        ("p1", "russia", "ti", "supports", 1, "war", "war", 4, "s1"),
        ("p2", "russia", "ti", "neutral", 0, "war", "war", 4, "s2"),
        ("p3", "russia", "sd", "opposes", -1, "war", "war", 4, "s1"),
        ("p4", "turkey", "ti", "strongly_supports", 2, "war", "war", 4, "s1"),
        ("p5", "turkey", "talks", "supports", 1, "war", "war", 4, "s1"),
        ("p6", "russia", "ti", "opposes", -1, "truce", "ceasefire", 5, "s1"),
        ("p7", "iran", "sd", "opposes", -1, "truce", "ceasefire", 5, "s2"),
        ("p0", "russia", "ti", "supports", 1, "empire", "before", 1, "s3"),
    ]
    frame = pd.DataFrame(
        rows,
        columns=[
            "position_id",
            "actor_id",
            "issue",
            "stance",
            "score",
            "period_id",
            "era",
            "order",
            "source_id",
        ],
    )
    frame["favours"] = frame["issue"].map({"ti": "azerbaijan", "sd": "armenia", "talks": "neither"})
    frame["side_sign"] = frame["favours"].map({"azerbaijan": 1, "armenia": -1, "neither": 0})
    frame["quote"] = "quote " + frame["position_id"]
    frame["locator"] = "p. 1"
    frame["note"] = None
    frame["order"] = frame["order"].astype("Int64")
    return frame


def test_position_matrix():
    war = ps.position_matrix(positions(), "war")
    assert war.index.tolist() == ["russia", "turkey"] and war.columns.tolist() == [
        "sd",
        "talks",
        "ti",
    ]
    assert (
        war.loc["russia", "ti"] == 0.5
        and war.loc["russia", "sd"] == -1.0
        and np.isnan(war.loc["russia", "talks"])
    )
    assert (
        war.loc["turkey", "ti"] == 2.0
        and war.loc["turkey", "talks"] == 1.0
        and np.isnan(war.loc["turkey", "sd"])
    )
    truce = ps.position_matrix(positions(), "ceasefire")
    assert truce.index.tolist() == ["iran", "russia"] and truce.loc["russia", "ti"] == -1.0


def test_positions_by_source():
    table = ps.positions_by_source(positions(), "russia")
    assert list(table.columns) == ["period_id", "source_id", "issue", "stance", "score", "quote"]
    assert list(zip(table["period_id"], table["source_id"], table["issue"], table["score"])) == [
        ("empire", "s3", "ti", 1),
        ("war", "s1", "sd", -1),
        ("war", "s1", "ti", 1),
        ("war", "s2", "ti", 0),
        ("truce", "s1", "ti", -1),
    ]
    assert ps.positions_by_source(positions(), "nobody").empty


def test_lean():
    table = ps.lean(positions())
    assert table.index.tolist() == ["iran", "russia", "turkey"]
    assert table.columns.tolist() == ["before", "ceasefire", "war"]
    # russia in the war: +1 (supports Azerbaijan's integrity), 0, and +1 (opposes Armenian
    # self-determination)
    assert table.loc["russia", "war"] == 0.67
    assert table.loc["russia", "ceasefire"] == -1.0 and table.loc["russia", "before"] == 1.0
    assert table.loc["iran", "ceasefire"] == 1.0
    assert (
        table.loc["turkey", "war"] == 2.0
    )  # its stance on the neutral issue (talks) does not count
    assert np.isnan(table.loc["turkey", "ceasefire"])


# ---------------------------------------------------------------- the real data


@pytest.mark.case
def test_real_resolutions_paragraph_counts():
    real = conflictbook.load_clauses()
    operative = real[real["part"] == "operative"]
    assert len(operative) == 41
    assert operative.groupby("number").size().to_dict() == {822: 5, 853: 14, 874: 13, 884: 9}
    preamble = real[real["part"] == "preamble"].groupby("number").size()
    assert set(real["number"]) == set(preamble.index) and (preamble >= 1).all()
    assert rs.strength_summary(real)["operative_paragraphs"].tolist() == [5, 14, 13, 9]


# ---------------------------------------------------------------- parties beside the others


def test_position_blocks_put_the_parties_first_in_the_order_given():
    frame = positions()
    blocks = ps.position_blocks(frame, ["turkey", "armenia"], "war", "s1", ["ti", "talks", "sd"])
    assert blocks.parties == ["turkey"]  # armenia gives no stance here
    assert blocks.others == ["russia"]
    assert blocks.n_parties == 1
    assert list(blocks.matrix.columns) == ["ti", "talks", "sd"]
    assert blocks.matrix.loc["turkey", "ti"] == 2 and np.isnan(blocks.matrix.loc["russia", "talks"])
    with pytest.raises(AttributeError):
        blocks.n_parties = 2  # type: ignore[misc]
    assert frame.equals(positions())  # the input is not changed


def test_position_blocks_of_one_source_only():
    blocks = ps.position_blocks(positions(), ["russia"], "war", "s2")
    assert blocks.matrix.shape == (1, 1) and blocks.matrix.loc["russia", "ti"] == 0


def test_party_positions_sorted_by_period_source_and_party():
    table = ps.party_positions(positions(), ["turkey", "russia"], ["s2", "s1", "s3"])
    assert list(table["position_id"]) == ["p0", "p2", "p5", "p4", "p3", "p1", "p6"]


def test_sources_with_positions_keep_the_order_given():
    assert ps.sources_with_positions(positions(), "war", ["s3", "s2", "s1"]) == ["s2", "s1"]


def test_distinct_names_fall_back_to_full_names_when_short_ones_clash():
    names = ps.distinct_names(
        {"a": "OSCE", "b": "OSCE", "c": "Iran"},
        {"a": "OSCE (CSCE)", "b": "OSCE Minsk Group", "c": "Iran (IR)"},
    )
    assert names == {"a": "OSCE (CSCE)", "b": "OSCE Minsk Group", "c": "Iran"}


def test_label_items_and_labelled_novelty():
    assert rs.label_items("a|b", {"a": "A"}) == "A; b"
    assert rs.label_items(("a",), {"a": "A"}) == "A"
    assert rs.label_items("—", {}) == "—"
    new = pd.DataFrame({"new_topics": ["t"], "new_places": ["p|q"], "new_addressees": ["—"]})
    out = rs.labelled_novelty(new, {"t": "Topic"}, {"p": "P", "q": "Q"}, {})
    assert out.iloc[0].tolist() == ["Topic", "P; Q", "—"]


def test_clause_rows_are_fact_rows():
    rows = rs.clause_rows(clauses())
    assert {"source_id", "locator", "quote"} <= set(rows.columns)
    assert rows.loc[0, "source_id"] == rows.loc[0, "resolution_id"]
    assert rows.loc[0, "locator"].endswith("paragraph 1")


def test_position_blocks_figure_and_caption():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from conflictbook.figures import resolutions as figures

    blocks = ps.position_blocks(positions(), ["turkey"], "war", "s1")
    fig = figures.draw_position_blocks(blocks, {"turkey": "Turkey"}, {"ti": "Integrity"}, "t")
    assert fig.axes[0].get_title() == "t"
    text = figures.position_blocks_alt(blocks, {"turkey": "Turkey"}, {}, "S 1", "the war")
    assert "4 stances of 2 actors on 3 issues" in text and "parties (Turkey)" in text
    plt.close("all")
