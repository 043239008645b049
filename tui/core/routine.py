"""The routine model: what a routine file means, once it has been checked.

Frozen dataclasses, so a loaded routine can be shared by the library, the player and the history
snapshot without anyone changing it underneath the others. Optional step fields stay `None` when the
file leaves them out: the writer must not turn an inherited default into an explicit value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tui.core.durations import Hold

# The words a routine file may use live in their own small module, which the library's first
# frame imports without this one (its dataclasses take some milliseconds to make); they are
# named here too, where the model's readers expect them.
from tui.core.vocabulary import AREAS as AREAS
from tui.core.vocabulary import CUE_EVENTS as CUE_EVENTS
from tui.core.vocabulary import LEVELS as LEVELS
from tui.core.vocabulary import POSITIONS as POSITIONS
from tui.core.vocabulary import SIDES as SIDES

FORMAT_VERSION = 1

DEFAULT_PREP = 5
DEFAULT_REST = 0
DEFAULT_SWITCH = 5
DEFAULT_COUNTDOWN = 3
DEFAULT_VOLUME = 0.8


@dataclass(frozen=True, slots=True)
class Defaults:
    """What every step of one routine takes unless it says otherwise."""

    prep: int = DEFAULT_PREP
    rest: int = DEFAULT_REST
    switch: int = DEFAULT_SWITCH


@dataclass(frozen=True, slots=True)
class CueSettings:
    """The routine's `[cues]` table; `sounds` maps a cue event to a path relative to the file."""

    countdown: int = DEFAULT_COUNTDOWN
    halfway: bool = True
    voice: bool = False
    volume: float = DEFAULT_VOLUME
    sounds: tuple[tuple[str, str], ...] = ()

    def sound_for(self, event: str) -> str | None:
        return dict(self.sounds).get(event)


@dataclass(frozen=True, slots=True)
class StepCues:
    """A step's own `cues = {…}`; `None` means "as the routine says"."""

    countdown: int | None = None
    halfway: bool | None = None
    voice: bool | None = None

    def is_empty(self) -> bool:
        return self.countdown is None and self.halfway is None and self.voice is None


@dataclass(frozen=True, slots=True)
class Step:
    """One `[[steps]]` block that is played (not an include).

    `setup` is how to get into position, shown while getting ready; `instructions` is the cue for
    the hold itself, short enough to read at a glance. `areas` empty means the routine's areas.
    """

    name: str
    hold: Hold | None = None
    instructions: str = ""
    sides: tuple[str, ...] = ()
    reps: int = 1
    rest: int | None = None
    prep: int | None = None
    switch: int | None = None
    manual: bool = False
    repeatable: bool = False
    cues: StepCues = field(default_factory=StepCues)
    breathe: tuple[int, int, int] | None = None
    setup: str = ""
    position: str | None = None
    areas: tuple[str, ...] = ()
    figure: str = ""  # a bundled figure's name (tui/core/figures), drawn beside the instructions


@dataclass(frozen=True, slots=True)
class Include:
    """A `[[steps]]` block that plays every step of another routine, `rounds` times."""

    include: str
    rounds: int = 1


StepEntry = Step | Include


@dataclass(frozen=True, slots=True)
class Routine:
    """A checked routine. `path` and `bundled` say where it came from; they are not written back."""

    id: str
    name: str
    summary: str
    areas: tuple[str, ...]
    steps: tuple[StepEntry, ...]
    description: str = ""
    equipment: tuple[str, ...] = ()
    level: str = "gentle"
    caution: str = ""
    tags: tuple[str, ...] = ()
    author: str = ""
    defaults: Defaults = field(default_factory=Defaults)
    cues: CueSettings = field(default_factory=CueSettings)
    path: Path | None = field(default=None, compare=False)
    bundled: bool = field(default=False, compare=False)

    @property
    def includes(self) -> tuple[str, ...]:
        return tuple(entry.include for entry in self.steps if isinstance(entry, Include))
