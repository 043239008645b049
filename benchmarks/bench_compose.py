"""Composing today's routine from a library of 1,000 routine files (issue 15: under 0.2 s).

Makes the 1,000 varied routine files of bench_library.py, loads them once, then times
`compose` (gathering the candidate steps from every routine, choosing, ordering, fitting to time)
for a few check-ins and reports the slowest check-in's median.

    .venv/bin/python benchmarks/bench_compose.py
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _util import median_seconds, report
from bench_library import COUNT, make_library

from tui.core.compose import CheckIn, compose
from tui.core.library import Library

CHECK_INS = (
    ({"lower-back": 7, "neck": 4}, 10),
    ({"lower-back": 9, "hips": 6, "glutes": 5, "neck": 3}, 20),
    ({area: 6 for area in ("neck", "shoulders", "upper-back", "mid-back", "lower-back")}, 30),
)


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        make_library(folder)
        library = Library.load(None, folder)
    assert len(library.routines) == COUNT
    routines = list(library.routines.values())
    slowest = 0.0
    for ratings, minutes in CHECK_INS:
        checkin = CheckIn.of(ratings, minutes, date(2026, 12, 4))
        median, _ = median_seconds(lambda c=checkin: compose(routines, c), repeat=7)
        slowest = max(slowest, median)
    return 0 if report("compose today's routine from 1,000 routine files", slowest, "s", 0.2) else 1


if __name__ == "__main__":
    raise SystemExit(main())
