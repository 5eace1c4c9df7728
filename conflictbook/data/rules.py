"""Rules of this book beyond what a Table Schema can say: figures, subjects of checks, quotes in
their sources."""

from __future__ import annotations

from .act_rules import check_acts
from .check_rules import check_checks
from .schema import Report, key_fields, rows_of
from .texts import SourceText, normalise_ws, read_source_text, source_text_dirs
from .unit_rules import check_units

__all__ = ["MAX_QUOTE_CHARS", "check_rules", "check_subjects", "check_quotes", "closest_passage"]

MAX_QUOTE_CHARS = 300


def check_rules(report: Report) -> None:
    measures = {r["measure"]: r for _, _, r in rows_of(report, "measures")}
    actors = {r["actor_id"] for _, _, r in rows_of(report, "actors")}
    for name in ("events", "interactions", "figures"):
        for rel, row_no, row in rows_of(report, name):
            start, end = row.get("date_start"), row.get("date_end")
            if start and end and start > end:
                report.add(
                    rel,
                    row_no,
                    "date_start",
                    f"{start} is after date_end {end}; swap them or correct one",
                )
    for rel, row_no, row in rows_of(report, "periods"):
        if row["start"] and row["end"] and row["start"] > row["end"]:
            report.add(rel, row_no, "start", f"{row['start']} is after end {row['end']}")
    for rel, row_no, row in rows_of(report, "figures"):
        low, best, high = row["low"], row["best"], row["high"]
        if low is None and high is None and best is None:
            report.add(rel, row_no, "low", "a figure needs at least one of low, best or high")
        measure = measures.get(row["measure"])
        if measure and measure["is_count"]:
            for col in ("low", "best", "high"):
                if row[col] is not None and row[col] < 0:
                    report.add(
                        rel,
                        row_no,
                        col,
                        f"{row[col]:g} is negative, but {row['measure']} is a count",
                    )
        pairs = [("low", "best"), ("best", "high"), ("low", "high")]
        for a, b in pairs:
            if row[a] is not None and row[b] is not None and row[a] > row[b]:
                report.add(
                    rel,
                    row_no,
                    a,
                    f"{a} {row[a]:g} is greater than {b} {row[b]:g}; "
                    "low <= best <= high (swap them if they were entered the wrong way round)",
                )
        qualifier = row["qualifier"]
        if qualifier == "at_least" and (low is None or high is not None):
            report.add(
                rel,
                row_no,
                "qualifier",
                "'at_least' ('more than X') fills low only; leave high empty",
            )
        if qualifier == "at_most" and (high is None or low is not None):
            report.add(
                rel,
                row_no,
                "qualifier",
                "'at_most' ('up to X', 'less than X') fills high only; leave low empty",
            )
        if qualifier in ("exact", "approx") and (low is None or high is None or low != high):
            report.add(
                rel,
                row_no,
                "qualifier",
                f"'{qualifier}' is a single value: put it in both low and high",
            )
        if qualifier == "range" and (low is None or high is None or not low < high):
            report.add(rel, row_no, "qualifier", "'range' needs low < high")
        claimant = row["claimant"]
        if claimant and claimant != "author" and actors and claimant not in actors:
            report.add(
                rel,
                row_no,
                "claimant",
                f"{claimant!r} is neither 'author' nor a known actor_id in actors.csv",
            )
        if row.get("vague_term"):
            terms = {r["term"] for _, _, r in rows_of(report, "vague_numbers")}
            if terms and row["vague_term"] not in terms:
                report.add(
                    rel,
                    row_no,
                    "vague_term",
                    f"{row['vague_term']!r} is not a term in vague_numbers.csv",
                )
        if row["measure"] in ("displaced", "refugees") and row["unit"] == "people":
            for col in ("stock_flow", "population_type", "overlap_group"):
                if not row[col]:
                    report.add(
                        rel,
                        row_no,
                        col,
                        f"displacement figures need {col} (tallies depend on it); "
                        "see data/README.md for the conventions",
                    )
    groups = {r["overlap_group"] for _, _, r in rows_of(report, "figures") if r["overlap_group"]}
    for rel, row_no, row in rows_of(report, "figures"):
        if row["counted_in"] and row["counted_in"] not in groups:
            report.add(
                rel,
                row_no,
                "counted_in",
                f"{row['counted_in']!r} is not the overlap_group of any figure",
            )
        if row["counted_in"] and row["counted_in"] == row["overlap_group"]:
            report.add(
                rel, row_no, "counted_in", "a figure cannot be counted in its own overlap_group"
            )
    check_subjects(report)
    check_acts(report)
    check_quotes(report)
    check_units(report)
    check_checks(report)


def check_subjects(report: Report) -> None:
    """source_checks.subject_id must exist in the table subject_table names."""
    keys = {}
    for name, table in report.tables.items():
        if table.ok and table.rows:
            pk = key_fields(table.schema.get("primaryKey", []))
            if len(pk) == 1:
                keys[name] = {r[pk[0]] for r in table.rows}
    for rel, row_no, row in rows_of(report, "source_checks"):
        table_name, subject = row["subject_table"], row["subject_id"]
        if bool(table_name) != bool(subject):
            report.add(
                rel,
                row_no,
                "subject_id",
                "subject_table and subject_id go together: fill both or neither",
            )
        elif table_name in keys and subject not in keys[table_name]:
            report.add(rel, row_no, "subject_id", f"{subject!r} is not an id in {table_name}.csv")


