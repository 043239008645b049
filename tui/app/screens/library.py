"""The library: every routine with its length, filters, details, and the files with problems.

Filtering is decided by `matches` (pure, tested without a screen); the screen only gathers the
filter values from its inputs and re-fills the table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Input, Static

from tui.app.commands import KeyCommands
from tui.app.host import UnknotScreen
from tui.app.keys import LIBRARY_KEYS
from tui.app.screens.library_texts import problems_text, timeline_text, timelines_of, today_text
from tui.app.settings import remapped_words
from tui.app.widgets.body_map import BodyMap
from tui.app.widgets.key_footer import KeyFooter
from tui.app.widgets.row_table import RowTable
from tui.core.durations import format_clock
from tui.core.visible import visible
from tui.core.vocabulary import AREAS

if TYPE_CHECKING:
    from tui.core.history import HistoryStore
    from tui.core.library import Library
    from tui.core.routine import Routine
    from tui.core.timeline import Timeline

AREA_CHOICES: tuple[str | None, ...] = (None, *AREAS)
LENGTH_CHOICES: tuple[int | None, ...] = (None, 3, 5, 10, 15, 20, 30)
# Group headings in the table: keys no routine id can have (ids are lowercase words and dashes).
FAVOURITES_ROW, OTHERS_ROW = "§favourites", "§others"


@dataclass(frozen=True, slots=True)
class Filter:
    text: str = ""
    area: str | None = None
    max_minutes: int | None = None


def matches(routine: Routine, planned_seconds: float, wanted: Filter) -> bool:
    """Typing matches any word of the name, summary, areas, equipment or tags."""
    if wanted.area and wanted.area not in routine.areas:
        return False
    if wanted.max_minutes is not None and planned_seconds > wanted.max_minutes * 60:
        return False
    haystack = " ".join(
        (
            routine.id,
            routine.name,
            routine.summary,
            *routine.areas,
            *routine.equipment,
            *routine.tags,
        )
    ).lower()
    return all(word in haystack for word in wanted.text.lower().split())


def length_label(timeline: Timeline) -> str:
    label = format_clock(timeline.planned_seconds)
    if timeline.manual_steps:
        label += f" + {timeline.manual_steps} manual"
    return label


class FavouritesRead(Message):
    """The starred routine ids, read from the history by a thread worker."""

    def __init__(self, favourites: list[str]) -> None:
        super().__init__()
        self.favourites = favourites


class LibraryScreen(UnknotScreen[None]):
    """The first screen: choose a routine; Enter plays it."""

    BINDINGS = list(LIBRARY_KEYS)
    KEYS = LIBRARY_KEYS
    # The list has the focus from the start (not the filter, Textual's first focusable widget,
    # and then the list): the footer is then built once with the keys in force, not twice.
    AUTO_FOCUS = "#routines"
    COMMANDS = {KeyCommands}

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self.area: str | None = None
        self.max_minutes: int | None = None
        self._shown_first_frame = False
        self.favourites: list[str] = []  # starred routine ids, read after the first frame
        self._stars_writing = 0  # stars given here and not yet written: a read then is stale
        self._details: tuple[BodyMap, Static, Static, Static] | None = None  # built when needed
        self.timelines = timelines_of(library)

    def _key(self, binding_id: str, default: str) -> str:
        """The key config.toml's [keys] gives a binding, as this screen's own words name it."""
        return remapped_words(self.app, LIBRARY_KEYS).get(binding_id, default)

    def compose(self) -> ComposeResult:
        # A one-line title and key-cycled filters instead of Header and Select widgets: the
        # library is the first frame people wait for, and these are far cheaper to draw.
        yield Static(self._title_text(), id="library-title")
        with Horizontal(id="filters"):
            yield Input(
                placeholder=f"{self._key('library.filter', '/')} type to filter"
                " (name, area, equipment…)",
                id="filter-text",
            )
            yield Static(id="filter-chips")
        with Horizontal(id="library-body"):
            with Vertical(id="library-list"):
                yield Static(today_text(self._key("library.today", "t")), id="today-entry")
                yield RowTable(id="routines", zebra_stripes=True)
                yield Static(self._problems_text(), id="problems")
            # Its parts are built when there is first something to show (_details_parts):
            # after the first frame, which then has some 5 ms less to draw.
            yield VerticalScroll(id="details")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one("#routines", RowTable)
        table.add_columns("Routine", "Length", "Level", "Areas", "Equipment")
        self.query_one("#problems", Static).display = bool(self.library.broken)
        self._refill()
        table.focus()
        # The details pane fills in right after the first frame, which then comes sooner.
        self.call_after_refresh(self._first_frame_shown)

    def _first_frame_shown(self) -> None:
        if self._shown_first_frame:
            return
        if not self.is_current:
            # Covered at once (`unknot play`: the player is the first frame people wait for):
            # the favourites and details are filled in when the library is first shown.
            return
        self._shown_first_frame = True
        if self.unknot_app.library_ready:  # else once it is read (take_library), not beside it
            self._show_details(self.selected())
            self._read_favourites()

    def _read_favourites(self) -> None:
        # Opening the history imports SQLite and may wait for another process's lock: a thread
        # reads the stars, and the favourites group fills in when they come (issue 11's rule).
        self.run_worker(self._favourites_from_thread, thread=True, group="favourites")

    def _favourites_from_thread(self) -> None:
        store = self.unknot_app.history_from_thread()
        try:
            favourites = store.favourite_routines() if store is not None else []
        except Exception:  # the history is a help, not a must
            favourites = []
        self.post_message(FavouritesRead(favourites))

    def on_favourites_read(self, message: FavouritesRead) -> None:
        if self._stars_writing:  # read before a star given here: the read after it will come
            return
        if message.favourites != self.favourites:
            self.favourites = message.favourites
            self._refill()
            self._show_details(self.selected())

    # ---- filling -------------------------------------------------------------------------------
    def _current_filter(self) -> Filter:
        return Filter(
            text=self.query_one("#filter-text", Input).value,
            area=self.area,
            max_minutes=self.max_minutes,
        )

    def take_library(self, library: Library) -> None:
        """The library, read after the first frame (tui/app/library_reading.py): list it."""
        self.library = library
        self.timelines = timelines_of(library)
        self.query_one("#library-title", Static).update(self._title_text())
        problems = self.query_one("#problems", Static)
        problems.update(self._problems_text())
        problems.display = bool(library.broken)
        self._refill()
        if self._shown_first_frame:
            self._show_details(self.selected())
            self._read_favourites()

    def _title_text(self) -> Text:
        text = Text(" unknot", style="bold")
        if not self.unknot_app.library_ready:
            text.append("  ·  reading routines…")
            return text
        count = len(self.library.routines)
        text.append(f"  ·  {count} routine{'s' if count != 1 else ''}")
        if self.library.broken:
            text.append(f"  ·  {len(self.library.broken)} with problems", style="bold")
        return text

    def _chips_text(self) -> Text:
        text = Text()
        text.append("a", style="bold reverse")
        text.append(f" area: {(self.area or 'any').replace('-', ' ')}   ")
        text.append("l", style="bold reverse")
        text.append(f" length: {f'up to {self.max_minutes} min' if self.max_minutes else 'any'}")
        return text

    def _refill(self) -> None:
        table = self.query_one("#routines", RowTable)
        wanted = self._current_filter()
        self.query_one("#filter-chips", Static).update(self._chips_text())
        table.clear()
        shown = [
            routine
            for routine in self.library.routines.values()
            if (timeline := self.timelines.get(routine.id)) is not None
            and matches(routine, timeline.planned_seconds, wanted)
        ]
        starred = [r for r in shown if r.id in self.favourites]
        starred.sort(key=lambda r: self.favourites.index(r.id))
        if starred:
            table.add_row(Text("★ Favourites", style="bold"), key=FAVOURITES_ROW)
            for routine in starred:
                self._add_routine_row(table, routine, "★ ")
            table.add_row(Text("All routines", style="bold"), key=OTHERS_ROW)
        for routine in shown:
            if routine.id not in self.favourites:
                self._add_routine_row(table, routine)
        if not shown:
            if self._shown_first_frame:  # else the first frame's own call says it
                self._show_details(None)
        elif starred:
            table.move_cursor(row=1, animate=False)

    def _add_routine_row(self, table: RowTable, routine: Routine, mark: str = "") -> None:
        timeline = self.timelines[routine.id]
        table.add_row(
            mark + routine.name,
            length_label(timeline),
            routine.level,
            ", ".join(a.replace("-", " ") for a in routine.areas),
            ", ".join(routine.equipment) or "none",
            key=routine.id,
        )

    def _problems_text(self) -> Text:
        return problems_text(self.library)

    def _details_parts(self) -> tuple[BodyMap, Static, Static, Static]:
        """The details pane's body map, facts, text and timeline, built the first time. Kept
        here, not looked up: an app already closing (q at once, a signal) mounts nothing, and
        what is written to them then is simply not shown."""
        if self._details is None:
            self._details = (
                BodyMap(id="body-map"),
                Static(id="details-facts"),
                Static(id="details-text"),
                Static(id="details-timeline"),
            )
            self.query_one("#details", VerticalScroll).mount_all(self._details)
        return self._details

    def _show_details(self, routine: Routine | None) -> None:
        body, facts, details, timeline_view = self._details_parts()
        if routine is None:
            details.update("No routine matches the filter.")
            facts.update("")
            timeline_view.update("")
            body.areas = ()
            return
        timeline = self.timelines[routine.id]
        text = Text()
        text.append(visible(routine.name) + "\n", style="bold")
        text.append(visible(routine.summary) + "\n\n")
        if routine.description:
            text.append(visible(routine.description.strip(), multiline=True) + "\n\n")
        if routine.caution:
            text.append("Caution: ", style="bold")
            text.append(visible(routine.caution.strip(), multiline=True) + "\n")
        source = "bundled" if routine.bundled else f"yours: {visible(str(routine.path))}"
        if routine.id in self.library.shadowed:
            source += " (in place of the bundled one)"
        fact_text = Text()
        for label, value in (
            ("length", length_label(timeline)),
            ("level", routine.level),
            ("equipment", ", ".join(routine.equipment) or "none"),
            ("source", source),
        ):
            fact_text.append(f"{label:<10} ", style="dim")
            fact_text.append(f"{value}\n")
        facts.update(fact_text)
        details.update(text)
        body.areas = routine.areas
        timeline_view.update(timeline_text(timeline))

    # ---- events --------------------------------------------------------------------------------
    @on(Input.Changed, "#filter-text")
    def _filters_changed(self) -> None:
        self._refill()

    @on(RowTable.Highlighted, "#routines")
    def _highlighted(self, event: RowTable.Highlighted) -> None:
        if not self._shown_first_frame:
            return
        key = event.key if isinstance(event.key, str) else None
        if key in (FAVOURITES_ROW, OTHERS_ROW):
            self._show_group(key)
            return
        self._show_details(self.library.get(key) if key else None)

    def _show_group(self, key: str) -> None:
        words = (
            f"Your favourites: {self._key('library.star', 'f')} on a routine stars it or takes it"
            " out."
            if key == FAVOURITES_ROW
            else "Every other routine."
        )
        body, facts, details, timeline_view = self._details_parts()
        details.update(Text(words))
        facts.update("")
        timeline_view.update("")
        body.areas = ()

    def action_cycle_area(self, step: int) -> None:
        position = AREA_CHOICES.index(self.area)
        self.area = AREA_CHOICES[(position + step) % len(AREA_CHOICES)]
        self._refill()

    def action_cycle_length(self, step: int) -> None:
        position = LENGTH_CHOICES.index(self.max_minutes)
        self.max_minutes = LENGTH_CHOICES[(position + step) % len(LENGTH_CHOICES)]
        self._refill()

    @on(Input.Submitted, "#filter-text")
    def _filter_submitted(self) -> None:
        self.query_one("#routines", RowTable).focus()

    def selected(self) -> Routine | None:
        table = self.query_one("#routines", RowTable)
        key = table.cursor_key
        return self.library.get(key) if isinstance(key, str) else None

    def action_play(self) -> None:
        if isinstance(self.focused, Input):
            self.query_one("#routines", RowTable).focus()
            return
        routine = self.selected()
        if routine is not None:
            self.unknot_app.open_player(routine, ask_tension=True)

    def action_new_routine(self) -> None:
        self.unknot_app.open_builder(done=self.routines_changed)

    def action_duplicate_routine(self) -> None:
        routine = self.selected()
        if routine is not None:
            self.unknot_app.open_builder(routine, duplicate=True, done=self.routines_changed)

    def action_edit_routine(self) -> None:
        routine = self.selected()
        if routine is not None:
            self.unknot_app.open_builder(routine, done=self.routines_changed)

    def routines_changed(self, saved: Routine | None = None) -> None:
        """The builder saved a routine: list it (with its new length) and show it."""
        from tui.core.timeline import IncludeError

        if saved is None:
            return
        try:
            self.timelines[saved.id] = self.library.timeline(saved)
        except IncludeError:
            return
        self._refill()
        table = self.query_one("#routines", RowTable)
        if saved.id in table:  # else a filter hides it: the list is right as it is
            table.move_cursor(row=table.get_row_index(saved.id))

    def action_star(self) -> None:
        """Star the routine under the cursor, or take its star away; it moves between groups
        and the cursor goes with it. Shown at once; the app's history writer saves it off the
        loop, and the star is taken back, with a notice, if that fails."""
        routine = self.selected()
        if routine is None:
            return
        starred = routine.id not in self.favourites
        self._mark(routine.id, starred)
        self._stars_writing += 1

        def work(store: HistoryStore) -> None:
            store.star_routine(routine.id, starred)

        def written(_: object) -> None:
            self._stars_writing -= 1
            if not self._stars_writing:  # the stars as they are now, a read given before lost
                self._read_stars()

        def failed(exc: Exception) -> None:
            if (routine.id in self.favourites) == starred:  # nothing newer was asked
                self._mark(routine.id, not starred)
            written(None)

        self.unknot_app.write_history(
            work, what="the star was not saved", done=written, failed=failed
        )

    def _read_stars(self) -> None:
        """The favourites read again by the app's history writer, after the writes before it."""
        self.unknot_app.write_history(
            lambda store: FavouritesRead(store.favourite_routines()),
            what="",
            done=self.on_favourites_read,
        )

    def _mark(self, routine_id: str, starred: bool) -> None:
        """Show `routine_id` starred or not (newest star on top, as the history orders them)."""
        rest = [r for r in self.favourites if r != routine_id]
        self.favourites = [routine_id, *rest] if starred else rest
        if not self.is_attached:
            return
        self._refill()
        table = self.query_one("#routines", RowTable)
        if routine_id in table:
            table.move_cursor(row=table.get_row_index(routine_id), animate=False)

    def action_today(self) -> None:
        self.unknot_app.open_today(done=self.routines_changed)

    @on(events.Click, "#today-entry")
    def _today_clicked(self) -> None:
        self.action_today()

    def action_history(self) -> None:
        self.unknot_app.open_history()

    def on_screen_resume(self) -> None:
        # Back from the history or a session: a star given there shows here. Read by the app's
        # history writer, after any star it still has to write (the file may be locked).
        if not self._shown_first_frame:
            if self.is_mounted:  # covered at once until now: its first frame is this one
                self.call_after_refresh(self._first_frame_shown)
            return
        self.unknot_app.write_history(
            lambda store: FavouritesRead(store.favourite_routines()),
            what="",
            done=self.on_favourites_read,
        )

    def action_help(self) -> None:
        from tui.app.screens.help import HelpScreen

        self.app.push_screen(HelpScreen("library keys", LIBRARY_KEYS))

    def action_focus_filter(self) -> None:
        self.query_one("#filter-text", Input).focus()

    def action_clear_filter(self) -> None:
        self.query_one("#filter-text", Input).value = ""
        self.query_one("#routines", RowTable).focus()
