"""The `unknot` command line.

Every subcommand but the app itself runs without importing textual, so `unknot list` answers
in a blink and works over the thinnest SSH link. No traceback ever reaches a person: errors are
printed as one line and mapped to the exit codes documented in the README.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from types import SimpleNamespace
from typing import TYPE_CHECKING

from tui import __version__
from tui.cli.common import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_OK, EXIT_PROBLEMS, UserError
from tui.cli.routines import cmd_app
from tui.core.visible import VisibleStream, visible
from tui.core.write_errors import is_ordinary, write_problem

if TYPE_CHECKING:
    import argparse


def build_parser() -> argparse.ArgumentParser:
    import argparse

    # The subcommands' modules are imported here, not at the top: `unknot` alone opens the app
    # without building this parser, and its first frame does not wait for them.
    from tui.cli import (
        audio,
        builder,
        completion,
        figures,
        history,
        remind,
        routines,
        schema,
        today,
    )

    parser = argparse.ArgumentParser(
        prog="unknot",
        description="A terminal coach for routines that release back muscle knots.",
        epilog="With no command, unknot opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"unknot {__version__}")
    # `parser` is the whole parser, for `unknot completion`, which writes its scripts from it:
    # importing this module from there would make the command line import itself in a circle.
    parser.set_defaults(handler=cmd_app, parser=parser)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    # Each feature adds its subcommands from its own module, so this file does not grow with every
    # feature. Their imports stay light: heavy work is imported in the handlers.
    for module in (routines, today, history, audio, builder, remind, completion, figures, schema):
        module.register(commands)
    return parser


def own_escapes() -> tuple[object, ...]:
    """The players write their own escape codes (plain mode's colour, the bell) and make a
    routine's text visible themselves; every other subcommand prints through VisibleStream."""
    from tui.cli import history, routines, today

    return (routines.cmd_play, history.cmd_replay, today.cmd_today)


def main(argv: Sequence[str] | None = None) -> int:
    given = sys.argv[1:] if argv is None else list(argv)
    # `unknot` alone opens the app at once, with no subcommand's parser built first.
    args = build_parser().parse_args(given) if given else SimpleNamespace(handler=cmd_app)
    streams = sys.stdout, sys.stderr
    if args.handler is not cmd_app and args.handler not in own_escapes():
        # A file's text (a routine, the history, a file name) never drives the terminal.
        sys.stdout = VisibleStream(sys.stdout)
        sys.stderr = VisibleStream(sys.stderr)
    try:
        return _run(args)
    finally:
        sys.stdout, sys.stderr = streams


def _run(args: argparse.Namespace | SimpleNamespace) -> int:
    try:
        code = int(args.handler(args))
        sys.stdout.flush()  # a full disk under `unknot export ID > file` is said here
        return code
    except UserError as exc:
        print(visible(f"unknot: {exc}", multiline=True), file=sys.stderr)
        return EXIT_PROBLEMS
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # `unknot list | head`: the reader left; say nothing more.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as exc:
        if not is_ordinary(exc) or os.environ.get("UNKNOT_DEBUG"):
            return _bug(exc)
        # A read-only folder, a full disk, a folder in the way: the person's to fix, not a bug.
        print(visible(f"unknot: {write_problem(None, exc)}"), file=sys.stderr)
        return EXIT_PROBLEMS
    except Exception as exc:
        return _bug(exc)


def _bug(exc: BaseException) -> int:
    """A bug in unknot: one line says so (UNKNOT_DEBUG=1 shows the traceback)."""
    if os.environ.get("UNKNOT_DEBUG"):
        raise exc
    print(
        visible(
            f"unknot: unexpected error ({type(exc).__name__}: {exc}); "
            "please report it (UNKNOT_DEBUG=1 shows the details)"
        ),
        file=sys.stderr,
    )
    return EXIT_INTERNAL
