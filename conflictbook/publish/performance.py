"""The performance appendix: read benchmarks/results.json (written by benchmarks/run.py) into tables and a plot."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from ..data import paths


def load_results(path: Path | None = None) -> dict:
    path = Path(path) if path is not None else paths.repo_root() / "benchmarks" / "results.json"
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def targets_table(results: dict) -> pd.DataFrame:
    """Every target: what it is, the limit, the measured value and whether it is met."""
    frame = pd.DataFrame(results["targets"])
    frame["met"] = frame["met"].map({True: "yes", False: "NO", None: "not evaluated"})
    return frame[["name", "target", "value", "met", "note"]]


def scale_series(results: dict) -> pd.DataFrame:
    """Best time per task and size (long format): aggregation, aggregation with graphs and centralities,
    the naive per-row approach, and the figures tally. Extrapolated values are flagged."""
    rows = []
    for entry in results["scale"].get("pipeline", []):
        for stage, label in (
            ("aggregate", "aggregation (vectorised)"),
            ("total", "aggregation + graphs + centralities"),
        ):
            stage_data = entry["stages"].get(stage, {})
            if stage_data.get("best_s") is not None:
                rows.append(
                    {
                        "task": label,
                        "n": entry["n"],
                        "seconds": stage_data["best_s"],
                        "peak_rss_mb": stage_data.get("peak_rss_mb"),
                        "extrapolated": entry.get("extrapolated", False),
                    }
                )
    for key, label in (("naive", "naive per-row graphs"), ("figures", "figures tally")):
        for entry in results["scale"].get(key, []):
            stages = entry.get("stages", {})
            stage = next(iter(stages.values()), {}) if stages else {}
            seconds = stage.get("best_s", entry.get("seconds"))
            if seconds is not None:
                rows.append(
                    {
                        "task": label,
                        "n": entry["n"],
                        "seconds": seconds,
                        "peak_rss_mb": stage.get("peak_rss_mb"),
                        "extrapolated": entry.get("extrapolated", False),
                    }
                )
    return pd.DataFrame(rows).sort_values(["task", "n"]).reset_index(drop=True)
