"""The builder's left column: the routine's outline (the routine, then its steps) and its timeline.

The outline is where steps are added, removed, copied and moved, so those keys belong to it and
show in the footer only while it has the focus (typing "a" in a name adds no step). The key
bindings run the screen's actions: the screen owns the draft, the list only shows it. The labels
and the timeline text are pure functions of the draft and the loader's answer.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rich.text import Text
from textual.widgets import OptionList

from tui.app.builder_keys import BUILDER_STEP_KEYS
from tui.core.durations import format_clock
from tui.core.problems import Problem
from tui.core.timeline import Timeline
from tui.core.visible import visible


class StepOutline(OptionList):
    """Option 0 is the routine itself; option n is step n."""

    BINDINGS = list(BUILDER_STEP_KEYS)


def outline_keys_text() -> Text:
    """The outline's keys, from their one table, for the line under it: "a add step · …"."""
    text = Text()
    for number, binding in enumerate(BUILDER_STEP_KEYS):
        if number:
            text.append(" · ", style="dim")
        text.append(binding.key_display or binding.key.split(",")[0], style="bold")
        text.append(f" {binding.description}", style="dim")
    return text


def _text(value: Any) -> str:
    if isinstance(value, tuple | list):
        return "-".join(str(item) for item in value) + "s"
    return str(value)


def step_label(number: int, step: Mapping[str, Any], problems: Sequence[Problem]) -> Text:
    """One outline line: the number, the name (or the included id) and what the step holds."""
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append("✗ " if problems else "  ", style="bold red" if problems else "")
    text.append(f"{number:>2}. ")
    if step.get("include") is not None:
        rounds = step.get("rounds", 1)
        text.append(visible(f"⤷ {step.get('include') or '?'}"), style="italic")
        if rounds != 1:
            text.append(f" ×{rounds}", style="dim")
        return text
    name = step.get("name")
    text.append(visible(name) if isinstance(name, str) and name else "(no name)")
    detail = "manual" if step.get("manual") is True else visible(_text(step.get("hold", "?")))
    sides = step.get("sides")
    if isinstance(sides, tuple | list) and sides:
        detail += " " + visible("/".join(str(side)[:1].upper() for side in sides))
    reps = step.get("reps")
    if isinstance(reps, int) and reps > 1:
        detail += f" ×{reps}"
    text.append(f"  {detail}", style="dim")
    return text


def routine_label(name: str, problems: Sequence[Problem]) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append("✗ " if problems else "  ", style="bold red" if problems else "")
    text.append("Routine: ", style="bold")
    text.append(visible(name) or "(no name)")
    return text


def length_text(timeline: Timeline) -> str:
    label = format_clock(timeline.planned_seconds)
    if timeline.manual_steps:
        label += f" + {timeline.manual_steps} manual"
    return label


def timeline_text(timeline: Timeline | None, problems: int) -> Text:
    """The played steps with their start and length, as the library shows them; while the draft
    has problems, how many, since a routine that does not load has no timeline."""
    if timeline is None:
        text = Text("Timeline\n", style="bold")
        text.append(f"{problems} problem{'s' if problems != 1 else ''} to fix first", style="red")
        return text
    text = Text(f"Timeline · {length_text(timeline)}\n", style="bold")
    for played in timeline.steps:
        start = timeline.step_start(played.number)
        text.append(f"{'' if start is None else format_clock(start):>5} ", style="dim")
        text.append(f"{played.name} ")
        text.append(f"{timeline.step_length_text(played)}\n", style="dim")
    text.rstrip()
    return text
