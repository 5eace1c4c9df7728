"""ACLED importer: schema, the documented type mapping, missing second actors, dates, errors."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from conflictbook.analysis import networks
from conflictbook.data.rules import MAX_QUOTE_CHARS
from conflictbook.io import EventFileError
from conflictbook.io.acled import (
    EVENT_TYPE_MAP,
    OUTPUT_COLUMNS,
    SUB_EVENT_TYPE_MAP,
    UNIDENTIFIED,
    import_acled,
    slugify,
)
from conflictbook.io.synthetic import interaction_types

SAMPLE = Path(__file__).resolve().parent / "fixtures" / "acled_sample.csv"
ID = re.compile(r"^[a-z0-9][a-z0-9_]*$")


@pytest.fixture
def sample() -> pd.DataFrame:
    return pd.read_csv(SAMPLE, dtype=str, keep_default_na=False)


@pytest.fixture
def imported():
    return import_acled(SAMPLE)


def by_event(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.set_index(frame["locator"].str.removeprefix("ACLED event "))


def test_schema(imported, sample):
    frame, report = imported
    assert list(frame.columns) == OUTPUT_COLUMNS
    assert len(frame) == len(sample) == report.rows
    assert (
        frame["date_start"].dtype == "datetime64[s]" and frame["date_end"].dtype == "datetime64[s]"
    )
    assert (frame["date_start"] == frame["date_end"]).all()
    assert (frame["date_precision"] == "day").all()
    assert frame["polarity"].dtype == np.int64
    for column in ("interaction_id", "actor_from", "actor_to", "interaction_type", "source_id"):
        assert all(ID.fullmatch(v) for v in frame[column]), column
    assert frame["interaction_id"].is_unique
    assert (frame["source_id"] == "acled").all()
    assert list(frame["locator"]) == ["ACLED event " + e for e in sample["event_id_cnty"]]
    assert frame.loc[0, "interaction_id"] == "acled_fre1"


def test_mapping_and_polarity(imported):
    frame = by_event(imported[0])
    expected = {
        "FRE1": ("attacks", -1),
        "FRE2": ("commits_mass_violence_against", -1),
        "FRE4": ("attacks", -1),
        "FRE5": ("protests", -1),
        "FRE6": ("attacks", -1),
        "FRE7": ("negotiates_with", 1),
        "FRE8": ("coerces", -1),
        "FRE9": ("makes_statement_about", 0),
        "FRE10": ("occupies", -1),
        "FRE11": ("occupies", -1),
        "FRE12": ("coerces", -1),
        "FRE13": ("negotiates_with", 1),
    }
    for event, (kind, polarity) in expected.items():
        assert (frame.at[event, "interaction_type"], frame.at[event, "polarity"]) == (
            kind,
            polarity,
        ), event


def test_every_mapped_type_is_in_the_codebook_with_its_polarity(imported):
    codebook = dict(zip(interaction_types()["interaction_type"], interaction_types()["polarity"]))
    assert set(EVENT_TYPE_MAP.values()) | set(SUB_EVENT_TYPE_MAP.values()) <= set(codebook)
    frame = imported[0]
    assert list(frame["polarity"]) == [codebook[t] for t in frame["interaction_type"]]


def test_actors_slugified_and_mapped(imported, sample):
    frame = by_event(imported[0])
    assert frame.at["FRE1", "actor_from"] == "military_forces_of_freedonia_1933"
    assert frame.at["FRE2", "actor_to"] == "civilians_freedonia"
    assert frame.at["FRE12", "actor_from"] == "milicia_harpo_fictional"  # accent dropped
    assert slugify("  Protesters (Freedonia)  ") == "protesters_freedonia"
    mapped, _ = import_acled(
        sample,
        actor_map={
            "Military Forces of Freedonia (1933-)": "freedonia",
            "Government of Freedonia (1933-)": "freedonia",
        },
    )
    mapped = by_event(mapped)
    assert (
        mapped.at["FRE1", "actor_from"] == "freedonia"
        and mapped.at["FRE7", "actor_from"] == "freedonia"
    )
    assert mapped.at["FRE5", "actor_to"] == "freedonia"
    with pytest.raises(ValueError, match="snake_case"):
        import_acled(sample, actor_map={"Government of Freedonia (1933-)": "Freedonia!"})


def test_missing_actor2_kept_and_reported(imported):
    frame, report = imported
    frame = by_event(frame)
    assert report.missing_actor2 == 3
    assert report.missing_actor2_events == ["FRE4", "FRE9", "FRE14"]
    assert list(frame.loc[["FRE4", "FRE9", "FRE14"], "actor_to"]) == [UNIDENTIFIED] * 3
    assert "3 without actor2" in str(report)


def test_dates_in_both_formats(imported):
    frame = by_event(imported[0])
    assert frame.at["FRE1", "date_start"] == pd.Timestamp("1992-05-12")  # '12 May 1992'
    assert frame.at["FRE2", "date_start"] == pd.Timestamp("1992-06-01")  # ISO
    assert frame.at["FRE7", "date_start"] == pd.Timestamp("1993-10-05")  # '5 Oct 1993'
    assert frame.at["FRE3", "date_start"] == pd.Timestamp("1993-03-03")  # '03 March 1993'


def test_bad_date_names_the_row(sample, tmp_path):
    sample.loc[2, "event_date"] = "31 Febtember 1993"
    with pytest.raises(ValueError, match=r"row 4 \(event FRE3\).*'31 Febtember 1993'"):
        import_acled(sample)
    path = tmp_path / "bad.csv"
    sample.loc[2, "event_date"] = "1993-02-30"
    sample.loc[5, "event_date"] = ""
    sample.to_csv(path, index=False)
    with pytest.raises(
        ValueError,
        match=r"bad\.csv: event_date is not a date.*row 4 \(event FRE3\), row 7 \(event FRE6\)",
    ):
        import_acled(path)


def test_bad_date_in_a_file_names_file_line_and_column(sample, tmp_path):
    sample.loc[0, "notes"] = "a note\nthat spans\nthree lines"  # lines and rows part ways
    sample.loc[2, "event_date"] = "1993-02-30"
    path = tmp_path / "multiline.csv"
    sample.to_csv(path, index=False)
    with pytest.raises(EventFileError) as caught:
        import_acled(path)
    assert f"row 4 ({path}, line 6, column event_date) has '1993-02-30'" in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_codebook_as_an_argument(sample):
    codebook = interaction_types()
    flipped = codebook.assign(polarity=-codebook["polarity"])
    out, _ = import_acled(sample, codebook=flipped)
    base, _ = import_acled(sample)
    assert (out["polarity"].to_numpy() == -base["polarity"].to_numpy()).all()
    with pytest.raises(ValueError, match="missing from the codebook"):
        import_acled(sample, codebook=codebook[codebook["interaction_type"] != "attacks"])


def test_quotes_verbatim_and_short(imported, sample):
    frame, report = imported
    for quote, notes in zip(frame["quote"], sample["notes"]):
        assert len(quote) <= MAX_QUOTE_CHARS
        assert " ".join(notes.split()).startswith(quote)
    assert report.quotes_truncated == 1 and report.empty_notes == 1
    assert len(by_event(frame).at["FRE3", "quote"]) > MAX_QUOTE_CHARS - 40


def test_frame_and_file_give_the_same_rows(sample, imported):
    from_frame, _ = import_acled(sample)
    pd.testing.assert_frame_equal(from_frame, imported[0])
    numeric = sample.assign(fatalities=pd.to_numeric(sample["fatalities"]))
    assert (
        list(import_acled(numeric)[0]["note"])[0]
        == "ACLED Battles / Armed clash; fatalities 4; inter1 1, inter2 1"
    )


def test_errors_name_what_is_wrong(sample):
    with pytest.raises(ValueError, match="missing column.*actor2"):
        import_acled(sample.drop(columns="actor2"))
    unknown = sample.copy()
    unknown.loc[0, ["event_type", "sub_event_type"]] = ["Alien landings", "Saucer"]
    with pytest.raises(ValueError, match=r"Alien landings.*row 2 \(event FRE1\)"):
        import_acled(unknown)
    duplicated = sample.copy()
    duplicated.loc[1, "event_id_cnty"] = "FRE1"
    with pytest.raises(ValueError, match="repeat"):
        import_acled(duplicated)
    no_actor = sample.copy()
    no_actor.loc[3, "actor1"] = " "
    with pytest.raises(ValueError, match=r"row 5 \(event FRE4\)"):
        import_acled(no_actor)
    with pytest.raises(ValueError, match="source_id"):
        import_acled(sample, source_id="ACLED 2024")


def test_imported_rows_feed_the_network_functions(imported):
    frame = imported[0]
    edges = networks.aggregate_edges(frame)
    assert edges["weight"].sum() == len(frame)
    graph = networks.signed_graph(edges)
    assert UNIDENTIFIED in graph
    assert networks.centrality_table(graph)["actor_id"].is_unique
