"""Command line: `python -m conflictbook validate [DATA_DIR]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .data import paths
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
    args = parser.parse_args(argv)
    if args.command == "validate":
        data_dir = Path(args.data_dir) if args.data_dir else paths.data_dir()
        try:
            report = validate_package(data_dir)
        except (
            Exception
        ) as exc:  # a bug in the validator must still not show a traceback to a student
            print(
                f"{data_dir}: the validator failed unexpectedly ({type(exc).__name__}: {exc}); "
                "please report this with the file you changed",
                file=sys.stderr,
            )
            return 2
        for problem in report.problems:
            print(problem)
        for note in report.notes:
            print(note)
        print(report.summary())
        return 0 if report.ok else 1
    return 2


if __name__ == "__main__":
    sys.exit(main())
