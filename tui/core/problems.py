"""Problems found in a routine file: values with a place and a remedy, never exceptions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from tui.core.locate import KeyPath
from tui.core.visible import visible


def key_text(path: KeyPath) -> str:
    """`("steps", 3, "hold")` → `steps[3].hold`, the way the format names a key. A key's own
    control characters are made visible: a key is text from the file."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            part = visible(part)
            text += f".{part}" if text else part
    return text or "(file)"


_LONG_QUOTE = re.compile(r"'([^'\n]{80,})'|\"([^\"\n]{80,})\"")
_LONG_NUMBER = re.compile(r"\d{30,}")


def brief(message: str) -> str:
    """A problem's message with a value quoted at length cut short: a name of 100,000 characters
    or a hold of 5,000 digits is reported in one readable line, with its size."""

    def quote(match: re.Match[str]) -> str:
        text = match.group(1) or match.group(2)
        mark = match.group()[0]
        return f"{mark}{text[:40]}…{mark} ({len(text):,} characters)"

    def number(match: re.Match[str]) -> str:
        return f"{match.group()[:12]}… ({len(match.group()):,} digits)"

    return _LONG_NUMBER.sub(number, _LONG_QUOTE.sub(quote, message))


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong in one file: where, what is wrong, and what would be right."""

    file: Path
    line: int | None
    key: str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else f"{self.file}"
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}: {self.key}: {self.message}{hint}"

    def to_json(self) -> dict[str, object]:
        return {"line": self.line, "path": self.key, "message": self.message, "hint": self.hint}
