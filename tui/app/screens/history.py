"""The history: every session kept, its details, the figures, and the way back into one.

The list shows a page of sessions at a time (newest first) and reads the next page when the cursor
reaches the end, so 10,000 sessions open as fast as ten. The figures (streak, minutes, areas, the
30-day sparkline, the trend per area) are stats.py's, worked out in a thread worker that posts
them back (over 10,000 sessions that takes a while, and the list is usable meanwhile); what each
line says is worked out by the pure functions below, which the tests read without a screen.
From a session a person can replay it as played or as its routine was then, star it, save it as a
routine of their own, or delete it (asked first).
"""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from tui.app.commands import KeyCommands
from tui.app.host import UnknotScreen
from tui.app.keys import HISTORY_KEYS
from tui.app.screens.confirm import ConfirmScreen
from tui.app.shown import shown
from tui.app.widgets.key_footer import KeyFooter
from tui.app.widgets.row_table import RowTable
from tui.core.durations import format_clock, format_minutes
from tui.core.history_rows import HistoryError, SessionDetail, SessionSummary

if TYPE_CHECKING:
    from tui.core.history import HistoryStore
    from tui.core.library import Library
    from tui.core.replay import ReplayMode
    from tui.core.stats import AreaTrend, Stats

PAGE = 100  # sessions read at a time
COLUMNS = ("Date", "Routine", "Length", "State", "Tension")


# ---- what the screen says (pure) ---------------------------------------------------------------


def tension_cell(before: int | None, after: int | None) -> str:
    if before is None and after is None:
        return ""
    return f"{'–' if before is None else before} → {'–' if after is None else after}"


def routine_cell(session: SessionSummary) -> str:
    """The routine's name, starred ones with a ★ before it (the table shortens a long one)."""
    return ("★ " if session.favourite else "") + session.routine_name


def session_cells(session: SessionSummary) -> tuple[str, ...]:
    """One row of the list: date, routine, played length, state, tension before → after."""
    return (
        session.started.strftime("%Y-%m-%d %H:%M"),
        routine_cell(session),
        format_clock(session.actual),
        session.state,
        tension_cell(session.tension_before, session.tension_after),
    )


def figures_lines(stats: Stats) -> list[str]:
    """The figures pane, line by line (the same figures as `unknot stats`)."""
    from tui.core.stats import SPARK_DAYS, professional_advice, sparkline

    days = "day" if stats.streak == 1 else "days"
    lines = [
        f"streak      {stats.streak} {days}",
        f"this week   {format_minutes(stats.minutes_week)}",
        f"this month  {format_minutes(stats.minutes_month)}",
        f"all time    {stats.sessions:,} session{'' if stats.sessions == 1 else 's'}",
        "",
        f"minutes a day, last {SPARK_DAYS} days",
        sparkline(stats.minutes_by_day),
        f"(up to {format_minutes(max(stats.minutes_by_day, default=0.0))} a day)",
        "",
        "sessions per area",
    ]
    counts = [(area, count) for area, count in stats.per_area.items() if count]
    lines += [f"  {area.replace('-', ' '):<11}{count:,}" for area, count in counts]
    if not counts:
        lines.append("  none yet")
    lines += ["", "tension, last 4 weeks"]
    if stats.trends:
        for area, trend in stats.trends.items():
            lines.append(f"  {area.replace('-', ' '):<11}{trend_words(trend)}")
    else:
        lines.append("  no ratings yet (rate before")
        lines.append("  and after a session)")
    if stats.persistent_areas:
        lines += ["", professional_advice(stats.persistent_areas)]
    return lines


def trend_words(trend: AreaTrend) -> str:
    """`6.0→4.5 easing` (first week's mean → last week's), or just the word; short enough for
    the figures pane."""
    word = "too early" if trend.word == "too early to say" else trend.word
    if trend.first is None or trend.last is None:
        return word
    if len(trend.days) < 2:
        return f"{trend.last:.1f} {word}"
    return f"{trend.first:.1f}→{trend.last:.1f} {word}"


