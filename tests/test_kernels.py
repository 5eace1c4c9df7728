"""Kernels on Unix sockets: over TCP a kernel picks a free port and binds it a moment later, and
another connection on the machine can take it in between (the kernel died at start, "Address
already in use", failing `make book`)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
import pytest

from conflictbook.publish import kernels

pytestmark = [
    pytest.mark.datafree,
    pytest.mark.skipif(os.name == "nt", reason="Unix sockets: kernels use TCP on Windows"),
]

TRANSPORT = (
    "import json\nfrom ipykernel import get_connection_info\n"
    "print(json.loads(get_connection_info())['transport'])"
)


def _notebook(path: Path, output: str | None = None) -> Path:
    cell = nbformat.v4.new_code_cell(TRANSPORT, execution_count=1)
    if output is not None:
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=output)]
    nb = nbformat.v4.new_notebook(cells=[cell])
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, path)
    return path


def test_make_books_executor_runs_kernels_on_sockets_and_removes_their_folder(
    tmp_path, monkeypatch
):
    from conflictbook.publish.build import _run

    # the kernel's own folder, seen as it is made: other runs on the machine make theirs in the
    # same temporary folder, so listing it before and after is no test
    made, mkdtemp = [], tempfile.mkdtemp
    monkeypatch.setattr(
        tempfile, "mkdtemp", lambda *a, **k: made.append(mkdtemp(*a, **k)) or made[-1]
    )
    ran, seconds = _run(str(_notebook(tmp_path / "n.ipynb")))
    assert ran.cells[0].outputs[0]["text"] == "ipc\n" and seconds > 0
    folders = [f for f in made if Path(f).name.startswith("conflictbook-kernel-")]
    assert len(folders) == 1 and not Path(folders[0]).exists()  # it went with the kernel


def test_nbval_with_the_plugin_runs_kernels_on_sockets(tmp_path):
    """The stored output says `ipc`: strict nbval with the plugin passes only if its kernel is on
    Unix sockets (without the plugin it prints `tcp`, and fails)."""
    notebook = _notebook(tmp_path / "n.ipynb", output="ipc\n")
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval"]
    with_plugin = subprocess.run(
        [*command, "-p", kernels.__name__, str(notebook)],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert with_plugin.returncode == 0, with_plugin.stdout[-2000:]
