"""Resolution comparisons (chapter 4): topics, verbs, novelty and timing of the Council's
paragraphs.

The verb strength scale comes from the clause_verbs codebook: it is this book's ordinal coding,
not a legal reading of the texts."""

from __future__ import annotations

import math
import re
from collections import Counter

import numpy as np
import pandas as pd

__all__ = [
    "STOPWORDS",
    "explode_list",
    "clause_matrix",
    "verb_profile",
    "strength_summary",
    "tokens",
    "cosine",
    "closest_earlier",
    "novelty",
    "labelled_novelty",
    "place_lags",
    "claims_against_texts",
    "clause_rows",
    "label_items",
]

STOPWORDS = frozenset(
    """a an the and or of in on at to for from by with its it this that these those all any as be
is are was were which who whom their there than into within between such other also has have had
not no""".split()
)


def explode_list(clauses: pd.DataFrame, column: str) -> pd.DataFrame:
    """One row per (paragraph, item) of a |-list column."""
    frame = clauses[["clause_id", "resolution_id", "number", "part", "paragraph", column]].explode(
        column
    )
    return frame[frame[column].notna()].reset_index(drop=True)


def clause_matrix(clauses: pd.DataFrame, part: str | None = None) -> pd.DataFrame:
    """Topic x resolution: how many paragraphs address each topic (topics in codebook order if
    given)."""
    frame = clauses if part is None else clauses[clauses["part"] == part]
    long = explode_list(frame, "topics")
    matrix = long.pivot_table(
        index="topics", columns="number", values="clause_id", aggfunc="count", fill_value=0
    )
    matrix = matrix.reindex(columns=sorted(clauses["number"].unique()), fill_value=0)
    matrix.index.name = "topic"
    matrix.columns.name = "resolution"
    return matrix.astype(int)


def verb_profile(clauses: pd.DataFrame) -> pd.DataFrame:
    """Operative verbs per resolution: count of paragraphs per verb, with the verb's strength."""
    operative = clauses[clauses["part"] == "operative"]
    table = operative.pivot_table(
        index=["strength", "verb"],
        columns="number",
        values="clause_id",
        aggfunc="count",
        fill_value=0,
    )
    return table.sort_index(ascending=[False, True]).astype(int)


def strength_summary(clauses: pd.DataFrame) -> pd.DataFrame:
    """Per resolution: operative paragraphs, strongest verb, mean strength, share at 'demands' or
    above."""
    operative = clauses[clauses["part"] == "operative"]
    rows = []
    for (number, date), group in operative.groupby(["number", "date_adopted"], sort=True):
        strongest = group.sort_values(["strength", "paragraph"], ascending=[False, True]).iloc[0]
        rows.append(
            {
                "resolution": int(number),
                "adopted": str(date)[:10],
                "operative_paragraphs": len(group),
                "strongest_verb": strongest["lead_phrase"],
                "max_strength": int(group["strength"].max()),
                "mean_strength": round(float(group["strength"].mean()), 2),
                "demand_or_condemn": int((group["strength"] >= 4).sum()),
            }
        )
    return pd.DataFrame(rows)


def tokens(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z]+", text.lower()) if w not in STOPWORDS and len(w) > 2]


def cosine(a: Counter, b: Counter) -> float:
    common = set(a) & set(b)
    dot = sum(a[w] * b[w] for w in common)
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


def closest_earlier(clauses: pd.DataFrame) -> pd.DataFrame:
    """For each paragraph, the most similar paragraph of any earlier resolution (cosine of word
    counts)."""
    vectors = {row.clause_id: Counter(tokens(row.text)) for row in clauses.itertuples(index=False)}
    rows = []
    for row in clauses.itertuples(index=False):
        earlier = clauses[clauses["date_adopted"] < row.date_adopted]
        best_id, best = None, 0.0
        for other in earlier.itertuples(index=False):
            score = cosine(vectors[row.clause_id], vectors[other.clause_id])
            if score > best + 1e-12 or (
                abs(score - best) <= 1e-12 and best_id is not None and other.clause_id < best_id
            ):
                best_id, best = other.clause_id, score
        rows.append(
            {
                "clause_id": row.clause_id,
                "resolution": int(row.number),
                "part": row.part,
                "paragraph": int(row.paragraph),
                "lead_phrase": row.lead_phrase,
                "closest_earlier": best_id,
                "similarity": round(best, 3),
            }
        )
    return pd.DataFrame(rows)


