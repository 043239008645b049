"""The library screen's words: the Today line, each routine's timeline, the files with problems,
and the timelines the list's lengths come from. Text only, no widget."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from tui.core.durations import format_clock
from tui.core.visible import visible

if TYPE_CHECKING:
    from tui.core.library import Library
    from tui.core.timeline import Timeline


def timelines_of(library: Library) -> dict[str, Timeline]:
    """Each playable routine's timeline, by id, for its length in the list."""
    timelines: dict[str, Timeline] = {}
    if not library.routines:  # the first frame's, before the library is read: no model needed
        return timelines
    from tui.core.timeline import IncludeError  # with the library's reading, not the first frame

    for routine in library.routines.values():
        try:
            timelines[routine.id] = library.timeline(routine)
        except IncludeError:  # the loader already refuses these; belt and braces
            continue
    return timelines


def today_text(key: str = "t") -> Text:
    """The Today line on top of the list: its key (the one config.toml's [keys] gives it), then
    what it does."""
    text = Text()
    text.append(f" {key} ", style="bold reverse")
    text.append(" Today", style="bold")
    text.append(": a routine for how you feel")
    return text


def timeline_text(timeline: Timeline) -> Text:
    text = Text("\nTimeline\n", style="bold")
    for played in timeline.steps:
        length = timeline.step_length_text(played)
        detail = ""
        if played.step.sides:
            detail += " · " + " then ".join(played.step.sides)
        if played.step.reps > 1:
            detail += f" · {played.step.reps} reps"
        start = timeline.step_start(played.number)
        start_text = "" if start is None else format_clock(start)
        text.append(f"{start_text:>6}  {played.number:>2}. {visible(played.name)}")
        text.append(f"  {length}{detail}\n", style="dim")
    return text


def problems_text(library: Library) -> Text:
    """The files of the library that cannot be played, each problem with its line."""
    text = Text()
    count = len(library.broken)
    text.append(
        f"{count} routine file(s) with problems, not playable until fixed "
        "(unknot validate shows where they are):\n",
        style="bold",
    )
    for loaded in library.broken:
        text.append(f"{visible(loaded.path.name)}\n", style="bold")
        for problem in sorted(loaded.problems, key=lambda p: p.line or 0):
            where = f"line {problem.line}: " if problem.line else ""
            hint = f" ({problem.hint})" if problem.hint else ""
            text.append(visible(f"  {where}{problem.key}: {problem.message}{hint}") + "\n")
    return text
