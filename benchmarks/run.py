"""Benchmarks for issue "Performance": scale of the chapters' computations, and cost of building the book.

    .venv/bin/python benchmarks/run.py            # everything; writes benchmarks/results.json (a few minutes)
    .venv/bin/python benchmarks/run.py --quick    # 10^4 and 10^5 rows only, no book build; prints, writes nothing

Every scale measurement runs in a fresh subprocess (this file with --worker), so each one's peak memory is
the peak resident set size of a process that did only that work: read from /proc/self/status (VmHWM) after
resetting it (/proc/self/clear_refs) once the synthetic input exists, so the peak of each stage is
measured on its own. tracemalloc is not used (it slows pandas down and misses memory numpy allocates).
See benchmarks/README.md for what is measured and how to read results.json.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results.json"
MARK = "BENCHMARK-RESULT "
SEED = 20240613
N_ACTORS = 200
FULL_SIZES = (10**4, 10**5, 10**6)
QUICK_SIZES = (10**4, 10**5)

TARGETS = {
    "aggregate_time_s": 2.0,  # at 10^6 rows: period_of + aggregate_edges by period
    "aggregate_peak_rss_mb": 1024.0,  # at 10^6 rows: peak RSS of the process during that stage
    "speedup_vs_naive": 10.0,  # at 10^6 rows: naive per-row graphs / (aggregate + graphs)
    "growth_exponent": 1.10,  # log-log slope 10^5 -> 10^6: linear, with 10% for timing noise
    "figures_tally_s": 2.0,  # at 10^6 figures (assumed: the same budget as aggregation)
    "build_ratio": 1.5,  # clean build of the book / clean build of the floor book
    "rebuild_fraction": 0.25,  # no-change rebuild / clean build of the book
}


# ---------------------------------------------------------------- memory (Linux /proc, with a fallback)


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
    """Reset the kernel's peak-RSS counter (VmHWM) to the current RSS; False where that is not possible."""
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


# ---------------------------------------------------------------- worker: one measurement, one process


def book_periods():
    """The book's periods (data/periods.csv), read directly: the benchmark does not depend on the package validating."""
    import pandas as pd

    periods = pd.read_csv(ROOT / "data" / "periods.csv", dtype=str, keep_default_na=False)
    for column in ("start", "end"):
        periods[column] = pd.to_datetime(periods[column], format="%Y-%m-%d").astype("datetime64[s]")
    periods["order"] = periods["order"].astype(int)
    return periods


def _stage(results: dict, name: str, func, *args):
    gc.collect()
    resettable = reset_peak()
    started = time.perf_counter()
    value = func(*args)
    elapsed = time.perf_counter() - started
    results.setdefault(name, {"times": [], "peak_rss_mb": 0.0})
    results[name]["times"].append(elapsed)
    results[name]["peak_rss_mb"] = max(results[name]["peak_rss_mb"], peak_mb())
    results[name]["peak_is_per_stage"] = resettable
    return value


def worker(task: str, n: int, repeats: int, budget: float) -> dict:
    """Measure `task` at size n: up to `repeats` runs, fewer when another run would take the total past `budget`."""
    from conflictbook.analysis import displacement, networks, periodise
    from conflictbook.io.synthetic import synthetic_figures, synthetic_interactions

    out: dict = {"task": task, "n": n}
    started = time.perf_counter()
    if task == "figures":
        data = synthetic_figures(n, seed=SEED)
    else:
        data = synthetic_interactions(n, n_actors=N_ACTORS, seed=SEED)
        periods = book_periods()
        order = list(periods.sort_values("order")["period_id"])
    out["generate_s"] = time.perf_counter() - started
    gc.collect()
    out["baseline_rss_mb"] = rss_mb()
    stages: dict = {}

    def aggregate():
        frame = data.assign(period_id=periodise.period_of(data, periods))
        frame = frame[frame["period_id"].notna()]
        return networks.aggregate_edges(frame, by=["period_id"])

    def graphs(edges):
        return {pid: networks.signed_graph(edges[edges["period_id"] == pid]) for pid in order}

    def centralities(period_graphs):
        return networks.centrality_by_period(period_graphs)

    def naive():
        frame = data.assign(period_id=periodise.period_of(data, periods))
        frame = frame[frame["period_id"].notna()]
        return networks.aggregate_edges_naive(frame, by=["period_id"])

    def tally():
        parents = displacement.group_parents(data)
        return {
            kind: displacement.plausible_total(data[data["stock_flow"] == kind], parents)
            for kind in ("flow", "stock")
        }

    spent: list[float] = []
    for _ in range(repeats):
        if spent and sum(spent) + spent[-1] > budget:
            break
        before = sum(sum(stage["times"]) for stage in stages.values())
        if task == "pipeline":
            edges = _stage(stages, "aggregate", aggregate)
            period_graphs = _stage(stages, "graphs", graphs, edges)
            table = _stage(stages, "centralities", centralities, period_graphs)
            out["edges"] = int(len(edges))
            out["placed_rows"] = int(edges["weight"].sum())
            out["largest_graph"] = max(
                ((g.number_of_nodes(), g.number_of_edges()) for g in period_graphs.values()),
                default=(0, 0),
            )
            out["centrality_rows"] = int(len(table))
            del edges, period_graphs, table
        elif task == "naive":
            result = _stage(stages, "naive", naive)
            out["edges"] = int(sum(g.number_of_edges() for g in result.values()))
            del result
        elif task == "figures":
            result = _stage(stages, "tally", tally)
            out["groups_counted"] = {k: len(v["groups_counted"]) for k, v in result.items()}
            del result
        else:
            raise SystemExit(f"unknown task {task!r}")
        spent.append(sum(sum(stage["times"]) for stage in stages.values()) - before)
    repeats = out["repeats"] = len(spent)
    for _name, stage in stages.items():
        stage["best_s"] = min(stage["times"])
    if task == "pipeline":
        per_rep = [
            sum(stages[s]["times"][i] for s in ("aggregate", "graphs", "centralities"))
            for i in range(repeats)
        ]
        stages["total"] = {
            "times": per_rep,
            "best_s": min(per_rep),
            "peak_rss_mb": max(
                stages[s]["peak_rss_mb"] for s in ("aggregate", "graphs", "centralities")
            ),
        }
    out["stages"] = stages
    out["process_peak_rss_mb"] = peak_mb()
    return out


