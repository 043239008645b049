"""The progress sidebar: every step of the routine, where we are, and how much is left.

Its job is that nobody ever wonders where they are in a 15-minute routine: each step is marked done,
current, skipped or upcoming with its length, and below the list an overall bar with the elapsed and
remaining time. The screen hands it plain `StepLine`s; the sidebar never sees the player.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.geometry import Region
from textual.strip import Strip
from textual.style import Style as VisualStyle
from textual.widget import Widget

from tui.app.widgets.repaint import (
    SteadyLines,
    SteadyStatic,
    SteadyVertical,
    SteadyVerticalScroll,
    changed_regions,
    plain_lines,
)
from tui.core.durations import format_clock
from tui.core.player_records import LiveSegment, StepProgress
from tui.core.timeline import Timeline
from tui.core.visible import visible

MARKS = {"done": "✓", "current": "▶", "skipped": "↷", "upcoming": "·"}
# A long routine's list is a window of this many rows around the current step; it moves on when
# fewer than ROWS_AHEAD rows are left below the current one, keeping ROWS_BEHIND above it.
# Each row is a widget to compose and style before the first frame: 60 fill any usual terminal.
ROWS_AT_MOST, ROWS_AHEAD, ROWS_BEHIND = 60, 20, 10


@dataclass(frozen=True, slots=True)
class StepLine:
    """One row of the list: `length` is already text ("1:15", "your pace")."""

    number: int
    name: str
    status: str  # done | current | skipped | upcoming
    length: str


def step_lines(
    timeline: Timeline,
    progress: Sequence[StepProgress] = (),
    segments: Sequence[LiveSegment] = (),
    first: int = 0,
    count: int | None = None,
) -> list[StepLine]:
    """Each played step with its status and its live length (extends and added spots count);
    before the player starts, the planned lengths and every step upcoming. `first` and `count`
    ask for the rows of a window only (a routine may have 10,000 steps)."""
    shown = timeline.steps[first : None if count is None else first + count]
    wanted = {played.number for played in shown}
    statuses = {step.number: step.status for step in progress if step.number in wanted}
    live_lengths: dict[int, float] = {}
    if shown and segments:
        # Segments come in step order: only the window's own are read (10,000 a part before).
        low = bisect_left(segments, shown[0].number, key=_step_number)
        high = bisect_right(segments, shown[-1].number, key=_step_number)
        segments = segments[low:high]
    for segment in segments:  # grouped once, not once a step
        number = segment.step_number
        if number in wanted:
            live_lengths[number] = live_lengths.get(number, 0.0) + segment.length
    lines = []
    for played in shown:
        if segments and not (played.step.manual or played.step.hold is None):
            length = format_clock(live_lengths.get(played.number, 0.0))
        else:
            length = timeline.step_length_text(played)
        status = statuses.get(played.number, "upcoming")
        lines.append(StepLine(played.number, played.name, status, length))
    return lines


def _step_number(segment: LiveSegment) -> int:
    return segment.step_number


def fit_line(line: StepLine, width: int) -> Content:
    """One row in `width` columns: mark, number, the name (cut with … when too long) and the
    length against the right edge, so a long name never pushes the length onto a second line."""
    head = f"{MARKS.get(line.status, '·')} {line.number:>2} "
    room = width - len(head) - len(line.length) - 1
    name = visible(line.name)
    if room < len(name):
        name = name[: max(0, room - 1)] + "…" if room > 1 else ""
    gap = max(1, width - len(head) - len(name) - len(line.length))
    return Content.assemble(head, name, " " * gap, (line.length, "dim"))


class StepRow(SteadyLines, Widget):
    """One step; its status is a CSS class so the theme decides how done and current look."""

    DEFAULT_CSS = """
    StepRow {
        height: 1;
    }
    """

    def __init__(self, line: StepLine, *, id: str | None = None) -> None:
        # Born with its class: setting four classes one by one restyled each row four times.
        super().__init__(id=id, classes=f"-{line.status}" if line.status in MARKS else None)
        self.line = line

    def show(self, line: StepLine) -> None:
        if line != self.line:
            self.line = line
            self._set_status(line.status)
            self.refresh()

    def _set_status(self, status: str) -> None:
        for name in MARKS:
            self.set_class(name == status, f"-{name}")

    def render(self) -> Content:
        return fit_line(self.line, self.content_size.width)


def bar_parts(fraction: float, width: int) -> tuple[str, str, str]:
    """The overall bar in `width` columns: (done, still to do, its whole percent)."""
    percent = round(min(1.0, max(0.0, fraction)) * 100)
    label = f" {percent:>3}%"
    cells = max(1, width - len(label))
    done = round(cells * percent / 100)
    return "━" * done, "─" * (cells - done), label


def bar_text(fraction: float, width: int) -> Text:
    """The overall bar: done in heavy lines, the rest light, its whole percent at the end."""
    done, rest, label = bar_parts(fraction, width)
    text = Text(done, style="bold")
    text.append(rest, style="dim")
    text.append(label)
    return text


class ProgressLine(SteadyLines, Widget):
    """The overall bar and, under it, the time done and left: one widget, so a second of a hold
    repaints one small region (Textual's ProgressBar moved three widgets and their reactives,
    which was a third of the player's CPU in a hold)."""

    DEFAULT_CSS = """
    ProgressLine {
        height: 2;
        margin-top: 1;
    }
    """

    def __init__(self, *, classes: str | None = None) -> None:
        super().__init__(classes=classes)
        self.fraction = 0.0
        self.times = ""
        self._styled: tuple[object, tuple[Style, Style, Style]] | None = None

    def show(self, fraction: float, times: str) -> None:
        """Repaint only the cells that changed: a second of a hold is the few figures of the
        time done and left (and, as the percent moves, the bar's end and its label)."""
        if (round(fraction * 100), times) == (round(self.fraction * 100), self.times):
            return
        old = self._rows()
        self.fraction, self.times = fraction, times
        regions = changed_regions(old, self._rows())
        if regions:
            self.refresh(*regions)

    def _rows(self) -> list[str]:
        """The two lines as plain text, as wide as the widget (a cell's style follows from its
        character and place, so plain text tells what changed)."""
        width = self.content_size.width
        return ["".join(bar_parts(self.fraction, width)), self.times.ljust(width)]

    def render(self) -> Text:
        """What the two lines say, as Rich text (`render_line` draws the same, faster)."""
        text = bar_text(self.fraction, self.content_size.width)
        text.append("\n")
        text.append(self.times, style="dim")
        return text

    def render_line(self, y: int) -> Strip:
        """A line straight from its strings: Textual's path from `render` (text to content to
        strips) took half a millisecond a second, more than the rest of the sidebar. The styles
        are what that path gives the same text: all of it bold (the text's own style), the bar's
        rest and the times dim."""
        return self._line(y, self.content_size.width, self._styles())

    def _styles(self) -> tuple[Style, Style, Style]:
        """Bold, dim and blank, worked out again only when the widget's style is a new one."""
        base = self.visual_style
        if self._styled is None or self._styled[0] is not base:
            bold = (base + VisualStyle(bold=True)).rich_style
            dim = (base + VisualStyle(bold=True, dim=True)).rich_style
            background = base.background
            color = background.rich_color if background is not None else None
            self._styled = (base, (bold, dim, Style.from_color(None, color)))
        return self._styled[1]

    def _line(self, y: int, width: int, styles: tuple[Style, Style, Style]) -> Strip:
        bold, dim, blank = styles
        if y == 0:
            done, rest, label = bar_parts(self.fraction, width)
            parts = [(done, bold), (rest, dim), (label, bold)]
        elif y == 1:
            parts = [(self.times, dim)]
        else:
            parts = []
        segments = [Segment(text, style) for text, style in parts if text]
        return Strip(segments).adjust_cell_length(width, blank)

    def draw_lines(self, crop: Region) -> list[Strip]:
        """Its lines are whole and styled already (`render_line`): Textual's styles are skipped
        (`plain_lines`)."""
        width, styles = self.content_size.width, self._styles()
        return plain_lines(self, crop, lambda y: self._line(y, width, styles))


class ProgressSidebar(SteadyVertical):
    """The list of steps, an overall progress bar and the routine's elapsed and remaining time."""

    DEFAULT_CSS = """
    ProgressSidebar {
        width: 36;
        height: 100%;
        border-left: vkey $panel;
        padding: 0 1;
    }
    ProgressSidebar > .sidebar-title {
        text-style: bold;
        color: $text-muted;
        margin-bottom: 1;
    }
    ProgressSidebar > VerticalScroll {
        height: 1fr;
        scrollbar-size-vertical: 1;
    }
    ProgressSidebar StepRow {
        color: $text-muted;
    }
    ProgressSidebar StepRow.-done {
        color: $text-success;
    }
    ProgressSidebar StepRow.-skipped {
        color: $text-disabled;
        text-style: strike;
    }
    ProgressSidebar StepRow.-current {
        color: $foreground;
        background: $boost;
        text-style: bold;
    }
    ProgressSidebar ProgressLine {
        color: $text-accent;
    }
    """

    def __init__(self, lines: Sequence[StepLine], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._initial = list(lines)
        self._current: int | None = None
        self._first = 0  # the position of the first row shown, in a long routine
        self._rows: dict[int, StepRow] = {}
        self._progress = ProgressLine(classes="sidebar-progress")  # told the time every second

    def compose(self) -> ComposeResult:
        yield SteadyStatic("steps", classes="sidebar-title")
        with SteadyVerticalScroll(can_focus=False):
            for line in self._initial[:ROWS_AT_MOST]:
                row = StepRow(line, id=f"step-{line.number}")
                self._rows[line.number] = row
                yield row
        yield self._progress

    def window(self, where: int, total: int) -> int:
        """Where the rows start for the current step at position `where` of `total`: a routine
        of more than ROWS_AT_MOST steps shows a window of them that moves on with the current
        step (10,000 rows took seconds to lay out before the first hold)."""
        if total <= ROWS_AT_MOST or self._first <= where < self._first + ROWS_AT_MOST - ROWS_AHEAD:
            return self._first
        return max(0, min(where - ROWS_BEHIND, total - ROWS_AT_MOST))

    def show_steps(self, lines: Sequence[StepLine], first: int = 0) -> None:
        """Mark the steps of the window starting at position `first` (`lines` are its rows);
        the current one is scrolled into view when it changes."""
        if first != self._first:
            self._move_window(lines, first)
        for line in lines:
            row = self._rows.get(line.number)
            if row is not None:
                row.show(line)
        current = next((line.number for line in lines if line.status == "current"), None)
        if current is not None and current != self._current and current in self._rows:
            self._current = current
            self._rows[current].scroll_visible(animate=False)

    def _move_window(self, window: Sequence[StepLine], first: int) -> None:
        self._first = first
        scroll = self.query_one(VerticalScroll)
        scroll.remove_children()
        # No ids here: the rows going away are removed after this returns.
        self._rows = {line.number: StepRow(line) for line in window}
        scroll.mount_all(self._rows.values())
        self._current = None

    def show_times(self, fraction: float, elapsed: float, remaining: float) -> None:
        self._progress.show(
            fraction, f"{format_clock(int(elapsed))} done · {format_clock(remaining)} left"
        )
