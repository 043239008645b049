"""`unknot play` for real: a short routine in tmux, driven by keys, read off screen and trace.

This is the one test where nothing is faked: the installed `unknot` command, a real terminal
(tmux, 100×30), the monotonic clock and the timers. The screen is polled (with a bounded wait) only
to know when to press the next key; what is asserted about timing comes from the trace file.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from itertools import pairwise
from pathlib import Path

import pytest

from tests.e2e.panes import Pane
from tui.core.trace import read_trace

pytestmark = pytest.mark.slow

UNKNOT = Path(sys.executable).with_name("unknot")
CUE_TOLERANCE = (
    0.25  # seconds late a cue may be seen on a busy test machine (the benchmark is strict)
)

# prep 2 · hold left 4 · switch 2 · hold right 4 · rest 2 · prep 1 · hold 3  = 18 s planned
ROUTINE = """\
format = 1

[routine]
name = "Tmux check"
summary = "Eighteen seconds, every kind of timed segment."
areas = ["neck"]
caution = "A test routine: nothing to do."

[defaults]
prep = 2
rest = 2
switch = 2

[cues]
countdown = 2

[[steps]]
name = "Side tilt"
hold = 4
sides = ["left", "right"]

[[steps]]
name = "Last hold"
hold = 3
prep = 1
"""


def _unknot_play_exists() -> bool:
    if not UNKNOT.exists():
        return False
    done = subprocess.run([str(UNKNOT), "play", "--help"], capture_output=True, timeout=30)
    return done.returncode == 0


needs_tmux = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
needs_play = pytest.mark.skipif(
    not _unknot_play_exists(), reason="`unknot play` is not available (cli.py has no play yet)"
)


@needs_tmux
@needs_play
def test_a_short_routine_plays_to_the_end_in_a_real_terminal(tmp_path: Path) -> None:
    routine = tmp_path / "tmux-check.toml"
    routine.write_text(ROUTINE, encoding="utf-8")
    trace = tmp_path / "trace.jsonl"
    env = {"UNKNOT_HOME": str(tmp_path / "home"), "TERM": "xterm-256color"}
    if "PATH" in os.environ:
        env["PATH"] = os.environ["PATH"]
    pane = Pane([str(UNKNOT), "play", str(routine), "--trace", str(trace)], env, (100, 30))
    try:
        pane.wait_for(lambda s: "before you start" in s, "the caution")
        pane.send("Enter")
        pane.wait_for(lambda s: "GET READY" in s, "the first prep")
        pane.wait_for(lambda s: "HOLD" in s and "left side" in s, "the left hold")
        assert "hold · Side tilt" in pane.title()  # the terminal's title counts down too
        pane.send("Space")
        pane.wait_for(lambda s: "PAUSED" in s, "the pause banner")
        pane.send("Space")
        pane.wait_for(lambda s: "PAUSED" not in s, "the pause to end")
        pane.wait_for(lambda s: "SWITCH SIDES" in s, "the switch")
        pane.send("n")
        pane.wait_for(lambda s: "HOLD" in s and "right side" in s, "the right hold")
        summary = pane.wait_for(lambda s: "completed" in s, "the summary", timeout=30)
        assert "2 of 2 steps done" in summary
        pane.send("Escape")
        pane.wait_for(lambda s: "Tmux check" not in s or "LIBRARY" in s.upper(), "the library")
    finally:
        pane.close()

    events = read_trace(trace)
    kinds = [e["kind"] for e in events if e["event"] == "segment"]
    assert kinds == ["prep", "hold", "switch", "hold", "rest", "prep", "hold"]
    commands = [e["command"] for e in events if e["event"] == "command"]
    assert commands == ["pause", "resume", "skip"]
    end = events[-1]
    assert end["event"] == "end" and end["state"] == "completed" and end["planned"] == 18.0

    # Skipping the switch shortened the routine by what was left of it, to the millisecond:
    # deadlines are absolute, so neither the pause nor a late wake-up moves the end.
    switch = next(e for e in events if e["event"] == "segment" and e["kind"] == "switch")
    skip = next(e for e in events if e.get("command") == "skip")
    skipped = float(switch["scheduled"]) + float(switch["length"]) - float(skip["actual"])
    assert 0 < skipped <= 2.0
    assert float(end["actual"]) == pytest.approx(18.0 - skipped, abs=0.002)

    cues = [e for e in events if e["event"] == "cue"]
    assert [c["cue"] for c in cues][:2] == ["prep", "start"]
    assert cues[-1]["cue"] == "complete"
    assert {c["sound"] for c in cues} == {"bell"}
    for cue in cues:
        late = float(cue["actual"]) - float(cue["scheduled"])
        assert -0.002 <= late <= CUE_TOLERANCE, cue


def _process_running(*words: str) -> int | None:
    """The pid of the process whose command line holds every one of `words`."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            args = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        line = [arg.decode(errors="replace") for arg in args]
        if all(any(word == arg for arg in line) for word in words):
            return int(entry.name)
    return None


