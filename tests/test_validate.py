"""Bad input gets a clear, one-line error naming file, row and field; all problems in one run."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DATA, read_rows, set_cell, write_rows

from conflictbook import DataError, load_package, validate_package


def messages(data_dir: Path) -> list[str]:
    """Messages without the row ids (test_messages_name_the_row_id checks those), so assertions
    stay short."""
    return [
        re.sub(r": row (\d+) \([^)]*\)", r": row \1", str(p))
        for p in validate_package(data_dir).problems
    ]


def only(data_dir: Path) -> str:
    found = messages(data_dir)
    assert len(found) == 1, found
    return found[0]


def test_real_package_is_valid():
    report = validate_package(DATA)
    assert report.ok, "\n".join(str(p) for p in report.problems[:20])


@pytest.mark.texts
def test_copy_with_texts_is_valid_and_checks_quotes(data_copy):
    report = validate_package(data_copy)
    assert report.ok, [str(p) for p in report.problems[:5]]
    assert not report.notes  # every source text was found, so every quote was checked


def test_text_in_number_column(data_copy):
    set_cell(data_copy / "figures.csv", 2, "low", "about ten thousand")
    msg = only(data_copy)
    assert msg.startswith(
        "data/figures.csv: row 2, field \"low\": 'about ten thousand' is not a number"
    )


def test_messages_name_the_row_id(data_copy):
    set_cell(data_copy / "figures.csv", 2, "low", "about ten thousand")
    first_id = read_rows(data_copy / "figures.csv")[1][0]
    (problem,) = validate_package(data_copy).problems
    assert str(problem).startswith(f'data/figures.csv: row 2 ({first_id}), field "low"')


def test_impossible_date(data_copy):
    set_cell(data_copy / "events.csv", 3, "date_start", "1993-02-30")
    set_cell(data_copy / "events.csv", 3, "date_end", "1993-03-01")
    assert 'row 3, field "date_start"' in only(data_copy) and "not a real calendar date" in only(
        data_copy
    )


def test_date_in_wrong_format(data_copy):
    set_cell(data_copy / "events.csv", 2, "date_end", "29/07/1993")
    assert "is not a date in the form YYYY-MM-DD" in only(data_copy)


def test_low_greater_than_high(data_copy):
    rows = read_rows(data_copy / "figures.csv")
    header = rows[0]
    target = next(
        i for i, r in enumerate(rows[1:], start=2) if r[header.index("qualifier")] == "range"
    )
    low, high = rows[target - 1][header.index("low")], rows[target - 1][header.index("high")]
    set_cell(data_copy / "figures.csv", target, "low", high)
    set_cell(data_copy / "figures.csv", target, "high", low)
    found = messages(data_copy)
    assert any(f'row {target}, field "low"' in m and "is greater than high" in m for m in found), (
        found
    )


def test_negative_count(data_copy):
    rows = read_rows(data_copy / "figures.csv")
    header = rows[0]
    target = next(
        i
        for i, r in enumerate(rows[1:], start=2)
        if r[header.index("measure")] == "displaced" and r[header.index("qualifier")] == "at_least"
    )
    set_cell(data_copy / "figures.csv", target, "low", "-5")
    assert "is negative, but displaced is a count" in only(data_copy)


def test_start_after_end(data_copy):
    set_cell(data_copy / "interactions.csv", 2, "date_start", "2030-01-01")
    assert 'interactions.csv: row 2, field "date_start": 2030-01-01 is after date_end' in only(
        data_copy
    )


@pytest.mark.parametrize(
    "table,column,value,expect",
    [
        ("figures", "measure", "refugeez", "not a known measure in measures.csv"),
        (
            "interactions",
            "interaction_type",
            "hugs",
            "not a known interaction_type in interaction_types.csv",
        ),
        ("interactions", "actor_from", "atlantis", "not a known actor_id in actors.csv"),
        ("events", "place_id", "atlantis", "not a known place_id in places.csv"),
        ("events", "source_id", "nowhere_2024", "not a known source_id in sources.csv"),
        ("positions", "period_id", "bronze_age", "not a known period_id in periods.csv"),
        ("interactions", "event_id", "e000_1999_nothing", "not a known event_id in events.csv"),
    ],
)
def test_unknown_codes_and_ids(data_copy, table, column, value, expect):
    set_cell(data_copy / f"{table}.csv", 2, column, value)
    msg = only(data_copy)
    assert f'{table}.csv: row 2, field "{column}"' in msg and expect in msg


def test_unknown_verdict(data_copy):
    set_cell(data_copy / "source_checks.csv", 2, "verdict", "maybe")
    msg = only(data_copy)
    assert "'maybe' is not a known verdict in verdicts.csv" in msg
    verdicts = sorted(r[0] for r in read_rows(data_copy / "verdicts.csv")[1:])
    assert f"(known values: {', '.join(verdicts)})" in msg


def test_unknown_list_item(data_copy):
    set_cell(data_copy / "resolution_clauses.csv", 2, "topics", "ceasefire|world_peace")
    assert "'world_peace' is not a known topic in clause_topics.csv" in only(data_copy)


def test_typo_gets_a_suggestion(data_copy):
    rows = read_rows(data_copy / "interactions.csv")
    actor = rows[1][rows[0].index("actor_to")]
    set_cell(data_copy / "interactions.csv", 2, "actor_to", actor + "n")
    assert f"did you mean '{actor}'?" in only(data_copy)


def test_duplicate_id(data_copy):
    rows = read_rows(data_copy / "actors.csv")
    rows[2][0] = rows[1][0]
    write_rows(data_copy / "actors.csv", rows)
    found = messages(data_copy)
    assert any(
        'actors.csv: row 3, field "actor_id"' in m and "duplicate (first used in row 2)" in m
        for m in found
    ), found


def test_missing_required_column(data_copy):
    rows = read_rows(data_copy / "events.csv")
    col = rows[0].index("quote")
    write_rows(data_copy / "events.csv", [r[:col] + r[col + 1 :] for r in rows])
    msg = only(data_copy)
    assert (
        'events.csv: row 1, field "quote": the column is missing' in msg
        and "Expected columns: event_id" in msg
    )


def test_duplicate_and_unknown_column(data_copy):
    rows = read_rows(data_copy / "places.csv")
    write_rows(
        data_copy / "places.csv",
        [r + [r[1], "x"] for r in [rows[0][:]]] + [r + [r[1], "x"] for r in rows[1:]],
    )
    rows = read_rows(data_copy / "places.csv")
    rows[0][-1] = "elevation"
    write_rows(data_copy / "places.csv", rows)
    found = messages(data_copy)
    assert any('field "name": the column appears twice' in m for m in found), found
    assert any(
        'field "elevation": unknown column; remove or rename it. Expected columns: place_id' in m
        for m in found
    ), found


def test_missing_table(data_copy):
    (data_copy / "periods.csv").unlink()
    assert "data/periods.csv: the file is missing" in only(data_copy)


def test_empty_file(data_copy):
    (data_copy / "stances.csv").write_text("", encoding="utf-8")
    assert "data/stances.csv: the file is empty" in only(data_copy)


def test_header_only(data_copy):
    rows = read_rows(data_copy / "events.csv")
    write_rows(data_copy / "events.csv", rows[:1])
    found = messages(data_copy)
    assert "data/events.csv: the file has a header but no rows" in found[0]


def test_unterminated_quote(data_copy):
    path = data_copy / "stances.csv"
    path.write_text(
        path.read_text(encoding="utf-8") + 'bad,1,"Unterminated label\n', encoding="utf-8"
    )
    msg = only(data_copy)
    assert "data/stances.csv: row" in msg and "unterminated double quote" in msg


@pytest.mark.parametrize(
    "extra,expect", [(",surplus", "has 4 cells but the header has 3"), ("", None)]
)
def test_wrong_cell_count(data_copy, extra, expect):
    path = data_copy / "stances.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    if expect is None:  # too few cells
        lines[2] = lines[2].rsplit(",", 1)[0]
        expect = "has 2 cells but the header has 3"
    else:
        lines[2] += extra
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    msg = only(data_copy)
    assert msg.startswith("data/stances.csv: row 3:") and expect in msg


def test_not_utf8(data_copy):
    path = data_copy / "actors.csv"
    text = path.read_text(encoding="utf-8")
    path.write_bytes(text.encode("cp1252", errors="replace"))
    msg = only(data_copy)
    assert "data/actors.csv: row" in msg and "not UTF-8" in msg and "CSV UTF-8" in msg


def test_missing_quote(data_copy):
    set_cell(data_copy / "interactions.csv", 2, "quote", "")
    assert 'interactions.csv: row 2, field "quote": is empty but required' in only(data_copy)


@pytest.mark.texts
def test_quote_not_in_source(data_copy):
    set_cell(data_copy / "events.csv", 2, "quote", "a sentence that no source contains")
    msg = only(data_copy)
    assert 'events.csv: row 2, field "quote": the quote is not found in the text of' in msg


def _first_event_source(data_copy: Path) -> tuple[int, dict]:
    """The first copyrighted source quoted in events.csv (the first source quoted, made copyrighted
    in the copy, when none is), with the events row that quotes it."""
    sources = {r[0]: r for r in read_rows(data_copy / "sources.csv")[1:]}
    src_header = read_rows(data_copy / "sources.csv")[0]
    rows = read_rows(data_copy / "events.csv")
    col = rows[0].index("source_id")
    copyrighted = src_header.index("copyrighted")
    quoted = [(i, r[col]) for i, r in enumerate(rows[1:], start=2)]
    target, source_id = next(
        ((i, s) for i, s in quoted if sources[s][copyrighted] == "true"), quoted[0]
    )
    if sources[source_id][copyrighted] != "true":
        row = list(sources).index(source_id) + 2
        set_cell(data_copy / "sources.csv", row, "copyrighted", "true")
    return target, dict(zip(src_header, sources[source_id]))


@pytest.mark.texts
def test_overlong_quote_from_copyrighted_source(data_copy):
    target, source = _first_event_source(data_copy)
    text = " ".join((data_copy / "sources" / source["file"]).read_text(encoding="utf-8").split())
    assert len(text) > 320, "the source text is too short for this test"
    set_cell(data_copy / "events.csv", target, "quote", text[: max(320, min(400, len(text)))])
    assert "quotes from copyrighted sources are kept under 300" in only(data_copy)


def test_all_problems_in_one_run(data_copy):
    set_cell(data_copy / "figures.csv", 2, "low", "many")
    set_cell(data_copy / "events.csv", 2, "event_type", "party")
    (data_copy / "stances.csv").write_text("", encoding="utf-8")
    found = messages(data_copy)
    assert len(found) >= 3
    assert {m.split(":")[0] for m in found} >= {
        "data/figures.csv",
        "data/events.csv",
        "data/stances.csv",
    }


def test_spreadsheet_output_passes(data_copy):
    """UTF-8 with a byte-order mark, CRLF line endings and a trailing blank line are all
    accepted."""
    for name in ("actors.csv", "figures.csv"):
        path = data_copy / name
        text = path.read_text(encoding="utf-8").replace("\n", "\r\n") + "\r\n"
        path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert messages(data_copy) == []


def test_missing_source_texts_are_noted_once(data_copy, monkeypatch, tmp_path):
    monkeypatch.delenv("CONFLICTBOOK_TEXTS", raising=False)
    moved = tmp_path / "elsewhere" / "data"  # no ../shared or texts/ beside it
    _, source = _first_event_source(data_copy)
    (data_copy / "sources" / source["file"]).unlink(missing_ok=True)
    shutil.copytree(data_copy, moved)
    report = validate_package(moved)
    assert report.ok, [str(p) for p in report.problems[:5]]
    assert len([n for n in report.notes if source["source_id"] in n]) == 1


def test_cli_exit_codes_and_no_traceback(data_copy):
    ok = subprocess.run(
        [sys.executable, "-m", "conflictbook", "validate", str(data_copy)],
        capture_output=True,
        text=True,
    )
    assert ok.returncode == 0 and "valid" in ok.stdout
    set_cell(data_copy / "figures.csv", 2, "low", "about ten thousand")
    (data_copy / "periods.csv").write_bytes(b"\xff\xfe\x00garbage")
    bad = subprocess.run(
        [sys.executable, "-m", "conflictbook", "validate", str(data_copy)],
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 1
    assert "Traceback" not in bad.stdout + bad.stderr
    assert re.search(r'data/figures.csv: row 2 \(\w+\), field "low"', bad.stdout)


def test_loaders_raise_data_error_with_every_problem(data_copy):
    set_cell(data_copy / "figures.csv", 2, "low", "many")
    set_cell(data_copy / "events.csv", 2, "event_type", "party")
    with pytest.raises(DataError) as info:
        load_package(data_copy)
    text = str(info.value)
    assert re.search(r'figures.csv: row 2 \(\w+\), field "low"', text) and re.search(
        r'events.csv: row 2 \(\w+\), field "event_type"', text
    )


def test_validation_never_writes(data_copy):
    before = {p: p.read_bytes() for p in data_copy.rglob("*") if p.is_file()}
    set_cell(data_copy / "figures.csv", 2, "low", "many")
    before[data_copy / "figures.csv"] = (data_copy / "figures.csv").read_bytes()
    validate_package(data_copy)
    with pytest.raises(DataError):
        load_package(data_copy)
    after = {p: p.read_bytes() for p in data_copy.rglob("*") if p.is_file()}
    assert before == after


@pytest.mark.parametrize(
    "constraints",
    [{}, {"required": True}, {"enum": ["stock", "flow"]}, {"pattern": "^[a-z0-9_]+$"},
     {"enum": ["a_b", "C"], "pattern": "^[a-z_]+$"}],
)  # fmt: skip
def test_the_quick_text_check_accepts_what_check_constraints_accepts(constraints):
    from conflictbook.data.types import check_constraints, convert, text_check

    spec = {"name": "x", "type": "string", "constraints": constraints}
    quick = text_check(spec)
    for cell in ("stock", "flow", "Flow", "a_b", "C", "a b", "capital_district", "x1", "-"):
        assert quick(cell) == (check_constraints(convert(cell, spec), spec) is None), cell
    assert text_check({"name": "n", "type": "number"}) is None
    assert text_check({"name": "s", "constraints": {"minLength": 2}}) is None
