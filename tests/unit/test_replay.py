"""Replay: a past session as it was played or as its routine was then, from the kept snapshot,
and "save as routine". Sessions are played by the real Player on a fake clock and kept by the
real recorder in a real SQLite file."""

from __future__ import annotations

from pathlib import Path

import pytest
from fakes import FakeClock

from tui.core.history import HistoryStore
from tui.core.history_rows import SessionDetail
from tui.core.library import Library
from tui.core.player import Player
from tui.core.recorder import SessionRecorder
from tui.core.replay import (
    AS_PLAYED,
    AS_ROUTINE,
    ReplayError,
    as_played,
    pick_session,
    replay_routine,
    replay_timeline,
    save_as_routine,
)
from tui.core.saving import RoutineExists
from tui.core.timeline import Timeline, build_timeline

ROUTINE = """\
format = 1

[routine]
name = "Replay routine"
summary = "Four steps to play with."
areas = ["neck", "upper-back"]

[defaults]
prep = 3
rest = 5
switch = 4

[[steps]]
name = "Tilt"
hold = 20
sides = ["left", "right"]

[[steps]]
name = "Roll"
hold = 30
repeatable = true

[[steps]]
name = "Press"
hold = "10-30s"

[[steps]]
name = "Last"
hold = 15
"""


class Session:
    """One play-through: the player, its recorder and the clock, moved by hand."""

    def __init__(self, store: HistoryStore, timeline: Timeline) -> None:
        self.clock = FakeClock(10_000.0)
        self.player = Player(timeline, clock=self.clock)
        self.recorder = SessionRecorder.begin(store, self.player)
        self.recorder.observe(self.player.start())

    def wait(self, seconds: float) -> None:
        self.clock.now += seconds
        self.recorder.observe(self.player.advance())

    def to_next(self) -> None:
        """Let the current segment run to its end."""
        self.wait(self.player.remaining())

    def until(self, kind: str, step: int, *, added: bool = False) -> None:
        while True:
            current = self.player.current
            assert current is not None, "the routine ended before the segment came"
            if current.kind == kind and current.step_number == step and current.added == added:
                return
            self.to_next()

    def do(self, command: str) -> None:
        result = getattr(self.player, command)()
        assert result.refused is None, result.refused
        self.recorder.observe(result.events)

    def finish(self) -> int:
        while self.player.current is not None and self.player.end_state is None:
            self.to_next()
        self.recorder.close()
        assert self.recorder.session_id is not None
        return self.recorder.session_id


def holds(timeline: Timeline) -> list[tuple[str, str | None, float]]:
    return [(s.played.name, s.side, s.length) for s in timeline.segments if s.kind == "hold"]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    routines = tmp_path / "routines"
    routines.mkdir()
    (routines / "replay-routine.toml").write_text(ROUTINE, encoding="utf-8")
    return routines


@pytest.fixture
def timeline(folder: Path) -> Timeline:
    library = Library.load(None, folder)
    assert not library.broken
    return library.timeline(library.routines["replay-routine"])


@pytest.fixture
def store(unknot_home: Path) -> HistoryStore:
    with HistoryStore.open() as opened:
        yield opened


def played_with_changes(store: HistoryStore, timeline: Timeline) -> SessionDetail:
    """Extend the left tilt, add a spot of Roll, release Press at 12 s, skip the last hold."""
    session = Session(store, timeline)
    session.until("hold", 1)
    session.do("extend")
    session.until("hold", 2)
    session.do("another_spot")
    session.until("hold", 3)
    session.wait(12)
    session.do("release")
    session.until("hold", 4)
    session.do("skip")
    detail = store.session(session.finish())
    assert detail is not None and detail.summary.state == "completed"
    return detail


def test_as_played_keeps_the_extension_the_added_spot_the_release_and_the_skip(
    store: HistoryStore, timeline: Timeline
) -> None:
    detail = played_with_changes(store, timeline)
    replay = replay_timeline(detail, AS_PLAYED)
    assert holds(replay) == [
        ("Tilt", "left", 35.0),
        ("Tilt", "right", 20.0),
        ("Roll", None, 30.0),
        ("Roll", None, 30.0),
        ("Press", None, 12.0),
    ]
    assert replay.routine.id == "replay-routine"  # it counts with its routine in the history
    assert replay.routine.name == "Replay routine (as played)"


def test_a_replay_as_played_replayed_again_plays_the_same(
    store: HistoryStore, timeline: Timeline
) -> None:
    first = replay_timeline(played_with_changes(store, timeline), AS_PLAYED)
    again = store.session(Session(store, first).finish())
    assert again is not None
    assert holds(replay_timeline(again, AS_PLAYED)) == holds(first)


def test_a_stopped_session_replays_as_far_as_it_went(
    store: HistoryStore, timeline: Timeline
) -> None:
    session = Session(store, timeline)
    session.until("hold", 2)
    session.wait(10)
    session.do("stop")
    detail = store.session(session.finish())
    assert detail is not None and detail.summary.state == "stopped"
    assert holds(replay_timeline(detail, AS_PLAYED)) == [
        ("Tilt", "left", 20.0),
        ("Tilt", "right", 20.0),
        ("Roll", None, 10.0),
    ]


def test_a_session_where_everything_was_skipped_says_to_replay_the_routine_instead(
    store: HistoryStore, timeline: Timeline
) -> None:
    session = Session(store, timeline)
    while session.player.end_state is None:
        session.do("skip")
    detail = store.session(session.finish())
    with pytest.raises(ReplayError, match="as its routine was instead"):
        as_played(detail)
    assert holds(replay_timeline(detail, AS_ROUTINE)) == holds(timeline)


