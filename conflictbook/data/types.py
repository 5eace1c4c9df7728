"""Cell types and constraints of a Table Schema: converting a cell and saying, in a reader's
words, why it was refused."""

from __future__ import annotations

import datetime as dt
import re

__all__ = ["convert", "check_constraints", "text_check", "fits"]


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def convert(value: str, spec: dict):
    """Convert a non-empty cell to its type; raise ValueError with a reader-facing reason."""
    kind = spec.get("type", "string")
    if kind == "string":
        return value
    if kind == "integer":
        if not re.fullmatch(r"[+-]?\d+", value):
            raise ValueError(f"{value!r} is not a whole number; write digits only, e.g. 1993")
        return int(value)
    if kind == "number":
        if re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?", value):
            raise ValueError(
                f"{value!r} has a thousands separator; write it without: {value.replace(',', '')}"
            )
        try:
            number = float(value)
        except ValueError:
            raise ValueError(
                f"{value!r} is not a number; write digits with a dot for decimals and no thousands "
                "separator (e.g. 10000 or 12.5); put words such as 'about' in the qualifier "
                "or notes"
            ) from None
        if number != number or number in (float("inf"), float("-inf")):
            raise ValueError(f"{value!r} is not a finite number")
        return number
    if kind == "date":
        if not _DATE.match(value):
            raise ValueError(
                f"{value!r} is not a date in the form YYYY-MM-DD (e.g. 1993-07-29; "
                "for a month or a year give the first and last day in date_start and date_end)"
            )
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(
                f"{value!r} is not a real calendar date; check the month and the day"
            ) from None
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
            raise ValueError(
                f"{value!r} has an empty item; separate items with a single "
                f"'{spec.get('delimiter', '|')}'"
            )
        return items
    return value


def check_constraints(value, spec: dict) -> str | None:
    cons = spec.get("constraints", {})
    items = value if isinstance(value, tuple) else (value,)
    for item in items:
        if "enum" in cons and item not in cons["enum"]:
            allowed = ", ".join(str(e) for e in cons["enum"])
            return f"{item!r} is not an allowed value; use one of: {allowed}"
        if "pattern" in cons and isinstance(item, str) and not re.fullmatch(cons["pattern"], item):
            return (
                f"{item!r} is not a valid id; ids are lowercase letters, digits and "
                "underscores (e.g. capital_district)"
            )
        if "minimum" in cons and item < cons["minimum"]:
            return f"{item!r} is below the minimum {cons['minimum']}"
        if "maximum" in cons and item > cons["maximum"]:
            return f"{item!r} is above the maximum {cons['maximum']}"
    return None


def text_check(spec: dict):
    """The rules of `check_constraints` for a text field whose only constraints are an enum or a
    pattern, as one quick test of a raw cell (True: accepted as it is); None for any other field.
    A cell it refuses goes through `convert` and `check_constraints`, which word the message."""
    cons = spec.get("constraints", {})
    if spec.get("type", "string") != "string" or set(cons) - {"required", "enum", "pattern"}:
        return None
    allowed = set(cons["enum"]) if "enum" in cons else None
    pattern = re.compile(cons["pattern"]) if "pattern" in cons else None
    return lambda raw: (
        (allowed is None or raw in allowed)
        and (pattern is None or pattern.fullmatch(raw) is not None)
    )


def fits(cell: str, spec: dict) -> bool:
    """Whether a raw cell would be accepted in a field (used to guess which cell of a bad row is
    off)."""
    if not cell:
        return not spec.get("constraints", {}).get("required")
    try:
        return check_constraints(convert(cell, spec), spec) is None
    except ValueError:
        return False
