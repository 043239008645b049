"""What a hold costs (issue 16): unknot against termdown, side by side, in one run.

Both programs run at once, each in its own tmux pane of 100×30 (so unknot shows its sidebar),
and are measured over the same 30 s of a 33 s countdown: unknot plays one hold of 33 s with the
default cues, so the window holds its halfway cue and ticks of its last seconds; termdown counts
down 33 s with its big figures. A bare Textual app ticking a Digits at 10 Hz runs beside them
for reference. For each the bench prints:

- CPU: the process's CPU time (every thread, from /proc/PID/task/*/schedstat) over the window,
  as a percentage of one core;
- output: bytes the program wrote to its terminal (copied by `tmux pipe-pane`) per second;
- peak memory: VmHWM at the end of the window (and VmRSS, resident now).

Limits: unknot's CPU at most termdown's and under 0.5% of a core, output under 1 KB/s, and
peak memory while playing under 50 MB.

    .venv/bin/python benchmarks/bench_hold.py [--quick]

termdown is the `bench` extra (`pip install -e '.[bench]'`); without it, or without tmux, the
figures it needs are skipped with a message.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _tmux import Tmux, cpu_seconds, kill_server, memory_mb
from _util import compile_sources, report

PYTHON = sys.executable
BIN = Path(PYTHON).parent
HOLD_SECONDS = 33

ONE_HOLD = f"""format = 1
[routine]
name = "One long hold"
summary = "For measuring."
areas = ["neck"]
[defaults]
prep = 0
[[steps]]
name = "Hold"
hold = {HOLD_SECONDS}
"""

BARE_TICKER = """
from textual.app import App
from textual.widgets import Digits
class Ticker(App):
    n = 0
    def compose(self):
        yield Digits("0")
    def on_mount(self):
        self.set_interval(0.1, self.tick)
    def tick(self):
        self.n += 1
        self.query_one(Digits).update(f"{self.n // 600}:{self.n // 10 % 60:02d}")
Ticker().run()
"""


@dataclass
class Reading:
    name: str
    cpu: float  # % of one core
    output: float  # bytes a second
    peak: float  # MB (VmHWM)
    resident: float  # MB (VmRSS)


class Measured:
    """A pane whose CPU time and output are read at the start and end of the window."""

    def __init__(self, name: str, pane: Tmux) -> None:
        self.name = name
        self.pane = pane
        self.cpu = 0.0
        self.written = 0

    def begin(self) -> None:
        self.cpu = cpu_seconds(self.pane.pid)
        self.written = self.pane.bytes_written()

    def end(self, seconds: float) -> Reading:
        cpu = (cpu_seconds(self.pane.pid) - self.cpu) / seconds * 100
        output = (self.pane.bytes_written() - self.written) / seconds
        peak, resident = memory_mb(self.pane.pid)
        return Reading(self.name, cpu, output, peak, resident)


def measure(env: dict[str, str], folder: Path, seconds: int) -> list[Reading]:
    routine = folder / "one-long-hold.toml"
    routine.write_text(ONE_HOLD, encoding="utf-8")
    termdown = shutil.which("termdown", path=str(BIN)) or shutil.which("termdown")
    panes: list[Measured] = []
    try:
        ours = Tmux("unknot", [str(BIN / "unknot"), "play", str(routine)], env)
        panes.append(Measured("unknot play (sidebar shown)", ours))
        if termdown:
            panes.append(Measured("termdown", Tmux("termdown", [termdown, "33"], env)))
        bare = Tmux("bare", [PYTHON, "-c", BARE_TICKER], env)
        panes.append(Measured("bare Textual app, Digits at 10 Hz", bare))
        # The hold starts at once (no prep, no caution); the window opens when the countdown
        # shows 0:32, a second in, and closes `seconds` later, before the hold ends.
        screen = ours.wait_for("steps", 20)  # the sidebar is there
        if "0:32" not in screen:
            ours.wait_for("0:32", 5)
        start = time.monotonic()
        for pane in panes:
            pane.begin()
        time.sleep(seconds)  # a benchmark samples real time; tests never sleep
        took = time.monotonic() - start
        return [pane.end(took) for pane in panes]
    finally:
        for pane in panes:
            pane.pane.close()


def table(readings: list[Reading]) -> None:
    print(f"{'program':<36}{'CPU % of a core':>16}{'output B/s':>12}{'peak MB':>9}{'RSS MB':>8}")
    for r in readings:
        print(f"{r.name:<36}{r.cpu:>16.2f}{r.output:>12.0f}{r.peak:>9.1f}{r.resident:>8.1f}")


def main() -> int:
    quick = "--quick" in sys.argv
    if not shutil.which("tmux"):
        print("tmux is not installed: a hold was not measured")
        return 0
    compile_sources()
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "UNKNOT_HOME": home, "TERM": "xterm-256color"}
        try:
            readings = measure(env, Path(home), seconds=10 if quick else 30)
        finally:
            kill_server()
    table(readings)
    ours = readings[0]
    ok = report("unknot CPU in a hold", ours.cpu, "% of one core", 0.5)
    other = next((r for r in readings if r.name == "termdown"), None)
    if other is None:
        print("termdown is not installed (pip install -e '.[bench]'): no comparison")
    else:
        ok = report("unknot CPU against termdown's", ours.cpu / other.cpu, "x", 1.0001) and ok
    ok = report("unknot output in a hold", ours.output, "B/s", 1024) and ok
    ok = report("unknot peak memory while playing", ours.peak, "MB", 50.0) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
