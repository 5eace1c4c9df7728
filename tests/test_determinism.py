"""Same inputs, same outputs, from any working directory.

Executing a notebook twice is `make test`'s strict nbval (it compares a fresh execution with the
stored outputs); here only the cheap parts: paths and loads from another working directory,
seeded layouts."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import nbformat
from conftest import DATA, REPO

from conflictbook import load_actors, load_interactions, load_periods
from conflictbook.analysis import networks, structure
from conflictbook.figures import networks as network_figures

PROBE = """
import json
import conflictbook
from conflictbook.data import paths
print(json.dumps({
    "root": str(paths.repo_root()),
    "data": str(paths.data_dir()),
    "actors": len(conflictbook.load_actors()),
    "interactions": len(conflictbook.load_interactions()),
}))
"""


def test_paths_and_loads_work_from_another_working_directory(tmp_path):
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
    }
    env.pop("CONFLICTBOOK_ROOT", None)
    if "CONFLICTBOOK_DATA" in env:  # may be relative to the working directory of pytest
        env["CONFLICTBOOK_DATA"] = str(DATA)
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=tmp_path, capture_output=True, text=True, env=env
    )
    assert result.returncode == 0, result.stderr[-3000:]
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["root"] == str(REPO)
    assert found["data"] == str(DATA)
    assert found["actors"] == len(load_actors())
    assert found["interactions"] == len(load_interactions())


def test_seeded_layout_and_camps_are_stable():
    interactions, periods, actors = load_interactions(), load_periods(), load_actors()
    graphs = networks.period_graphs(interactions, periods, actors)
    assert network_figures.shared_layout(graphs) == network_figures.shared_layout(graphs)
    busiest = max(graphs.values(), key=lambda g: g.number_of_edges())
    assert structure.detect_camps(busiest) == structure.detect_camps(busiest)


def test_stored_outputs_carry_no_timestamps_or_addresses():
    """Committed notebooks must not contain execution timestamps or object addresses (nbval would
    flap)."""
    for path in sorted((REPO / "notebooks").glob("*.ipynb")):
        text = path.read_text(encoding="utf-8")
        assert '"execution": {' not in text, f"{path.name} stores execution timestamps"
        assert " object at 0x" not in text, f"{path.name} shows a memory address"
        nb = nbformat.read(path, as_version=4)
        assert nb.metadata["kernelspec"]["name"] == "python3"
        code = [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]
        # committed executed: every code cell ran (some, like the imports, print nothing)
        assert all(c.get("execution_count") is not None for c in code), (
            f"{path.name} has code cells that were never executed; run make notebooks"
        )
