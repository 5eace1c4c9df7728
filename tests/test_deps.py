"""What a notebook's kernel records as its inputs, so that `make book` re-executes exactly the
notebooks whose inputs changed (and a prose edit, or an edit to a table a chapter never reads,
executes nothing)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import DATA, REPO

from conflictbook.data.deps import DEPS_ENV, dependency_digest


def recorded(tmp_path: Path, code: str) -> list[str]:
    """Run `code` as a notebook's kernel would (deps file set), return the recorded files."""
    record = tmp_path / "deps.json"
    env = {**os.environ, DEPS_ENV: str(record), "CONFLICTBOOK_DATA": str(DATA)}
    subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, check=True)
    return json.loads(record.read_text(encoding="utf-8"))["files"]


def data_file(name: str) -> str:
    return (DATA / name).resolve().relative_to(REPO.resolve()).as_posix()


def test_modules_imported_after_the_last_load_are_recorded_at_exit(tmp_path):
    files = recorded(
        tmp_path,
        "import conflictbook\n"
        "conflictbook.setup_notebook()\n"
        "conflictbook.load_periods()\n"
        "import conflictbook.widgets.explorer\n",
    )
    assert data_file("periods.csv") in files
    assert data_file("datapackage.json") in files
    assert "conflictbook/widgets/explorer.py" in files  # imported after the load: at exit
    assert data_file("events.csv") not in files


def test_a_kernel_stopped_at_once_has_recorded_its_last_cell_imports(tmp_path):
    # the build kills each kernel when its last cell is done (no exit handlers run): the record
    # must already hold what that cell imported
    cells = [
        "import conflictbook\nconflictbook.setup_notebook()\nconflictbook.load_periods()",
        "import conflictbook.widgets.explorer",
    ]
    files = recorded(
        tmp_path,
        "import os\n"
        "from IPython.core.interactiveshell import InteractiveShell\n"
        "shell = InteractiveShell.instance()\n"
        f"for cell in {cells!r}:\n"
        "    assert shell.run_cell(cell).success\n"
        "os._exit(0)\n",
    )
    assert "conflictbook/widgets/explorer.py" in files
    assert data_file("periods.csv") in files


def test_a_notebook_that_loads_no_table_still_records_its_modules(tmp_path):
    files = recorded(
        tmp_path,
        "import conflictbook\nconflictbook.setup_notebook()\nimport conflictbook.publish.forking\n",
    )
    assert "conflictbook/publish/forking.py" in files
    assert dependency_digest({"files": files}, REPO) is not None


def test_the_gazetteer_depends_on_places_and_actors_only(tmp_path):
    files = recorded(
        tmp_path,
        "from conflictbook.publish import reference\nreference.gazetteer()\nreference.glossary()\n",
    )
    tables = {Path(f).name for f in files if not f.startswith("conflictbook/")}
    assert tables == {
        "places.csv",
        "place_aliases.csv",
        "actors.csv",
        "actor_aliases.csv",
        "datapackage.json",
    }


def test_files_read_outside_the_loaders_are_recorded(tmp_path):
    files = recorded(
        tmp_path,
        "from conflictbook.publish import forking, performance\n"
        "performance.load_results()\n"
        "forking.error_examples()\n",
    )
    assert "benchmarks/results.json" in files  # new results re-execute the appendix
    # the fork chapter validates broken copies of the whole package: every file of it counts
    assert data_file("sources.csv") in files and data_file("figures.csv") in files


def test_the_digest_follows_the_recorded_files_only(tmp_path):
    (tmp_path / "a.csv").write_text("x\n1\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text("x\n1\n", encoding="utf-8")
    record = {"files": ["a.csv"]}
    before = dependency_digest(record, tmp_path)
    (tmp_path / "b.csv").write_text("x\n2\n", encoding="utf-8")
    assert dependency_digest(record, tmp_path) == before
    (tmp_path / "a.csv").write_text("x\n2\n", encoding="utf-8")
    assert dependency_digest(record, tmp_path) != before
    (tmp_path / "a.csv").unlink()
    assert dependency_digest(record, tmp_path).endswith("-missing:a.csv")
    assert dependency_digest({"files": []}, tmp_path) is None