def detail_lines(detail: SessionDetail) -> list[str]:
    """The details pane: when, how it went, and each hold or manual step as it was played."""
    summary = detail.summary
    head = f"{summary.routine_name} · {summary.started:%A %d %B %Y, %H:%M}"
    figures = (
        f"{summary.state} · played {format_clock(summary.actual)} of "
        f"{format_clock(summary.planned)} planned"
    )
    if detail.pauses:
        paused = sum(p.seconds or 0.0 for p in detail.pauses)
        figures += f" · paused {len(detail.pauses)}× ({format_clock(paused)})"
    lines = [head, figures]
    tension = tension_cell(summary.tension_before, summary.tension_after)
    if tension:
        lines.append(f"tension {tension}")
    for rating in summary.area_ratings:  # a check-in's session: each area as it was rated
        area = rating.area.replace("-", " ")
        lines.append(f"  {area} {tension_cell(rating.before, rating.after) or 'not rated'}")
    lines.append("")
    for row in detail.segments:
        if row.kind not in ("hold", "manual"):
            continue
        side = f" ({row.side})" if row.side else ""
        if row.kind == "manual":
            length = "your pace"
        elif row.status in ("done", "stopped"):
            length = f"{format_clock(row.actual)} of {format_clock(row.planned)}"
        else:
            length = format_clock(row.planned)
        mark = {"done": "✓", "skipped": "↷", "stopped": "■"}.get(row.status, "·")
        word = row.outcome if row.status != "upcoming" else "not reached"
        lines.append(f"{mark} {row.step:>2} {row.name}{side} · {word} · {length}")
    return lines


def current_hash(library: Library | None, routine_id: str) -> str | None:
    """The hash a session of the routine would keep now (None: no such routine any more)."""
    from tui.core.history_snapshot import snapshot_of

    routine = library.get(routine_id) if library is not None else None
    if library is None or routine is None:
        return None
    try:
        return snapshot_of(library.timeline(routine)).hash
    except ValueError:  # an include that no longer expands
        return None


# ---- the screen --------------------------------------------------------------------------------


class FiguresReady(Message):
    """The figures, worked out in a thread (`stats` None: they could not be, `problem` says why)."""

    def __init__(self, stats: Stats | None, problem: str = "") -> None:
        super().__init__()
        self.stats = stats
        self.problem = problem


