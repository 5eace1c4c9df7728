"""The book's Sphinx extension: under `make book`'s clean build, Sphinx reads the other pages
first and each notebook once its execution is in the cache; without the variable nothing waits."""

from __future__ import annotations

import os
import threading
import time

import pytest
from sphinx.errors import ExtensionError

from conflictbook.publish import sphinx_ext
from conflictbook.publish.sphinx_ext import AWAIT_ENV, await_marker, write_await_order

pytestmark = pytest.mark.datafree


@pytest.fixture
def awaiting(tmp_path, monkeypatch):
    write_await_order(tmp_path, ["notebooks/b", "notebooks/a"])
    monkeypatch.setenv(AWAIT_ENV, str(tmp_path))
    monkeypatch.setattr(sphinx_ext, "AWAIT_POLL_S", 0.01)
    # the executor is this test's parent process as Sphinx sees it: make it this process's
    monkeypatch.setattr(sphinx_ext.os, "getppid", os.getpid)
    return tmp_path


def test_other_pages_are_read_first_then_the_notebooks_in_the_order_they_run(awaiting):
    docnames = ["notebooks/a", "book/intro", "notebooks/b", "book/codebook", "notebooks/c"]
    sphinx_ext._order_reads(None, None, docnames)
    assert docnames == ["book/codebook", "book/intro", "notebooks/c", "notebooks/b", "notebooks/a"]


def test_a_notebook_is_read_once_its_execution_is_in_the_cache(awaiting):
    marker = await_marker(awaiting, "notebooks/b", True)
    threading.Timer(0.2, marker.touch).start()
    started = time.perf_counter()
    sphinx_ext._await_execution(None, "notebooks/b", None)
    assert time.perf_counter() - started >= 0.2 and marker.exists()
    sphinx_ext._await_execution(None, "book/intro", None)  # not awaited: returns at once


def test_a_failed_execution_or_a_stopped_build_stops_the_render(awaiting, monkeypatch):
    await_marker(awaiting, "notebooks/b", False).touch()
    with pytest.raises(ExtensionError, match="notebooks/b: its execution failed"):
        sphinx_ext._await_execution(None, "notebooks/b", None)
    monkeypatch.setattr(sphinx_ext.os, "getppid", lambda: 1)  # the executor has gone
    with pytest.raises(ExtensionError, match="notebooks/a: the build .* has stopped"):
        sphinx_ext._await_execution(None, "notebooks/a", None)


def test_without_the_variable_nothing_waits_or_moves(monkeypatch):
    monkeypatch.delenv(AWAIT_ENV, raising=False)
    docnames = ["notebooks/a", "book/intro"]
    sphinx_ext._order_reads(None, None, docnames)
    sphinx_ext._await_execution(None, "notebooks/a", None)
    assert docnames == ["notebooks/a", "book/intro"]
