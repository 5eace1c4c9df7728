"""Timeline (analysis/timeline.py, figures/timeline.py, widgets/timeline.py) and source colours."""

from __future__ import annotations

import json
import re

import matplotlib
import pandas as pd
import pytest

from conflictbook.analysis import timeline
from conflictbook.figures import timeline as timeline_figures
from conflictbook.figures.style import SEQUENCE, source_colours
from conflictbook.widgets.timeline import FilterableTimeline

pytestmark = pytest.mark.datafree  # inputs made here; see conftest.py

matplotlib.use("Agg")


def events() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "event_id": ["e1", "e2", "e3", "e4"],
            "event_group": ["g_1993_agdam_fall", "g_1993_agdam_fall", None, "g_1994_truce"],
            "date_start": pd.to_datetime(["1993-07-23", "1993-01-01", "1994-05-12", "1994-05-12"]),
            "date_end": pd.to_datetime(["1993-07-23", "1993-07-29", "1994-05-12", "1994-05-31"]),
            "date_precision": ["day", "context", "day", "month"],
            "event_type": ["occupation", "occupation", "ceasefire", "ceasefire"],
            "summary": ["Agdam falls", "Agdam <b>taken</b>", "Truce", "Truce again"],
            "source_id": ["s2", "s1", "s2", "s2"],
            "locator": ["p"] * 4,
            "quote": ["q"] * 4,
        }
    )


def sources() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "source_id": ["s2", "s1"],
            "citation": ["Zed, A. (2001). A.", "Alpha, B. & Beta, C. (1999). B."],
            "kind": ["article", "article"],
            "year": [2001, 1999],
        }
    )


def test_source_colours_follow_row_order_and_never_recolour():
    colours = source_colours(sources())
    assert colours == {"s2": SEQUENCE[0], "s1": SEQUENCE[1]}
    more = pd.concat([sources(), pd.DataFrame({"source_id": ["s0"]})], ignore_index=True)
    assert {k: v for k, v in source_colours(more).items() if k != "s0"} == colours


def test_date_label_at_each_precision():
    label = timeline.date_label
    assert label("1994-05-12", "1994-05-12", "day") == "12 May 1994"
    assert label("1994-05-01", "1994-05-31", "month") == "May 1994"
    assert label("1994-01-01", "1994-12-31", "year") == "1994"
    assert label("1990-01-01", "1999-12-31", "decade") == "1990s"
    assert label("1600-01-01", "1799-12-31", "century") == "1600–1799"
    assert label("1991-01-01", "1994-12-31", "span") == "1991–1994"
    assert label("1993-01-01", "1993-07-29", "context") == "1 January 1993 – 29 July 1993"
    assert label(None, None) == ""


def test_happenings_count_groups_once():
    assert timeline.happenings(events()) == 3


def test_shared_events_only_groups_of_several_sources():
    shared = timeline.shared_events(events(), ["s2", "s1"])
    assert list(shared["event_id"]) == ["e1", "e2"]  # the truce group has one source
    assert shared["dates_differ"].all()
    assert list(shared["date"]) == ["23 July 1993", "1 January 1993 – 29 July 1993"]


def test_group_label():
    assert timeline.group_label("g_1993_agdam_fall") == "Agdam fall (1993)"
    assert timeline.group_label("other") == "other"


def test_timeline_figure_legend_names_sources_in_order_and_caption():
    colours = source_colours(sources())
    citations = {"s2": "Zed 2001", "s1": "Alpha & Beta 1999"}
    fig = timeline_figures.draw_timeline(
        events(), "1993-01-01", "1994-12-31", {}, colours, citations
    )
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert legend == ["Zed 2001", "Alpha & Beta 1999"]
    caption = timeline_figures.timeline_alt(events(), "1993-01-01", "1994-12-31", citations)
    assert caption.startswith("4 events dated between 1993 and 1994")
    assert "Zed 2001 3; Alpha & Beta 1999 1" in caption
    matplotlib.pyplot.close("all")


def test_widget_offers_sources_by_citation_in_order_with_colours():
    periods = pd.DataFrame({"period_id": ["p1"], "label": ["War"], "order": [1]})
    placed = pd.Series(["p1", "p1", None, None])
    widget = FilterableTimeline(events(), periods, placed, sources(), {"occupation": "Capture"})
    offered = widget.data["sources"]
    assert [s["id"] for s in offered] == ["s2", "s1"]
    assert offered[0]["label"] == "Zed 2001" and offered[0]["colour"] == SEQUENCE[0]
    first = widget.data["events"][0]
    assert first["type"] == "Capture" and first["date"] == "1 January 1993 – 29 July 1993"
    page = widget._repr_html_()
    data = json.loads(re.search(r'class="cb-tl-data">(.*?)</script>', page).group(1))
    assert data["sources"][1]["label"] == "Alpha & Beta 1999"
    assert "<b>taken</b>" not in page  # the summary is data, never markup
