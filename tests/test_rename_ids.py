"""A copy of the data with every actor, place, source and period id and name renamed is still
valid."""

from __future__ import annotations

import csv

from conftest import DATA
from rename_ids import ID_COLUMNS, rename_copy, rename_value

from conflictbook import validate_package


def test_rename_value_renames_whole_cells_and_list_items_only():
    mapping = {"alpha": "zz_actor_001", "beta": "zz_place_002"}
    assert rename_value("alpha", mapping) == "zz_actor_001"
    assert rename_value("beta|gamma|alpha", mapping) == "zz_place_002|gamma|zz_actor_001"
    assert rename_value("alpha and beta", mapping) == "alpha and beta"
    assert rename_value("alphabet", mapping) == "alphabet"


def test_renamed_copy_validates_and_keeps_no_old_id(tmp_path):
    target = tmp_path / "data"
    mapping = rename_copy(DATA, target)
    assert mapping
    report = validate_package(target)
    assert report.ok, [str(p) for p in report.problems[:10]]
    for table, (column, _) in ID_COLUMNS.items():
        with open(target / f"{table}.csv", encoding="utf-8-sig", newline="") as fh:
            ids = {row[column] for row in csv.DictReader(fh)}
        assert ids and ids <= set(mapping.values()), table
