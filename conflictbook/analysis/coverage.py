"""What the extracts hold: rows per table, per source and per section, aliases per entity
(chapter 1)."""

from __future__ import annotations

import re

import pandas as pd

from ..data.derived import load_derived, load_manifest
from ..data.loaders import load_descriptor_for, load_package

__all__ = [
    "fact_tables",
    "section_of",
    "rows_per_table",
    "rows_per_source",
    "rows_per_section",
    "alias_counts",
    "unreferenced",
    "unreferenced_table",
    "uncovered_numbers",
    "uncovered_sentences",
    "coverage_from_stored",
    "traced_rows",
    "DERIVED_HOW",
]

# how each derived table was computed, for the provenance notes of the numbers counted from it
DERIVED_HOW = {
    "uncovered_numbers": (
        "Each number in a source's text that no quote of a fact row covers (footnote markers, "
        "list numbers, numbered headings and citation years skipped), found in the source texts "
        "by `make derived` and stored in `data/derived/uncovered_numbers.csv`."
    ),
    "uncovered_sentences": (
        "Each sentence of six words or more that no quote of a fact row overlaps, found in the "
        "source texts by `make derived` and stored, by its number and opening words, in "
        "`data/derived/uncovered_sentences.csv`."
    ),
}


def fact_tables(data_dir=None) -> list[str]:
    """The tables datapackage.json marks as facts (conflictbook:kind "fact"), each with a
    source_id."""
    return [
        r["name"]
        for r in load_descriptor_for(data_dir)["resources"]
        if r.get("conflictbook:kind", "fact") == "fact"
        and any(f["name"] == "source_id" for f in r["schema"]["fields"])
    ]


def section_of(locator: str) -> str:
    """The section part of a locator: the text before its first comma ('Section 2, para ...' ->
    'Section 2')."""
    return (
        str(locator).split(",")[0].strip()
        if isinstance(locator, str) and locator.strip()
        else "(no locator)"
    )


def rows_per_table(data_dir=None) -> pd.DataFrame:
    """Every table with its kind (fact, reference, codebook) and row count, in datapackage order."""
    tables = load_package(data_dir)
    descriptor = load_descriptor_for(data_dir)
    return pd.DataFrame(
        [
            {
                "table": r["name"],
                "kind": r.get("conflictbook:kind", "fact"),
                "rows": len(tables[r["name"]]),
            }
            for r in descriptor["resources"]
        ]
    )


def rows_per_source(data_dir=None) -> pd.DataFrame:
    """Fact rows by table and source (a source x table count matrix, zeros included)."""
    tables = load_package(data_dir)
    frames = [
        tables[name][["source_id"]].assign(table=name)
        for name in fact_tables(data_dir)
        if name in tables
    ]
    clauses = tables["resolution_clauses"].merge(
        tables["resolutions"][["resolution_id", "source_id"]], on="resolution_id"
    )
    frames.append(clauses[["source_id"]].assign(table="resolution_clauses"))
    long = pd.concat(frames, ignore_index=True)
    matrix = long.pivot_table(index="source_id", columns="table", aggfunc="size", fill_value=0)
    matrix = matrix.reindex(index=list(tables["sources"]["source_id"]), fill_value=0)
    matrix["total"] = matrix.sum(axis=1)
    return matrix.astype(int)


def rows_per_section(source_id: str, data_dir=None) -> pd.DataFrame:
    """Fact rows of one source by section of the text (from the locators), in order of first
    appearance."""
    tables = load_package(data_dir)
    frames = []
    for name in fact_tables(data_dir):
        if name in tables:
            part = tables[name]
            part = part[part["source_id"] == source_id]
            frames.append(pd.DataFrame({"section": part["locator"].map(section_of), "table": name}))
    long = pd.concat(frames, ignore_index=True)
    matrix = long.pivot_table(index="section", columns="table", aggfunc="size", fill_value=0)
    matrix["total"] = matrix.sum(axis=1)
    return matrix.sort_index().astype(int)


def alias_counts(kind: str = "actors", data_dir=None) -> pd.DataFrame:
    """How many spellings each actor (or place) has across sources, and how many are garbled."""
    tables = load_package(data_dir)
    key = "actor_id" if kind == "actors" else "place_id"
    entities = tables[kind][[key, "name"]]
    aliases = tables["actor_aliases" if kind == "actors" else "place_aliases"]
    counts = (
        aliases.groupby(key)
        .agg(
            spellings=("alias", "nunique"),
            garbled=("garbled", "sum"),
            sources=("source_id", "nunique"),
        )
        .reset_index()
    )
    merged = entities.merge(counts, on=key, how="left").fillna(
        {"spellings": 0, "garbled": 0, "sources": 0}
    )
    merged[["spellings", "garbled", "sources"]] = merged[
        ["spellings", "garbled", "sources"]
    ].astype(int)
    return merged.sort_values(["spellings", key], ascending=[False, True]).reset_index(drop=True)


def unreferenced(data_dir=None) -> dict[str, list[str]]:
    """Actors and places that no fact row uses (kept for aliases and the gazetteer, but not
    analysed)."""
    t = load_package(data_dir)
    used_actors = (
        set(t["interactions"]["actor_from"])
        | set(t["interactions"]["actor_to"])
        | set(t["positions"]["actor_id"])
    )
    used_actors |= {a for items in t["resolution_clauses"]["addressees"] for a in items}
    used_actors |= set(t["figures"]["claimant"]) | set(t["figures"]["population_group"].dropna())
    used_places = set(t["events"]["place_id"].dropna()) | {
        p for items in t["resolution_clauses"]["places"] for p in items
    }
    for col in ("place_id", "origin_place_id", "destination_place_id"):
        used_places |= set(t["figures"][col].dropna())
    return {
        "actors": sorted(set(t["actors"]["actor_id"]) - used_actors),
        "places": sorted(set(t["places"]["place_id"]) - used_places),
    }


