"""The full-screen app's speed (issues 3 and 16): first frame and timing.

1. First frame, against a bare Textual app showing one Digits widget, alternated in the same run
   (median of 9 each), measured two ways:
   - in Textual's headless mode (the figure issue 16 was filed with): the whole process, from
     interpreter start until Textual has drawn the first screen, `unknot` going the way the
     command goes (the command line imported, the collector paused, the library read by a
     thread after the first frame); also until the library's list is drawn;
   - in a real terminal (a pty of 100×30): the `unknot` command itself, from its start until its
     first frame's bytes arrive, and until the list of routines has arrived.
   Limits: the first frame under 0.6 s and at most 1.2x the bare app's, both ways; and under
   0.6 s in a terminal with 1,000 routine files of the person's own (their list comes later).
2. Timing: a real-time routine of 29 short segments (about a minute) played with --trace; every
   cue within 30 ms of its schedule and the end within 50 ms of the planned length.

What a hold costs (CPU, terminal output, memory while playing) is bench_hold.py's, against
termdown in the same run.

    .venv/bin/python benchmarks/bench_app.py [--quick]

Needs tmux for part 2 (skipped with a message without it).
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _pty import first_seen
from _tmux import Tmux, kill_server
from _util import compile_sources, report

PYTHON = sys.executable
UNKNOT = str(Path(PYTHON).parent / "unknot")

# Textual sends Ready once the first frame has been drawn: both apps print the wall clock then,
# and unknot again once the list of routines read by its thread has been drawn; then they exit,
# and the parent subtracts the moment it started the process. unknot goes the command's way
# (tui/cli/routines.py's cmd_app), with Ready and the library's message heard on the way.
FIRST_FRAME_UNKNOT = """
import time
from tui.cli.main import main  # what the `unknot` script imports first
from tui.cli.common import load_library, pause_collector
pause_collector()
from tui.app.unknot import UnknotApp
class Timed(UnknotApp):
    def on_ready(self):
        print(time.time(), flush=True)
    def on_library_read(self, message):
        self.call_after_refresh(self.listed)
    def listed(self):
        print(time.time(), flush=True)
        self.exit()
Timed(None, read_library=load_library).run(headless=True, size=(100, 30))
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

# The same bare app in a real terminal: it runs until it is ended.
BARE_IN_TERMINAL = """
from textual.app import App
from textual.widgets import Digits
class Bare(App):
    def compose(self):
        yield Digits("1:00")
Bare().run()
"""
# A frame starts by moving the cursor home; the list is drawn when the title counts routines.
FRAME = rb"\x1b\[1;1H"
LISTED = rb"unknot  \xc2\xb7  \d+ routines?"


def timed_run(code: str, env: dict[str, str]) -> list[float]:
    """Seconds from starting the process to each moment it printed."""
    start = time.time()
    done = subprocess.run([PYTHON, "-c", code], env=env, check=True, capture_output=True)
    return [float(t) - start for t in done.stdout.split()]


def in_terminal(env: dict[str, str], repeat: int) -> tuple[list[float], list[float], list[float]]:
    """`unknot`'s first frame and its list, and the bare app's first frame, in a pty."""
    ours, listed, bare = [], [], []
    for _ in range(repeat):
        seen = first_seen([UNKNOT], env, {"frame": FRAME, "listed": LISTED})
        ours.append(seen["frame"])
        listed.append(seen["listed"])
        bare.append(first_seen([PYTHON, "-c", BARE_IN_TERMINAL], env, {"frame": FRAME})["frame"])
    return ours, listed, bare


def compared(where: str, ours: list[float], listed: list[float], bare: list[float]) -> bool:
    """Print the medians, unknot's against the bare app's; True when within the limits."""
    mine, base, full = (statistics.median(x) for x in (ours, bare, listed))
    print(f"{where}:")
    print(
        f"(bare Textual app with one Digits: {base:.3f} s; unknot {mine:.3f} s, {mine / base:.2f}x)"
    )
    print(f"(unknot's list of routines drawn: {full:.3f} s, {full / base:.2f}x the bare app)")
    ok = report(f"first frame of unknot, {where}", mine, "s", 0.6)
    return report(f"first frame ratio to the bare app, {where}", mine / base, "x", 1.2) and ok


def first_frame(env: dict[str, str], repeat: int) -> bool:
    compile_sources()
    timed_run(FIRST_FRAME_UNKNOT, env)  # warm caches
    timed_run(FIRST_FRAME_BARE, env)
    ours, listed, bare = [], [], []
    for _ in range(repeat):
        frame, shown = timed_run(FIRST_FRAME_UNKNOT, env)
        ours.append(frame)
        listed.append(shown)
        bare.append(timed_run(FIRST_FRAME_BARE, env)[0])
    ok = compared("headless, the whole process", ours, listed, bare)
    return compared("in a terminal (a pty of 100x30)", *in_terminal(env, repeat)) and ok


def big_library(repeat: int) -> bool:
    """`unknot` in a pty with 1,000 routine files of the person's own (bench_library's): the
    first frame does not wait for them, and the list comes when they are read."""
    from bench_library import make_library

    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "UNKNOT_HOME": home, "TERM": "xterm-256color"}
        folder = Path(home) / "config" / "routines"
        folder.mkdir(parents=True)
        make_library(folder)
        frames, lists = [], []
        for _ in range(repeat):
            seen = first_seen([UNKNOT], env, {"frame": FRAME, "listed": LISTED})
            frames.append(seen["frame"])
            lists.append(seen["listed"])
    print("with 1,000 routine files of your own, in a terminal:")
    print(f"(the list drawn: {statistics.median(lists):.3f} s)")
    return report("first frame of unknot, 1,000 files", statistics.median(frames), "s", 0.6)


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
        if number == 0:
            lines.append("prep = 1")  # the first boundary comes 1 s after the start
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
    first = next(c for c in cues if c["scheduled"] > 0)  # get ready -> hold, 1 s in
    print(
        f"(first boundary, {first['cue']} at {first['scheduled']} s: "
        f"{(first['actual'] - first['scheduled']) * 1000:.1f} ms late)"
    )
    ok = report("worst cue error", worst, "ms", 30.0)
    end_error = abs(complete["actual"] - end["planned"]) * 1000
    return report("end error", end_error, "ms", 50.0) and ok


def main() -> int:
    quick = "--quick" in sys.argv
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "UNKNOT_HOME": home, "TERM": "xterm-256color"}
        if "--timing" in sys.argv:
            try:
                return 0 if timing(env, Path(home)) else 1
            finally:
                kill_server()
        ok = first_frame(env, repeat=3 if quick else 9)
        ok = big_library(repeat=3) and ok
        if not shutil.which("tmux"):
            print("tmux is not installed: timing was not measured")
            return 0 if ok else 1
        try:
            ok = timing(env, Path(home)) and ok
        finally:
            kill_server()
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