def run_worker(task: str, n: int, repeats: int, budget: float, timeout: float) -> dict | None:
    cmd = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--worker",
        task,
        str(n),
        str(repeats),
        str(budget),
    ]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return None
    lines = [line for line in proc.stdout.splitlines() if line.startswith(MARK)]
    if proc.returncode or not lines:
        raise RuntimeError(
            f"worker {task} n={n} failed (exit {proc.returncode}):\n{proc.stderr[-3000:]}"
        )
    return json.loads(lines[-1][len(MARK) :])


# ---------------------------------------------------------------- scale: sizes, budgets, extrapolation


def measure_series(task: str, sizes, budget: float, stage_for_budget: str) -> list[dict]:
    """Measure `task` at each size, best of 3 runs, or of fewer when more would take longer than the budget; a size
    whose single run is predicted (linearly from the previous size) to exceed the budget is not run: its time is
    extrapolated linearly from the largest size measured."""
    rows: list[dict] = []
    for n in sizes:
        measured = [r for r in rows if not r.get("extrapolated")]
        if measured:
            last = measured[-1]
            predicted = last["stages"][stage_for_budget]["best_s"] * n / last["n"]
        else:
            predicted = 0.0
        if predicted > budget:
            rows.append(_extrapolate(task, n, measured[-1], predicted, budget))
            print(
                f"  {task:9s} n={n:>9,}: skipped, one run predicted {predicted:,.0f} s > budget {budget:.0f} s; "
                f"EXTRAPOLATED linearly from n={measured[-1]['n']:,}",
                flush=True,
            )
            continue
        result = run_worker(task, n, 3, budget, timeout=max(180.0, 5 * budget))
        if result is None:
            basis = measured[-1] if measured else None
            if basis is None:
                raise RuntimeError(f"{task} n={n} timed out with nothing to extrapolate from")
            rows.append(_extrapolate(task, n, basis, predicted, budget, reason="timed out"))
            print(
                f"  {task:9s} n={n:>9,}: timed out; EXTRAPOLATED linearly from n={basis['n']:,}",
                flush=True,
            )
            continue
        result["extrapolated"] = False
        rows.append(result)
        stage = result["stages"][stage_for_budget]
        print(
            f"  {task:9s} n={n:>9,}: {stage['best_s']:8.3f} s (best of {result['repeats']}), peak RSS {stage['peak_rss_mb']:7.0f} MB",
            flush=True,
        )
    return rows


def _extrapolate(
    task: str, n: int, basis: dict, predicted: float, budget: float, reason: str = "over budget"
) -> dict:
    scale = n / basis["n"]
    stages = {
        name: {"best_s": stage["best_s"] * scale, "times": [], "peak_rss_mb": None}
        for name, stage in basis["stages"].items()
    }
    return {
        "task": task,
        "n": n,
        "repeats": 0,
        "extrapolated": True,
        "stages": stages,
        "note": (
            f"not run ({reason}: one run predicted {predicted:,.0f} s, budget {budget:.0f} s); "
            f"times extrapolated linearly from n={basis['n']:,} (t * {scale:g}); memory not measured"
        ),
    }


