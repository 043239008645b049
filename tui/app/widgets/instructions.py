"""What the player says about now: the kind of segment, the step, what to do, what comes next.

The words are worked out here from a live segment (a plain copy the player hands out), so the
screen only decides *when* to show them and the tests can read them without a terminal.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.widgets import Static

from tui.app.shown import shown
from tui.app.widgets.repaint import SteadyLines, SteadyStatic, SteadyVertical
from tui.core.durations import format_clock
from tui.core.player_records import LiveSegment
from tui.core.positions import position_change
from tui.core.timeline import KIND_WORDS

KINDS = tuple(KIND_WORDS)


def side_words(side: str | None) -> str:
    return f"{side} side" if side else ""


def where_text(segment: LiveSegment, steps_total: int) -> str:
    """`step 3 of 12 · Pigeon pose · left side · rep 2 of 3`: only what applies."""
    parts = [f"step {segment.step_number} of {steps_total}", segment.name]
    if segment.kind == "switch":
        parts.append(f"now the {side_words(segment.side)}" if segment.side else "")
    elif segment.kind in ("hold", "rest") and segment.side:
        parts.append(side_words(segment.side))
    if segment.kind in ("hold", "switch") and segment.played.step.reps > 1:
        parts.append(f"rep {segment.rep} of {segment.played.step.reps}")
    if segment.kind == "rest" and segment.played.step.reps > 1:
        parts.append(f"after rep {segment.rep} of {segment.played.step.reps}")
    return " · ".join(part for part in parts if part)


def next_text(segment: LiveSegment | None, current: LiveSegment | None = None) -> str:
    """`next: hold · Pigeon pose · right side · 0:45`, or the end; when the next step is in
    another position than `current`'s, that comes first: `next: onto hands and knees · …`."""
    if segment is None:
        return "next: the end"
    move = None
    if current is not None:
        move = position_change(current.played.step.position, segment.played.step.position)
    parts = [move or "", KIND_WORDS[segment.kind], segment.name, side_words(segment.side)]
    parts.append(format_clock(segment.length) if segment.is_timed else "")
    return "next: " + " · ".join(part for part in parts if part)


SETUP_SECONDS = 8  # how long into a hold the set-up stays, while the person settles


def step_words(segment: LiveSegment, into: float) -> str:
    """The step's own words for this moment, `into` seconds into the segment.

    Getting ready, changing sides and the first seconds of a hold show how to get into position
    (`setup`); then the hold shows its cue (`instructions`) alone, short enough to take in at a
    glance. A manual step shows both as one paragraph: the set-up, then how it goes on. A step
    without a set-up shows its instructions throughout, as before the format had one.
    """
    step = segment.played.step
    cue = " ".join(step.instructions.split())
    setup = " ".join(step.setup.split())
    if not setup:
        return cue
    if segment.kind == "manual":
        return f"{setup} {cue}".strip()
    settling = segment.kind in ("prep", "switch") or (
        segment.kind == "hold" and into < SETUP_SECONDS
    )
    return setup if settling else cue


def hint_text(
    segment: LiveSegment,
    *,
    paused: bool,
    release_in: float | None,
    keys: Mapping[str, str] | None = None,
) -> str:
    """One line of what the keys can do right now, or of what the person should do. (In a
    breathing hold the pacer says when to breathe in and out.) `keys` names, by binding id, the
    key of each binding config.toml moved, so the line says the key that works."""
    keys = keys or {}
    if paused:
        return "the countdown waits for you"
    if segment.kind == "manual":
        return f"take your time · {keys.get('player.go_on', 'Enter')} when you are ready"
    notes: list[str] = []
    if segment.kind == "hold":
        if segment.added:
            notes.append("another spot")
        if segment.extended:
            notes.append(f"+{format_clock(segment.extended)} added")
        if release_in is not None:
            release = keys.get("player.release", "r")
            notes.append(
                f"{release} releases now" if release_in <= 0 else _release_after(segment, release)
            )
        if segment.played.step.repeatable:
            notes.append(f"{keys.get('player.spot', 'a')}: another spot")
    return " · ".join(notes)


def _release_after(segment: LiveSegment, key: str) -> str:
    return f"{key} releases after {format_clock(segment.minimum or 0)}"


@dataclass(frozen=True, slots=True)
class NowText:
    """Every line of the panel, worked out before anything is drawn."""

    where: str
    hint: str
    instructions: str
    next: str


class KindLabel(SteadyLines, Static):
    """The segment's kind in words, coloured by a `-prep`/`-hold`/… class (words alone suffice
    under NO_COLOR, which is why they are words and not only colours)."""

    DEFAULT_CSS = """
    KindLabel {
        width: 100%;
        text-align: center;
        text-style: bold;
        padding: 0 1;
    }
    KindLabel.-prep { background: $warning; color: $text; }
    KindLabel.-hold { background: $success; color: $text; }
    KindLabel.-switch { background: $primary; color: $text; }
    KindLabel.-rest { background: $secondary; color: $text; }
    KindLabel.-manual { background: $panel; color: $text-accent; }
    KindLabel.-done { background: $panel; color: $text; }
    """

    def show(self, kind: str, words: str | None = None) -> None:
        self.update((words or KIND_WORDS.get(kind, kind)).upper())
        for name in (*KINDS, "done"):
            self.set_class(name == kind, f"-{name}")


class StepInfo(SteadyVertical):
    """The step, a line of hints, the instructions, and what comes next."""

    DEFAULT_CSS = """
    StepInfo {
        height: auto;
        padding: 0 2;
    }
    StepInfo > #where {
        text-align: center;
        text-style: bold;
    }
    StepInfo > #hint {
        text-align: center;
        color: $text-accent;
        height: 1;
    }
    StepInfo > #instructions {
        height: auto;
        max-height: 8;
        margin: 1 0;
        overflow-y: hidden;
    }
    StepInfo > #next {
        color: $text-muted;
        height: auto;
    }
    """

    def compose(self) -> ComposeResult:
        yield SteadyStatic("", id="where")
        yield SteadyStatic("", id="hint")
        yield SteadyStatic("", id="instructions")
        yield SteadyStatic("", id="next")

    def show(self, text: NowText) -> None:
        self.query_one("#where", Static).update(shown(text.where))
        self.query_one("#hint", Static).update(shown(text.hint))
        self.query_one("#instructions", Static).update(shown(text.instructions, multiline=True))
        self.query_one("#next", Static).update(shown(text.next))
