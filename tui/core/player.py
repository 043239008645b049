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

The moving of time itself (entering and crossing segments, delivering cues, finishing) is
player_timing.py, Player's base; this module is the commands and what the UI reads.
"""

from __future__ import annotations

import copy
import math

from tui.core.durations import format_clock
from tui.core.player_events import (
    CommandEvent,
    CommandResult,
    EndState,
    Event,
    PlayerState,
)
from tui.core.player_records import (
    LiveSegment,
    PauseRecord,
    SessionRecord,
    StepProgress,
)
from tui.core.player_timing import EPS, PlayerTiming

BACK_WINDOW = 3.0  # `back` within this many seconds of a segment's start goes to the previous one
EXTEND_SECONDS = 15.0


# -------------------------------------------------------------------------------------- player

_ACTIVE: tuple[PlayerState, ...] = ("playing", "paused", "waiting")


class Player(PlayerTiming):
    """Plays one timeline. Every method that depends on time takes `now` (monotonic seconds) and
    falls back to the injected clock, so tests move time by hand and never sleep."""

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

    # ------------------------------------------------------------------------------ messages
    def _not_running(self) -> str:
        if self._state == "paused":
            return "already paused"
        if self._state == "waiting":
            return "this step waits for you to go on"
        return self._inactive()

    def _inactive(self) -> str:
        return "the routine has not started" if self._state == "ready" else "the routine has ended"


def _shown(remaining: float) -> int:
    """What a countdown rounding up shows; EPS keeps float dust from showing one second too many."""
    return max(0, math.ceil(remaining - EPS))


def _extension(breathe: tuple[int, int, int] | None) -> float:
    """A breathing hold must stay a whole number of breaths, so it grows by the nearest fit."""
    if breathe is None:
        return EXTEND_SECONDS
    cycle = sum(breathe)
    return float(max(1, round(EXTEND_SECONDS / cycle)) * cycle)
