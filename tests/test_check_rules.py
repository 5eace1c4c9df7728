"""Validator rules for source checks and positions (conflictbook/data/check_rules.py).

Break one row of a copy of data/ and the validator names it.
"""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pytest
from conftest import REPO, read_rows, set_cell

from conflictbook import validate_package
from conflictbook.data import texts


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of data/ with the source texts beside it (conftest's fixture leaves a file open)."""
    target = tmp_path / "data"
    shutil.copytree(REPO / "data", target)
    sources = target / "sources"
    sources.mkdir(exist_ok=True)
    with open(REPO / "data" / "sources.csv", encoding="utf-8-sig") as fh:
        files = [row["file"] for row in csv.DictReader(fh)]
    for file in files:
        found = texts.find_source_text(file, REPO / "data")
        if found and not (sources / file).exists():
            shutil.copy(found, sources / file)
    return target


def messages(data_dir: Path) -> list[str]:
    return [
        re.sub(r": row (\d+) \([^)]*\)", r": row \1", str(p))
        for p in validate_package(data_dir).problems
    ]


def row_where(path: Path, **wanted) -> tuple[int, dict]:
    """The spreadsheet row number (header = 1) and cells of the first row matching `wanted`."""
    rows = read_rows(path)
    header = rows[0]
    for number, cells in enumerate(rows[1:], start=2):
        record = dict(zip(header, cells))
        if all(record[k] == v for k, v in wanted.items()):
            return number, record
    raise AssertionError(f"no row with {wanted}")


def test_real_rules_pass(data_copy):
    assert not messages(data_copy)


def test_one_claim_one_verdict(data_copy):
    checks = data_copy / "source_checks.csv"
    _, first = row_where(checks, verdict="contradicted", source_id="karabakh_1921_1994")
    number, _ = row_where(checks, verdict="agrees", source_id="karabakh_1921_1994")
    set_cell(checks, number, "claim_id", first["claim_id"])
    found = messages(data_copy)
    assert any(f'row {number}, field "verdict"' in m and "share one verdict" in m for m in found)


def test_one_claim_one_source(data_copy):
    checks = data_copy / "source_checks.csv"
    _, first = row_where(checks, verdict="contradicted", source_id="karabakh_1921_1994")
    number, _ = row_where(checks, verdict="contradicted", source_id="hasanoglu_2024")
    set_cell(checks, number, "claim_id", first["claim_id"])
    found = messages(data_copy)
    assert any(f'row {number}, field "source_id"' in m and "share one source" in m for m in found)
    assert not any("share one verdict" in m for m in found)


def test_internal_check_needs_internal_reference(data_copy):
    checks = data_copy / "source_checks.csv"
    number, _ = row_where(checks, check_kind="internal")
    set_cell(checks, number, "reference_kind", "news")
    found = messages(data_copy)
    assert any(
        f'row {number}, field "reference_kind"' in m and "internal check needs" in m for m in found
    )


def test_primary_text_needs_primary_document(data_copy):
    checks = data_copy / "source_checks.csv"
    number, _ = row_where(checks, check_kind="primary_text")
    set_cell(checks, number, "reference_kind", "reference_work")
    assert any(f"row {number}" in m and "'primary_document'" in m for m in messages(data_copy))


def test_other_source_only_for_cross_source_checks(data_copy):
    checks = data_copy / "source_checks.csv"
    number, _ = row_where(checks, check_kind="external_reference", reference_kind="news")
    set_cell(checks, number, "reference_kind", "other_source")
    assert any(
        f"row {number}" in m and "belongs to cross_source checks" in m for m in messages(data_copy)
    )


def test_address_needs_access_date(data_copy):
    checks = data_copy / "source_checks.csv"
    number, _ = row_where(checks, check_kind="external_reference", reference_kind="news")
    set_cell(checks, number, "reference_id", "https://example.org/report")
    found = messages(data_copy)
    assert any(
        f'row {number}, field "reference_id"' in m and "(accessed YYYY-MM-DD)" in m for m in found
    )


def test_access_date_not_recorded_is_accepted(data_copy):
    checks = data_copy / "source_checks.csv"
    number, _ = row_where(checks, check_kind="external_reference", reference_kind="news")
    set_cell(
        checks,
        number,
        "reference_id",
        "https://example.org/report (access date not recorded)|SG/SM/1",
    )
    set_cell(
        checks, number, "archived", "https://web.archive.org/web/2026/https://example.org/report"
    )
    assert not messages(data_copy)


def test_no_encyclopaedia_mirrors(data_copy):
    checks = data_copy / "source_checks.csv"
    number, _ = row_where(checks, check_kind="external_reference", reference_kind="reference_work")
    set_cell(
        checks, number, "reference_id", "https://wikimili.com/en/Some_article (accessed 2026-12-01)"
    )
    assert any(f"row {number}" in m and "mirror (wikimili)" in m for m in messages(data_copy))


def test_unverifiable_needs_what_was_searched(data_copy):
    checks = data_copy / "source_checks.csv"
    number, _ = row_where(checks, verdict="unverifiable")
    set_cell(checks, number, "note", "Not found.")
    found = messages(data_copy)
    assert any(f'row {number}, field "note"' in m and "what was searched" in m for m in found)


def test_one_position_per_actor_issue_period_source(data_copy):
    positions = data_copy / "positions.csv"
    rows = read_rows(positions)
    header = rows[0]
    first = dict(zip(header, rows[1]))
    number, _ = row_where(
        positions,
        actor_id=first["actor_id"],
        source_id=first["source_id"],
        period_id=first["period_id"],
    )
    other = next(
        n
        for n, cells in enumerate(rows[2:], start=3)
        if dict(zip(header, cells))["actor_id"] == first["actor_id"]
        and dict(zip(header, cells))["period_id"] == first["period_id"]
        and dict(zip(header, cells))["source_id"] == first["source_id"]
    )
    assert number == 2
    set_cell(positions, other, "issue", first["issue"])
    found = messages(data_copy)
    assert any(f"row {other}" in m and "one position per" in m for m in found)


def test_a_web_reference_needs_its_archived_copy(tmp_path):
    import csv
    import io
    import shutil

    from conflictbook import validate_package
    from conflictbook.data import paths

    data = tmp_path / "data"
    shutil.copytree(paths.data_dir(), data)
    path = data / "source_checks.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    target = next((r for r in rows if r.get("archived")), None)
    if target is None:
        pytest.skip("no check with a web reference in this data")
    target["archived"] = ""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0].keys()), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    found = [str(p) for p in validate_package(data).problems]
    assert any("has no archived copy beside it" in m and target["check_id"] in m for m in found)
