"""The light row table of the library: columns that fit, a cursor that keys and clicks move, and
the messages the screen reads."""

from __future__ import annotations

from collections.abc import Hashable

from rich.text import Text
from textual.app import App, ComposeResult

from tui.app.widgets.row_table import GAP, Row, RowTable, column_widths

HEADER = tuple(Text(label) for label in ("Routine", "Length", "Areas"))


def rows(*cells: tuple[str, ...]) -> list[Row]:
    return [Row(i, tuple(Text(c) for c in row)) for i, row in enumerate(cells)]


def test_columns_are_as_wide_as_their_widest_cell_and_the_names_take_the_rest() -> None:
    data = rows(("Desk break", "2:43", "neck, shoulders"), ("Yoga", "15:00 + 3 manual", "hips"))
    widths = column_widths(HEADER, data, 60)
    assert widths[1:] == [16, 15]
    assert sum(widths) + GAP * 2 == 60


def test_a_narrow_line_shortens_long_columns_first_then_the_names_then_leaves_columns_out() -> None:
    data = rows(
        ("Foam rolling for the upper and mid back", "3:20 + 1 manual", "upper back, mid back")
    )
    widths = column_widths(HEADER, data, 50)
    assert widths == [50 - 15 - 5 - 2 * GAP, 15, 5]  # the areas down to their heading
    widths = column_widths(HEADER, data, 30)
    assert widths == [30 - 15 - GAP, 15, 0]  # the areas left out, the length kept whole


def test_a_heading_row_does_not_widen_the_columns() -> None:
    data = [
        Row("group", (Text("★ Favourites and a very long heading indeed"),)),
        *rows(("A", "1:00", "neck")),
    ]
    assert column_widths(HEADER, data, 40)[1:] == [6, 5]


class TableApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.highlighted: list[Hashable | None] = []
        self.selected: list[Hashable | None] = []

    def compose(self) -> ComposeResult:
        yield RowTable(id="table")

    def on_mount(self) -> None:
        table = self.query_one(RowTable)
        table.add_columns(*HEADER)
        for n in range(40):
            table.add_row(f"Routine {n}", f"{n}:00", "neck", key=f"r{n}")
        table.focus()

    def on_row_table_highlighted(self, message: RowTable.Highlighted) -> None:
        self.highlighted.append(message.key)

    def on_row_table_selected(self, message: RowTable.Selected) -> None:
        self.selected.append(message.key)


async def test_keys_move_the_cursor_and_say_which_row_it_is_on() -> None:
    app = TableApp()
    async with app.run_test(size=(60, 12)) as pilot:
        table = app.query_one(RowTable)
        await pilot.pause()
        assert app.highlighted == ["r0"]  # forty rows added are told once, not forty times
        await pilot.press("down", "down")
        await pilot.pause()
        assert table.cursor_key == "r2" and app.highlighted[-1] == "r2"
        await pilot.press("end")
        assert table.cursor_key == "r39"
        assert table.scroll_offset.y > 0  # the last row was scrolled into view
        await pilot.press("down")
        assert table.cursor_key == "r39"  # the cursor stays inside the table
        await pilot.press("home", "up")
        assert table.cursor_key == "r0" and table.scroll_offset.y == 0


async def test_a_click_moves_the_cursor_and_a_second_click_chooses_the_row() -> None:
    app = TableApp()
    async with app.run_test(size=(60, 12)) as pilot:
        table = app.query_one(RowTable)
        await pilot.click(RowTable, offset=(3, 4))  # line 0 is the header: this is row 3
        await pilot.pause()
        assert table.cursor_key == "r3" and app.selected == []
        await pilot.click(RowTable, offset=(3, 4))
        await pilot.pause()
        assert app.selected == ["r3"]


async def test_rows_can_be_replaced_and_found_by_key() -> None:
    app = TableApp()
    async with app.run_test(size=(60, 12)) as pilot:
        table = app.query_one(RowTable)
        table.move_cursor(row=table.get_row_index("r7"))
        await pilot.pause()
        assert table.cursor_key == "r7" and "r7" in table and table.row_count == 40
        table.clear()
        table.add_row("Only one", "1:00", key="only")
        await pilot.pause()
        assert table.keys == ["only"] and table.cursor_key == "only"
