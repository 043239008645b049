"""Today's check-in: where it is tight, how tight, and how many minutes there are.

A person opening unknot usually knows these three things and nothing about which routine fits
them; this screen asks only those, and hands them on as `CheckInAnswers` for the composer
(tui/core/compose.py) to turn into a routine (the preview, then the player, follow:
tui/app/today_flow.py). An area is picked on the body
map (or typed by name), rated 0–10 as the tension question rates (digits, "1 0" for 10, the
arrows), or picked without a rating (one key): a rating is always one somebody gave. The minutes
are one of the usual lengths or typed. Beside the area under the cursor stands what the history
last said of it ("last 6/10 on 3 Dec · not easing"), which is what a person rates against.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Input, Static

from tui.app.commands import KeyCommands
from tui.app.host import UnknotScreen
from tui.app.screens.rating import RatingEntry, RatingScale
from tui.app.settings import remapped_words
from tui.app.shown import shown
from tui.app.today_keys import CHECKIN_KEYS
from tui.app.widgets.area_picker import MAP_AREAS, AreaPicker, area_words, rating_words
from tui.app.widgets.key_footer import KeyFooter
from tui.core.compose import MAX_MINUTES, MIN_MINUTES, CheckIn, ComposeError
from tui.core.routine import AREAS
from tui.core.typed_reads import close_match

MINUTE_CHOICES: tuple[int, ...] = (5, 10, 15, 20, 30)
DEFAULT_MINUTES = 10


@dataclass(frozen=True, slots=True)
class CheckInAnswers:
    """What the check-in found: each tight area with its rating (None: picked, not rated), in
    the order of AREAS, and the minutes there are."""

    ratings: tuple[tuple[str, int | None], ...]
    minutes: float  # whole minutes here; `unknot today --minutes 7.5` may give a part

    @property
    def areas(self) -> tuple[str, ...]:
        return tuple(area for area, _ in self.ratings)

    @property
    def unrated(self) -> tuple[str, ...]:
        return tuple(area for area, rating in self.ratings if rating is None)

    def checkin(self, day: date, variant: int = 0) -> CheckIn:
        """The composer's check-in (an area picked without a number is composed as a middle
        one, and keeps no rating in the history). ComposeError when it cannot be composed."""
        rated = {area: rating for area, rating in self.ratings if rating is not None}
        return CheckIn.of(rated, self.minutes, day, variant, unrated=self.unrated)


def answers_of(picked: Mapping[str, int | None], minutes: float) -> CheckInAnswers:
    """The answers of the areas picked, in a fixed order (the same picks make the same ones)."""
    return CheckInAnswers(tuple((area, picked[area]) for area in AREAS if area in picked), minutes)


def area_named(text: str) -> str | None:
    """The area a person typed: `lower back`, `Lower-Back`, `low` (the start of one name) or a
    near spelling (`sholders`); None when nothing is close or several are (`back`)."""
    word = "-".join(text.lower().replace("-", " ").split())
    if not word:
        return None
    if word in AREAS:
        return word
    starting = [area for area in MAP_AREAS if area.startswith(word)]
    if len(starting) == 1:
        return starting[0]
    if starting or any(word in area.split("-") for area in AREAS):
        return None  # "back" is three areas: the person says which
    return close_match(word, AREAS)


def minutes_from(text: str) -> int | None:
    """Typed minutes, if they are a whole number in the range the composer can fill."""
    text = text.strip()
    if not text.isascii() or not text.isdigit():
        return None
    minutes = int(text)
    return minutes if MIN_MINUTES <= minutes <= MAX_MINUTES else None  # the composer's range


def next_minutes(minutes: float, step: int) -> int:
    """The usual length after (step 1) or before (step -1) `minutes`, going round at the ends; a
    typed length goes to the nearest usual one that way."""
    if minutes in MINUTE_CHOICES:
        return MINUTE_CHOICES[(MINUTE_CHOICES.index(minutes) + step) % len(MINUTE_CHOICES)]
    if step > 0:
        return next((m for m in MINUTE_CHOICES if m > minutes), MINUTE_CHOICES[0])
    return next((m for m in reversed(MINUTE_CHOICES) if m < minutes), MINUTE_CHOICES[-1])


def minutes_content(minutes: float) -> Content:
    """`5 10 [15] 20 30`: the usual lengths with the chosen one reversed (or the typed one)."""
    parts: list[str | tuple[str, str]] = []
    for choice in MINUTE_CHOICES:
        text = f" {choice} "
        parts.append((text, "reverse bold") if choice == minutes else text)
    if minutes not in MINUTE_CHOICES:
        parts.append("  ")
        parts.append((f" {minutes:g} ", "reverse bold"))
    parts.append(" minutes")
    return Content.assemble(*parts)


def picked_words(picked: Mapping[str, int | None], minutes: float) -> str:
    """`lower back 7/10, neck – · 15 minutes`, or what is missing."""
    if not picked:
        return f"No area picked yet · {minutes:g} minutes"
    areas = ", ".join(
        f"{area_words(area)} {rating_words(picked[area])}" for area in AREAS if area in picked
    )
    return f"Tight today: {areas} · {minutes:g} minutes"


class CheckInScreen(UnknotScreen[CheckInAnswers | None]):
    """Dismissed with the check-in (Enter, once an area is picked) or None (Esc)."""

    CSS_PATH = "checkin.tcss"
    BINDINGS = list(CHECKIN_KEYS)
    KEYS = CHECKIN_KEYS
    COMMANDS = {KeyCommands}

    def __init__(
        self,
        previous: CheckInAnswers | None = None,
        today: date | None = None,
        notes: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.today = today or date.today()
        self.notes = dict(notes or {})  # what the history says of each area ("last 6/10 …")
        self.picked: dict[str, int | None] = dict(previous.ratings) if previous else {}
        self.entries = {area: RatingEntry(self.picked.get(area)) for area in AREAS}
        self.minutes: float = previous.minutes if previous else DEFAULT_MINUTES
        self.cursor = (
            MAP_AREAS.index(previous.ratings[0][0]) if previous and previous.ratings else 0
        )

    def compose(self) -> ComposeResult:
        yield Static(" Today · where is it tight, and how long have you got?", id="checkin-title")
        with Horizontal(id="checkin-body"):
            with Vertical(id="checkin-map") as box:
                box.border_title = "where it is tight"
                yield AreaPicker(id="areas")
            with Vertical(id="checkin-side"):
                yield Static(id="checkin-area")
                yield Static(id="checkin-area-keys")
                yield Input(
                    placeholder=f"{self._key('checkin.name', '/')} an area by name",
                    id="checkin-name",
                )
                yield Static(id="checkin-minutes-chips")
                yield Input(
                    placeholder=f"{self._key('checkin.minutes', 'm')} to type the minutes",
                    restrict=r"[0-9]*",
                    max_length=3,
                    id="checkin-minutes",
                )
        yield RatingScale(id="checkin-scale")
        yield Static(id="checkin-picked")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._show()
        self.query_one(AreaPicker).focus()

    @property
    def answers(self) -> CheckInAnswers:
        return answers_of(self.picked, self.minutes)

    @property
    def area(self) -> str:
        """The area under the cursor."""
        return MAP_AREAS[self.cursor]

    # ---- showing -------------------------------------------------------------------------------
    def _key(self, binding_id: str, default: str) -> str:
        """The key that config.toml's [keys] gives a binding, as the lines here name it (the
        default wording when nobody moved it)."""
        return remapped_words(self.app, CHECKIN_KEYS).get(binding_id, default)

    def _show(self) -> None:
        self.query_one(AreaPicker).show(self.cursor, self.picked)
        area = self.area
        pick, skip = self._key("checkin.pick", "space"), self._key("checkin.skip", "s")
        arrows = f"{self._key('checkin.less', '←')} {self._key('checkin.more', '→')}"
        head = Content.assemble((area_words(area).capitalize(), "bold"), " · ")
        if area in self.picked:
            rating = self.picked[area]
            said = "tight, not rated" if rating is None else f"tight, {rating}/10"
            keys = f"0–10 or {arrows} rate it · {skip} takes the rating back · {pick} unpicks it"
        else:
            said = "not picked"
            keys = f"{pick} picks it · 0–10 picks and rates it · {skip} picks it unrated"
        said_here = head + Content(said)
        if area in self.notes:
            said_here += Content("\n") + Content.styled(self.notes[area], "dim")
        self.query_one("#checkin-area", Static).update(said_here)
        self.query_one("#checkin-scale", RatingScale).show(self.picked.get(area))
        self.query_one("#checkin-area-keys", Static).update(shown(keys))
        self.query_one("#checkin-minutes-chips", Static).update(minutes_content(self.minutes))
        self.query_one("#checkin-picked", Static).update(picked_words(self.picked, self.minutes))

    # ---- the map -------------------------------------------------------------------------------
    def action_move(self, step: int) -> None:
        if self.focused is self.query_one("#checkin-minutes", Input):
            self._set_minutes(next_minutes(self.minutes, -step), typed=True)  # ↑ is more
            return
        self.cursor = (self.cursor + step) % len(MAP_AREAS)
        self._show()

    def action_pick(self) -> None:
        if self.area in self.picked:
            del self.picked[self.area]
            self.entries[self.area].clear()
        else:
            self.picked[self.area] = self.entries[self.area].value
        self._show()

    def action_rate(self, digit: int) -> None:
        self.picked[self.area] = self.entries[self.area].digit(digit)
        self._show()

    def action_nudge(self, step: int) -> None:
        self.picked[self.area] = self.entries[self.area].nudge(step)
        self._show()

    def action_skip_rating(self) -> None:
        self.entries[self.area].clear()
        self.picked[self.area] = None
        self._show()

    @on(AreaPicker.Clicked)
    def _clicked(self, event: AreaPicker.Clicked) -> None:
        self.cursor = event.row
        self.action_pick()

    # ---- by name -------------------------------------------------------------------------------
    def action_by_name(self) -> None:
        self.query_one("#checkin-name", Input).focus()

    @on(Input.Changed, "#checkin-name")
    def _name_typed(self, event: Input.Changed) -> None:
        area = area_named(event.value)
        if area is not None:
            self.cursor = MAP_AREAS.index(area)
            self._show()

    @on(Input.Submitted, "#checkin-name")
    def _name_submitted(self, event: Input.Submitted) -> None:
        if not event.value.strip():
            self.query_one(AreaPicker).focus()
            return
        area = area_named(event.value)
        if area is None:
            self.notify(
                f"No area is called “{event.value.strip()}”: "
                + ", ".join(area_words(a) for a in MAP_AREAS),
                severity="warning",
            )
            return
        self.cursor = MAP_AREAS.index(area)
        self.picked.setdefault(area, self.entries[area].value)
        event.input.value = ""
        self.query_one(AreaPicker).focus()
        self._show()

    # ---- minutes -------------------------------------------------------------------------------
    def action_minutes(self, step: int) -> None:
        self._set_minutes(next_minutes(self.minutes, step))

    def action_type_minutes(self) -> None:
        field = self.query_one("#checkin-minutes", Input)
        field.value = f"{self.minutes:g}"
        field.focus()

    def _set_minutes(self, minutes: int, typed: bool = False) -> None:
        self.minutes = minutes
        if typed:
            self.query_one("#checkin-minutes", Input).value = str(minutes)
        self._show()

    @on(Input.Changed, "#checkin-minutes")
    def _minutes_typed(self, event: Input.Changed) -> None:
        minutes = minutes_from(event.value)
        if minutes is not None and minutes != self.minutes:
            self.minutes = minutes
            self._show()

    @on(Input.Submitted, "#checkin-minutes")
    def _minutes_submitted(self, event: Input.Submitted) -> None:
        if event.value.strip() and minutes_from(event.value) is None:
            self.notify(
                f"Minutes are a whole number from {MIN_MINUTES:g} to {MAX_MINUTES:g}.",
                severity="warning",
            )
            return
        event.input.value = ""
        self.query_one(AreaPicker).focus()

    # ---- leaving -------------------------------------------------------------------------------
    def action_compose(self) -> None:
        if not self.picked:
            self.notify(
                f"Pick at least one area first: {self._key('checkin.pick', 'space')} on the map,"
                " or a number to rate it.",
                severity="warning",
            )
            return
        try:
            self.answers.checkin(self.today)
        except ComposeError as exc:
            self.notify(f"Not yet: {exc}.", severity="warning")
            return
        self.dismiss(self.answers)

    def action_back(self) -> None:
        if isinstance(self.focused, Input):
            self.focused.value = ""
            self.query_one(AreaPicker).focus()
            return
        self.dismiss(None)

    def action_help(self) -> None:
        from tui.app.screens.help import HelpScreen

        self.app.push_screen(HelpScreen("check-in keys", CHECKIN_KEYS))
