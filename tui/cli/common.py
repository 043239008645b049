"""What every subcommand shares: exit codes, the error a person can fix, the library, resolving a
routine, and printing tables. It imports no subcommand, so the command line has no import circle.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from tui.core import exits
from tui.core.durations import format_clock
from tui.core.library import Library
from tui.core.paths import Locations, bundled_routines

if TYPE_CHECKING:
    import argparse

    from tui.core.problems import Problem
    from tui.core.routine import Routine
    from tui.core.routine_file import LoadedFile
    from tui.core.timeline import Timeline

# The exit codes are defined once, in tui/core/exits.py (plain mode reads them too); every
# subcommand takes them from here.
EXIT_OK = exits.EXIT_OK
EXIT_PROBLEMS = exits.EXIT_PROBLEMS
EXIT_USAGE = exits.EXIT_USAGE
EXIT_INTERNAL = exits.EXIT_INTERNAL
EXIT_INTERRUPTED = exits.EXIT_INTERRUPTED


class UserError(Exception):
    """Something the person can fix; printed as one line, exit code EXIT_PROBLEMS."""


def pause_collector() -> None:
    """Just before the full-screen app is imported: Python's collector waits for its first
    frame (tui/app/collector.py says why)."""
    from tui.app.collector import pause

    pause()


def load_library() -> Library:
    return Library.load(bundled_routines(), Locations.current().routines)


def length_text(timeline: Timeline) -> str:
    text = format_clock(timeline.planned_seconds)
    manual = timeline.manual_steps
    if manual:
        text += f" + {manual} manual"
    return text


def source_text(routine: Routine, library: Library) -> str:
    if routine.bundled:
        return "bundled"
    return "user (shadows bundled)" if routine.id in library.shadowed else "user"


def print_table(rows: Sequence[Sequence[str]]) -> None:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )


def resolve_routine(target: str, library: Library) -> Routine:
    """An id from the library, or a routine file's path (its includes found in the library)."""
    # The reader is imported when a file is named, not with this module: `unknot` alone draws
    # its first frame before anything is read (tui/app/library_reading.py).
    from tui.core.library_checks import check_with_library
    from tui.core.loader import read_routine_file

    path = Path(target)
    if path.is_dir():
        raise UserError(f"{target} is a folder; name one routine file in it, or a routine's id")
    if target.endswith(".toml") or path.is_file():
        loaded = read_routine_file(path)
        check_with_library([loaded], library.get)
        if not loaded.ok or loaded.routine is None:
            problems = "\n".join(str(p) for p in sorted_problems(loaded.problems))
            raise UserError(f"{target} has problems:\n{problems}")
        if loaded.timeline is not None:  # expanded once already, for the 4-hour check
            library.keep_timeline(loaded.routine, loaded.timeline)
        return loaded.routine
    routine = library.get(target)
    if routine is None:
        broken = [f for f in library.broken if f.id == target]
        if broken:
            problems = "\n".join(str(p) for p in sorted_problems(broken[0].problems))
            raise UserError(f"the routine {target!r} has problems:\n{problems}")
        known = ", ".join(library.routines) or "none"
        raise UserError(f"no routine has the id {target!r} (known: {known})")
    return routine


def library_timeline(library: Library, routine: Routine) -> Timeline:
    from tui.core.timeline import IncludeError

    try:
        return library.timeline(routine)
    except IncludeError as exc:
        raise UserError(f"{routine.id} cannot be expanded: {exc}") from exc


def sorted_problems(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.line is None, p.line or 0))


def file_json(loaded: LoadedFile, timeline: Timeline | None = None) -> dict[str, object]:
    return {
        "path": str(loaded.path),
        "id": loaded.id,
        "ok": loaded.ok,
        "planned_seconds": timeline.planned_seconds if timeline else None,
        "manual_steps": timeline.manual_steps if timeline else None,
        "problems": [p.to_json() for p in sorted_problems(loaded.problems)],
    }


def trace_target(args: argparse.Namespace) -> Path | None:
    named = getattr(args, "trace", None) or os.environ.get("UNKNOT_TRACE")
    return Path(named) if named else None


def minutes(text: str) -> float:
    """A length in minutes for a filter, 0 or more (nan would match anything, -1 nothing)."""
    try:
        value = float(text)
    except ValueError:
        raise _not_minutes(f"{text!r} is not a number of minutes") from None
    if not 0 <= value < float("inf"):
        raise _not_minutes(f"{text!r} is not a number of minutes, 0 or more")
    return value


def _not_minutes(message: str) -> Exception:
    """argparse's own error for a bad value (only a parse, never `unknot` alone, needs it)."""
    import argparse

    return argparse.ArgumentTypeError(message)
