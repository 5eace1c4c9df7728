"""When `make book` may skip Sphinx: only when nothing Sphinx reads changed since a render that
had no warning (a data edit reaches the pages through the notebooks' outputs instead)."""

from __future__ import annotations

import os
import time

import pytest

from conflictbook.publish import uptodate

pytestmark = pytest.mark.datafree


@pytest.fixture
def book(tmp_path, monkeypatch):
    """A tiny book tree rendered once, with its files dated a minute before that render."""
    root = tmp_path / "book"
    for name in ("_config.yml", "book/intro.md", "notebooks/01.ipynb", "data/figures.csv",
                 "_build/html/index.html"):  # fmt: skip
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x", encoding="utf-8")
    past = time.time() - 60
    for folder, dirs, files in os.walk(root):
        for name in [*dirs, *files, "."]:
            os.utime(os.path.join(folder, name), (past, past))
    monkeypatch.setenv("CONFLICTBOOK_ROOT", str(root))
    monkeypatch.delenv("CONFLICTBOOK_DATA", raising=False)
    monkeypatch.setattr(uptodate.sysconfig, "get_paths", lambda: {"purelib": str(tmp_path / "x")})
    uptodate.mark_rendered(time.time() - 30)
    return root


def touch(path, ago: float = 0.0):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch()
    os.utime(path, (time.time() - ago, time.time() - ago))


def test_nothing_changed_since_the_render(book):
    assert uptodate.render_is_current()


def test_an_edited_page_or_setting_needs_a_render(book):
    touch(book / "book" / "intro.md")
    assert not uptodate.render_is_current()


def test_a_new_file_counts_through_its_folder(book):
    (book / "book" / "new.md").write_text("# New", encoding="utf-8")
    os.utime(book / "book" / "new.md", (time.time() - 60, time.time() - 60))  # an old copy
    assert not uptodate.render_is_current()


def test_a_file_changed_during_the_render_counts(book):
    touch(book / "_config.yml", ago=10)  # after the render began, 30 s ago
    assert not uptodate.render_is_current()


def test_data_and_build_folders_are_not_inputs(book):
    touch(book / "data" / "figures.csv")
    touch(book / "_build" / ".jupyter_cache" / "db")
    assert uptodate.render_is_current()


def test_no_render_or_no_site_means_not_current(book):
    (book / "_build" / "html" / "index.html").unlink()
    assert not uptodate.render_is_current()
    (book / "_build" / "html" / "index.html").write_text("x", encoding="utf-8")
    (book / "_build" / "html.rendered").unlink()
    assert not uptodate.render_is_current()


def _notebook(code: str, output: str):
    import nbformat

    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell(code, execution_count=1)
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=output)]
    nb.cells = [nbformat.v4.new_markdown_cell("# A page"), cell]
    return nb


def test_an_execution_with_the_cached_outputs_is_not_rendered_again(tmp_path):
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    cache = get_cache(str(tmp_path / "cache"))
    cache.cache_notebook_bundle(
        CacheBundleIn(_notebook("print(1)", "1\n"), str(tmp_path / "a.ipynb")),
        check_validity=False,
    )
    assert uptodate.same_as_cached(_notebook("print(1)", "1\n"), cache)
    assert not uptodate.same_as_cached(_notebook("print(1)", "2\n"), cache)  # an output changed
    assert not uptodate.same_as_cached(_notebook("print(2)", "1\n"), cache)  # code never cached


