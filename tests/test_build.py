"""Build helpers: the determinism check compares what nbval compares; the _toc walk finds pages."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import nbformat
import pytest
from conftest import MINI, REPO

from conflictbook.publish import build
from conflictbook.publish.build import toc_files
from conflictbook.publish.uptodate import comparable_outputs, joined_streams

pytestmark = pytest.mark.datafree


def test_stream_chunks_are_joined_before_comparing():
    whole = [{"output_type": "stream", "name": "stdout", "text": "7 groups of figures\n"}]
    split = [
        {"output_type": "stream", "name": "stdout", "text": "7 groups of "},
        {"output_type": "stream", "name": "stdout", "text": "figures"},
    ]
    assert comparable_outputs(whole) == comparable_outputs(split)


def test_a_different_output_still_differs():
    a = [{"output_type": "stream", "name": "stdout", "text": "7 groups\n"}]
    b = [{"output_type": "stream", "name": "stdout", "text": "8 groups\n"}]
    html = [{"output_type": "display_data", "data": {"text/html": "<b>1</b>", "image/png": "x"}}]
    other = [{"output_type": "display_data", "data": {"text/html": "<b>2</b>", "image/png": "x"}}]
    assert comparable_outputs(a) != comparable_outputs(b)
    assert comparable_outputs(html) != comparable_outputs(other)


def test_toc_lists_the_root_first():
    files = toc_files()
    assert files and files[0].startswith("book/")


def test_an_image_only_output_before_a_stream():
    image = {"output_type": "display_data", "data": {"image/png": "x"}}
    text = {"output_type": "stream", "name": "stdout", "text": "done\n"}
    assert comparable_outputs([image, text]) == [(), ("stream", "stdout", "done")]


def test_joined_streams_keeps_order_and_other_outputs():
    out = [
        {"output_type": "stream", "name": "stdout", "text": "a"},
        {"output_type": "stream", "name": "stdout", "text": "\n"},
        {"output_type": "stream", "name": "stderr", "text": "w\n"},
        {"output_type": "display_data", "data": {"text/plain": "t"}, "metadata": {}},
        {"output_type": "stream", "name": "stdout", "text": ["b", "\n"]},
    ]
    assert joined_streams(out) == [
        {"output_type": "stream", "name": "stdout", "text": "a\n"},
        out[2],
        out[3],
        out[4],
    ]


@pytest.mark.skipif(
    shutil.which("jupyter-book", path=str(Path(sys.executable).parent)) is None,
    reason="jupyter-book is not installed in this environment",
)
def test_a_clean_build_reads_each_notebook_once_it_has_run(tmp_path, monkeypatch, capfd):
    """`make book` from scratch: Sphinx starts beside the kernels and takes each notebook's
    outputs from the cache (it never executes one itself); the next build does nothing."""
    book = tmp_path / "book"
    shutil.copytree(MINI, book / "data")  # the downloads are written from a data package
    (book / "book" / "_static").mkdir(parents=True)
    for name in ("favicon.png", "conflictbook.css"):
        shutil.copy(REPO / "book" / "_static" / name, book / "book" / "_static" / name)
    (book / "_config.yml").write_text(
        "title: t\nonly_build_toc_files: true\nexclude_patterns: [_build, data]\n"
        "execute:\n  execute_notebooks: cache\n  cache: _build/.jupyter_cache\n"
        "sphinx:\n  extra_extensions: [conflictbook.publish.sphinx_ext]\n",
        encoding="utf-8",
    )
    (book / "_toc.yml").write_text(
        "format: jb-book\nroot: intro\nchapters:\n- file: notebooks/one\n- file: notebooks/two\n",
        encoding="utf-8",
    )
    (book / "intro.md").write_text("# Intro\n\nA page.\n", encoding="utf-8")
    (book / "notebooks").mkdir()
    for name in ("one", "two"):
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_markdown_cell(f"# {name}"),
                    nbformat.v4.new_code_cell(f"print('ran {name}')")]  # fmt: skip
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "P", "language": "python"}
        nbformat.write(nb, book / "notebooks" / f"{name}.ipynb")
    monkeypatch.setenv("CONFLICTBOOK_ROOT", str(book))
    monkeypatch.setenv("CONFLICTBOOK_DATA", str(book / "data"))
    assert build.html() == 0
    log = capfd.readouterr().out
    assert "reading each notebook once it has run" in log
    assert log.count("Using cached notebook") == 2 and "Executing notebook" not in log
    for name in ("one", "two"):
        assert (
            f"ran {name}" in (book / "_build" / "html" / "notebooks" / f"{name}.html").read_text()
        )
    assert build.html() == 0  # nothing changed: nothing executed, Sphinx not run
    log = capfd.readouterr().out
    assert "all 2 notebooks are up to date" in log and "Sphinx is not run" in log
