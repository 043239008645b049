"""What the player shows of itself, kept up to date only where it changed.

After every part the views read the player: the recorder its segments, the sidebar each step's
progress. Copying 10,000 segments and working out 10,000 steps' progress after every one-second
hold made each part cost more the longer the routine was. The player changes only the segments
around the current one while it plays (the one left, the one entered, the one gone back to), so
this keeps the copies and the progress and refreshes just those; a command that moves every later
segment (a skip, a release, another spot) refreshes everything once.
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Sequence

from tui.core.player_records import (
    LiveSegment,
    StepProgress,
    one_step_progress,
    segments_by_step,
)
from tui.core.timeline import PlayedStep


class LiveView:
    """Copies of the player's live segments and each step's progress, refreshed where touched."""

    def __init__(self, steps: Sequence[PlayedStep], live: list[LiveSegment]) -> None:
        self._steps = steps
        self._live = live  # the player's own list
        self._position = {played.number: k for k, played in enumerate(steps)}
        self._copies: list[LiveSegment] = []
        self._by_step: dict[int, list[LiveSegment]] = {}
        self._progress: list[StepProgress] = []
        self._dirty: set[int] = set()
        self._all = True
        self.statuses: Counter[str] = Counter()  # steps by status: done, skipped, …
        self.extended = 0  # segments extended at least once
        self.added = 0  # holds added with "another spot"

    def touch(self, first: int, last: int) -> None:
        """Segments `first`…`last` (clamped) may have changed."""
        self._dirty.update(range(max(0, first), min(len(self._live), last + 1)))

    def touch_all(self) -> None:
        """Every segment may have changed, or moved (another spot was inserted)."""
        self._all = True

    def segments(self) -> tuple[LiveSegment, ...]:
        self._refresh()
        return tuple(self._copies)

    def progress(self) -> list[StepProgress]:
        self._refresh()
        return list(self._progress)

    def counts(self) -> tuple[Counter[str], int, int]:
        """Steps by status, extended segments, added holds: kept as the copies change."""
        self._refresh()
        return self.statuses, self.extended, self.added

    def _refresh(self) -> None:
        if self._all:
            self._all, self._dirty = False, set()
            self._copies = [copy.copy(s) for s in self._live]
            self._by_step = segments_by_step(self._live)
            self._progress = [
                one_step_progress(played, self._by_step.get(played.number, ()))
                for played in self._steps
            ]
            self.statuses = Counter(p.status for p in self._progress)
            self.extended = sum(1 for c in self._copies if c.extended)
            self.added = sum(1 for c in self._copies if c.added)
            return
        if not self._dirty:
            return
        steps = set()
        for j in self._dirty:
            old, new = self._copies[j], copy.copy(self._live[j])
            self.extended += bool(new.extended) - bool(old.extended)
            self.added += bool(new.added) - bool(old.added)
            self._copies[j] = new
            steps.add(new.step_number)
        self._dirty.clear()
        for number in steps:
            k = self._position.get(number)
            if k is not None:
                played = self._steps[k]
                self.statuses[self._progress[k].status] -= 1
                self._progress[k] = one_step_progress(played, self._by_step.get(number, ()))
                self.statuses[self._progress[k].status] += 1
