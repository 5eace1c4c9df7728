"""The performance appendix: benchmarks/results.json (written by benchmarks/run_all.py, `make
bench`) as tables and a plot."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from ..data import paths
from ..data.deps import record_files

__all__ = ["SCALE_TASKS", "load_results", "targets_table", "build_table", "scale_series"]

SCALE_TASKS = (
    ("naive", "naive", "naive per-row graphs"),
    ("figures", "tally", "figures tally"),
    ("duckdb", "duckdb", "DuckDB: event file -> per-period graphs"),
)


def load_results(path: Path | None = None) -> dict:
    path = Path(path) if path is not None else paths.repo_root() / "benchmarks" / "results.json"
    record_files([path])  # new results re-execute the appendix
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def targets_table(results: dict) -> pd.DataFrame:
    """Every target: what it is, the limit, the measured value and whether it is met."""
    frame = pd.DataFrame(results["targets"])
    if "extrapolated" not in frame:
        frame["extrapolated"] = False
    frame["extrapolated"] = frame["extrapolated"].fillna(False).astype(bool)
    frame["met"] = frame["met"].map({True: "yes", False: "NO", None: "not measured"})
    frame["met"] = frame["met"].fillna("not measured")
    return frame[["name", "target", "value", "extrapolated", "met", "note"]]


def build_table(results: dict) -> pd.DataFrame:
    """The build measurements (seconds) with the date of the run they come from."""
    build = results.get("build") or {}
    rows = [
        {"run": label, "seconds": run.get("seconds"), "exit_code": run.get("exit_code")}
        for label, run in (build.get("runs") or {}).items()
    ]
    frame = pd.DataFrame(rows, columns=["run", "seconds", "exit_code"])
    frame["run_date"] = build.get("run_date")
    return frame


def scale_series(results: dict) -> pd.DataFrame:
    """Best time per task and size (long format): aggregation, aggregation with graphs and
    centralities, the naive per-row approach, the figures tally and the DuckDB path. Extrapolated
    values are flagged."""
    rows = []

    def add(label: str, entry: dict, stage_data: dict) -> None:
        if stage_data.get("best_s") is not None:
            rows.append(
                {
                    "task": label,
                    "n": entry["n"],
                    "seconds": stage_data["best_s"],
                    "peak_rss_mb": stage_data.get("peak_rss_mb"),
                    "extrapolated": bool(entry.get("extrapolated", False)),
                }
            )

    scale = results.get("scale", {})
    for entry in scale.get("pipeline", []):
        for stage, label in (
            ("aggregate", "aggregation (vectorised)"),
            ("total", "aggregation + graphs + centralities"),
        ):
            add(label, entry, entry["stages"].get(stage, {}))
    for key, stage, label in SCALE_TASKS:
        for entry in scale.get(key, []):
            stages = entry.get("stages", {})
            add(label, entry, stages.get(stage, next(iter(stages.values()), {})))
    columns = ["task", "n", "seconds", "peak_rss_mb", "extrapolated"]
    return pd.DataFrame(rows, columns=columns).sort_values(["task", "n"]).reset_index(drop=True)
