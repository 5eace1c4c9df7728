"""Command line: `python -m conflictbook validate [DATA_DIR]`, `... texts`, `... checksum`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .data import paths
from .data.fingerprint import files_sha256
from .data.texts import verification_line
from .data.validate import validate_package


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m conflictbook", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser(
        "validate", help="check the data package; exit 1 with one line per problem"
    )
    check.add_argument(
        "data_dir", nargs="?", default=None, help="data folder (default: data/ of the book)"
    )
    sub.add_parser("texts", help="say whose quotes were verified against the source texts")
    sub.add_parser(
        "checksum", help="print a sha256 of every file in data/ (to show a run changed nothing)"
    )
    args = parser.parse_args(argv)
    if args.command == "checksum":
        data = paths.data_dir()
        print(files_sha256(data.rglob("*"), data))
        return 0
    if args.command == "texts":
        print(verification_line())
        return 0
    data_dir = Path(args.data_dir) if args.data_dir else paths.data_dir()
    report = validate_package(data_dir)
    for problem in report.problems:
        print(problem)
    for note in report.notes:
        print(note)
    print(report.summary())
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
