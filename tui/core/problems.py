"""Problems found in a routine file: values with a place and a remedy, never exceptions."""

from __future__ import annotations

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
