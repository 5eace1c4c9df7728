"""Scale: the chapters' computations on synthetic data far larger than the book's.

    python benchmarks/scale.py                 # all series; prints; merges into results.json
    python benchmarks/scale.py --quick         # 10^4, 10^5 rows, 10^6 DuckDB rows; writes nothing

Series (each size in a fresh process, benchmarks/worker.py):
- pipeline: period_of + aggregate_edges, signed_graph per period, centralities (10^4..10^6 rows);
- naive: the per-row loop building the same per-period graphs (10^4..10^6);
- figures: the displacement tally, plausible_totals by stock_flow (groups linked on the codes)
  (10^4..10^6);
- duckdb: conflictbook.io.events_duckdb.period_graphs on Parquet parts of 10^6 synthetic events
  each (10^6, 10^7, 3 x 10^7, 10^8), under DuckDB's 2 GB memory limit.
A size whose one run is predicted (linearly from the previous size) to take longer than the budget
is not run: its time is extrapolated linearly from the largest size measured, and marked so.
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

WORKER = Path(__file__).resolve().parent / "worker.py"
SIZES = (10**4, 10**5, 10**6)
QUICK_SIZES = (10**4, 10**5)
DUCKDB_SIZES = (10**6, 10**7, 3 * 10**7, 10**8)
QUICK_DUCKDB_SIZES = (10**6,)
STAGE = {"pipeline": "total", "naive": "naive", "figures": "tally", "duckdb": "duckdb"}


def write_event_parts(folder: Path, n_parts: int) -> float:
    """Parquet parts of 10^6 synthetic interactions each (seeds SEED, SEED+1, ...); seconds."""
    import duckdb

    sys.path.insert(0, str(common.ROOT))
    from conflictbook.io.synthetic import synthetic_interactions

    columns = ["actor_from", "actor_to", "date_start", "date_end", "polarity"]
    folder.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    con = duckdb.connect()
    for i in range(n_parts):
        path = folder / f"part_{i:04d}.parquet"
        if path.exists():
            continue
        part = synthetic_interactions(10**6, n_actors=common.N_ACTORS, seed=common.SEED + i)
        con.register("part", part[columns])
        con.execute(f"COPY part TO '{path}' (FORMAT parquet)")
        con.unregister("part")
    con.close()
    return time.perf_counter() - started


def run_worker(task: str, n: int, budget: float, events: Path | None) -> dict | None:
    cmd = [sys.executable, str(WORKER), task, str(n), "--repeats", "3", "--budget", str(budget)]
    if events is not None:
        cmd += ["--events", str(events)]
    try:
        proc = subprocess.run(
            cmd, capture_output=True, text=True, timeout=max(300.0, 5 * budget), cwd=common.ROOT
        )
    except subprocess.TimeoutExpired:
        return None
    if proc.returncode:
        raise RuntimeError(
            f"{' '.join(cmd)} failed (exit {proc.returncode}):\n{proc.stderr[-3000:]}"
        )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def extrapolated(task: str, n: int, basis: dict, reason: str) -> dict:
    scale = n / basis["n"]
    return {
        "task": task,
        "n": n,
        "repeats": 0,
        "extrapolated": True,
        "stages": {
            name: {"best_s": stage["best_s"] * scale, "times": [], "peak_rss_mb": None}
            for name, stage in basis["stages"].items()
        },
        "note": f"not run ({reason}); time extrapolated linearly from the measured "
        f"n={basis['n']:,} (t * {scale:g}); memory not measured",
    }


def series(task: str, sizes, budget: float, events: Path | None = None) -> list[dict]:
    rows: list[dict] = []
    stage = STAGE[task]
    for n in sizes:
        measured = [r for r in rows if not r.get("extrapolated")]
        if measured:
            predicted = measured[-1]["stages"][stage]["best_s"] * n / measured[-1]["n"]
            if predicted > budget:
                rows.append(
                    extrapolated(task, n, measured[-1], f"one run predicted {predicted:,.0f} s")
                )
                print(f"  {task:9s} n={n:>11,}: EXTRAPOLATED (predicted {predicted:,.0f} s)")
                continue
        result = run_worker(task, n, budget, events)
        if result is None:
            if not measured:
                raise RuntimeError(f"{task} n={n} timed out with nothing to extrapolate from")
            rows.append(extrapolated(task, n, measured[-1], "timed out"))
            print(f"  {task:9s} n={n:>11,}: timed out; EXTRAPOLATED")
            continue
        result["extrapolated"] = False
        rows.append(result)
        best = result["stages"][stage]
        print(
            f"  {task:9s} n={n:>11,}: {best['best_s']:8.3f} s (best of {result['repeats']}), "
            f"peak RSS {best['peak_rss_mb']:7.0f} MB",
            flush=True,
        )
    return rows


def slope(rows: list[dict], stage: str, a: int, b: int) -> float | None:
    """log-log slope of time between sizes a and b (None when either is missing or extrapolated)."""
    by_n = {r["n"]: r for r in rows if not r.get("extrapolated")}
    if a not in by_n or b not in by_n:
        return None
    ta, tb = by_n[a]["stages"][stage]["best_s"], by_n[b]["stages"][stage]["best_s"]
    return math.log(tb / ta) / math.log(b / a)


def growth(scale: dict) -> dict:
    out = {}
    for task, rows in scale.items():
        if not isinstance(rows, list):
            continue
        sizes = sorted(r["n"] for r in rows)
        out[task] = {f"{a}->{b}": slope(rows, STAGE[task], a, b) for a, b in zip(sizes, sizes[1:])}
    return out


def measure(quick: bool = False, budget: float | None = None, events: Path | None = None) -> dict:
    budget = (10.0 if quick else 60.0) if budget is None else budget
    sizes = QUICK_SIZES if quick else SIZES
    duck_sizes = QUICK_DUCKDB_SIZES if quick else DUCKDB_SIZES
    scale: dict = {}
    load = {"start": common.machine()["load_average_1_5_15_min"]}
    for task in ("pipeline", "naive", "figures"):
        print(f"scale: {task}", flush=True)
        scale[task] = series(task, sizes, budget)
    folder = events or Path(tempfile.mkdtemp(prefix="conflictbook-events-"))
    try:
        parts = max(duck_sizes) // 10**6
        print(f"scale: duckdb ({parts} Parquet parts of 10^6 events in {folder})", flush=True)
        scale["duckdb_input_s"] = write_event_parts(folder, parts)
        scale["duckdb"] = series("duckdb", duck_sizes, budget, folder)
    finally:
        if events is None:
            shutil.rmtree(folder, ignore_errors=True)
    return {
        "scale": scale,
        "growth": growth(scale),
        "settings": {
            "seed": common.SEED,
            "n_actors": common.N_ACTORS,
            "periods": "data/periods.csv",
            "sizes": list(sizes),
            "duckdb_sizes": list(duck_sizes),
            "duckdb_input": "Parquet parts of 10^6 synthetic interactions (5 columns), seeds "
            "SEED, SEED+1, ...; DuckDB memory_limit 2GB, all cores",
            "repeats": "best of 3 when one run takes <= budget/3, fewer when more would pass the "
            "budget; a size predicted to take more than the budget is extrapolated",
            "budget_s": budget,
            "memory": "peak RSS (VmHWM, reset per stage) of a fresh process per measurement",
            "load_average_1_5_15_min": {**load, "end": common.machine()["load_average_1_5_15_min"]},
        },
        "mode": "quick" if quick else "full",
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes; writes nothing")
    parser.add_argument("--budget", type=float, default=None, help="seconds per run (default 60)")
    parser.add_argument("--events", type=Path, help="keep the Parquet parts in this folder")
    args = parser.parse_args(argv)
    result = measure(args.quick, args.budget, args.events)
    import report

    if args.quick:
        report.print_scale(result)
    else:
        report.update(scale=result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
