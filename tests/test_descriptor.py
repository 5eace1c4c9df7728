"""The validator validates its own schema first: a broken datapackage.json gets a message naming the
descriptor, the resource and the field, never a traceback; and row-shape mistakes are diagnosed."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conflictbook import validate_package
from conflictbook.data import paths


@pytest.fixture
def package(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(paths.data_dir(), target)
    return target


def edit_descriptor(data: Path, change) -> None:
    path = data / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    change(descriptor)
    path.write_text(json.dumps(descriptor), encoding="utf-8")


def first_field(descriptor, key: str, value) -> None:
    descriptor["resources"][0]["schema"]["fields"][0][key] = value


@pytest.mark.parametrize(
    "key,value,expect",
    [
        (
            "type",
            "strnig",
            "type 'strnig' is not a field type this book reads (did you mean 'string'?)",
        ),
        (
            "constraints",
            {"requird": True},
            "unknown constraint 'requird' (did you mean 'required'?)",
        ),
        ("constraints", {"enum": []}, 'constraint "enum" must be a non-empty list'),
        (
            "constraints",
            {"pattern": "[a-z"},
            'constraint "pattern" is not a valid regular expression',
        ),
        ("constraints", {"required": "yes"}, "constraint 'required' must be true or false"),
        ("tpye", "string", "unknown key 'tpye' (did you mean 'type'?)"),
    ],
)
def test_descriptor_mistakes_name_resource_and_field(package, key, value, expect):
    edit_descriptor(package, lambda d: first_field(d, key, value))
    (problem, *_) = validate_package(package).problems
    name = json.loads((package / "datapackage.json").read_text())["resources"][0]["name"]
    assert problem.file.endswith("datapackage.json")
    assert f'resource "{name}", field' in problem.message and expect in problem.message, (
        problem.message
    )


def test_foreign_key_to_a_missing_resource(package):
    def change(d):
        d["resources"][1]["schema"].setdefault("foreignKeys", []).append(
            {
                "fields": d["resources"][1]["schema"]["fields"][0]["name"],
                "reference": {"resource": "nowhere", "fields": "x"},
            }
        )

    edit_descriptor(package, change)
    assert any(
        "refers to resource 'nowhere'" in p.message for p in validate_package(package).problems
    )


def test_descriptor_that_is_not_a_package(package):
    (package / "datapackage.json").write_text("[1, 2]", encoding="utf-8")
    (problem,) = validate_package(package).problems
    assert 'needs a "resources" list' in problem.message


def test_cli_never_shows_a_traceback_on_a_broken_descriptor(package):
    edit_descriptor(package, lambda d: first_field(d, "type", 42))
    run = subprocess.run(
        [sys.executable, "-m", "conflictbook", "validate", str(package)],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 1 and "Traceback" not in run.stdout + run.stderr
    assert "datapackage.json" in run.stdout


def test_parent_chain_that_loops(package):
    import csv
    import io

    path = package / "actors.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    col = rows[0].index("parent_id")
    child = next(r for r in rows[1:] if r[col])
    parent = next(r for r in rows[1:] if r[0] == child[col])
    parent[col] = child[0]
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    messages = [str(p) for p in validate_package(package).problems]
    assert any("chain loops back to itself" in m for m in messages), messages
