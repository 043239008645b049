"""The big countdown of the player: Textual's digits, grown to fit the room, plus the visual cue.

The countdown is the one thing a person glances at from the floor, two metres away, so it takes
the space the screen can give it: Digits' three-line figures when space is short (80×24 with long
instructions), and block figures drawn with half blocks (▀▄█) at the largest whole scale that fits
otherwise (a 200×60 terminal gets figures 15 lines tall). Either way it is m:ss (or h:mm:ss), and
it flashes on every cue: the flash is the cue that works muted, over SSH, or for someone who
cannot hear it. The widget knows nothing about the player; the screen tells it what to show.
"""

from __future__ import annotations

from functools import lru_cache

from rich.align import Align
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.segment import Segment
from rich.style import Style
from textual.app import ComposeResult
from textual.geometry import Region, Size
from textual.renderables.digits import Digits as DigitsRenderable
from textual.strip import Strip
from textual.timer import Timer
from textual.widget import Widget

from tui.app.widgets.repaint import SteadyLines, changed_regions, plain_lines
from tui.core.durations import format_clock

FLASH_SECONDS = 0.35
NO_COUNT = "-:--"  # a step at your own pace has nothing to count down
MAX_SCALE = 6

# A 3×5 pixel font ("#" on); ":" is one pixel wide. One pixel is `scale` columns by `scale`
# half-lines, which is close to square in most terminal fonts.
FONT: dict[str, tuple[str, ...]] = {
    "0": ("###", "#.#", "#.#", "#.#", "###"),
    "1": (".#.", "##.", ".#.", ".#.", "###"),
    "2": ("###", "..#", "###", "#..", "###"),
    "3": ("###", "..#", ".##", "..#", "###"),
    "4": ("#.#", "#.#", "###", "..#", "..#"),
    "5": ("###", "#..", "###", "..#", "###"),
    "6": ("###", "#..", "###", "#.#", "###"),
    "7": ("###", "..#", ".#.", ".#.", ".#."),
    "8": ("###", "#.#", "###", "#.#", "###"),
    "9": ("###", "#.#", "###", "..#", "###"),
    ":": (".", "#", ".", "#", "."),
    "-": ("...", "...", "###", "...", "..."),
}
FONT_ROWS = 5
HALF_BLOCKS = {(True, True): "█", (True, False): "▀", (False, True): "▄", (False, False): " "}


def clock_text(seconds: int | None) -> str:
    """What the digits show: `m:ss`, `h:mm:ss`, or `-:--` when there is nothing to count."""
    return NO_COUNT if seconds is None else format_clock(seconds)


def block_pixels(text: str) -> int:
    """Pixels across `text` in block figures: glyphs one pixel apart."""
    return sum(len(FONT[ch][0]) for ch in text) + max(0, len(text) - 1)


def block_width(text: str, scale: int) -> int:
    """Columns of `text` in block figures at `scale`."""
    return block_pixels(text) * scale


