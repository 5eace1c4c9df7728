"""What the extracts hold: rows per table, per source and per section, aliases per entity (chapter 1)."""

from __future__ import annotations

import pandas as pd

from ..data.loaders import load_descriptor_for, load_package

FACT_TABLES = ("events", "interactions", "figures", "positions", "source_checks")


def section_of(locator: str) -> str:
    """The section part of a locator: the text before its first comma ('Section 2, para ...' -> 'Section 2')."""
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
        tables[name][["source_id"]].assign(table=name) for name in FACT_TABLES if name in tables
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
    """Fact rows of one source by section of the text (from the locators), in order of first appearance."""
    tables = load_package(data_dir)
    frames = []
    for name in FACT_TABLES:
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
    """Actors and places that no fact row uses (kept for aliases and the gazetteer, but not analysed)."""
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


def uncovered_numbers(source_id: str, data_dir=None) -> pd.DataFrame:
    """Numbers in a source's text that no quote of any fact row covers (a completeness check).

    Footnote markers glued to words ('Azerbaijan.3') are skipped. Returns the number and its context, so
    a reader can see what the extracts leave out; an empty table means every number is quoted somewhere.
    """
    import re

    from ..data import paths

    tables = load_package(data_dir)
    source = tables["sources"].set_index("source_id").loc[source_id]
    path = paths.find_source_text(source["file"], data_dir)
    if path is None:
        return pd.DataFrame(columns=["number", "context"])
    text = re.sub(r"\s+", " ", path.read_text(encoding="utf-8"))
    covered = [False] * len(text)
    for name in FACT_TABLES:
        frame = tables[name]
        for quote in frame.loc[frame["source_id"] == source_id, "quote"]:
            pattern = r"\s*".join(re.escape(part) for part in re.sub(r"\s+", "", quote))
            for match in re.finditer(pattern, text):
                for i in range(match.start(), match.end()):
                    covered[i] = True
    rows = []
    for match in re.finditer(r"\d[\d,.]*\d|\d", text):
        before = text[match.start() - 1] if match.start() else " "
        after = text[match.end() : match.end() + 2]
        if before.isalpha() or before in '.,”")’':
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
            rows.append(
                {
                    "number": match.group(),
                    "context": text[max(0, match.start() - 60) : match.end() + 40].strip(),
                }
            )
    return pd.DataFrame(rows, columns=["number", "context"])