def novelty(clauses: pd.DataFrame, threshold: float = 0.5) -> pd.DataFrame:
    """Per resolution: topics, places and addressees not in any earlier one, and paragraphs
    without a close precedent."""
    closest = closest_earlier(clauses)
    rows = []
    seen = {"topics": set(), "places": set(), "addressees": set()}
    first_date = clauses["date_adopted"].min()
    for number, group in clauses.groupby("number", sort=True):
        row = {"resolution": int(number)}
        for column in ("topics", "places", "addressees"):
            items = {item for items in group[column] for item in items}
            row[f"new_{column}"] = "|".join(sorted(items - seen[column])) or "—"
            seen[column] |= items
        mine = closest[closest["resolution"] == number]
        first = bool(
            (group["date_adopted"] == first_date).all()
        )  # no earlier resolution to compare with
        row["paragraphs"] = len(mine)
        row["without_close_precedent"] = (
            len(mine) if first else int((mine["similarity"] < threshold).sum())
        )
        row["mean_similarity"] = np.nan if first else round(float(mine["similarity"].mean()), 3)
        rows.append(row)
    return pd.DataFrame(rows)


def place_lags(
    clauses: pd.DataFrame,
    events: pd.DataFrame,
    places: pd.DataFrame,
    event_types: tuple[str, ...] = ("occupation",),
) -> pd.DataFrame:
    """For each district or town a resolution names, the date each source gives for its fall and
    the lag in days."""
    named = explode_list(clauses, "places").merge(
        clauses[["clause_id", "date_adopted"]], on="clause_id"
    )
    kinds = places.set_index("place_id")["kind"]
    named = named[
        named["places"].map(lambda p: kinds.get(p) in ("district", "town", "city", "village"))
    ]
    named = named.groupby(["number", "places"], as_index=False).agg(
        date_adopted=("date_adopted", "first"),
        paragraphs=("clause_id", lambda s: "|".join(sorted(s))),
    )
    falls = events[events["event_type"].isin(event_types)][
        ["event_id", "place_id", "date_start", "date_end", "source_id", "summary"]
    ]
    # an event in a town counts for the district that contains it (Agdam town -> Agdam district)
    parents = places.set_index("place_id")["parent_id"].dropna().to_dict()
    falls = pd.concat(
        [
            falls.assign(named_place=falls["place_id"]),
            falls.assign(named_place=falls["place_id"].map(parents)).dropna(subset=["named_place"]),
        ]
    )
    merged = named.merge(falls, left_on="places", right_on="named_place", how="left")
    merged["lag_days"] = (merged["date_adopted"] - merged["date_end"]).dt.days
    merged = merged.rename(columns={"number": "resolution", "places": "place"})
    merged = merged.rename(columns={"place_id": "event_place"})
    cols = [
        "resolution",
        "place",
        "event_place",
        "event_id",
        "source_id",
        "date_start",
        "date_end",
        "date_adopted",
        "lag_days",
        "summary",
    ]
    return (
        merged[cols]
        .sort_values(["resolution", "place", "date_start", "event_id"], na_position="last")
        .reset_index(drop=True)
    )


def claims_against_texts(checks: pd.DataFrame, clauses: pd.DataFrame) -> pd.DataFrame:
    """Source checks whose reference is a resolution paragraph, with that paragraph's text beside
    the claim.

    A reference may list several paragraphs ('unsc_822_op01 | unsc_853_op03'); the first is the
    main one and is the one shown."""
    primary = checks[checks["check_kind"] == "primary_text"].copy()
    primary["clause_id"] = primary["reference"].str.extract(
        r"(unsc_\d+_(?:pre|op)\d+)", expand=False
    )
    merged = primary.merge(
        clauses[["clause_id", "lead_phrase", "text"]], on="clause_id", how="left"
    )
    return (
        merged[
            [
                "check_id",
                "source_id",
                "claim",
                "verdict",
                "clause_id",
                "lead_phrase",
                "text",
                "note",
            ]
        ]
        .sort_values("check_id")
        .reset_index(drop=True)
    )


# ---------------------------------------------------------------- figures


def label_items(value, labels: dict, joiner: str = "; ") -> str:
    """'a|b' (or a tuple of ids) -> 'Label A; Label B'; '—' and empty stay as they are."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    items = value.split("|") if isinstance(value, str) else list(value)
    if items == ["—"]:
        return "—"
    return joiner.join(str(labels.get(i, i)) for i in items if i)


def labelled_novelty(
    new: pd.DataFrame, topic_labels: dict, place_labels: dict, actor_labels: dict
) -> pd.DataFrame:
    """A novelty table with names instead of ids in its new_* columns."""
    return new.assign(
        new_topics=new["new_topics"].map(lambda v: label_items(v, topic_labels)),
        new_places=new["new_places"].map(lambda v: label_items(v, place_labels)),
        new_addressees=new["new_addressees"].map(lambda v: label_items(v, actor_labels)),
    )


def clause_rows(clauses: pd.DataFrame) -> pd.DataFrame:
    """Paragraphs as fact rows for provenance notes: source_id (the resolution), a locator
    ('operative paragraph 3') and the paragraph's opening words as the quote."""
    return clauses.assign(
        source_id=clauses["resolution_id"],
        locator=[
            f"{part} paragraph {int(n)}" for part, n in zip(clauses["part"], clauses["paragraph"])
        ],
        quote=clauses["text"].str.slice(0, 160),
    )
