"""One scale measurement in a fresh process (so its peak memory is its own); prints one JSON line.

    python benchmarks/worker.py pipeline 1000000          # period_of + aggregate_edges, graphs,
                                                          # centralities
    python benchmarks/worker.py naive 100000              # the per-row loop, the same graphs
    python benchmarks/worker.py figures 1000000           # the displacement tally
    python benchmarks/worker.py duckdb 10000000 --events DIR   # DuckDB: Parquet parts -> graphs

Options: --repeats R (best of R, default 3), --budget S (stop repeating once another run would take
the total past S seconds). scale.py runs this; it can be run by hand the same way.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import N_ACTORS, ROOT, SEED, book_periods, peak_mb, reset_peak, rss_mb  # noqa: E402

sys.path.insert(0, str(ROOT))
EVENTS_PER_PART = 10**6
TASKS = ("pipeline", "naive", "figures", "duckdb")


def _stage(stages: dict, name: str, func, *args):
    gc.collect()
    resettable = reset_peak()
    started = time.perf_counter()
    value = func(*args)
    elapsed = time.perf_counter() - started
    entry = stages.setdefault(name, {"times": [], "peak_rss_mb": 0.0})
    entry["times"].append(elapsed)
    entry["peak_rss_mb"] = max(entry["peak_rss_mb"], peak_mb())
    entry["peak_is_per_stage"] = resettable
    return value


def event_parts(folder: Path, n: int) -> list[str]:
    parts = sorted(folder.glob("part_*.parquet"))
    need = max(1, n // EVENTS_PER_PART)
    if len(parts) < need:
        raise SystemExit(f"{folder} holds {len(parts)} parts of 10^6 events; {n:,} need {need}")
    return [str(p) for p in parts[:need]]


def measure(task: str, n: int, repeats: int, budget: float, events: Path | None) -> dict:
    from conflictbook.analysis import displacement, networks, periodise
    from conflictbook.io import events_duckdb
    from conflictbook.io.synthetic import synthetic_figures, synthetic_interactions

    out: dict = {"task": task, "n": n}
    started = time.perf_counter()
    periods = book_periods()
    order = list(periods.sort_values("order")["period_id"])
    if task == "figures":
        data = synthetic_figures(n, seed=SEED)
    elif task == "duckdb":
        files = event_parts(events, n)
    else:
        data = synthetic_interactions(n, n_actors=N_ACTORS, seed=SEED)
    out["generate_s"] = time.perf_counter() - started
    gc.collect()
    out["baseline_rss_mb"] = rss_mb()

    def placed():
        frame = data.assign(period_id=periodise.period_of(data, periods))
        return frame[frame["period_id"].notna()]

    def aggregate():
        return networks.aggregate_edges(placed(), by=["period_id"])

    def graphs(edges):
        return {pid: networks.signed_graph(edges[edges["period_id"] == pid]) for pid in order}

    def naive():
        return networks.aggregate_edges_naive(placed(), by=["period_id"])

    def tally():  # groups linked as group_parents(data) links them, on the codes
        return displacement.plausible_totals(data, "stock_flow")

    stages: dict = {}
    spent: list[float] = []
    for _ in range(repeats):
        if spent and sum(spent) + spent[-1] > budget:
            break
        before = sum(sum(s["times"]) for s in stages.values())
        if task == "pipeline":
            edges = _stage(stages, "aggregate", aggregate)
            made = _stage(stages, "graphs", graphs, edges)
            table = _stage(stages, "centralities", networks.centrality_by_period, made)
            out["edges"], out["centrality_rows"] = int(len(edges)), int(len(table))
            del edges, made, table
        elif task == "naive":
            made = _stage(stages, "naive", naive)
            out["edges"] = int(sum(g.number_of_edges() for g in made.values()))
            del made
        elif task == "figures":
            result = _stage(stages, "tally", tally)
            out["groups_counted"] = {k: len(v["groups_counted"]) for k, v in result.items()}
            del result
        else:
            made = _stage(stages, "duckdb", events_duckdb.period_graphs, files, periods)
            out["edges"] = int(sum(g.number_of_edges() for g in made.values()))
            out["files"] = len(files)
            del made
        spent.append(sum(sum(s["times"]) for s in stages.values()) - before)
    out["repeats"] = len(spent)
    for stage in stages.values():
        stage["best_s"] = min(stage["times"])
    if task == "pipeline":
        names = ("aggregate", "graphs", "centralities")
        per_run = [sum(stages[s]["times"][i] for s in names) for i in range(len(spent))]
        stages["total"] = {
            "times": per_run,
            "best_s": min(per_run),
            "peak_rss_mb": max(stages[s]["peak_rss_mb"] for s in names),
        }
    out["stages"] = stages
    out["process_peak_rss_mb"] = peak_mb()
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("task", choices=TASKS)
    parser.add_argument("n", type=int)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--budget", type=float, default=60.0)
    parser.add_argument("--events", type=Path, help="folder of part_*.parquet (task duckdb)")
    args = parser.parse_args(argv)
    if args.task == "duckdb" and args.events is None:
        parser.error("task duckdb needs --events DIR")
    print(json.dumps(measure(args.task, args.n, args.repeats, args.budget, args.events)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
