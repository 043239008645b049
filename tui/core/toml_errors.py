"""A TOML syntax error as the parser itself placed it: its message, line and column.

Routines and config.toml are both hand-written, so both report a syntax error the same way, at
the line and column where tomllib stopped. Python 3.14's TOMLDecodeError carries `lineno` and
`colno`; before that the position is only in the message ("(at line 3, column 9)", or "(at end of
document)", which is the position just past the last character), so it is read from there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)|\s*\(at end of document\)")


@dataclass(frozen=True, slots=True)
class TomlSyntax:
    """What is wrong (lower-case first, no position), and where: 1-based line and column."""

    message: str
    line: int | None
    column: int | None

    def text(self) -> str:
        """`invalid value at column 9`: the message a problem shows beside its line."""
        return f"{self.message} at column {self.column}" if self.column else self.message


def end_of(text: str) -> tuple[int, int]:
    """The line and column just past the last character, as tomllib counts them."""
    line = text.count("\n") + 1
    return line, len(text) - (text.rfind("\n") + 1) + 1


def toml_syntax(exc: ValueError, text: str) -> TomlSyntax:
    line: int | None = getattr(exc, "lineno", None)
    column: int | None = getattr(exc, "colno", None)
    message = getattr(exc, "msg", None) or str(exc)
    found = _POSITION.search(message)
    if found:
        if line is None:
            if found.group(1):
                line, column = int(found.group(1)), int(found.group(2))
            else:
                line, column = end_of(text)
        message = message[: found.start()] + message[found.end() :]
    message = message.strip()
    return TomlSyntax(message[:1].lower() + message[1:], line, column)
