"""What the history holds, as values: a session as it starts, its segments and pauses as played,
a line of the history list, and a session in full (enough to replay it). The store
(tui/core/history.py) reads and writes them; the recorder, the stats and the screens read them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Literal

from tui.core.history_snapshot import Snapshot, SnapshotError, routine_from_snapshot

if TYPE_CHECKING:
    from tui.core.routine import Routine
    from tui.core.timeline import Timeline

SessionState = Literal["completed", "stopped", "interrupted"]
EndState = Literal["completed", "stopped"]


class HistoryError(Exception):
    """A history operation that cannot be done (an unknown session, a rating out of range)."""


@dataclass(frozen=True, slots=True)
class NewSession:
    """What is known when play starts. `started` is an aware datetime: its offset decides the
    local day the session counts for, whatever time zone the history is read in later."""

    routine_id: str
    routine_name: str
    areas: tuple[str, ...]
    snapshot: Snapshot
    planned: float
    started: datetime
    routine_path: str | None = None
    tension_before: int | None = None
    # Each area's own 0–10 rating before the session (today's check-in), in the format's order.
    # When given, `tension_before` left None becomes the highest of them, for the lists.
    area_ratings: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True, slots=True)
class SegmentRow:
    """One segment as played. `status` is the player's (done, skipped, stopped, current,
    upcoming); `outcome` the summary's word (done, skipped, extended, released, added, …)."""

    position: int
    step: int
    name: str
    kind: str
    side: str | None
    rep: int
    planned: float
    extended: float = 0.0
    released_at: float | None = None
    added: bool = False
    status: str = "upcoming"
    outcome: str = "upcoming"
    actual: float = 0.0


@dataclass(frozen=True, slots=True)
class PauseRow:
    """A pause at `at` seconds of playing time; `seconds` None while it is still open."""

    n: int
    at: float
    seconds: float | None


@dataclass(frozen=True, slots=True)
class AreaRating:
    """One area's tension before and after a session rated per area (None: not given)."""

    area: str
    before: int | None
    after: int | None = None


@dataclass(frozen=True, slots=True)
class SessionSummary:
    """One line of the history: what the list, `unknot history` and the stats show."""

    id: int
    routine_id: str
    routine_name: str
    areas: tuple[str, ...]
    started: datetime  # in the offset it was played in
    ended: datetime | None
    planned: float
    actual: float
    state: SessionState
    tension_before: int | None
    tension_after: int | None
    favourite: bool
    # (area, before, after) for a session rated per area; () for one rated as a whole.
    area_ratings: tuple[AreaRating, ...] = ()

    @property
    def day(self) -> date:
        return self.started.date()


@dataclass(frozen=True, slots=True)
class SessionDetail:
    """A session in full: enough to show it, and to replay it as played or as its routine was."""

    summary: SessionSummary
    routine_path: str | None
    snapshot: Snapshot
    segments: tuple[SegmentRow, ...]
    pauses: tuple[PauseRow, ...]

    @property
    def id(self) -> int:
        return self.summary.id

    def routine(self) -> Routine:
        """The routine as it was then (HistoryError if the snapshot no longer parses)."""
        try:
            return routine_from_snapshot(self.snapshot, self.summary.routine_id, self.routine_path)
        except SnapshotError as exc:
            raise HistoryError(str(exc)) from exc

    def timeline(self) -> Timeline:
        """The snapshot expanded: a snapshot never has includes, so no library is needed."""
        from tui.core.timeline import build_timeline

        return build_timeline(self.routine())
