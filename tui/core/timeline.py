"""A routine expanded into the segments a person lives through, and the cues inside them.

The player, the listings, the audio export and the tests all need the same answer to "what happens
at 4:35?", so the expansion rules of ROUTINE_FORMAT.md live here once. Cue placement inside a
segment is a pure function of the segment's *current* length, so the player can re-ask it after an
extend or a release instead of keeping a second copy of the rules.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Literal

from tui.core.durations import format_clock
from tui.core.routine import CueSettings, Defaults, Include, Routine, Step

SegmentKind = Literal["prep", "hold", "switch", "rest", "manual"]
KIND_WORDS: dict[str, str] = {
    "prep": "get ready",
    "hold": "hold",
    "switch": "switch sides",
    "rest": "rest",
    "manual": "your pace",
}
# The cue a boundary sounds for what begins there; a manual step begins in silence.
BOUNDARY_CUE: dict[str, str | None] = {
    "prep": "prep",
    "hold": "start",
    "switch": "switch",
    "rest": "rest",
    "manual": None,
}
CUE_GAP = 0.25  # two cues closer than this: the more important one alone sounds
HALFWAY_MIN_HOLD = 20.0


class IncludeError(ValueError):
    """An include that cannot be expanded: unknown id, or a cycle (the chain is in the message)."""


@dataclass(frozen=True, slots=True)
class PlayedStep:
    """A step as it is played: numbered in the expanded routine, with its effective settings."""

    number: int
    step: Step
    source: Routine  # the routine the step is written in (its defaults and cues apply)
    prep: int
    rest: int
    switch: int
    countdown: int
    halfway: bool
    voice: bool

    @property
    def name(self) -> str:
        return self.step.name

    @property
    def cue_settings(self) -> CueSettings:
        return self.source.cues


@dataclass(frozen=True, slots=True)
class Segment:
    """One stretch of the timeline. `length` is 0 for a manual segment, which waits for the user."""

    index: int
    kind: SegmentKind
    length: float
    start: float
    played: PlayedStep
    side: str | None = None
    rep: int = 1
    minimum: float | None = None  # a range hold's minimum: from here on it may be released

    @property
    def is_timed(self) -> bool:
        return self.kind != "manual"

    @property
    def step_number(self) -> int:
        return self.played.number

    @property
    def reps(self) -> int:
        return self.played.step.reps

    @property
    def breathe(self) -> tuple[int, int, int] | None:
        return self.played.step.breathe if self.kind == "hold" else None


@dataclass(frozen=True, slots=True)
class Cue:
    """A cue at `offset` seconds into its segment (or into the routine, in a schedule)."""

    offset: float
    cue: str
    segment: int


@dataclass(frozen=True, slots=True)
class Timeline:
    """The whole routine, expanded."""

    routine: Routine
    steps: tuple[PlayedStep, ...]
    segments: tuple[Segment, ...]
    # Worked out once: the player and the sidebar ask for them after every part, and a routine
    # may have 10,000 segments.
    _planned: float = field(init=False, repr=False, compare=False)
    _by_step: dict[int, tuple[Segment, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        planned = sum(segment.length for segment in self.segments if segment.is_timed)
        grouped: dict[int, list[Segment]] = {}
        for segment in self.segments:
            grouped.setdefault(segment.played.number, []).append(segment)
        object.__setattr__(self, "_planned", planned)
        object.__setattr__(self, "_by_step", {k: tuple(v) for k, v in grouped.items()})

    @property
    def planned_seconds(self) -> float:
        return self._planned

    @property
    def manual_steps(self) -> int:
        return sum(1 for played in self.steps if played.step.manual)

    def segments_of(self, step_number: int) -> tuple[Segment, ...]:
        return self._by_step.get(step_number, ())

    def step_start(self, step_number: int) -> float | None:
        """Where the step's first segment starts in the plan (None: it has no segment)."""
        segments = self.segments_of(step_number)
        return segments[0].start if segments else None

    def step_length_text(self, played: PlayedStep) -> str:
        """A step's planned length as every listing shows it: `1:15`, or "your pace" for a
        manual step."""
        if played.step.manual or played.step.hold is None:
            return KIND_WORDS["manual"]
        return format_clock(sum(s.length for s in self.segments_of(played.number)))


Resolver = Callable[[str], Routine | None]


def expand_steps(routine: Routine, resolve: Resolver) -> tuple[PlayedStep, ...]:
    """Every played step in order, includes expanded in place `rounds` times."""
    found: list[tuple[Step, Routine]] = []
    _collect(routine, resolve, (routine.id,), found)
    return tuple(
        _played(number, step, source) for number, (step, source) in enumerate(found, start=1)
    )


def _collect(
    routine: Routine, resolve: Resolver, chain: tuple[str, ...], out: list[tuple[Step, Routine]]
) -> None:
    for entry in routine.steps:
        if isinstance(entry, Step):
            out.append((entry, routine))
            continue
        assert isinstance(entry, Include)
        if entry.include in chain:
            raise IncludeError(" → ".join((*chain, entry.include)))
        target = resolve(entry.include)
        if target is None:
            raise IncludeError(f"no routine has the id {entry.include!r}")
        for _ in range(entry.rounds):
            _collect(target, resolve, (*chain, entry.include), out)


