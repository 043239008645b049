"""The recorder saves a session while it is played: its row at the start, each segment as it
finishes, pauses, and the end. A fake monotonic clock moves by hand; the store is real SQLite."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from fakes import FakeClock

from tui.core.durations import Hold
from tui.core.history import HistoryStore
from tui.core.history_rows import PauseRow
from tui.core.history_snapshot import flatten, snapshot_of
from tui.core.library import Library
from tui.core.paths import bundled_routines
from tui.core.player import Player
from tui.core.recorder import SessionRecorder
from tui.core.routine import Defaults, Routine, Step
from tui.core.timeline import Timeline, build_timeline, cue_schedule
from tui.core.writer import dumps

T0 = 50_000.0
WALL = datetime(2025, 5, 6, 7, 30, tzinfo=timezone(timedelta(hours=1)))


class FakeWall:
    """The wall clock, one minute later on every reading."""

    def __init__(self) -> None:
        self.readings = 0

    def __call__(self) -> datetime:
        self.readings += 1
        return WALL + timedelta(minutes=self.readings - 1)


def routine(**changes: object) -> Routine:
    steps = (
        Step("Roll", hold=Hold(30, 30), repeatable=True),
        Step("Press", hold=Hold(20, 40)),
        Step("Breathe", hold=Hold(20, 20)),
    )
    base = Routine(
        id="test",
        name="Test",
        summary="Made in a test.",
        areas=("upper-back", "neck"),
        steps=steps,
        defaults=Defaults(prep=5, rest=0, switch=5),
    )
    return Routine(**{**{f: getattr(base, f) for f in base.__slots__}, **changes})


@pytest.fixture
def store(unknot_home: Path) -> HistoryStore:
    with HistoryStore.open() as opened:
        yield opened


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(T0)


def play(store: HistoryStore, clock: FakeClock, timeline: Timeline | None = None, **kw: object):
    player = Player(timeline or build_timeline(routine()), clock=clock)
    recorder = SessionRecorder.begin(store, player, wall=FakeWall(), **kw)
    recorder.observe(player.start())
    return player, recorder


def advance(player: Player, recorder: SessionRecorder, clock: FakeClock, seconds: float) -> None:
    clock.now += seconds
    recorder.observe(player.advance())


def on_disk(store: HistoryStore, session_id: int) -> list[tuple[str, str, float]]:
    """The segments as another process sees them: read through a separate connection."""
    with sqlite3.connect(store.path) as db:
        return db.execute(
            "SELECT kind, status, actual FROM segments WHERE session_id = ? ORDER BY position",
            (session_id,),
        ).fetchall()


def test_the_session_is_written_when_play_starts_with_its_plan(
    store: HistoryStore, clock: FakeClock
) -> None:
    player = Player(build_timeline(routine()), clock=clock)
    recorder = SessionRecorder.begin(store, player, tension_before=6, wall=FakeWall())
    assert recorder.session_id is not None and recorder.notice is None
    detail = store.session(recorder.session_id)
    assert detail.summary.state == "interrupted" and detail.summary.tension_before == 6
    assert detail.summary.started == WALL and detail.summary.planned == 5 + 30 + 5 + 40 + 5 + 20
    assert [s.status for s in detail.segments] == ["upcoming"] * 6
    assert detail.summary.areas == ("upper-back", "neck")


def test_each_segment_is_on_disk_as_soon_as_it_finishes(
    store: HistoryStore, clock: FakeClock
) -> None:
    player, recorder = play(store, clock)
    session = recorder.session_id
    assert on_disk(store, session)[0][:2] == ("prep", "current")
    advance(player, recorder, clock, 5.0)
    assert on_disk(store, session)[:2] == [("prep", "done", 5.0), ("hold", "current", 0.0)]
    advance(player, recorder, clock, 12.0)  # a tick or two inside the hold: nothing to save
    assert on_disk(store, session)[1] == ("hold", "current", 0.0)
    advance(player, recorder, clock, 18.0)
    assert [row[1] for row in on_disk(store, session)[:3]] == ["done", "done", "current"]
    assert store.sessions()[0].actual == 35.0


def test_cue_events_alone_write_nothing(
    store: HistoryStore, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    player, recorder = play(store, clock)
    advance(player, recorder, clock, 5.0)
    calls = []
    monkeypatch.setattr(store, "record_progress", lambda *a, **k: calls.append(k))
    for _ in range(25):  # a 30 s hold: its halfway and ticks
        advance(player, recorder, clock, 1.0)
    assert calls == []


def test_every_outcome_is_kept_with_its_actual_seconds(
    store: HistoryStore, clock: FakeClock
) -> None:
    player, recorder = play(store, clock)
    advance(player, recorder, clock, 5.0)  # into the first hold
    recorder.observe(player.another_spot().events)
    recorder.observe(player.extend().events)
    advance(player, recorder, clock, 45.0)  # the extended hold ends: the added spot begins
    recorder.observe(player.skip().events)  # skip the spot
    advance(player, recorder, clock, 5.0)  # prep → the range hold
    advance(player, recorder, clock, 25.0)
    recorder.observe(player.release().events)  # released at 25 s
    recorder.observe(player.pause().events)
    clock.now += 100.0
    recorder.observe(player.resume().events)
    advance(player, recorder, clock, 25.0)  # the last prep and hold: completed
    assert recorder.ended and recorder.notice is None
    detail = store.session(recorder.session_id)
    got = [(s.kind, s.outcome, s.actual) for s in detail.segments]
    assert got == [
        ("prep", "done", 5.0),
        ("hold", "extended", 45.0),
        ("hold", "skipped", 0.0),
        ("prep", "done", 5.0),
        ("hold", "released", 25.0),
        ("prep", "done", 5.0),
        ("hold", "done", 20.0),
    ]
    spot = detail.segments[2]
    assert spot.added and spot.status == "skipped"
    assert detail.segments[1].extended == 15.0 and detail.segments[4].released_at == 25.0
    assert detail.pauses == (PauseRow(0, 80.0, 100.0),)
    assert detail.summary.state == "completed" and detail.summary.actual == 105.0
    assert detail.summary.ended > detail.summary.started


def test_going_back_rewrites_a_finished_segment_when_it_finishes_again(
    store: HistoryStore, clock: FakeClock
) -> None:
    player, recorder = play(store, clock)
    advance(player, recorder, clock, 6.0)  # 1 s into the hold
    recorder.observe(player.back().events)  # within 3 s: back to the prep
    assert on_disk(store, recorder.session_id)[:2] == [
        ("prep", "current", 5.0),
        ("hold", "upcoming", 1.0),
    ]
    advance(player, recorder, clock, 5.0)
    assert on_disk(store, recorder.session_id)[0] == ("prep", "done", 10.0)


def test_a_stopped_session_keeps_where_it_stopped(store: HistoryStore, clock: FakeClock) -> None:
    player, recorder = play(store, clock)
    advance(player, recorder, clock, 15.0)
    recorder.observe(player.stop().events)
    detail = store.session(recorder.session_id)
    assert detail.summary.state == "stopped" and detail.summary.actual == 15.0
    assert [s.status for s in detail.segments[:3]] == ["done", "stopped", "upcoming"]
    assert detail.segments[1].actual == 10.0


def test_closing_without_an_end_leaves_an_interrupted_session_with_its_time(
    store: HistoryStore, clock: FakeClock
) -> None:
    player, recorder = play(store, clock)
    advance(player, recorder, clock, 20.0)
    recorder.observe(player.pause().events)  # paused, then the app is closed
    recorder.close()
    summary = store.sessions()[0]
    assert summary.state == "interrupted" and summary.actual == 20.0 and summary.ended is None
    assert store.session(summary.id).pauses == (PauseRow(0, 20.0, None),)


def test_a_failed_write_is_a_notice_and_the_next_write_catches_up(
    store: HistoryStore, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    player, recorder = play(store, clock)
    real = store.record_progress

    def locked(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(store, "record_progress", locked)
    advance(player, recorder, clock, 5.0)  # the prep finishes, but the write fails
    assert recorder.notice is not None and "could not be saved" in recorder.notice.message
    monkeypatch.setattr(store, "record_progress", real)
    advance(player, recorder, clock, 30.0)
    assert [row[1] for row in on_disk(store, recorder.session_id)[:3]] == [
        "done",
        "done",
        "current",
    ]


def test_a_store_that_fails_from_the_start_never_raises_into_the_player(
    store: HistoryStore, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*args: object, **kwargs: object) -> int:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(store, "begin_session", full)
    player, recorder = play(store, clock)
    advance(player, recorder, clock, 200.0)
    assert recorder.session_id is None and recorder.notice is not None
    assert player.state == "finished"


def test_when_the_file_is_replaced_mid_session_the_session_is_written_again(
    store: HistoryStore, clock: FakeClock
) -> None:
    player, recorder = play(store, clock)
    advance(player, recorder, clock, 5.0)
    store.generation += 1  # what the store does after moving a damaged file aside
    with store.batch():
        store._db.execute("DELETE FROM segments")
        store._db.execute("DELETE FROM sessions")
    advance(player, recorder, clock, 30.0)
    detail = store.session(recorder.session_id)
    assert detail is not None and detail.summary.started == WALL
    assert [s.status for s in detail.segments[:3]] == ["done", "done", "current"]


# ---- snapshots ----------------------------------------------------------------------------------


def library() -> Library:
    return Library.load(bundled_routines(), None)


def test_a_routine_without_includes_is_kept_as_the_writer_writes_it(clock: FakeClock) -> None:
    plain = routine()
    snapshot = snapshot_of(build_timeline(plain))
    assert snapshot.text == dumps(plain) and not snapshot.flattened
    assert snapshot_of(build_timeline(routine(name="Changed"))).hash != snapshot.hash


@pytest.mark.parametrize("routine_id", sorted(p.stem for p in bundled_routines().glob("*.toml")))
def test_every_bundled_routine_replays_from_its_snapshot_as_it_was_played(
    store: HistoryStore, clock: FakeClock, routine_id: str
) -> None:
    lib = library()
    timeline = lib.timeline(lib.get(routine_id))
    _, recorder = play(store, clock, timeline)
    replayed = store.session(recorder.session_id).timeline()

    def shape(t: Timeline) -> list[tuple]:
        return [
            (
                s.kind,
                s.length,
                s.start,
                s.side,
                s.rep,
                s.minimum,
                s.played.name,
                s.played.countdown,
                s.played.halfway,
            )
            for s in t.segments
        ]

    assert shape(replayed) == shape(timeline)
    assert cue_schedule(replayed) == cue_schedule(timeline)


def test_a_routine_with_includes_is_kept_flattened_and_needs_no_other_file(
    store: HistoryStore, clock: FakeClock
) -> None:
    lib = library()
    timeline = lib.timeline(lib.get("back-reset-15"))
    snapshot = snapshot_of(timeline)
    assert snapshot.flattened and "include" not in snapshot.text
    flat = flatten(timeline)
    assert flat.id == "back-reset-15" and len(flat.steps) == len(timeline.steps)
    _, recorder = play(store, clock, timeline)
    detail = store.session(recorder.session_id)
    assert detail.snapshot == snapshot
    assert detail.timeline().planned_seconds == 900


def test_a_notice_is_handed_to_the_screen_once(
    store: HistoryStore, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    player, recorder = play(store, clock)
    assert recorder.take_notice() is None
    real = store.record_progress

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store, "record_progress", full)
    advance(player, recorder, clock, 5.0)
    notice = recorder.take_notice()
    assert notice is not None and "No space left" in notice.message
    monkeypatch.setattr(store, "record_progress", real)
    advance(player, recorder, clock, 30.0)
    assert recorder.take_notice() is None


@pytest.mark.parametrize("routine_id", sorted(p.stem for p in bundled_routines().glob("*.toml")))
def test_a_snapshot_flattens_exactly_as_the_core_flatten_does(routine_id: str) -> None:
    from tui.core import flatten as core

    lib = library()
    kept = lib.get(routine_id)
    assert flatten(lib.timeline(kept)) == core.flatten(kept, lib.get)
