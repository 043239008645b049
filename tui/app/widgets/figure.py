"""The picture of the pose in the player: a step's figure, beside or under the countdown.

The countdown keeps the size it would have without a picture: the figure only gets the room the
countdown's block digits leave over, either the columns beside them (a standing figure, tall and
narrow) or the lines under them (a figure lying down, wide and low), whichever draws it bigger.
A terminal under 100×30 shows no figure. The drawing itself is tui.core.figures; a pane draws
only when its figure, side or size changes, so a second of a hold costs the figure nothing.

During get-ready, a switch or a rest the figure is the coming hold's (mirrored for its side); a
step at your own pace (manual) shows its figure in the countdown's place.
"""

from __future__ import annotations

from textual.containers import Horizontal
from textual.content import Content
from textual.events import Resize
from textual.geometry import Size
from textual.widgets import Static

from tui.app.widgets.countdown import best_scale, block_height, block_width
from tui.app.widgets.repaint import SteadyLines, SteadyVertical
from tui.core import figures
from tui.core.durations import format_clock
from tui.core.figures.draw import fit
from tui.core.player_records import LiveSegment

MIN_TERMINAL = Size(100, 30)  # below this a figure would crowd the countdown and the words
MIN_PANE = Size(8, 4)  # cells: smaller than this, a figure is dots, not a pose
COUNTDOWN_MARGIN = 2  # the countdown's own margin, one line above and one below
PANE_PADDING = 2  # one column each side of a pane

# What the band shows: a figure's name and side, and the clock texts the countdown may show.
Shown = tuple[str, str | None, tuple[str, ...], bool]


def figure_for(current: LiveSegment, coming: LiveSegment | None) -> tuple[str, str | None]:
    """The figure to show now and its side: the hold's own during a hold or a manual step, the
    coming hold's while getting ready for it ("" when that step names none)."""
    segment = current
    if current.kind not in ("hold", "manual") and coming is not None:
        segment = coming
    return segment.played.step.figure, segment.side


def clock_texts(seconds: float) -> tuple[str, ...]:
    """Every width of text the countdown shows in a segment `seconds` long: its start, and each
    point where a digit drops off (10:00 → 9:59), so no second of it may lose size to a figure."""
    length = int(seconds + 0.999)
    marks = {0, 59, 599, 3599, 35999, length}
    return tuple(sorted({format_clock(mark) for mark in marks if mark <= length}, key=len))


def room_beside(band: Size, texts: tuple[str, ...]) -> int:
    """Columns beside the countdown that a figure may take without shrinking its digits."""
    height = band.height - COUNTDOWN_MARGIN
    scales = [best_scale(text, Size(band.width, height)) for text in texts]
    if not texts or 0 in scales:
        return 0  # Digits' small figures: no room to spare
    return band.width - max(block_width(t, s) for t, s in zip(texts, scales, strict=True))


def room_under(band: Size, texts: tuple[str, ...]) -> int:
    """Lines under the countdown that a figure may take without shrinking its digits."""
    height = band.height - COUNTDOWN_MARGIN
    scales = [best_scale(text, Size(band.width, height)) for text in texts]
    if not texts or 0 in scales:
        return 0
    return height - max(block_height(s) for s in scales)


def placement(figure: str, band: Size, texts: tuple[str, ...]) -> tuple[str, int]:
    """("side", columns), ("under", lines), or ("", 0): where the figure draws biggest."""
    drawn = figures.get(figure)
    beside = room_beside(band, texts)
    under = room_under(band, texts)
    side_size = Size(beside - PANE_PADDING, band.height)
    under_size = Size(band.width - PANE_PADDING, under)
    options = [
        (fit(drawn, size.width, size.height), name, room)
        for name, room, size in (("side", beside, side_size), ("under", under, under_size))
        if size.width >= MIN_PANE.width and size.height >= MIN_PANE.height
    ]
    if not options:
        return "", 0
    _, name, room = max(options)
    return name, room


class FigurePane(SteadyLines, Static):
    """One place a figure can be drawn; draws it at its own size, once per change."""

    DEFAULT_CSS = """
    FigurePane {
        display: none;
        padding: 0 1;
        color: $foreground;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.figure: tuple[str, str | None] = ("", None)
        self._drawn: tuple[str, str | None, Size] | None = None
        self.draws = 0  # how many times it has drawn: once per step, never per second

    def show(self, figure: str, side: str | None) -> None:
        self.figure = (figure, side)
        self._draw()

    def on_resize(self, event: Resize) -> None:
        self._draw()

    def _draw(self) -> None:
        name, side = self.figure
        size = self.content_size
        if not name or not self.display or size.width <= 0 or size.height <= 0:
            return
        key = (name, side, size)
        if key == self._drawn:
            return
        self._drawn = key
        self.draws += 1
        lines = figures.draw(name, size.width, size.height, side)
        self.update(Content("\n".join(lines)))


class FigureBand(SteadyVertical):
    """The countdown's row (the countdown and the pane beside it) and the pane under it; told
    each second what the player shows, it moves only when the figure, side or room changes."""

    def __init__(self, *children: Horizontal | FigurePane, id: str | None = None) -> None:
        super().__init__(*children, id=id)
        self._shown: Shown = ("", None, (), False)
        self._placed: tuple[Shown, Size, Size] | None = None

    def follow(self, current: LiveSegment, coming: LiveSegment | None) -> None:
        """Show the figure for `current` (see figure_for); a no-op when nothing changed."""
        name, side = figure_for(current, coming)
        waiting = current.kind == "manual"
        texts = () if waiting else clock_texts(current.length)
        shown: Shown = (name, side, texts, waiting)
        if shown != self._shown:
            self._shown = shown
            self._place()

    def on_resize(self, event: Resize) -> None:
        self._place()

    def _place(self) -> None:
        name, side, texts, waiting = self._shown
        screen = self.screen.size
        key = (self._shown, self.size, screen)
        if key == self._placed:
            return
        self._placed = key
        beside = self.query_one("#figure-side", FigurePane)
        under = self.query_one("#figure-under", FigurePane)
        big_enough = screen.width >= MIN_TERMINAL.width and screen.height >= MIN_TERMINAL.height
        where, room = "", 0
        if name and big_enough:
            if waiting:
                where, room = "waiting", self.size.height
            else:
                where, room = placement(name, self.size, texts)
        self.set_class(bool(where), "-drawn")
        beside.display = where == "side"
        under.display = where in ("under", "waiting")
        if where == "side":
            beside.styles.width = room
        elif where == "under":
            under.styles.height = room
        elif where == "waiting":
            under.styles.height = "1fr"
        for pane in (beside, under):
            pane.show(name if pane.display else "", side)
