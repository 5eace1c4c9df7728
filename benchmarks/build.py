"""Build: what the book costs beyond any Jupyter Book (a few minutes).

    python benchmarks/build.py          # measures, prints, merges into benchmarks/results.json
    python benchmarks/build.py --keep   # keep the temporary copies (their paths are printed)

The working tree (without .venv, _build, .git) is copied to a temporary folder and built the way a
reader builds it, through the CLI only: `make book` (validate, execute what changed, then
`python -m conflictbook.publish.build html`), with make's VENV pointed at this interpreter's venv
and a fresh stamp, so that make installs nothing. Beside it a floor book with as many notebooks
(benchmarks/floor_book.py) is built the same way. Measured:

- clean `make book` / clean floor build (best of 2 each, alternating book and floor);
- `make book` after editing ONE cell of data/figures.csv (a `notes` cell; valid data still) /
  clean `make book` (best of 2, a different edit each time), and whether Sphinx ran;
- not a target: `make book` after lowering one figure's `low` by one (an edit a chapter shows, so
  its page is rendered again) / clean `make book` (once);
- `make test` (everything CI checks) / clean floor build (once).
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

ROOT = common.ROOT
FLOOR = Path(__file__).resolve().parent / "floor_book.py"


def _timed(cmd: list[str], cwd: Path, env: dict, log: Path) -> tuple[float, int]:
    started = time.perf_counter()
    with open(log, "a", encoding="utf-8") as fh:
        fh.write(f"\n$ {' '.join(cmd)}\n")
        fh.flush()
        code = subprocess.call(cmd, cwd=cwd, env=env, stdout=fh, stderr=subprocess.STDOUT)
    return time.perf_counter() - started, code


def _tail(log: Path, lines: int = 20) -> str:
    """The warnings and errors of a build log (colour codes removed), or its last lines."""
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
    """Execution time of each notebook, as jupyter-cache recorded it (read right after a clean
    build: the records of `make test`'s stored outputs have none)."""
    from jupyter_cache import get_cache

    try:
        records = get_cache(str(folder / "_build" / ".jupyter_cache")).list_cache_records()
    except Exception as exc:  # a failed build may leave no cache: report, do not stop
        return {"error": str(exc)}
    seconds = {Path(r.uri).name: (r.data or {}).get("execution_seconds") for r in records}
    # null, not NaN, where a record has none (NaN is not JSON)
    return {name: None if s is None else round(float(s), 2) for name, s in sorted(seconds.items())}


def copy_working_tree(target: Path) -> None:
    # benchmarks/results.json is copied: the performance appendix renders the previous results
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


def edit_one_cell(book: Path, attempt: int) -> str:
    """Change the `notes` cell of one row of data/figures.csv (row `attempt`), as a text edit."""
    path = book / "data" / "figures.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    header = next(csv.reader([lines[0]]))
    seen = 0
    for i, line in enumerate(lines[1:], start=1):
        row = next(csv.reader(io.StringIO(line)), [])
        if len(row) != len(header) or header[-1] != "notes":
            continue
        if seen < attempt:
            seen += 1
            continue
        stamp = f"benchmark edit {attempt}"
        if line.endswith('"'):
            lines[i] = line[:-1] + f"; {stamp}" + '"'
        elif row[-1]:
            lines[i] = line + f"; {stamp}"
        else:
            lines[i] = line + stamp
        path.write_text("\n".join(lines), encoding="utf-8")
        return f"{row[0]}: notes"
    raise RuntimeError("no row of data/figures.csv fits on one line")


def edit_one_number(book: Path) -> str:
    """Lower by one the `low` of the first displacement figure (a population_type) that has one
    above zero: an edit the chapters show, unlike a note (low stays <= best <= high)."""
    path = book / "data" / "figures.csv"
    text = path.read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header = rows[0]
    low, kind = header.index("low"), header.index("population_type")
    for row in rows[1:]:
        if len(row) == len(header) and row[kind] and row[low] and float(row[low]) >= 1:
            old = row[low]
            row[low] = str(int(float(old)) - 1) if float(old).is_integer() else str(float(old) - 1)
            out = io.StringIO(newline="")
            csv.writer(out, lineterminator="\n").writerows(rows)
            path.write_text(out.getvalue(), encoding="utf-8")
            return f"{row[0]}: low {old} -> {row[low]}"
    raise RuntimeError("no displacement figure with a low end in data/figures.csv")


def _rendered(log: Path) -> bool:
    """Whether the last command in the log ran Sphinx (the build says when it did not)."""
    last = log.read_text(encoding="utf-8", errors="replace").rsplit("\n$ ", 1)[-1]
    return "Sphinx is not run" not in last


def measure_build(keep: bool = False, clean_repeats: int = 2, edit_repeats: int = 2) -> dict:
    workdir = Path(tempfile.mkdtemp(prefix="conflictbook-bench-"))
    book, floor = workdir / "main", workdir / "floor"
    copy_working_tree(book)
    shared = ROOT.parent / "shared"  # source texts are looked up beside the book
    if shared.is_dir():
        (workdir / "shared").symlink_to(shared, target_is_directory=True)
    stamp = workdir / "venv.stamp"
    stamp.touch()  # newer than requirements.txt: make installs nothing
    venv = Path(sys.prefix)  # the venv (not resolved: its python is a symlink)
    env = {**os.environ, "CONFLICTBOOK_ROOT": str(book), "PYTHONPATH": str(book)}
    env.pop("CONFLICTBOOK_DATA", None)
    make = ["make", "--no-print-directory", f"VENV={venv}", f"STAMP={stamp}"]
    probe = subprocess.run(
        [sys.executable, "-c", "from conflictbook.publish import build; "
         "print(len(build.toc_notebooks()))"],
        cwd=book, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    n_notebooks = int(probe.stdout.strip().splitlines()[-1])
    floor_env = {
        k: v for k, v in os.environ.items() if k not in ("CONFLICTBOOK_ROOT", "PYTHONPATH")
    }
    jobs = {
        "book": ([*make, "book"], book, env, workdir / "book.log"),
        "floor": (
            [sys.executable, str(FLOOR), str(floor), "--notebooks", str(n_notebooks)],
            floor, floor_env, workdir / "floor.log",
        ),
        "test": ([*make, "test"], book, env, workdir / "test.log"),
    }  # fmt: skip
    floor.mkdir()
    runs: dict = {}

    def once(who: str, label: str, clean: bool) -> float:
        cmd, cwd, run_env, log = jobs[who]
        if clean:
            shutil.rmtree(cwd / "_build", ignore_errors=True)
        seconds, code = _timed(cmd, cwd, run_env, log)
        entry = runs.setdefault(label, {"times": [], "exit_codes": []})
        entry["times"].append(round(seconds, 2))
        entry["exit_codes"].append(code)
        print(f"  {label:16s} {seconds:7.1f} s (exit {code})", flush=True)
        return seconds

    for _ in range(clean_repeats):  # alternate: a slow spell of the machine hits both alike
        once("book", "book_clean", True)
        book_seconds = cached_seconds(book)  # make test's html-stored replaces these records
        once("floor", "floor_clean", True)
    edits, sphinx_ran = [], {}
    figures_csv = book / "data" / "figures.csv"
    committed = figures_csv.read_bytes()
    for attempt in range(edit_repeats):  # after a clean build: one cell changed
        edits.append(edit_one_cell(book, attempt))
        once("book", "book_one_cell_edit", False)
        sphinx_ran.setdefault("book_one_cell_edit", []).append(_rendered(jobs["book"][3]))
    # not a target: an edit that changes what a chapter shows, so that page is rendered again
    visible = edit_one_number(book)
    once("book", "book_visible_edit", False)
    sphinx_ran["book_visible_edit"] = [_rendered(jobs["book"][3])]
    # make test checks the data as committed: the stored outputs were made from them (the visible
    # edit changes two chapters' outputs, which strict nbval would rightly report)
    figures_csv.write_bytes(committed)
    # the scale part of this run may have just written results.json: the appendix's stored
    # outputs are refreshed to it in the copy (untimed), or strict nbval would rightly fail there
    subprocess.run(
        [sys.executable, "-m", "conflictbook.publish.build", "refresh",
         "notebooks/92_performance.ipynb"],
        cwd=book, env=env, check=True, capture_output=True,
    )  # fmt: skip
    once("test", "make_test", False)
    for entry in runs.values():
        entry["seconds"] = min(entry["times"])
        entry["exit_code"] = max(entry["exit_codes"], key=abs)
    clean, floor_s = runs["book_clean"]["seconds"], runs["floor_clean"]["seconds"]
    result = {
        "run_date": common.today(),
        "notebooks": n_notebooks,
        "runs": runs,
        "edited_cells": edits,
        "visible_edit": visible,
        "sphinx_ran": sphinx_ran,
        "book_command": "make book VENV=<venv> (validate, execute, python -m "
        "conflictbook.publish.build html) in a copy of the working tree",
        "floor_command": "benchmarks/floor_book.py: plain jupyter-book build -W -n --keep-going "
        "(serial execution, as issue 18 defines the floor)",
        "test_command": "make test VENV=<venv> in the same copy",
        "clean_ratio": round(clean / floor_s, 3),
        "edit_rebuild_fraction": round(runs["book_one_cell_edit"]["seconds"] / clean, 3),
        "visible_edit_fraction": round(runs["book_visible_edit"]["seconds"] / clean, 3),
        "test_ratio": round(runs["make_test"]["seconds"] / floor_s, 3),
        "notebook_execution_s": {"book": book_seconds, "floor": cached_seconds(floor)},
    }
    failed = {label: run["exit_code"] for label, run in runs.items() if run["exit_code"]}
    if failed:
        result["failed"] = failed
        result["log_tail"] = {
            who: _tail(jobs[who][3])
            for who in jobs
            if any(label.startswith(who) or (who == "test" and label == "make_test")
                   for label in failed)
        }  # fmt: skip
    if keep:
        result["workdir"] = str(workdir)
    else:
        shutil.rmtree(workdir, ignore_errors=True)
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", action="store_true", help="keep the temporary copies")
    args = parser.parse_args(argv)
    result = measure_build(keep=args.keep)
    import report

    report.update(build=result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
