"""The body map of the check-in: the back drawn as the library draws it, one row per area, with a
cursor, the areas picked as tight and their ratings.

Like the library's map it reads without colour: the cursor is a `▸`, a picked area a filled dot
and its name in bold, and a rating is written out (`7/10`, or `–` when skipped). The widget only
shows; the check-in screen decides what a key or a click does and hands it the new state.
"""

from __future__ import annotations

from collections.abc import Mapping

from textual import events
from textual.content import Content
from textual.message import Message
from textual.widget import Widget

from tui.app.widgets.body_map import FIGURE

# The areas top to bottom, as the map draws them (chest sits with the shoulders, seen from behind).
MAP_AREAS: tuple[str, ...] = tuple(area for _, area in FIGURE)
NAME_WIDTH = max(len(area) for area in MAP_AREAS)


def area_words(area: str) -> str:
    return area.replace("-", " ")


def rating_words(rating: int | None) -> str:
    return "–" if rating is None else f"{rating}/10"


def picker_content(cursor: int, picked: Mapping[str, int | None], focused: bool = True) -> Content:
    """The map's lines: `▸ drawing ● lower back   7/10`. `picked` maps each tight area to its
    rating (None: picked without one)."""
    parts: list[str | tuple[str, str]] = []
    for row, (drawing, area) in enumerate(FIGURE):
        here = row == cursor
        tight = area in picked
        parts.append(("▸ " if focused else "› ", "bold") if here else "  ")
        parts.append((drawing, "bold" if tight else "dim"))
        parts.append((" ● ", "bold") if tight else (" · ", "dim"))
        name = f"{area_words(area):<{NAME_WIDTH}}"
        style = "bold" if tight else "dim"
        parts.append((name, f"{style} reverse" if here else style))
        parts.append(f"  {rating_words(picked[area]):>5}" if tight else "       ")
        if row < len(FIGURE) - 1:
            parts.append("\n")
    return Content.assemble(*parts)


class AreaPicker(Widget, can_focus=True):
    """Shows `picked` on the map with the cursor on `cursor`; a click asks for a row."""

    DEFAULT_CSS = """
    AreaPicker {
        height: auto;
        width: auto;
        text-wrap: nowrap;  /* a wrapped line would lose the drawing's leading spaces */
    }
    """

    class Clicked(Message):
        """A row of the map was clicked: the screen moves there and picks or unpicks it."""

        def __init__(self, row: int) -> None:
            super().__init__()
            self.row = row

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.cursor = 0
        self.picked: dict[str, int | None] = {}

    def show(self, cursor: int, picked: Mapping[str, int | None]) -> None:
        self.cursor = cursor
        self.picked = dict(picked)
        self.refresh()

    @property
    def area(self) -> str:
        """The area under the cursor."""
        return MAP_AREAS[self.cursor]

    def render(self) -> Content:
        return picker_content(self.cursor, self.picked, self.has_focus)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def on_click(self, event: events.Click) -> None:
        row = event.y
        if 0 <= row < len(MAP_AREAS):
            self.post_message(self.Clicked(row))

    def get_content_width(self, container: object, viewport: object) -> int:
        drawing = max(len(drawing) for drawing, _ in FIGURE)
        return 2 + drawing + 3 + NAME_WIDTH + 7  # cursor, drawing, dot, name, rating
