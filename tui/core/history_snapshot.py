"""Snapshots: a routine as it was played, kept with the session so it replays after the file
changed or was deleted.

A routine without includes is kept as the writer's TOML of it. A routine with includes is kept
*flattened*: its played steps in order, each with the prep, rest, switch and cue settings it had
inherited written out, under the playing routine's own id, name and defaults. A snapshot is then
always one self-contained routine that parses and expands with no other file, and plays the same
segments and cues. What flattening cannot keep is an included routine's own cue sounds and volume
(its steps sound like the including routine's); those sound files live beside the routine, outside
any snapshot, in any case. The hash is the sha256 of the text: two sessions of an unchanged
routine share one stored copy, and comparing hashes says whether a routine has changed since.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.core.routine import Routine
    from tui.core.timeline import Timeline


class SnapshotError(ValueError):
    """A kept snapshot that no longer reads as a routine (the message says why)."""


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A routine as played: TOML text (the writer's), its sha256, and whether it was flattened."""

    text: str
    hash: str
    flattened: bool = False

    @classmethod
    def of_text(cls, text: str, flattened: bool = False) -> Snapshot:
        return cls(text, hashlib.sha256(text.encode("utf-8")).hexdigest(), flattened)


def flatten(timeline: Timeline) -> Routine:
    """The timeline's routine with every include replaced by the steps it played, taken from
    the timeline's own played steps, so a recorder needs no library."""
    from tui.core.flatten import flatten_played

    return flatten_played(timeline.routine, timeline.steps)


def snapshot_of(timeline: Timeline) -> Snapshot:
    """The snapshot a session of `timeline` keeps. Comparing its hash with a past session's says
    whether the routine (or anything it includes) has changed since."""
    from tui.core.writer import dumps

    return Snapshot.of_text(dumps(flatten(timeline)), flattened=bool(timeline.routine.includes))


def routine_from_snapshot(snapshot: Snapshot, routine_id: str, path: str | None = None) -> Routine:
    """Read a snapshot back into a Routine. It is parsed as if it sat at its old path, so its own
    cue sounds are found while they still exist; if they are gone it plays the bundled sounds."""
    import tomllib

    import tomli_w

    from tui.core.loader import parse_routine

    name = f"{routine_id}.toml"
    where = Path(path) if path and Path(path).name == name else Path(name)
    loaded = parse_routine(snapshot.text.encode("utf-8"), where)
    if loaded.ok and loaded.routine is not None:
        return loaded.routine
    try:
        document = tomllib.loads(snapshot.text)
        cues = document.get("cues")
        if isinstance(cues, dict) and "sounds" in cues:
            del cues["sounds"]
            loaded = parse_routine(tomli_w.dumps(document).encode("utf-8"), where)
    except (tomllib.TOMLDecodeError, TypeError, ValueError):
        pass
    if loaded.ok and loaded.routine is not None:
        return loaded.routine
    first = loaded.problems[0] if loaded.problems else "it could not be read"
    raise SnapshotError(f"the routine kept with this session cannot be read: {first}")
