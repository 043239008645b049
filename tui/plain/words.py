"""Plain mode's words: what each event, command and ending reads as, its keys, and its style.

Every line plain mode writes is made here from the player's facts, so the lines can be read (and
tested) apart from the loop that writes them (tui/plain/player.py). A length reads as a screen
reader reads it well ("1 min 30 s"); a file's text is made visible, never obeyed.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TextIO

from tui.core.durations import format_clock
from tui.core.player_events import CommandEvent, EndEvent
from tui.core.player_records import LiveSegment, SessionRecord
from tui.core.timeline import KIND_WORDS, Timeline
from tui.core.visible import visible

EPS = 1e-6

# ------------------------------------------------------------------------------------- the keys


@dataclass(frozen=True, slots=True)
class PlainKey:
    """A key of the plain player. `action` is the full-screen player's action name for the same
    thing (tui/app/keys.py), so a test can check that both players offer the same commands."""

    keys: tuple[str, ...]
    action: str
    label: str


PLAIN_KEYS: tuple[PlainKey, ...] = (
    PlainKey(("space",), "toggle_pause", "space pause"),
    PlainKey(("n", "right"), "skip", "n skip"),
    PlainKey(("p", "left"), "back", "p back"),
    PlainKey(("plus",), "extend", "+ 15 s more"),
    PlainKey(("r",), "release", "r release"),
    PlainKey(("a",), "another_spot", "a another spot"),
    PlainKey(("enter",), "go_on", "Enter go on"),
    PlainKey(("m",), "mute", "m mute"),
    PlainKey(("question_mark", "h"), "help", "? keys"),
    PlainKey(("q",), "stop", "q stop"),
)
ACTION_OF_KEY: dict[str, str] = {key: k.action for k in PLAIN_KEYS for key in k.keys}
KEYS_LINE = "keys: " + ", ".join(k.label for k in PLAIN_KEYS)

# What a refused command was, in the words of the line that says why it was refused.
COMMAND_WORDS = {
    "toggle_pause": "pause",
    "skip": "skip",
    "back": "back",
    "extend": "15 s more",
    "release": "release",
    "another_spot": "another spot",
    "go_on": "go on",
    "stop": "stop",
}


# ------------------------------------------------------------------------------------- the words


def elapsed_text(seconds: float) -> str:
    """The line's time: whole seconds of the routine played, rounded down (0:04.9 is 0:04)."""
    return format_clock(max(0, math.floor(seconds + EPS)))


def span_text(seconds: float) -> str:
    """A length as a screen reader reads it well: `45 s`, `2 min`, `1 min 30 s`, `1 h 5 min`."""
    whole = round(seconds)
    if whole < 60:
        return f"{whole} s"
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [f"{hours} h"] if hours else []
    if minutes:
        parts.append(f"{minutes} min")
    if secs and not hours:
        parts.append(f"{secs} s")
    return " ".join(parts)


def one_line(text: str) -> str:
    """Instructions are written over several lines in TOML; a plain line holds them as one.
    Every text of a routine passes here, so its control characters are made visible here."""
    return visible(" ".join(text.split()))


