"""The history screen at 100×30: a fortnight of sessions (completed, stopped, interrupted, one
starred, some rated), its figures as of a fixed day, and the newest session's details.

The sessions are played by the real Player on a fake clock with a fixed wall clock, in one fixed
time zone, so the same picture comes out on any machine on any day.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from fakes import FakeClock
from textual.pilot import Pilot

from tui.app.screens.history import HistoryScreen
from tui.app.unknot import UnknotApp
from tui.core.history import HistoryStore
from tui.core.library import Library
from tui.core.player import Player
from tui.core.recorder import SessionRecorder

ROUTINE = """\
format = 1

[routine]
name = "Snapshot routine"
summary = "Two holds and a rest."
areas = ["neck", "upper-back"]

[defaults]
prep = 3
rest = 5

[[steps]]
name = "Neck tilt"
hold = 20
sides = ["left", "right"]

[[steps]]
name = "Pressure point"
hold = "10-30s"
"""

TODAY = date(2025, 3, 14)
ZONE = timezone(timedelta(hours=1))


def play(store: HistoryStore, library: Library, days_ago: int, how: str, before: int | None) -> int:
    started = datetime.combine(TODAY - timedelta(days=days_ago), datetime.min.time(), ZONE)
    started = started.replace(hour=7, minute=30)
    clock = FakeClock(100.0)
    player = Player(library.timeline(library.routines["snapshot-routine"]), clock=clock)
    recorder = SessionRecorder.begin(
        store, player, tension_before=before, wall=lambda: started + timedelta(minutes=2)
    )
    recorder.observe(player.start())
    clock.now += 3
    recorder.observe(player.advance())
    if how == "extended":
        recorder.observe(player.extend().events)
    clock.now += 60 if how != "interrupted" else 10
    recorder.observe(player.advance())
    if how == "stopped":
        recorder.observe(player.stop().events)
    elif how != "interrupted":
        clock.now += 100
        recorder.observe(player.advance())
    recorder.close()
    assert recorder.session_id is not None
    return recorder.session_id


@pytest.fixture
def app(tmp_path: Path) -> UnknotApp:
    folder = tmp_path / "routines"
    folder.mkdir()
    (folder / "snapshot-routine.toml").write_text(ROUTINE, encoding="utf-8")
    library = Library.load(None, folder)
    with HistoryStore.open() as store:
        for days_ago, how, before, after in (
            (13, "completed", 6, 4),
            (9, "stopped", 6, None),
            (6, "interrupted", None, None),
            (3, "completed", 5, 3),
            (1, "extended", 5, 2),
            (0, "completed", None, None),
        ):
            session = play(store, library, days_ago, how, before)
            if after is not None:
                store.rate(session, after=after)
            if how == "extended":
                store.star_session(session)
    app = UnknotApp(library)
    app.animation_level = "none"
    return app


def test_history_snapshot(snap_compare, app: UnknotApp) -> None:
    async def show(pilot: Pilot[object]) -> None:
        await pilot.pause()
        app.push_screen(HistoryScreen(app.history(), today=TODAY))
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()  # the figures are worked out in a thread
        await pilot.pause()
        pilot.app.clear_notifications()
        await pilot.pause()

    assert snap_compare(app, terminal_size=(100, 30), run_before=show)
