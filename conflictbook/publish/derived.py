"""Recompute the derived tables (data/derived/) from the source texts, or check that the stored
ones are current: `python -m conflictbook.publish.derived write|check` (`make derived` writes).

Only the sources whose texts are present are recomputed; the stored rows of the others are kept,
so a refresh without the texts never empties a chapter."""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

import pandas as pd

from ..analysis.coverage import uncovered_numbers, uncovered_sentences
from ..data import load_package, paths
from ..data.derived import derived_dir, load_derived, load_manifest
from ..data.texts import read_source_text

__all__ = ["DERIVED", "compute", "stale", "write"]

DERIVED = {"uncovered_numbers": uncovered_numbers, "uncovered_sentences": uncovered_sentences}


def compute(name: str, data_dir: Path | None = None) -> tuple[pd.DataFrame, dict[str, str]]:
    """The table for every source whose text is present, and the checksum of each text used."""
    tables = load_package(data_dir)
    frames, used = [], {}
    for row in tables["sources"].itertuples(index=False):
        text = read_source_text(row.file, row.text_sha256, data_dir)
        if text is None or not text.matches:
            continue
        frames.append(DERIVED[name](row.source_id, text.path.read_text(encoding="utf-8"), tables))
        used[row.source_id] = text.sha256
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    return frame.astype(str), used


def _merged(name: str, data_dir: Path | None) -> tuple[pd.DataFrame, dict[str, str]]:
    fresh, used = compute(name, data_dir)
    stored = load_derived(name, data_dir)
    kept = stored[~stored["source_id"].isin(used)] if len(stored.columns) else stored
    sources = {
        **{
            k: v
            for k, v in load_manifest(data_dir).get(name, {}).get("sources", {}).items()
            if k not in used
        },
        **used,
    }
    merged = pd.concat([kept, fresh], ignore_index=True) if len(kept) else fresh
    if len(
        merged.columns
    ):  # by source, then in the order of the text (kept as computed within a source)
        merged = merged.sort_values("source_id", kind="stable").reset_index(drop=True)
    return merged, dict(sorted(sources.items()))


def stale(data_dir: Path | None = None) -> list[str]:
    """What differs between the stored derived tables and a recomputation from the texts present."""
    problems = []
    for name in DERIVED:
        fresh, used = compute(name, data_dir)
        stored = load_derived(name, data_dir)
        for source_id in used:
            a = fresh[fresh["source_id"] == source_id].reset_index(drop=True)
            b = (
                stored[stored["source_id"] == source_id].reset_index(drop=True)
                if len(stored.columns)
                else pd.DataFrame(columns=a.columns)
            )
            if not a.equals(b.astype(str)):
                problems.append(
                    f"data/derived/{name}.csv is out of date for {source_id} ({len(b)} stored "
                    f"rows, "
                    f"{len(a)} computed); run `make derived` and commit data/derived/"
                )
    return problems


def write(data_dir: Path | None = None) -> list[Path]:
    """Write every derived table (temporary file, then a move) and the manifest."""
    folder = derived_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    manifest, written = {}, []
    for name in DERIVED:
        frame, sources = _merged(name, data_dir)
        manifest[name] = {"sources": sources}
        fd, tmp = tempfile.mkstemp(suffix=".csv", dir=folder)
        os.close(fd)
        frame.to_csv(tmp, index=False, lineterminator="\n")
        os.replace(tmp, folder / f"{name}.csv")
        written.append(folder / f"{name}.csv")
    (folder / "manifest.json").write_text(
        json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
    return written


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m conflictbook.publish.derived")
    parser.add_argument("command", choices=["write", "check"])
    args = parser.parse_args(argv)
    if args.command == "write":
        for path in write():
            print(f"wrote {path.relative_to(paths.repo_root())}")
        return 0
    problems = stale()
    print(
        "\n".join(problems) or "derived tables are current for every source whose text is present"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
