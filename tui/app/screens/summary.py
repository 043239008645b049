"""After the routine: what was planned, what happened, and the choice to play it again.

Stopping comes here too, because "how far did I get?" is the question after a stop as well. Times
are playing time (pauses and steps at your own pace excluded), the same clock the trace uses, so
the summary and a trace file never disagree; the pauses are shown apart.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from tui.app.commands import KeyCommands
from tui.app.host import UnknotScreen
from tui.app.keys import SUMMARY_KEYS
from tui.app.screens.rating import RatingEntry, RatingScale, areas_words
from tui.app.settings import remapped_words
from tui.app.shown import shown
from tui.app.widgets.key_footer import KeyFooter
from tui.core.durations import format_clock
from tui.core.history_rows import HistoryError
from tui.core.player_records import LiveSegment, SessionRecord
from tui.core.timeline import Timeline
from tui.core.visible import visible

if TYPE_CHECKING:
    from tui.core.history import HistoryStore

ID_WAIT = 60.0  # seconds the writer waits for the session's row before a rating is given up

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
    name_width = max((len(visible(step.name)) for step in steps), default=0)
    detail_width = max((len(text) for text in details), default=0)
    lines = []
    for step, detail in zip(steps, details, strict=True):
        time_text = "your pace" if step.manual else format_clock(step.actual)
        if not step.manual and step.outcome != "not reached":
            time_text += f" of {format_clock(step.planned)}"
        lines.append(
            Content.assemble(
                f"{MARKS.get(step.outcome, '·')} {step.number:>2} "
                f"{visible(step.name).ljust(name_width)}  ",
                (detail.ljust(detail_width), "bold" if step.notes else ""),
                "  ",
                (time_text, "dim"),
            )
        )
    return lines


def advice_text(store: HistoryStore, areas: tuple[str, ...], today: date) -> str:
    """The not-easing advice for this routine's areas, or "" when they are easing (or too new to
    say). A history that cannot be read says nothing rather than fail the summary."""
    from tui.core.stats import not_easing, professional_advice

    try:
        persistent = not_easing(store, today, areas)
    except sqlite3.Error:
        return ""
    return professional_advice(persistent) if persistent else ""


class SummaryScreen(UnknotScreen[str]):
    """Dismissed with "again" to play the routine once more, or "leave" to go back.

    With the session's id and the store it was kept in, the summary also asks how tense the
    routine's areas feel now (saved as it is typed, backspace takes it back), stars the session
    with f, and, when an area's ratings have not eased over two weeks, says to have it looked at.

    Nothing here touches the history on the loop: each rating and star is shown at once and
    written by the app's history writer (tui/app/history_jobs.py), which says so if it fails.
    The session's id may not be known yet (its row waits for a file another process holds
    locked): `id_for(seconds)` then waits for it on the writer's thread, never on the loop.
    """

    CSS_PATH = "summary.tcss"
    BINDINGS = list(SUMMARY_KEYS)
    KEYS = SUMMARY_KEYS
    COMMANDS = {KeyCommands}
    AUTO_FOCUS = None

    def __init__(
        self,
        timeline: Timeline,
        record: SessionRecord,
        *,
        session_id: int | None = None,
        store: HistoryStore | None = None,
        today: date | None = None,
        id_for: Callable[[float], int | None] | None = None,
    ) -> None:
        super().__init__()
        self.timeline = timeline
        self.record = record
        self.session_id = session_id
        self.id_for = id_for
        self.store = store if session_id is not None or id_for is not None else None
        self.today = today or datetime.now().astimezone().date()
        self.entry = RatingEntry()
        self.starred = False

    @property
    def kept(self) -> bool:
        """Whether the session is in the history (else there is nothing to rate or star)."""
        return self.store is not None

    @property
    def rating(self) -> int | None:
        """The tension after, as given (None: not given)."""
        return self.entry.value

    def compose(self) -> ComposeResult:
        state = self.record.end_state or "stopped"
        areas = self.timeline.routine.areas
        with Vertical(id="summary-box"):
            yield Static(shown(self.timeline.routine.name), id="summary-title")
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
            if self.kept:
                yield Static(
                    Content(f"How tense is your {areas_words(areas)} now? (optional)"),
                    id="summary-question",
                )
                with Horizontal(id="summary-rating"):
                    yield RatingScale(None, id="summary-scale")
                    yield Static(self._star_text(), id="summary-star")
            else:
                yield Static("This session is not kept in your history.", id="summary-question")
            yield Static("", id="summary-advice")
            yield Static(self._keys_text(), id="summary-keys")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#summary-advice", Static).display = False
        if self.kept:
            self.unknot_app.write_history(self._advice, what="", done=self._show_advice)

    # ---- rating, star, advice ------------------------------------------------------------------

    def _keys_text(self) -> Content:
        keys = remapped_words(self.app, SUMMARY_KEYS)  # the words say the keys in force
        again, back = keys.get("summary.again", "Enter"), keys.get("summary.leave", "Esc")
        words = f"{again}: play again · {back}: back"
        if self.kept:
            words = f"0–10 rates (1 0 is 10) · {keys.get('summary.star', 'f')} stars · {words}"
        return shown(words)

    def _star_text(self) -> Content:
        star = remapped_words(self.app, SUMMARY_KEYS).get("summary.star", "f")
        return shown("★ starred" if self.starred else f"☆ star: {star}")

    def _session_number(self) -> int:
        """The session's id, on the writer's thread: waited for there if its row is not yet
        written (the file locked by another process)."""
        session_id = self.session_id
        if session_id is None and self.id_for is not None:
            session_id = self.id_for(ID_WAIT)
        if session_id is None:
            raise HistoryError("this session is not in your history")
        return session_id

    def _advice(self, store: HistoryStore) -> str:
        return advice_text(store, self.timeline.routine.areas, self.today)

    def _save_rating(self, value: int | None) -> None:
        if not self.kept:
            return
        self.query_one("#summary-scale", RatingScale).show(value)

        def work(store: HistoryStore) -> str:
            store.rate(self._session_number(), after=value)
            return self._advice(store)

        self.unknot_app.write_history(work, what="the rating was not saved", done=self._show_advice)

    def _show_advice(self, advice: str) -> None:
        if not self.is_attached:
            return
        widget = self.query_one("#summary-advice", Static)
        widget.update(Content(advice))
        widget.display = bool(advice)

    def action_rate(self, digit: int) -> None:
        if self.kept:
            self._save_rating(self.entry.digit(digit))

    def action_nudge(self, step: int) -> None:
        if self.kept:
            self._save_rating(self.entry.nudge(step))

    def action_clear_rating(self) -> None:
        if self.kept and self.entry.value is not None:
            self.entry.clear()
            self._save_rating(None)

    def action_star(self) -> None:
        if not self.kept:
            self.notify("This session is not kept in your history, so it cannot be starred.")
            return
        starred = not self.starred
        self._show_star(starred)

        def work(store: HistoryStore) -> None:
            store.star_session(self._session_number(), starred)

        def failed(exc: Exception) -> None:
            if self.starred == starred:  # nothing newer was asked: take the star back
                self._show_star(not starred)

        self.unknot_app.write_history(work, what="the star was not saved", failed=failed)

    def _show_star(self, starred: bool) -> None:
        self.starred = starred
        if self.is_attached:
            self.query_one("#summary-star", Static).update(self._star_text())

    def action_star_routine(self) -> None:
        routine = self.timeline.routine
        if self.unknot_app.history() is None:
            self.notify("Your history could not be opened, so nothing can be starred.")
            return
        self.unknot_app.star_routine(routine.id, routine.name)

    # ---- leaving -------------------------------------------------------------------------------

    def action_play_again(self) -> None:
        self.dismiss("again")

    def action_leave(self) -> None:
        self.dismiss("leave")
