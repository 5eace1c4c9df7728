"""Resolution comparisons (chapter 4): topics, verbs, novelty and timing of the Council's paragraphs.

The verb strength scale comes from the clause_verbs codebook: it is this book's ordinal coding, not a
legal reading of the texts.
"""
from __future__ import annotations

import math
import re
from collections import Counter

import numpy as np
import pandas as pd

STOPWORDS = frozenset("""a an the and or of in on at to for from by with its it this that these those all any as be
is are was were which who whom their there than into within between such other also has have had not no""".split())


def explode_list(clauses: pd.DataFrame, column: str) -> pd.DataFrame:
    """One row per (paragraph, item) of a |-list column."""
    frame = clauses[["clause_id", "resolution_id", "number", "part", "paragraph", column]].explode(column)
    return frame[frame[column].notna()].reset_index(drop=True)


def clause_matrix(clauses: pd.DataFrame, part: str | None = None) -> pd.DataFrame:
    """Topic x resolution: how many paragraphs address each topic (topics in codebook order if given)."""
    frame = clauses if part is None else clauses[clauses["part"] == part]
    long = explode_list(frame, "topics")
    matrix = long.pivot_table(index="topics", columns="number", values="clause_id", aggfunc="count", fill_value=0)
    matrix = matrix.reindex(columns=sorted(clauses["number"].unique()), fill_value=0)
    matrix.index.name = "topic"
    matrix.columns.name = "resolution"
    return matrix.astype(int)


def verb_profile(clauses: pd.DataFrame) -> pd.DataFrame:
    """Operative verbs per resolution: count of paragraphs per verb, with the verb's strength."""
    operative = clauses[clauses["part"] == "operative"]
    table = operative.pivot_table(index=["strength", "verb"], columns="number", values="clause_id",
                                  aggfunc="count", fill_value=0)
    return table.sort_index(ascending=[False, True]).astype(int)


def strength_summary(clauses: pd.DataFrame) -> pd.DataFrame:
    """Per resolution: operative paragraphs, strongest verb, mean strength, share at 'demands' or above."""
    operative = clauses[clauses["part"] == "operative"]
    rows = []
    for (number, date), group in operative.groupby(["number", "date_adopted"], sort=True):
        strongest = group.sort_values(["strength", "paragraph"], ascending=[False, True]).iloc[0]
        rows.append({"resolution": int(number), "adopted": str(date)[:10], "operative_paragraphs": len(group),
                     "strongest_verb": strongest["lead_phrase"], "max_strength": int(group["strength"].max()),
                     "mean_strength": round(float(group["strength"].mean()), 2),
                     "demand_or_condemn": int((group["strength"] >= 4).sum())})
    return pd.DataFrame(rows)


def tokens(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z]+", text.lower()) if w not in STOPWORDS and len(w) > 2]


def cosine(a: Counter, b: Counter) -> float:
    common = set(a) & set(b)
    dot = sum(a[w] * b[w] for w in common)
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


def closest_earlier(clauses: pd.DataFrame) -> pd.DataFrame:
    """For each paragraph, the most similar paragraph of any earlier resolution (cosine of word counts)."""
    vectors = {row.clause_id: Counter(tokens(row.text)) for row in clauses.itertuples(index=False)}
    rows = []
    for row in clauses.itertuples(index=False):
        earlier = clauses[clauses["date_adopted"] < row.date_adopted]
        best_id, best = None, 0.0
        for other in earlier.itertuples(index=False):
            score = cosine(vectors[row.clause_id], vectors[other.clause_id])
            if score > best + 1e-12 or (abs(score - best) <= 1e-12 and best_id is not None and other.clause_id < best_id):
                best_id, best = other.clause_id, score
        rows.append({"clause_id": row.clause_id, "resolution": int(row.number), "part": row.part,
                     "paragraph": int(row.paragraph), "lead_phrase": row.lead_phrase,
                     "closest_earlier": best_id, "similarity": round(best, 3)})
    return pd.DataFrame(rows)


def novelty(clauses: pd.DataFrame, threshold: float = 0.5) -> pd.DataFrame:
    """Per resolution: topics, places and addressees not in any earlier one, and paragraphs without a close precedent."""
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
        first = bool((group["date_adopted"] == first_date).all())  # no earlier resolution to compare with
        row["paragraphs"] = len(mine)
        row["without_close_precedent"] = len(mine) if first else int((mine["similarity"] < threshold).sum())
        row["mean_similarity"] = np.nan if first else round(float(mine["similarity"].mean()), 3)
        rows.append(row)
    return pd.DataFrame(rows)


