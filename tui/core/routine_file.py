"""One routine file as read: its id, its routine when it is sound, its problems when not.

Both passes of the loader report into it (the file on its own, then the library-wide pass), and
the key locations are worked out only when a problem needs a line number.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from tui.core.locate import KeyPath, line_of, locate_keys
from tui.core.problems import Problem, brief, key_text
from tui.core.routine import Routine

if TYPE_CHECKING:
    from tui.core.timeline import Timeline


@dataclass(eq=False)
class LoadedFile:
    """One routine file as read: the routine when it is sound, its problems when not."""

    path: Path
    id: str
    routine: Routine | None
    problems: list[Problem]
    bundled: bool = False
    text: str = field(default="", repr=False)
    includes: list[tuple[int, str]] = field(default_factory=list)  # (step number, id), as read
    # The expansion the library pass made for the 4-hour check, kept for a routine without
    # includes so playing it does not expand 10,000 steps a second time (Library.keep_timeline).
    timeline: Timeline | None = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        return self.routine is not None and not self.problems

    @cached_property
    def locations(self) -> dict[KeyPath, int]:
        """Key lines, found only when a problem needs one (most files never pay for it)."""
        try:
            return locate_keys(self.text)
        except Exception:  # a locator slip must cost a line number, never the report
            return {}

    def report(self, path: KeyPath, message: str, hint: str = "", *, missing: bool = False) -> None:
        """Record a problem at `path`; `missing` says a key is absent from the table at `path`,
        so the problem stands where that table starts (line 1 for the document itself)."""
        line = line_of(self.locations, path) if path else None
        if missing and not path:
            line = 1
        self.problems.append(Problem(self.path, line, key_text(path), brief(message), brief(hint)))
        self.routine = None


def routine_id(path: Path) -> str:
    return path.name.removesuffix(".toml")
