"""Importers: other datasets' rows mapped into the book's `interactions` schema.

`import_acled(path_or_frame)` reads an ACLED export (one row per event: event_id_cnty,
event_date, event_type, sub_event_type, actor1, actor2, inter1, inter2, fatalities, notes, ...)
and returns `(interactions, report)`:

- one interaction per event, actor1 acting upon actor2. Actor ids are the actor names slugified to
  lowercase snake_case ("Military Forces of Armenia (1991-)" -> "military_forces_of_armenia_1991"),
  unless `actor_map` (ACLED name -> actor id) says otherwise. An event without actor2 is kept, with
  actor_to = "unidentified", and counted in the report;
- interaction_type from the event type, refined by the sub-event type where ACLED says more (see
  EVENT_TYPE_MAP and SUB_EVENT_TYPE_MAP below); polarity is the codebook's
  (data/interaction_types.csv): -1 conflictual, 0 neutral, +1 cooperative;
- date_start == date_end == event_date (ACLED dates events to the day; "12 May 1994" or
  "1994-05-12"), as datetime64[s]; date_precision "day";
- locator "ACLED event <event_id_cnty>", quote the event's notes (cut at a word boundary to the
  validator's quote length), note the ACLED event and sub-event type, fatalities and actor type
  codes.

The mapping, ACLED event type -> interaction type:

    Battles                      -> attacks
    Violence against civilians   -> commits_mass_violence_against
    Explosions/Remote violence   -> attacks        (also "Remote violence", ACLED before 2019)
    Protests                     -> protests
    Riots                        -> attacks
    Riots/Protests               -> protests       (ACLED before 2019)
    Strategic developments       -> makes_statement_about

and these sub-event types override their event type's mapping:

    Agreement                            -> negotiates_with
    Arrests                              -> coerces
    Abduction/forced disappearance       -> coerces
    Government regains territory         -> occupies
    Non-state actor overtakes territory  -> occupies
    Non-violent transfer of territory    -> occupies
    Looting/property destruction         -> attacks

Names are matched case-insensitively, ignoring surrounding and repeated spaces. An event type in
neither table is an error (named with its row), not a silent guess. Rows are counted as a
spreadsheet counts them (the header is row 1), for a DataFrame as if it were written to CSV.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..data.rules import MAX_QUOTE_CHARS
from .errors import EventFileError
from .synthetic import _codebook, interaction_types

__all__ = [
    "UNIDENTIFIED",
    "ID_PATTERN",
    "EVENT_TYPE_MAP",
    "SUB_EVENT_TYPE_MAP",
    "REQUIRED_COLUMNS",
    "DATE_FORMATS",
    "OUTPUT_COLUMNS",
    "ImportReport",
    "slugify",
    "import_acled",
]

UNIDENTIFIED = "unidentified"
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_]*$")

EVENT_TYPE_MAP = {
    "battles": "attacks",
    "violence against civilians": "commits_mass_violence_against",
    "explosions/remote violence": "attacks",
    "remote violence": "attacks",
    "protests": "protests",
    "riots": "attacks",
    "riots/protests": "protests",
    "strategic developments": "makes_statement_about",
    # event types of ACLED exports before 2019
    "battle-no change of territory": "attacks",
    "battle-government regains territory": "occupies",
    "battle-non-state actor overtakes territory": "occupies",
    "non-violent transfer of territory": "occupies",
    "headquarters or base established": "makes_statement_about",
}

SUB_EVENT_TYPE_MAP = {
    "agreement": "negotiates_with",
    "arrests": "coerces",
    "abduction/forced disappearance": "coerces",
    "government regains territory": "occupies",
    "non-state actor overtakes territory": "occupies",
    "non-violent transfer of territory": "occupies",
    "looting/property destruction": "attacks",
}

REQUIRED_COLUMNS = (
    "event_id_cnty",
    "event_date",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "notes",
)

DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d %b %Y", "%d-%B-%Y", "%d-%b-%Y")

OUTPUT_COLUMNS = [
    "interaction_id",
    "event_id",
    "date_start",
    "date_end",
    "date_precision",
    "actor_from",
    "actor_to",
    "interaction_type",
    "basis",
    "source_id",
    "locator",
    "quote",
    "note",
    "polarity",
]


@dataclass
class ImportReport:
    """What an import did: rows read, events without a second actor, types assigned, quotes cut."""

    source: str
    rows: int = 0
    missing_actor2: int = 0
    missing_actor2_events: list[str] = field(default_factory=list)
    by_interaction_type: dict[str, int] = field(default_factory=dict)
    quotes_truncated: int = 0
    empty_notes: int = 0

    def __str__(self) -> str:
        types = ", ".join(f"{k} {v}" for k, v in sorted(self.by_interaction_type.items()))
        return (
            f"{self.source}: {self.rows} events imported; {self.missing_actor2} without actor2 "
            f"(actor_to = '{UNIDENTIFIED}'); {self.quotes_truncated} quotes cut to "
            f"{MAX_QUOTE_CHARS} characters; "
            f"{self.empty_notes} without notes; by type: {types or 'none'}"
        )


def slugify(name: str) -> str:
    """Lowercase snake_case id from a name: accents dropped, every run of other characters
    becomes '_'."""
    ascii_name = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_")


def _norm(value: str) -> str:
    return " ".join(str(value).split()).lower()


def _read(path_or_frame) -> tuple[pd.DataFrame, str]:
    if isinstance(path_or_frame, pd.DataFrame):
        frame = path_or_frame.reset_index(drop=True)
        frame = frame.astype(object).where(frame.notna(), "")
        return frame.map(lambda v: v if isinstance(v, str) else str(v)), "the ACLED frame"
    path = Path(path_or_frame)
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    return frame, str(path)


def _truncate(text: str, limit: int) -> str:
    """The longest prefix of `text` up to `limit` characters that ends at a word boundary (still
    verbatim)."""
    if len(text) <= limit:
        return text
    cut = text[: limit + 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > 0 else text[:limit]).rstrip()


def _rows_named(name: str, rows: np.ndarray, ids: pd.Series, problem: str, limit: int = 10) -> str:
    shown = [f"row {int(r) + 2} (event {ids.iloc[int(r)] or '?'})" for r in rows[:limit]]
    more = f" and {len(rows) - limit} more" if len(rows) > limit else ""
    return f"{name}: {problem}: " + ", ".join(shown) + more


def _file_lines(path: Path, rows: list[int]) -> dict[int, int]:
    """Line of the file on which each data row (0-based) starts: a quoted field may span lines."""
    import csv

    wanted, lines = set(rows), {}
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        start = 1
        for index, _ in enumerate(reader, start=-1):  # the header is index -1
            if index in wanted:
                lines[index] = start
                if len(lines) == len(wanted):
                    break
            start = reader.line_num + 1
    return lines


def _parse_dates(values: pd.Series, ids: pd.Series, name: str, path: Path | None) -> np.ndarray:
    text = values.map(lambda v: " ".join(str(v).split()))
    parsed = pd.Series(pd.NaT, index=text.index, dtype="datetime64[s]")
    for fmt in DATE_FORMATS:
        todo = parsed.isna() & (text != "")
        if not todo.any():
            break
        attempt = pd.to_datetime(text[todo], format=fmt, errors="coerce")
        parsed[todo] = attempt.astype("datetime64[s]")
    bad = np.flatnonzero(parsed.isna().to_numpy())
    if len(bad):
        first = int(bad[0])
        where = ""
        if path is not None:
            line = _file_lines(path, [first]).get(first, first + 2)
            where = f" ({name}, line {line}, column event_date)"
        raise EventFileError(
            _rows_named(
                name,
                bad,
                ids,
                "event_date is not a date (expected e.g. '12 May 1994' or '1994-05-12')",
            )
            + f"; row {first + 2}{where} has {values.iloc[first]!r}"
        )
    return parsed.to_numpy(dtype="datetime64[s]")


def import_acled(
    path_or_frame,
    actor_map: Mapping[str, str] | None = None,
    source_id: str = "acled",
    max_quote_chars: int = MAX_QUOTE_CHARS,
    codebook: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, ImportReport]:
    """ACLED events (a CSV path or a DataFrame in ACLED's layout) as rows of the interactions
    schema.

    Returns (interactions, report): interactions in input order with the schema's columns plus
    polarity; report an ImportReport (events without actor2 are kept with actor_to 'unidentified'
    and counted there). `codebook` is the interaction-type codebook (interaction_type, polarity);
    by default the data package's (data/interaction_types.csv). Raises ValueError naming the rows
    for a missing column, a missing actor1, an unknown event type or a duplicated event id, and
    EventFileError (a ValueError) for an unparseable date, naming the file, line and column.

    The importer reads the whole export into pandas: right for ACLED's country exports (10^4 to
    10^5 events). For event tables beyond memory (all of ACLED, GDELT), write them in the
    interactions columns (actor_from, actor_to, date_start, date_end, polarity or
    interaction_type) and aggregate them with `conflictbook.io.events_duckdb`, which streams.
    """
    frame, name = _read(path_or_frame)
    if not ID_PATTERN.fullmatch(source_id):
        raise ValueError(
            f"source_id {source_id!r} must be lowercase snake_case (letters, digits, '_')"
        )
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(
            f"{name}: missing column(s) {', '.join(missing)}; an ACLED export has "
            f"{', '.join(REQUIRED_COLUMNS)} (and more)"
        )
    report = ImportReport(source=name, rows=len(frame))
    ids = frame["event_id_cnty"].str.strip()

    empty_id = np.flatnonzero((ids == "").to_numpy())
    if len(empty_id):
        raise ValueError(_rows_named(name, empty_id, ids, "event_id_cnty is empty"))
    interaction_ids = ids.map(lambda v: slugify(f"{source_id}_{v}"))
    dup = np.flatnonzero(interaction_ids.duplicated(keep=False).to_numpy())
    if len(dup):
        raise ValueError(
            _rows_named(name, dup, ids, "event ids repeat (or differ only in case or punctuation)")
        )

    path = None if isinstance(path_or_frame, pd.DataFrame) else Path(path_or_frame)
    dates = _parse_dates(frame["event_date"], ids, name, path)

    codebook = interaction_types() if codebook is None else _codebook(codebook)
    polarity_of = dict(zip(codebook["interaction_type"], codebook["polarity"].astype(int)))
    unknown_targets = sorted(
        (set(EVENT_TYPE_MAP.values()) | set(SUB_EVENT_TYPE_MAP.values())) - set(polarity_of)
    )
    if unknown_targets:
        raise ValueError(
            f"the ACLED mapping uses interaction types missing from the codebook: {unknown_targets}"
        )
    by_sub = frame["sub_event_type"].map(lambda v: SUB_EVENT_TYPE_MAP.get(_norm(v)))
    by_event = frame["event_type"].map(lambda v: EVENT_TYPE_MAP.get(_norm(v)))
    kinds = by_sub.where(by_sub.notna(), by_event)
    unknown = np.flatnonzero(kinds.isna().to_numpy())
    if len(unknown):
        names = sorted({frame["event_type"].iloc[int(r)] for r in unknown})
        raise ValueError(
            _rows_named(
                name,
                unknown,
                ids,
                f"event type(s) {names} not in the ACLED mapping "
                f"(known: {', '.join(sorted(EVENT_TYPE_MAP))})",
            )
        )

    actor_map = dict(actor_map or {})
    bad_map = sorted(v for v in actor_map.values() if not ID_PATTERN.fullmatch(str(v)))
    if bad_map:
        raise ValueError(f"actor_map maps to ids that are not lowercase snake_case: {bad_map}")

    def actor_ids(column: str) -> pd.Series:
        names = frame[column].map(lambda v: " ".join(str(v).split()))
        table = {n: actor_map.get(n, slugify(n)) for n in names.unique()}
        return names.map(table)

    actor_from = actor_ids("actor1")
    no_from = np.flatnonzero((actor_from == "").to_numpy())
    if len(no_from):
        raise ValueError(
            _rows_named(name, no_from, ids, "actor1 is empty (every ACLED event has a first actor)")
        )
    actor_to = actor_ids("actor2")
    no_to = (actor_to == "").to_numpy()
    actor_to = actor_to.where(~no_to, UNIDENTIFIED)
    report.missing_actor2 = int(no_to.sum())
    report.missing_actor2_events = list(ids[no_to])

    notes = frame["notes"].map(lambda v: " ".join(str(v).split()))
    quotes = notes.map(lambda v: _truncate(v, max_quote_chars))
    report.quotes_truncated = int((quotes.str.len() < notes.str.len()).sum())
    report.empty_notes = int((notes == "").sum())

    def optional(column: str) -> pd.Series:
        return (
            frame[column].str.strip()
            if column in frame.columns
            else pd.Series("", index=frame.index)
        )

    extra = (
        "ACLED "
        + frame["event_type"].str.strip()
        + " / "
        + frame["sub_event_type"].str.strip()
        + "; fatalities "
        + optional("fatalities").replace("", "not given")
        + "; inter1 "
        + optional("inter1").replace("", "-")
        + ", inter2 "
        + optional("inter2").replace("", "-")
    )

    out = pd.DataFrame(
        {
            "interaction_id": interaction_ids.to_numpy(dtype=object),
            "event_id": np.full(len(frame), None, dtype=object),
            "date_start": dates,
            "date_end": dates.copy(),
            "date_precision": np.full(len(frame), "day", dtype=object),
            "actor_from": actor_from.to_numpy(dtype=object),
            "actor_to": actor_to.to_numpy(dtype=object),
            "interaction_type": kinds.to_numpy(dtype=object),
            "basis": np.full(len(frame), "stated", dtype=object),
            "source_id": np.full(len(frame), source_id, dtype=object),
            "locator": ("ACLED event " + ids).to_numpy(dtype=object),
            "quote": quotes.to_numpy(dtype=object),
            "note": extra.to_numpy(dtype=object),
            "polarity": kinds.map(polarity_of).to_numpy(dtype=np.int64),
        }
    )
    out = out.astype(
        {c: object for c in OUTPUT_COLUMNS if c not in ("date_start", "date_end", "polarity")}
    )
    report.by_interaction_type = dict(sorted(Counter(out["interaction_type"]).items()))
    return out[OUTPUT_COLUMNS], report
