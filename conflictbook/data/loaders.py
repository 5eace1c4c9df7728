"""Loaders: validate the data package once, then hand out ready, typed DataFrames.

`load_interactions()` and friends return tables joined with their codebooks, sorted by id, so
notebooks stay thin. Invalid data raises `DataError`, whose message lists every problem (file,
row, field)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from . import paths
from .deps import record_files
from .fingerprint import files_sha256
from .schema import Report, load_descriptor
from .validate import DataError, validate_package

__all__ = [
    "fingerprint",
    "load_package",
    "load_report",
    "load_table",
    "load_descriptor_for",
    "load_sources",
    "load_periods",
    "load_actors",
    "load_places",
    "load_events",
    "load_interactions",
    "load_figures",
    "load_resolutions",
    "load_clauses",
    "load_positions",
    "load_source_checks",
    "short_names",
    "tables_read",
]

_CACHE: dict[tuple[str, str], tuple[Report, dict[str, pd.DataFrame]]] = {}
_READ: set[str] = set()  # tables handed out in this process: what a notebook depends on


def fingerprint(data_dir: Path) -> str:
    """Hash of the data files' contents, to tell when a cached load is stale."""
    return files_sha256([*data_dir.rglob("*.csv"), data_dir / "datapackage.json"], data_dir)


def _frame(table) -> pd.DataFrame:
    columns = {}
    for spec in table.schema["fields"]:
        name, kind = spec["name"], spec.get("type", "string")
        values = [row[name] for row in table.rows]
        if kind == "date":
            columns[name] = pd.Series(
                np.array(
                    [v.isoformat() if v else "NaT" for v in values], dtype="datetime64[D]"
                ).astype("datetime64[s]")
            )
        elif kind in ("integer", "year"):
            columns[name] = pd.array(values, dtype="Int64")
        elif kind == "number":
            columns[name] = pd.Series([np.nan if v is None else v for v in values], dtype="float64")
        elif kind == "boolean":
            columns[name] = pd.array(values, dtype="boolean")
        elif kind == "list":
            columns[name] = pd.Series([v if v else () for v in values], dtype="object")
        else:
            columns[name] = pd.Series(values, dtype="object")
    frame = pd.DataFrame(columns)
    pk = table.schema.get("primaryKey")
    if (
        pk and table.kind == "fact"
    ):  # codebooks and reference tables keep their order (sources.csv order)
        frame = frame.sort_values(pk if isinstance(pk, list) else [pk], kind="stable").reset_index(
            drop=True
        )
    return frame


def _validated(data_dir: Path | str | None) -> tuple[Report, dict[str, pd.DataFrame]]:
    """Validate once per content fingerprint; the cached frames are never handed out, only
    copies."""
    data_dir = Path(data_dir) if data_dir is not None else paths.data_dir()
    key = (str(data_dir.resolve()), fingerprint(data_dir))
    if key not in _CACHE:
        report = validate_package(data_dir)
        if not report.ok:
            raise DataError(report)
        _CACHE.clear()
        _CACHE[key] = (report, {name: _frame(t) for name, t in report.tables.items()})
    return _CACHE[key]


def load_package(data_dir: Path | str | None = None) -> dict[str, pd.DataFrame]:
    """All tables as DataFrames, validated; raises DataError listing every problem."""
    report, tables = _validated(data_dir)
    _READ.update(tables)
    record_files([t.path for t in report.tables.values()] + [report.data_dir / "datapackage.json"])
    return {name: frame.copy() for name, frame in tables.items()}


def load_report(data_dir: Path | str | None = None) -> Report:
    return _validated(data_dir)[0]


def load_table(name: str, data_dir: Path | str | None = None) -> pd.DataFrame:
    """One table (a copy), validated with the whole package."""
    report, tables = _validated(data_dir)
    if name not in tables:
        raise KeyError(f"no table {name!r}; the tables are: {', '.join(sorted(tables))}")
    _READ.add(name)
    record_files([report.tables[name].path, report.data_dir / "datapackage.json"])
    return tables[name].copy()


def tables_read() -> list[str]:
    """The tables this process has loaded so far (the build records them per notebook)."""
    return sorted(_READ)


