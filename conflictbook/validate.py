"""Validate the data package: everything datapackage.json says, plus the rules a schema cannot express.

Every problem becomes one readable line naming the file, the row (counted as a spreadsheet counts them:
the header is row 1), the field, what is wrong and how to fix it. Nothing here writes to the data folder.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import paths

MAX_QUOTE_CHARS = 300
_WS = re.compile(r"\s+")


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f": row {self.row}"
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


@dataclass
class Report:
    data_dir: Path
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    tables: dict[str, Table] = field(default_factory=dict)
    # rows with a cell that could not be read: rules across cells skip them (no follow-on messages)
    unreadable: set = field(default_factory=set)

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


class DataError(Exception):
    """Raised by the loaders when the data package is not valid; the message lists every problem."""

    def __init__(self, report: Report):
        self.report = report
        lines = [str(p) for p in report.problems]
        shown = lines[:50] + ([f"... and {len(lines) - 50} more"] if len(lines) > 50 else [])
        super().__init__("The data package is not valid:\n" + "\n".join(shown)
                         + "\nRun `python -m conflictbook validate` for the full list.")


def load_descriptor(data_dir: Path) -> dict:
    with open(data_dir / "datapackage.json", encoding="utf-8") as fh:
        return json.load(fh)


def normalise_ws(text: str) -> str:
    """Whitespace-insensitive form used to find quotes in source texts."""
    return _WS.sub("", text)


# ---------------------------------------------------------------- reading CSV files

def _decode(raw: bytes, rel: str, report: Report) -> str | None:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # spreadsheets write a byte-order mark: accepted
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        guess = "UTF-16" if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else "Windows-1252 or Latin-1"
        report.add(rel, line, None,
                   f"the file is not UTF-8 (byte 0x{raw[exc.start]:02x} looks like {guess}); "
                   "save it as 'CSV UTF-8 (comma delimited)' in your spreadsheet, or re-encode it as UTF-8 in your editor")
        return None


def read_csv(path: Path, rel: str, report: Report) -> tuple[list[str], list[tuple[int, list[str]]]] | None:
    """Header and raw rows with their spreadsheet row numbers; problems go to the report."""
    if not path.is_file():
        report.add(rel, None, None, "the file is missing; restore it (git checkout -- " + rel + ") or create it with the header row from datapackage.json")
        return None
    text = _decode(path.read_bytes(), rel, report)
    if text is None:
        return None
    if not text.strip():
        report.add(rel, None, None, "the file is empty; it needs at least the header row (see datapackage.json for the columns)")
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
        report.add(rel, row, None,
                   f"the CSV cannot be parsed ({exc}); look for an unterminated double quote in or just before this row, "
                   'and write a double quote inside a quoted cell as two ("")')
        return None
    header = [h.strip() for h in header]
    return header, records


# ---------------------------------------------------------------- types and constraints

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _convert(value: str, spec: dict):
    """Convert a non-empty cell to its type; raise ValueError with a reader-facing reason."""
    kind = spec.get("type", "string")
    if kind == "string":
        return value
    if kind == "integer":
        if not re.fullmatch(r"[+-]?\d+", value):
            raise ValueError(f"{value!r} is not a whole number; write digits only, e.g. 1993")
        return int(value)
    if kind == "number":
        try:
            number = float(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a number; write digits with a dot for decimals and no thousands "
                             "separator (e.g. 10000 or 12.5); put words such as 'about' in the qualifier or notes") from None
        if number != number or number in (float("inf"), float("-inf")):
            raise ValueError(f"{value!r} is not a finite number")
        return number
    if kind == "date":
        if not _DATE.match(value):
            raise ValueError(f"{value!r} is not a date in the form YYYY-MM-DD (e.g. 1993-07-29; "
                             "for a month or a year give the first and last day in date_start and date_end)")
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a real calendar date; check the month and the day") from None
    if kind == "year":
        if not re.fullmatch(r"\d{4}", value):
            raise ValueError(f"{value!r} is not a year (four digits)")
        return int(value)
    if kind == "boolean":
        lowered = value.lower()
        if lowered in ("true", "false"):
            return lowered == "true"
        raise ValueError(f"{value!r} is not true or false")
    if kind == "list":
        items = tuple(item.strip() for item in value.split(spec.get("delimiter", "|")))
        if any(not item for item in items):
            raise ValueError(f"{value!r} has an empty item; separate items with a single '{spec.get('delimiter', '|')}'")
        return items
    return value


def _check_constraints(value, spec: dict) -> str | None:
    cons = spec.get("constraints", {})
    items = value if isinstance(value, tuple) else (value,)
    for item in items:
        if "enum" in cons and item not in cons["enum"]:
            allowed = ", ".join(str(e) for e in cons["enum"])
            return f"{item!r} is not an allowed value; use one of: {allowed}"
        if "pattern" in cons and isinstance(item, str) and not re.fullmatch(cons["pattern"], item):
            return f"{item!r} is not a valid id; ids are lowercase letters, digits and underscores (e.g. kalbajar_district)"
        if "minimum" in cons and item < cons["minimum"]:
            return f"{item!r} is below the minimum {cons['minimum']}"
        if "maximum" in cons and item > cons["maximum"]:
            return f"{item!r} is above the maximum {cons['maximum']}"
    return None


def parse_table(data_dir: Path, resource: dict, report: Report) -> Table:
    rel = f"{data_dir.name}/{resource['path']}"
    table = Table(resource["name"], data_dir / resource["path"], resource["schema"])
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
            report.add(rel, 1, name, f"the column appears twice; keep one. Expected columns: {expected_text}")
            table.ok = False
        seen.add(name)
    for name in header:
        if name not in expected:
            report.add(rel, 1, name, f"unknown column; remove or rename it. Expected columns: {expected_text}")
            table.ok = False
    for spec in fields:
        if spec["name"] not in header:
            report.add(rel, 1, spec["name"], f"the column is missing; add it to the header. Expected columns: {expected_text}")
            table.ok = False
    if not table.ok:
        return table
    if not records and resource.get("conflictbook:requiresRows", True):
        report.add(rel, None, None, "the file has a header but no rows; this table needs at least one row")
        table.ok = False
        return table
    index = {name: i for i, name in enumerate(header)}
    for row_no, record in records:
        if len(record) != len(header):
            report.add(rel, row_no, None,
                       f"the row has {len(record)} cells but the header has {len(header)}; "
                       "a comma inside a cell needs the cell in double quotes")
            table.ok = False
            continue
        row = {}
        for spec in fields:
            name = spec["name"]
            raw = record[index[name]].strip()
            if raw == "":
                if spec.get("constraints", {}).get("required"):
                    report.add(rel, row_no, name, "is empty but required; fill it in")
                row[name] = None
                continue
            try:
                value = _convert(raw, spec)
            except ValueError as exc:
                report.add(rel, row_no, name, str(exc))
                report.unreadable.add((table.name, row_no))
                row[name] = None
                continue
            problem = _check_constraints(value, spec)
            if problem:
                report.add(rel, row_no, name, problem)
            row[name] = value
        table.rows.append(row)
        table.row_numbers.append(row_no)
    return table


# ---------------------------------------------------------------- keys

def _key_fields(spec) -> list[str]:
    return [spec] if isinstance(spec, str) else list(spec)


def check_keys(report: Report, descriptor: dict) -> None:
    tables = report.tables
    for resource in descriptor["resources"]:
        table = tables.get(resource["name"])
        if table is None or not table.ok:
            continue
        rel = f"{report.data_dir.name}/{resource['path']}"
        schema = resource["schema"]
        for spec in schema["fields"]:
            if spec.get("constraints", {}).get("unique"):
                first_seen = {}
                for row, row_no in zip(table.rows, table.row_numbers):
                    value = row[spec["name"]]
                    if value is None:
                        continue
                    if value in first_seen:
                        report.add(rel, row_no, spec["name"],
                                   f"{value!r} is a duplicate (first used in row {first_seen[value]}); ids must be unique: "
                                   "choose a new id, never renumber existing ones")
                    else:
                        first_seen[value] = row_no
        pk = _key_fields(schema.get("primaryKey", []))
        if len(pk) > 1:
            first_seen = {}
            for row, row_no in zip(table.rows, table.row_numbers):
                key = tuple(row[k] for k in pk)
                if key in first_seen:
                    report.add(rel, row_no, None,
                               f"duplicate row for ({', '.join(pk)}) = {key} (first in row {first_seen[key]}); remove one")
                else:
                    first_seen[key] = row_no
        for fk in schema.get("foreignKeys", []) + resource.get("conflictbook:listForeignKeys", []):
            local = fk["fields"]
            target_name = fk["reference"]["resource"] or resource["name"]
            target_field = fk["reference"]["fields"]
            target = tables.get(target_name)
            if target is None or not target.ok:
                continue
            known = {r[target_field] for r in target.rows}
            for row, row_no in zip(table.rows, table.row_numbers):
                value = row.get(local)
                if value is None:
                    continue
                for item in (value if isinstance(value, tuple) else (value,)):
                    if item not in known:
                        hint = _closest(item, known)
                        allowed = (f" (known values: {', '.join(sorted(map(str, known)))})"
                                   if len(known) <= 40 and not hint else "")
                        report.add(rel, row_no, local,
                                   f"{item!r} is not a known {target_field} in {target_name}.csv"
                                   + (f" (did you mean {hint!r}?)" if hint else allowed)
                                   + f"; add it to {target_name}.csv first or fix the spelling")


def _closest(value: str, known: set) -> str | None:
    import difflib
    matches = difflib.get_close_matches(str(value), [str(k) for k in known], n=1, cutoff=0.75)
    return matches[0] if matches else None


# ---------------------------------------------------------------- rules beyond the schema

def _rows(report: Report, name: str):
    table = report.tables.get(name)
    if table is None or not table.ok:
        return []
    rel = f"{report.data_dir.name}/{table.path.name}"
    return [(rel, row_no, row) for row, row_no in zip(table.rows, table.row_numbers)
            if (name, row_no) not in report.unreadable]


def check_rules(report: Report) -> None:
    measures = {r["measure"]: r for _, _, r in _rows(report, "measures")}
    actors = {r["actor_id"] for _, _, r in _rows(report, "actors")}
    for name in ("events", "interactions", "figures"):
        for rel, row_no, row in _rows(report, name):
            start, end = row.get("date_start"), row.get("date_end")
            if start and end and start > end:
                report.add(rel, row_no, "date_start",
                           f"{start} is after date_end {end}; swap them or correct one")
    for rel, row_no, row in _rows(report, "periods"):
        if row["start"] and row["end"] and row["start"] > row["end"]:
            report.add(rel, row_no, "start", f"{row['start']} is after end {row['end']}")
    for rel, row_no, row in _rows(report, "figures"):
        low, best, high = row["low"], row["best"], row["high"]
        if low is None and high is None and best is None:
            report.add(rel, row_no, "low", "a figure needs at least one of low, best or high")
        measure = measures.get(row["measure"])
        if measure and measure["is_count"]:
            for col in ("low", "best", "high"):
                if row[col] is not None and row[col] < 0:
                    report.add(rel, row_no, col, f"{row[col]:g} is negative, but {row['measure']} is a count")
        pairs = [("low", "best"), ("best", "high"), ("low", "high")]
        for a, b in pairs:
            if row[a] is not None and row[b] is not None and row[a] > row[b]:
                report.add(rel, row_no, a, f"{a} {row[a]:g} is greater than {b} {row[b]:g}; "
                           "low <= best <= high (swap them if they were entered the wrong way round)")
        qualifier = row["qualifier"]
        if qualifier == "at_least" and (low is None or high is not None):
            report.add(rel, row_no, "qualifier", "'at_least' ('more than X') fills low only; leave high empty")
        if qualifier == "at_most" and (high is None or low is not None):
            report.add(rel, row_no, "qualifier", "'at_most' ('up to X', 'less than X') fills high only; leave low empty")
        if qualifier in ("exact", "approx") and (low is None or high is None or low != high):
            report.add(rel, row_no, "qualifier", f"'{qualifier}' is a single value: put it in both low and high")
        if qualifier == "range" and (low is None or high is None or not low < high):
            report.add(rel, row_no, "qualifier", "'range' needs low < high")
        claimant = row["claimant"]
        if claimant and claimant != "author" and actors and claimant not in actors:
            report.add(rel, row_no, "claimant",
                       f"{claimant!r} is neither 'author' nor a known actor_id in actors.csv")
        if row.get("vague_term"):
            terms = {r["term"] for _, _, r in _rows(report, "vague_numbers")}
            if terms and row["vague_term"] not in terms:
                report.add(rel, row_no, "vague_term", f"{row['vague_term']!r} is not a term in vague_numbers.csv")
        if row["measure"] in ("displaced", "refugees") and row["unit"] == "people":
            for col in ("stock_flow", "population_type", "overlap_group"):
                if not row[col]:
                    report.add(rel, row_no, col, f"displacement figures need {col} (tallies depend on it); "
                               "see data/README.md for the conventions")
    groups = {r["overlap_group"] for _, _, r in _rows(report, "figures") if r["overlap_group"]}
    for rel, row_no, row in _rows(report, "figures"):
        if row["counted_in"] and row["counted_in"] not in groups:
            report.add(rel, row_no, "counted_in", f"{row['counted_in']!r} is not the overlap_group of any figure")
        if row["counted_in"] and row["counted_in"] == row["overlap_group"]:
            report.add(rel, row_no, "counted_in", "a figure cannot be counted in its own overlap_group")
    check_subjects(report)
    check_quotes(report)
    from .act_rules import check_acts; check_acts(report)


def check_subjects(report: Report) -> None:
    """source_checks.subject_id must exist in the table subject_table names."""
    keys = {}
    for name, table in report.tables.items():
        if table.ok and table.rows:
            pk = _key_fields(table.schema.get("primaryKey", []))
            if len(pk) == 1:
                keys[name] = {r[pk[0]] for r in table.rows}
    for rel, row_no, row in _rows(report, "source_checks"):
        table_name, subject = row["subject_table"], row["subject_id"]
        if bool(table_name) != bool(subject):
            report.add(rel, row_no, "subject_id", "subject_table and subject_id go together: fill both or neither")
        elif table_name in keys and subject not in keys[table_name]:
            report.add(rel, row_no, "subject_id", f"{subject!r} is not an id in {table_name}.csv")


def check_quotes(report: Report) -> None:
    sources = {r["source_id"]: r for _, _, r in _rows(report, "sources")}
    texts: dict[str, str | None] = {}

    def text_of(source_id):
        if source_id not in texts:
            source = sources.get(source_id)
            path = paths.find_source_text(source["file"], report.data_dir) if source else None
            texts[source_id] = normalise_ws(path.read_text(encoding="utf-8")) if path else None
        return texts[source_id]

    unchecked: dict[str, int] = {}
    for table in report.tables.values():
        names = [f["name"] for f in table.schema["fields"]]
        column = "quote" if "quote" in names else ("text" if table.name == "resolution_clauses" else None)
        if column is None or not table.ok:
            continue
        rel = f"{report.data_dir.name}/{table.path.name}"
        for row, row_no in zip(table.rows, table.row_numbers):
            quote = row.get(column)
            source_id = row.get("source_id")
            if source_id is None and table.name == "resolution_clauses":
                source_id = next((r["source_id"] for r in report.tables["resolutions"].rows
                                  if r["resolution_id"] == row["resolution_id"]), None) if "resolutions" in report.tables else None
            if not quote or not quote.strip():
                continue  # already reported as required
            source = sources.get(source_id)
            if source is None:
                continue
            if source["copyrighted"] and len(quote) > MAX_QUOTE_CHARS:
                report.add(rel, row_no, column,
                           f"the quote has {len(quote)} characters; quotes from copyrighted sources are kept under "
                           f"{MAX_QUOTE_CHARS}: shorten it to the clause that carries the fact")
            text = text_of(source_id)
            if text is None:
                unchecked[source_id] = unchecked.get(source_id, 0) + 1
                continue
            if normalise_ws(quote) not in text:
                report.add(rel, row_no, column,
                           f"the quote is not found in the text of {source_id} ({source['file']}); copy it exactly "
                           f"from the source (whitespace may differ, nothing else): {quote[:70]!r}")
        if table.name == "resolution_clauses":
            for row, row_no in zip(table.rows, table.row_numbers):
                if row["text"] and row["lead_phrase"] and not normalise_ws(row["text"]).startswith(normalise_ws(row["lead_phrase"])):
                    report.add(rel, row_no, "lead_phrase", "the lead phrase must be the opening words of text")
    for source_id, count in sorted(unchecked.items()):
        folders = ", ".join(str(p) for p in paths.source_text_dirs(report.data_dir))
        report.notes.append(f"note: the text of {source_id} ({sources[source_id]['file']}) was not found in {folders}; "
                            f"its {count} quote(s) were not checked against it (everything else was)")


# ---------------------------------------------------------------- entry point

def validate_package(data_dir: Path | str | None = None) -> Report:
    """Validate every resource of data_dir/datapackage.json; never raises for bad data."""
    data_dir = Path(data_dir) if data_dir is not None else paths.data_dir()
    report = Report(data_dir=data_dir)
    descriptor_path = data_dir / "datapackage.json"
    if not descriptor_path.is_file():
        report.add(f"{data_dir.name}/datapackage.json", None, None,
                   "missing; the data folder needs its datapackage.json (restore it with git)")
        return report
    try:
        descriptor = load_descriptor(data_dir)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        report.add(f"{data_dir.name}/datapackage.json", getattr(exc, "lineno", None), None,
                   f"is not valid JSON ({exc}); undo the last edit or check commas and brackets")
        return report
    for resource in descriptor.get("resources", []):
        report.tables[resource["name"]] = parse_table(data_dir, resource, report)
    check_keys(report, descriptor)
    check_rules(report)
    return report
