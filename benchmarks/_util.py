"""Small helpers shared by the benchmark scripts: timing and the one-line result format."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def median_seconds(run: Callable[[], object], repeat: int) -> tuple[float, list[float]]:
    """Run `run` `repeat` times; the median is what the README reports (robust to one hiccup)."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), samples


def report(name: str, value: float, unit: str, limit: float) -> bool:
    ok = value < limit
    print(f"{name}: {value:.3f} {unit} (limit {limit} {unit}) {'ok' if ok else 'OVER'}")
    return ok
