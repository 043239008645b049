"""The full-screen app's speed (issue 3): first frame, CPU during a hold, memory, and timing.

1. First frame: the whole process, from interpreter start until Textual has painted the first
   screen and exits, for `unknot`'s library and for a bare Textual app showing one Digits widget,
   alternated in the same run (median of 9 each). Limit: under 0.6 s, and at most 1.5x the bare app.
2. CPU during a hold: `unknot play` on one 2-minute hold in a real terminal (tmux, 100x30); its
   CPU time is read from /proc each second for 30 s (median), against a bare app ticking a Digits
   widget at 10 Hz. Limit: under 1% of one core. Peak memory (VmHWM): under 80 MB.
3. Timing: a real-time routine of 26 short segments (about a minute) played with --trace; every
   cue within 30 ms of its schedule and the end within 50 ms of the planned length.

    .venv/bin/python benchmarks/bench_app.py [--quick]

Needs tmux for parts 2 and 3 (skipped with a message without it).
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _util import compile_sources, report

PYTHON = sys.executable
UNKNOT = str(Path(PYTHON).parent / "unknot")

# Textual sends Ready once the first frame has been drawn: both apps print the wall clock then
# and exit, so the parent can subtract the moment it started the process.
FIRST_FRAME_UNKNOT = """
import time
from tui.cli.common import load_library
from tui.app.unknot import UnknotApp
class Timed(UnknotApp):
    def on_ready(self):
        print(time.time())
        self.exit()
Timed(load_library()).run(headless=True, size=(100, 30))
"""

FIRST_FRAME_BARE = """
import time
from textual.app import App
from textual.widgets import Digits
class Bare(App):
    def compose(self):
        yield Digits("1:00")
    def on_ready(self):
        print(time.time())
        self.exit()
Bare().run(headless=True, size=(100, 30))
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

ONE_HOLD = """format = 1
[routine]
name = "One long hold"
summary = "For measuring."
areas = ["neck"]
[defaults]
prep = 0
[[steps]]
name = "Hold"
hold = "2m"
"""


def timed_run(code: str, env: dict[str, str]) -> float:
    """Seconds from starting the process to its first frame."""
    start = time.time()
    done = subprocess.run([PYTHON, "-c", code], env=env, check=True, capture_output=True)
    return float(done.stdout.split()[-1]) - start


def first_frame(env: dict[str, str], repeat: int) -> bool:
    compile_sources()
    timed_run(FIRST_FRAME_UNKNOT, env)  # warm caches
    timed_run(FIRST_FRAME_BARE, env)
    ours, bare = [], []
    for _ in range(repeat):
        ours.append(timed_run(FIRST_FRAME_UNKNOT, env))
        bare.append(timed_run(FIRST_FRAME_BARE, env))
    mine, base = statistics.median(ours), statistics.median(bare)
    print(f"(bare Textual app with one Digits: {base:.3f} s; ratio {mine / base:.2f}x)")
    ok = report("first frame of unknot", mine, "s", 0.6)
    return report("first frame ratio to the bare app", mine / base, "x", 1.5) and ok


SOCKET = Path(tempfile.mkdtemp(prefix="unknot-bench-")) / "tmux"


def tmux(*args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    """tmux on a private server, so no other tmux user can kill our sessions mid-run."""
    return subprocess.run(["tmux", "-S", str(SOCKET), *args], text=True, **kwargs)  # type: ignore[call-overload]


class Tmux:
    """One detached tmux session running a command; its process is found for /proc readings."""

    def __init__(self, name: str, command: list[str], env: dict[str, str]) -> None:
        self.name = name
        tmux("kill-session", "-t", name, capture_output=True)
        exports = " ".join(
            f"{k}={shlex.quote(v)}" for k, v in env.items() if k.startswith("UNKNOT")
        )
        # `exec` so the pane's process is the program itself, whose /proc entry we read.
        shell = f"exec env {exports} {shlex.join(command)}"
        tmux("new-session", "-d", "-s", name, "-x", "100", "-y", "30", shell, check=True)
        self.pid = self._child_pid()

    def _child_pid(self) -> int:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            out = tmux(
                "list-panes", "-t", self.name, "-F", "#{pane_pid}", capture_output=True
            ).stdout.split()
            if out:
                return int(out[0])
            time.sleep(0.05)
        raise RuntimeError("tmux pane did not start")

    def keys(self, *keys: str) -> None:
        tmux("send-keys", "-t", self.name, *keys, check=True)

    def screen(self) -> str:
        return tmux("capture-pane", "-p", "-t", self.name, capture_output=True).stdout

    def alive(self) -> bool:
        return tmux("has-session", "-t", self.name, capture_output=True).returncode == 0

    def close(self) -> None:
        tmux("kill-session", "-t", self.name, capture_output=True)


def cpu_seconds(pid: int) -> float:
    """CPU time of the process, in ns resolution (schedstat), not 10 ms clock ticks."""
    return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0]) / 1e9


def peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_over(pid: int, seconds: int) -> float:
    """Median share of one core over `seconds` one-second windows."""
    shares = []
    before = cpu_seconds(pid)
    for _ in range(seconds):
        time.sleep(1.0)  # a benchmark samples real time; tests never sleep
        now = cpu_seconds(pid)
        shares.append(now - before)
        before = now
    return statistics.median(shares) * 100


def wait_for(session: Tmux, text: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if text in session.screen():
            return
        time.sleep(0.1)
    raise RuntimeError(f"{text!r} never appeared:\n{session.screen()}")


def hold_cpu(env: dict[str, str], folder: Path, seconds: int) -> bool:
    routine = folder / "one-long-hold.toml"
    routine.write_text(ONE_HOLD, encoding="utf-8")
    ours = Tmux("unknot-bench-hold", [UNKNOT, "play", str(routine)], env)
    try:
        wait_for(ours, "One long hold", 15)
        ours.keys("Enter")  # past the caution, if the routine shows one
        time.sleep(2)
        mine = cpu_over(ours.pid, seconds)
        memory = peak_mb(ours.pid)
    finally:
        ours.close()
    bare = Tmux("unknot-bench-bare", [PYTHON, "-c", BARE_TICKER], env)
    try:
        time.sleep(3)
        base = cpu_over(bare.pid, seconds)
    finally:
        bare.close()
    print(f"(bare Textual app ticking a Digits at 10 Hz: {base:.2f}% of one core)")
    ok = report("CPU during a hold", mine, "% of one core", 1.0)
    return report("peak memory", memory, "MB", 80.0) and ok


def short_routine(count: int) -> str:
    lines = [
        "format = 1",
        "[routine]",
        'name = "Many short segments"',
        'summary = "For timing."',
        'areas = ["neck"]',
        "[defaults]",
        "prep = 2",
        "rest = 1",
        "switch = 1",
        "[cues]",
        "countdown = 2",
    ]
    for number in range(count):
        lines += [
            "[[steps]]",
            f'name = "Step {number + 1}"',
            "hold = 3",
            'sides = ["left", "right"]',
        ]
    return "\n".join(lines) + "\n"


def timing(env: dict[str, str], folder: Path) -> bool:
    routine = folder / "many-short-segments.toml"
    routine.write_text(
        short_routine(6), encoding="utf-8"
    )  # 6 x (prep, hold, switch, hold) + 5 rests
    trace = folder / "trace.jsonl"
    session = Tmux(
        "unknot-bench-timing", [UNKNOT, "play", str(routine), "--trace", str(trace)], env
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if trace.exists() and '"event": "end"' in trace.read_text():
                break
            time.sleep(0.2)
    finally:
        session.close()
    events = [json.loads(line) for line in trace.read_text().splitlines() if line.strip()]
    segments = [e for e in events if e["event"] == "segment"]
    cues = [e for e in events if e["event"] == "cue"]
    (end,) = [e for e in events if e["event"] == "end"]
    worst = max(abs(c["actual"] - c["scheduled"]) for c in cues) * 1000
    # The end is heard as the `complete` cue; its `actual` is when the app saw the routine end.
    (complete,) = [c for c in cues if c["cue"] == "complete"]
    print(f"({len(segments)} segments, {len(cues)} cues, planned {end['planned']} s)")
    ok = report("worst cue error", worst, "ms", 30.0)
    end_error = abs(complete["actual"] - end["planned"]) * 1000
    return report("end error", end_error, "ms", 50.0) and ok


def main() -> int:
    quick = "--quick" in sys.argv
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "UNKNOT_HOME": home, "TERM": "xterm-256color"}
        ok = first_frame(env, repeat=3 if quick else 9)
        if not shutil.which("tmux"):
            print("tmux is not installed: CPU, memory and timing were not measured")
            return 0 if ok else 1
        try:
            ok = hold_cpu(env, Path(home), seconds=5 if quick else 30) and ok
            ok = timing(env, Path(home)) and ok
        finally:
            tmux("kill-server", capture_output=True)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
