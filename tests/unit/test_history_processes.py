"""Real processes against one history file: several recording at once lose nothing, and a process
killed mid-routine leaves its session as interrupted with the segments it had finished.

Each child drives a Player with a fake clock (so no test waits on real time) and records with the
real recorder into the test's UNKNOT_HOME. Children wait on stdin for "go", so their writes overlap;
nothing sleeps.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tui.core.history import HistoryStore

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow  # every test here starts real processes

CHILD = r"""
import sys
from tui.core.durations import Hold
from tui.core.history import HistoryStore
from tui.core.player import Player
from tui.core.recorder import SessionRecorder
from tui.core.routine import Defaults, Routine, Step
from tui.core.timeline import build_timeline

mode, count = sys.argv[1], int(sys.argv[2])
routine = Routine(
    id="proc", name="Proc", summary="Two steps.", areas=("neck",),
    steps=(Step("A", hold=Hold(10, 10), sides=("left", "right")), Step("B", hold=Hold(10, 10))),
    defaults=Defaults(prep=2, rest=3, switch=2),
)
timeline = build_timeline(routine)
now = [1000.0]
print("ready", flush=True)
sys.stdin.readline()


def begin(store):
    player = Player(timeline, clock=lambda: now[0])
    recorder = SessionRecorder.begin(store, player)
    recorder.observe(player.start())
    return player, recorder


def opened():
    store = HistoryStore.open()
    if store.notice is not None:
        sys.exit(f"notice: {store.notice.message}")
    return store


if mode == "many":  # each session in a store of its own, opened while the others write
    for _ in range(count):
        with opened() as store:
            player, recorder = begin(store)
            while player.state != "finished":
                now[0] = player.next_wakeup()
                recorder.observe(player.advance())
            if recorder.notice is not None:
                sys.exit(f"notice: {recorder.notice.message}")
    print("done", flush=True)
else:  # "kill": finish `count` segments, say so, and wait to be killed
    player, recorder = begin(opened())
    while player.current_index < count:
        now[0] = player.next_wakeup()
        recorder.observe(player.advance())
    now[0] += 1.5  # a little way into the current segment: not saved, as nothing ended
    player.advance()
    print(recorder.session_id, flush=True)
    sys.stdin.readline()
    sys.exit("not killed")
"""

SEGMENTS = 7  # A: prep, left, switch, right, rest; B: prep, hold (no rest after the last)
PLANNED = 2 + 10 + 2 + 10 + 3 + 2 + 10


def child(mode: str, count: int) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, "-c", CHILD, mode, str(count)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env=os.environ.copy(),
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "ready", process.stderr.read()
    return process


def go(process: subprocess.Popen[str]) -> None:
    assert process.stdin is not None
    process.stdin.write("go\n")
    process.stdin.flush()


def test_three_processes_recording_at_once_lose_nothing(unknot_home: Path) -> None:
    per_child = 40
    children = [child("many", per_child) for _ in range(3)]
    for process in children:
        go(process)
    for process in children:
        out, err = process.communicate(timeout=60)
        assert process.returncode == 0, err
        assert out.strip() == "done"
    with HistoryStore.open() as store:
        sessions = store.sessions(limit=None)
        assert len(sessions) == 3 * per_child
        assert len({s.id for s in sessions}) == 3 * per_child
        assert {s.state for s in sessions} == {"completed"}
        assert {s.actual for s in sessions} == {PLANNED}
        for summary in sessions[:: per_child // 4]:
            detail = store.session(summary.id)
            assert [s.status for s in detail.segments] == ["done"] * SEGMENTS


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_process_killed_mid_routine_leaves_an_interrupted_session(unknot_home: Path) -> None:
    process = child("kill", 4)
    go(process)
    assert process.stdout is not None
    session_id = int(process.stdout.readline())
    os.kill(process.pid, signal.SIGKILL)
    process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL
    with HistoryStore.open() as store:
        assert store.notice is None
        detail = store.session(session_id)
        assert detail is not None
        assert detail.summary.state == "interrupted" and detail.summary.ended is None
        statuses = [s.status for s in detail.segments]
        assert statuses[:4] == ["done"] * 4 and statuses[4] == "current"
        assert [s.actual for s in detail.segments[:4]] == [2.0, 10.0, 2.0, 10.0]
        assert detail.summary.actual == 24.0  # the 1.5 s after the last save is not kept
