"""Stick figures of the poses, as data, drawn in braille: what a step's `figure` key names.

The bundled figures live in `bundled.figures` beside this file (see fileformat.py for the
format), so the wheel carries them as package data. Pure: no Textual, nothing read at import
time; the file is read once, on first use.
"""

from __future__ import annotations

import functools
from importlib import resources

from tui.core.figure_names import bundled_names
from tui.core.figures.draw import render
from tui.core.figures.fileformat import FigureFileError, parse
from tui.core.figures.model import Figure

__all__ = [
    "Figure",
    "FigureFileError",
    "bundled",
    "bundled_names",
    "draw",
    "get",
    "names",
    "nearest",
    "render",
]

BUNDLED_FILE = "bundled.figures"


@functools.cache
def _bundled_text() -> str:
    return resources.files(__package__).joinpath(BUNDLED_FILE).read_text(encoding="utf-8")


@functools.cache
def bundled() -> dict[str, Figure]:
    """Every figure unknot ships, by name, in the file's order."""
    return {figure.name: figure for figure in parse(_bundled_text(), BUNDLED_FILE)}


def names() -> list[str]:
    """The bundled figures' names, sorted: what `unknot figure --list` and the builder offer."""
    return sorted(bundled())


def get(name: str) -> Figure:
    """The bundled figure called `name`; KeyError if there is none."""
    return bundled()[name]


def nearest(name: str) -> str | None:
    """The bundled name closest to `name`, for a hint after a typo."""
    import difflib  # only a typo pays for it

    close = difflib.get_close_matches(name, names(), n=1, cutoff=0.5)
    return close[0] if close else None


def draw(name: str, width: int, height: int, side: str | None = None) -> list[str]:
    """A bundled figure as braille lines, mirrored if `side` is the other side from its own."""
    return render(get(name).for_side(side), width, height)
