"""What the player says back: the events of a session (a segment began, a cue is due, a command
was taken, the routine ended), the result of a command, and the words for its states.

Each event knows its own trace line (`to_trace`), the format DESIGN.md gives; the player only
makes them, and the session's outputs (sound, trace, history, the screen) read them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from tui.core.timeline import PlayedStep, SegmentKind

PlayerState = Literal["ready", "playing", "paused", "waiting", "finished"]
EndState = Literal["completed", "stopped"]
SegmentStatus = Literal["upcoming", "current", "done", "skipped", "stopped"]
StepStatus = Literal["upcoming", "current", "done", "skipped"]
CommandName = Literal["pause", "resume", "skip", "back", "extend", "release", "spot", "stop"]


def _ms(seconds: float) -> float:
    return round(seconds, 3)


@dataclass(frozen=True, slots=True)
class SegmentEvent:
    """A segment began. `index` is its position in the live list (the trace's segment index)."""

    index: int
    kind: SegmentKind
    step: int  # the played step's number, from 1
    side: str | None
    rep: int
    length: float  # its live length when it began; 0 for a manual segment
    scheduled: float
    actual: float
    late: bool
    added: bool
    played: PlayedStep = field(repr=False, compare=False)

    def to_trace(self, sound: str | None = None) -> dict[str, object]:
        return {
            "event": "segment",
            "index": self.index,
            "kind": self.kind,
            "step": self.step,
            "side": self.side,
            "rep": self.rep,
            "length": _ms(self.length),
            "scheduled": _ms(self.scheduled),
            "actual": _ms(self.actual),
        }


@dataclass(frozen=True, slots=True)
class CueEvent:
    """A cue to sound now; `played` carries the step's cue settings (its routine's sounds)."""

    cue: str
    segment: int
    scheduled: float
    actual: float
    late: bool
    played: PlayedStep = field(repr=False, compare=False)

    def to_trace(self, sound: str | None = None) -> dict[str, object]:
        return {
            "event": "cue",
            "cue": self.cue,
            "segment": self.segment,
            "scheduled": _ms(self.scheduled),
            "actual": _ms(self.actual),
            "sound": sound if sound is not None else "off",
        }


@dataclass(frozen=True, slots=True)
class CommandEvent:
    """A command the player accepted. `amount` is the seconds an `extend` added (not traced)."""

    command: CommandName
    actual: float
    amount: float | None = None

    def to_trace(self, sound: str | None = None) -> dict[str, object]:
        return {"event": "command", "command": self.command, "actual": _ms(self.actual)}


@dataclass(frozen=True, slots=True)
class EndEvent:
    """The routine ended. `planned` is the timeline's planned length; `actual` the playing seconds
    it took, which for a completed routine is its last deadline however late that was noticed."""

    state: EndState
    planned: float
    actual: float
    late: bool = False

    def to_trace(self, sound: str | None = None) -> dict[str, object]:
        return {
            "event": "end",
            "state": self.state,
            "planned": _ms(self.planned),
            "actual": _ms(self.actual),
        }


Event = SegmentEvent | CueEvent | CommandEvent | EndEvent


@dataclass(frozen=True, slots=True)
class CommandResult:
    """What a command did. A refused command changes nothing and says why in `refused`; `events`
    then holds only what was due anyway (commands first catch up with the clock)."""

    events: list[Event]
    refused: str | None = None

    @property
    def ok(self) -> bool:
        return self.refused is None