def place_lags(clauses: pd.DataFrame, events: pd.DataFrame, places: pd.DataFrame,
               event_types: tuple[str, ...] = ("occupation",)) -> pd.DataFrame:
    """For each district or town a resolution names, the date each source gives for its fall and the lag in days."""
    named = explode_list(clauses, "places").merge(clauses[["clause_id", "date_adopted"]], on="clause_id")
    kinds = places.set_index("place_id")["kind"]
    named = named[named["places"].map(lambda p: kinds.get(p) in ("district", "town", "city", "village"))]
    named = named.groupby(["number", "places"], as_index=False).agg(date_adopted=("date_adopted", "first"),
                                                                    paragraphs=("clause_id", lambda s: "|".join(sorted(s))))
    falls = events[events["event_type"].isin(event_types)][["event_id", "place_id", "date_start", "date_end", "source_id", "summary"]]
    # an event in a town counts for the district that contains it (Agdam town -> Agdam district)
    parents = places.set_index("place_id")["parent_id"].dropna().to_dict()
    falls = pd.concat([falls.assign(named_place=falls["place_id"]),
                       falls.assign(named_place=falls["place_id"].map(parents)).dropna(subset=["named_place"])])
    merged = named.merge(falls, left_on="places", right_on="named_place", how="left")
    merged["lag_days"] = (merged["date_adopted"] - merged["date_end"]).dt.days
    merged = merged.rename(columns={"number": "resolution", "places": "place"})
    merged = merged.rename(columns={"place_id": "event_place"})
    cols = ["resolution", "place", "event_place", "event_id", "source_id", "date_start", "date_end", "date_adopted", "lag_days", "summary"]
    return merged[cols].sort_values(["resolution", "place", "date_start", "event_id"], na_position="last").reset_index(drop=True)


def claims_against_texts(checks: pd.DataFrame, clauses: pd.DataFrame) -> pd.DataFrame:
    """Source checks whose reference is a resolution paragraph, with that paragraph's text beside the claim.

    A reference may list several paragraphs ('unsc_822_op01 | unsc_853_op03'); the first is the main one
    and is the one shown."""
    primary = checks[checks["check_kind"] == "primary_text"].copy()
    primary["clause_id"] = primary["reference"].str.extract(r"(unsc_\d+_(?:pre|op)\d+)", expand=False)
    merged = primary.merge(clauses[["clause_id", "lead_phrase", "text"]], on="clause_id", how="left")
    return merged[["check_id", "source_id", "claim", "verdict", "clause_id", "lead_phrase", "text", "note"]].sort_values("check_id").reset_index(drop=True)


def position_matrix(positions: pd.DataFrame, era: str) -> pd.DataFrame:
    """Actor x issue mean stance score in one era (from every source), NaN where no source says."""
    part = positions[positions["era"] == era]
    return part.pivot_table(index="actor_id", columns="issue", values="score", aggfunc="mean").sort_index()


def positions_by_source(positions: pd.DataFrame, actor_id: str) -> pd.DataFrame:
    """The same actor as each source describes it, period by period."""
    part = positions[positions["actor_id"] == actor_id]
    return part[["order", "period_id", "source_id", "issue", "stance", "score", "quote"]].sort_values(
        ["order", "source_id", "issue"]).drop(columns="order").reset_index(drop=True)


def lean(positions: pd.DataFrame) -> pd.DataFrame:
    """Net lean per actor and era: stance scores signed by the side each issue favours (+ Azerbaijan, - Armenia)."""
    side = positions["favours"].map({"azerbaijan": 1, "armenia": -1, "neither": 0})
    frame = positions.assign(lean=positions["score"] * side)
    frame = frame[side != 0]
    return frame.pivot_table(index="actor_id", columns="era", values="lean", aggfunc="mean").round(2).sort_index()


# ---------------------------------------------------------------- figures

