"""Make a copy of a data package with every actor, place, source and period id and name renamed.

The copy is another conflict's data as far as the code can tell: a test suite that passes on it
(with `-m "not case"`) holds for any conflict. Ids are replaced consistently wherever a whole
cell (or an item of a list cell) equals one, in every CSV of the folder (derived/ included), in
datapackage.json enums and in the JSON manifests; names (actors.name, places.name, periods.label)
are replaced in their tables. Quotes, aliases and other free text are left alone, so the quotes
are still found in the source texts, which are copied into the copy's sources/ folder when they
can be found. Usage:

    python tests/rename_ids.py DATA_DIR TARGET_DIR
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import sys
from pathlib import Path

__all__ = ["ID_COLUMNS", "NAME_COLUMNS", "id_mapping", "rename_copy", "rename_value"]

# table -> (id column, prefix of the new ids)
ID_COLUMNS = {
    "actors": ("actor_id", "actor"),
    "places": ("place_id", "place"),
    "sources": ("source_id", "source"),
    "periods": ("period_id", "period"),
}
# table -> (name column, prefix of the new names)
NAME_COLUMNS = {
    "actors": ("name", "Actor"),
    "places": ("name", "Place"),
    "periods": ("label", "Period"),
}
LIST_DELIMITER = "|"


def _read(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def _write(path: Path, rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def id_mapping(data: Path, tag: str = "zz") -> dict[str, str]:
    """old id -> new id, for the ids of actors, places, sources and periods (new ids:
    `zz_actor_007`)."""
    mapping: dict[str, str] = {}
    for table, (column, prefix) in ID_COLUMNS.items():
        rows = _read(data / f"{table}.csv")
        col = rows[0].index(column)
        for n, row in enumerate(rows[1:], start=1):
            if row and row[col] not in mapping:
                mapping[row[col]] = f"{tag}_{prefix}_{n:03d}"
    return mapping


def rename_value(value: str, mapping: dict[str, str]) -> str:
    """A cell renamed: the whole cell, or each item of a '|' list, when it is an old id."""
    if value in mapping:
        return mapping[value]
    if LIST_DELIMITER in value:
        items = value.split(LIST_DELIMITER)
        if any(item.strip() in mapping for item in items):
            return LIST_DELIMITER.join(mapping.get(item.strip(), item.strip()) for item in items)
    return value


def _rename_json(value, mapping):
    if isinstance(value, dict):
        return {rename_value(k, mapping): _rename_json(v, mapping) for k, v in value.items()}
    if isinstance(value, list):
        return [_rename_json(v, mapping) for v in value]
    if isinstance(value, str):
        return rename_value(value, mapping)
    return value


def _find_texts(source: Path, target: Path) -> None:
    from conflictbook.data import texts

    sources = target / "sources"
    sources.mkdir(exist_ok=True)
    for row in csv.DictReader(
        io.StringIO((source / "sources.csv").read_text(encoding="utf-8-sig"))
    ):
        found = texts.find_source_text(row["file"], source)
        if found and not (sources / row["file"]).exists():
            shutil.copy(found, sources / row["file"])


def rename_copy(source: Path, target: Path, tag: str = "zz") -> dict[str, str]:
    """Copy the data folder `source` to `target` with ids and names renamed; return the id
    mapping."""
    source, target = Path(source), Path(target)
    shutil.copytree(source, target)
    _find_texts(source, target)
    mapping = id_mapping(source, tag)
    for path in sorted(target.rglob("*.csv")):
        rows = _read(path)
        renamed = [rows[0]] + [[rename_value(cell, mapping) for cell in row] for row in rows[1:]]
        table = path.stem if path.parent == target else None
        if table in NAME_COLUMNS:
            column, prefix = NAME_COLUMNS[table]
            col = rows[0].index(column)
            for n, row in enumerate(renamed[1:], start=1):
                row[col] = f"{prefix} {n}"
        _write(path, renamed)
    for path in sorted(target.rglob("*.json")):
        renamed = _rename_json(json.loads(path.read_text(encoding="utf-8")), mapping)
        path.write_text(json.dumps(renamed, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return mapping


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    print(
        f"{len(rename_copy(Path(sys.argv[1]), Path(sys.argv[2])))} ids renamed into {sys.argv[2]}"
    )