def test_execute_caches_a_notebook_with_its_run_time_and_then_finds_it_up_to_date(
    tmp_path, monkeypatch, capsys
):
    """`make book`'s executor: the execution goes into Jupyter Book's cache with its run time
    (the execution status page showed '-' without it), and a second run executes nothing."""
    import nbformat
    from jupyter_cache import get_cache

    from conflictbook.publish import build

    root = tmp_path / "book"
    notebook = root / "notebooks" / "01.ipynb"
    notebook.parent.mkdir(parents=True)
    nbformat.write(_notebook("print(6 * 7)", "stale\n"), notebook)
    monkeypatch.setenv("CONFLICTBOOK_ROOT", str(root))
    monkeypatch.delenv("CONFLICTBOOK_DATA", raising=False)
    assert build.execute([notebook]) == 0
    (record,) = get_cache(str(build.cache_dir())).list_cache_records()
    assert record.uri == str(notebook) and record.data["execution_seconds"] > 0
    cached = get_cache(str(build.cache_dir())).get_cache_bundle(record.pk).nb
    assert cached.cells[0].outputs[0]["text"] == "42\n"  # the cache keeps code cells only
    capsys.readouterr()
    assert build.execute([notebook]) == 0
    assert "all 1 notebooks are up to date" in capsys.readouterr().out


def test_html_stored_replaces_and_marks_only_the_notebooks_whose_cache_differs(
    tmp_path, monkeypatch, capsys
):
    """`make test` renders the stored outputs. A page whose cached execution differs from them
    (an edit since reverted) is put in the cache, loses its dependency record and is dated now,
    or Sphinx would keep its page from the other outputs; an equal one is left alone."""
    import nbformat
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    from conflictbook.publish import build

    root = tmp_path / "book"
    (root / "notebooks").mkdir(parents=True)
    (root / "_toc.yml").write_text(
        "format: jb-book\nroot: notebooks/same\nchapters:\n- file: notebooks/edited\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("CONFLICTBOOK_ROOT", str(root))
    monkeypatch.delenv("CONFLICTBOOK_DATA", raising=False)
    cache = get_cache(str(build.cache_dir()))
    past = time.time() - 60
    # (the cache keys on code: each notebook has its own)
    for name, code, stored, cached in (("same", "print(1)", "1\n", "1\n"),
                                       ("edited", "print(2)", "2\n", "3\n")):  # fmt: skip
        path = root / "notebooks" / f"{name}.ipynb"
        nbformat.write(_notebook(code, stored), path)
        os.utime(path, (past, past))
        cache.cache_notebook_bundle(
            CacheBundleIn(_notebook(code, cached), str(path)), check_validity=False
        )
        (build.cache_dir() / "deps").mkdir(parents=True, exist_ok=True)
        (build.cache_dir() / "deps" / f"{name}.json").write_text("{}", encoding="utf-8")
    rendered = []
    monkeypatch.setattr(build, "_render_unless_current", lambda: rendered.append(1) or 0)
    assert build.html_stored() == 0 and rendered == [1]
    assert "1 differ from the cached executions" in capsys.readouterr().out
    edited, same = root / "notebooks" / "edited.ipynb", root / "notebooks" / "same.ipynb"
    fresh = get_cache(str(build.cache_dir()))
    assert uptodate.same_as_cached(nbformat.read(edited, as_version=4), fresh)
    assert edited.stat().st_mtime > past + 30 and same.stat().st_mtime < past + 1
    assert not (build.cache_dir() / "deps" / "edited.json").exists()
    assert (build.cache_dir() / "deps" / "same.json").exists()


def test_a_print_split_into_two_messages_is_the_same_output(tmp_path):
    """A kernel sent `print(...)` as "x" and "\\n" one time and "x\\n" the next: the page was
    rendered again for nothing (a one-cell edit ran Sphinx in one of two benchmark runs)."""
    import nbformat
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    cache = get_cache(str(tmp_path / "cache"))
    cache.cache_notebook_bundle(
        CacheBundleIn(_notebook("print(1)", "1\n"), str(tmp_path / "a.ipynb")),
        check_validity=False,
    )
    split = _notebook("print(1)", "1")
    split.cells[1].outputs.append(nbformat.v4.new_output("stream", name="stdout", text="\n"))
    assert uptodate.same_as_cached(split, cache)
    split.cells[1].outputs.append(nbformat.v4.new_output("stream", name="stderr", text="\n"))
    assert not uptodate.same_as_cached(split, cache)