def slope(rows: list[dict], stage: str, a: int, b: int) -> float | None:
    """log-log slope of time between sizes a and b (None when either is missing or extrapolated)."""
    by_n = {r["n"]: r for r in rows}
    if a not in by_n or b not in by_n or by_n[a].get("extrapolated") or by_n[b].get("extrapolated"):
        return None
    ta, tb = by_n[a]["stages"][stage]["best_s"], by_n[b]["stages"][stage]["best_s"]
    return math.log(tb / ta) / math.log(b / a)


# ---------------------------------------------------------------- profiles of what misses a target


def profile_size(rows: list[dict], stage: str, budget: float) -> int:
    """The largest size measured (not extrapolated) whose run took at most half the budget (profiling slows it)."""
    fits = [
        r["n"]
        for r in rows
        if not r.get("extrapolated") and r["stages"][stage]["best_s"] <= budget / 2
    ]
    return max(fits) if fits else min(r["n"] for r in rows)


def profile(task: str, n: int, top: int = 8) -> list[dict]:
    """cProfile one run of `task` at size n in a fresh process; the functions with the most cumulative time."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--profile", task, str(n), str(top)]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=900)
    lines = [line for line in proc.stdout.splitlines() if line.startswith(MARK)]
    return json.loads(lines[-1][len(MARK) :]) if lines else [{"error": proc.stderr[-2000:]}]


def profile_worker(task: str, n: int, top: int) -> list[dict]:
    import cProfile
    import pstats

    from conflictbook.analysis import displacement, networks, periodise
    from conflictbook.io.synthetic import synthetic_figures, synthetic_interactions

    if task == "figures":
        data = synthetic_figures(n, seed=SEED)
        parents = displacement.group_parents(data)
        code = lambda: [
            displacement.plausible_total(data[data["stock_flow"] == k], parents)
            for k in ("flow", "stock")
        ]  # noqa: E731
        package = "displacement.py"
    else:
        data = synthetic_interactions(n, n_actors=N_ACTORS, seed=SEED)
        periods = book_periods()
        frame = data.assign(period_id=periodise.period_of(data, periods))
        edges = networks.aggregate_edges(frame[frame["period_id"].notna()], by=["period_id"])
        if task == "centralities":
            graphs = {
                pid: networks.signed_graph(edges[edges["period_id"] == pid])
                for pid in periods["period_id"]
            }
            code = lambda: networks.centrality_by_period(graphs)  # noqa: E731
        else:
            code = lambda: networks.aggregate_edges(
                frame[frame["period_id"].notna()], by=["period_id"]
            )  # noqa: E731
        package = "networks.py"
    profiler = cProfile.Profile()
    profiler.enable()
    code()
    profiler.disable()
    stats = pstats.Stats(profiler)
    rows = []
    for (filename, line, func), (_cc, nc, tt, ct, _) in stats.stats.items():
        short = (
            filename.split("site-packages/")[-1]
            if "site-packages/" in filename
            else Path(filename).name
        )
        rows.append(
            {
                "function": f"{short}:{line}({func})",
                "calls": nc,
                "tottime_s": round(tt, 3),
                "cumtime_s": round(ct, 3),
                "ours": filename.endswith(package),
            }
        )
    rows.sort(key=lambda r: -r["cumtime_s"])
    rows = [
        r
        for r in rows
        if "builtins.exec" not in r["function"] and not r["function"].startswith("run.py:")
    ]
    keep = rows[:top]
    by_self = sorted(rows, key=lambda r: -r["tottime_s"])[:top]
    return [{"by": "cumulative", **r} for r in keep] + [{"by": "self", **r} for r in by_self]


# ---------------------------------------------------------------- build: the real book against a floor book

FLOOR_CONFIG = """# The floor: the least a Jupyter Book with these notebooks can cost (generated by benchmarks/run.py)
title: "Floor book"
author: "benchmark"
only_build_toc_files: true
exclude_patterns: [_build]
execute:
  execute_notebooks: cache
  cache: _build/.jupyter_cache
  timeout: 300
  allow_errors: false
sphinx:
  config:
    nb_execution_raise_on_error: true
    html_show_sphinx: false
"""

FLOOR_CODE = """# floor chapter {number} (the number keeps the notebooks distinct: jupyter-cache merges identical code)
import matplotlib.pyplot as plt
import networkx as nx
import pandas as pd

