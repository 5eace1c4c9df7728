"""Every number in the prose traceable in two clicks: a glued number links to a note listing the
rows it is computed from, with their sources, locators and quotes, so that a reader who doubts a
number reaches the passages behind it without reading the code.

In a chapter: ``trace = Provenance("displacement", sources)``; ``trace.glue("flow_total",
"1,040,000", rows, "figure_id")`` glues the number as a link (write ``{glue:md}`flow_total:myst```
in the prose) and its plain text as ``flow_total_text`` (for pages that cite it beside a
``{ref}`rows <prov-displacement-flow-total>``` link); a last cell ``trace.notes()`` renders the
notes, each under its MyST target ``prov-<chapter>-<name>``, which the links point to. A note with
rows is folded (a dropdown titled by its sentence); following a link to it opens it.

- Rows need not be fact rows (reliability units, sets of figures, derived text-coverage rows):
  ``columns`` names the row columns a note shows (default: the source, locator and quote, those
  the rows have) and ``how`` says in one sentence how the number is computed from them.
- A number chosen in the code rather than computed from the data (a cap on labels, the size of a
  "top") is glued with ``trace.setting``: its note names the constant and says it is no finding.
- The rule: every glued number is traced. Only text that is not a number may be glued plain
  with myst_nb's ``glue``: figure captions (names ending ``_caption``) and the sentences saying
  what a total covers (names ending ``_covers``); ``is_exempt`` states it, and
  tests/test_provenance.py holds every chapter to it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .tables import short_citations

__all__ = ["EXEMPT_SUFFIXES", "NOTE_CLASS", "is_exempt", "Provenance"]

EXEMPT_SUFFIXES = ("_caption", "_covers")  # glued text that is not a number, left plain
DEFAULT_COLUMNS = ("source_id", "locator", "quote")  # what a fact row shows, in this order
HEADERS = {"source_id": "source", "locator": "where"}  # the others: the name, spaced
NOTE_CLASS = "cb-provenance"  # the folded note of a number computed from rows


def is_exempt(name: str) -> bool:
    """Whether a glue may stay plain text: a figure caption or what a total covers, not a number
    (the one exemption from tracing, so that no number slips through as a 'caption')."""
    return name.endswith(EXEMPT_SUFFIXES)


def _cell(text) -> str:
    """A Markdown table cell: pipes and line breaks would break the table; markup is shown as
    text."""
    if isinstance(text, (bool, np.bool_)):
        text = "yes" if text else "no"
    elif isinstance(text, float) and text.is_integer():
        text = int(text)  # a rank or count read through a column with blanks
    text = "" if text is None or (isinstance(text, float) and pd.isna(text)) else str(text)
    text = re.sub(r"\s+", " ", text).replace("|", "\\|")
    return text.replace("<", "&lt;").replace(">", "&gt;").replace("*", "\\*").replace("_", "\\_")


def _prose(text: str) -> str:
    """A note's sentence: escaped as a cell is, except inside `code` spans, which stay verbatim."""
    parts = re.split(r"(`[^`]+`)", text)
    return "".join(p if p.startswith("`") and p.endswith("`") else _cell(p) for p in parts)


def _natural(value) -> tuple:
    """Sort key putting 'F2' before 'F10': digits compare as numbers."""
    return tuple(
        (0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"(\d+)", str(value)) if p
    )


@dataclass(frozen=True)
class _Note:
    text: str
    what: str
    rows: pd.DataFrame | None  # None: a setting, computed from no data
    id_column: str = ""
    columns: tuple[str, ...] = ()
    how: str = ""
    constant: str = ""