def draw_heatmap(matrix: pd.DataFrame, row_labels: dict | None = None, col_labels: dict | None = None,
                 cmap: str = "cividis", value_format: str = "{:g}", center: float | None = None, colorbar_label: str = ""):
    """A labelled heatmap with the value written in each cell (NaN cells left blank)."""
    import matplotlib.pyplot as plt

    values = matrix.to_numpy(dtype=float)
    fig, ax = plt.subplots(figsize=(1.2 + 0.9 * matrix.shape[1], 0.9 + 0.38 * matrix.shape[0]))
    kwargs = {}
    if center is not None:
        span = np.nanmax(np.abs(values - center)) if np.isfinite(values).any() else 1
        kwargs = {"vmin": center - span, "vmax": center + span}
    image = ax.imshow(np.ma.masked_invalid(values), cmap=cmap, aspect="auto", **kwargs)
    ax.set_xticks(range(matrix.shape[1]), [str((col_labels or {}).get(c, c)) for c in matrix.columns], rotation=30, ha="right", fontsize=8)
    ax.set_yticks(range(matrix.shape[0]), [str((row_labels or {}).get(r, r)) for r in matrix.index], fontsize=8)
    lo, hi = np.nanmin(values) if np.isfinite(values).any() else 0, np.nanmax(values) if np.isfinite(values).any() else 1
    for i in range(matrix.shape[0]):
        for j in range(matrix.shape[1]):
            v = values[i, j]
            if np.isfinite(v):
                dark = (v - lo) / (hi - lo + 1e-12) < 0.5
                ax.text(j, i, value_format.format(v), ha="center", va="center", fontsize=7.5, color="white" if dark else "black")
    fig.colorbar(image, ax=ax, fraction=0.04, pad=0.02, label=colorbar_label)
    fig.tight_layout()
    return fig


def draw_strength(clauses: pd.DataFrame, verb_labels: dict | None = None):
    """Each operative paragraph as a dot at its verb strength, by resolution date (jittered by paragraph)."""
    import matplotlib.pyplot as plt

    from .style import OKABE_ITO

    operative = clauses[clauses["part"] == "operative"].sort_values(["date_adopted", "paragraph"])
    numbers = sorted(operative["number"].unique())
    fig, ax = plt.subplots(figsize=(8, 4.5))
    for i, number in enumerate(numbers):
        part = operative[operative["number"] == number]
        offsets = np.linspace(-0.25, 0.25, len(part)) if len(part) > 1 else np.zeros(1)
        ax.scatter(i + offsets, part["strength"], color=OKABE_ITO["blue"], s=30, zorder=3)
        ax.plot([i - 0.3, i + 0.3], [part["strength"].mean()] * 2, color=OKABE_ITO["vermillion"], lw=2)
    scale = sorted(set(zip(clauses["strength"], clauses["verb"])))
    ax.set_yticks(sorted({s for s, _ in scale}),
                  [" / ".join(sorted({(verb_labels or {}).get(v, v) for s2, v in scale if s2 == s}))[:40] for s in sorted({s for s, _ in scale})],
                  fontsize=7.5)
    ax.set_xticks(range(len(numbers)), [f"{n} ({str(operative.loc[operative['number'] == n, 'date_adopted'].iloc[0])[:10]})" for n in numbers])
    ax.set_ylabel("verb strength (this book's scale)")
    fig.tight_layout()
    return fig


def draw_occupations(events: pd.DataFrame, resolutions: pd.DataFrame, place_names: dict, start: str, end: str):
    """Timeline of occupation events (each source's date range as a bar) with the resolutions as vertical lines."""
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    from .style import OKABE_ITO, colour_for

    frame = events[(events["date_end"] >= pd.Timestamp(start)) & (events["date_start"] <= pd.Timestamp(end))]
    frame = frame.sort_values(["date_end", "event_id"]).reset_index(drop=True)
    sources = sorted(frame["source_id"].unique())
    fig, ax = plt.subplots(figsize=(10, 0.36 * len(frame) + 1.8))
    y = np.arange(len(frame))[::-1]
    for yi, row in zip(y, frame.itertuples(index=False)):
        width = max((row.date_end - row.date_start).days, 4)
        ax.barh(yi, width, left=row.date_start, height=0.6, color=colour_for(row.source_id, sources), alpha=0.85)
    ax.set_yticks(y, [f"{place_names.get(p, p)[:30]} ({s})" for p, s in zip(frame["place_id"].fillna("?"), frame["source_id"])], fontsize=7.5)
    for row in resolutions.itertuples(index=False):
        ax.axvline(row.date_adopted, color=OKABE_ITO["black"], lw=1, ls="--")
        ax.text(row.date_adopted, len(frame) - 0.3, f" {row.number}", fontsize=8)
    ax.set_xlim(pd.Timestamp(start), pd.Timestamp(end))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
    ax.set_xlabel("date range each source gives (dashed lines: resolutions adopted)")
    fig.tight_layout()
    return fig
