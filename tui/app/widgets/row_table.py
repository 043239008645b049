"""A light table of rows with one cursor row, drawn line by line.

The library is the first screen people wait for, and Textual's DataTable spent a third of that
first frame laying out and rendering its cells (each through Rich, with caches made for tables of
thousands of editable cells). The library needs much less: a few dozen read-only rows, columns as
wide as their widest cell, a cursor, and a group heading now and then. This widget draws exactly
that through the line API, so a frame costs one strip per visible line and nothing more.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.core.visible import visible

Cell = str | Text
GAP = 2  # cells between two columns
FIRST_MIN = 16  # the first column keeps this much before the others give up their last cells
NAME_FLOOR = 10  # … and this much before the short columns are left out too
SHORT = 16  # a column no wider than this is kept whole as long as anything else can give room


@dataclass(frozen=True, slots=True)
class Row:
    key: Hashable
    cells: tuple[Text, ...]

    @property
    def heading(self) -> bool:
        """A row of one cell is a group's heading: drawn across the columns, never truncated to
        the first column's width."""
        return len(self.cells) == 1


def as_text(cell: Cell) -> Text:
    return cell if isinstance(cell, Text) else Text(visible(cell))


def fitted(cell: Text, width: int) -> Text:
    """The cell cut to `width` with an ellipsis, or padded to it."""
    if cell.cell_len == width:
        return cell
    cell = cell.copy()
    cell.truncate(width, overflow="ellipsis", pad=True)
    return cell


def column_widths(header: Sequence[Text], rows: Sequence[Row], width: int) -> list[int]:
    """Every column as wide as its widest cell. When the line is too narrow, the long columns on
    the right give up room first (down to their heading's width; short columns such as a length
    or a level keep theirs), then the first one (the names, which say most) down to FIRST_MIN,
    then the long columns are left out (width 0), then the names go down to NAME_FLOOR, and
    only then are the short columns left out too; when there is room to spare,
    the first column takes it, so the rows span the width."""
    widths = [cell.cell_len for cell in header]
    for row in rows:
        if row.heading:
            continue
        for i, cell in enumerate(row.cells[: len(widths)]):
            widths[i] = max(widths[i], cell.cell_len)
    if not widths:
        return widths
    over = sum(widths) + GAP * (len(widths) - 1) - width
    if over <= 0:
        widths[0] -= over
        return widths
    short = [w <= SHORT for w in widths]

    def shrink_first(floor: int) -> None:
        nonlocal over
        give = min(over, max(0, widths[0] - floor))
        widths[0] -= give
        over -= give

    def leave_out(keep_short: bool) -> None:
        nonlocal over
        for i in range(len(widths) - 1, 0, -1):
            if over > 0 and widths[i] and not (keep_short and short[i]):
                over -= widths[i] + GAP
                widths[i] = 0

    for i in range(len(widths) - 1, 0, -1):  # long columns on the right, to their heading
        if not short[i]:
            give = min(over, max(0, widths[i] - header[i].cell_len))
            widths[i] -= give
            over -= give
    shrink_first(FIRST_MIN)
    leave_out(keep_short=True)
    shrink_first(NAME_FLOOR)
    leave_out(keep_short=False)
    widths[0] = max(1, widths[0] - over)  # what leaving a column out freed goes to the names
    return widths


