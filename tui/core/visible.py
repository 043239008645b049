"""Text from a file is text: control characters made visible before anything reaches a terminal.

A routine is input from a stranger (shared, imported, copied from a forum), and so are the
history (which keeps routines as they were), a config file and a file's name. A terminal obeys
control characters wherever they come from: ESC starts sequences that set the window title, wipe
the screen or (OSC 52) write the person's clipboard; U+009B is the same CSI in one character;
BEL rings; CR and backspace overwrite what was printed. So every place that writes such text to
the terminal passes it through `visible` first, and what was a command becomes characters.

How they are shown: as `\\u001b`, the escape TOML and JSON themselves use for the character. It
is one form for all 65 of them (C0, DEL and C1: the control pictures block has no symbol for
C1), it is plain ASCII so it survives any terminal and encoding, it is what the person finds
(or types) in the file to fix it, and inside a JSON string it is a valid escape of the very same
character: `--json` output passed through `visible` stays valid JSON with the exact value.
"""

from __future__ import annotations

import re
from typing import TextIO

# C0 (U+0000–U+001F), DEL (U+007F) and C1 (U+0080–U+009F).
CONTROL_RE = re.compile("[\x00-\x1f\x7f-\x9f]")
# The same without newline, tab and a CR ending a line (CR LF), which multi-line text
# (instructions, a table, a file) keeps: they only move the cursor on to the next line or tab.
CONTROL_BUT_LINES_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)")


def _shown(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def visible(text: str, *, multiline: bool = False) -> str:
    """`text` with every control character written as its `\\u001b` escape. With `multiline`,
    newline, tab and CR LF stay as they are (they only move the cursor on); a lone CR does not."""
    pattern = CONTROL_BUT_LINES_RE if multiline else CONTROL_RE
    return pattern.sub(_shown, text) if pattern.search(text) else text


def has_control(text: str, *, multiline: bool = False) -> bool:
    """Whether `visible` would change `text` (the loader's check, with the same rule)."""
    return (CONTROL_BUT_LINES_RE if multiline else CONTROL_RE).search(text) is not None


def first_control(text: str, *, multiline: bool = False) -> str | None:
    """The first control character of `text`, as `visible` shows it, or None."""
    found = (CONTROL_BUT_LINES_RE if multiline else CONTROL_RE).search(text)
    return None if found is None else _shown(found)


class VisibleStream:
    """A text stream whose writes go through `visible` (newlines and tabs kept): the command
    line's standard output and error while a subcommand that prints text runs, so no line a
    subcommand prints (a table, a problem, JSON, CSV, an error) can carry a control character.
    Everything else (isatty, fileno, encoding, flush) is the wrapped stream's."""

    def __init__(self, stream: TextIO) -> None:
        self.wrapped = stream

    def write(self, text: str) -> int:
        self.wrapped.write(visible(text, multiline=True))
        return len(text)

    def writelines(self, lines: list[str]) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> object:
        return getattr(self.wrapped, name)
