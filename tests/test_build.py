"""Build helpers: the determinism check compares what nbval compares; the _toc walk finds pages."""

from __future__ import annotations

from conflictbook.publish.build import _comparable, toc_files


def test_stream_chunks_are_joined_before_comparing():
    whole = [{"output_type": "stream", "name": "stdout", "text": "7 groups of figures\n"}]
    split = [
        {"output_type": "stream", "name": "stdout", "text": "7 groups of "},
        {"output_type": "stream", "name": "stdout", "text": "figures"},
    ]
    assert _comparable(whole) == _comparable(split)


def test_a_different_output_still_differs():
    a = [{"output_type": "stream", "name": "stdout", "text": "7 groups\n"}]
    b = [{"output_type": "stream", "name": "stdout", "text": "8 groups\n"}]
    html = [{"output_type": "display_data", "data": {"text/html": "<b>1</b>", "image/png": "x"}}]
    other = [{"output_type": "display_data", "data": {"text/html": "<b>2</b>", "image/png": "x"}}]
    assert _comparable(a) != _comparable(b) and _comparable(html) != _comparable(other)


def test_toc_lists_the_root_first():
    files = toc_files()
    assert files and files[0].startswith("book/")


def test_an_image_only_output_before_a_stream():
    image = {"output_type": "display_data", "data": {"image/png": "x"}}
    text = {"output_type": "stream", "name": "stdout", "text": "done\n"}
    assert _comparable([image, text]) == [(), ("stream", "stdout", "done")]


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

    from conflictbook.publish.build import _same_as_cached

    cache = get_cache(str(tmp_path / "cache"))
    cache.cache_notebook_bundle(
        CacheBundleIn(_notebook("print(1)", "1\n"), str(tmp_path / "a.ipynb")),
        check_validity=False,
    )
    assert _same_as_cached(_notebook("print(1)", "1\n"), cache)
    assert not _same_as_cached(_notebook("print(1)", "2\n"), cache)  # an output changed
    assert not _same_as_cached(_notebook("print(2)", "1\n"), cache)  # code never cached