def cut_off(store: HistoryStore, timeline: Timeline, kind: str, step: int, into: float) -> int:
    """A session whose process was killed `into` seconds into a segment: the recorder last
    wrote when that segment began, and nothing closed it (no end state, no final save)."""
    session = Session(store, timeline)
    session.until(kind, step)
    session.clock.now += into  # played on, but nothing more reached the history
    assert session.recorder.session_id is not None
    return session.recorder.session_id


def test_a_session_cut_off_in_its_first_hold_replays_that_hold(
    store: HistoryStore, timeline: Timeline
) -> None:
    detail = store.session(cut_off(store, timeline, "hold", 1, into=5))
    assert detail is not None and detail.summary.state == "interrupted"
    replay = replay_timeline(detail, AS_PLAYED)
    assert holds(replay) == [("Tilt", "left", 20.0)]
    assert [s.kind for s in replay.segments] == ["prep", "hold"]  # its get-ready kept


def test_a_session_cut_off_later_replays_what_was_played_and_the_part_running_then(
    store: HistoryStore, timeline: Timeline
) -> None:
    session = Session(store, timeline)
    session.until("hold", 2)
    session.do("extend")
    session.to_next()
    session.until("hold", 3)
    session.clock.now += 4  # killed 4 s into Press
    detail = store.session(session.recorder.session_id or 0)
    assert detail is not None and detail.summary.state == "interrupted"
    assert holds(replay_timeline(detail, AS_PLAYED)) == [
        ("Tilt", "left", 20.0),
        ("Tilt", "right", 20.0),
        ("Roll", None, 45.0),
        ("Press", None, 30.0),
    ]


def test_a_session_cut_off_in_its_first_get_ready_says_so_not_that_parts_were_skipped(
    store: HistoryStore, timeline: Timeline
) -> None:
    detail = store.session(cut_off(store, timeline, "prep", 1, into=1))
    assert detail is not None
    with pytest.raises(ReplayError, match="before its first step began") as raised:
        as_played(detail)
    assert "skipped" not in str(raised.value)


def test_only_a_session_with_every_part_skipped_says_every_part_was_skipped(
    store: HistoryStore, timeline: Timeline
) -> None:
    session = Session(store, timeline)
    while session.player.end_state is None:
        session.do("skip")
    detail = store.session(session.finish())
    assert detail is not None
    with pytest.raises(ReplayError, match=r"every part was skipped"):
        as_played(detail)


@pytest.mark.parametrize("change", ["edited", "deleted"])
def test_as_routine_plays_the_kept_snapshot_after_the_file_changed_or_went(
    store: HistoryStore, timeline: Timeline, folder: Path, change: str
) -> None:
    detail = played_with_changes(store, timeline)
    path = folder / "replay-routine.toml"
    if change == "edited":
        path.write_text(ROUTINE.replace("hold = 20", "hold = 90"), encoding="utf-8")
        edited = Library.load(None, folder)
        assert holds(edited.timeline(edited.routines["replay-routine"]))[0][2] == 90.0
    else:
        path.unlink()
    kept = store.session(detail.id)
    assert kept is not None
    replay = replay_timeline(kept, AS_ROUTINE)
    assert [(s.kind, s.side, s.length) for s in replay.segments] == [
        (s.kind, s.side, s.length) for s in timeline.segments
    ]
    assert replay_routine(kept, AS_ROUTINE).name == "Replay routine"
    assert holds(replay_timeline(kept, AS_PLAYED))[0] == ("Tilt", "left", 35.0)


def test_save_as_routine_writes_a_routine_of_your_own_that_plays_as_you_did(
    store: HistoryStore, timeline: Timeline, tmp_path: Path
) -> None:
    detail = played_with_changes(store, timeline)
    mine = tmp_path / "mine"
    path = save_as_routine(detail, mine)
    assert path == mine / "replay-routine-replay.toml"
    library = Library.load(None, mine)
    assert not library.broken
    saved = library.routines["replay-routine-replay"]
    assert saved.name.startswith("Replay routine (as played ")
    assert "Saved from your session of" in saved.description
    assert holds(build_timeline(saved)) == holds(replay_timeline(detail, AS_PLAYED))


def test_save_as_routine_never_overwrites_unasked(
    store: HistoryStore, timeline: Timeline, tmp_path: Path
) -> None:
    detail = played_with_changes(store, timeline)
    path = save_as_routine(detail, tmp_path)
    path.write_text("# my own notes\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(RoutineExists):
        save_as_routine(detail, tmp_path)
    assert path.read_text(encoding="utf-8").startswith("# my own notes")
    assert save_as_routine(detail, tmp_path, replace=True) == path
    assert not path.read_text(encoding="utf-8").startswith("# my own notes")


def test_replay_picks_a_session_by_number_the_last_or_the_newest_favourite(
    store: HistoryStore, timeline: Timeline
) -> None:
    first = Session(store, timeline).finish()
    second = Session(store, timeline).finish()
    assert pick_session(store).id == second
    assert pick_session(store, first).id == first
    with pytest.raises(ReplayError, match="nothing is starred yet"):
        pick_session(store, favourite=True)
    store.star_routine("replay-routine")
    assert pick_session(store, favourite=True).id == second  # the routine's last session
    store.star_session(first)
    assert pick_session(store, favourite=True).id == first  # a starred session comes first
    with pytest.raises(ReplayError, match="no session has the number 99"):
        pick_session(store, 99)


def test_replay_with_no_sessions_says_how_to_make_one(store: HistoryStore) -> None:
    with pytest.raises(ReplayError, match="no sessions yet"):
        pick_session(store)
