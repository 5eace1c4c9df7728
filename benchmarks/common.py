"""Shared by the benchmarks: paths, memory probes, machine info, targets, results.json.

Peak memory is read from Linux's /proc/self/status (VmHWM, the peak resident set size) after
resetting it through /proc/self/clear_refs, so each stage's peak is measured on its own; where /proc
is missing, getrusage's ru_maxrss (not resettable: the whole process's peak).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results.json"
SEED = 20240613
N_ACTORS = 200

# name -> (limit, "<=" or ">="); the names are the ones the issue asks results.json to carry
TARGETS = {
    "clean make book / floor book": (0.8, "<="),
    "rebuild after one-cell table edit / clean build": (0.4, "<="),
    "make test / floor book": (2.5, "<="),
    "figures tally at 10^6 figures (s)": (1.0, "<="),
    "DuckDB: 10^7 event rows to per-period graphs (s)": (10.0, "<="),
    "DuckDB: 10^7 event rows peak memory (GB)": (2.0, "<="),
    "DuckDB: 10^8 event rows (s)": (100.0, "<="),  # assumed: linear from the 10^7 target
}


# ---------------------------------------------------------------- memory


def _status(field: str) -> float | None:
    try:
        text = Path("/proc/self/status").read_text()
    except OSError:
        return None
    match = re.search(rf"^{field}:\s+(\d+) kB", text, re.M)
    return int(match.group(1)) / 1024 if match else None


def rss_mb() -> float | None:
    return _status("VmRSS")


def reset_peak() -> bool:
    """Reset the peak-RSS counter (VmHWM) to the current RSS; False where that is not possible."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def peak_mb() -> float:
    value = _status("VmHWM")
    if value is not None:
        return value
    import resource  # ru_maxrss: kB on Linux, bytes on macOS; the whole process's peak

    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale


# ---------------------------------------------------------------- inputs


def book_periods():
    """The book's periods (data/periods.csv), read directly (no validation of the package)."""
    import pandas as pd

    periods = pd.read_csv(ROOT / "data" / "periods.csv", dtype=str, keep_default_na=False)
    for column in ("start", "end"):
        periods[column] = pd.to_datetime(periods[column], format="%Y-%m-%d").astype("datetime64[s]")
    periods["order"] = periods["order"].astype(int)
    return periods


# ---------------------------------------------------------------- machine, targets, results


def machine() -> dict:
    import networkx
    import numpy
    import pandas

    info = {
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "system": platform.system(),
        "machine": platform.machine(),
        "numpy": numpy.__version__,
        "pandas": pandas.__version__,
        "networkx": networkx.__version__,
    }
    try:  # other work on the machine slows the measurements: the load when they ran
        info["load_average_1_5_15_min"] = [round(x, 2) for x in os.getloadavg()]
    except OSError:
        info["load_average_1_5_15_min"] = None
    for name in ("duckdb", "jupyter_book"):
        try:
            info[name] = __import__(name).__version__
        except ImportError:
            info[name] = None
    return info


def today() -> str:
    return dt.datetime.now(dt.UTC).date().isoformat()


def target(name: str, value, note: str = "", **extra) -> dict:
    """One entry of results.json's `targets`: met is None when the value was not measured."""
    limit, better = TARGETS[name]
    if value is None:
        met = None
    else:
        met = bool(value <= limit) if better == "<=" else bool(value >= limit)
    entry = {
        "name": name,
        "target": f"{better} {limit:g}",
        "value": None if value is None else round(float(value), 3),
        "met": met,
        "note": note,
    }
    entry.update(extra)
    return entry


def rounded(value):
    """Floats rounded to 4 places, recursively, for results.json."""
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, dict):
        return {k: rounded(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [rounded(v) for v in value]
    return value


def read_results(path: Path = RESULTS) -> dict:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def write_results(results: dict, path: Path = RESULTS) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(rounded(results), indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)
    return path


def fmt(value, spec: str = ".3f") -> str:
    return "-" if value is None else format(value, spec)