frame = pd.DataFrame({{"x": range(10), "y": [v * v for v in range(10)]}})
fig, ax = plt.subplots(figsize=(5, 3))
ax.plot(frame["x"], frame["y"], marker="o")
ax.set_title(f"chapter {number}: pandas {{pd.__version__}}, networkx {{nx.__version__}}");"""


def write_floor_book(folder: Path, n_notebooks: int) -> None:
    import nbformat

    (folder / "notebooks").mkdir(parents=True)
    (folder / "_config.yml").write_text(FLOOR_CONFIG, encoding="utf-8")
    (folder / "intro.md").write_text(
        "# Floor book\n\nNotebooks that only import pandas, networkx and matplotlib "
        "and draw one plot.\n\n```{tableofcontents}\n```\n",
        encoding="utf-8",
    )
    chapters = "\n".join(f"      - file: notebooks/floor_{i + 1:02d}" for i in range(n_notebooks))
    (folder / "_toc.yml").write_text(
        f"format: jb-book\nroot: intro\nparts:\n  - caption: Floor\n    chapters:\n{chapters}\n",
        encoding="utf-8",
    )
    for i in range(n_notebooks):
        nb = nbformat.v4.new_notebook()
        nb.metadata["kernelspec"] = {
            "name": "python3",
            "display_name": "Python 3",
            "language": "python",
        }
        nb.cells = [
            nbformat.v4.new_markdown_cell(f"# Floor chapter {i + 1}\n\nOne plot."),
            nbformat.v4.new_code_cell(FLOOR_CODE.format(number=i + 1)),
        ]
        nbformat.write(nb, folder / "notebooks" / f"floor_{i + 1:02d}.ipynb")


def floor_build(folder: Path) -> int:
    """Build the floor book as conflictbook.build builds the real one: execute into the cache with jupyter-cache's
    local-parallel executor (local-serial for one notebook), then `jupyter-book build` with the same flags."""
    from jupyter_cache import get_cache
    from jupyter_cache.executors import load_executor

    cache = get_cache(str(folder / "_build" / ".jupyter_cache"))
    for nb in sorted((folder / "notebooks").glob("*.ipynb")):
        cache.add_nb_to_project(str(nb))
    pending = cache.list_unexecuted()
    if pending:
        started = time.perf_counter()
        executor = load_executor("local-parallel" if len(pending) > 1 else "local-serial", cache)
        result = executor.run_and_cache(
            filter_pks=[p.pk for p in pending], timeout=300, allow_errors=False
        )
        if result.excepted or result.errored:
            print("floor: execution failed", result.excepted + result.errored)
            return 1
        print(f"execute: done in {time.perf_counter() - started:.1f} s", flush=True)
    cmd = [
        str(Path(sys.executable).parent / "jupyter-book"),
        "build",
        str(folder),
        "--builder",
        "html",
        "-W",
        "-n",
        "--keep-going",
    ]
    return subprocess.call(cmd, cwd=folder)


def _timed(cmd: list[str], cwd: Path, env: dict, log: Path) -> tuple[float, int]:
    started = time.perf_counter()
    with open(log, "a", encoding="utf-8") as fh:
        fh.write(f"\n$ {' '.join(cmd)}\n")
        fh.flush()
        code = subprocess.call(cmd, cwd=cwd, env=env, stdout=fh, stderr=subprocess.STDOUT)
    return time.perf_counter() - started, code


def _tail(log: Path, lines: int = 20) -> str:
    """The warnings and errors of a build log (colour codes removed), or its last lines when there are none."""
    text = re.sub(
        r"\x1b\[[0-9;]*m", "", log.read_text(encoding="utf-8", errors="replace")
    ).splitlines()
    problems = [
        line
        for line in text
        if re.search(r"WARNING|ERROR|Error|failed|Traceback", line)
        and "Kernel is running over TCP" not in line
    ]
    return "\n".join((problems or text)[-lines:])


def cached_seconds(folder: Path) -> dict:
    """Execution time of each notebook, as jupyter-cache recorded it (the last clean build)."""
    from jupyter_cache import get_cache

    try:
        records = get_cache(str(folder / "_build" / ".jupyter_cache")).list_cache_records()
    except Exception as exc:  # a failed build may leave no cache: report, do not stop
        return {"error": str(exc)}
    return dict(
        sorted(
            (
                Path(r.uri).name,
                round(float((r.data or {}).get("execution_seconds", float("nan"))), 2),
            )
            for r in records
        )
    )


def copy_working_tree(target: Path) -> None:
    # benchmarks/results.json is copied: the book's performance appendix renders the previous run's results
    ignore = shutil.ignore_patterns(
        ".venv",
        "_build",
        ".git",
        "__pycache__",
        ".pytest_cache",
        ".ipynb_checkpoints",
        ".hypothesis",
        "*.egg-info",
        "*.json.tmp",
    )
    shutil.copytree(ROOT, target, ignore=ignore, symlinks=True)


def measure_build(keep: bool = False, clean_repeats: int = 2, rebuild_repeats: int = 3) -> dict:
    workdir = Path(tempfile.mkdtemp(prefix="conflictbook-bench-"))
    book, floor = workdir / "main", workdir / "floor"
    copy_working_tree(book)
    shared = (
        ROOT.parent / "shared"
    )  # source texts are looked up beside the book (paths.source_text_dirs)
    if shared.is_dir():
        (workdir / "shared").symlink_to(shared, target_is_directory=True)
    env = {**os.environ, "CONFLICTBOOK_ROOT": str(book), "PYTHONPATH": str(book)}
    env.pop("CONFLICTBOOK_DATA", None)
    probe = subprocess.run(
        [sys.executable, "-c", "from conflictbook.publish import build; print(len(build.toc_notebooks()))"],
        cwd=book,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    n_notebooks = int(probe.stdout.strip().splitlines()[-1])
    write_floor_book(floor, n_notebooks)
    floor_env = {
        k: v for k, v in os.environ.items() if k not in ("CONFLICTBOOK_ROOT", "PYTHONPATH")
    }

    real_cmd = [sys.executable, "-m", "conflictbook.publish.build", "html"]
    floor_cmd = [sys.executable, str(Path(__file__).resolve()), "--floor-build", str(floor)]
    logs = {"book": workdir / "book.log", "floor": workdir / "floor.log"}
    jobs = {
        "book": (real_cmd, book, env, logs["book"]),
        "floor": (floor_cmd, floor, floor_env, logs["floor"]),
    }
    runs: dict = {
        f"{who}_{kind}": {"times": [], "exit_codes": []}
        for kind in ("clean", "rebuild")
        for who in ("book", "floor")
    }

    def once(who: str, kind: str) -> None:
        cmd, cwd, run_env, log = jobs[who]
        if kind == "clean":
            shutil.rmtree(cwd / "_build", ignore_errors=True)
        seconds, code = _timed(cmd, cwd, run_env, log)
        runs[f"{who}_{kind}"]["times"].append(round(seconds, 2))
        runs[f"{who}_{kind}"]["exit_codes"].append(code)
        print(f"  {who + ' ' + kind:14s} {seconds:7.1f} s (exit {code})", flush=True)

    execute_s: dict = {"book": [], "floor": []}
    for _ in range(
        clean_repeats
    ):  # alternate, so that drift in the machine's speed hits both alike
        for who in ("book", "floor"):
            once(who, "clean")
            done = re.findall(
                r"execute: done in ([0-9.]+) s",
                jobs[who][3].read_text(encoding="utf-8", errors="replace"),
            )
            execute_s[who].append(float(done[-1]) if done else None)
    notebook_s = {"book": cached_seconds(book), "floor": cached_seconds(floor)}
    for _ in range(
        rebuild_repeats
    ):  # after the last clean build of each: nothing has changed since
        once("book", "rebuild")
        once("floor", "rebuild")
    for run in runs.values():
        run["seconds"] = min(run["times"])
        run["exit_code"] = max(run["exit_codes"], key=abs)
    result = {
        "notebooks": n_notebooks,
        "runs": runs,
        "clean_repeats": clean_repeats,
        "rebuild_repeats": rebuild_repeats,
        "book_command": "CONFLICTBOOK_ROOT=<copy> python -m conflictbook.publish.build html  (execute + exports + jupyter-book build -W -n --keep-going)",
        "floor_command": "jupyter-cache local-parallel execute + jupyter-book build -W -n --keep-going",
        "ratio": round(runs["book_clean"]["seconds"] / runs["floor_clean"]["seconds"], 3),
        "rebuild_fraction": round(
            runs["book_rebuild"]["seconds"] / runs["book_clean"]["seconds"], 3
        ),
        "floor_rebuild_fraction": round(
            runs["floor_rebuild"]["seconds"] / runs["floor_clean"]["seconds"], 3
        ),
        "execute_s": execute_s,
        "notebook_execution_s": notebook_s,
    }
    for who in (
        "book",
        "floor",
    ):  # of the clean build that was the fastest: executing vs everything else
        best = runs[f"{who}_clean"]["times"].index(runs[f"{who}_clean"]["seconds"])
        executed = execute_s[who][best]
        result[f"{who}_clean_split_s"] = {
            "execute": executed,
            "rest": None
            if executed is None
            else round(runs[f"{who}_clean"]["seconds"] - executed, 2),
        }
    failed = {label: run["exit_code"] for label, run in runs.items() if run["exit_code"]}
    if failed:
        result["failed"] = failed
        result["log_tail"] = {
            name: _tail(path)
            for name, path in logs.items()
            if any(label.startswith(name) for label in failed)
        }
    if keep:
        result["workdir"] = str(workdir)
    else:
        shutil.rmtree(workdir, ignore_errors=True)
    return result


# ---------------------------------------------------------------- report


def _target(name: str, value, limit: float, better: str, note: str = "") -> dict:
    if value is None:
        met = None
    else:
        met = bool(value <= limit) if better == "<=" else bool(value >= limit)
    return {
        "name": name,
        "target": f"{better} {limit:g}",
        "value": None if value is None else round(value, 3),
        "met": met,
        "note": note,
    }


def evaluate(scale: dict, build: dict | None, largest: int) -> list[dict]:
    pipe = {r["n"]: r for r in scale["pipeline"]}
    naive = {r["n"]: r for r in scale["naive"]}
    figures = {r["n"]: r for r in scale["figures"]}
    big = 10**6
    targets = []
    if largest >= big:
        agg = pipe[big]["stages"]["aggregate"]
        targets.append(
            _target(
                "aggregation time at 10^6 rows (s)",
                agg["best_s"],
                TARGETS["aggregate_time_s"],
                "<=",
                f"period_of + aggregate_edges by period_id, best of {pipe[big]['repeats']}",
            )
        )
        targets.append(
            _target(
                "aggregation peak RSS at 10^6 rows (MB)",
                agg["peak_rss_mb"],
                TARGETS["aggregate_peak_rss_mb"],
                "<=",
                "whole process: interpreter, libraries, the 10^6-row input and the work",
            )
        )
        vec = agg["best_s"] + pipe[big]["stages"]["graphs"]["best_s"]
        note = "naive per-row DiGraphs / (aggregate + signed_graph per period): the same graphs"
        if naive[big].get("extrapolated"):
            note += "; naive time EXTRAPOLATED, not measured"
        targets.append(
            _target(
                "speedup over the naive approach at 10^6 rows (x)",
                naive[big]["stages"]["naive"]["best_s"] / vec,
                TARGETS["speedup_vs_naive"],
                ">=",
                note,
            )
        )
        for label, rows, stage in (
            ("aggregation", scale["pipeline"], "aggregate"),
            ("aggregation + graphs + centralities", scale["pipeline"], "total"),
            ("figures tally", scale["figures"], "tally"),
        ):
            value = slope(rows, stage, 10**5, big)
            targets.append(
                _target(
                    f"growth exponent 10^5 -> 10^6, {label}",
                    value,
                    TARGETS["growth_exponent"],
                    "<=",
                    "log-log slope of best times"
                    if value is not None
                    else "not evaluated: the 10^6 time is extrapolated (linear by construction)",
                )
            )
        fig = figures[big]
        targets.append(
            _target(
                "figures tally at 10^6 figures (s)",
                fig["stages"]["tally"]["best_s"],
                TARGETS["figures_tally_s"],
                "<=",
                "plausible_total (flows, stocks) with group_parents; target assumed = aggregation's"
                + ("; EXTRAPOLATED, not measured" if fig.get("extrapolated") else ""),
            )
        )
    else:
        targets.append(
            {
                "name": "10^6-row targets",
                "target": "-",
                "value": None,
                "met": None,
                "note": "not evaluated in --quick mode (largest size 10^5)",
            }
        )
    if build is not None:
        ok = not build.get("failed")
        note = "" if ok else f"a build exited non-zero: {build['failed']}; see build.log_tail"
        targets.append(
            _target(
                "clean build, book / floor (x)", build["ratio"], TARGETS["build_ratio"], "<=", note
            )
        )
        targets.append(
            _target(
                "no-change rebuild / clean build",
                build["rebuild_fraction"],
                TARGETS["rebuild_fraction"],
                "<=",
                note,
            )
        )
        if not ok:
            for t in targets[-2:]:
                t["met"] = None if t["met"] else False
    return targets


def _fmt(value, spec: str = ".3f") -> str:
    return "-" if value is None else format(value, spec)


def print_tables(scale: dict, build: dict | None, targets: list[dict]) -> None:
    pipe = {r["n"]: r for r in scale["pipeline"]}
    naive = {r["n"]: r for r in scale["naive"]}
    figures = {r["n"]: r for r in scale["figures"]}
    print(
        "\nscale (seconds: best of 3 unless marked; MB: peak RSS of the process during the stage)"
    )
    if any(
        r.get("repeats") not in (3, None) and not r.get("extrapolated") for r in scale["pipeline"]
    ):
        print(
            "  (some interaction-pipeline sizes ran fewer than 3 times: see repeats in results.json)"
        )
    head = f"{'rows':>9} {'aggregate':>9} {'graphs':>7} {'central.':>8} {'total':>7} {'agg MB':>7} {'naive':>9} {'speedup':>7} {'figures':>9} {'fig MB':>7}"
    print(head)
    print("-" * len(head))
    for n in sorted(pipe):
        s = pipe[n]["stages"]
        nv = naive.get(n, {})
        fg = figures.get(n, {})
        naive_s = nv.get("stages", {}).get("naive", {}).get("best_s")
        fig_s = fg.get("stages", {}).get("tally", {}).get("best_s")
        speed = naive_s / (s["aggregate"]["best_s"] + s["graphs"]["best_s"]) if naive_s else None
        print(
            f"{n:>9,} {s['aggregate']['best_s']:9.3f} {s['graphs']['best_s']:7.3f} {s['centralities']['best_s']:8.3f} "
            f"{s['total']['best_s']:7.3f} {_fmt(s['aggregate']['peak_rss_mb'], '.0f'):>7} "
            f"{_fmt(naive_s, '.2f') + ('*' if nv.get('extrapolated') else ' ' if nv.get('repeats') == 3 else '+'):>9} "
            f"{_fmt(speed, '.1f'):>7} "
            f"{_fmt(fig_s, '.2f') + ('*' if fg.get('extrapolated') else ' ' if fg.get('repeats') == 3 else '+'):>9} "
            f"{_fmt(fg.get('stages', {}).get('tally', {}).get('peak_rss_mb'), '.0f'):>7}"
        )
    print(
        "  * = EXTRAPOLATED linearly from the largest size measured (not run); + = fewer than 3 runs (budget)"
    )
    print("  speedup = naive / (aggregate + graphs): both produce the per-period DiGraphs")
    sizes = sorted(pipe)
    print("\ngrowth exponents (log-log slope of time between sizes; 1 = linear)")
    for label, rows, stage in (
        ("aggregate", scale["pipeline"], "aggregate"),
        ("graphs", scale["pipeline"], "graphs"),
        ("centralities", scale["pipeline"], "centralities"),
        ("total", scale["pipeline"], "total"),
        ("naive", scale["naive"], "naive"),
        ("figures tally", scale["figures"], "tally"),
    ):
        parts = [
            f"{a:.0e}->{b:.0e}: {_fmt(slope(rows, stage, a, b), '.2f')}"
            for a, b in zip(sizes, sizes[1:])
        ]
        print(f"  {label:14s} " + "   ".join(parts))
    if build is not None:
        runs = build["runs"]
        print(
            f"\nbuild ({build['notebooks']} notebooks; seconds, best of {build['clean_repeats']} clean and "
            f"{build['rebuild_repeats']} no-change rebuilds)"
        )
        print(f"  {'':8s} {'clean':>8} {'rebuild':>8}")
        print(
            f"  {'book':8s} {runs['book_clean']['seconds']:8.1f} {runs['book_rebuild']['seconds']:8.1f}"
        )
        print(
            f"  {'floor':8s} {runs['floor_clean']['seconds']:8.1f} {runs['floor_rebuild']['seconds']:8.1f}"
        )
        for who in ("book", "floor"):
            split = build.get(f"{who}_clean_split_s", {})
            print(
                f"  {who} clean = {_fmt(split.get('execute'), '.1f')} s executing notebooks + {_fmt(split.get('rest'), '.1f')} s "
                f"rest (start-up, exports, Sphinx); per notebook: "
                + ", ".join(
                    f"{k.removesuffix('.ipynb')} {v:.1f}"
                    for k, v in build["notebook_execution_s"][who].items()
                    if isinstance(v, float)
                )
            )
        if build.get("failed"):
            print(f"  FAILED: {build['failed']}")
            for name, tail in build.get("log_tail", {}).items():
                print(
                    f"  --- end of {name} log\n"
                    + "\n".join("    " + line for line in tail.splitlines())
                )
    print("\ntargets")
    for t in targets:
        verdict = {True: "met", False: "MISSED", None: "n/a"}[t["met"]]
        print(
            f"  {verdict:7s} {t['name']}: {_fmt(t['value'], '.3g')} (target {t['target']})"
            + (f" - {t['note']}" if t["note"] else "")
        )


def machine() -> dict:
    import jupyter_book
    import networkx
    import numpy
    import pandas

    return {
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "system": platform.system(),
        "machine": platform.machine(),
        "numpy": numpy.__version__,
        "pandas": pandas.__version__,
        "networkx": networkx.__version__,
        "jupyter_book": jupyter_book.__version__,
    }


def strip(rows: list[dict]) -> list[dict]:
    """Round floats for results.json."""

    def clean(value):
        if isinstance(value, float):
            return round(value, 4)
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [clean(v) for v in value]
        return value

    return clean(rows)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--quick",
        action="store_true",
        help="10^4 and 10^5 rows only, no build; writes nothing unless --output",
    )
    parser.add_argument("--no-build", action="store_true", help="skip the book-build benchmark")
    parser.add_argument(
        "--budget",
        type=float,
        default=None,
        help="seconds one run of a measurement may take before it is extrapolated instead (default 60; 10 with --quick)",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=None,
        help=f"where to write results (default {RESULTS.relative_to(ROOT)}; none with --quick)",
    )
    parser.add_argument(
        "--keep-build-dir",
        action="store_true",
        help="keep the temporary copies the build benchmark made",
    )
    parser.add_argument(
        "--no-profile", action="store_true", help="do not cProfile the stages that miss a target"
    )
    parser.add_argument(
        "--worker", nargs=4, metavar=("TASK", "N", "REPEATS", "BUDGET"), help=argparse.SUPPRESS
    )
    parser.add_argument("--profile", nargs=3, metavar=("TASK", "N", "TOP"), help=argparse.SUPPRESS)
    parser.add_argument("--floor-build", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        task, n, repeats, budget = args.worker
        print(MARK + json.dumps(worker(task, int(n), int(repeats), float(budget))), flush=True)
        return 0
    if args.profile:
        task, n, top = args.profile
        print(MARK + json.dumps(profile_worker(task, int(n), int(top))), flush=True)
        return 0
    if args.floor_build:
        return floor_build(args.floor_build.resolve())

    sizes = QUICK_SIZES if args.quick else FULL_SIZES
    if args.budget is None:
        args.budget = 10.0 if args.quick else 60.0
    output = args.output if args.output else (None if args.quick else RESULTS)
    info = machine()
    print(
        f"conflictbook benchmarks: {info['cores']} cores, Python {info['python']}, pandas {info['pandas']}, "
        f"networkx {info['networkx']}; synthetic data seed {SEED}, {N_ACTORS} actors, the book's periods"
    )
    print("scale: interactions -> per-period edge tables, graphs, centralities")
    scale = {"pipeline": measure_series("pipeline", sizes, args.budget, "total")}
    print("scale: naive per-row graphs")
    scale["naive"] = measure_series("naive", sizes, args.budget, "naive")
    print("scale: displacement figures tally (plausible_total with overlap groups)")
    scale["figures"] = measure_series("figures", sizes, args.budget, "tally")
    build = None
    if not (args.quick or args.no_build):
        print("build: clean and no-change builds of the book and of a floor book")
        build = measure_build(keep=args.keep_build_dir)
    targets = evaluate(scale, build, max(sizes))
    profiles = {}
    if not args.no_profile and not args.quick:
        missed = {t["name"] for t in targets if t["met"] is False}
        if any("figures" in name for name in missed):
            n = profile_size(scale["figures"], "tally", args.budget)
            profiles[f"figures_tally_n{n}"] = profile("figures", n)
        if any(name.startswith("aggregation") or name.startswith("speedup") for name in missed):
            profiles["aggregate_n1000000"] = profile("aggregate", 10**6)
        profiles["centralities_n100000"] = profile(
            "centralities", 10**5
        )  # the slowest stage: always worth a look
    print_tables(scale, build, targets)
    if profiles:
        print(
            "\nprofiles (one cProfile'd run: top functions by cumulative and by self time; more in results.json)"
        )
        for name, rows in profiles.items():
            print(f"  {name}")
            for by, count in (("cumulative", 6), ("self", 4)):
                for row in [r for r in rows if r.get("by") == by][:count]:
                    seconds = row.get("cumtime_s" if by == "cumulative" else "tottime_s", 0)
                    print(
                        f"    {by[:4]} {seconds:8.3f} s  {row.get('calls', 0):>9} calls  {row.get('function', row.get('error'))}"
                    )
    if output is not None:
        results = {
            "machine": info,
            "mode": "quick" if args.quick else "full",
            "settings": {
                "seed": SEED,
                "n_actors": N_ACTORS,
                "periods": "data/periods.csv",
                "sizes": list(sizes),
                "repeats": "best of 3 when one run takes <= budget/3, one run when <= budget, else extrapolated",
                "budget_s": args.budget,
                "memory": "peak RSS (VmHWM, reset per stage) of a fresh process per measurement",
                "figures_groups": "n // 4 overlap groups, 75% of figures grouped, 30% of groups counted_in another",
            },
            "targets_definition": TARGETS,
            "scale": strip(scale),
            "growth": {
                label: {
                    f"{a}->{b}": strip(slope(rows, stage, a, b)) for a, b in zip(sizes, sizes[1:])
                }
                for label, rows, stage in (
                    ("aggregate", scale["pipeline"], "aggregate"),
                    ("graphs", scale["pipeline"], "graphs"),
                    ("centralities", scale["pipeline"], "centralities"),
                    ("total", scale["pipeline"], "total"),
                    ("naive", scale["naive"], "naive"),
                    ("figures_tally", scale["figures"], "tally"),
                )
            },
            "build": build,
            "targets": targets,
            "all_targets_met": all(t["met"] for t in targets if t["met"] is not None),
            "profiles": profiles,
        }
        output.parent.mkdir(parents=True, exist_ok=True)
        tmp = output.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        os.replace(tmp, output)
        print(f"\nwrote {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
