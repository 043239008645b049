"""What the full-screen player sends out besides the picture: its sound, its history and the
breathing pacer. The same outputs as plain mode (tui/session/outputs.py), checked here through
the real app on the fake clock, against the real SQLite history under UNKNOT_HOME.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.widgets import Static

from tui.app.screens.summary import SummaryScreen
from tui.app.widgets.pacer import Pacer
from tui.core.history import HistoryStore
from tui.core.trace import read_trace

if TYPE_CHECKING:
    from conftest import AppFactory, Drive


def stored_sessions() -> HistoryStore:
    return HistoryStore.open(create=False)


async def test_a_session_played_to_the_end_is_kept_in_the_history_with_every_segment(
    make_app: AppFactory, drive: Drive
) -> None:
    app = make_app("plain-routine")  # a 2-minute hold, then a 16 s breathing hold
    async with app.run_test(size=(100, 30)) as pilot:
        screen = drive.player(pilot)
        await pilot.pause()
        session_id = screen.wait_session_id(1.0)  # a test may wait; the loop never does
        assert session_id is not None  # the row is written when play starts
        await pilot.press("plus")  # the long hold, 15 s longer
        await drive.advance(pilot, 135 + 16)
        assert isinstance(app.screen, SummaryScreen)
    store = stored_sessions()
    detail = store.session(session_id)
    assert detail is not None
    assert detail.summary.state == "completed"
    assert detail.summary.routine_id == "plain-routine"
    assert detail.summary.planned == 136.0 and detail.summary.actual == 151.0
    assert [(row.kind, row.outcome, row.actual) for row in detail.segments] == [
        ("hold", "extended", 135.0),
        ("hold", "done", 16.0),
    ]


async def test_leaving_the_app_mid_session_keeps_it_as_interrupted_with_what_was_played(
    make_app: AppFactory, drive: Drive
) -> None:
    app = make_app("plain-routine")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = drive.player(pilot)
        await pilot.pause()
        await drive.advance(pilot, 50)
        session_id = screen.wait_session_id(1.0)  # a test may wait; the loop never does
        await app.action_quit()
    assert session_id is not None
    detail = stored_sessions().session(session_id)
    assert detail is not None
    assert detail.summary.state == "interrupted"
    assert detail.summary.actual == 50.0


async def test_the_player_says_where_sound_goes_and_the_trace_says_what_sounded_each_cue(
    make_app: AppFactory, drive: Drive, trace_file: Path
) -> None:
    app = make_app("plain-routine")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = drive.player(pilot)
        await pilot.pause()
        assert str(screen.query_one("#sound", Static).render()) == "sound: bell"
        await pilot.press("m")
        await drive.advance(pilot, 60)  # halfway through the long hold, muted
        await pilot.press("m")
        await drive.advance(pilot, 58)  # the first of the last three ticks, unmuted
    sounds = [(e["cue"], e["sound"]) for e in read_trace(trace_file) if e["event"] == "cue"]
    assert sounds[:3] == [("start", "bell"), ("halfway", "off"), ("tick", "bell")]


async def test_the_pacer_shows_only_in_a_breathing_hold_and_follows_the_breath(
    make_app: AppFactory, drive: Drive
) -> None:
    app = make_app("plain-routine")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = drive.player(pilot)
        await pilot.pause()
        pacer = screen.query_one(Pacer)
        assert not pacer.display and pacer.phase() is None and not pacer.animating
        await pilot.press("n")  # on to the breathing hold, [4, 0, 4]
        await drive.advance(pilot, 1)
        phase = pacer.phase()
        assert pacer.display and pacer.animating
        assert phase is not None and phase.word == "breathe in" and phase.fill == 0.25
        await pilot.press("space")  # paused: the pacer stands still and stops its frames
        await pilot.pause()
        assert not pacer.animating
        drive.clock.advance(30)
        assert pacer.phase() == phase
        await pilot.press("space")
        await drive.advance(pilot, 4)
        phase = pacer.phase()
        assert phase is not None and phase.word == "breathe out" and phase.fill == 0.75