class RowTable(ScrollView, can_focus=True):
    """Rows with a header line and a cursor; `Highlighted` says which row the cursor is on,
    `Selected` that it was chosen (a click on the cursor row)."""

    DEFAULT_CSS = """
    RowTable {
        height: 1fr;
        background: $surface;
    }
    RowTable > .row-table--header {
        text-style: bold;
        color: $text-accent;
        background: $panel;
    }
    RowTable > .row-table--even {
        background: $surface-lighten-1;
    }
    RowTable > .row-table--heading {
        text-style: bold;
    }
    RowTable > .row-table--cursor {
        background: $block-cursor-blurred-background;
        color: $block-cursor-blurred-foreground;
    }
    RowTable:focus > .row-table--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: $block-cursor-text-style;
    }
    """
    COMPONENT_CLASSES = {
        "row-table--header",
        "row-table--even",
        "row-table--heading",
        "row-table--cursor",
    }
    BINDINGS = [
        Binding("up,k", "cursor(-1)", "up", show=False, id="rows.up"),
        Binding("down,j", "cursor(1)", "down", show=False, id="rows.down"),
        Binding("pageup", "page(-1)", "page up", show=False, id="rows.page_up"),
        Binding("pagedown", "page(1)", "page down", show=False, id="rows.page_down"),
        Binding("home", "edge(0)", "first", show=False, id="rows.first"),
        Binding("end", "edge(-1)", "last", show=False, id="rows.last"),
    ]

    cursor_row: reactive[int] = reactive(0, always_update=True, init=False)

    class Highlighted(Message):
        def __init__(self, table: RowTable, key: Hashable | None) -> None:
            super().__init__()
            self.table = table
            self.key = key

        @property
        def control(self) -> RowTable:
            return self.table

    class Selected(Highlighted):
        pass

    def __init__(
        self, *, zebra_stripes: bool = False, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.zebra_stripes = zebra_stripes
        self._header: tuple[Text, ...] = ()
        self._rows: list[Row] = []
        self._index: dict[Hashable, int] = {}
        self._widths: list[int] | None = None  # for the width they were worked out for
        self._widths_for = -1
        self._announced: object = object()  # the key last told in a Highlighted (none yet)
        self._announcing = False

    # ---- the data ------------------------------------------------------------------------------
    def add_columns(self, *labels: Cell) -> None:
        self._header = tuple(as_text(label) for label in labels)
        self._changed()

    def add_row(self, *cells: Cell, key: Hashable) -> None:
        self._index[key] = len(self._rows)
        self._rows.append(Row(key, tuple(as_text(cell) for cell in cells)))
        self._changed()
        if len(self._rows) == 1:
            self.cursor_row = 0

    def clear(self) -> None:
        self._rows.clear()
        self._index.clear()
        self._changed()
        self.cursor_row = 0

    @property
    def row_count(self) -> int:
        return len(self._rows)

    @property
    def keys(self) -> list[Hashable]:
        return [row.key for row in self._rows]

    def __contains__(self, key: object) -> bool:
        return key in self._index

    def get_row_index(self, key: Hashable) -> int:
        return self._index[key]

    @property
    def cursor_key(self) -> Hashable | None:
        """The key of the row under the cursor (None in an empty table)."""
        if not self._rows:
            return None
        return self._rows[min(self.cursor_row, len(self._rows) - 1)].key

    def move_cursor(self, *, row: int, animate: bool = False) -> None:
        self.cursor_row = row

    def _changed(self) -> None:
        self._widths = None
        self.virtual_size = Size(self.size.width, len(self._rows) + 1)
        self.refresh()

    # ---- the cursor ----------------------------------------------------------------------------
    def validate_cursor_row(self, row: int) -> int:
        return max(0, min(row, len(self._rows) - 1)) if self._rows else 0

    def watch_cursor_row(self, row: int) -> None:
        self._scroll_to_cursor()
        self.refresh()
        if not self._announcing:  # a refill (clear, rows, a cursor move) is told once
            self._announcing = True
            self.call_later(self._announce)

    def _announce(self) -> None:
        self._announcing = False
        key = self.cursor_key
        if key != self._announced:
            self._announced = key
            self.post_message(self.Highlighted(self, key))

    def _scroll_to_cursor(self) -> None:
        visible = max(1, self.scrollable_content_region.height - 1)  # less the header line
        top = round(self.scroll_offset.y)
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False)
        elif self.cursor_row >= top + visible:
            self.scroll_to(y=self.cursor_row - visible + 1, animate=False)

    def action_cursor(self, step: int) -> None:
        self.cursor_row += step

    def action_page(self, step: int) -> None:
        self.cursor_row += step * max(1, self.scrollable_content_region.height - 2)

    def action_edge(self, end: int) -> None:
        self.cursor_row = 0 if end == 0 else len(self._rows) - 1

    def on_click(self, event: events.Click) -> None:
        if event.y == 0:
            return
        row = round(self.scroll_offset.y) + event.y - 1
        if 0 <= row < len(self._rows):
            if row == self.cursor_row:
                self.post_message(self.Selected(self, self.cursor_key))
            self.cursor_row = row

    def on_resize(self, event: events.Resize) -> None:
        self._changed()
        self._scroll_to_cursor()

    # ---- drawing -------------------------------------------------------------------------------
    def _column_widths(self, width: int) -> list[int]:
        if self._widths is None or self._widths_for != width:
            self._widths = column_widths(self._header, self._rows, width)
            self._widths_for = width
        return self._widths

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        if y == 0:
            style = base + self.get_component_rich_style("row-table--header")
            return self._strip(self._header, width, style)
        index = round(self.scroll_offset.y) + y - 1
        if index >= len(self._rows):
            return Strip.blank(width, base)
        row = self._rows[index]
        style = base
        if self.zebra_stripes and index % 2:
            style += self.get_component_rich_style("row-table--even")
        if row.heading:
            style += self.get_component_rich_style("row-table--heading")
        if index == self.cursor_row:
            style += self.get_component_rich_style("row-table--cursor")
        return self._strip(row.cells, width, style, heading=row.heading)

    def _strip(
        self, cells: Sequence[Text], width: int, style: Style, heading: bool = False
    ) -> Strip:
        console = self.app.console
        line = Text(" ")
        if heading:
            line.append_text(fitted(cells[0], width - 2))
        else:
            widths = self._column_widths(width - 2)
            for i, column_width in enumerate(widths):
                if column_width == 0:  # left out: the line is too narrow for it
                    continue
                if i:
                    line.append(" " * GAP)
                line.append_text(fitted(cells[i] if i < len(cells) else Text(), column_width))
        segments = Segment.apply_style(line.render(console), style)
        return Strip(segments).adjust_cell_length(width, style)
