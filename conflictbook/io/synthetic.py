"""Seeded synthetic extracts, for benchmarks and tests: fake rows in the real tables' schema, at
any size.

`synthetic_interactions(n)` looks like `load_interactions()` (the `interactions` schema plus the
codebook's label, polarity, CAMEO root and quad class; the codebook is the data package's, or
the one passed as `codebook=`); `synthetic_figures(n)` looks like `load_figures()` (the `figures`
schema), with overlap groups and `counted_in` links for `displacement.plausible_total`.

Everything is drawn with one `numpy.random.default_rng(seed)` and built column by column with
numpy (no per-row Python), so the same seed gives the same frame and 10^6 rows take about a
second. Nothing here is real: actors are `actor_0000`..., sources `synthetic_s0`..., quotes are
made-up placeholder phrases."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..data import paths

__all__ = [
    "CODEBOOK_COLUMNS",
    "interaction_types",
    "synthetic_interactions",
    "synthetic_periods",
    "synthetic_figures",
]

# A generic fallback codebook, used only where no data package is found (CAMEO quad classes, one
# type each); with the book's data, the codebook is data/interaction_types.csv.
_GENERIC_TYPES = [
    ("conflicts_materially_with", "Conflicts materially with", -1, "18", "material_conflict"),
    ("conflicts_verbally_with", "Conflicts verbally with", -1, "11", "verbal_conflict"),
    ("cooperates_materially_with", "Cooperates materially with", 1, "06", "material_cooperation"),
    ("cooperates_verbally_with", "Cooperates verbally with", 1, "04", "verbal_cooperation"),
    ("makes_statement_about", "Makes a statement about", 0, "01", "verbal_cooperation"),
]
CODEBOOK_COLUMNS = ["interaction_type", "label", "polarity", "cameo_root", "quad_class"]

_QUOTES = np.array(
    [
        "the fictional ministry said talks would resume next week",
        "placeholder forces were reported to have shelled the made-up village",
        "a synthetic spokesman condemned the imaginary incursion",
        "delegations of the two invented parties met in a neutral city",
        "the sample convoy delivered flour and blankets to the camp",
        "invented militia units clashed near the fictional pass",
        "the test council called on both sides to observe the truce",
        "protesters in the made-up capital demanded the release of detainees",
    ],
    dtype=object,
)

_SUBJECTS = np.array(
    [
        "People displaced from the fictional district",
        "Refugees arriving in the invented province",
        "Internally displaced people in the sample region",
        "Families who fled the made-up valley",
    ],
    dtype=object,
)


def interaction_types(data_dir=None) -> pd.DataFrame:
    """The interaction codebook (interaction_type, label, polarity, cameo_root, quad_class).

    From the data package (`conflictbook.data.loaders.load_table("interaction_types")`, validated);
    a small generic codebook only where no data package is found. Invalid data raises DataError.
    """
    from ..data import loaders

    folder = paths.data_dir() if data_dir is None else Path(data_dir)
    if not (folder / "datapackage.json").is_file():
        rows = sorted(_GENERIC_TYPES)
        return pd.DataFrame(rows, columns=CODEBOOK_COLUMNS)
    table = loaders.load_table("interaction_types", folder)
    return _codebook(table)


def _codebook(table: pd.DataFrame) -> pd.DataFrame:
    """A codebook frame with the columns the generators and importers use, sorted by type."""
    missing = [c for c in ("interaction_type", "polarity") if c not in table.columns]
    if missing:
        raise ValueError(f"the interaction codebook has no column(s) {', '.join(missing)}")
    frame = table.copy()
    for column in CODEBOOK_COLUMNS:
        if column not in frame.columns:
            frame[column] = frame["interaction_type"] if column == "label" else ""
    frame = frame[CODEBOOK_COLUMNS].astype(
        {"interaction_type": object, "label": object, "cameo_root": object, "quad_class": object}
    )
    frame["polarity"] = frame["polarity"].astype(np.int64)
    return frame.sort_values("interaction_type", kind="stable").reset_index(drop=True)


def _ids(prefix: str, numbers: np.ndarray, width: int | None = None) -> np.ndarray:
    """prefix + zero-padded number for each element, as an object array of str, without a Python
    loop."""
    numbers = np.asarray(numbers, dtype=np.int64)
    if width is None:
        width = max(1, len(str(int(numbers.max())))) if len(numbers) else 1
    digits = (numbers[:, None] // (10 ** np.arange(width - 1, -1, -1, dtype=np.int64))) % 10
    head = np.frombuffer(prefix.encode("ascii"), dtype=np.uint8)
    raw = np.empty((len(numbers), len(head) + width), dtype=np.uint8)
    raw[:, : len(head)] = head
    raw[:, len(head) :] = digits + ord("0")
    return raw.view(f"S{raw.shape[1]}").ravel().astype(f"U{raw.shape[1]}").astype(object)


def _frame(columns: dict) -> pd.DataFrame:
    """A DataFrame keeping text columns as object dtype, as the loaders do (pandas would infer
    `str`)."""
    return pd.DataFrame(
        {
            name: pd.Series(values, dtype=object, copy=False) if values.dtype == object else values
            for name, values in columns.items()
        }
    )


def _pool(values: list[str] | np.ndarray) -> np.ndarray:
    return np.asarray(values, dtype=object)


def _zipf_choice(rng: np.random.Generator, n_items: int, size: int, exponent: float) -> np.ndarray:
    """Indices 0..n_items-1 drawn with probability proportional to 1 / (rank + 1) ** exponent."""
    weights = 1.0 / np.arange(1, n_items + 1, dtype=np.float64) ** exponent
    cumulative = np.cumsum(weights / weights.sum())
    cumulative[-1] = 1.0
    return np.searchsorted(cumulative, rng.random(size), side="right").astype(np.int64)


def _dates(rng: np.random.Generator, n: int, years: tuple[int, int]):
    """(date_start, date_end, date_precision): 70% single days, 20% ranges up to a month, 10% up
    to a year."""
    first = np.datetime64(f"{int(years[0]):04d}-01-01", "D")
    last = np.datetime64(f"{int(years[1]):04d}-12-31", "D")
    span = int((last - first).astype(np.int64)) + 1
    start = first + rng.integers(0, span, n).astype("timedelta64[D]")
    kind = rng.random(n)
    length = np.where(
        kind < 0.7, 0, np.where(kind < 0.9, rng.integers(1, 31, n), rng.integers(31, 366, n))
    )
    end = np.minimum(start + length.astype("timedelta64[D]"), last)
    precision = _pool(["day", "month", "year"])[np.where(kind < 0.7, 0, np.where(kind < 0.9, 1, 2))]
    return start.astype("datetime64[s]"), end.astype("datetime64[s]"), precision


def synthetic_interactions(
    n_rows: int,
    n_actors: int = 200,
    years: tuple[int, int] = (1988, 2024),
    seed: int = 0,
    n_sources: int = 8,
    actor_skew: float = 1.0,
    codebook: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """`n_rows` made-up interactions among `n_actors` actors, dated within `years` (inclusive),
    seeded.

    Actors are drawn from a Zipf-like distribution (a few very active actors, a long tail, as in
    event data), never acting on themselves; interaction types uniformly from the codebook,
    polarity from it. Columns: the `interactions` schema's fields, then label, polarity (int64),
    cameo_root, quad_class."""
    n = int(n_rows)
    if n < 0:
        raise ValueError(f"n_rows must be >= 0, not {n_rows}")
    if n_actors < 2:
        raise ValueError(f"n_actors must be >= 2 (an actor never acts on itself), not {n_actors}")
    rng = np.random.default_rng(seed)
    codebook = interaction_types() if codebook is None else _codebook(codebook)
    actors = _ids("actor_", np.arange(n_actors), width=max(4, len(str(n_actors - 1))))
    sources = _ids("synthetic_s", np.arange(n_sources))

    a_from = _zipf_choice(rng, n_actors, n, actor_skew)
    a_to = _zipf_choice(rng, n_actors, n, actor_skew)
    a_to = np.where(a_to == a_from, (a_to + 1 + rng.integers(0, n_actors - 1, n)) % n_actors, a_to)
    kind = rng.integers(0, len(codebook), n)
    start, end, precision = _dates(rng, n, years)
    source = rng.integers(0, n_sources, n)
    quote = rng.integers(0, len(_QUOTES), n)
    paragraph = rng.integers(1, 40, n)  # an index into the 40 locators
    basis = rng.random(n) < 0.85

    none = np.empty(n, dtype=object)  # filled with None
    return _frame(
        {
            "interaction_id": _ids("syn_", np.arange(n), width=max(7, len(str(max(n - 1, 0))))),
            "event_id": none,
            "date_start": start,
            "date_end": end,
            "date_precision": precision,
            "actor_from": actors[a_from],
            "actor_to": actors[a_to],
            "interaction_type": codebook["interaction_type"].to_numpy(dtype=object)[kind],
            "basis": _pool(["implied", "stated"])[basis.astype(np.int64)],
            "source_id": sources[source],
            "locator": _ids("Synthetic section, para ", np.arange(40), width=2)[paragraph],
            "quote": _QUOTES[quote],
            "note": none,
            "label": codebook["label"].to_numpy(dtype=object)[kind],
            "polarity": codebook["polarity"].to_numpy(dtype=np.int64)[kind],
            "cameo_root": codebook["cameo_root"].to_numpy(dtype=object)[kind],
            "quad_class": codebook["quad_class"].to_numpy(dtype=object)[kind],
        }
    )


def synthetic_periods(years: tuple[int, int] = (1988, 2024), n_periods: int = 4) -> pd.DataFrame:
    """Consecutive, non-overlapping periods covering `years` (for when the book's periods are not
    wanted)."""
    first = np.datetime64(f"{int(years[0]):04d}-01-01", "D")
    last = np.datetime64(f"{int(years[1]):04d}-12-31", "D")
    bounds = first + (
        np.linspace(0, int((last - first).astype(np.int64)) + 1, n_periods + 1)
    ).astype(np.int64).astype("timedelta64[D]")
    ids = [f"p{i + 1}" for i in range(n_periods)]
    return pd.DataFrame(
        {
            "period_id": ids,
            "label": [f"Period {i + 1}" for i in range(n_periods)],
            "start": bounds[:-1].astype("datetime64[s]"),
            "end": (bounds[1:] - 1).astype("datetime64[s]"),
            "era": ids,
            "order": pd.array(range(1, n_periods + 1), dtype="Int64"),
            "description": ["synthetic"] * n_periods,
        }
    )


def synthetic_figures(
    n_rows: int,
    n_groups: int | None = None,
    seed: int = 0,
    grouped_share: float = 0.75,
    counted_in_share: float = 0.3,
    years: tuple[int, int] = (1988, 2024),
) -> pd.DataFrame:
    """`n_rows` made-up displacement figures (unit: people), seeded, in the `figures` schema.

    A share `grouped_share` of the figures belongs to `n_groups` overlap groups (default: n_rows
    // 4), the rest stand alone (no overlap_group). Within a group every figure has the same
    stock_flow, measure and counted_in, as `displacement.group_ranges` requires; group k is a
    stock when k % 3 == 0, else a flow, and a share `counted_in_share` of groups is counted in an
    earlier group of the same kind (so the counted_in links form a forest, never a cycle).
    Qualifiers fill low/best/high as the codebook says: exact/approx fill low = high, range low <
    high, at_least low only, at_most high only."""
    n = int(n_rows)
    if n < 0:
        raise ValueError(f"n_rows must be >= 0, not {n_rows}")
    n_groups = max(1, n // 4) if n_groups is None else int(n_groups)
    if n_groups < 1:
        raise ValueError(f"n_groups must be >= 1, not {n_groups}")
    rng = np.random.default_rng(seed)
    group_names = _ids("g", np.arange(n_groups), width=max(6, len(str(n_groups - 1))))

    # groups: kind, measure, parent, size of the counted quantity
    k = np.arange(n_groups)
    group_stock = k % 3 == 0
    has_parent = (rng.random(n_groups) < counted_in_share) & (k >= 3)
    parent = (k % 3) + 3 * rng.integers(0, np.maximum(k // 3, 1))
    group_parent = np.where(has_parent, group_names[np.minimum(parent, n_groups - 1)], None)
    group_scale = np.exp(rng.normal(8.0, 1.5, n_groups))

    # figures: a group each (or none)
    grouped = rng.random(n) < grouped_share
    group = rng.integers(0, n_groups, n)
    stock = np.where(grouped, group_stock[group], rng.random(n) < 1 / 3)
    scale = np.where(grouped, group_scale[group], np.exp(rng.normal(8.0, 1.5, n)))
    measure_refugees = np.where(grouped, group % 2 == 1, rng.random(n) < 0.5)

    qualifier_codes = _pool(["exact", "approx", "range", "at_least", "at_most"])
    q = rng.choice(len(qualifier_codes), n, p=[0.15, 0.35, 0.3, 0.12, 0.08])
    value = np.round(scale * rng.uniform(0.8, 1.2, n))
    lower = np.round(scale * rng.uniform(0.5, 0.95, n))
    upper = np.round(scale * rng.uniform(1.05, 1.8, n))
    low = np.select([q <= 1, q == 2, q == 3], [value, lower, value], np.nan)
    high = np.select([q <= 1, q == 2, q == 4], [value, upper, value], np.nan)
    best = np.where((q == 2) & (rng.random(n) < 0.4), np.round((lower + upper) / 2), np.nan)
    start, end, precision = _dates(rng, n, years)
    places = _ids("place_", np.arange(50), width=2)
    claimants = _pool(["author", "agency_a", "government_a", "government_b", "ngo_c"])
    population = _pool(["REF", "IDP", "MIX", None])
    pop_code = np.where(measure_refugees, 0, rng.choice([1, 2, 3], n))

    none = np.empty(n, dtype=object)  # filled with None
    return _frame(
        {
            "figure_id": _ids("f", np.arange(n), width=max(7, len(str(max(n - 1, 0))))),
            "measure": _pool(["displaced", "refugees"])[measure_refugees.astype(np.int64)],
            "subject": _SUBJECTS[rng.integers(0, len(_SUBJECTS), n)],
            "population_group": none,
            "population_type": population[pop_code],
            "stock_flow": _pool(["flow", "stock"])[stock.astype(np.int64)],
            "low": low,
            "best": best,
            "high": high,
            "unit": np.full(n, "people", dtype=object),
            "qualifier": qualifier_codes[q],
            "vague_term": none,
            "date_start": start,
            "date_end": end,
            "date_precision": precision,
            "place_id": places[rng.integers(0, len(places), n)],
            "origin_place_id": places[rng.integers(0, len(places), n)],
            "destination_place_id": places[rng.integers(0, len(places), n)],
            "claimant": claimants[rng.integers(0, len(claimants), n)],
            "overlap_group": np.where(grouped, group_names[group], None),
            "counted_in": np.where(grouped, group_parent[group], None),
            "source_id": _ids("synthetic_s", np.arange(8), width=1)[rng.integers(0, 8, n)],
            "locator": _ids("Synthetic table, row ", np.arange(100), width=2)[
                rng.integers(1, 100, n)
            ],
            "quote": np.full(n, "a made-up figure for benchmarking", dtype=object),
            "notes": none,
        }
    )
