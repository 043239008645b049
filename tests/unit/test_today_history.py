"""Today's routine is kept like any session: its snapshot replays it (as played, or as it was),
and each area's rating is kept with it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from fakes import FakeClock

from tui.cli.history import session_json
from tui.core.compose import CheckIn, compose
from tui.core.history import HistoryStore
from tui.core.library import Library
from tui.core.paths import bundled_routines
from tui.core.player import Player
from tui.core.recorder import SessionRecorder
from tui.core.replay import AS_PLAYED, AS_ROUTINE, replay_routine
from tui.core.timeline import build_timeline


def test_a_composed_session_replays_and_keeps_each_areas_rating(unknot_home: Path) -> None:
    library = Library.load(bundled_routines(), None)
    checkin = CheckIn.of({"lower-back": 7, "neck": 4}, 10, date(2026, 12, 4))
    composed = compose(library.routines.values(), checkin)
    timeline = build_timeline(composed.routine)
    with HistoryStore.open() as store:
        player = Player(timeline, clock=FakeClock())
        recorder = SessionRecorder.begin(store, player, area_ratings=checkin.ratings)
        recorder.observe(player.start())
        assert recorder.session_id is not None
        detail = store.session(recorder.session_id)
    assert detail is not None
    assert detail.summary.routine_id == "today"
    assert [(r.area, r.before) for r in detail.summary.area_ratings] == list(checkin.ratings)
    assert session_json(detail.summary)["area_ratings"][1] == {
        "area": "lower-back",
        "before": 7,
        "after": None,
    }
    again = replay_routine(detail, AS_ROUTINE)
    assert again.steps == composed.routine.steps
    assert build_timeline(again).planned_seconds == composed.planned
    assert build_timeline(replay_routine(detail, AS_PLAYED)).segments
