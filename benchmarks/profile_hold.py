"""Where a second of a hold goes: unknot plays one hold in tmux (100×30, sidebar shown) under
cProfile, switched on for `--seconds` seconds (default 10) of the hold; the functions that took
the most time are printed per second of hold, to put in the README.

    .venv/bin/python benchmarks/profile_hold.py [--seconds N]

Not part of `make bench` (a profile is a picture, not a figure with a limit). cProfile sees the
event loop's thread only; Textual's writer thread is measured by bench_hold.py's CPU figure.
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
from bench_hold import ONE_HOLD

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
        result.sort_stats("cumulative").print_stats(args.top)
        result.sort_stats("tottime").print_stats(args.top)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
