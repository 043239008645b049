"""A small picture of the back that marks the areas a routine works on.

Drawn in plain characters so it survives any terminal and NO_COLOR: a marked area is shown by a
filled dot and its name in bold, not by colour alone.
"""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

# One row of the figure per area, top to bottom; "chest" sits with the shoulders, seen from behind.
FIGURE: tuple[tuple[str, str], ...] = (
    ("     .-.     ", "neck"),
    ("  .-'   '-.  ", "shoulders"),
    (" /  .---.  \\ ", "chest"),
    (" |  | | |  | ", "upper-back"),
    (" |  | | |  | ", "mid-back"),
    ("  \\ | | | /  ", "lower-back"),
    ("   (  |  )   ", "hips"),
    ("   (__|__)   ", "glutes"),
)


class BodyMap(Widget):
    """Renders FIGURE with the routine's areas marked."""

    DEFAULT_CSS = """
    BodyMap { height: auto; width: auto; }
    """

    areas: reactive[tuple[str, ...]] = reactive(())

    def render(self) -> Text:
        text = Text()
        for row, (drawing, area) in enumerate(FIGURE):
            marked = area in self.areas
            text.append(drawing, style="bold" if marked else "dim")
            text.append(" ● " if marked else " · ", style="bold" if marked else "dim")
            text.append(area.replace("-", " "), style="bold reverse" if marked else "dim")
            if row < len(FIGURE) - 1:
                text.append("\n")
        text.no_wrap = True
        return text
