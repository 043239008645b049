"""The player: a state machine over a routine's timeline, driven by an injected monotonic clock.

Time is kept as *playing time* (seconds since the routine started, pauses and waits excluded) plus
one offset to the monotonic clock, so every timed segment has an absolute deadline
(`base + segment.end`). A segment starts at the previous one's deadline, never at "now": a late
wake-up delays what the user hears, but never the plan, and a 900 s routine ends after exactly
900 s of playing time. Pausing freezes playing time; resuming moves the offset, which moves every
deadline at once.

The timeline is frozen; what the user does to it (extend, release, skip, back, another spot) is
applied to a list of mutable `LiveSegment`s. Only the current segment and the ones after it are
ever rewritten. Cue placement is asked of `timeline.segment_cues` again whenever a length changes,
so the rules live in one place.

No I/O and no textual here: the UI calls `advance` when `next_wakeup` says, plays the cues it
gets back, and hands the events to the trace writer.
"""

from __future__ import annotations

import copy
import math
import time
from collections.abc import Callable

from tui.core.durations import format_clock
from tui.core.player_events import (
    CommandEvent,
    CommandResult,
    CueEvent,
    EndEvent,
    EndState,
    Event,
    PlayerState,
    SegmentEvent,
    SegmentStatus,
)
from tui.core.player_records import (
    LiveSegment,
    PauseRecord,
    SessionRecord,
    StepProgress,
)
from tui.core.player_view import LiveView
from tui.core.timeline import Cue, Timeline, segment_cues

LATE_AFTER = 0.1  # an event seen more than this after its scheduled time is marked late
BACK_WINDOW = 3.0  # `back` within this many seconds of a segment's start goes to the previous one
EXTEND_SECONDS = 15.0
# Monotonic clocks run to 1e6 s and more, where float sums lose ~1e-10 s: comparisons allow this
# much, so that waking up exactly at `next_wakeup` always finds its event due.
EPS = 1e-6


# -------------------------------------------------------------------------------------- player

_ACTIVE: tuple[PlayerState, ...] = ("playing", "paused", "waiting")


