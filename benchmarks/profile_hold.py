"""Where a second of a hold goes: unknot plays one hold in tmux (100×30, sidebar shown) twice.
First without a profiler, to read each thread's CPU time from /proc over `--seconds` seconds
(default 10); then under cProfile, switched on for as long, to say what the event loop's time is
spent on: the shares of the player's wake-up, Textual's frame and the message pumps, and the
functions that took the most, per second of hold, to put in the README.

    .venv/bin/python benchmarks/profile_hold.py [--seconds N]

Not part of `make bench` (a profile is a picture, not a figure with a limit). cProfile sees the
event loop's thread only, and slows it (read its shares, not its sum); /proc's figures are the
unprofiled ones.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _tmux import Tmux, kill_server
from bench_hold import BIN, ONE_HOLD

# What the event loop does in a second of a hold, each by the function that does it (cumulative
# time): Textual's frame (its update timer), the player's wake-up, the message pumps (every
# message and idle pass, the wake-up's own message included, so the wake-up is taken out).
PARTS = {
    "frame": ("textual/screen.py", "_on_timer_update"),
    "wake-up": ("tui/app/screens/player.py", "tick"),
    "pumps": ("textual/message_pump.py", "_process_messages_loop"),
    "loop": ("asyncio/base_events.py", "_run_once"),
}

PROFILED = """
import asyncio, cProfile, sys, threading, time
from tui.cli.main import main

seconds, out = float(sys.argv[1]), sys.argv[2]
profile = cProfile.Profile(time.thread_time)  # CPU time: a busy machine does not inflate it
run_forever = asyncio.BaseEventLoop.run_forever


def stop():
    profile.disable()
    profile.dump_stats(out)


def window(loop):
    time.sleep(2)  # into the hold: the first frame is not what is measured here
    loop.call_soon_threadsafe(profile.enable)
    time.sleep(seconds)
    loop.call_soon_threadsafe(stop)


def profiled_run_forever(loop):
    # cProfile records the thread that enables it, so it is switched on from the event loop's
    # own thread, where everything but the write of the frames happens.
    threading.Thread(target=window, args=(loop,), daemon=True).start()
    return run_forever(loop)


asyncio.BaseEventLoop.run_forever = profiled_run_forever
sys.argv = ["unknot", "play", sys.argv[3]]
main()
"""


def threads(env: dict[str, str], routine: Path, seconds: float) -> None:
    """Each thread's CPU time per second of hold, read from /proc (no profiler)."""
    pane = Tmux("threads", [str(BIN / "unknot"), "play", str(routine)], env)
    try:
        pane.wait_for("steps", 20)
        time.sleep(1.0)  # into the hold
        before = thread_times(pane.pid)
        time.sleep(seconds)  # a benchmark samples real time; tests never sleep
        after = thread_times(pane.pid)
    finally:
        pane.close()
    print(f"CPU per second of hold, unprofiled, by thread ({seconds:.0f} s):")
    total = 0.0
    for tid, (name, ns) in after.items():
        used = (ns - before.get(tid, (name, ns))[1]) / seconds / 1e6
        total += used
        print(f"  {name} ({tid}): {used:.3f} ms")
    print(f"  all: {total:.3f} ms ({total / 10:.3f}% of a core)")


def thread_times(pid: int) -> dict[str, tuple[str, int]]:
    """Each thread's name (the event loop is the one named like the program) and CPU ns."""
    times = {}
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            name = (task / "comm").read_text().strip()
            times[task.name] = (name, int((task / "schedstat").read_text().split()[0]))
        except (OSError, ValueError):
            continue  # a thread that ended between the listing and the read
    return times


def shares(result: object, seconds: float) -> None:
    """The event loop's second in parts (profiled ms, so the shares are what to read)."""
    stats = result.stats  # type: ignore[attr-defined]
    cumulative: dict[str, float] = {}
    for (path, _line, function), (_cc, _nc, _tt, ct, _callers) in stats.items():
        for part, (where, name) in PARTS.items():
            if function == name and path.endswith(where):
                cumulative[part] = cumulative.get(part, 0.0) + ct
    loop = cumulative.get("loop", 0.0) or 1e-9
    wake_up = cumulative.get("wake-up", 0.0)
    parts = {
        "Textual's frame (compositor, escape codes)": cumulative.get("frame", 0.0),
        "the player's wake-up (Player.advance and the parts it moves)": wake_up,
        "message pumps and idle passes (the wake-up's message less the wake-up)": (
            cumulative.get("pumps", 0.0) - wake_up
        ),
    }
    parts["the event loop itself (select, timers, tasks)"] = loop - sum(parts.values())
    print(f"the event loop's second, profiled ({loop / seconds * 1000:.2f} ms a second):")
    for name, spent in parts.items():
        print(f"  {spent / loop:>4.0%}  {spent / seconds * 1000:.2f} ms  {name}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--keep", help="write the profile to this file too")
    args = parser.parse_args()
    if not shutil.which("tmux"):
        print("tmux is not installed: nothing profiled")
        return 0
    import pstats

    with tempfile.TemporaryDirectory() as home:
        folder = Path(home)
        routine = folder / "one-long-hold.toml"
        routine.write_text(ONE_HOLD, encoding="utf-8")
        stats = Path(args.keep) if args.keep else folder / "hold.prof"
        env = {**os.environ, "UNKNOT_HOME": home, "TERM": "xterm-256color"}
        command = [sys.executable, "-c", PROFILED, str(args.seconds), str(stats), str(routine)]
        try:
            threads(env, routine, args.seconds)
            Tmux("profile", command, env)
            deadline = time.monotonic() + args.seconds + 20
            while not stats.exists() and time.monotonic() < deadline:
                time.sleep(0.2)
        finally:
            kill_server()
        if not stats.exists():
            print("no profile was written")
            return 1
        result = pstats.Stats(str(stats))
        total = result.total_tt  # type: ignore[attr-defined]
        print(
            f"event loop thread: {total / args.seconds * 1000:.2f} ms of CPU per second of hold "
            "(the profiler's own cost included: read the shares, not the sum)"
        )
        shares(result, args.seconds)
        result.sort_stats("cumulative").print_stats(args.top)
        result.sort_stats("tottime").print_stats(args.top)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