@needs_tmux
@needs_play
@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="needs /proc to find the pid")
def test_a_player_killed_mid_routine_leaves_the_session_in_the_history_as_interrupted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.core.history import HistoryStore

    routine = tmp_path / "kill-check.toml"
    routine.write_text(ROUTINE, encoding="utf-8")
    trace = tmp_path / "trace.jsonl"
    home = tmp_path / "home"
    env = {"UNKNOT_HOME": str(home), "TERM": "xterm-256color"}
    if "PATH" in os.environ:
        env["PATH"] = os.environ["PATH"]
    pane = Pane([str(UNKNOT), "play", str(routine), "--trace", str(trace)], env, (100, 30))
    try:
        pane.wait_for(lambda s: "before you start" in s, "the caution")
        pane.send("Enter")
        pane.wait_for(lambda s: "SWITCH SIDES" in s, "the switch, after the left hold")
        pid = _process_running("play", str(routine))
        assert pid is not None
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while _process_running("play", str(routine)) and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        pane.close()

    monkeypatch.setenv("UNKNOT_HOME", str(home))
    with HistoryStore.open(create=False) as store:
        (summary,) = store.sessions()
        assert summary.state == "interrupted" and summary.ended is None
        detail = store.session(summary.id)
        assert detail is not None
        kinds = [(row.kind, row.status) for row in detail.segments[:3]]
        assert kinds == [("prep", "done"), ("hold", "done"), ("switch", "current")]
        assert [row.actual for row in detail.segments[:2]] == [2.0, 4.0]


# prep 1 · hold left 6 · switch 1 · hold right 6 · rest 1 · prep 1 · hold 6  = 22 s planned
LOCKED_ROUTINE = """\
format = 1

[routine]
name = "Lock check"
summary = "Twenty-two seconds, played while another process holds the history."
areas = ["neck"]

[defaults]
prep = 1
rest = 1
switch = 1

[[steps]]
name = "Side tilt"
hold = 6
sides = ["left", "right"]

[[steps]]
name = "Last hold"
hold = 6
"""
LOCK_SECONDS = 20.0  # longer than the store's busy timeout (15 s): the first save fails, then waits

# Another process, as a reminder or a second player can be: it takes the history's write lock and
# holds it, then lets go.
HOLD_LOCK = """
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN EXCLUSIVE")
db.execute("CREATE TABLE IF NOT EXISTS lock_holder (n INTEGER)")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
db.execute("COMMIT")
print("released", flush=True)
"""


@needs_tmux
@needs_play
@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="needs /proc to find the pid")
def test_while_another_process_holds_the_history_the_countdown_goes_on_and_nothing_is_lost(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.core.history import HistoryStore
    from tui.core.paths import Locations

    routine = tmp_path / "lock-check.toml"
    routine.write_text(LOCKED_ROUTINE, encoding="utf-8")
    home = tmp_path / "home"
    monkeypatch.setenv("UNKNOT_HOME", str(home))
    with HistoryStore.open():
        pass  # the file exists, so the other process can lock it before play starts
    env = {"UNKNOT_HOME": str(home), "TERM": "xterm-256color"}
    if "PATH" in os.environ:
        env["PATH"] = os.environ["PATH"]
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(Locations.current().history_file), str(LOCK_SECONDS)],
        stdout=subprocess.PIPE,
        text=True,
    )
    pane: Pane | None = None
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        locked_at = time.monotonic()
        pane = Pane([str(UNKNOT), "play", str(routine)], env, (100, 30))
        pane.wait_for(lambda s: "GET READY" in s, "the first prep")
        # The terminal's title carries the countdown: one change a second while the lock is held.
        changes: list[tuple[float, str]] = []
        while holder.poll() is None and time.monotonic() - locked_at < LOCK_SECONDS + 10:
            title = pane.title()
            if not changes or title != changes[-1][1]:
                changes.append((time.monotonic(), title))
            time.sleep(0.1)
        released_at = time.monotonic()
        summary = pane.wait_for(lambda s: "completed" in s, "the summary", timeout=30)
        assert "2 of 2 steps done" in summary
        pane.send("Escape")
        pane.wait_for(lambda s: "routines" in s and "completed" not in s, "the library")
        pane.send("q")
        deadline = time.monotonic() + 30  # the app leaves once its last save is written
        while _process_running("play", str(routine)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _process_running("play", str(routine)) is None
    finally:
        holder.kill()
        if pane is not None:
            pane.close()

    held = [t for t, _ in changes if t <= released_at]
    gaps = [later - earlier for earlier, later in pairwise(held)]
    assert len(held) >= LOCK_SECONDS - 6, changes  # it played for most of the lock
    assert max(gaps) < 2.0, changes  # never stood still while the file was locked

    with HistoryStore.open(create=False) as store:
        (session,) = store.sessions()
        assert session.state == "completed" and session.actual == 22.0
        detail = store.session(session.id)
        assert detail is not None
        assert [row.position for row in detail.segments] == list(range(7))  # none twice
        assert [(row.kind, row.status) for row in detail.segments] == [
            ("prep", "done"),
            ("hold", "done"),
            ("switch", "done"),
            ("hold", "done"),
            ("rest", "done"),
            ("prep", "done"),
            ("hold", "done"),
        ]
