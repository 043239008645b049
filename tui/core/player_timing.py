"""How a player's playing time moves through its segments: entering one, delivering its cues as
they fall due, crossing into the next, finishing; the state all of that keeps.

Player (player.py) is what the UI drives and reads: it adds the commands (pause, skip, back,
extend, release, another spot, stop) and the read-outs on top of this. Kept apart so the rules of
time (one offset to the monotonic clock, deadlines that never drift, a late wake-up that delays
what is heard but never the plan) can be read in one place without the commands around them.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from tui.core.player_events import (
    CueEvent,
    EndEvent,
    EndState,
    Event,
    PlayerState,
    SegmentEvent,
    SegmentStatus,
)
from tui.core.player_records import LiveSegment, PauseRecord
from tui.core.player_view import LiveView
from tui.core.timeline import Cue, Timeline, segment_cues

LATE_AFTER = 0.1  # an event seen more than this after its scheduled time is marked late
# Monotonic clocks run to 1e6 s and more, where float sums lose ~1e-10 s: comparisons allow this
# much, so that waking up exactly at `next_wakeup` always finds its event due.
EPS = 1e-6


class PlayerTiming:
    """A timeline's playing time and its live segments; the base of Player. Every method here is
    internal to the player: the UI calls Player's commands and read-outs."""

    def __init__(self, timeline: Timeline, clock: Callable[[], float] = time.monotonic) -> None:
        self.timeline = timeline
        self._clock = clock
        self._live: list[LiveSegment] = [
            LiveSegment(segment=s, index=s.index, start=s.start, planned=s.length)
            for s in timeline.segments
        ]
        self._state: PlayerState = "ready"
        self._end_state: EndState | None = None
        self._i = 0
        self._base = 0.0  # monotonic time of playing time 0, while running
        self._frozen: float | None = 0.0  # playing time while not running
        self._visit_start = 0.0
        self._cursor = -math.inf  # inside cues up to here have been delivered
        self._halfway_sounded = False
        self._inside: list[tuple[float, Cue]] = []
        self._pauses: list[PauseRecord] = []
        # Later segments are re-placed (start, index) only when read after a change moved them,
        # and the views refresh only what changed: a part costs the same in a routine of 10 or
        # 10,000 segments.
        self._stale = False
        self._view = LiveView(timeline.steps, self._live)
        self._seen_i = 0

    def _now(self, now: float | None) -> float:
        return self._clock() if now is None else now

    def _playing(self, now: float) -> float:
        return self._frozen if self._frozen is not None else now - self._base

    def _run(self, now: float) -> None:
        """Unfreeze playing time: this is what moves every deadline after a pause or a wait."""
        if self._frozen is not None:
            self._base = now - self._frozen
            self._frozen = None

    def _close_pause(self, now: float) -> None:
        if self._pauses and self._pauses[-1].ended is None:
            last = self._pauses[-1]
            self._pauses[-1] = PauseRecord(at=last.at, started=last.started, ended=now)

    def _replan(self) -> None:
        """Place the next segment after the current one (the later ones when next read, see
        `_settle`), and re-ask the current segment's cues."""
        cur = self._live[self._i]
        cur.index = self._i
        if self._i + 1 < len(self._live):
            following = self._live[self._i + 1]
            if abs(following.start - cur.end) > EPS or following.index != self._i + 1:
                following.start, following.index = cur.end, self._i + 1
                self._stale = True
        self._inside = [
            (cur.start + cue.offset, cue)
            for cue in segment_cues(cur.segment, cur.length)
            if cue.offset < cur.length - EPS
        ]

    def _settle(self) -> None:
        """Bring what the views read up to date: every later segment placed after the one before
        it and numbered (after a change moved them), and the touched segments marked."""
        if self._stale:
            self._stale = False
            for j in range(self._i + 1, len(self._live)):
                seg = self._live[j]
                seg.index, seg.start = j, self._live[j - 1].end
            self._view.touch_all()
        low, high = sorted((self._seen_i, self._i))
        self._view.touch(low - 1, high + 1)
        self._seen_i = self._i

    def _enter(self, i: int, at: float, now: float) -> list[Event]:
        """Make segment `i` current from playing time `at`; its boundary cue is delivered."""
        seg = self._live[i]
        seen = self._playing(now)
        if abs(seg.start - at) > EPS:  # a skip, a release or a back: every later one moves too
            self._stale = True
        self._view.touch(min(i, self._i) - 1, max(i, self._i) + 1)
        self._i = i
        seg.status = "current"
        seg.start = at
        self._visit_start = at
        self._cursor = -math.inf
        self._halfway_sounded = False
        self._replan()
        events: list[Event] = [
            SegmentEvent(
                index=seg.index,
                kind=seg.kind,
                step=seg.step_number,
                side=seg.side,
                rep=seg.rep,
                length=seg.length,
                scheduled=at,
                actual=seen,
                late=seen - at > LATE_AFTER,
                added=seg.added,
                played=seg.played,
            )
        ]
        if not seg.is_timed:
            self._close_pause(now)
            self._state, self._frozen = "waiting", at
        elif self._state == "waiting":
            self._state = "playing"
            self._run(now)
        return events + self._deliver(now)

    def _deliver(self, now: float) -> list[Event]:
        """The current segment's inside cues that are due and not yet delivered."""
        p = self._playing(now)
        seg = self._live[self._i]
        events: list[Event] = []
        for t, cue in self._inside:
            if t <= self._cursor:
                continue
            if t > p + EPS:
                break
            if cue.cue == "halfway":
                if self._halfway_sounded:  # an extend moved the middle past us: once is enough
                    continue
                self._halfway_sounded = True
            events.append(CueEvent(cue.cue, seg.index, t, p, p - t > LATE_AFTER, seg.played))
        self._cursor = max(self._cursor, p + EPS)
        return events

    def _catch_up(self, now: float) -> list[Event]:
        events: list[Event] = []
        while self._state == "playing":
            events += self._deliver(now)
            seg = self._live[self._i]
            if self._playing(now) + EPS < seg.end:
                break
            events += self._cross(seg.end, now)
        return events

    def _cross(self, at: float, now: float, status: SegmentStatus = "done") -> list[Event]:
        """Leave the current segment forward at playing time `at`: its closing cue, then the next
        segment (or the end)."""
        seg = self._live[self._i]
        seen = self._playing(now)
        seg.actual += at - self._visit_start
        seg.status = status
        events: list[Event] = [
            CueEvent(cue.cue, seg.index, at, seen, seen - at > LATE_AFTER, seg.played)
            for cue in self._closing_cues()
        ]
        if self._i + 1 == len(self._live):
            return events + self._finish("completed", at, now)
        return events + self._enter(self._i + 1, at, now)

    def _closing_cues(self) -> list[Cue]:
        """The cue at the current segment's end; it belongs to what follows (`end`, `complete`)."""
        seg = self._live[self._i]
        following = self._live[self._i + 1] if self._i + 1 < len(self._live) else None
        if not seg.is_timed:  # a manual step waits in silence, but the routine's end still sounds
            return [] if following else [Cue(0.0, "complete", seg.index)]
        cues = segment_cues(
            seg.segment,
            seg.length,
            ends_routine=following is None,
            next_kind=following.kind if following else None,
        )
        return [cue for cue in cues if cue.offset >= seg.length - EPS]

    def _finish(self, state: EndState, at: float, now: float) -> list[Event]:
        seen = self._playing(now)
        self._close_pause(now)
        self._state, self._end_state, self._frozen = "finished", state, at
        return [EndEvent(state, self.timeline.planned_seconds, at, seen - at > LATE_AFTER)]
