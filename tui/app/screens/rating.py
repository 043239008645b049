"""How tense it feels, 0 to 10: asked before a session (a small modal) and after it (the summary).

The ratings are what lets the history say whether an area is easing, but they are optional: one
key skips the question, and nothing is chosen for the person (an Enter with nothing chosen skips
too), so a rating in the history is always one somebody gave. A number is typed as it is said,
"7", or "1" then "0" for 10; the arrows move it one at a time.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Static

from tui.app.keys import RATING_KEYS
from tui.app.settings import remapped_words
from tui.app.shown import shown

LOWEST, HIGHEST = 0, 10
START = 5  # where the arrows begin when nothing is chosen yet: the middle of the scale


class RatingEntry:
    """The keys-to-number rules, apart from any widget: digits, "1 0" for 10, and the arrows."""

    def __init__(self, value: int | None = None) -> None:
        self.value = value
        self._after_one = False  # the last key was the digit 1: a 0 now makes 10

    def digit(self, digit: int) -> int:
        if digit == 0 and self._after_one:
            self.value, self._after_one = HIGHEST, False
        else:
            self.value, self._after_one = digit, digit == 1
        return self.value

    def nudge(self, step: int) -> int:
        self._after_one = False
        base = START if self.value is None else self.value + step
        self.value = max(LOWEST, min(HIGHEST, base))
        return self.value

    def clear(self) -> None:
        self.value, self._after_one = None, False


def areas_words(areas: Sequence[str]) -> str:
    """`neck and upper back`: a routine's areas as the question names them."""
    words = [area.replace("-", " ") for area in areas]
    if not words:
        return "back"
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + " and " + words[-1]


def scale_content(value: int | None) -> Content:
    """`none 0 1 2 … 10 worst`, the chosen number drawn reversed (readable without colour)."""
    parts: list[str | tuple[str, str]] = ["not at all  "]
    for number in range(LOWEST, HIGHEST + 1):
        text = f" {number} "
        parts.append((text, "reverse bold") if number == value else text)
    parts.append("  the worst")
    return Content.assemble(*parts)


class RatingScale(Widget):
    """One line: the scale with the chosen number marked. It only shows; the screen decides."""

    DEFAULT_CSS = """
    RatingScale {
        height: 1;
        width: auto;
    }
    """

    def __init__(
        self, value: int | None = None, *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.value = value

    def show(self, value: int | None) -> None:
        if value != self.value:
            self.value = value
            self.refresh()

    def render(self) -> Content:
        return scale_content(self.value)

    def get_content_width(self, container: object, viewport: object) -> int:
        return scale_content(None).cell_length


class RatingScreen(ModalScreen[int | None]):
    """Before a session: dismissed with the rating, or None when skipped."""

    CSS_PATH = "rating.tcss"
    BINDINGS = list(RATING_KEYS)
    KEYS = RATING_KEYS

    def __init__(self, areas: Sequence[str], value: int | None = None) -> None:
        super().__init__()
        self.areas = tuple(areas)
        self.entry = RatingEntry(value)

    def compose(self) -> ComposeResult:
        with Vertical(id="rating-box") as box:
            box.border_title = "before you start"
            yield Static(
                Content(f"How tense is your {areas_words(self.areas)} right now?"),
                id="rating-question",
            )
            yield RatingScale(self.entry.value, id="rating-scale")
            keys = remapped_words(self.app, RATING_KEYS)  # the words say the keys in force
            save, skip = keys.get("rating.save", "Enter"), keys.get("rating.skip", "s")
            yield Static(
                shown(f"type 0–10 (1 0 is 10) or use ← → · {save} saves · {skip} skips"),
                id="rating-keys",
            )

    @property
    def value(self) -> int | None:
        return self.entry.value

    def action_rate(self, digit: int) -> None:
        self.query_one(RatingScale).show(self.entry.digit(digit))

    def action_nudge(self, step: int) -> None:
        self.query_one(RatingScale).show(self.entry.nudge(step))

    def action_save(self) -> None:
        self.dismiss(self.entry.value)

    def action_skip(self) -> None:
        self.dismiss(None)
