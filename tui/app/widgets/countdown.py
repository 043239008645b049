"""The big countdown of the player: Textual's Digits, grown to fit the room, plus the visual cue.

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
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.timer import Timer
from textual.widgets import Digits

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


def block_width(text: str, scale: int) -> int:
    """Columns of `text` in block figures: glyphs one pixel apart."""
    pixels = sum(len(FONT[ch][0]) for ch in text) + max(0, len(text) - 1)
    return pixels * scale


def block_height(scale: int) -> int:
    """Lines of block figures: five pixels of `scale` half-lines each, rounded up."""
    return -(-FONT_ROWS * scale // 2)


def best_scale(text: str, size: Size) -> int:
    """The largest block scale (2 and up) that fits `size`; 0 means use Digits' 3-line figures,
    which are as readable as a 1× block font and smaller."""
    if any(ch not in FONT for ch in text):
        return 0
    for scale in range(MAX_SCALE, 1, -1):
        if block_width(text, scale) <= size.width and block_height(scale) <= size.height:
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


class Countdown(Digits):
    """Whole seconds left, as big as the room allows. `flash()` is the visual cue; the screen
    dims it with `-paused`."""

    DEFAULT_CSS = """
    Countdown {
        width: 100%;
        min-height: 3;
        text-align: center;
        text-style: bold;
        color: $foreground;
    }
    Countdown.-paused {
        color: $text-disabled;
        text-style: none;
    }
    Countdown.-flash {
        background: $foreground;
        color: $background;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(NO_COUNT, id=id, classes=classes)
        self._flash_timer: Timer | None = None

    @property
    def scale(self) -> int:
        """The block scale the countdown is drawn at now (0: Digits' own figures)."""
        return best_scale(self.value, self.content_size)

    def render(self) -> RenderableType:
        scale = self.scale
        size = self.content_size
        figures: RenderableType = (
            BlockDigits(self.value, scale, self.rich_style) if scale else super().render()
        )
        return Align(figures, "center", vertical="middle", height=max(1, size.height))

    def render_line(self, y: int) -> Strip:
        """Block figures are drawn line by line from cached text: a second of a long hold then
        costs a few strips, not a Rich render of the whole figure (Digits' own figures, at
        small sizes, go through `render` as usual)."""
        scale = self.scale
        if not scale:
            return super().render_line(y)
        size = self.content_size
        style = self.rich_style
        lines = block_lines(self.value, scale)
        row = y - max(0, (size.height - len(lines)) // 2)
        if not 0 <= row < len(lines):
            return Strip.blank(size.width, style)
        line = lines[row]
        left = max(0, (size.width - len(line)) // 2)
        return Strip([Segment(" " * left, style), Segment(line, style)]).adjust_cell_length(
            size.width, style
        )

    def show(self, seconds: int | None) -> None:
        """Show `seconds` (None: a step without a countdown); unchanged text costs nothing, and
        in block figures only the digits that changed are repainted (1:58 → 1:57 is one digit
        of four: a quarter of the figure goes to the terminal, not all of it)."""
        text = clock_text(seconds)
        if text == self.value:
            return
        region = self._changed_region(self.value, text)
        if region is None:
            self.update(text)
            return
        self._value = text  # what Digits.update sets, without its repaint of the whole widget
        self.refresh(region)

    def _changed_region(self, old: str, new: str) -> Region | None:
        size = self.content_size
        scale = best_scale(new, size)
        if not scale or best_scale(old, size) != scale:
            return None
        columns = changed_columns(old, new, scale)
        if columns is None:
            return None
        left = max(0, (size.width - block_width(new, scale)) // 2)
        height = block_height(scale)
        top = max(0, (size.height - height) // 2)
        return Region(left + columns[0], top, columns[1] - columns[0], height)

    def flash(self) -> None:
        """Light the countdown up for a moment; a new cue during a flash restarts it."""
        self.end_flash()
        self.add_class("-flash")
        self._flash_timer = self.set_timer(FLASH_SECONDS, self.end_flash)

    def end_flash(self) -> None:
        """End a flash now (pausing does, and snapshot tests do, to get a steady picture)."""
        if self._flash_timer is not None:
            self._flash_timer.stop()
            self._flash_timer = None
        self.remove_class("-flash")

    @property
    def flashing(self) -> bool:
        return self.has_class("-flash")