class Player:
    """Plays one timeline. Every method that depends on time takes `now` (monotonic seconds) and
    falls back to the injected clock, so tests move time by hand and never sleep."""

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

    # ----------------------------------------------------------------------- what the UI reads

    @property
    def state(self) -> PlayerState:
        return self._state

    @property
    def end_state(self) -> EndState | None:
        return self._end_state

    @property
    def segments(self) -> tuple[LiveSegment, ...]:
        """Copies of the live segments: status, live length, flags, start under the current plan."""
        self._settle()
        return self._view.segments()

    def segment(self, index: int) -> LiveSegment:
        """A copy of one live segment (an event's `index` names the one it is about)."""
        self._settle()
        return copy.copy(self._live[index])

    @property
    def current_index(self) -> int | None:
        return self._i if self._state in _ACTIVE else None

    @property
    def current(self) -> LiveSegment | None:
        return copy.copy(self._live[self._i]) if self._state in _ACTIVE else None

    @property
    def next_segment(self) -> LiveSegment | None:
        if self._state == "ready":
            return copy.copy(self._live[0]) if self._live else None
        if self._state in _ACTIVE and self._i + 1 < len(self._live):
            return copy.copy(self._live[self._i + 1])
        return None

    @property
    def deadline(self) -> float | None:
        """The current segment's end on the monotonic clock, while it runs."""
        if self._state != "playing":
            return None
        return self._base + self._live[self._i].end

    def elapsed(self, now: float | None = None) -> float:
        """Playing time since the start, pauses and manual waits excluded."""
        if self._state == "ready":
            return 0.0
        return self._playing(self._now(now))

    def remaining(self, now: float | None = None) -> float:
        """Seconds left in the current segment (0 for a manual one or when not active)."""
        if self._state == "ready":
            return self._live[0].length if self._live else 0.0
        if self._state not in _ACTIVE:
            return 0.0
        seg = self._live[self._i]
        return max(0.0, seg.end - self._playing(self._now(now))) if seg.is_timed else 0.0

    def countdown(self, now: float | None = None) -> int:
        """The whole seconds the countdown shows: it rounds up, so 0.2 s left shows 1."""
        return _shown(self.remaining(now))

    def remaining_total(self, now: float | None = None) -> float:
        """Playing seconds left in the routine under the current plan."""
        if self._state == "ready":
            return sum(s.length for s in self._live)
        if self._state not in _ACTIVE:
            return 0.0
        return self.remaining(now) + sum(s.length for s in self._live[self._i + 1 :])

    def fraction_done(self, now: float | None = None) -> float:
        if self._state == "finished":
            return 1.0
        if self._state == "ready":
            return 0.0
        now = self._now(now)
        done, left = self.elapsed(now), self.remaining_total(now)
        if done + left > 0:
            return done / (done + left)
        return self._i / len(self._live)  # only manual steps: count segments instead

    def release_possible_in(self, now: float | None = None) -> float | None:
        """Seconds until the current range hold may be released (0: now); None if it never can."""
        if self._state not in _ACTIVE:
            return None
        seg = self._live[self._i]
        if seg.kind != "hold" or seg.minimum is None:
            return None
        held = self._playing(self._now(now)) - seg.start
        return max(0.0, seg.minimum - held)

    def step_progress(self, first: int = 0, count: int | None = None) -> list[StepProgress]:
        """Per played step: done, skipped, current or upcoming, for the progress sidebar (the
        steps at positions `first`…, `count` of them, for a window of a long routine)."""
        self._settle()
        return self._view.progress(first, count)

    def record(self, now: float | None = None) -> SessionRecord:
        """The play-through so far (or in full, once finished), for the summary and the history."""
        segments = self.segments
        statuses, extended, added = self._view.counts()
        return SessionRecord(
            state=self._state,
            end_state=self._end_state,
            segments=segments,
            pauses=tuple(self._pauses),
            steps_done=statuses["done"],
            steps_skipped=statuses["skipped"],
            extended=extended,
            added=added,
            planned=self.timeline.planned_seconds,
            actual=self.elapsed(now),
        )

    # --------------------------------------------------------------------------------- driving

    def start(self, now: float | None = None) -> list[Event]:
        """Begin at playing time 0; returns the first segment and its boundary cue."""
        if self._state != "ready":
            raise RuntimeError(f"start() on a player that is {self._state}")
        now = self._now(now)
        self._base, self._frozen, self._state = now, None, "playing"
        if not self._live:
            return self._finish("completed", 0.0, now)
        events = self._enter(0, 0.0, now)
        return events + self._catch_up(now)

    def advance(self, now: float | None = None) -> list[Event]:
        """Every segment change and cue that became due by `now`, in order; late ones marked."""
        if self._state != "playing":
            return []
        return self._catch_up(self._now(now))

    def next_wakeup(self, now: float | None = None) -> float | None:
        """When to call `advance` next (monotonic): the next cue, deadline or change of the shown
        countdown, whichever is first. May be <= now when something is already due. None unless
        playing: a paused or waiting player has nothing to wake up for."""
        if self._state != "playing":
            return None
        p = self._playing(self._now(now))
        seg = self._live[self._i]
        targets = [seg.end]
        pending = next((t for t, _ in self._inside if t > self._cursor), None)
        if pending is not None:
            targets.append(pending)
        shown = _shown(seg.end - p)
        if shown >= 1:
            targets.append(seg.end - (shown - 1))
        return self._base + min(targets)

    # -------------------------------------------------------------------------------- commands

    def go_on(self, now: float | None = None) -> CommandResult:
        """The user finished a manual step (Enter): the next segment starts, or the routine ends."""
        now = self._now(now)
        if self._state != "waiting":
            return CommandResult([], "nothing is waiting for you")
        return CommandResult(self._cross(self._playing(now), now))

    def pause(self, now: float | None = None) -> CommandResult:
        now = self._now(now)
        events = self.advance(now)
        if self._state != "playing":
            return CommandResult(events, self._not_running())
        p = self._playing(now)
        self._frozen, self._state = p, "paused"
        self._pauses.append(PauseRecord(at=p, started=now))
        events.append(CommandEvent("pause", p))
        return CommandResult(events)

    def resume(self, now: float | None = None) -> CommandResult:
        now = self._now(now)
        if self._state != "paused":
            return CommandResult([], "not paused")
        p = self._playing(now)
        self._close_pause(now)
        self._run(now)
        self._state = "playing"
        events: list[Event] = [CommandEvent("resume", p)]
        return CommandResult(events + self._catch_up(now))

    def toggle_pause(self, now: float | None = None) -> CommandResult:
        return self.resume(now) if self._state == "paused" else self.pause(now)

    def skip(self, now: float | None = None) -> CommandResult:
        """End the current segment now and start the next; skipping the last ends the routine."""
        now = self._now(now)
        events = self.advance(now)
        if self._state not in _ACTIVE:
            return CommandResult(events, self._inactive())
        p = self._playing(now)
        events.append(CommandEvent("skip", p))
        return CommandResult(events + self._cross(p, now, status="skipped"))

    def back(self, now: float | None = None) -> CommandResult:
        """Restart the current segment, or go to the previous one within 3 s of this one's start."""
        now = self._now(now)
        events = self.advance(now)
        if self._state not in _ACTIVE:
            return CommandResult(events, self._inactive())
        p = self._playing(now)
        seg = self._live[self._i]
        seg.actual += p - self._visit_start
        events.append(CommandEvent("back", p))
        target = self._i
        if self._i > 0 and p - self._visit_start < BACK_WINDOW:
            seg.status = "upcoming"
            target = self._i - 1
            self._live[target].released_at = None  # a released hold gets its full length again
        return CommandResult(events + self._enter(target, p, now))

    def extend(self, now: float | None = None) -> CommandResult:
        """Add 15 s to the current hold (a breathing hold: the nearest whole number of breaths)."""
        now = self._now(now)
        events = self.advance(now)
        if self._state not in _ACTIVE:
            return CommandResult(events, self._inactive())
        seg = self._live[self._i]
        if seg.kind != "hold":
            return CommandResult(events, "only a hold can be extended")
        amount = _extension(seg.segment.breathe)
        seg.extended += amount
        self._replan()
        events.append(CommandEvent("extend", self._playing(now), amount))
        return CommandResult(events)

    def release(self, now: float | None = None) -> CommandResult:
        """End a range hold early, once its minimum has passed."""
        now = self._now(now)
        events = self.advance(now)
        if self._state not in _ACTIVE:
            return CommandResult(events, self._inactive())
        seg = self._live[self._i]
        if seg.kind != "hold":
            return CommandResult(events, "only a hold can be released")
        if seg.minimum is None:
            return CommandResult(events, "this hold has a fixed length")
        p = self._playing(now)
        held = p - seg.start
        if held + EPS < seg.minimum:
            return CommandResult(events, f"release is possible after {format_clock(seg.minimum)}")
        seg.released_at = held
        events.append(CommandEvent("release", p))
        return CommandResult(events + self._cross(p, now))

    def another_spot(self, now: float | None = None) -> CommandResult:
        """Queue one more hold of a repeatable step right after the current hold."""
        now = self._now(now)
        events = self.advance(now)
        if self._state not in _ACTIVE:
            return CommandResult(events, self._inactive())
        seg = self._live[self._i]
        if seg.kind != "hold":
            return CommandResult(events, "another spot is possible during a hold")
        if not seg.played.step.repeatable:
            return CommandResult(events, "this step is not repeatable")
        spot = LiveSegment(
            segment=seg.segment,
            index=self._i + 1,
            start=seg.end,
            planned=seg.segment.length,
            added=True,
        )
        self._live.insert(self._i + 1, spot)
        self._stale = True
        self._view.touch_all()
        self._replan()
        events.append(CommandEvent("spot", self._playing(now)))
        return CommandResult(events)

    def stop(self, now: float | None = None) -> CommandResult:
        now = self._now(now)
        events = self.advance(now)
        if self._state not in _ACTIVE:
            return CommandResult(events, self._inactive())
        p = self._playing(now)
        seg = self._live[self._i]
        seg.actual += p - self._visit_start
        seg.status = "stopped"
        events.append(CommandEvent("stop", p))
        return CommandResult(events + self._finish("stopped", p, now))

    # -------------------------------------------------------------------------------- internals

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

    def _not_running(self) -> str:
        if self._state == "paused":
            return "already paused"
        if self._state == "waiting":
            return "this step waits for you to go on"
        return self._inactive()

    def _inactive(self) -> str:
        return "the routine has not started" if self._state == "ready" else "the routine has ended"

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


def _shown(remaining: float) -> int:
    """What a countdown rounding up shows; EPS keeps float dust from showing one second too many."""
    return max(0, math.ceil(remaining - EPS))


def _extension(breathe: tuple[int, int, int] | None) -> float:
    """A breathing hold must stay a whole number of breaths, so it grows by the nearest fit."""
    if breathe is None:
        return EXTEND_SECONDS
    cycle = sum(breathe)
    return float(max(1, round(EXTEND_SECONDS / cycle)) * cycle)
