"""Real validator messages for the 'Fork this book' chapter, produced by breaking a temporary
copy of data/.

Each mistake picks its row from whatever data is present (the first row of a table, the first
figure given as a range, the first quote from a source whose text is in the repository), so the
chapter works for any conflict's data package and needs no copyrighted text."""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from ..data import paths
from ..data.deps import record_files
from ..data.validate import validate_package

__all__ = [
    "MISTAKES",
    "STUDENT_TABLES",
    "column_reference",
    "error_examples",
    "examples_text",
    "id_scheme",
]


def _rows(folder: Path, table: str) -> list[list[str]]:
    return list(
        csv.reader(
            io.StringIO((folder / f"{table}.csv").read_text(encoding="utf-8-sig"), newline="")
        )
    )


def _write(folder: Path, table: str, rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    (folder / f"{table}.csv").write_text(buffer.getvalue(), encoding="utf-8")


def _edit(
    folder: Path, table: str, pick: Callable[[dict], bool], change: Callable[[dict], dict]
) -> None:
    """Change the first row for which pick(row) is true (rows as dicts of their cells)."""
    rows = _rows(folder, table)
    header = rows[0]
    for i, row in enumerate(rows[1:], start=1):
        cells = dict(zip(header, row))
        if pick(cells):
            cells.update(change(cells))
            rows[i] = [cells[h] for h in header]
            _write(folder, table, rows)
            return
    raise LookupError(f"no row of {table}.csv fits this example")


def _open_sources(folder: Path) -> set[str]:
    return {
        r["source_id"]
        for r in csv.DictReader(
            io.StringIO((folder / "sources.csv").read_text(encoding="utf-8-sig"))
        )
        if r["copyrighted"] == "false"
    }


def _paraphrase(folder: Path) -> None:
    """Reword a quote from a source whose text is in the repository (every clone can check it)."""
    open_sources = _open_sources(folder)
    for table in ("events", "interactions", "figures", "positions"):
        rows = _rows(folder, table)
        if "quote" in rows[0] and any(
            dict(zip(rows[0], r)).get("source_id") in open_sources for r in rows[1:]
        ):

            def reword(cells):
                words = cells["quote"].split()
                return {"quote": " ".join(words[:1] + ["reportedly"] + words[1:])}

            _edit(
                folder,
                table,
                lambda c: c.get("source_id") in open_sources and len(c["quote"].split()) > 3,
                reword,
            )
            return
    raise LookupError("no quote from a source whose text is in the repository")


def _european_date(cells: dict) -> dict:
    year, month, day = cells["date_start"].split("-")
    return {"date_start": f"{day}/{month}/{year}"}


def _misspell(value: str) -> str:
    return value[:-2] + value[-1] if len(value) > 3 else value + "x"


def _unquoted_comma(folder: Path) -> None:
    """Append a copy of a codebook's first row whose last (text) cell has an unquoted comma."""
    rows = _rows(folder, "stances")
    new = [rows[1][0] + "_new", *rows[1][1:-1], "Wavering, undecided"]
    (folder / "stances.csv").write_text(
        (folder / "stances.csv").read_text(encoding="utf-8") + ",".join(new) + "\n",
        encoding="utf-8",
    )


def _cp1252(folder: Path) -> None:
    """Save a table the way many spreadsheets do by default: Windows-1252, not UTF-8."""
    for table in ("places", "actors", "events"):
        text = (folder / f"{table}.csv").read_text(encoding="utf-8")
        if any(ord(ch) > 127 and ch.encode("cp1252", errors="ignore") for ch in text):
            (folder / f"{table}.csv").write_bytes(text.encode("cp1252", errors="replace"))
            return
    text = (folder / "places.csv").read_text(encoding="utf-8").replace("\n", " é\n", 2)
    (folder / "places.csv").write_bytes(text.encode("cp1252"))


def _semicolons(folder: Path) -> None:
    rows = _rows(folder, "periods")
    (folder / "periods.csv").write_text(
        "\n".join(";".join(r) for r in rows) + "\n", encoding="utf-8"
    )


def _drop_column(folder: Path) -> None:
    _write(folder, "periods", [r[:2] for r in _rows(folder, "periods")])


def _short_row(folder: Path) -> None:
    rows = _rows(folder, "sources")
    header = rows[0]
    skip = header.index("year")
    rows[1] = rows[1][:skip] + rows[1][skip + 1 :]
    _write(folder, "sources", rows)


def _thousands(folder: Path) -> None:
    path = folder / "figures.csv"
    rows = _rows(folder, "figures")
    header = rows[0]
    col = header.index("low")
    line = next(i for i, r in enumerate(rows[1:], start=1) if r[col] and float(r[col]) >= 1000)
    value = f"{int(float(rows[line][col])):,}"
    text = path.read_text(encoding="utf-8").splitlines(keepends=True)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(rows[line][:col])
    prefix = buffer.getvalue() + ("," if col else "")
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(rows[line][col + 1 :])
    # the row is rewritten in place with the number unquoted, as a spreadsheet user would type it
    index = next(i for i, t in enumerate(text) if t.startswith(rows[line][0] + ","))
    text[index] = prefix + value + "," + buffer.getvalue()
    path.write_text("".join(text), encoding="utf-8")


def _missing_open_text(folder: Path) -> None:
    source = sorted(_open_sources(folder))[0]
    _edit(
        folder,
        "sources",
        lambda c: c["source_id"] == source,
        lambda c: {"file": c["file"].rsplit(".", 1)[0]},
    )


MISTAKES: list[tuple[str, Callable[[Path], object]]] = [
    (
        "typed words in a number column",
        lambda d: _edit(
            d, "figures", lambda c: bool(c["low"]), lambda c: {"low": "about ten thousand"}
        ),
    ),
    ("wrote a number with a thousands separator", _thousands),
    (
        "wrote a date the European way",
        lambda d: _edit(d, "events", lambda c: bool(c["date_start"]), _european_date),
    ),
    (
        "swapped low and high",
        lambda d: _edit(
            d,
            "figures",
            lambda c: c["qualifier"] == "range",
            lambda c: {"low": c["high"], "high": c["low"]},
        ),
    ),
    (
        "misspelt an actor id",
        lambda d: _edit(
            d, "interactions", lambda c: True, lambda c: {"actor_to": _misspell(c["actor_to"])}
        ),
    ),
    (
        "used an interaction type that is not in the codebook",
        lambda d: _edit(
            d, "interactions", lambda c: True, lambda c: {"interaction_type": "befriends"}
        ),
    ),
    ("paraphrased a quote instead of copying it", _paraphrase),
    ("mistyped the file name of a source whose text is in the repository", _missing_open_text),
    ("added a row with an unquoted comma in a cell", _unquoted_comma),
    ("left out a cell in a row", _short_row),
    ("saved the file in a spreadsheet's default (non-UTF-8) encoding", _cp1252),
    ("saved the file with semicolons (a European spreadsheet's CSV)", _semicolons),
    ("deleted a column", _drop_column),
]


def error_examples(data_dir: Path | None = None) -> list[tuple[str, list[str]]]:
    """For each common mistake: what was done, and the validator's exact messages on a broken copy.

    The copies live in a temporary folder, where no copyrighted text is beside them, so every
    clone shows the same messages."""
    source = Path(data_dir) if data_dir is not None else paths.data_dir()
    record_files(p for p in source.rglob("*") if p.is_file())  # the copies are of all of it
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for label, mistake in MISTAKES:
            copy = Path(tmp) / label.replace(" ", "_")[:40] / "data"
            shutil.copytree(source, copy)
            mistake(copy)
            report = validate_package(copy)
            results.append((label, [str(p) for p in report.problems]))
    return results


STUDENT_TABLES = ("sources", "events", "interactions", "figures", "positions", "claims")


def column_reference(table: str, data_dir: Path | None = None):
    """The columns of a table a student edits, from datapackage.json: required ones marked, allowed
    values or the table a value must come from, and the table's first row as an example."""
    import pandas as pd

    from ..data.loaders import load_descriptor_for

    data = Path(data_dir) if data_dir is not None else paths.data_dir()
    resource = next(r for r in load_descriptor_for(data)["resources"] if r["name"] == table)
    record_files([data / "datapackage.json", data / resource["path"]])
    refs = {
        fk["fields"]: f"{fk['reference']['resource'] or table}.csv's {fk['reference']['fields']}"
        for fk in resource["schema"].get("foreignKeys", [])
        + resource.get("conflictbook:listForeignKeys", [])
    }
    example = dict(zip(_rows(data, table)[0], _rows(data, table)[1]))
    rows = []
    for spec in resource["schema"]["fields"]:
        cons = spec.get("constraints", {})
        allowed = refs.get(spec["name"]) or (
            ", ".join(map(str, cons["enum"])) if "enum" in cons else ""
        )
        value = example.get(spec["name"], "")
        rows.append(
            {
                "column": spec["name"],
                "required": bool(cons.get("required")),
                "type": spec.get("type", "string"),
                "allowed": allowed,
                "example": value if len(value) <= 60 else value[:57] + "...",
                "what": spec.get("description", ""),
            }
        )
    return pd.DataFrame(rows)


def id_scheme(table: str, data_dir: Path | None = None) -> str:
    """How the ids of a fact table are built, read off its existing ids ('f000_001': prefix,
    source number, running number), so a student's new source gets ids in the same scheme."""
    import re

    data = Path(data_dir) if data_dir is not None else paths.data_dir()
    ids = [r[0] for r in _rows(data, table)[1:] if r]
    shapes = [re.match(r"^([a-z]+)(\d+)_(.+)$", i) for i in ids]
    shapes = [m for m in shapes if m]
    if not shapes:
        return f"free: a new, unique lowercase id per row (e.g. {ids[0] if ids else 'my_row_1'})"
    prefix = max({m.group(1) for m in shapes}, key=lambda p: sum(m.group(1) == p for m in shapes))
    sample = next(m.group(0) for m in shapes if m.group(1) == prefix)
    return (
        f"'{prefix}' + the source's number (its file name's leading digits, e.g. 002 for "
        f"002_my_source.txt) + '_' + a running number or a short slug, e.g. {sample}"
    )


def examples_text(
    examples: list[tuple[str, list[str]]], width: int = 88, per_mistake: int = 2
) -> str:
    """The examples as text a reader can read without scrolling: each message wrapped to `width`."""
    import textwrap

    lines = []
    for mistake, messages in examples:
        lines.append(f"You {mistake}:")
        for message in messages[:per_mistake]:
            lines += textwrap.wrap(
                message,
                width,
                initial_indent="  ",
                subsequent_indent="      ",
                break_on_hyphens=False,
                break_long_words=True,
            )
        lines.append("")
    return "\n".join(lines)
