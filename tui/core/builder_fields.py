"""Every field the builder shows, as data: where its value lives, how it is typed and shown.

The builder's forms are generated from these tables, so "every field of the format is editable"
is a property of one list that a test can check against the format's own key tables, not of a
long compose method. Nothing here imports Textual: turning typed text into a value (and a value
back into text) is plain logic, tested without a screen.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from tui.core.draft_fields import text_from_value, value_from_text
from tui.core.locate import KeyPath
from tui.core.routine import AREAS, CUE_EVENTS, LEVELS, POSITIONS, SIDES

Kind = Literal["line", "text", "check", "choice"]


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One editable value. `key` is its path inside the form's table: ("routine", "name") in the
    routine form, ("hold",) in a step's. A "check" field is a checkbox whose `default` is the value
    the format assumes when the key is absent, so ticking it back to that removes the key and the
    file stays as short as a hand-written one. `keep_empty` keeps an emptied field as "" instead
    of removing the key (an include emptied while typing is still an include). A "choice" field
    is a list to pick one of `choices()` from, or none (the key removed)."""

    key: KeyPath
    label: str
    hint: str = ""
    kind: Kind = "line"
    placeholder: str = ""
    default: bool = False
    keep_empty: bool = False
    choices: Callable[[], tuple[str, ...]] | None = None

    @property
    def dom_id(self) -> str:
        return "-".join(str(part) for part in self.key)

    def value_of(self, text: str) -> Any:
        """The value to store for what the person typed (None removes the key)."""
        if self.keep_empty and not text.strip():
            return ""
        return value_from_text(self.key, text)

    def value_of_check(self, ticked: bool) -> bool | None:
        return None if ticked == self.default else ticked

    def text_of(self, value: Any) -> str:
        """The value as the field shows it; a range written as [60, 90] reads back as one."""
        last = self.key[-1]
        if last in _DURATION_KEYS and isinstance(value, tuple | list) and len(value) == 2:
            return f"[{text_from_value(value[0])}, {text_from_value(value[1])}]"
        return text_from_value(value)

    def ticked(self, value: Any) -> bool:
        return self.default if value is None else value is True


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    fields: tuple[FieldSpec, ...]


_DURATION_KEYS = {"hold", "prep", "rest", "switch"}
_WORDS = " ".join
_DURATION = "like 45, 45s, 2m, 1m30s or 1:30"


def _figure_names() -> tuple[str, ...]:
    from tui.core import figures  # read when the form is built, not when this module loads

    return tuple(figures.names())


def _default_hint(what: str) -> str:
    return f"like 10, 45s or 1:30; blank: the routine's {what}"


ROUTINE_SECTIONS: tuple[Section, ...] = (
    Section(
        "Routine",
        (
            FieldSpec(("routine", "name"), "Name", "1–80 characters; the file's id comes from it"),
            FieldSpec(("routine", "summary"), "Summary", "one line, up to 120 characters"),
            FieldSpec(("routine", "description"), "Description", "optional", kind="text"),
            FieldSpec(("routine", "areas"), "Areas", f"one or more of: {_WORDS(AREAS)}"),
            FieldSpec(("routine", "equipment"), "Equipment", "kebab-case words; blank: none"),
            FieldSpec(("routine", "level"), "Level", " | ".join(LEVELS), placeholder="gentle"),
            FieldSpec(
                ("routine", "caution"), "Caution", "shown before the first step", kind="text"
            ),
            FieldSpec(("routine", "tags"), "Tags", "kebab-case words"),
            FieldSpec(("routine", "author"), "Author", "optional"),
        ),
    ),
    Section(
        "Defaults for every step",
        (
            FieldSpec(("defaults", "prep"), "Prep", f"{_DURATION}; 0–600 s", placeholder="5"),
            FieldSpec(
                ("defaults", "rest"), "Rest", "after each step but the last", placeholder="0"
            ),
            FieldSpec(("defaults", "switch"), "Switch", "between two sides", placeholder="5"),
        ),
    ),
    Section(
        "Cues",
        (
            FieldSpec(
                ("cues", "countdown"), "Countdown", "ticks in the last N s, 0–10", "line", "3"
            ),
            FieldSpec(
                ("cues", "halfway"),
                "Halfway cue in holds of 20 s or more",
                kind="check",
                default=True,
            ),
            FieldSpec(("cues", "voice"), "Speak step names", kind="check"),
            FieldSpec(("cues", "volume"), "Volume", "0.0–1.0", placeholder="0.8"),
        ),
    ),
    Section(
        "Cue sounds (paths relative to the routine's file; blank: the built-in sound)",
        tuple(FieldSpec(("cues", "sounds", event), event.capitalize()) for event in CUE_EVENTS),
    ),
)

STEP_SECTIONS: tuple[Section, ...] = (
    Section(
        "Step",
        (
            FieldSpec(("name",), "Name", "1–60 characters"),
            FieldSpec(
                ("setup",),
                "Set-up",
                "how to get into position; shown first",
                kind="text",
            ),
            FieldSpec(
                ("instructions",),
                "Instructions",
                "the cue for the hold: a glance long",
                kind="text",
            ),
            FieldSpec(
                ("hold",),
                "Hold",
                f"{_DURATION}; a range 60-90s; blank if manual",
            ),
            FieldSpec(("sides",), "Sides", f"{_WORDS(SIDES)}, in the order played; blank: none"),
            FieldSpec(("reps",), "Reps", "1–50: the whole step again", placeholder="1"),
            FieldSpec(("rest",), "Rest", _default_hint("rest")),
            FieldSpec(("prep",), "Prep", _default_hint("prep")),
            FieldSpec(("switch",), "Switch", _default_hint("switch")),
            FieldSpec(("manual",), "Manual: no timer, waits until you go on", kind="check"),
            FieldSpec(("repeatable",), "Repeatable: one more hold may be added", kind="check"),
            FieldSpec(("breathe",), "Breathe", "IN, HOLD, OUT seconds, like 4, 0, 6"),
            FieldSpec(
                ("position",),
                "Position",
                "where the body is: standing, seated, at a wall, on hands and knees, lying…",
                kind="choice",
                choices=lambda: POSITIONS,
            ),
            FieldSpec(("areas",), "Areas", f"any of: {_WORDS(AREAS)}; blank: the routine's"),
            FieldSpec(
                ("figure",),
                "Figure",
                "a picture of the pose beside the instructions (unknot figure NAME shows one)",
                kind="choice",
                choices=_figure_names,
            ),
        ),
    ),
    Section(
        "This step's cues (blank: as the routine says)",
        (
            FieldSpec(("cues", "countdown"), "Countdown", "0–10", placeholder="as the routine"),
            FieldSpec(("cues", "halfway"), "Halfway", "on or off", placeholder="as the routine"),
            FieldSpec(("cues", "voice"), "Voice", "on or off", placeholder="as the routine"),
        ),
    ),
)

INCLUDE_SECTIONS: tuple[Section, ...] = (
    Section(
        "Include another routine",
        (
            FieldSpec(
                ("include",),
                "Routine id",
                "every step of that routine (`unknot list` shows the ids)",
                keep_empty=True,
            ),
            FieldSpec(("rounds",), "Rounds", "1–20", placeholder="1"),
        ),
    ),
)


def all_fields(sections: tuple[Section, ...]) -> tuple[FieldSpec, ...]:
    return tuple(spec for section in sections for spec in section.fields)


def step_kind(step: Mapping[str, Any] | None) -> str:
    """Which form a step needs: "include" for an include block, else "step"."""
    return "include" if step is not None and step.get("include") is not None else "step"
