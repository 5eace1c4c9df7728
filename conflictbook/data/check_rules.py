"""Validator rules for source checks and positions, beyond what the schema can say.

`check_checks(report)` reads the typed rows the validator has parsed and adds one problem per
broken rule:

- the checks of one claim (`source_checks.claim_id`) share one verdict and one source;
- a check's kind and its reference's kind fit (the verdict rubric, verdicts.csv, and
  reference_kinds.csv): an internal check cites another passage of the same source (reference_kind
  internal), a cross_source check cites the other article (other_source), a primary_text check the
  document itself (primary_document); and the kinds internal and other_source belong to those
  checks only;
- every item of `reference_id` (items are separated by '|') that holds an address ('http') says
  when it was read: '(accessed YYYY-MM-DD ...)' or '(access date not recorded)';
- no reference is cited at an encyclopaedia mirror (cite the original address, reference_kinds.csv);
- an `unverifiable` verdict has a note saying what was searched;
- positions: one row per (actor_id, issue, period_id, source_id).
"""

from __future__ import annotations

import re

from .schema import Report, rows_of

__all__ = ["check_checks", "KIND_NEEDS", "MIRRORS", "ACCESS_NOTE"]

# check_kind -> the reference_kind it needs (read backwards: the only check_kind a kind belongs to)
KIND_NEEDS = {
    "internal": "internal",
    "cross_source": "other_source",
    "primary_text": "primary_document",
}

# addresses of copies of encyclopaedias; cite the original (reference_kinds.csv, reference_work)
MIRRORS = ("piglix", "wiki.gravy.cc", "ipfs", "ed.mdict.net", "wikimili", "iiab.me")

ACCESS_NOTE = re.compile(r"\(accessed \d{4}-\d{2}-\d{2}[,)]|\(access date not recorded\)")

_SEARCHED = re.compile(r"\bsearch", re.IGNORECASE)

POSITION_KEY = ("actor_id", "issue", "period_id", "source_id")


def check_checks(report: Report) -> None:
    """Add a problem for every source check or position that breaks one of the rules above."""
    checks = rows_of(report, "source_checks")
    _one_verdict_per_claim(report, checks)
    for rel, row_no, row in checks:
        _kinds_fit(report, rel, row_no, row)
        _references_cited(report, rel, row_no, row)
        if row.get("verdict") == "unverifiable" and not _SEARCHED.search(row.get("note") or ""):
            report.add(
                rel,
                row_no,
                "note",
                "an 'unverifiable' verdict needs a note saying what was searched "
                "(corpus, query, documents read), verdicts.csv",
            )
    _one_position_per_key(report)


def _one_verdict_per_claim(report: Report, checks) -> None:
    """Rows with a verdict or source the codebooks do not know are left to the schema's own
    message (no follow-on messages)."""
    verdicts = {r["verdict"] for _, _, r in rows_of(report, "verdicts")}
    sources = {r["source_id"] for _, _, r in rows_of(report, "sources")}
    first: dict[str, tuple[int, str, str]] = {}
    for rel, row_no, row in checks:
        claim = row.get("claim_id")
        if not claim or (verdicts and row.get("verdict") not in verdicts):
            continue
        if sources and row.get("source_id") not in sources:
            continue
        seen = first.setdefault(claim, (row_no, row.get("verdict"), row.get("source_id")))
        if seen[0] == row_no:
            continue
        if row.get("verdict") != seen[1]:
            report.add(
                rel,
                row_no,
                "verdict",
                f"checks of one claim share one verdict: claim {claim!r} is "
                f"{seen[1]!r} in row {seen[0]}, {row.get('verdict')!r} here",
            )
        if row.get("source_id") != seen[2]:
            report.add(
                rel,
                row_no,
                "source_id",
                f"checks of one claim share one source: claim {claim!r} is of "
                f"{seen[2]!r} in row {seen[0]}, {row.get('source_id')!r} here",
            )


def _kinds_fit(report: Report, rel, row_no, row) -> None:
    kind, ref_kind = row.get("check_kind"), row.get("reference_kind")
    if not kind or not ref_kind:
        return
    needed = KIND_NEEDS.get(kind)
    if needed and ref_kind != needed:
        report.add(
            rel,
            row_no,
            "reference_kind",
            f"a {kind} check needs reference_kind {needed!r}, not {ref_kind!r}",
        )
    owners = [k for k, v in KIND_NEEDS.items() if v == ref_kind and k != "primary_text"]
    if owners and kind not in owners:
        report.add(
            rel,
            row_no,
            "reference_kind",
            f"reference_kind {ref_kind!r} belongs to {owners[0]} checks, not to {kind}",
        )


def _references_cited(report: Report, rel, row_no, row) -> None:
    for item in _items(row.get("reference_id")):
        if "http" in item and not ACCESS_NOTE.search(item):
            report.add(
                rel,
                row_no,
                "reference_id",
                f"{item[:80]!r}: an address needs '(accessed YYYY-MM-DD)' or "
                "'(access date not recorded)'",
            )
        address = re.search(r"https?://\S+", item)
        archived = _items(row.get("archived")) if "archived" in row else None
        if (
            address
            and archived is not None
            and not any(a.endswith(address.group(0).rstrip(").,;")) for a in archived)
        ):
            report.add(
                rel,
                row_no,
                "archived",
                f"{address.group(0)[:80]!r} has no archived copy beside it: add "
                f"https://web.archive.org/web/2026/{address.group(0).rstrip(').,;')[:60]}...",
            )
        mirror = next((m for m in MIRRORS if m in item.lower()), None)
        if mirror:
            report.add(
                rel,
                row_no,
                "reference_id",
                f"{item[:80]!r} is an encyclopaedia mirror ({mirror}); cite the original",
            )


def _items(value) -> list[str]:
    """The items of a list cell: a tuple from the schema, or a '|'-separated string."""
    if not value:
        return []
    parts = value.split("|") if isinstance(value, str) else list(value)
    return [str(part).strip() for part in parts]


def _one_position_per_key(report: Report) -> None:
    seen: dict[tuple, int] = {}
    for rel, row_no, row in rows_of(report, "positions"):
        key = tuple(row.get(f) for f in POSITION_KEY)
        if key in seen:
            report.add(
                rel,
                row_no,
                "issue",
                "one position per (actor_id, issue, period_id, source_id): "
                f"{', '.join(map(str, key))} is also row {seen[key]}",
            )
        else:
            seen[key] = row_no
