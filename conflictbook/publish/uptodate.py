"""Whether the rendered site is current, so `make book` can skip a Sphinx run that would change
nothing (Sphinx takes about 4 s to start, load its environment and find that out).

The site is current when it was rendered without a warning and nothing Sphinx reads is newer than
that render: no page, notebook, setting, stylesheet or package module under the book (the data
folder aside: it reaches the pages through the notebooks, whose outputs the build compares, and
the downloads, which are rewritten on every build), and no package installed since. A new, edited
or deleted file counts, since it changes its folder's time too."""

from __future__ import annotations

import os
import sysconfig
from pathlib import Path

from ..data import paths

__all__ = [
    "render_is_current",
    "mark_rendered",
    "newest_input",
    "same_as_cached",
    "comparable_outputs",
    "joined_streams",
]

# what Sphinx never reads (exclude_patterns of _config.yml, and tool caches)
SKIPPED = {
    "_build", ".git", ".venv", "build", "__pycache__", ".pytest_cache", ".hypothesis",
    ".ipynb_checkpoints",
}  # fmt: skip


def _stamp() -> Path:
    return paths.build_dir() / "html.rendered"


def newest_input(root: Path | None = None) -> float:
    """The latest modification time of anything under the book that Sphinx may read."""
    root = Path(root) if root is not None else paths.repo_root()
    skipped_dirs = {(root / "data").resolve(), paths.data_dir().resolve()}
    newest = root.stat().st_mtime
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        dirs[:] = [
            d
            for d in dirs
            if d not in SKIPPED
            and not d.endswith(".egg-info")
            and (here / d).resolve() not in skipped_dirs
        ]
        for name in [*dirs, *files]:
            try:
                newest = max(newest, (here / name).stat().st_mtime)
            except OSError:  # removed while we walk (an editor's swap file): not an input
                continue
    installed = Path(sysconfig.get_paths()["purelib"])
    return max(newest, installed.stat().st_mtime) if installed.is_dir() else newest


def render_is_current() -> bool:
    stamp = _stamp()
    if not stamp.is_file() or not (paths.build_dir() / "html" / "index.html").is_file():
        return False
    return newest_input() <= stamp.stat().st_mtime


def mark_rendered(started: float) -> None:
    """After a render without warnings that began at `started` (time.time()): anything changed
    during the render is newer than the mark."""
    stamp = _stamp()
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text("the html build that began at this file's time had no warning\n")
    os.utime(stamp, (started, started))


def same_as_cached(nb, cache) -> bool:
    """Whether the jupyter-cache `cache` holds an execution of this notebook's code with exactly
    these outputs (an input changed in a way the notebook does not show, such as a note in a row
    it only counts): then its page needs no new render. Streams are compared joined: a print
    split into two messages one time and sent as one the next is the same output."""
    try:
        cached = cache.get_cache_bundle(cache.match_cache_notebook(nb).pk).nb
    except KeyError:
        return False

    def outputs(notebook) -> list:
        return [
            (c.get("execution_count"), joined_streams(c.get("outputs", [])))
            for c in notebook.cells
            if c.cell_type == "code"
        ]

    return outputs(nb) == outputs(cached)


def joined_streams(outputs: list) -> list:
    """A cell's outputs with consecutive chunks of one stream joined into one output: the kernel
    splits a print into messages as its flushes fall (`print(x)` came as "x" and "\\n" one time,
    "x\\n" the next), which is not part of the output. Other outputs are kept as they are."""
    joined: list = []
    for out in outputs:
        last = joined[-1] if joined else None
        if (
            out.get("output_type") == "stream"
            and last is not None
            and last.get("output_type") == "stream"
            and last.get("name") == out.get("name")
        ):
            joined[-1] = {**last, "text": _text(last) + _text(out)}
        else:
            joined.append(out)
    return joined


def _text(stream) -> str:
    text = stream.get("text", "")
    return text if isinstance(text, str) else "".join(text)


def comparable_outputs(outputs: list) -> list:
    """What nbval compares of a cell's outputs: text and HTML, streams and errors (not images, not
    ids). Consecutive chunks of one stream are joined, as nbval joins them: how a kernel splits a
    stream into messages is not part of the output."""
    kept = []
    for out in joined_streams(outputs):
        if out.get("output_type") == "stream":
            kept.append(("stream", out.get("name"), _text(out)))
        elif out.get("output_type") == "error":
            kept.append(("error", out.get("ename"), out.get("evalue")))
        else:
            data = out.get("data", {})
            kept.append(
                tuple(
                    sorted(
                        (k, str(v))
                        for k, v in data.items()
                        if k in ("text/plain", "text/html", "text/markdown")
                    )
                )
            )
    return [(k[0], k[1], k[2].rstrip("\n")) if k and k[0] == "stream" else k for k in kept]
