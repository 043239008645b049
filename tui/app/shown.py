"""A file's text on a Textual screen: shown as it is, never obeyed.

Two things would otherwise obey it: the terminal (control characters, which `visible` writes as
their escapes) and Textual's markup (a routine named `[b]x` or `[@click=app.quit]`). So text from
a routine, the history, a config file or a file name reaches a screen as `Content` built from
the made-visible string, never as a markup string.
"""

from __future__ import annotations

from rich.text import Text
from textual.content import Content

from tui.core.visible import visible


def shown(text: str, *, multiline: bool = False) -> Content:
    """`text` as Content: control characters visible, markup shown as written."""
    return Content(visible(text, multiline=multiline))


def shown_text(text: str, style: str = "", *, multiline: bool = False) -> Text:
    """The same as a Rich Text, for the widgets that assemble Text (tables, the builder)."""
    return Text(visible(text, multiline=multiline), style=style)
