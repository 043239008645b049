"""`unknot remind`: movement breaks every 30–45 minutes, and `--status` for a status bar.

Registered by tui.cli.main through `register(commands)`. `--status` is read by a tmux or shell
status bar every few seconds, so it imports only the reminder's core (no textual, no library): it
reads
the state file the running reminder keeps and prints one line.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from typing import Any

REMIND_HELP = """\
Show a small countdown to the next movement break. At the time it rings the terminal bell, sends a
desktop notification where the system has a way (notify-send, osascript or PowerShell), and Enter
starts the break's routine right there; after it the countdown starts again. A laptop that slept
through a break finds one break due when it wakes, never a pile of them. `--status` prints one
line for a tmux or shell status bar, such as "next break in 12m".
"""


def register(commands: Any) -> None:
    """Add `remind` to the `unknot` subcommands."""
    remind = commands.add_parser(
        "remind", help="a countdown to movement breaks, every 45 minutes", description=REMIND_HELP
    )
    remind.add_argument(
        "--every", metavar="LENGTH", default="45m", help='time between breaks (default "45m")'
    )
    remind.add_argument(
        "--routine",
        metavar="ID|FILE",
        default=None,
        help="the routine a break plays (default desk-break)",
    )
    remind.add_argument("--until", metavar="HH:MM", help="stop reminding at this time of day")
    remind.add_argument(
        "--status",
        action="store_true",
        help="print one line about the running reminder (for a status bar) and exit",
    )
    remind.set_defaults(handler=cmd_remind)


def cmd_remind(args: argparse.Namespace) -> int:
    from tui.cli.common import EXIT_OK, EXIT_PROBLEMS, UserError
    from tui.core import remind

    path = remind.state_path()
    if args.status:
        status = remind.read_status(path)
        line = remind.status_line(status, time.time())
        print(line)
        return EXIT_PROBLEMS if line == "reminder off" else EXIT_OK
    try:
        every = remind.parse_every(args.every)
        until = remind.parse_until(args.until) if args.until else None
    except remind.RemindError as exc:
        raise UserError(f"{exc} ({exc.hint})") from exc
    running = remind.read_status(path)
    if running is not None and running.pid != os.getpid() and remind.process_alive(running.pid):
        raise UserError(
            f"a reminder is already running (process {running.pid}); "
            "`unknot remind --status` shows where it is"
        )
    from tui.cli.common import library_timeline, load_library, resolve_routine

    library = load_library()
    routine = resolve_routine(args.routine or remind.DEFAULT_ROUTINE, library)
    library_timeline(library, routine)  # one that cannot expand is refused now, not at the break
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UserError("unknot remind needs a terminal; --status prints one line anywhere")
    plan = remind.RemindPlan(every=every, routine=routine.id, until=until)
    from tui.app.screens.remind import run_remind  # textual is imported only on this path

    run_remind(library, plan, routine, path)
    return EXIT_OK
