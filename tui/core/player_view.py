"""What the player shows of itself, kept up to date only where it changed.

After every part the views read the player: the recorder its segments, the sidebar each step's
progress. Copying 10,000 segments and working out 10,000 steps' progress after every one-second
hold made each part cost more the longer the routine was. The player changes only the segments
around the current one while it plays (the one left, the one entered, the one gone back to), so
this keeps the copies and the progress and refreshes just those; a command that moves every later
segment (a skip, a release, another spot) refreshes everything once.
"""

from __future__ import annotations

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
    """Copies of the player's live segments and each step's progress, refreshed where touched.

    A step's progress is worked out when first asked for or touched: until then it is upcoming
    (nothing of it has been played), which is all the counts need to know about it."""

    def __init__(self, steps: Sequence[PlayedStep], live: list[LiveSegment]) -> None:
        self._steps = steps
        self._live = live  # the player's own list
        self._position = {played.number: k for k, played in enumerate(steps)}
        self._copies: list[LiveSegment] = []
        self._by_step: dict[int, list[LiveSegment]] = {}
        self._progress: list[StepProgress | None] = []
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

    def progress(self, first: int = 0, count: int | None = None) -> list[StepProgress]:
        """Each step's progress, or those of positions `first`… (`count` of them)."""
        self._refresh()
        end = len(self._steps) if count is None else min(len(self._steps), first + count)
        return [self._step(k) for k in range(first, end)]

    def counts(self) -> tuple[Counter[str], int, int]:
        """Steps by status, extended segments, added holds: kept as the copies change."""
        self._refresh()
        return self.statuses, self.extended, self.added

    def _step(self, k: int) -> StepProgress:
        known = self._progress[k]
        if known is None:
            played = self._steps[k]
            known = one_step_progress(played, self._by_step.get(played.number, ()))
            self._progress[k] = known
        return known

    def _refresh(self) -> None:
        if self._all:
            self._all, self._dirty = False, set()
            self._copies = [s.__copy__() for s in self._live]
            self._by_step = segments_by_step(self._live)
            # A step none of whose segments has been reached is upcoming: worked out when asked.
            self._progress = [None] * len(self._steps)
            reached = {s.step_number for s in self._live if s.status != "upcoming"}
            self.statuses = Counter({"upcoming": len(self._steps) - len(reached)})
            for number in reached:
                k = self._position.get(number)
                if k is not None:
                    self.statuses[self._step(k).status] += 1
            self.extended = sum(1 for c in self._copies if c.extended)
            self.added = sum(1 for c in self._copies if c.added)
            return
        if not self._dirty:
            return
        steps = set()
        for j in self._dirty:
            old, new = self._copies[j], self._live[j].__copy__()
            self.extended += bool(new.extended) - bool(old.extended)
            self.added += bool(new.added) - bool(old.added)
            self._copies[j] = new
            steps.add(new.step_number)
        self._dirty.clear()
        for number in steps:
            k = self._position.get(number)
            if k is not None:
                known = self._progress[k]
                self.statuses[known.status if known is not None else "upcoming"] -= 1
                self._progress[k] = None
                self.statuses[self._step(k).status] += 1
