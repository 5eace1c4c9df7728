"""Kernels forked from a warm process (publish.warm_kernels) must be indistinguishable from fresh
ones in what a notebook shows, and must not outlive the process jupyter_client watches."""

from __future__ import annotations

import os
import time
import warnings

import nbformat
import pytest
from nbclient import NotebookClient

from conflictbook.publish import warm_kernels

pytestmark = [
    pytest.mark.datafree,
    pytest.mark.skipif(not warm_kernels.available(), reason="warm kernels need fork (Linux)"),
]

CELLS = [
    # pandas fits 20 columns in a kernel (a terminal's width elsewhere)
    "import pandas as pd\npd.DataFrame([range(30)], columns=[f'column_{i}' for i in range(30)])",
    # matplotlib draws inline: ipykernel's backend, not the one of a plain process
    "import matplotlib\nimport matplotlib.pyplot as plt\nprint(matplotlib.get_backend())\n"
    "fig, ax = plt.subplots(figsize=(2, 1))\nax.plot([0, 1], [1, 0])\nplt.show()",
    # nothing of conflictbook is loaded before a cell asks (the build records what cells import)
    "import sys, os\nprint(sorted(m for m in sys.modules if m.startswith('conflictbook')))\n"
    "print(os.path.basename(os.getcwd()))",
]


def _execute(folder) -> list:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(code) for code in CELLS]
    warnings.filterwarnings("ignore", message=".*running over TCP.*")
    NotebookClient(
        nb,
        kernel_name="python3",
        shutdown_kernel="immediate",
        resources={"metadata": {"path": str(folder)}},
    ).execute()
    return [cell.outputs for cell in nb.cells]


def test_a_forked_kernel_shows_what_a_fresh_kernel_shows(tmp_path):
    fresh = _execute(tmp_path)
    with warm_kernels.forked_kernels() as forked:
        assert forked
        warm = _execute(tmp_path)
    assert warm == fresh
    assert "module://matplotlib_inline" in fresh[1][0]["text"]
    assert any("image/png" in out.get("data", {}) for out in fresh[1])
    assert fresh[2][0]["text"] == f"[]\n{tmp_path.name}\n"


def test_without_a_warm_process_the_launcher_is_a_plain_kernel(tmp_path, monkeypatch):
    spec = warm_kernels.kernel_spec_dir(tmp_path / "jupyter")
    monkeypatch.setenv("JUPYTER_PATH", str(spec))
    monkeypatch.delenv(warm_kernels.SOCKET_ENV, raising=False)
    assert _execute(tmp_path)[2][0]["text"] == f"[]\n{tmp_path.name}\n"
    monkeypatch.setenv(warm_kernels.SOCKET_ENV, str(tmp_path / "no-such.sock"))
    assert _execute(tmp_path)[2][0]["text"] == f"[]\n{tmp_path.name}\n"


def _gone(pid: int, seconds: float = 5.0) -> bool:
    for _ in range(int(seconds / 0.05)):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


def test_a_kernel_stopped_at_once_does_not_outlive_its_launcher():
    from jupyter_client.manager import start_new_kernel

    with warm_kernels.forked_kernels():
        manager, client = start_new_kernel(kernel_name="python3")
        printed = []
        try:
            client.execute_interactive(
                "import os; print(os.getpid())",
                output_hook=lambda msg: printed.append(msg["content"].get("text", "")),
                timeout=30,
            )
        finally:
            client.stop_channels()
        kernel, launcher = int("".join(printed)), manager.provisioner.process.pid
        assert kernel != launcher  # forked by the warm process, not started by jupyter_client
        manager.shutdown_kernel(now=True)  # SIGKILL to the launcher, as the build stops kernels
        assert _gone(kernel)  # while the warm process still runs
