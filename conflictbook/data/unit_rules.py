"""Units as a codebook: each measure's allowed units are in measure_units.csv; others are errors.

A figure whose unit its measure does not allow ('persons' for displaced people) would otherwise
pass the schema and quietly fall out of every tally that selects `unit == 'people'`. The error
names the file, the row, the field and the nearest allowed unit (a listed other spelling first,
then the most similar allowed unit)."""

from __future__ import annotations

import difflib

from .schema import Report, rows_of

__all__ = ["allowed_units", "check_units", "nearest_unit"]


def allowed_units(report: Report) -> dict[str, dict[str, set[str]]]:
    """measure -> {allowed unit -> its other spellings (lower case)}, from measure_units.csv."""
    out: dict[str, dict[str, set[str]]] = {}
    for _, _, row in rows_of(report, "measure_units"):
        spellings = {s.strip().lower() for s in (row.get("also_written") or "").split("|")}
        out.setdefault(row["measure"], {})[row["unit"]] = {s for s in spellings if s}
    return out


def nearest_unit(unit: str, allowed: dict[str, set[str]]) -> str | None:
    """The allowed unit `unit` most likely means: one whose other spellings include it, else the
    most similar by letters (ties: alphabetical); None when nothing is allowed."""
    if not allowed:
        return None
    wanted = unit.strip().lower()
    for name in sorted(allowed):
        if wanted == name.lower() or wanted in allowed[name]:
            return name
    return max(
        sorted(allowed),
        key=lambda name: difflib.SequenceMatcher(None, wanted, name.lower()).ratio(),
    )


def check_units(report: Report) -> None:
    """Every figure's unit is allowed for its measure; every measure's default unit is listed."""
    if "measure_units" not in report.tables:
        return  # an older package without the codebook: nothing to check against
    units = allowed_units(report)
    known = {row["measure"] for _, _, row in rows_of(report, "measures")}
    for rel, row_no, row in rows_of(report, "measures"):
        if row["unit"] and row["unit"] not in units.get(row["measure"], {}):
            report.add(
                rel,
                row_no,
                "unit",
                f"the default unit {row['unit']!r} of {row['measure']!r} is not in "
                "measure_units.csv: add a row for it there",
            )
    for rel, row_no, row in rows_of(report, "figures"):
        measure, unit = row["measure"], row["unit"]
        if measure not in known:
            continue  # an unknown measure is reported by the foreign-key check
        allowed = units.get(measure, {})
        if not unit or unit in allowed:
            continue
        if not allowed:
            hint = f"measure_units.csv lists no unit for {measure!r}: add one"
        else:
            listed = ", ".join(repr(u) for u in sorted(allowed))
            hint = (
                f"did you mean {nearest_unit(unit, allowed)!r}? ({measure!r} allows {listed}; "
                "a new unit needs a row in measure_units.csv)"
            )
        report.add(
            rel,
            row_no,
            "unit",
            f"unit {unit!r} is not allowed for measure {measure!r}; {hint}",
        )