class Provenance:
    """The glued numbers of one chapter and the rows behind each."""

    max_rows = 12  # rows shown with their quotes; the others are listed by id

    def __init__(self, chapter: str, sources: pd.DataFrame):
        self.chapter = re.sub(r"[^a-z0-9]+", "-", chapter.lower()).strip("-")
        self.citations = short_citations(sources)
        self._notes: dict[str, _Note] = {}

    def target(self, name: str) -> str:
        """The MyST target of a note: ``prov-<chapter>-<name>``, lower case, hyphens."""
        return f"prov-{self.chapter}-{re.sub(r'[^a-z0-9]+', '-', name.lower()).strip('-')}"

    def glue(
        self,
        name: str,
        text: str,
        rows: pd.DataFrame,
        id_column: str,
        what: str = "",
        *,
        columns: tuple[str, ...] | list[str] | None = None,
        how: str = "",
    ) -> None:
        """Glue `text` under `name` as a link to its note; `rows` are the rows it is computed
        from, `columns` those of their columns the note shows, `how` how it is computed."""
        shown = (
            tuple(c for c in DEFAULT_COLUMNS if c in rows) if columns is None else tuple(columns)
        )
        missing = [c for c in (id_column, *shown) if c not in rows]
        if missing:
            raise KeyError(f"{name}: the rows have no column {', '.join(missing)}")
        self._notes[name] = _Note(text, what, rows, id_column, shown, how)
        self._glue(name, text)

    def setting(self, name: str, text: str, what: str = "", *, constant: str = "") -> None:
        """Glue a number chosen in the chapter's code (the constant `constant`, by default the
        name in capitals) as a link to a note saying so: a setting, not a finding."""
        constant = constant or name.upper()
        if not constant.isidentifier():
            raise ValueError(f"{name}: {constant!r} is not the name of a constant")
        self._notes[name] = _Note(text, what, None, constant=constant)
        self._glue(name, text)

    def _glue(self, name: str, text: str) -> None:
        from IPython.display import Markdown
        from myst_nb import glue

        glue(name, Markdown(f"{{ref}}`{text} <{self.target(name)}>`"), display=False)
        glue(f"{name}_text", text, display=False)  # plain text, for pages that cite it

    def notes(self):
        """The provenance notes as MyST Markdown (rendered in the book; its targets receive the
        links)."""
        from IPython.display import Markdown

        parts = []
        for name, note in self._notes.items():
            heading = self._heading(note)
            if note.rows is None or not len(note.rows):
                parts += [f"({self.target(name)})=", heading, ""]
                continue
            # folded: a chapter's notes ran to 45,000 px; the link to a note opens it
            # (book/_static/conflictbook.js) and the PDF prints it open (publish/pdf.py)
            parts += [f"({self.target(name)})=", f":::{{dropdown}} {heading.rstrip(':')}"]
            parts += [f":class-container: {NOTE_CLASS}", "", *self._table(note), ":::", ""]
        return Markdown("\n".join(parts))

    def _heading(self, note: _Note) -> str:
        label = f"**{_cell(note.text)}**" + (f": {_prose(note.what)}" if note.what else "")
        if note.rows is None:
            return (
                f"{label}. A setting chosen in this chapter's code (`{note.constant}`), "
                "not computed from the data."
            )
        n = len(note.rows)
        count = f"computed from {n} row(s)" if n else "computed from no row"
        if not note.how:
            return f"{label}, {count}" + (":" if n else ".")
        how = _prose(note.how.strip())
        return f"{label}, {count}. {how}" + ("" if how.endswith((".", "?", "!")) else ".")

    def _table(self, note: _Note) -> list[str]:
        """The first `max_rows` rows as a table, ordered by id; the others listed by id."""
        header = ["row"] + [HEADERS.get(c, c.replace("_", " ")) for c in note.columns]
        lines = [
            "| " + " | ".join(header) + " |",
            "| " + " | ".join("---" for _ in header) + " |",
        ]
        records = note.rows.to_dict("records")
        records.sort(key=lambda r: _natural(r[note.id_column]))
        for record in records[: self.max_rows]:
            cells = [record[note.id_column]] + [
                self.citations.get(record[c], record[c]) if c == "source_id" else record[c]
                for c in note.columns
            ]
            lines.append("| " + " | ".join(_cell(v) for v in cells) + " |")
        if len(records) > self.max_rows:  # a total over a whole table: its first rows, and ids
            rest = ", ".join(str(r[note.id_column]) for r in records[self.max_rows :])
            lines.append(f"\nand {len(records) - self.max_rows} more: {_cell(rest)}")
        return lines

    def __len__(self) -> int:
        return len(self._notes)

    def __contains__(self, name: str) -> bool:
        return name in self._notes
