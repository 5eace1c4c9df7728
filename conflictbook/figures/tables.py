"""One table formatter for every chapter: tables for people, not frame dumps.

Labels instead of ids, integers with thousands separators, ranges as ``300,000–350,000``, blanks
instead of NaN, no index column, ✓ for true, long text wrapped, as static HTML (pandas' Styler)
so nbval compares it."""

from __future__ import annotations

import hashlib
import html
import math
import re
from collections.abc import Mapping

import numpy as np
import pandas as pd

__all__ = ["Table", "format_table", "format_number", "format_range", "short_citations"]

WRAP_CSS = (
    "max-width: 34em; white-space: normal; overflow-wrap: anywhere; vertical-align: top; "
    "text-align: left; padding: 2px 8px"
)


def format_number(value, digits: int = 0) -> str:
    """12345.0 -> '12,345'; 0.25 -> '0.25' with digits=2; NaN/None -> ''."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "✓" if value else ""
    if isinstance(value, np.integer):
        value = int(value)
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer() and digits == 0):
        return f"{int(value):,}"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return str(value)


def format_range(lower, upper, open_upper: bool = False) -> str:
    """A range for readers: '300,000–350,000', '1,000,000' when both ends agree, '1,000 or more'
    when open."""
    low, high = format_number(lower), format_number(upper)
    if open_upper:
        return f"{low} or more"
    if not low:
        return f"up to {high}" if high else ""
    return low if low == high or not high else f"{low}–{high}"


def short_citations(sources: pd.DataFrame) -> dict[str, str]:
    """source_id -> a short citation ('Hasanoglu & Süleymanlı 2024'; 'Anonymous (undated)';
    'S/RES/822 (1993)')."""
    out = {}
    for row in sources.itertuples(index=False):
        citation = str(row.citation)
        year = "" if pd.isna(row.year) else str(int(row.year))
        if row.kind == "resolution" and "S/RES/" in citation:
            out[row.source_id] = citation[citation.index("S/RES/") :].split(",")[0].strip()
            continue
        dated = re.match(r"^(.*?)\s*\((\d{4})\)", citation)
        authors = dated.group(1) if dated else citation.split(". ")[0]
        names = [
            part.split(",")[0].strip()
            for part in re.split(r"\s*&\s*|;\s*", authors)
            if part.strip()
        ]
        lead = " & ".join(names[:2]) + (" et al." if len(names) > 2 else "")
        out[row.source_id] = f"{lead} {year}" if year else f"{lead} (undated)"
    return out


class Table:
    """A formatted table: shows as HTML in a notebook and the book, and as plain text where HTML
    is not shown."""

    def __init__(self, styler, text: str, caption: str | None):
        self._styler, self._text, self.caption = styler, text, caption

    def _repr_html_(self) -> str:
        return self._styler.to_html()

    def __repr__(self) -> str:
        return self._text


def format_table(
    frame: pd.DataFrame,
    labels: Mapping[str, Mapping] | None = None,
    columns: Mapping[str, str] | None = None,
    digits: Mapping[str, int] | None = None,
    wrap: tuple[str, ...] = (),
    caption: str | None = None,
    max_rows: int | None = None,
) -> Table:
    """Format a frame for readers.

    `labels` maps a column to {id: label} (ids become names; an id without a label is kept);
    `columns` renames headers; `digits` gives decimals per column (default: integers); `wrap`
    names long-text columns; `max_rows` shows the first rows and says how many are left out."""
    named_index = any(
        name is not None for name in frame.index.names
    )  # a groupby key, not row numbers
    shown = (frame.reset_index() if named_index else frame.reset_index(drop=True)).copy()
    left_out = 0
    if max_rows is not None and len(shown) > max_rows:
        left_out, shown = len(shown) - max_rows, shown.head(max_rows)
    for column, mapping in (labels or {}).items():
        shown[column] = shown[column].map(
            lambda v, m=mapping: m.get(v, v) if isinstance(v, str) else v
        )
    for column in shown.columns:
        places = (digits or {}).get(column, 0)
        numbers = [
            v
            for v in shown[column]
            if isinstance(v, (int, float, np.number)) and not isinstance(v, bool) and not pd.isna(v)
        ]
        if numbers and all(float(v).is_integer() for v in numbers):
            places = 0  # a column of whole numbers shows none as a float (25, not 25.0)
        plain = "year" in str(column).lower()  # 1994, not 1,994
        shown[column] = shown[column].map(
            lambda v, d=places, p=plain: (
                v
                if isinstance(v, str)
                else (format_number(v, d).replace(",", "") if p else format_number(v, d))
            )
        )
    shown = shown.rename(columns=dict(columns or {}))
    wrapped = [(columns or {}).get(c, c) for c in wrap]
    uid = hashlib.sha256(shown.to_csv().encode()).hexdigest()[:10]  # stable ids: outputs repeat
    styler = (
        shown.style.hide(axis="index")
        .set_uuid(uid)
        .set_table_attributes('class="cb-table"')
        .set_properties(**{"text-align": "right", "padding": "2px 8px", "vertical-align": "top"})
        .format(lambda v: html.escape(str(v)))
    )
    text_cols = [c for c in shown.columns if c in wrapped or not _numeric_text(shown[c])]
    if text_cols:
        styler = styler.set_properties(subset=text_cols, **{"text-align": "left"})
    if wrapped:
        styler = styler.set_properties(
            subset=wrapped, **dict(p.split(": ") for p in WRAP_CSS.split("; "))
        )
    styler = styler.set_table_styles(
        [{"selector": "th", "props": "text-align: left; padding: 2px 8px"}]
    )
    note = f"{left_out} more rows not shown" if left_out else None
    full_caption = "; ".join(p for p in (caption, note) if p)
    if full_caption:
        styler = styler.set_caption(html.escape(full_caption))
    text = shown.to_string(index=False, max_colwidth=40)
    if full_caption:
        text = f"{full_caption}\n{text}"
    return Table(styler, text, full_caption or None)


def _numeric_text(values: pd.Series) -> bool:
    cleaned = values.astype(str).str.replace(",", "").str.replace("–", "").str.strip()
    return bool(len(cleaned)) and cleaned.str.fullmatch(r"[-+]?\d*\.?\d*|").all()
