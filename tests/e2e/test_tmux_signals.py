"""Signals leave the terminal as they found it: SIGTERM, SIGHUP and SIGINT sent to the
full-screen app (the player, the builder, the library) end it with the main screen back, mouse
tracking off and the cursor shown, and a session being played is kept in the history.

A real terminal (tmux) tells its modes: `#{alternate_on} #{mouse_any_flag} #{cursor_flag}`.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import time
from pathlib import Path

import pytest

from tests.e2e.panes import Pane

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
    pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="needs /proc for the pid"),
]

UNKNOT = Path(sys.executable).with_name("unknot")
ROUTINE = """\
format = 1

[routine]
name = "Signal check"
summary = "Long enough to be interrupted."
areas = ["neck"]

[[steps]]
name = "Long hold"
hold = 600
prep = 0
"""


def _pid_of(*words: str) -> int | None:
    """The unknot process whose command line holds every one of `words` (not the shell)."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            args = [
                a.decode(errors="replace") for a in (entry / "cmdline").read_bytes().split(b"\0")
            ]
        except OSError:
            continue
        if (
            args
            and args[0] != "env"
            and "sh" not in Path(args[0]).name
            and all(any(word == arg for arg in args) for word in words)
        ):
            return int(entry.name)
    return None


SCREENS = {
    # what to run, what its screen shows, the words that find its process
    "player": (["play", "{routine}"], "HOLD", ("play", "{routine}")),
    "library": ([], "Signal check", ()),
    "builder": (["edit", "signal-check"], "Builder", ("edit", "signal-check")),
}


@pytest.mark.parametrize(
    "signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT], ids=["TERM", "HUP", "INT"]
)
@pytest.mark.parametrize("screen", list(SCREENS))
def test_a_signal_restores_the_terminal_and_keeps_the_session(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, screen: str, signum: int
) -> None:
    if not UNKNOT.exists():
        pytest.skip("the unknot command is not installed in this environment")
    home = tmp_path / "home"
    folder = home / "config" / "routines"
    folder.mkdir(parents=True)
    routine = folder / "signal-check.toml"
    routine.write_text(ROUTINE, encoding="utf-8")
    command, marker, words = SCREENS[screen]
    argv = [str(UNKNOT), *(a.format(routine=routine) for a in command)]
    env = {"UNKNOT_HOME": str(home), "TERM": "xterm-256color", "PATH": os.environ.get("PATH", "")}
    pane = Pane(argv, env, then="echo EXITED $?", wait=30.0)
    try:
        pane.wait_for(lambda s: marker in s, f"the {screen}")
        if screen == "player":
            pane.wait_for(lambda s: "HOLD" in s, "the hold")
        assert pane.modes().split()[0] == "1"  # the app is on the alternate screen
        found = tuple(w.format(routine=routine) for w in words)
        pid = _pid_of(str(UNKNOT), *found) if found else _only_unknot(str(UNKNOT))
        assert pid is not None
        os.kill(pid, signum)
        pane.wait_for(lambda s: "EXITED" in s, "the app to end", timeout=10)
        assert pane.modes() == "0 0 1", pane.screen()
    finally:
        pane.close()
    if screen == "player":
        from tui.core.history import HistoryStore

        monkeypatch.setenv("UNKNOT_HOME", str(home))
        with HistoryStore.open(create=False) as store:
            (session,) = store.sessions()
            assert session.state in ("interrupted", "stopped")


def _only_unknot(program: str) -> int | None:
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            args = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if args and program.encode() in args[:2] and len([a for a in args if a]) <= 2:
            return int(entry.name)
    return None


def test_a_terminal_that_goes_away_ends_the_player_and_keeps_the_session(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Closing the terminal (its tmux server killed, as a closed window or a dropped SSH link
    does) hangs the app up: it must end, not wait for ever to restore a terminal that is gone."""
    if not UNKNOT.exists():
        pytest.skip("the unknot command is not installed in this environment")
    home = tmp_path / "home"
    routine = tmp_path / "hang-up.toml"
    routine.write_text(ROUTINE, encoding="utf-8")
    env = {"UNKNOT_HOME": str(home), "TERM": "xterm-256color", "PATH": os.environ.get("PATH", "")}
    pane = Pane([str(UNKNOT), "play", str(routine)], env, then="echo EXITED $?", wait=30.0)
    try:
        pane.wait_for(lambda s: "HOLD" in s, "the hold")
        pid = _pid_of("play", str(routine))
        assert pid is not None
    finally:
        pane.close()
    deadline = time.monotonic() + 15
    while _pid_of("play", str(routine)) is not None and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _pid_of("play", str(routine)) is None, "the player outlived its terminal"
    monkeypatch.setenv("UNKNOT_HOME", str(home))
    from tui.core.history import HistoryStore

    with HistoryStore.open(create=False) as store:
        (session,) = store.sessions()
        assert session.state in ("interrupted", "stopped")
