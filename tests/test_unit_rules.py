"""Units as a codebook: a unit its measure does not allow is an error naming file, row id, field and
the nearest allowed unit; the real package passes."""

from __future__ import annotations

import csv

import pytest
from conftest import REPO, read_rows, set_cell, write_rows

from conflictbook import validate_package
from conflictbook.data.unit_rules import nearest_unit

# conftest's data_copy leaves sources.csv open (a ResourceWarning turned error); not this module's
pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")


def row_of(path, figure_id: str) -> int:
    """Spreadsheet row number (header = 1) of a figure."""
    ids = [r[0] for r in read_rows(path)]
    return ids.index(figure_id) + 1


def test_real_package_passes_the_unit_rules():
    report = validate_package(REPO / "data")
    assert not [p for p in report.problems if p.field == "unit"]


def test_every_unit_in_use_is_listed():
    with open(REPO / "data" / "measure_units.csv", encoding="utf-8") as fh:
        allowed = {(r["measure"], r["unit"]) for r in csv.DictReader(fh)}
    with open(REPO / "data" / "figures.csv", encoding="utf-8") as fh:
        used = {(r["measure"], r["unit"]) for r in csv.DictReader(fh)}
    assert used <= allowed


@pytest.mark.case
def test_persons_instead_of_people_is_an_error_naming_row_and_nearest_unit(data_copy):
    path = data_copy / "figures.csv"
    row = row_of(path, "f000_024")
    set_cell(path, row, "unit", "persons")
    (problem,) = validate_package(data_copy).problems
    text = str(problem)
    assert text.startswith(f'data/figures.csv: row {row} (f000_024), field "unit"')
    assert "'persons' is not allowed for measure 'displaced'" in text
    assert "did you mean 'people'?" in text


@pytest.mark.case
def test_unit_of_another_measure_is_an_error(data_copy):
    path = data_copy / "figures.csv"
    set_cell(path, row_of(path, "f000_003"), "unit", "km")  # an area in km, not km2
    (problem,) = validate_package(data_copy).problems
    assert problem.field == "unit" and "did you mean 'km2'?" in str(problem)


@pytest.mark.case
def test_default_unit_of_a_measure_must_be_listed(data_copy):
    path = data_copy / "measure_units.csv"
    rows = read_rows(path)
    write_rows(path, [r for r in rows if r[:2] != ["villages", "villages"]])
    found = [str(p) for p in validate_package(data_copy).problems]
    assert any("measures.csv" in p and "'villages'" in p for p in found), found
    assert any("figures.csv" in p and "lists no unit for 'villages'" in p for p in found), found


def test_measure_units_must_name_a_known_measure(data_copy):
    path = data_copy / "measure_units.csv"
    rows = read_rows(path)
    write_rows(path, rows + [["casualties", "people", "", "Not a measure."]])
    found = [str(p) for p in validate_package(data_copy).problems]
    assert any("measure_units.csv" in p and "casualties" in p for p in found), found


def test_nearest_unit_prefers_listed_spellings_then_letters():
    allowed = {"people": {"persons", "individuals"}, "soldiers": {"troops"}}
    assert nearest_unit("Persons", allowed) == "people"
    assert nearest_unit("troops", allowed) == "soldiers"
    assert nearest_unit("soldier", allowed) == "soldiers"
    assert nearest_unit("peple", allowed) == "people"
    assert nearest_unit("anything", {}) is None