def _covered_mask(text: str, quotes) -> list[bool]:
    """Which characters of a (whitespace-folded to single spaces) text some quote covers."""
    covered = [False] * len(text)
    for quote in quotes:
        pattern = r"\s*".join(re.escape(part) for part in re.sub(r"\s+", "", quote))
        if not pattern:
            continue
        for match in re.finditer(pattern, text):
            covered[match.start() : match.end()] = [True] * (match.end() - match.start())
    return covered


def _quotes_of(tables: dict[str, pd.DataFrame], source_id: str) -> list[str]:
    quotes = []
    for frame in tables.values():
        if {"source_id", "quote"} <= set(frame.columns):
            quotes += [
                q for q in frame.loc[frame["source_id"] == source_id, "quote"] if isinstance(q, str)
            ]
    if (
        "resolution_clauses" in tables and "resolutions" in tables
    ):  # a resolution's paragraphs are its quotes
        ids = tables["resolutions"].loc[
            tables["resolutions"]["source_id"] == source_id, "resolution_id"
        ]
        clauses = tables["resolution_clauses"]
        quotes += list(clauses.loc[clauses["resolution_id"].isin(ids), "text"])
    return quotes


def unreferenced_table(left_out: dict[str, list[str]]) -> pd.DataFrame:
    """The ids named in no fact row, one row per kind (actors, places)."""
    return pd.DataFrame(
        [{"kind": kind, "count": len(ids), "ids": ", ".join(ids)} for kind, ids in left_out.items()]
    )


def uncovered_numbers(source_id: str, text: str, tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Numbers in a source's text that no quote of any fact row covers (a completeness check).

    Footnote markers glued to words ('Azerbaijan.3'), list markers, numbered headings and
    citation years are skipped. Returns each number with a short context, so a reader sees what
    the extracts leave out."""
    text = re.sub(r"\s+", " ", text)
    covered = _covered_mask(text, _quotes_of(tables, source_id))
    rows = []
    for match in re.finditer(r"\d[\d,.]*\d|\d", text):
        before = text[match.start() - 1] if match.start() else " "
        after = text[match.end() : match.end() + 2]
        if before.isalpha() or before in '.,\u201d")\u2019':
            continue  # a footnote marker glued to the preceding word
        if before == "-" and match.start() > 1 and text[match.start() - 2].isdigit():
            continue  # the end of a footnote range ('24-28')
        if after[:1] in ("-", ")") and len(match.group()) <= 2 and after[:2] != "-1":
            continue  # a list marker ('1-', '2)')
        if after.startswith(". ") and len(match.group()) <= 2 and before in " \n":
            continue  # a numbered heading ('3. OSCE')
        if (
            re.fullmatch(r"(19|20)\d\d", match.group())
            and text[max(0, match.start() - 2) : match.start()] == ", "
            and after[:1] == ")"
        ):
            continue  # a citation year ('(Volker, 2005)')
        if not any(covered[match.start() : match.end()]):
            context = text[max(0, match.start() - 60) : match.end() + 40].strip()
            rows.append({"source_id": source_id, "number": match.group(), "context": context})
    return pd.DataFrame(rows, columns=["source_id", "number", "context"])


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\u201c\"(])")


def uncovered_sentences(
    source_id: str, text: str, tables: dict[str, pd.DataFrame], min_words: int = 6
) -> pd.DataFrame:
    """Sentences of a source that no quote touches: what the extracts have not coded yet.

    Only each sentence's opening words are kept (the texts are copyrighted), with its position
    and length, so a student can find it in the source. Fragments under `min_words` words
    (headings, references' pieces) are left out."""
    text = re.sub(r"\s+", " ", text)
    covered = _covered_mask(text, _quotes_of(tables, source_id))
    rows, start = [], 0
    for number, sentence in enumerate(_SENTENCE_END.split(text), start=1):
        begin = text.find(sentence, start)
        end = begin + len(sentence)
        start = end
        words = sentence.split()
        if len(words) < min_words or any(covered[begin:end]):
            continue
        rows.append(
            {
                "source_id": source_id,
                "sentence": number,
                "opening": " ".join(words[:8]) + " ...",
                "words": len(words),
            }
        )
    return pd.DataFrame(rows, columns=["source_id", "sentence", "opening", "words"])


def coverage_from_stored(
    name: str, sources: pd.DataFrame, data_dir=None
) -> tuple[pd.DataFrame, list[str]]:
    """A stored derived table (see data/derived/) and the sources it could not cover (no text
    when made)."""
    stored = load_derived(name, data_dir)
    manifest = load_manifest(data_dir).get(name, {}).get("sources", {})
    unchecked = sorted(set(sources["source_id"]) - set(manifest))
    return stored, unchecked


def traced_rows(name: str, stored: pd.DataFrame) -> pd.DataFrame:
    """A stored derived table with a `row_id` and a `locator`, so a provenance note can list it:
    an uncovered number is '<source>:n<k>', the k-th of its source in text order, located by its
    context; a sentence is '<source>:s<number>', located by its number in the text."""
    if name == "uncovered_numbers":
        k = stored.groupby("source_id").cumcount() + 1
        return stored.assign(
            row_id=stored["source_id"] + ":n" + k.astype(str), locator=stored["context"]
        )
    if name == "uncovered_sentences":
        number = stored["sentence"].astype(int).astype(str)
        return stored.assign(
            row_id=stored["source_id"] + ":s" + number, locator="sentence " + number
        )
    raise ValueError(f"no row ids for the derived table {name!r}")
