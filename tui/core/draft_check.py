"""A draft checked exactly as a file of it would be: the loader's two passes, and the problems
that belong beside one field."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from tui.core.draft import Draft, draft_text
from tui.core.library import Library
from tui.core.library_checks import Resolver, check_with_library
from tui.core.loader import parse_routine
from tui.core.locate import KeyPath
from tui.core.problems import Problem, key_text
from tui.core.routine import Routine
from tui.core.timeline import Timeline, build_timeline


class Checked(NamedTuple):
    """What the loader makes of a draft: the routine and its timeline when it has no problems.
    A tuple, so `routine, problems, timeline = check_draft(draft, library)` reads naturally."""

    routine: Routine | None
    problems: list[Problem]
    timeline: Timeline | None

    @property
    def ok(self) -> bool:
        return self.routine is not None and not self.problems


def check_draft(draft: Draft, library: Library | Resolver, folder: Path | None = None) -> Checked:
    """Check `draft` exactly as a file of it would be checked: the loader's two passes, with
    includes found in the draft first (its own id), then in `library`.

    Problems carry key paths (`problem.key`, e.g. "steps[3].hold") and lines of `draft_text`.
    The file is taken to sit in `folder`, else the draft's own folder, else the user's routines
    folder, which is where sound paths are looked for. Reads no routine file; never raises.
    """
    resolve: Resolver = library.get if isinstance(library, Library) else library
    where = folder or draft.folder or _user_routines()
    loaded = parse_routine(draft_text(draft).encode("utf-8"), where / f"{draft.id}.toml")
    check_with_library([loaded], resolve)
    if not loaded.ok or loaded.routine is None:
        return Checked(None, list(loaded.problems), None)
    routine = loaded.routine

    def with_draft(routine_id: str) -> Routine | None:
        return routine if routine_id == draft.id else resolve(routine_id)

    return Checked(routine, [], build_timeline(routine, with_draft))


def problems_at(problems: Iterable[Problem], path: KeyPath) -> list[Problem]:
    """The problems about the value at `path` or anything inside it, for showing beside a field:
    `("steps", 3)` gathers every problem of the third step."""
    key = key_text(path)
    return [
        p
        for p in problems
        if p.key == key or p.key.startswith(key + ".") or p.key.startswith(key + "[")
    ]


def _user_routines() -> Path:
    from tui.core.paths import Locations

    return Locations.current().routines