def load_descriptor_for(data_dir: Path | str | None = None) -> dict:
    return load_descriptor(Path(data_dir) if data_dir is not None else paths.data_dir())


def load_sources(data_dir=None) -> pd.DataFrame:
    return load_table("sources", data_dir)


def load_periods(data_dir=None) -> pd.DataFrame:
    return load_table("periods", data_dir).sort_values("order").reset_index(drop=True)


def load_actors(data_dir=None) -> pd.DataFrame:
    actors = load_table("actors", data_dir)
    kinds = load_table("actor_kinds", data_dir)[["kind", "label"]].rename(
        columns={"label": "kind_label"}
    )
    return actors.merge(kinds, on="kind", how="left")


def load_places(data_dir=None) -> pd.DataFrame:
    return load_table("places", data_dir)


def load_events(data_dir=None) -> pd.DataFrame:
    events = load_table("events", data_dir)
    types = load_table("event_types", data_dir)[["event_type", "label"]].rename(
        columns={"label": "event_label"}
    )
    return (
        events.merge(types, on="event_type", how="left")
        .sort_values(["date_start", "event_id"])
        .reset_index(drop=True)
    )


def load_interactions(data_dir=None) -> pd.DataFrame:
    """Interactions with the codebook's label, polarity and CAMEO root beside each row."""
    interactions = load_table("interactions", data_dir)
    codebook = load_table("interaction_types", data_dir)[
        ["interaction_type", "label", "polarity", "cameo_root", "quad_class"]
    ]
    merged = interactions.merge(codebook, on="interaction_type", how="left")
    merged["polarity"] = merged["polarity"].astype(int)
    return merged.sort_values("interaction_id").reset_index(drop=True)


def load_figures(data_dir=None) -> pd.DataFrame:
    return load_table("figures", data_dir)


def load_resolutions(data_dir=None) -> pd.DataFrame:
    return load_table("resolutions", data_dir).sort_values("date_adopted").reset_index(drop=True)


def load_clauses(data_dir=None) -> pd.DataFrame:
    """Resolution paragraphs with their resolution's number and date, and the verb's strength."""
    clauses = load_table("resolution_clauses", data_dir)
    resolutions = load_table("resolutions", data_dir)[["resolution_id", "number", "date_adopted"]]
    verbs = load_table("clause_verbs", data_dir)[["verb", "strength"]]
    merged = clauses.merge(resolutions, on="resolution_id").merge(verbs, on="verb", how="left")
    merged["part_order"] = merged["part"].map({"preamble": 0, "operative": 1})
    return (
        merged.sort_values(["date_adopted", "part_order", "paragraph"])
        .drop(columns="part_order")
        .reset_index(drop=True)
    )


def load_positions(data_dir=None) -> pd.DataFrame:
    """Positions with the stance score, the issue's favoured side (and its sign) and the period's
    era."""
    positions = load_table("positions", data_dir)
    stances = load_table("stances", data_dir)[["stance", "score"]]
    issues = load_table("position_issues", data_dir)[["issue", "favours"]]
    sides = load_table("sides", data_dir)[["side", "sign"]].rename(
        columns={"side": "favours", "sign": "side_sign"}
    )
    periods = load_table("periods", data_dir)[["period_id", "era", "order"]]
    merged = (
        positions.merge(stances, on="stance")
        .merge(issues, on="issue")
        .merge(sides, on="favours")
        .merge(periods, on="period_id")
    )
    merged["score"] = merged["score"].astype(int)
    merged["side_sign"] = merged["side_sign"].astype(int)
    return merged.sort_values("position_id").reset_index(drop=True)


def load_source_checks(data_dir=None) -> pd.DataFrame:
    return load_table("source_checks", data_dir)


def short_names(actors: pd.DataFrame) -> dict[str, str]:
    """Actor id -> name without its parenthetical gloss ('Azerbaijan (Azerbaijan SSR ...)' ->
    'Azerbaijan'), for labels."""
    return {
        a: (n.split(" (")[0] if " (" in n and not n.startswith("(") else n)
        for a, n in zip(actors["actor_id"], actors["name"])
    }
