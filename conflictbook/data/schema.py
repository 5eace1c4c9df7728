"""A generic reader of a Frictionless Tabular Data Package: CSV files checked against their Table
Schema.

Nothing here knows this book's tables. Every problem becomes one readable line naming the file,
the row (counted as a spreadsheet counts them: the header is row 1) and its id, the field, what
is wrong and how to fix it. Nothing here writes to the data folder."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from .csvshape import CONTROL_CHARS, detect_delimiter, diagnose_row
from .types import check_constraints, convert, fits, text_check

__all__ = [
    "Problem",
    "Table",
    "Report",
    "load_descriptor",
    "read_csv",
    "parse_table",
    "key_fields",
    "rows_of",
]


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None
    field: str | None
    message: str
    row_id: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f": row {self.row}" + (f" ({self.row_id})" if self.row_id else "")
        if self.field is not None:
            where += f', field "{self.field}"'
        return f"{where}: {self.message}"


@dataclass
class Table:
    """A parsed table: typed rows (dicts) and the spreadsheet row number of each."""

    name: str
    path: Path
    schema: dict
    rows: list[dict] = field(default_factory=list)
    row_numbers: list[int] = field(default_factory=list)
    ok: bool = True
    # the first cell of every record, read or not: the row's id for messages about rows that could
    # not be read
    raw_ids: dict[int, str] = field(default_factory=dict)
    # conflictbook:kind: fact tables are sorted by key, others keep their file's order
    kind: str = "fact"


@dataclass
class Report:
    data_dir: Path
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    tables: dict[str, Table] = field(default_factory=dict)
    # rows with a cell that could not be read: rules across cells skip them (no follow-on messages)
    unreadable: set = field(default_factory=set)
    # quotes checked against, and not checked for want of, each source's text
    verified: dict[str, int] = field(default_factory=dict)
    unverified: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    def add(self, file, row, field_name, message):
        self.problems.append(Problem(file, row, field_name, message))

    def summary(self) -> str:
        if self.ok:
            rows = sum(len(t.rows) for t in self.tables.values())
            return f"{self.data_dir.name}/: valid ({len(self.tables)} tables, {rows} rows)"
        return f"{len(self.problems)} problem(s) found; nothing was changed."


def load_descriptor(data_dir: Path) -> dict:
    with open(data_dir / "datapackage.json", encoding="utf-8") as fh:
        return json.load(fh)


# ---------------------------------------------------------------- reading CSV files


def _decode(raw: bytes, rel: str, report: Report) -> str | None:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # spreadsheets write a byte-order mark: accepted
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        guess = "UTF-16" if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else "Windows-1252 or Latin-1"
        report.add(
            rel,
            line,
            None,
            f"the file is not UTF-8 (byte 0x{raw[exc.start]:02x} looks like {guess}); "
            "save it as 'CSV UTF-8 (comma delimited)' in your spreadsheet, "
            "or re-encode it as UTF-8 in your editor",
        )
        return None


def read_csv(
    path: Path, rel: str, report: Report
) -> tuple[list[str], list[tuple[int, list[str]]]] | None:
    """Header and raw rows with their spreadsheet row numbers; problems go to the report."""
    if not path.is_file():
        report.add(
            rel,
            None,
            None,
            "the file is missing; restore it (git checkout -- "
            + rel
            + ") or create it with the header row from datapackage.json",
        )
        return None
    text = _decode(path.read_bytes(), rel, report)
    if text is None:
        return None
    if not text.strip():
        report.add(
            rel,
            None,
            None,
            "the file is empty; it needs at least the header row "
            "(see datapackage.json for the columns)",
        )
        return None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[tuple[int, list[str]]] = []
    try:
        header = next(reader)
        for record_no, record in enumerate(reader, start=2):
            if not record or all(not cell.strip() for cell in record):
                continue  # blank lines (a trailing one is normal) are ignored
            records.append((record_no, record))
    except csv.Error as exc:
        row = len(records) + 2
        report.add(
            rel,
            row,
            None,
            f"the CSV cannot be parsed ({exc}); look for an unterminated double quote "
            "in or just before this row, "
            'and write a double quote inside a quoted cell as two ("")',
        )
        return None
    header = [h.strip() for h in header]
    return header, records


# ---------------------------------------------------------------- types and constraints


def parse_table(data_dir: Path, resource: dict, report: Report) -> Table:
    rel = f"{data_dir.name}/{resource['path']}"
    table = Table(
        resource["name"],
        data_dir / resource["path"],
        resource["schema"],
        kind=resource.get("conflictbook:kind", "fact"),
    )
    parsed = read_csv(table.path, rel, report)
    if parsed is None:
        table.ok = False
        return table
    header, records = parsed
    fields = resource["schema"]["fields"]
    expected = [f["name"] for f in fields]
    expected_text = ", ".join(expected)
    seen = set()
    for name in header:
        if name in seen:
            report.add(
                rel,
                1,
                name,
                f"the column appears twice; keep one. Expected columns: {expected_text}",
            )
            table.ok = False
        seen.add(name)
    saved_with = (
        detect_delimiter(",".join(header), expected)
        if any(h not in expected for h in header)
        else None
    )
    if saved_with:
        report.add(
            rel,
            1,
            None,
            f"the file was saved with {saved_with} between the cells, not commas; save it again as "
            "'CSV UTF-8 (comma delimited)' (in LibreOffice: Save As, Edit filter settings, "
            "field delimiter ',')",
        )
        table.ok = False
        return table
    for name in header:
        if name not in expected:
            report.add(
                rel,
                1,
                name,
                f"unknown column; remove or rename it. Expected columns: {expected_text}",
            )
            table.ok = False
    for spec in fields:
        if spec["name"] not in header:
            report.add(
                rel,
                1,
                spec["name"],
                f"the column is missing; add it to the header. Expected columns: {expected_text}",
            )
            table.ok = False
    if not table.ok:
        return table
    if not records and resource.get("conflictbook:requiresRows", True):
        report.add(
            rel, None, None, "the file has a header but no rows; this table needs at least one row"
        )
        table.ok = False
        return table
    index = {name: i for i, name in enumerate(header)}
    checks = [
        (
            spec,
            spec["name"],
            index[spec["name"]],
            bool(spec.get("constraints", {}).get("required")),
            text_check(spec),
        )
        for spec in fields
    ]
    for row_no, record in records:
        if record and record[0].strip():
            table.raw_ids[row_no] = record[0].strip()
        if len(record) != len(header):
            ordered = [next(f for f in fields if f["name"] == name) for name in header]
            message, repaired = diagnose_row(record, ordered, fits)
            report.add(rel, row_no, None, message)
            if repaired is None:
                report.unreadable.add((table.name, row_no))
                continue
            record = repaired
        # one search over the whole row (a comma is no control character), cells only on a hit
        for name, cell in zip(header, record) if CONTROL_CHARS.search(",".join(record)) else ():
            control = CONTROL_CHARS.search(cell)
            if control:
                report.add(
                    rel,
                    row_no,
                    name,
                    f"contains an invisible control character (U+{ord(control.group()):04X}), "
                    "often pasted from a PDF or a word processor; delete it",
                )
        row = {}
        for spec, name, position, required, plain in checks:
            raw = record[position].strip()
            if raw == "":
                if required:
                    report.add(rel, row_no, name, "is empty but required; fill it in")
                row[name] = None
                continue
            if plain is not None and plain(raw):  # a text cell that passes: no conversion
                row[name] = raw
                continue
            try:
                value = convert(raw, spec)
            except ValueError as exc:
                report.add(rel, row_no, name, str(exc))
                report.unreadable.add((table.name, row_no))
                row[name] = None
                continue
            problem = check_constraints(value, spec)
            if problem:
                report.add(rel, row_no, name, problem)
            row[name] = value
        table.rows.append(row)
        table.row_numbers.append(row_no)
    return table


# ---------------------------------------------------------------- keys


def key_fields(spec) -> list[str]:
    return [spec] if isinstance(spec, str) else list(spec)


# ---------------------------------------------------------------- rules beyond the schema


# ---------------------------------------------------------------- entry point


def rows_of(report: Report, name: str):
    """(file, spreadsheet row, typed row) of every readable row of a table that parsed."""
    table = report.tables.get(name)
    if table is None or not table.ok:
        return []
    rel = f"{report.data_dir.name}/{table.path.name}"
    return [
        (rel, row_no, row)
        for row, row_no in zip(table.rows, table.row_numbers)
        if (name, row_no) not in report.unreadable
    ]