def segment_text(
    segment: LiveSegment,
    steps_total: int,
    *,
    new_step: bool,
    interactive: bool,
    next_move: str | None = None,
) -> str:
    """What begins, in one line: its kind and length, the side or rep, and for a step's first
    segment the step itself with its instructions. A manual step says how it goes on.
    `next_move` ("onto hands and knees") ends the line when the next step is elsewhere."""
    step = segment.played.step
    kind = KIND_WORDS[segment.kind]
    if segment.kind == "manual":
        head = kind
    elif segment.kind == "hold" and segment.minimum is not None and interactive:
        head = f"{kind} up to {span_text(segment.length)}"
    else:
        head = f"{kind} {span_text(segment.length)}"
    parts = [head]
    side = one_line(segment.side or "")
    if segment.kind == "switch" and side:
        parts.append(f"now the {side} side")
    elif segment.kind in ("hold", "rest") and side:
        parts.append(f"{side} side")
    if segment.kind in ("hold", "switch") and step.reps > 1:
        parts.append(f"rep {segment.rep} of {step.reps}")
    if segment.kind == "rest" and step.reps > 1:
        parts.append(f"after rep {segment.rep} of {step.reps}")
    if segment.kind == "hold":
        if segment.added:
            parts.append("another spot")
        if step.breathe is not None:
            breathe_in, hold, breathe_out = step.breathe
            held = f", hold {hold} s" if hold else ""
            parts.append(f"breathe in {breathe_in} s{held}, out {breathe_out} s")
        if interactive and segment.minimum is not None:
            parts.append(f"r releases after {span_text(segment.minimum)}")
        if interactive and step.repeatable:
            parts.append("a adds another spot")
    text = ", ".join(parts)
    if new_step or segment.kind == "manual":
        text += f"; step {segment.step_number} of {steps_total}, {one_line(segment.name)}"
        # The set-up (how to get into position) comes first, then the hold's cue.
        instructions = " ".join(filter(None, (one_line(step.setup), one_line(step.instructions))))
        if instructions:
            text += f": {instructions}"
    if segment.kind == "manual":
        text += "" if text.endswith((".", "!", "?")) else "."
        text += (
            " Press Enter when ready."
            if interactive
            else " No keyboard to wait for, so it goes on by itself."
        )
    if next_move:
        text += f"; next: {next_move}"
    return text


def command_text(event: CommandEvent, current: LiveSegment | None) -> str | None:
    """What a command did; None where the next line says it already (a stop: the end line)."""
    if event.command == "pause":
        return "paused; space goes on"
    if event.command == "resume":
        return "going on"
    if event.command == "skip":
        return "skipped"
    if event.command == "back":
        return "back"
    if event.command == "extend":
        amount = span_text(event.amount or 0)
        if current is not None:
            return f"{amount} more: this hold now lasts {span_text(current.length)}"
        return f"{amount} more"
    if event.command == "release":
        return "released"
    if event.command == "spot":
        return "another spot after this hold"
    return None


def end_text(event: EndEvent) -> str:
    played = elapsed_text(event.actual)  # as the line's own time reads it, rounded down
    planned = format_clock(event.planned)
    if event.state == "completed":
        return f"complete: {played} played of {planned} planned"
    return f"stopped: {played} played of {planned} planned"


def summary_text(record: SessionRecord, steps_total: int) -> str:
    """The summary screen's facts in one line."""
    parts = [f"{record.steps_done} of {steps_total} step{'s' if steps_total != 1 else ''} done"]
    if record.steps_skipped:
        parts.append(f"{record.steps_skipped} skipped")
    if record.extended:
        parts.append(f"{record.extended} extended")
    if record.added:
        parts.append(f"{record.added} spot{'s' if record.added > 1 else ''} added")
    if record.pauses:
        parts.append(f"{len(record.pauses)} pause{'s' if len(record.pauses) > 1 else ''}")
    return ", ".join(parts)


def header_text(timeline: Timeline) -> str:
    steps = len(timeline.steps)
    text = f"{one_line(timeline.routine.name)}: {steps} step{'s' if steps != 1 else ''}, "
    text += f"{format_clock(timeline.planned_seconds)} planned"
    manual = timeline.manual_steps
    if manual:
        text += f" plus {manual} at your own pace"
    return text


# ------------------------------------------------------------------------------------- the style

_KIND_COLOURS = {"prep": "33", "hold": "32", "switch": "34", "rest": "35", "manual": "36"}


def wants_colour(stream: TextIO, environ: Mapping[str, str]) -> bool:
    """Colour only on a real terminal; never with NO_COLOR (any non-empty value) or TERM=dumb."""
    if environ.get("NO_COLOR") or environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False


@dataclass(frozen=True, slots=True)
class Style:
    """Bold, coloured kind words on a terminal; the words alone carry the meaning everywhere."""

    colour: bool = False

    def kind(self, kind: str, text: str) -> str:
        words = KIND_WORDS.get(kind, "")
        if not self.colour or not words or not text.startswith(words):
            return text
        code = _KIND_COLOURS.get(kind, "0")
        return f"\x1b[1;{code}m{words}\x1b[0m{text[len(words) :]}"

    def strong(self, text: str) -> str:
        return f"\x1b[1m{text}\x1b[0m" if self.colour else text
