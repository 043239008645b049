"""The exit codes `unknot` documents, defined once: the command line (tui/cli/common.py) and plain
mode (which may not import the command line) both read them here."""

from __future__ import annotations

EXIT_OK = 0
EXIT_PROBLEMS = 1  # a routine has problems, or the routine asked for was not found
EXIT_USAGE = 2  # the command line itself is wrong (argparse's own code)
EXIT_INTERNAL = 70  # a bug in unknot; the message asks for a report
EXIT_INTERRUPTED = 130  # Ctrl+C
