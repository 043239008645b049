"""Snapshots for the rest of the article: the player's breathing pacer, and the movement-break
reminder counting down and ringing. Clocks are frozen (the pacer reads the same clock as the
player, so its bar stands still), the time zone is UTC (the reminder says the break's time of
day), and notifications go to a fake notify-send on a private PATH."""

from __future__ import annotations

import stat
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fakes import FakeClock
from textual.pilot import Pilot

from tests.snapshots.playing import settle
from tui.app.screens.player import PlayerScreen
from tui.app.screens.remind import RemindApp, RemindScreen
from tui.app.unknot import UnknotApp
from tui.core.library import Library
from tui.core.remind import RemindPlan
from tui.notify import Notifier

BREATHING = """\
format = 1

[routine]
name = "Breathing snapshot"
summary = "A breathing hold after a short get-ready."
areas = ["chest"]

[defaults]
prep = 3

[[steps]]
name = "In for 4, hold for 2, out for 6"
instructions = "Breathe in as the bar grows, hold while it stays, and out as it shrinks."
hold = 36
breathe = [4, 2, 6]

[[steps]]
name = "Let the count go"
hold = 20
"""

BREAK = """\
format = 1

[routine]
name = "Snapshot break"
summary = "A break for the reminder's pictures."
areas = ["neck"]

[[steps]]
name = "Roll the shoulders"
hold = 30
"""


@pytest.fixture
def library(tmp_path: Path) -> Library:
    folder = tmp_path / "routines"
    folder.mkdir()
    (folder / "breathing-snapshot.toml").write_text(BREATHING, encoding="utf-8")
    (folder / "snapshot-break.toml").write_text(BREAK, encoding="utf-8")
    library = Library.load(None, folder)
    assert not library.broken
    return library


@pytest.fixture
def utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def fake_notify(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "bin"
    folder.mkdir()
    script = folder / "notify-send"
    script.write_text("#!/bin/sh\nexit 0\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", str(folder))


@pytest.mark.parametrize("into", [2.0, 10.0], ids=["breathe-in", "breathe-out"])
def test_the_pacer_in_a_breathing_hold(snap_compare, library: Library, into: float) -> None:
    """2 s in: half way up the in-breath; 10 s in: two thirds down the out-breath."""
    clock = FakeClock(5000.0)
    app = UnknotApp(library, clock=clock, play=library.routines["breathing-snapshot"])
    app.animation_level = "none"

    async def run(pilot: Pilot[object]) -> None:
        await pilot.pause()
        clock.now += 3.0 + into
        screen = pilot.app.screen
        assert isinstance(screen, PlayerScreen)
        screen.tick()
        await pilot.pause()
        await settle(pilot)

    assert snap_compare(app, terminal_size=(100, 30), run_before=run)


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="TZ via tzset, and a shell-script notifier")
@pytest.mark.parametrize("due", [False, True], ids=["counting", "due"])
def test_the_reminder(
    snap_compare, library: Library, utc: None, fake_notify: None, due: bool
) -> None:
    mono, wall = FakeClock(100.0), FakeClock(1_790_000_000.0)  # 2026-09-21 14:13:20 UTC
    app = RemindApp(
        library,
        RemindPlan(every=45 * 60, routine="snapshot-break"),
        library.routines["snapshot-break"],
        None,
        clock=mono,
        wall=wall,
        notifier=Notifier(),
    )
    app.animation_level = "none"

    async def run(pilot: Pilot[object]) -> None:
        await pilot.pause()
        step = 45 * 60 if due else 12 * 60 + 30
        mono.now += step
        wall.now += step
        screen = pilot.app.screen
        assert isinstance(screen, RemindScreen)
        screen.tick()
        await pilot.pause()
        if screen.last_notification is not None:
            screen.last_notification.wait(timeout=10)
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run)
