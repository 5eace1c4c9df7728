"""Validate the data package: the descriptor, every table against its schema, then this book's
rules.

Nothing here writes to the data folder."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from . import paths
from .descriptor import check_descriptor
from .keys import check_hierarchies, check_keys
from .rules import check_rules
from .schema import Report, key_fields, load_descriptor, parse_table

__all__ = ["DataError", "show_data_errors_plainly", "validate_package"]


class DataError(Exception):
    """Raised by the loaders when the data package is not valid; the message lists every problem."""

    def __init__(self, report: Report):
        self.report = report
        lines = [str(p) for p in report.problems]
        shown = lines[:50] + ([f"... and {len(lines) - 50} more"] if len(lines) > 50 else [])
        super().__init__(
            "The data package is not valid:\n"
            + "\n".join(shown)
            + "\nRun `python -m conflictbook validate` for the full list."
        )


def validate_package(data_dir: Path | str | None = None) -> Report:
    """Validate every resource of data_dir/datapackage.json; never raises for bad data."""
    # resolved, so that messages name the folder even for `validate .`
    data_dir = (Path(data_dir) if data_dir is not None else paths.data_dir()).resolve()
    report = Report(data_dir=data_dir)
    descriptor_path = data_dir / "datapackage.json"
    if not descriptor_path.is_file():
        report.add(
            f"{data_dir.name}/datapackage.json",
            None,
            None,
            "missing; the data folder needs its datapackage.json (restore it with git)",
        )
        return report
    try:
        descriptor = load_descriptor(data_dir)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        report.add(
            f"{data_dir.name}/datapackage.json",
            getattr(exc, "lineno", None),
            None,
            f"is not valid JSON ({exc}); undo the last edit or check commas and brackets",
        )
        return report
    where = f"{data_dir.name}/datapackage.json"
    if not check_descriptor(descriptor, lambda message: report.add(where, None, None, message)):
        return report
    for resource in descriptor["resources"]:
        report.tables[resource["name"]] = parse_table(data_dir, resource, report)
    check_keys(report, descriptor)
    check_hierarchies(report, descriptor)
    check_rules(report)
    _name_rows(report)
    return report


def _name_rows(report: Report) -> None:
    """Give each problem the id of its row (a student searches for the id, not the row number)."""
    ids = {}
    for table in report.tables.values():
        pk = key_fields(table.schema.get("primaryKey", []))
        rel = f"{report.data_dir.name}/{table.path.name}"
        for row, row_no in zip(table.rows, table.row_numbers):
            values = [row.get(k) for k in pk]
            if pk and all(v is not None for v in values):
                ids[(rel, row_no)] = "/".join(str(v) for v in values)
        ids.update(
            {
                (rel, row_no): raw_id
                for row_no, raw_id in getattr(table, "raw_ids", {}).items()
                if (rel, row_no) not in ids
            }
        )
    report.problems[:] = [
        replace(p, row_id=ids.get((p.file, p.row))) if p.row_id is None else p
        for p in report.problems
    ]


def show_data_errors_plainly() -> None:
    """In a notebook, print a DataError's message instead of a traceback (students need the
    message)."""
    try:
        shell = get_ipython()  # noqa: F821  (defined only inside IPython)
    except NameError:
        return

    def handler(shell, etype, evalue, tb, tb_offset=None):
        print(f"DataError: {evalue}")

    shell.set_custom_exc((DataError,), handler)
