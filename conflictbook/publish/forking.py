"""Real validator messages for the 'Fork this book' chapter, produced by breaking a temporary copy of data/."""
from __future__ import annotations

import csv
import io
import shutil
import tempfile
from pathlib import Path

from . import paths
from .validate import validate_package

# (what a student did, a function that does it to a copy of data/)


def _set(folder: Path, table: str, row: int, column: str, value: str) -> None:
    path = folder / f"{table}.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))
    rows[row - 1][rows[0].index(column)] = value
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def _append(folder: Path, table: str, text: str) -> None:
    path = folder / f"{table}.csv"
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


MISTAKES = [
    ("typed words in a number column", lambda d: _set(d, "figures", 2, "low", "about ten thousand")),
    ("wrote a date the European way", lambda d: _set(d, "events", 2, "date_start", "26/02/1992")),
    ("swapped low and high", lambda d: (_set(d, "figures", 2, "low", "5000"), _set(d, "figures", 2, "high", "100"))),
    ("misspelt an actor id", lambda d: _set(d, "interactions", 2, "actor_to", "azerbaijn")),
    ("used an interaction type that is not in the codebook", lambda d: _set(d, "interactions", 3, "interaction_type", "befriends")),
    ("paraphrased a quote instead of copying it", lambda d: _set(d, "events", 3, "quote", "the treaty was signed in 1813")),
    ("added a row with an unquoted comma in a cell", lambda d: _append(d, "stances", "wavering,0,Wavering, undecided\n")),
    ("saved the file in a spreadsheet's default (non-UTF-8) encoding",
     lambda d: (d / "places.csv").write_bytes((d / "places.csv").read_text(encoding="utf-8").replace("Baku", "Bakü").encode("cp1252", errors="replace"))),
    ("deleted a column", lambda d: (d / "periods.csv").write_text(
        "\n".join(",".join(line.split(",")[:2]) for line in (d / "periods.csv").read_text(encoding="utf-8").splitlines()) + "\n",
        encoding="utf-8")),
]


def error_examples(data_dir: Path | None = None) -> list[tuple[str, list[str]]]:
    """For each common mistake: what was done, and the validator's exact messages on a broken copy."""
    source = Path(data_dir) if data_dir is not None else paths.data_dir()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for label, mistake in MISTAKES:
            copy = Path(tmp) / label.replace(" ", "_")[:40] / "data"
            shutil.copytree(source, copy)
            texts = copy / "sources"
            for name in ("000_ab05866d2733586f.txt", "001_b17200e712786173.txt"):
                found = paths.find_source_text(name, source)
                if found:
                    shutil.copy(found, texts / name)
            mistake(copy)
            report = validate_package(copy)
            results.append((label, [str(p) for p in report.problems]))
    return results
