"""Drawing a stick figure in braille (issue 17, point 6: under 2 ms a figure).

Times `render` for every bundled figure at the sizes the player gives it (the figure pane at
100x30 and at 160x48, and a large 100x40 canvas), and reports the slowest figure's median; also
how long the bundled figure file takes to read the first time (once per process).

    .venv/bin/python benchmarks/bench_figures.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _util import median_seconds, report

from tui.core import figures
from tui.core.figures.draw import render

SIZES = [(34, 12), (60, 20), (100, 40)]
REPEAT = 50
LIMIT_MS = 2.0


def main() -> int:
    start = time.perf_counter()
    figures.bundled()
    read_ms = (time.perf_counter() - start) * 1000
    ok = report(f"read the {len(figures.names())} bundled figures (first use)", read_ms, "ms", 20)
    for width, height in SIZES:
        worst, worst_name = 0.0, ""
        for name in figures.names():
            figure = figures.get(name)
            median, _ = median_seconds(lambda f=figure, w=width, h=height: render(f, w, h), REPEAT)
            if median > worst:
                worst, worst_name = median, name
        ok &= report(
            f"draw a figure at {width}x{height} cells (slowest: {worst_name})",
            worst * 1000,
            "ms",
            LIMIT_MS,
        )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
