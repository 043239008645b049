"""The glue between a Player and the history: a session is saved while it is played.

The player does no I/O and has no listeners; the screen hands every batch of events it gets from
the player to `SessionRecorder.observe`, as it does to the trace writer. The recorder then saves
whatever changed: a new segment began (so the last one finished), a pause began or ended, the
routine ended. Cue events alone (ticks, halfway) change nothing worth a write, so an idle hold
costs no disk at all.

A write compares the player's record with what was last saved and writes only the difference,
so a write that failed (the disk was full, another process held the lock too long) is made good
by the next one, and the store moving a damaged file aside mid-session (`store.generation`) makes
the recorder write the whole session anew into the fresh file. Nothing here ever raises into the
UI: a problem is kept in `notice` for the screen to show.

The routine is kept as played by `history_snapshot.snapshot_of` (flattened when it has
includes), so the session replays after its file changed.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from datetime import datetime
from itertools import compress
from operator import is_not

from tui.core.history import HistoryStore, StoreNotice
from tui.core.history_rows import HistoryError, NewSession, PauseRow, SegmentRow
from tui.core.history_snapshot import snapshot_of
from tui.core.player import Player
from tui.core.player_events import CueEvent, Event
from tui.core.player_records import LiveSegment, PauseRecord, SessionRecord

WallClock = Callable[[], datetime]


def local_now() -> datetime:
    """The wall clock, with the local offset: it decides which day a session counts for."""
    return datetime.now().astimezone()


# ------------------------------------------------------------------------------------ rows


def segment_row(segment: LiveSegment) -> SegmentRow:
    return SegmentRow(
        position=segment.index,
        step=segment.step_number,
        name=segment.name,
        kind=segment.kind,
        side=segment.side,
        rep=segment.rep,
        planned=segment.planned,
        extended=segment.extended,
        released_at=segment.released_at,
        added=segment.added,
        status=segment.status,
        outcome=segment.outcome,
        actual=round(segment.actual, 3),
    )


def pause_row(n: int, pause: PauseRecord) -> PauseRow:
    seconds = pause.seconds
    return PauseRow(n, round(pause.at, 3), None if seconds is None else round(seconds, 3))


# ------------------------------------------------------------------------------------ recorder


class SessionRecorder:
    """Saves one play-through of one Player. Make it with `begin` (which writes the session's row)
    and pass it every batch of events the player returns."""

    def __init__(
        self,
        store: HistoryStore,
        player: Player,
        *,
        tension_before: int | None = None,
        wall: WallClock = local_now,
        started: datetime | None = None,
        area_ratings: tuple[tuple[str, int], ...] = (),
    ) -> None:
        self.store = store
        self.player = player
        self.session_id: int | None = None
        self.notice: StoreNotice | None = None
        self._wall = wall
        self._started = started or wall()  # a writer thread passes the moment play began
        self._tension_before = tension_before
        self._area_ratings = area_ratings
        self._snapshot = snapshot_of(player.timeline)
        self._generation = store.generation
        self._segments: dict[int, SegmentRow] = {}
        self._copies: tuple[LiveSegment, ...] = ()  # the record's segment copies at the last save
        self._pauses: dict[int, PauseRow] = {}
        self._actual: float | None = None
        self._end_saved = False
        self._store_notice = store.notice  # the app showed this one when it opened the store

    @classmethod
    def begin(
        cls,
        store: HistoryStore,
        player: Player,
        *,
        tension_before: int | None = None,
        wall: WallClock = local_now,
        area_ratings: tuple[tuple[str, int], ...] = (),
    ) -> SessionRecorder:
        """Start recording: the session's row and its planned segments are written now."""
        recorder = cls(
            store, player, tension_before=tension_before, wall=wall, area_ratings=area_ratings
        )
        recorder.save()
        return recorder

    @property
    def ended(self) -> bool:
        """True once the end state is saved."""
        return self._end_saved

    def take_notice(self) -> StoreNotice | None:
        """The notice not yet shown, once: the screen asks after each batch and shows it."""
        notice, self.notice = self.notice, None
        return notice

    def observe(self, events: Iterable[Event], now: float | None = None) -> None:
        """Hand over a batch of the player's events; saves if any of them changed the session."""
        if any(not isinstance(event, CueEvent) for event in events):
            self.save(now)

    def close(self, now: float | None = None) -> None:
        """The screen is going away: save the time played so far. A session that did not end
        stays without an end state, which the history shows as interrupted."""
        self.save(now)

    def save(self, now: float | None = None, record: SessionRecord | None = None) -> bool:
        """Write what changed since the last save; False (and `notice` set) if it could not.
        `record` is the player's record taken by the caller (a writer thread must not read the
        player while the UI's thread drives it); without it the player is asked now."""
        try:
            self._save(record if record is not None else self.player.record(now))
        except (sqlite3.Error, OSError, HistoryError) as exc:
            self.notice = StoreNotice(
                f"This session could not be saved to your history ({exc}); "
                "unknot will try again at the next step.",
            )
            return False
        if self.store.notice is not self._store_notice:  # e.g. the file was moved aside just now
            self._store_notice = self.notice = self.store.notice
        return True

    def _save(self, record: SessionRecord) -> None:
        if self.store.generation != self._generation:  # a fresh file: the session starts over
            self._generation = self.store.generation
            self.session_id = None
            self._segments, self._pauses, self._actual = {}, {}, None
            self._copies = ()
            self._end_saved = False
        if self.session_id is None:
            segments = [segment_row(s) for s in record.segments]
            self.session_id = self.store.begin_session(self._new_session(), segments)
            self._segments = {row.position: row for row in segments}
            self._copies = record.segments
        if self._end_saved:
            return
        # The player hands out the same copy of a segment until it changes, so only the copies
        # that are new since the last save are turned into rows and compared.
        before, now = self._copies, record.segments
        if len(before) == len(now):  # compared in C: a routine may have 10,000 segments
            fresh: Iterable[LiveSegment] = compress(now, map(is_not, before, now))
        else:
            fresh = now
        rows = (segment_row(s) for s in fresh)
        changed = [row for row in rows if self._segments.get(row.position) != row]
        pauses = [pause_row(n, p) for n, p in enumerate(record.pauses)]
        new_pauses = [row for row in pauses if self._pauses.get(row.n) != row]
        actual = round(record.actual, 3)
        end = record.end_state
        if not changed and not new_pauses and actual == self._actual and end is None:
            self._copies = record.segments
            return
        self.store.record_progress(
            self.session_id,
            segments=changed,
            pauses=new_pauses,
            actual=actual,
            end_state=end,
            ended=self._wall() if end is not None else None,
        )
        self._segments.update((row.position, row) for row in changed)
        self._copies = record.segments
        self._pauses.update((row.n, row) for row in new_pauses)
        self._actual = actual
        self._end_saved = end is not None

    def _new_session(self) -> NewSession:
        routine = self.player.timeline.routine
        return NewSession(
            routine_id=routine.id,
            routine_name=routine.name,
            areas=routine.areas,
            snapshot=self._snapshot,
            planned=self.player.timeline.planned_seconds,
            started=self._started,
            routine_path=str(routine.path) if routine.path is not None else None,
            tension_before=self._tension_before,
            area_ratings=self._area_ratings,
        )
