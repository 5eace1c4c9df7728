"""What went wrong with a CSV file's shape, said in a student's terms.

A row with more or fewer cells than the header is most often an unquoted comma (inside a text or
a number such as ``100,000``) or a forgotten cell; a file whose header is one long cell was saved
with another delimiter. These helpers find the likeliest cause by trying each repair and keeping
the one whose cells best fit the columns' types."""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["CONTROL_CHARS", "detect_delimiter", "diagnose_row"]

CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_DELIMITERS = {";": "semicolons (;)", "\t": "tabs", "|": "vertical bars (|)"}
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}$")


def detect_delimiter(header_line: str, expected: list[str]) -> str | None:
    """The delimiter a file was saved with, when it is not a comma and splitting by it gives
    known columns."""
    for delimiter, name in _DELIMITERS.items():
        cells = [c.strip().strip('"') for c in header_line.split(delimiter)]
        if (
            len(cells) > 1
            and header_line.count(delimiter) > header_line.count(",")
            and sum(c in expected for c in cells) >= max(1, len(cells) // 2)
        ):
            return name
    return None


def _fit(cells: list[str], fields: list[dict], fits: Callable[[str, dict], bool]) -> int:
    return sum(fits(cell.strip(), spec) for cell, spec in zip(cells, fields))


def diagnose_row(
    record: list[str], fields: list[dict], fits: Callable[[str, dict], bool]
) -> tuple[str, list[str] | None]:
    """A message for a row whose cell count is off, and the repaired cells when the repair is
    certain.

    `fits(cell, spec)` says whether a cell is acceptable for a field. A number split by a
    thousands separator is repaired (so the rest of the row is still checked); other causes are
    only described."""
    names = [f["name"] for f in fields]
    n, expected = len(record), len(fields)
    head = f"the row has {n} cells but the header has {expected}"
    if n > expected:
        # a number written with thousands separators: '100,000' became two cells, '1,000,000' three
        for i, spec in enumerate(fields):
            if spec.get("type") not in ("number", "integer") or i >= n:
                continue
            j = i + 1
            while j < n and j - i <= n - expected and re.fullmatch(r"\d{3}", record[j].strip()):
                j += 1
            if j - i - 1 == n - expected and _THOUSANDS.match(record[i].strip()):
                number = "".join(c.strip() for c in record[i:j])
                written = ",".join(c.strip() for c in record[i:j])
                repaired = record[:i] + [number] + record[j:]
                return (
                    f'{head}: the number {written!r} in "{names[i]}" has a thousands separator, '
                    "which a CSV "
                    f"reads as a new cell; write it without: {number}",
                    repaired,
                )
        best = max(
            range(expected),
            key=lambda i: (
                _fit(
                    record[:i]
                    + [",".join(record[i : i + n - expected + 1])]
                    + record[i + n - expected + 1 :],
                    fields,
                    fits,
                ),
                -i,
            ),
        )
        return (
            f'{head}: the cell "{names[best]}" seems to contain a comma; '
            "put that cell in double quotes "
            f'("like, this") or remove the comma',
            None,
        )
    best = max(
        range(expected),
        key=lambda i: (_fit(record[:i] + [""] * (expected - n) + record[i:], fields, fits), -i),
    )
    missing = ", ".join(f'"{name}"' for name in names[best : best + expected - n])
    return (
        f"{head}: {expected - n} cell(s) missing; the cells fit the columns best if {missing} is "
        f"the one left "
        "out (add an empty cell between two commas if it has no value)",
        None,
    )
