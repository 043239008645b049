"""Long routines cost what short ones cost (issue 12): routines of 100, 1,000 and 10,000
one-second holds (no get-ready, no rest: one part a second), each played for real.

For each length the bench prints:

- plain start: from starting `unknot play FILE --plain` until its first hold line is read;
- worst lateness: the most any part started after its schedule, from the --trace file;
- CPU a part: the process's CPU time (every thread, /proc/PID/task/*/schedstat) over the parts
  played after the first two seconds, divided by their number;
- Ctrl+C: from SIGINT until the process has ended;
- full-screen start: from starting `unknot play FILE` in a real terminal (tmux, 100x30) until
  the player shows its first hold (skipped without tmux).

Limits: start under 1 s in both views, every part within 30 ms of its schedule, under 5 ms of CPU
a part, Ctrl+C within 0.5 s.

    .venv/bin/python benchmarks/bench_long.py [--quick]
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _tmux import Tmux, cpu_seconds, kill_server
from _util import compile_sources, report

from tui.core.trace import read_trace

PYTHON = sys.executable
UNKNOT = str(Path(PYTHON).parent / "unknot")
SIZES = (100, 1_000, 10_000)
PLAY_SECONDS = 12.0
WARM_UP = 2.0


def routine_text(steps: int) -> str:
    body = "".join(f'[[steps]]\nname = "Hold {n}"\nhold = 1\n\n' for n in range(1, steps + 1))
    return (
        'format = 1\n\n[routine]\nname = "Long"\nsummary = "Many one-second holds."\n'
        'areas = ["neck"]\n\n[defaults]\nprep = 0\nrest = 0\n\n' + body
    )


def plain(path: Path, home: Path, seconds: float) -> dict[str, float]:
    trace = home / f"{path.stem}.jsonl"
    env = dict(os.environ, UNKNOT_HOME=str(home), PYTHONUNBUFFERED="1", NO_COLOR="1")
    env.pop("UNKNOT_TRACE", None)
    began = time.perf_counter()
    process = subprocess.Popen(
        [UNKNOT, "play", str(path), "--plain", "--trace", str(trace)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        text=True,
    )
    assert process.stdout is not None
    start = None
    for line in process.stdout:
        if "hold" in line and "step 1 of" in line:
            start = time.perf_counter() - began
            break
    if start is None:
        raise RuntimeError(f"{path.name}: no first hold line")
    time.sleep(WARM_UP)
    cpu_from, parts_from = cpu_seconds(process.pid), _parts(trace)
    time.sleep(seconds - WARM_UP)
    cpu_to, parts_to = cpu_seconds(process.pid), _parts(trace)
    stopped = time.perf_counter()
    process.send_signal(signal.SIGINT)
    process.stdout.read()
    process.wait(timeout=10)
    interrupt = time.perf_counter() - stopped
    segments = [e for e in read_trace(trace) if e["event"] == "segment"]
    late = max(float(e["actual"]) - float(e["scheduled"]) for e in segments)
    parts = max(1, parts_to - parts_from)
    return {
        "start": start,
        "late": late,
        "cpu": (cpu_to - cpu_from) / parts,
        "interrupt": interrupt,
    }


def _parts(trace: Path) -> int:
    try:
        return trace.read_text(encoding="utf-8").count('"event": "segment"')
    except OSError:
        return 0


def full_screen(path: Path, home: Path) -> float:
    """From the process's start to the player's first hold on screen, less the time the
    person spends on the optional tension question before it (answered here with s at once,
    and counted from the key to the hold)."""
    env = {"UNKNOT_HOME": str(home), "TERM": "xterm-256color"}
    began = time.perf_counter()
    asked_at = None
    pane = Tmux(f"long-{path.stem}", [UNKNOT, "play", str(path)], env)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            screen = pane.screen()
            if "HOLD" in screen:
                if asked_at is None:
                    return time.perf_counter() - began
                shown, answered = asked_at
                return (shown - began) + (time.perf_counter() - answered)
            if "How tense" in screen and asked_at is None:
                asked_at = (time.perf_counter(), time.perf_counter())
                pane.keys("s")
            time.sleep(0.01)
        raise RuntimeError(f"{path.name}: the player never showed a hold:\n{pane.screen()}")
    finally:
        pane.close()


def main() -> int:
    quick = "--quick" in sys.argv
    compile_sources()
    folder = Path(tempfile.mkdtemp(prefix="unknot-long-"))
    ok = True
    results: dict[int, dict[str, float]] = {}
    try:
        for steps in SIZES:
            path = folder / f"long-{steps}.toml"
            path.write_text(routine_text(steps), encoding="utf-8")
            home = folder / f"home-{steps}"
            figures = plain(path, home, 6.0 if quick else PLAY_SECONDS)
            if shutil.which("tmux"):
                figures["screen"] = full_screen(path, home)
            results[steps] = figures
        for steps, figures in results.items():
            print(f"-- {steps:,} one-second holds")
            ok &= report("plain start (first hold line)", figures["start"], "s", 1.0)
            ok &= report("worst part lateness", figures["late"] * 1000, "ms", 30)
            ok &= report("CPU a part", figures["cpu"] * 1000, "ms", 5)
            ok &= report("Ctrl+C until ended", figures["interrupt"], "s", 0.5)
            if "screen" in figures:
                ok &= report("full-screen start (first hold shown)", figures["screen"], "s", 1.0)
        if not shutil.which("tmux"):
            print("full-screen start: skipped (tmux is not installed)")
    finally:
        kill_server()
        shutil.rmtree(folder, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
