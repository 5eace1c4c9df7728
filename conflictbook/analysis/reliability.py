"""Inter-coder reliability of the interaction coding: a seeded sample of acts, two independent
codings, Krippendorff's alpha per field, and the disagreements with their adjudication.

A unit is one act (all rows sharing an `act_id`). Fields with several values in one act (the
targets of a mediation) are compared as the sorted set of values, so a coder who names one party
fewer disagrees."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = [
    "CODED_FIELDS",
    "Reliability",
    "draw_units",
    "codings_from_interactions",
    "unit_values",
    "alpha_by_field",
    "alpha_table",
    "paired_values",
    "disagreements",
    "alphas_by_round",
    "round_table",
    "upheld_table",
]

CODED_FIELDS = ("actor_from", "actor_to", "interaction_type", "polarity", "date_start", "date_end")


def draw_units(interactions: pd.DataFrame, n: int, seed: int, prefix: str = "u") -> pd.DataFrame:
    """A simple random sample of `n` acts (fixed seed) as units a second coder can code blind.

    Acts that share their quote with another act are left out of the sampling frame: without the
    first coding, nothing would tell the second coder which of the acts in the passage is meant."""
    acts = interactions.groupby("act_id", sort=True).agg(
        source_id=("source_id", "first"), locator=("locator", "first"), quote=("quote", "first")
    )
    shared = acts["quote"].map(acts["quote"].value_counts()) > 1
    frame = acts[~shared]
    if n > len(frame):
        raise ValueError(f"asked for {n} units but only {len(frame)} acts can be sampled")
    rng = np.random.default_rng(seed)
    picked = frame.iloc[np.sort(rng.choice(len(frame), size=n, replace=False))]
    units = picked.reset_index()
    units.insert(0, "unit_id", [f"{prefix}{i:03d}" for i in range(1, n + 1)])
    units["trigger"] = units["quote"]
    return units[["unit_id", "act_id", "source_id", "locator", "quote", "trigger"]]


def codings_from_interactions(
    interactions: pd.DataFrame, units: pd.DataFrame, coder: str
) -> pd.DataFrame:
    """The book's coding of the sampled acts, one row per dyad, in the codings.csv layout."""
    rows = interactions.merge(units[["unit_id", "act_id"]], on="act_id")
    out = rows.assign(coder=coder)[["unit_id", "coder", *CODED_FIELDS]]
    out["date_start"] = pd.to_datetime(out["date_start"]).dt.strftime("%Y-%m-%d")
    out["date_end"] = pd.to_datetime(out["date_end"]).dt.strftime("%Y-%m-%d")
    return out.sort_values(["unit_id", "actor_from", "actor_to"]).reset_index(drop=True)


def unit_values(codings: pd.DataFrame) -> pd.DataFrame:
    """One value per unit, coder and field: the sorted set of the coder's values, joined by '|'."""

    def joined(values) -> str:
        return (
            "|".join(sorted({str(v) for v in values if pd.notna(v) and str(v) != ""})) or "(none)"
        )

    return (
        codings.groupby(["unit_id", "coder"], sort=True)
        .agg(**{f: (f, joined) for f in CODED_FIELDS})
        .reset_index()
    )


@dataclass(frozen=True)
class Reliability:
    """Krippendorff's alpha (nominal) of one field, with the units and the share the coders agree
    on."""

    field: str
    alpha: float
    units: int
    agreement: float


