"""After the routine: what was planned, what happened, and the choice to play it again.

Stopping comes here too, because "how far did I get?" is the question after a stop as well. Times
are playing time (pauses and steps at your own pace excluded), the same clock the trace uses, so
the summary and a trace file never disagree; the pauses are shown apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from tui.core.durations import format_clock
from tui.core.player import LiveSegment, SessionRecord
from tui.core.timeline import Timeline
from tui.keys import SUMMARY_KEYS, KeyCommands

MARKS = {"done": "✓", "skipped": "↷", "partly skipped": "✓", "stopped": "■", "not reached": "·"}


@dataclass(frozen=True, slots=True)
class StepOutcome:
    number: int
    name: str
    outcome: str  # done | skipped | partly skipped | stopped | not reached
    notes: tuple[str, ...]  # extended, released, +1 spot
    planned: float
    actual: float
    manual: bool


def step_outcomes(timeline: Timeline, record: SessionRecord) -> list[StepOutcome]:
    """Per played step: how it ended and what the person changed about it."""
    outcomes = []
    for played in timeline.steps:
        segments = [s for s in record.segments if s.step_number == played.number]
        core = [s for s in segments if s.kind in ("hold", "manual")] or segments
        outcomes.append(
            StepOutcome(
                number=played.number,
                name=played.name,
                outcome=_outcome(segments, core),
                notes=_notes(segments),
                planned=sum(s.planned for s in segments if not s.added),
                actual=sum(s.actual for s in segments),
                manual=played.step.manual or played.step.hold is None,
            )
        )
    return outcomes


def _outcome(segments: list[LiveSegment], core: list[LiveSegment]) -> str:
    if any(s.status == "stopped" for s in segments):
        return "stopped"
    if core and all(s.status == "skipped" for s in core):
        return "skipped"
    if core and all(s.status in ("done", "skipped") for s in core):
        return "partly skipped" if any(s.status == "skipped" for s in segments) else "done"
    return "not reached"


def _notes(segments: list[LiveSegment]) -> tuple[str, ...]:
    notes = []
    if any(s.extended for s in segments):
        notes.append("extended")
    if any(s.released for s in segments):
        notes.append("released")
    added = sum(1 for s in segments if s.added and s.status == "done")
    if added:
        notes.append(f"+{added} spot" + ("s" if added > 1 else ""))
    return tuple(notes)


def figures_text(record: SessionRecord, steps_total: int) -> str:
    """The two lines of numbers at the top."""
    paused = sum(p.seconds or 0.0 for p in record.pauses)
    times = f"planned {format_clock(record.planned)} · played {format_clock(record.actual)}"
    if record.pauses:
        times += f" · paused {len(record.pauses)}× ({format_clock(paused)})"
    counts = (
        f"{record.steps_done} of {steps_total} steps done · {record.steps_skipped} skipped · "
        f"{record.extended} extended · {record.added} added"
    )
    return f"{times}\n{counts}"


def outcome_lines(steps: list[StepOutcome]) -> list[Content]:
    """One line a step, in columns: mark, number, name, what happened, time played of planned."""
    details = [" · ".join((step.outcome, *step.notes)) for step in steps]
    name_width = max((len(step.name) for step in steps), default=0)
    detail_width = max((len(text) for text in details), default=0)
    lines = []
    for step, detail in zip(steps, details, strict=True):
        time_text = "your pace" if step.manual else format_clock(step.actual)
        if not step.manual and step.outcome != "not reached":
            time_text += f" of {format_clock(step.planned)}"
        lines.append(
            Content.assemble(
                f"{MARKS.get(step.outcome, '·')} {step.number:>2} {step.name.ljust(name_width)}  ",
                (detail.ljust(detail_width), "bold" if step.notes else ""),
                "  ",
                (time_text, "dim"),
            )
        )
    return lines


class SummaryScreen(Screen[str]):
    """Dismissed with "again" to play the routine once more, or "leave" for the library."""

    CSS_PATH = "summary.tcss"
    BINDINGS = list(SUMMARY_KEYS)
    KEYS = SUMMARY_KEYS
    COMMANDS = {KeyCommands}
    AUTO_FOCUS = None

    def __init__(self, timeline: Timeline, record: SessionRecord) -> None:
        super().__init__()
        self.timeline = timeline
        self.record = record

    def compose(self) -> ComposeResult:
        state = self.record.end_state or "stopped"
        with Vertical(id="summary-box"):
            yield Static(Content(self.timeline.routine.name), id="summary-title")
            yield Static(
                "completed — well done" if state == "completed" else "stopped",
                id="summary-state",
                classes=f"-{state}",
            )
            yield Static(figures_text(self.record, len(self.timeline.steps)), id="summary-figures")
            with VerticalScroll(id="summary-steps", can_focus=False):
                steps = step_outcomes(self.timeline, self.record)
                for step, line in zip(steps, outcome_lines(steps), strict=True):
                    yield Static(line, classes=f"summary-step -{step.outcome}")
            yield Static("Enter: play again · Esc: back to the library", id="summary-keys")
        yield Footer()

    def action_play_again(self) -> None:
        self.dismiss("again")

    def action_leave(self) -> None:
        self.dismiss("leave")
