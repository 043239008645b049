"""Which cells changed between two drawings of a widget, as the regions to repaint.

Textual repaints what a widget marks dirty, and writes each dirty line of a widget from the
widget's left edge up to the last dirty cell. A widget that marks only the cells whose text
changed (a line at a time, unchanged lines not at all) sends the terminal a few dozen bytes a
second instead of whole lines; a second of a hold is mostly that.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Self

from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Static

from tui.app.widgets.key_footer import KeyFooter


def changed_spans(old: Sequence[str], new: Sequence[str]) -> list[tuple[int, int, int]]:
    """(line, first column, end column) of each line whose characters differ (a line missing
    from one side, or shorter, counts as blanks)."""
    spans = []
    for row in range(max(len(old), len(new))):
        a = old[row] if row < len(old) else ""
        b = new[row] if row < len(new) else ""
        if a == b:
            continue
        width = max(len(a), len(b))
        a, b = a.ljust(width), b.ljust(width)
        differ = [x for x in range(width) if a[x] != b[x]]
        if differ:
            spans.append((row, differ[0], differ[-1] + 1))
    return spans


def changed_regions(old: Sequence[str], new: Sequence[str]) -> list[Region]:
    """The regions (one line high) to refresh so that `old` becomes `new` on screen."""
    return [Region(first, row, end - first, 1) for row, first, end in changed_spans(old, new)]


if TYPE_CHECKING:
    _Steadied = Widget
else:
    # A plain mixin, not a Widget: Textual finds a widget's CSS type names along the first of
    # its bases that is a DOM node, which must stay the Textual class steadied (Horizontal's
    # layout, Footer's docking).
    _Steadied = object


class SteadyLines(_Steadied):
    """A widget whose lines, once drawn, are handed out again until it changes.

    Textual draws a frame by asking every widget whose container overlaps the changed cells for
    its lines, changed or not: a second of a hold, with the countdown on the left and the
    sidebar's clock on the right, asks some twenty widgets, and each answer walks the widget's
    ancestors for its colours and opacity before reading its lines from Textual's cache (about
    half the frame). A steady widget keeps its last answer and gives it again while its size and
    the part asked for are the same and nothing marked it changed: any `refresh` (every repaint,
    update, layout or style change goes through it) and any new styles forget it. Mixed in before
    the Textual class it steadies (`class SteadyStatic(SteadyLines, Static)`; a widget of our own
    is `class Countdown(SteadyLines, Widget)`).
    """

    _steady_lines: tuple[tuple[Region, Size], list[Strip]] | None = None

    def render_lines(self, crop: Region) -> list[Strip]:
        key = (crop, self.outer_size)
        kept = self._steady_lines
        if kept is not None and kept[0] == key:
            return kept[1]
        lines = self.draw_lines(crop)
        self._steady_lines = (key, lines)
        return lines

    def draw_lines(self, crop: Region) -> list[Strip]:
        """The lines of `crop`, drawn afresh (Textual's way unless a widget knows a shorter)."""
        return super().render_lines(crop)

    def refresh(
        self,
        *regions: Region,
        repaint: bool = True,
        layout: bool = False,
        recompose: bool = False,
    ) -> Self:
        self._steady_lines = None
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def notify_style_update(self) -> None:
        self._steady_lines = None
        super().notify_style_update()


class SteadyStatic(SteadyLines, Static):
    """A Static whose lines are kept (see `SteadyLines`)."""


class SteadyHorizontal(SteadyLines, Horizontal):
    """A Horizontal whose lines are kept (see `SteadyLines`)."""


class SteadyVertical(SteadyLines, Vertical):
    """A Vertical whose lines are kept (see `SteadyLines`)."""


class SteadyVerticalScroll(SteadyLines, VerticalScroll):
    """A VerticalScroll whose lines are kept (see `SteadyLines`)."""


class SteadyFooter(SteadyLines, KeyFooter):
    """The footer (key_footer.py) with its lines kept (see `SteadyLines`)."""


def plain_lines(widget: Widget, crop: Region, line: Callable[[int], Strip]) -> list[Strip]:
    """The lines of `crop` as Textual's styles would give them, for a widget without border,
    padding, outline, tint or opacity whose `line(y)` is already as wide as the widget and
    styled: only the app's line filters and the crop are left to do. Textual's way works out
    every line's border, padding and effects from a dozen style lookups; a moving part of a hold
    draws its few lines this way every second (tests/app/test_hold_drawing.py holds the two
    ways to the same cells)."""
    filters = widget.get_line_filters()
    background = widget.background_colors[1] if filters else None
    first, end = crop.column_span
    whole = (first, end) == (0, widget.outer_size.width)
    strips = []
    for y in crop.line_range:
        strip = line(y)
        for line_filter in filters:
            assert background is not None
            strip = strip.apply_filter(line_filter, background)
        strips.append(strip if whole else strip.crop(first, end))
    return strips