def check_quotes(report: Report) -> None:
    """Every quote is short enough (copyrighted sources) and found in its source's text, where
    the text is at hand.

    A text whose checksum differs from the one in sources.csv is another edition: its quotes are
    still looked for, and those not found are reported as such (not as the coder's mistake)."""
    sources = {r["source_id"]: r for _, _, r in rows_of(report, "sources")}
    texts: dict[str, SourceText | None] = {}

    def text_of(source_id):
        if source_id not in texts:
            source = sources[source_id]
            texts[source_id] = read_source_text(
                source["file"], source.get("text_sha256"), report.data_dir
            )
        return texts[source_id]

    for table in report.tables.values():
        names = [f["name"] for f in table.schema["fields"]]
        column = (
            "quote"
            if "quote" in names
            else ("text" if table.name == "resolution_clauses" else None)
        )
        if column is None or not table.ok:
            continue
        resolution_sources = {}
        if table.name == "resolution_clauses" and "resolutions" in report.tables:
            resolution_sources = {
                r["resolution_id"]: r["source_id"] for r in report.tables["resolutions"].rows
            }
        rel = f"{report.data_dir.name}/{table.path.name}"
        for row, row_no in zip(table.rows, table.row_numbers):
            quote = row.get(column)
            source_id = row.get("source_id") or resolution_sources.get(row.get("resolution_id"))
            source = sources.get(source_id)
            if not quote or not quote.strip() or source is None:
                continue  # an empty quote or an unknown source is reported by the schema checks
            if source["copyrighted"] and len(quote) > MAX_QUOTE_CHARS:
                report.add(
                    rel,
                    row_no,
                    column,
                    f"the quote has {len(quote)} characters; quotes from copyrighted sources are "
                    f"kept "
                    f"under {MAX_QUOTE_CHARS}: shorten it to the clause that carries the fact",
                )
            text = text_of(source_id)
            if text is None:
                report.unverified[source_id] = report.unverified.get(source_id, 0) + 1
                continue
            report.verified[source_id] = report.verified.get(source_id, 0) + 1
            if normalise_ws(quote) not in text.folded:
                hint = closest_passage(quote, text.spaced)
                if not text.matches:
                    report.add(
                        rel,
                        row_no,
                        column,
                        f"the quote is not found in {text.path} — but that file is a different "
                        f"edition "
                        f"of {source_id} (its checksum differs from sources.csv's text_sha256): "
                        f"obtain the "
                        "edition named in sources.csv "
                        f"({source.get('obtain') or 'see the citation'})",
                    )
                else:
                    report.add(
                        rel,
                        row_no,
                        column,
                        f"the quote is not found in the text of {source_id} ({source['file']}); "
                        f"copy it "
                        f"exactly from the source (whitespace may differ, nothing else): "
                        f"{quote[:70]!r}" + (f"; the closest passage is {hint!r}" if hint else ""),
                    )
        if table.name == "resolution_clauses":
            for row, row_no in zip(table.rows, table.row_numbers):
                if (
                    row["text"]
                    and row["lead_phrase"]
                    and not normalise_ws(row["text"]).startswith(normalise_ws(row["lead_phrase"]))
                ):
                    report.add(
                        rel,
                        row_no,
                        "lead_phrase",
                        "the lead phrase must be the opening words of text",
                    )
    for source_id, source in sorted(sources.items()):
        text = texts.get(source_id) if source_id in texts else text_of(source_id)
        if text is None and not source["copyrighted"]:
            report.add(
                f"{report.data_dir.name}/sources.csv",
                None,
                "file",
                f"the text of {source_id} ({source['file']}) is not in the repository, but the "
                f"source is not "
                f"copyrighted, so its text belongs in "
                f"{report.data_dir.name}/sources/{source['file']}: add the "
                "file there (or correct the file name in sources.csv)",
            )
        elif text is not None and not text.matches:
            report.notes.append(
                f"note: {text.path} is not the edition recorded for {source_id} (text_sha256 "
                f"differs)"
            )
    for source_id, count in sorted(report.unverified.items()):
        folders = ", ".join(str(p) for p in source_text_dirs(report.data_dir))
        report.notes.append(
            f"note: the text of {source_id} ({sources[source_id]['file']}) was not found in "
            f"{folders}; "
            f"its {count} quote(s) were not checked against it (everything else was)"
        )


def closest_passage(quote: str, spaced_text: str, width: int = 60) -> str | None:
    """The stretch of the source most like the quote's opening, to show a student where a
    paraphrase went wrong."""
    import difflib

    needle = " ".join(quote.split())[:width]
    if len(needle) < 12:
        return None
    matcher = difflib.SequenceMatcher(None, spaced_text, needle, autojunk=False)
    block = matcher.find_longest_match(0, len(spaced_text), 0, len(needle))
    if block.size < 8:
        return None
    start = max(0, block.a - block.b)
    return spaced_text[start : start + len(needle)]