class HistoryScreen(UnknotScreen[None]):
    """The sessions kept in `store` (None: the history could not be opened)."""

    CSS_PATH = "history.tcss"
    BINDINGS = list(HISTORY_KEYS)
    KEYS = HISTORY_KEYS
    COMMANDS = {KeyCommands}

    def __init__(self, store: HistoryStore | None, *, today: date | None = None) -> None:
        super().__init__()
        self.store = store
        self.today = today
        self.sessions: list[SessionSummary] = []
        self.total = 0
        self.stats: Stats | None = None
        self._hashes: dict[str, str | None] = {}  # routine id: its snapshot's hash as it is now

    def compose(self) -> ComposeResult:
        yield Static(" unknot · history", id="history-title")
        with Horizontal(id="history-body"):
            with Vertical(id="history-list"):
                yield RowTable(id="sessions", zebra_stripes=True)
                with VerticalScroll(id="history-details", can_focus=False):
                    yield Static(id="history-detail-text")
            with VerticalScroll(id="history-figures", can_focus=False):
                yield Static(id="history-figures-text")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one("#sessions", RowTable)
        table.add_columns(*COLUMNS)
        self.reload()
        table.focus()

    # ---- reading -------------------------------------------------------------------------------

    def _day(self) -> date:
        return self.today or datetime.now().astimezone().date()

    def reload(self, keep: int | None = None) -> None:
        """Read the first page and the figures again (after a replay, a delete)."""
        table = self.query_one("#sessions", RowTable)
        table.clear()
        self.sessions = []
        notice = self.store.notice if self.store is not None else None
        if self.store is None or (notice is not None and not notice.kept and notice.cause):
            why = f" ({notice.cause})" if notice is not None and notice.cause else ""
            self._title("your history could not be opened")
            self._detail([f"Your history could not be opened{why}, so there is nothing to show."])
            self.query_one("#history-figures-text", Static).update("")
            return
        try:
            self.total = self.store.count_sessions()
            self._add_page()
        except (sqlite3.Error, HistoryError) as exc:
            self._title("the history could not be read")
            self._detail([f"The history could not be read ({exc})."])
            return
        self._figures_in_thread(self.store, self._day())
        count = f"{self.total:,} session{'' if self.total == 1 else 's'}"
        self._title(count)
        if not self.sessions:
            self._detail(["No sessions yet: play a routine and it is kept here."])
            return
        if keep is not None:
            table.move_cursor(row=min(keep, table.row_count - 1))
        self._show(self.current())

    def _figures_in_thread(self, store: HistoryStore, day: date) -> None:
        """Work the figures out off the UI's thread; `FiguresReady` brings them back."""

        def work() -> None:
            from tui.core.stats import compute

            try:
                self.post_message(FiguresReady(compute(store, day)))
            except (sqlite3.Error, HistoryError) as exc:
                self.post_message(
                    FiguresReady(None, f"The figures could not be worked out ({exc}).")
                )

        self.run_worker(
            work, thread=True, exclusive=True, group="history-figures", exit_on_error=False
        )

    def on_figures_ready(self, message: FiguresReady) -> None:
        self.stats = message.stats
        lines = figures_lines(message.stats) if message.stats is not None else [message.problem]
        self.query_one("#history-figures-text", Static).update(Content("\n".join(lines)))

    def _add_page(self) -> None:
        assert self.store is not None
        page = self.store.sessions(limit=PAGE, offset=len(self.sessions))
        table = self.query_one("#sessions", RowTable)
        for session in page:
            table.add_row(*session_cells(session), key=str(session.id))
        self.sessions.extend(page)

    def _title(self, text: str) -> None:
        self.query_one("#history-title", Static).update(shown(f" unknot · history  ·  {text}"))

    def _detail(self, lines: Sequence[str]) -> None:
        self.query_one("#history-detail-text", Static).update(
            shown("\n".join(lines), multiline=True)
        )

    def current(self) -> SessionSummary | None:
        table = self.query_one("#sessions", RowTable)
        row = table.cursor_row
        return self.sessions[row] if 0 <= row < len(self.sessions) else None

    def _show(self, session: SessionSummary | None) -> None:
        if session is None or self.store is None:
            return
        detail = self._detail_of(session)
        if detail is not None:
            self._detail([*detail_lines(detail), "", self._since(detail)])

    def _since(self, detail: SessionDetail) -> str:
        """Whether the routine is still as it was: what decides between the two replays."""
        routine_id = detail.summary.routine_id
        if routine_id not in self._hashes:
            self._hashes[routine_id] = current_hash(self.unknot_app.library, routine_id)
        now = self._hashes[routine_id]
        from tui.core.compose import is_composed

        if now is None and is_composed(routine_id, self.unknot_app.library.routines):
            return (
                "Today's routine, made from that check-in and kept with the session: both "
                "replays play it, and s keeps it as a routine of your own."
            )
        if now is None:
            return "The routine is no longer in your library; both replays still play it."
        if now != detail.snapshot.hash:
            return "The routine has changed since: R plays it as it was on that day."
        return "The routine is unchanged since."

    def _detail_of(self, session: SessionSummary) -> SessionDetail | None:
        assert self.store is not None
        try:
            detail = self.store.session(session.id)
        except (sqlite3.Error, HistoryError) as exc:
            self._detail([f"This session could not be read ({exc})."])
            return None
        if detail is None:
            self._detail(["This session was deleted (by another unknot, perhaps)."])
        return detail

    @on(RowTable.Highlighted, "#sessions")
    def _highlighted(self) -> None:
        row = self.query_one("#sessions", RowTable).cursor_row
        if row >= len(self.sessions) - 1 and len(self.sessions) < self.total:
            self._add_page()
        self._show(self.current())

    @on(RowTable.Selected, "#sessions")
    def _selected(self) -> None:
        # A click on the cursor's row chooses it, as Enter does: replay it.
        self.action_replay()

    # ---- actions -------------------------------------------------------------------------------

    def action_replay(self) -> None:
        from tui.core.replay import AS_PLAYED

        self._replay(AS_PLAYED)

    def action_replay_routine(self) -> None:
        from tui.core.replay import AS_ROUTINE

        self._replay(AS_ROUTINE)

    def _replay(self, mode: ReplayMode) -> None:
        from tui.app.flow import play_screens
        from tui.core.replay import ReplayError, replay_routine
        from tui.core.timeline import build_timeline

        session = self.current()
        detail = self._detail_of(session) if session is not None else None
        if detail is None:
            return
        try:
            routine = replay_routine(detail, mode)
            timeline = build_timeline(routine)
        except (ReplayError, ValueError) as exc:
            self.notify(
                str(exc), title="cannot replay", severity="warning", timeout=8, markup=False
            )
            return
        play_screens(self.app, routine, timeline, ask_tension=True, done=self.reload)

    def action_star(self) -> None:
        """Star the session (or take its star away): shown at once, written off the loop by the
        app's history writer; taken back, with a notice, if that fails."""
        session = self.current()
        if session is None or self.store is None:
            return
        starred = not session.favourite
        self._mark(session.id, starred)

        def work(store: HistoryStore) -> None:
            store.star_session(session.id, starred)

        def failed(exc: Exception) -> None:
            self._mark(session.id, not starred)

        self.unknot_app.write_history(work, what="the star was not saved", failed=failed)

    def _mark(self, session_id: int, starred: bool) -> None:
        for row, session in enumerate(self.sessions):
            if session.id == session_id and session.favourite != starred:
                self.sessions[row] = dataclasses.replace(session, favourite=starred)
                if self.is_attached:
                    self._redraw()
                return

    def _redraw(self) -> None:
        """Fill the table again from the sessions read so far, the cursor where it was (the
        table draws only the lines in view, so a hundred rows cost nothing to add)."""
        table = self.query_one("#sessions", RowTable)
        row = table.cursor_row
        table.clear()
        for session in self.sessions:
            table.add_row(*session_cells(session), key=str(session.id))
        table.move_cursor(row=row)

    def action_star_routine(self) -> None:
        session = self.current()
        if session is None or self.store is None:
            return
        self.unknot_app.star_routine(session.routine_id, session.routine_name)

    def action_save_routine(self, replace: bool = False) -> None:
        from tui.core.replay import ReplayError, save_as_routine
        from tui.core.saving import RoutineExists, SaveRefused

        session = self.current()
        detail = self._detail_of(session) if session is not None else None
        if detail is None:
            return
        try:
            path = save_as_routine(detail, replace=replace)
        except RoutineExists as exc:

            def answered(yes: bool | None) -> None:
                if yes:
                    self.action_save_routine(replace=True)

            self.app.push_screen(
                ConfirmScreen(f"{exc.path.name} already exists. Replace it?", yes="replace"),
                callback=answered,
            )
            return
        except (ReplayError, SaveRefused, OSError) as exc:
            self.notify(str(exc), title="not saved", severity="warning", timeout=8, markup=False)
            return
        self.notify(
            f"Saved as {path.stem}, in {path.parent}.", title="saved as a routine", markup=False
        )

    def action_delete(self) -> None:
        session = self.current()
        if session is None or self.store is None:
            return
        row = self.query_one("#sessions", RowTable).cursor_row
        question = (
            f"Delete the session of {session.routine_name} on "
            f"{session.started:%d %b %Y at %H:%M}? This cannot be undone."
        )

        def answered(yes: bool | None) -> None:
            if not yes:
                return

            def deleted(_: object) -> None:
                if self.is_attached:
                    self.reload(keep=row)

            self.unknot_app.write_history(
                lambda store: store.delete_session(session.id),
                what="nothing was deleted",
                done=deleted,
            )

        self.app.push_screen(ConfirmScreen(question, yes="delete", no="keep"), callback=answered)

    def action_back(self) -> None:
        self.dismiss(None)
