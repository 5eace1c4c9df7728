"""Report: merge new measurements into benchmarks/results.json, evaluate the targets, print them.

    python benchmarks/report.py      # re-evaluate and print the targets of results.json as it is

scale.py and build.py call `update(scale=...)` / `update(build=...)`: the part given replaces its
section, the other section is kept as it was, with the date of the run it came from (`run_date`), so
a target evaluated on an older run says so in its note.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402
from common import fmt, target  # noqa: E402


def _entry(rows: list[dict], n: int) -> dict | None:
    return next((r for r in rows if r["n"] == n), None)


def _scale_targets(results: dict) -> list[dict]:
    scale = results.get("scale") or {}
    run = results.get("scale_run_date", "?")
    out = []
    figures = _entry(scale.get("figures", []), 10**6)
    growth = (results.get("growth") or {}).get("figures", {}).get(f"{10**5}->{10**6}")
    out.append(
        target(
            "figures tally at 10^6 figures (s)",
            None if figures is None else figures["stages"]["tally"]["best_s"],
            "plausible_totals by stock_flow (the figures coded once, groups linked on the codes "
            "as group_parents links them, flows and stocks each a slice of the codes), best of "
            f"{figures['repeats'] if figures else '-'}; growth exponent 10^5 -> 10^6: "
            f"{fmt(growth, '.2f')}; run {run}",
            extrapolated=bool(figures and figures.get("extrapolated")),
        )
    )
    rows = scale.get("duckdb", [])
    ten7 = _entry(rows, 10**7)
    measured = ten7 is not None and not ten7.get("extrapolated")
    out.append(
        target(
            "DuckDB: 10^7 event rows to per-period graphs (s)",
            None if ten7 is None else ten7["stages"]["duckdb"]["best_s"],
            "events_duckdb.period_graphs on 10 Parquet parts: SQL GROUP BY per period and dyad, "
            f"then networks.signed_graph per period; run {run}",
            extrapolated=bool(ten7 and ten7.get("extrapolated")),
        )
    )
    peak = ten7["stages"]["duckdb"].get("peak_rss_mb") if measured else None
    out.append(
        target(
            "DuckDB: 10^7 event rows peak memory (GB)",
            None if peak is None else peak / 1024,
            "peak RSS of the whole worker process (Python, pandas, DuckDB) during the stage; "
            f"DuckDB memory_limit 2GB; run {run}",
        )
    )
    ten8 = _entry(rows, 10**8)
    note = "100 Parquet parts"
    if ten8 is not None and ten8.get("extrapolated"):
        note = ten8.get("note", "extrapolated")
    out.append(
        target(
            "DuckDB: 10^8 event rows (s)",
            None if ten8 is None else ten8["stages"]["duckdb"]["best_s"],
            f"{note}; target assumed: ten times the 10^7 target (linear); run {run}",
            extrapolated=bool(ten8 and ten8.get("extrapolated")),
        )
    )
    return out


def _build_targets(results: dict) -> list[dict]:
    build = results.get("build") or {}
    run = build.get("run_date", "?")
    failed = build.get("failed")
    suffix = f"; a build failed: {failed}" if failed else ""
    retry = results.get("build_failed_run")
    if retry:
        suffix += (
            f"; the re-run of {retry.get('run_date')} FAILED ({retry.get('failed')}; see "
            "build_failed_run.log_tail), so these numbers are not re-measured"
        )
    if "clean_ratio" in build:  # a run of benchmarks/build.py
        entries = [
            ("clean make book / floor book", build["clean_ratio"], "best clean make book / best "
             "clean floor build"),
            ("rebuild after one-cell table edit / clean build", build["edit_rebuild_fraction"],
             f"make book after editing {', '.join(build.get('edited_cells', []))} / clean"),
            ("make test / floor book", build["test_ratio"], "make test / best clean floor build"),
        ]  # fmt: skip
        out = [target(name, value, f"{note}; run {run}{suffix}") for name, value, note in entries]
        if failed:
            for entry in out:
                entry["met"] = False if entry["met"] is False else None
        return out
    # an older run (benchmarks/run.py): only what it measured, marked with its date
    old = f"NOT RE-RUN: from the build run of {run} (benchmarks/run.py)"
    return [
        target(
            "clean make book / floor book",
            build.get("ratio"),
            f"{old}, which timed `python -m conflictbook.build html` (not `make book`) / "
            f"floor{suffix}",
            run_date=run,
        ),
        target(
            "rebuild after one-cell table edit / clean build",
            None,
            f"not measured yet; {old} measured a no-change rebuild only: "
            f"{build.get('rebuild_fraction')} of the clean build{suffix}",
            run_date=run,
        ),
        target("make test / floor book", None, f"not measured yet ({old}){suffix}", run_date=run),
    ]


def evaluate(results: dict) -> dict:
    results["targets"] = _build_targets(results) + _scale_targets(results)
    # every target met and measured: a target not evaluated does not count as met
    results["all_targets_met"] = all(t["met"] is True for t in results["targets"])
    return results


def print_scale(results: dict) -> None:
    scale = results["scale"]
    print("\nscale (seconds: best of repeats; * extrapolated; MB: peak RSS during the stage)")
    for task, stage in (("pipeline", "total"), ("naive", "naive"), ("figures", "tally"),
                        ("duckdb", "duckdb")):  # fmt: skip
        for row in scale.get(task, []):
            s = row["stages"][stage]
            mark = "*" if row.get("extrapolated") else " "
            print(
                f"  {task:9s} {row['n']:>12,} {s['best_s']:9.3f}{mark} s "
                f"{fmt(s.get('peak_rss_mb'), '.0f'):>7} MB"
            )
    for task, slopes in results.get("growth", {}).items():
        parts = "  ".join(f"{k}: {fmt(v, '.2f')}" for k, v in slopes.items())
        print(f"  growth {task:9s} {parts}")


def print_targets(results: dict) -> None:
    print("\ntargets")
    for t in results["targets"]:
        verdict = {True: "met", False: "MISSED", None: "n/a"}[t["met"]]
        extra = " (extrapolated)" if t.get("extrapolated") else ""
        print(f"  {verdict:7s} {t['name']}: {fmt(t['value'], '.3g')}{extra} (target {t['target']})")
        if t["note"]:
            print(f"          {t['note']}")
    print(f"all_targets_met: {results['all_targets_met']}")


def update(scale: dict | None = None, build: dict | None = None, path: Path = common.RESULTS):
    results = common.read_results(path)
    results["machine"] = common.machine()
    if scale is not None:
        for key in ("scale", "growth", "settings", "mode"):
            results[key] = scale[key]
        results["scale_run_date"] = common.today()
        results.pop("profiles", None)  # from run.py; not re-measured
        results.pop("targets_definition", None)
    if build is not None and build.get("failed") and results.get("build"):
        # a failed build's times are of builds that stopped early: keep the last good numbers
        # (with their date) and record the failure beside them
        results["build_failed_run"] = {
            k: build.get(k) for k in ("run_date", "runs", "failed", "log_tail")
        }
    elif build is not None:
        results["build"] = build
        results.pop("build_failed_run", None)
    results["targets_definition"] = {k: f"{b} {v:g}" for k, (v, b) in common.TARGETS.items()}
    evaluate(results)
    if scale is not None:
        print_scale(results)
    print_targets(results)
    print(f"\nwrote {common.write_results(results, path)}")
    return results


def main() -> int:
    results = evaluate(common.read_results())
    print_targets(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
