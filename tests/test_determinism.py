"""Same inputs, same outputs: two executions of a full notebook give identical text outputs."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from conftest import REPO
from nbclient import NotebookClient

from conflictbook import load_actors, load_interactions, load_periods
from conflictbook.analysis import networks, structure
from conflictbook.figures import networks as network_figures

TEXT_KEYS = ("text/plain", "text/html", "text/markdown")


def text_outputs(path: Path, cwd: Path) -> list:
    nb = nbformat.read(path, as_version=4)
    NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}
    ).execute()
    found = []
    for cell in nb.cells:
        streams = {}
        for output in cell.get("outputs", []):
            if (
                output.output_type == "stream"
            ):  # the kernel may split one print loop into several messages
                streams[output.name] = streams.get(output.name, "") + output.text
            elif "data" in output:
                found.append({k: v for k, v in output["data"].items() if k in TEXT_KEYS})
        found.extend(f"{name}: {text}" for name, text in sorted(streams.items()))
    return found


@pytest.mark.parametrize("notebook", ["02_actor_networks.ipynb"])
def test_two_runs_give_identical_text_outputs_from_different_directories(notebook, tmp_path):
    """Also run from a directory other than notebooks/: paths must not depend on the working directory."""
    path = REPO / "notebooks" / notebook
    first = text_outputs(path, REPO / "notebooks")
    second = text_outputs(path, tmp_path)
    assert json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)
    assert any("self-check passed" in str(o) for o in first)


def test_seeded_layout_and_camps_are_stable():
    interactions, periods, actors = load_interactions(), load_periods(), load_actors()
    graphs = networks.period_graphs(interactions, periods, actors)
    assert network_figures.shared_layout(graphs) == network_figures.shared_layout(graphs)
    war = graphs["war_1991_1994"]
    assert structure.detect_camps(war) == structure.detect_camps(war)


def test_stored_outputs_carry_no_timestamps_or_addresses():
    """Committed notebooks must not contain execution timestamps or object addresses (nbval would flap)."""
    for path in sorted((REPO / "notebooks").glob("*.ipynb")):
        text = path.read_text(encoding="utf-8")
        assert '"execution": {' not in text, f"{path.name} stores execution timestamps"
        assert " object at 0x" not in text, f"{path.name} shows a memory address"
        nb = nbformat.read(path, as_version=4)
        assert nb.metadata["kernelspec"]["name"] == "python3"
        code = [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]
        assert all(c.get("outputs") for c in code), (
            f"{path.name} has code cells without stored outputs"
        )
