"""Every benchmark: scale, then build, each merged into benchmarks/results.json (`make bench`).

python benchmarks/run_all.py              # scale (a few minutes) and build (several minutes)
python benchmarks/run_all.py --no-build   # scale only; the build section is kept as it was
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build  # noqa: E402
import report  # noqa: E402
import scale  # noqa: E402


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-build", action="store_true", help="skip the book-build benchmark")
    parser.add_argument("--events", type=Path, help="keep the DuckDB input parts in this folder")
    args = parser.parse_args(argv)
    report.update(scale=scale.measure(events=args.events))
    if not args.no_build:
        report.update(build=build.measure_build())
    return 0


if __name__ == "__main__":
    sys.exit(main())
