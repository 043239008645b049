"""A routine with its includes expanded into plain steps that play exactly the same.

Exporting a routine for someone who lacks the routines it includes, and fitting a routine to a
number of minutes step by step, both need every played step written out in one file. The catch is
that an included step keeps the defaults and cues of the routine it comes from; once it is copied
into the including routine it would take that routine's instead. So each copied step carries,
explicitly, every setting whose value would otherwise change.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TypeVar

from tui.core.routine import Include, Routine, Step, StepCues
from tui.core.timeline import PlayedStep, Resolver, expand_steps

T = TypeVar("T", int, bool)


def flatten(routine: Routine, resolve: Resolver) -> Routine:
    """`routine` with every include expanded in place, `rounds` times, into plain Steps.

    The result keeps the routine's own fields, defaults and cues; `build_timeline` of it gives the
    same segments (kinds, lengths, sides, and the cues in them) as the original. A routine without
    includes is returned as it is. Raises `IncludeError` when an include cannot be expanded.
    """
    if not any(isinstance(entry, Include) for entry in routine.steps):
        return routine
    return flatten_played(routine, expand_steps(routine, resolve))


def flatten_played(routine: Routine, played: Sequence[PlayedStep]) -> Routine:
    """`routine` with its steps replaced by `played` (its expanded steps), written out so they
    play the same. The history's snapshots start from a timeline, which has these already."""
    if not any(isinstance(entry, Include) for entry in routine.steps):
        return routine
    steps = tuple(_as_written_in(routine, step) for step in played)
    return dataclasses.replace(routine, steps=steps)


def _as_written_in(host: Routine, played: PlayedStep) -> Step:
    """The played step as it must be written in `host` to play the same.

    A value the step gives itself stays; an inherited value is written out only where `host`
    would give a different one, so the steps of `host` itself come back unchanged and the file
    stays as short as it can be.
    """
    step = played.step
    defaults, cues = host.defaults, host.cues
    step_cues = StepCues(
        countdown=_own(step.cues.countdown, played.countdown, cues.countdown),
        halfway=_own(step.cues.halfway, played.halfway, cues.halfway),
        voice=_own(step.cues.voice, played.voice, cues.voice),
    )
    if step.manual:  # no prep, rest or switch: writing them out would only puzzle a reader
        return dataclasses.replace(step, cues=step_cues)
    return dataclasses.replace(
        step,
        prep=_own(step.prep, played.prep, defaults.prep),
        rest=_own(step.rest, played.rest, defaults.rest),
        switch=_own(step.switch, played.switch, defaults.switch),
        cues=step_cues,
    )


def _own(value: T | None, effective: T, host_value: T) -> T | None:
    """The step's own value if it has one, else the effective value where the host differs."""
    if value is not None:
        return value
    return None if effective == host_value else effective


def flatten_notes(routine: Routine, resolve: Resolver) -> list[str]:
    """What a flattened copy of `routine` cannot carry, in words, for the person to know.

    A step can override prep, rest, switch, countdown, halfway and voice, but not a routine's cue
    sounds or volume: an included routine's own sounds and volume give way to the host's.
    """
    notes: list[str] = []
    seen: set[str] = set()
    for played in expand_steps(routine, resolve):
        source = played.source
        if source is routine or source.id in seen:
            continue
        seen.add(source.id)
        if source.cues.sounds != routine.cues.sounds:
            notes.append(
                f"the steps from {source.id!r} play this routine's cue sounds, not their own"
            )
        if source.cues.volume != routine.cues.volume:
            notes.append(
                f"the steps from {source.id!r} play at this routine's volume "
                f"({routine.cues.volume:g}), not {source.cues.volume:g}"
            )
    return notes