def block_height(scale: int) -> int:
    """Lines of block figures: five pixels of `scale` half-lines each, rounded up."""
    return -(-FONT_ROWS * scale // 2)


def best_scale(text: str, size: Size) -> int:
    """The largest block scale (2 and up) that fits `size`; 0 means use Digits' 3-line figures,
    which are as readable as a 1× block font and smaller."""
    if any(ch not in FONT for ch in text):
        return 0
    pixels = block_pixels(text)
    for scale in range(MAX_SCALE, 1, -1):
        if pixels * scale <= size.width and block_height(scale) <= size.height:
            return scale
    return 0


class BlockDigits:
    """A Rich renderable of `text` in block figures at `scale`."""

    def __init__(self, text: str, scale: int, style: Style) -> None:
        self.text = text
        self.scale = scale
        self.style = style

    def pixel_rows(self) -> list[list[bool]]:
        """Half-line rows of pixels, each `scale` times the font's."""
        rows: list[list[bool]] = []
        for font_row in range(FONT_ROWS):
            row: list[bool] = []
            for position, ch in enumerate(self.text):
                if position:
                    row.extend([False] * self.scale)
                for pixel in FONT[ch][font_row]:
                    row.extend([pixel == "#"] * self.scale)
            rows.extend([row] * self.scale)
        if len(rows) % 2:
            rows.append([False] * len(rows[0]))
        return rows

    def lines(self) -> list[str]:
        rows = self.pixel_rows()
        return [
            "".join(HALF_BLOCKS[pair] for pair in zip(top, bottom, strict=True))
            for top, bottom in zip(rows[::2], rows[1::2], strict=True)
        ]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in self.lines():
            yield Segment(line, self.style)
            yield Segment.line()


def changed_columns(old: str, new: str, scale: int) -> tuple[int, int] | None:
    """The columns (start, end) of the block figures that differ between `old` and `new`, or
    None when the two are not drawn alike (another length or glyph width: draw it all)."""
    if len(old) != len(new) or any(ch not in FONT for ch in old + new):
        return None
    start = end = None
    x = 0
    for a, b in zip(old, new, strict=True):
        width = len(FONT[b][0]) * scale
        if len(FONT[a][0]) * scale != width:
            return None
        if a != b:
            start = x if start is None else start
            end = x + width
        x += width + scale
    return None if start is None or end is None else (start, end)


@lru_cache(maxsize=64)
def block_lines(text: str, scale: int) -> tuple[str, ...]:
    """The lines of `text` in block figures, worked out once per value and scale."""
    return tuple(BlockDigits(text, scale, Style()).lines())


Look = tuple[str, int, int, int]  # text, scale, blank columns to the left, blank columns after


@lru_cache(maxsize=64)
def look_lines(look: Look) -> tuple[str, ...]:
    """The block figures of `look` with their blank columns, line by line (scale 0: none)."""
    text, scale, left, gap = look
    if not scale or not text:
        return ()
    return tuple(" " * left + line + " " * gap for line in block_lines(text, scale))


@lru_cache(maxsize=64)
def look_changes(old: Look, new: Look) -> tuple[Region, ...]:
    """The regions that differ between two looks: a long hold's last figure goes through the
    same ten changes again and again, each worked out once."""
    return tuple(changed_regions(look_lines(old), look_lines(new)))


class Figures(SteadyLines, Widget):
    """A part of the countdown's line: `left` blank columns, `text` in block figures at `scale`,
    then `gap` blank columns; at scale 0, the whole text in Digits' three-line figures, centred.
    A new value repaints only the cells that changed."""

    DEFAULT_CSS = """
    Figures {
        width: auto;
        height: auto;
    }
    """

    def __init__(self, *, classes: str | None = None) -> None:
        super().__init__(classes=classes)
        self.look: Look = ("", 0, 0, 0)
        self._style: tuple[object, Style] | None = None
        self._strips: dict[tuple[str, Style], Strip] = {}  # see `_block_line`

    def lines(self) -> tuple[str, ...]:
        """The block figures with their blank columns, line by line (scale 0: none)."""
        return look_lines(self.look)

    def set(self, text: str, scale: int, left: int = 0, gap: int = 0) -> None:
        """Show `text`; only a change of size lays the countdown out again."""
        look = (text, scale, left, gap)
        if look == self.look:
            return
        old = self.look
        self.look = look
        if scale and self._size_of(old) == self._size_of(look):
            self.refresh(*look_changes(old, look))
            return
        self.refresh(layout=True)

    @staticmethod
    def _size_of(look: Look) -> tuple[int, int]:
        text, scale, left, gap = look
        if not text:
            return (0, 0)
        if not scale:
            return (-1, 3)  # as wide as the countdown
        return (left + block_width(text, scale) + gap, block_height(scale))

    def get_content_width(self, container: Size, viewport: Size) -> int:
        width = self._size_of(self.look)[0]
        return container.width if width < 0 else width

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self._size_of(self.look)[1]

    def _line_style(self) -> Style:
        """`rich_style` walks every ancestor's styles (about 0.1 ms): worked out again only when
        the theme or the countdown's classes (flash, paused) change, not for every line."""
        parent = self.parent
        key = (self.app.theme, parent.classes if isinstance(parent, Widget) else None)
        if self._style is None or self._style[0] != key:
            self._style = (key, self.rich_style)
        return self._style[1]

    def notify_style_update(self) -> None:
        self._style = None
        super().notify_style_update()

    def render(self) -> RenderableType:
        style = self.rich_style
        return Align(DigitsRenderable(self.look[0], style), "center", style)

    def render_line(self, y: int) -> Strip:
        """Block figures come from cached text, a line at a time (a second of a long hold is a
        few cells of a few lines); Digits' figures at scale 0 go through `render`."""
        if not self.look[1]:
            return super().render_line(y)
        return self._block_line(y, self.content_size.width, self._line_style())

    def _block_line(self, y: int, width: int, style: Style) -> Strip:
        """Line `y` of the block figures, `width` wide. A strip is kept for each line drawn
        (the last figure of a long hold goes through the same ten digits again and again), and
        with it the line filters' work on it."""
        lines = self.lines()
        text = lines[y].ljust(width)[:width] if 0 <= y < len(lines) else " " * width
        strip = self._strips.get((text, style))
        if strip is None:
            if len(self._strips) >= 256:
                self._strips.clear()
            # One segment for the whole line: each segment costs its own colour codes when drawn.
            strip = self._strips[text, style] = Strip([Segment(text, style)], width)
        return strip

    def draw_lines(self, crop: Region) -> list[Strip]:
        """Block figures' lines are whole and styled already (`render_line`), so Textual's
        styles are skipped for them (`plain_lines`); Digits' figures take Textual's way."""
        if not self.look[1]:
            return super().draw_lines(crop)
        width, style = self.content_size.width, self._line_style()
        return plain_lines(self, crop, lambda y: self._block_line(y, width, style))


class Countdown(SteadyLines, Widget):
    """Whole seconds left, as big as the room allows. `flash()` is the visual cue; the screen
    dims it with `-paused`.

    Block figures are two widgets side by side: the last figure (with the blank columns to its
    right), which changes every second, and the rest (with the blank columns to its left).
    Textual writes a changed line of a widget from that widget's left edge, so this way a second
    of a hold sends the few cells of the last figure that changed, not the whole width of the
    figures. A flash lights the band the figures stand in, across the whole width: the blank
    lines above and below them stay dark, which halves what a cue sends to the terminal."""

    DEFAULT_CSS = """
    Countdown {
        width: 100%;
        height: auto;
        min-height: 3;
        layout: horizontal;
        align-vertical: middle;
        text-style: bold;
        color: $foreground;
    }
    Countdown > .tail {
        width: 1fr;
    }
    Countdown.-paused {
        color: $text-disabled;
        text-style: none;
    }
    Countdown.-flash > Figures {
        background: $foreground;
        color: $background;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._text = NO_COUNT
        self._flash_timer: Timer | None = None
        self._head = Figures(classes="head")
        self._tail = Figures(classes="tail")

    def compose(self) -> ComposeResult:
        yield self._head
        yield self._tail

    @property
    def value(self) -> str:
        """The text the countdown shows: `m:ss`, `h:mm:ss` or `-:--`."""
        return self._text

    @property
    def scale(self) -> int:
        """The block scale the countdown is drawn at now (0: Digits' own figures)."""
        return best_scale(self._text, self.content_size)

    def on_mount(self) -> None:
        self._arrange()

    def on_resize(self) -> None:
        self._arrange()

    def show(self, seconds: int | None) -> None:
        """Show `seconds` (None: a step without a countdown); unchanged text costs nothing, and
        a changed one repaints only the cells that changed (1:58 → 1:57: a few cells of the
        last figure)."""
        text = clock_text(seconds)
        if text != self._text:
            self._text = text
            self._arrange()

    def _arrange(self) -> None:
        if not self.is_mounted:
            return
        head, tail = self._head, self._tail
        text, scale = self._text, self.scale
        if scale:
            left = max(0, (self.content_size.width - block_width(text, scale)) // 2)
            head.set(text[:-1], scale, left=left, gap=scale)
            tail.set(text[-1:], scale)
        else:
            head.set(text, 0)
            tail.set("", 0)

    def _repaint_figures(self) -> None:
        """The figures take their colours from the countdown: a new look repaints them too."""
        for figures in (self._head, self._tail):
            figures.refresh()

    def set_paused(self, paused: bool) -> None:
        """Dim the countdown while paused (a change only repaints)."""
        if paused != self.has_class("-paused"):
            self.set_class(paused, "-paused")
            self._repaint_figures()

    def flash(self) -> None:
        """Light the countdown up for a moment; a new cue during a flash restarts it."""
        self.end_flash()
        self.add_class("-flash")
        self._repaint_figures()
        self._flash_timer = self.set_timer(FLASH_SECONDS, self.end_flash)

    def end_flash(self) -> None:
        """End a flash now (pausing does, and snapshot tests do, to get a steady picture)."""
        if self._flash_timer is not None:
            self._flash_timer.stop()
            self._flash_timer = None
        if self.has_class("-flash"):
            self.remove_class("-flash")
            self._repaint_figures()

    @property
    def flashing(self) -> bool:
        return self.has_class("-flash")
