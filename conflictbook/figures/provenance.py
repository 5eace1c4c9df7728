"""Every number in the prose traceable in two clicks: a glued number links to a note listing the
rows it
is computed from, with their sources, locators and quotes.

In a chapter: ``trace = Provenance("displacement", sources)``; ``trace.glue("flow_total",
"1,040,000",
rows, "figure_id")`` glues the number as a link (use ``{glue:md}`flow_total``` in the prose); a last
cell
``trace.notes()`` renders the notes, each with its MyST target, which the links point to.
"""

from __future__ import annotations

import re

import pandas as pd

from .tables import short_citations

__all__ = ["Provenance"]


def _cell(text) -> str:
    """A Markdown table cell: pipes and line breaks would break the table; markup is shown as
    text."""
    text = "" if text is None or (isinstance(text, float) and pd.isna(text)) else str(text)
    text = re.sub(r"\s+", " ", text).replace("|", "\\|")
    return text.replace("<", "&lt;").replace(">", "&gt;").replace("*", "\\*").replace("_", "\\_")


class Provenance:
    """The glued numbers of one chapter and the rows behind each."""

    max_rows = 12  # rows shown with their quotes; the others are listed by id

    def __init__(self, chapter: str, sources: pd.DataFrame):
        self.chapter = re.sub(r"[^a-z0-9]+", "-", chapter.lower()).strip("-")
        self.citations = short_citations(sources)
        self._notes: dict[str, tuple[str, str, pd.DataFrame, str]] = {}

    def target(self, name: str) -> str:
        return f"prov-{self.chapter}-{re.sub(r'[^a-z0-9]+', '-', name.lower()).strip('-')}"

    def glue(
        self, name: str, text: str, rows: pd.DataFrame, id_column: str, what: str = ""
    ) -> None:
        """Glue `text` under `name` as a link to its note; `rows` are the fact rows it is computed
        from."""
        from IPython.display import Markdown
        from myst_nb import glue

        self._notes[name] = (text, what, rows, id_column)
        glue(name, Markdown(f"{{ref}}`{text} <{self.target(name)}>`"), display=False)
        glue(f"{name}_text", text, display=False)  # plain text, for pages that cite it

    def notes(self):
        """The provenance notes as MyST Markdown (rendered in the book; its targets receive the
        links)."""
        from IPython.display import Markdown

        parts = []
        for name, (text, what, rows, id_column) in self._notes.items():
            label = f"**{_cell(text)}**" + (f": {_cell(what)}" if what else "")
            parts.append(f"({self.target(name)})=\n{label}, computed from {len(rows)} row(s):\n")
            parts.append("| row | source | where | quote |\n| --- | --- | --- | --- |")
            ordered = rows.sort_values(id_column)
            for row in ordered.head(self.max_rows).itertuples(index=False):
                record = row._asdict()
                source = self.citations.get(record.get("source_id"), record.get("source_id"))
                parts.append(
                    f"| {_cell(record[id_column])} | {_cell(source)} | "
                    f"{_cell(record.get('locator'))} "
                    f"| {_cell(record.get('quote'))} |"
                )
            if (
                len(ordered) > self.max_rows
            ):  # a total over a whole table: its first rows, and the ids
                rest = ", ".join(str(v) for v in ordered[id_column].iloc[self.max_rows :])
                parts.append(f"\nand {len(ordered) - self.max_rows} more: {_cell(rest)}")
            parts.append("")
        return Markdown("\n".join(parts))

    def __len__(self) -> int:
        return len(self._notes)
