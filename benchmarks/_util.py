"""Small helpers shared by the benchmark scripts: timing and the one-line result format."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def compile_sources() -> None:
    """Byte-compile unknot as pip does when it installs the wheel. Without this, a machine that
    sets PYTHONDONTWRITEBYTECODE (this one does) compiles the checkout again on every run, which
    no installed copy ever does."""
    import compileall
    from pathlib import Path

    compileall.compile_dir(str(Path(__file__).resolve().parents[1] / "tui"), quiet=1)


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
