"""The whole path a student takes: an openly licensed third source added to a copy of the data,
with two events, three interaction rows and two displacement figures; validated; run through the
chapters' functions. The new rows must reach every chapter, and no total may mix dates or places.

Ids are taken from whatever data is present, so this runs for another conflict's package too.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pandas as pd
import pytest

from conflictbook import validate_package
from conflictbook.analysis import displacement, networks, tallies, timeline
from conflictbook.data import loaders, paths
from conflictbook.data.fingerprint import text_sha256

TEXT = (
    "Demo report on the last period. In the last year the first party and the second party met "
    "under the mediator's auspices and agreed to exchange prisoners. The first party later "
    "condemned the second party for shelling the border. About 100000 people fled to the first "
    "party's territory in the autumn, and 120000 people were registered there as refugees at the "
    "end of the year.\n"
)
QUOTES = {
    "meet": "the first party and the second party met under the mediator's auspices",
    "condemn": "The first party later condemned the second party for shelling the border",
    "fled": "About 100000 people fled to the first party's territory in the autumn",
    "stock": "120000 people were registered there as refugees at the end of the year",
}


def _rows(path: Path) -> tuple[list[str], list[dict]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames), list(reader)


def _append(path: Path, new: list[dict]) -> None:
    fields, rows = _rows(path)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows + [{f: r.get(f, "") for f in fields} for r in new])
    path.write_text(buffer.getvalue(), encoding="utf-8")


@pytest.fixture
def third(tmp_path: Path) -> dict:
    data = tmp_path / "data"
    shutil.copytree(paths.data_dir(), data)
    interactions = loaders.load_interactions(data)
    counts = pd.concat([interactions["actor_from"], interactions["actor_to"]]).value_counts()
    first, second, mediator = list(counts.index[:3])
    periods = loaders.load_periods(data)
    last = periods.iloc[-1]
    start, end = str(last["start"])[:10], str(last["end"])[:10]
    places = loaders.load_places(data)["place_id"].tolist()
    place = places[0]
    (data / "sources").mkdir(exist_ok=True)
    (data / "sources" / "900_demo_third.txt").write_text(TEXT, encoding="utf-8")
    _append(
        data / "sources.csv",
        [
            {
                "source_id": "demo_third",
                "file": "900_demo_third.txt",
                "kind": "report",
                "citation": "Demo, A. (2024). A third source for a test.",
                "year": "2024",
                "language": "English",
                "perspective": "Invented for a test.",
                "license": "CC0 1.0",
                "copyrighted": "false",
                "text_sha256": text_sha256(TEXT),
                "obtain": "In the repository.",
            }
        ],
    )
    locator = "Section 1, para 'Demo report'"
    _append(
        data / "events.csv",
        [
            {
                "event_id": "e900_meeting",
                "date_start": start,
                "date_end": end,
                "date_precision": "context",
                "event_type": "meeting",
                "summary": "The parties meet.",
                "source_id": "demo_third",
                "locator": locator,
                "quote": QUOTES["meet"],
            },
            {
                "event_id": "e900_flight",
                "date_start": start,
                "date_end": end,
                "date_precision": "context",
                "event_type": "displacement",
                "summary": "People flee.",
                "source_id": "demo_third",
                "locator": locator,
                "quote": QUOTES["fled"],
            },
        ],
    )
    common = {
        "date_start": start,
        "date_end": end,
        "date_precision": "context",
        "basis": "stated",
        "source_id": "demo_third",
        "locator": locator,
        "note": "Context: the report's last year.",
    }
    _append(
        data / "interactions.csv",
        [
            {
                **common,
                "interaction_id": "i900_0001",
                "act_id": "a900_0001",
                "actor_from": mediator,
                "actor_to": first,
                "interaction_type": "mediates_between",
                "quote": QUOTES["meet"],
            },
            {
                **common,
                "interaction_id": "i900_0002",
                "act_id": "a900_0001",
                "actor_from": mediator,
                "actor_to": second,
                "interaction_type": "mediates_between",
                "quote": QUOTES["meet"],
            },
            {
                **common,
                "interaction_id": "i900_0003",
                "act_id": "a900_0002",
                "actor_from": first,
                "actor_to": second,
                "interaction_type": "condemns",
                "quote": QUOTES["condemn"],
            },
        ],
    )
    year_start = max(start, f"{end[:4]}-01-01")  # the period's last year (figures: day..century)
    figure = {
        "measure": "refugees",
        "population_type": "REF",
        "unit": "people",
        "date_start": year_start,
        "date_end": end,
        "date_precision": "year",
        "claimant": "author",
        "source_id": "demo_third",
        "locator": locator,
    }
    _append(
        data / "figures.csv",
        [
            {
                **figure,
                "figure_id": "f900_001",
                "subject": "People who fled",
                "stock_flow": "flow",
                "low": "100000",
                "high": "100000",
                "qualifier": "approx",
                "destination_place_id": place,
                "overlap_group": "demo_flight",
                "quote": QUOTES["fled"],
            },
            {
                **figure,
                "figure_id": "f900_002",
                "subject": "Refugees registered",
                "stock_flow": "stock",
                "low": "120000",
                "high": "120000",
                "qualifier": "exact",
                "place_id": place,
                "overlap_group": "demo_registered",
                "quote": QUOTES["stock"],
            },
        ],
    )
    return {"data": data, "period": last["period_id"], "place": place}


def messages(data: Path) -> list[str]:
    return [str(p) for p in validate_package(data).problems]


def test_the_third_source_validates_and_reaches_every_chapter(third):
    data = third["data"]
    assert messages(data) == []
    interactions = loaders.load_interactions(data)
    graphs = networks.period_graphs(interactions, loaders.load_periods(data))
    acts = {a for _, _, d in graphs[third["period"]].edges(data=True) for a, _ in d.get("acts", ())}
    assert {"a900_0001", "a900_0002"} <= acts  # the mediation is one act with two dyads
    events = loaders.load_events(data)
    shown = timeline.events_in_range(events, "1000-01-01", "2100-12-31")
    assert {"e900_meeting", "e900_flight"} <= set(shown["event_id"])
    figures = displacement.displacement_figures(loaders.load_figures(data))
    sources = loaders.load_sources(data)["source_id"].tolist()
    found = tallies.tally_sets(figures, loaders.load_periods(data), sources)
    new = [t for t in found if "f900_002" in t.figure_ids]
    assert len(new) == 1 and new[0].source_ids == ("demo_third",)  # never added to another stock
    for tally in found:  # no total mixes dates or places
        rows = figures[figures["figure_id"].isin(tally.figure_ids)]
        assert rows["place_id"].fillna("").nunique() <= 1
        if tally.key.stock_flow == "stock":
            assert rows["date_start"].nunique() == 1 and rows["date_end"].nunique() == 1


@pytest.mark.parametrize(
    "mistake,expect",
    [
        ("missing_text", "is not in the repository"),
        ("paraphrase", "the quote is not found"),
        ("unit", "did you mean 'people'?"),
    ],
)
def test_the_students_mistakes_are_caught_naming_source_file_row_and_field(third, mistake, expect):
    data = third["data"]
    if mistake == "missing_text":
        (data / "sources" / "900_demo_third.txt").unlink()
    path = data / ("figures.csv" if mistake == "unit" else "events.csv")
    text = path.read_text(encoding="utf-8")
    if mistake == "paraphrase":
        text = text.replace(QUOTES["meet"], "the two parties met thanks to the mediator", 1)
    if mistake == "unit":
        text = text.replace(
            "f900_002,refugees,Refugees registered,,REF,stock,120000,,120000,people",
            "f900_002,refugees,Refugees registered,,REF,stock,120000,,120000,persons",
        )
    path.write_text(text, encoding="utf-8")
    found = messages(data)
    assert any(expect in m for m in found), found
    if mistake == "missing_text":
        assert any("demo_third" in m and "900_demo_third.txt" in m for m in found)
    else:
        assert any("e900_meeting" in m or "f900_002" in m for m in found)  # the row's id