def alpha_by_field(
    codings: pd.DataFrame, coders: tuple[str, str] = ("first", "second")
) -> list[Reliability]:
    """Nominal Krippendorff's alpha per coded field over the units both coders coded."""
    import krippendorff

    values = unit_values(codings)
    both = values.groupby("unit_id")["coder"].nunique()
    values = values[values["unit_id"].isin(both[both == 2].index)]
    results = []
    if values.empty:  # no unit coded by both coders yet
        return results
    for field in CODED_FIELDS:
        table = values.pivot(index="unit_id", columns="coder", values=field)[list(coders)]
        labels = {v: i for i, v in enumerate(sorted(set(table.to_numpy().ravel())))}
        matrix = table.apply(lambda col, codes=labels: col.map(codes)).to_numpy(dtype=float).T
        same = float((table[coders[0]] == table[coders[1]]).mean()) if len(table) else float("nan")
        if len(labels) < 2:  # every unit coded alike by both: perfect agreement, alpha undefined
            alpha = 1.0
        else:
            alpha = float(
                krippendorff.alpha(reliability_data=matrix, level_of_measurement="nominal")
            )
        results.append(Reliability(field, round(alpha, 3), len(table), round(same, 3)))
    return results


def alpha_table(results: list[Reliability]) -> pd.DataFrame:
    """The alphas as a table, one row per field, in the order of CODED_FIELDS."""
    return pd.DataFrame(
        [vars(r) for r in results], columns=["field", "alpha", "units", "agreement"]
    )


def paired_values(
    codings: pd.DataFrame,
    units: pd.DataFrame,
    field: str,
    coders: tuple[str, str] = ("first", "second"),
) -> pd.DataFrame:
    """The units an alpha of `field` is computed over (those both coders coded, among `units`),
    each with its passage and the two coders' values: the rows of its provenance note."""
    values = unit_values(codings[codings["unit_id"].isin(units["unit_id"])])
    table = values.pivot(index="unit_id", columns="coder", values=field)
    table = table.dropna(subset=list(coders))[list(coders)].reset_index()
    table.columns.name = None
    passages = units[["unit_id", "source_id", "locator", "quote"]]
    paired = passages.merge(table, on="unit_id")
    return paired.assign(agree=paired[coders[0]] == paired[coders[1]])


def disagreements(
    codings: pd.DataFrame,
    adjudications: pd.DataFrame | None = None,
    coders: tuple[str, str] = ("first", "second"),
) -> pd.DataFrame:
    """Every unit and field where the coders differ, with the adjudication where one is recorded."""
    values = unit_values(codings)
    rows = []
    for unit_id, part in values.groupby("unit_id", sort=True):
        by_coder = part.set_index("coder")
        if not set(coders) <= set(by_coder.index):
            continue
        for field in CODED_FIELDS:
            a, b = by_coder.loc[coders[0], field], by_coder.loc[coders[1], field]
            if a != b:
                rows.append({"unit_id": unit_id, "field": field, coders[0]: a, coders[1]: b})
    frame = pd.DataFrame(rows, columns=["unit_id", "field", *coders])
    if adjudications is not None and len(frame):
        frame = frame.merge(adjudications, on=["unit_id", "field"], how="left")
    return frame


def alphas_by_round(codings: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """Alpha per field for each round of units (a round is a fresh sample and a fresh second
    coder)."""
    rows = []
    for number, part in units.groupby("round", sort=True):
        for result in alpha_by_field(codings[codings["unit_id"].isin(part["unit_id"])]):
            rows.append({"round": int(number), **vars(result)})
    return pd.DataFrame(rows, columns=["round", "field", "alpha", "units", "agreement"])


def round_table(rounds: pd.DataFrame) -> pd.DataFrame:
    """Fields as rows, rounds as columns: 'alpha (units)'."""
    shown = rounds.assign(
        value=[f"{a:.2f} ({u})" for a, u in zip(rounds["alpha"], rounds["units"])]
    )
    table = shown.pivot(index="field", columns="round", values="value").reindex(list(CODED_FIELDS))
    table.columns = [f"round {c}" for c in table.columns]
    return table.reset_index()


def upheld_table(differ: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """Disagreements per round and field, by which coding the adjudication upheld."""
    frame = differ.merge(units[["unit_id", "round"]], on="unit_id")
    frame["upheld"] = frame["upheld"].fillna("not yet adjudicated")
    table = frame.pivot_table(
        index=["round", "field"], columns="upheld", values="unit_id", aggfunc="count", fill_value=0
    )
    return table.reset_index()
