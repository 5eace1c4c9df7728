"""The stored outputs (the executed notebooks as committed): render them as they are, refresh them,
and compare them with `make book`'s executions.

`make test` renders the stored outputs (`html-stored`) after strict nbval has found them equal to a
fresh execution, so no notebook runs twice; `make notebooks` refreshes them; `make check-cache`
says where `make book`'s executions differ from them. All three are commands of
`python -m conflictbook.publish.build`."""

from __future__ import annotations

import os
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from . import build, uptodate

__all__ = ["html_stored", "refresh", "check_cache"]


def html_stored() -> int:
    """Render the stored outputs as they are: each notebook whose stored outputs differ from its
    cached execution goes into Jupyter Book's cache in its place (so the render executes nothing),
    loses its dependency record (a later `make book` executes it afresh) and is marked for Sphinx
    to read again; one whose stored outputs are the cached ones is left as it is."""
    import nbformat
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    cache = get_cache(str(build.cache_dir()))
    notebooks, replaced = build.toc_notebooks(), []
    for nb_path in notebooks:
        nb = nbformat.read(nb_path, as_version=4)
        if uptodate.same_as_cached(nb, cache):
            continue
        cache.cache_notebook_bundle(
            CacheBundleIn(nb, str(nb_path)), check_validity=False, overwrite=True
        )
        build._deps_file(nb_path).unlink(missing_ok=True)
        # Sphinx re-reads a page only when its file looks newer than its last read: without
        # this, a page rendered from other outputs (an edit since reverted) stayed on the site
        os.utime(nb_path)
        replaced.append(nb_path.name)
    print(
        f"html-stored: the stored outputs of {len(notebooks)} notebooks, nothing executed; "
        f"{len(replaced)} differ from the cached executions and are rendered again"
        + (f": {', '.join(replaced)}" if replaced else "")
    )
    return build._render_unless_current()


def refresh(notebooks: list[Path]) -> int:
    """Re-execute notebooks and write their outputs back atomically (a temporary file, then a
    move)."""
    import nbformat

    from ..data.texts import missing_texts

    notebooks = notebooks or sorted((build.root() / "notebooks").glob("*.ipynb"))
    for source_id, file_name in missing_texts():
        print(
            f"refresh: the text of {source_id} ({file_name}) is absent; the chapters read the "
            "stored derived tables (data/derived/), so the stored outputs stay as they are"
        )
    failed = 0
    with ProcessPoolExecutor(max_workers=build._kernels()) as pool:
        jobs = {p: pool.submit(build._run, str(p)) for p in notebooks}
        for path, job in jobs.items():
            try:
                nb, _ = job.result()
            except Exception as exc:  # nothing is written for a notebook that failed
                failed += 1
                print(
                    f"{path.name}: execution failed, stored outputs left unchanged: "
                    f"{build._last_line(exc)}"
                )
                continue
            fd, tmp = tempfile.mkstemp(suffix=".ipynb", dir=path.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                nbformat.write(nb, fh)
            os.replace(tmp, path)
            print(f"refreshed {path.name}")
    return 1 if failed else 0


def check_cache(notebooks: list[Path] | None = None) -> int:
    """After `make book`: the book build's executions give the stored outputs, or the stored
    outputs are stale; names the first cell that differs."""
    import nbformat
    from jupyter_cache import get_cache

    cache = get_cache(str(build.cache_dir()))
    problems = 0
    for nb_path in notebooks or build.toc_notebooks():
        stored = nbformat.read(nb_path, as_version=4)
        try:
            record = cache.match_cache_notebook(stored)
        except KeyError:
            print(f"check-cache: {nb_path.name} has no cached execution; run `make book` first")
            problems += 1
            continue
        executed = cache.get_cache_bundle(record.pk).nb
        code = [c for c in stored.cells if c.cell_type == "code"]
        ran = [c for c in executed.cells if c.cell_type == "code"]
        for i, (a, b) in enumerate(zip(code, ran)):
            stored_out, ran_out = (
                uptodate.comparable_outputs(a.get("outputs", [])),
                uptodate.comparable_outputs(b.get("outputs", [])),
            )
            if stored_out != ran_out:
                first = next(
                    (str(x)[:120], str(y)[:120])
                    for x, y in zip(
                        stored_out + [None] * len(ran_out), ran_out + [None] * len(stored_out)
                    )
                    if x != y
                )
                print(
                    f"check-cache: {nb_path.name}: code cell {i} gave different output in the "
                    f"book build than stored (stored {first[0]!r}, built {first[1]!r}); outputs "
                    "are not deterministic, or the stored outputs are stale (make notebooks)"
                )
                problems += 1
                break
    if not problems:
        print("check-cache: the book build's executions match the stored outputs")
    return 1 if problems else 0
