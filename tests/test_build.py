"""Build helpers: the determinism check compares what nbval compares; the _toc walk finds pages."""

from __future__ import annotations

import pytest

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