def _played(number: int, step: Step, source: Routine) -> PlayedStep:
    defaults: Defaults = source.defaults
    cues = source.cues
    return PlayedStep(
        number=number,
        step=step,
        source=source,
        prep=defaults.prep if step.prep is None else step.prep,
        rest=defaults.rest if step.rest is None else step.rest,
        switch=defaults.switch if step.switch is None else step.switch,
        countdown=cues.countdown if step.cues.countdown is None else step.cues.countdown,
        halfway=cues.halfway if step.cues.halfway is None else step.cues.halfway,
        voice=cues.voice if step.cues.voice is None else step.cues.voice,
    )


def build_timeline(routine: Routine, resolve: Resolver | None = None) -> Timeline:
    """Expand `routine`; `resolve` finds included routines by id (IncludeError if it can't)."""
    steps = expand_steps(routine, resolve or (lambda _id: None))
    return Timeline(routine=routine, steps=steps, segments=tuple(_segments(steps)))


def _segments(steps: tuple[PlayedStep, ...]) -> Iterator[Segment]:
    start = 0.0
    index = 0

    def make(
        kind: SegmentKind,
        length: float,
        played: PlayedStep,
        side: str | None = None,
        rep: int = 1,
        minimum: float | None = None,
    ) -> Segment:
        nonlocal start, index
        segment = Segment(index, kind, length, start, played, side, rep, minimum)
        index += 1
        start += length
        return segment

    for position, played in enumerate(steps):
        step = played.step
        if step.manual or step.hold is None:
            yield make("manual", 0.0, played)
            continue
        is_last = position == len(steps) - 1
        if played.prep > 0:
            yield make("prep", float(played.prep), played)
        sides: tuple[str | None, ...] = step.sides or (None,)
        hold = step.hold
        minimum = float(hold.low) if hold.is_range else None
        for rep in range(1, step.reps + 1):
            for side_number, side in enumerate(sides):
                if side_number > 0 and played.switch > 0:
                    yield make("switch", float(played.switch), played, side=side, rep=rep)
                yield make("hold", float(hold.seconds), played, side=side, rep=rep, minimum=minimum)
            last_rep = rep == step.reps
            if played.rest > 0 and (not last_rep or not is_last):
                yield make("rest", float(played.rest), played, rep=rep)


def segment_cues(
    segment: Segment, length: float, ends_routine: bool = False, next_kind: str | None = None
) -> list[Cue]:
    """The cues inside one segment of `length` seconds (its current length), in time order.

    The boundary at the segment's end belongs to what follows it; `ends_routine` and `next_kind`
    say what that is, so the cue for a following manual step (`end`) or the routine's end
    (`complete`) can be placed here.
    """
    cues: list[Cue] = []
    begin = BOUNDARY_CUE[segment.kind]
    breathe = segment.breathe
    if segment.kind == "hold" and breathe is not None:
        cues.extend(_breath_cues(segment.index, length, breathe))
    elif begin is not None:
        cues.append(Cue(0.0, begin, segment.index))
    if segment.kind == "hold" and breathe is None:
        cues.extend(_inside_hold(segment, length))
    if segment.is_timed:
        if ends_routine:
            cues.append(Cue(length, "complete", segment.index))
        elif next_kind == "manual":
            cues.append(Cue(length, "end", segment.index))
    return cues


def _inside_hold(segment: Segment, length: float) -> list[Cue]:
    played = segment.played
    ticks = [
        length - k
        for k in range(played.countdown, 0, -1)
        if length - k >= CUE_GAP  # never on (or right after) the hold's own start
    ]
    inside = [Cue(t, "tick", segment.index) for t in ticks]
    if played.halfway and length >= HALFWAY_MIN_HOLD:
        middle = length / 2
        if all(abs(middle - t) >= CUE_GAP for t in ticks):
            inside.append(Cue(middle, "halfway", segment.index))
    return sorted(inside, key=lambda cue: cue.offset)


def _breath_cues(index: int, length: float, breathe: tuple[int, int, int]) -> list[Cue]:
    inhale, hold, exhale = breathe
    cycle = inhale + hold + exhale
    cues: list[Cue] = []
    at = 0.0
    while at < length - 1e-9:
        cues.append(Cue(at, "inhale", index))
        if at + inhale + hold < length:
            cues.append(Cue(at + inhale + hold, "exhale", index))
        at += cycle
    return cues


def cue_schedule(timeline: Timeline) -> list[Cue]:
    """Every cue of the routine as planned, with offsets from the routine's start."""
    schedule: list[Cue] = []
    segments = timeline.segments
    for position, segment in enumerate(segments):
        following = segments[position + 1] if position + 1 < len(segments) else None
        for cue in segment_cues(
            segment,
            segment.length,
            ends_routine=following is None,
            next_kind=following.kind if following else None,
        ):
            schedule.append(Cue(segment.start + cue.offset, cue.cue, cue.segment))
    return schedule


def breath_fits(
    length: int, breathe: tuple[int, int, int], longest: int | None = None
) -> tuple[int, int] | None:
    """None when `length` is a whole number of breaths, else the two nearest lengths that are
    (none shorter than one breath, none longer than `longest`)."""
    cycle = sum(breathe)
    if length % cycle == 0:
        return None
    below = (length // cycle) * cycle
    if below == 0:
        return (cycle, 2 * cycle)
    if longest is not None and below + cycle > longest:
        return (below - cycle, below)
    return (below, below + cycle)
