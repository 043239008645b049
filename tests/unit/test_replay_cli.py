"""`unknot replay [SESSION | --last | --favourite] [--as-routine]`: which session it plays, what
it says when it cannot, and a real replay in plain mode (a process, its output a pipe)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from fakes import FakeClock

from tui.cli.common import EXIT_OK, EXIT_PROBLEMS
from tui.cli.main import main
from tui.core.history import HistoryStore
from tui.core.library import Library
from tui.core.player import Player
from tui.core.recorder import SessionRecorder

# Two one-second holds and nothing else, so a real replay takes about a second.
ROUTINE = """\
format = 1

[routine]
name = "Tiny routine"
summary = "Two short holds."
areas = ["neck"]

[defaults]
prep = 0
rest = 0

[[steps]]
name = "First press"
hold = 1

[[steps]]
name = "Second press"
hold = 1
"""


@pytest.fixture
def tiny(user_routines: Path) -> Library:
    (user_routines / "tiny-routine.toml").write_text(ROUTINE, encoding="utf-8")
    library = Library.load(None, user_routines)
    assert not library.broken
    return library


def played(library: Library, *, skip_second: bool) -> int:
    """A session of the tiny routine, the second hold skipped or not."""
    clock = FakeClock(0.0)
    player = Player(library.timeline(library.routines["tiny-routine"]), clock=clock)
    with HistoryStore.open() as store:
        recorder = SessionRecorder.begin(store, player)
        recorder.observe(player.start())
        clock.now += 1
        recorder.observe(player.advance())
        if skip_second:
            recorder.observe(player.skip().events)
        else:
            clock.now += 1
            recorder.observe(player.advance())
        recorder.close()
        assert recorder.session_id is not None and player.end_state == "completed"
        return recorder.session_id


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        ((), "no sessions yet: play a routine"),
        (("--favourite",), "nothing is starred yet"),
        (("42",), "no session has the number 42"),
        (("two",), "'two' is not a session number"),
        (("1", "--last"), "name a SESSION or use --last or --favourite, not both"),
    ],
)
def test_replay_says_in_one_line_why_it_cannot(
    capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], says: str
) -> None:
    code, out, err = run(capsys, "replay", *argv)
    assert code == EXIT_PROBLEMS and out == ""
    assert says in err and "Traceback" not in err
    assert err.count("\n") == 1


def plain_replay(*argv: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", "UNKNOT_PLAIN": "1"}
    return subprocess.run(
        [sys.executable, "-m", "tui", "replay", *argv],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )


@pytest.mark.slow
def test_replay_last_plays_the_session_as_played_in_plain_mode_and_keeps_the_replay(
    tiny: Library, bell_only: Path
) -> None:
    session = played(tiny, skip_second=True)
    done = plain_replay("--last")
    assert done.returncode == EXIT_OK, done.stderr
    assert f"Replaying session {session} (Tiny routine, " in done.stdout
    assert "as you played it" in done.stdout
    assert "First press" in done.stdout and "Second press" not in done.stdout
    with HistoryStore.open() as store:
        replay, original = store.sessions()
    assert original.id == session
    assert replay.routine_id == "tiny-routine" and replay.state == "completed"
    assert replay.routine_name == "Tiny routine (as played)"


@pytest.mark.slow
def test_replay_as_routine_plays_every_step_even_with_the_file_gone(
    tiny: Library, bell_only: Path, user_routines: Path
) -> None:
    session = played(tiny, skip_second=True)
    (user_routines / "tiny-routine.toml").unlink()
    done = plain_replay(str(session), "--as-routine")
    assert done.returncode == EXIT_OK, done.stderr
    assert "as its routine was then" in done.stdout
    assert "First press" in done.stdout and "Second press" in done.stdout
