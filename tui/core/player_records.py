"""What the player keeps of a session as it plays: each segment as it is being played (with
what the user did to it), the pauses, each step's progress, and the record the summary screen and
the history keep of one play-through."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tui.core.player_events import EndState, PlayerState, SegmentStatus, StepStatus
from tui.core.timeline import PlayedStep, Segment, SegmentKind


@dataclass(slots=True)
class LiveSegment:
    """A segment as it is being played: the timeline's segment plus what the user did to it."""

    segment: Segment  # the planned segment (for an added spot: the hold it repeats)
    index: int  # position in the live list; renumbered when a spot is inserted before it
    start: float  # playing time where it (last) started, or will start under the current plan
    planned: float  # its planned length (an added spot: the repeated hold's planned length)
    extended: float = 0.0
    released_at: float | None = None  # the length it had when released
    added: bool = False
    status: SegmentStatus = "upcoming"
    actual: float = 0.0  # playing seconds spent in it, over every visit

    def __copy__(self) -> LiveSegment:
        """A copy, made directly (copy.copy's generic way took most of a long routine's start)."""
        return LiveSegment(
            self.segment,
            self.index,
            self.start,
            self.planned,
            self.extended,
            self.released_at,
            self.added,
            self.status,
            self.actual,
        )

    @property
    def length(self) -> float:
        if self.released_at is not None:
            return self.released_at
        return self.planned + self.extended

    @property
    def end(self) -> float:
        return self.start + self.length

    @property
    def kind(self) -> SegmentKind:
        return self.segment.kind

    @property
    def is_timed(self) -> bool:
        return self.segment.is_timed

    @property
    def played(self) -> PlayedStep:
        return self.segment.played

    @property
    def step_number(self) -> int:
        return self.segment.played.number

    @property
    def name(self) -> str:
        return self.segment.played.name

    @property
    def side(self) -> str | None:
        return self.segment.side

    @property
    def rep(self) -> int:
        return self.segment.rep

    @property
    def minimum(self) -> float | None:
        return self.segment.minimum

    @property
    def released(self) -> bool:
        return self.released_at is not None

    @property
    def outcome(self) -> str:
        """One word for the summary: skipped, added, released, extended, done, or the status."""
        if self.status == "skipped":
            return "skipped"
        if self.status != "done":
            return self.status
        if self.added:
            return "added"
        if self.released:
            return "released"
        if self.extended:
            return "extended"
        return "done"


@dataclass(frozen=True, slots=True)
class StepProgress:
    """One played step for the progress sidebar."""

    number: int
    name: str
    status: StepStatus
    manual: bool
    holds_done: int
    holds_total: int


@dataclass(frozen=True, slots=True)
class PauseRecord:
    """A pause: `at` in playing time, `started`/`ended` monotonic (`ended` None: still open)."""

    at: float
    started: float
    ended: float | None = None

    @property
    def seconds(self) -> float | None:
        return None if self.ended is None else self.ended - self.started


@dataclass(frozen=True, slots=True)
class SessionRecord:
    """What the summary screen and the history keep of one play-through."""

    state: PlayerState
    end_state: EndState | None
    segments: tuple[LiveSegment, ...]  # copies; `outcome` and `actual` per segment
    pauses: tuple[PauseRecord, ...]
    steps_done: int
    steps_skipped: int
    extended: int  # segments extended at least once
    added: int  # holds added with "another spot"
    planned: float  # the timeline's planned seconds
    actual: float  # playing seconds so far (the total, once finished)


def step_progress(steps: Sequence[PlayedStep], live: Sequence[LiveSegment]) -> list[StepProgress]:
    """Per played step: done, skipped, current or upcoming, for the progress sidebar. The
    segments are grouped by step once, so a routine of 10,000 steps costs 10,000, not 10,000²."""
    by_step = segments_by_step(live)
    return [one_step_progress(played, by_step.get(played.number, ())) for played in steps]


def segments_by_step(live: Sequence[LiveSegment]) -> dict[int, list[LiveSegment]]:
    grouped: dict[int, list[LiveSegment]] = {}
    for segment in live:
        grouped.setdefault(segment.step_number, []).append(segment)
    return grouped


def one_step_progress(played: PlayedStep, segs: Sequence[LiveSegment]) -> StepProgress:
    """One played step's progress from its own segments."""
    core = [s for s in segs if s.kind in ("hold", "manual")] or list(segs)
    return StepProgress(
        number=played.number,
        name=played.name,
        status=_step_status(segs, core),
        manual=played.step.manual,
        holds_done=sum(1 for s in core if s.status == "done"),
        holds_total=len(core),
    )


def _step_status(segs: Sequence[LiveSegment], core: Sequence[LiveSegment]) -> StepStatus:
    if any(s.status in ("current", "stopped") for s in segs):
        return "current"
    if core and all(s.status == "skipped" for s in core):
        return "skipped"
    if core and all(s.status in ("done", "skipped") for s in core):
        return "done"
    return "upcoming"
