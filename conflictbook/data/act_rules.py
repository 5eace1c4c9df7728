"""Validator rules for reported acts (book/codebook.md), beyond what the schema can say.

`check_acts(report)` reads the typed rows the validator has parsed and adds one problem per broken
rule:

- the rows of one act (`interactions.act_id`) must not repeat a dyad (actor_from, actor_to);
- they must agree on source_id, quote, date_start, date_end, date_precision and interaction_type;
- a mediation act has at least two distinct parties (the targets of its rows);
- an actor does not act on itself;
- an act_id carries its source's number (a000_ for the article in 000_....txt; for a source without
a numbered file, the digits ending its id);
- an implied row's note names the codebook rule that supplied the agent or target (R-IMPLIED-n);
- in interactions and events, the range date_start..date_end fits date_precision (rule R-DATE-1).
"""

from __future__ import annotations

import datetime as _dt
import re

from .fingerprint import normalise_ws
from .schema import Report, rows_of

__all__ = [
    "MEDIATION_TYPES",
    "ACT_FIELDS",
    "PRECISION_SPANS",
    "source_number",
    "span_fits",
    "check_spans",
    "check_acts",
]

# interaction types that are mediation (interaction_types.csv); the rule needs two parties for each
# act
MEDIATION_TYPES = ("mediates_between",)

# the fields every row of one act shares
ACT_FIELDS = ("source_id", "quote", "date_start", "date_end", "date_precision", "interaction_type")

# what each precision allows (codebook R-DATE-1)
PRECISION_SPANS = {
    "day": "date_start = date_end",
    "month": "within one calendar month",
    "year": "within one calendar year",
    "decade": "within one decade (e.g. 1990-01-01..1999-12-31)",
    "century": "within one century (e.g. 1600-01-01..1699-12-31)",
    "span": "any range the source bounds at both ends (date_start <= date_end)",
    "context": "any range the context bounds (date_start <= date_end; the note says which context)",
}

_IMPLIED_RULE = re.compile(r"\bR-IMPLIED-\d+\b")


def source_number(source: dict) -> str | None:
    """The number an act_id carries for a source: its file's leading digits ('000_....txt'); None
    when the file name has none (then act ids are not checked against it)."""
    file = source.get("file") or ""
    head = file.split("_", 1)[0]
    if head.isdigit():
        return head
    return None


def span_fits(precision: str, start: _dt.date, end: _dt.date) -> bool:
    """Whether the range start..end is no wider than `precision` allows (start <= end is checked
    elsewhere)."""
    if precision == "day":
        return start == end
    if precision == "month":
        return (start.year, start.month) == (end.year, end.month)
    if precision == "year":
        return start.year == end.year
    if precision == "decade":
        return start.year // 10 == end.year // 10
    if precision == "century":
        return start.year // 100 == end.year // 100
    return True  # span, context: any start <= end


def _narrowest(start: _dt.date, end: _dt.date) -> str:
    for precision in ("day", "month", "year", "decade", "century"):
        if span_fits(precision, start, end):
            return precision
    return "span"


def _same(field: str, a, b) -> bool:
    if field == "quote" and isinstance(a, str) and isinstance(b, str):
        return normalise_ws(a) == normalise_ws(b)
    return a == b


def check_spans(report: Report, table: str) -> None:
    for rel, row_no, row in rows_of(report, table):
        precision, start, end = (
            row.get("date_precision"),
            row.get("date_start"),
            row.get("date_end"),
        )
        if not (precision and start and end) or start > end or precision not in PRECISION_SPANS:
            # missing values, reversed ranges and unknown precisions are reported by other rules
            continue
        if not span_fits(precision, start, end):
            report.add(
                rel,
                row_no,
                "date_precision",
                f"{start}..{end} does not fit '{precision}' ({PRECISION_SPANS[precision]}); "
                f"narrow the "
                f"range to what the source gives, or give the precision the source gives: "
                f"'{_narrowest(start, end)}' fits this range, 'span' if the source gives both "
                f"bounds, "
                f"'context' if it is undated and the range comes from context (say which in the "
                f"note)",
            )


def check_acts(report: Report) -> None:
    rows = rows_of(report, "interactions")
    mediation = set(MEDIATION_TYPES)
    known_types = {r["interaction_type"] for _, _, r in rows_of(report, "interaction_types")}
    if known_types:
        mediation &= known_types
    numbers = {r["source_id"]: source_number(r) for _, _, r in rows_of(report, "sources")}
    acts: dict[str, list] = {}
    for rel, row_no, row in rows:
        number = numbers.get(row.get("source_id"))
        if row.get("act_id") and number and not row["act_id"].startswith(f"a{number}_"):
            report.add(
                rel,
                row_no,
                "act_id",
                f"{row['act_id']!r} does not carry the number of its source {row['source_id']} "
                f"(expected a{number}_nnnn); number the acts of each source in their own series",
            )
        if row.get("actor_from") and row.get("actor_from") == row.get("actor_to"):
            report.add(
                rel,
                row_no,
                "actor_to",
                f"{row['actor_from']!r} acts on itself; an interaction needs two different actors "
                "(code an internal matter as an event, or name the organ that acts)",
            )
        if row.get("basis") == "implied" and not _IMPLIED_RULE.search(row.get("note") or ""):
            report.add(
                rel,
                row_no,
                "note",
                "an implied row must name the codebook rule that supplied its agent or target "
                "(R-IMPLIED-1 ... in the note); if no rule applies, the row is a guess: drop it",
            )
        if row.get("act_id"):
            acts.setdefault(row["act_id"], []).append((rel, row_no, row))
    for act_id, members in acts.items():
        first_rel, first_no, first = members[0]
        seen: dict[tuple, int] = {}
        for rel, row_no, row in members:
            dyad = (row.get("actor_from"), row.get("actor_to"))
            if dyad in seen:
                report.add(
                    rel,
                    row_no,
                    "actor_to",
                    f"act {act_id} already has the dyad {dyad[0]} -> {dyad[1]} (row "
                    f"{seen[dyad]}); one act "
                    "records each agent-target pair once: delete this row",
                )
            else:
                seen[dyad] = row_no
            for name in ACT_FIELDS:
                if name in row and name in first and not _same(name, row[name], first[name]):
                    report.add(
                        rel,
                        row_no,
                        name,
                        f"the rows of act {act_id} must share {name}: this row has {row[name]!r}, "
                        f"row {first_no} has {first[name]!r}; make them agree, or give this row "
                        f"its own act_id",
                    )
        if first.get("interaction_type") in mediation:
            parties = {row.get("actor_to") for _, _, row in members if row.get("actor_to")}
            if len(parties) < 2:
                only = ", ".join(sorted(parties)) or "none"
                report.add(
                    first_rel,
                    first_no,
                    "act_id",
                    f"mediation act {act_id} has {len(parties)} party ({only}); mediation is "
                    f"between at least "
                    "two parties, one row per party sharing the act_id: add the other party the "
                    "source "
                    "names, or recode the act (negotiates_with, expresses_intent_to_cooperate, "
                    "...) or drop it",
                )
    check_spans(report, "interactions")
    check_spans(report, "events")
