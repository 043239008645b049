"""`unknot figure NAME` prints a pose's stick figure; `unknot figure --list` names them all.

For checking a figure by eye, and for choosing one for a step's `figure` key. Registered by
tui.cli.main; textual-free like the rest of the command line. `figure_block` is also what
`unknot show ID --figures` prints under each step.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from tui.cli.common import EXIT_OK, UserError, print_table

if TYPE_CHECKING:
    from tui.core.timeline import Timeline

DEFAULT_WIDTH = 40
DEFAULT_HEIGHT = 14


def _size(text: str) -> int:
    value = int(text)
    if not 1 <= value <= 400:
        raise argparse.ArgumentTypeError("a size from 1 to 400")
    return value


def braille_safe_stdout() -> None:
    """Braille needs UTF-8; an ASCII-only pipe gets '?' for each cell instead of a crash."""
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="replace")


def figure_block(name: str, width: int, height: int, side: str | None = None) -> list[str]:
    """The figure called `name` as lines of braille, without the blank lines above it (a figure
    lying down is wide and low); UserError with the nearest name if there is no such figure."""
    from tui.core import figures

    try:
        figure = figures.get(name)
    except KeyError:
        near = figures.nearest(name)
        hint = f"; did you mean {near!r}?" if near else ""
        raise UserError(
            f"no figure is called {name!r}{hint} (`unknot figure --list` names them all)"
        ) from None
    lines = figures.render(figure.for_side(side), width, height)
    blank = chr(0x2800) * width
    while len(lines) > 1 and lines[0] == blank:
        lines.pop(0)
    return lines


def print_step_figures(timeline: Timeline, width: int = DEFAULT_WIDTH, height: int = 10) -> None:
    """Each played step that names a figure, with the figure (`unknot show ID --figures`): for
    a step with sides, as its first side; the player mirrors it for the other."""
    steps = [played for played in timeline.steps if played.step.figure]
    print("\nFigures")
    if not steps:
        print("  none of its steps names a figure")
        return
    braille_safe_stdout()
    for played in steps:
        step = played.step
        side = step.sides[0] if step.sides else None
        shown = f", {side} side" if side else ""
        print(f"\n{played.number}. {played.name} ({step.figure}{shown})")
        print("\n".join(figure_block(step.figure, width, height, side)))


def cmd_figure(args: argparse.Namespace) -> int:
    from tui.core import figures

    if args.list:
        rows = [("NAME", "VIEW", "SIDE", "WHAT IT SHOWS")]
        for name in figures.names():
            figure = figures.get(name)
            rows.append((name, figure.view, figure.side, figure.title))
        print_table(rows)
        return EXIT_OK
    if not args.name:
        raise UserError("name a figure (`unknot figure --list` names them all)")
    lines = figure_block(args.name, args.width, args.height, args.side)
    braille_safe_stdout()
    figure = figures.get(args.name).for_side(args.side)
    side = f" ({figure.side} side)" if figure.side else ""
    print(f"{figure.name}: {figure.title}{side}")
    print("\n".join(lines))
    return EXIT_OK


def register(commands: Any) -> None:
    """Add `figure` to the `unknot` subcommands."""
    figure = commands.add_parser(
        "figure",
        help="print a pose's stick figure, or --list them",
        description="Print one of the stick figures a step can show with `figure = NAME`.",
    )
    figure.add_argument("name", nargs="?", metavar="NAME", help="the figure to print")
    figure.add_argument("--list", action="store_true", help="list every figure's name")
    figure.add_argument(
        "--side", choices=("left", "right"), help="draw it for this side (mirrored if need be)"
    )
    figure.add_argument(
        "--width", type=_size, default=DEFAULT_WIDTH, help=f"cells across (default {DEFAULT_WIDTH})"
    )
    figure.add_argument(
        "--height", type=_size, default=DEFAULT_HEIGHT, help=f"lines (default {DEFAULT_HEIGHT})"
    )
    figure.set_defaults(handler=cmd_figure)
