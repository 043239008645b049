"""Replaying a past session: as it was played, or as its routine was then.

Both ways give a **Routine** (built from the session's kept snapshot, never from the routine file,
so a replay works after the file changed or was deleted), and the timeline is that routine
expanded. A replay therefore plays through the same screens as any routine, and the recorder
keeps the replay's own snapshot, which replays the same again.

"As played" turns the session's segments into steps:
- a step whose segments were all played as planned (or whose holds were all extended alike) is
  kept whole, sides, reps and all;
- otherwise each played hold becomes a step of its own at its played length (an extension or a
  release kept), an added spot in its place; the get-ready and switch time before a hold is that
  step's prep, the rest after it the step's rest. One routine step holds every side for the same
  time, so a switch between two holds of different lengths replays as a get-ready of its length;
- skipped segments are left out, and so is whatever led only to them (the get-ready before a
  skipped hold, the rest after it). A session that was stopped replays as far as it went: the
  segment it stopped in at the length it ran to, nothing after. A session cut off (the app quit,
  the process killed) replays up to and including the part that was running then, at that
  part's length: how far into it the person got is not known when the process was killed, and
  the part was not left by choice.

Lengths are whole seconds, as in a routine file; a breathing hold keeps a whole number of breaths.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from tui.core.durations import Hold
from tui.core.history import HistoryStore
from tui.core.history_rows import HistoryError, SegmentRow, SessionDetail
from tui.core.routine import Routine, Step, StepEntry

if TYPE_CHECKING:
    from tui.core.timeline import PlayedStep, Segment, Timeline

ReplayMode = Literal["as-played", "as-routine"]
AS_PLAYED: ReplayMode = "as-played"
AS_ROUTINE: ReplayMode = "as-routine"

MAX_NAME = 80  # the format's limit on a routine's name
MAX_HOLD = 3600
MAX_GAP = 600  # prep, rest and switch
REPLAY_SUFFIX = "-replay"


class ReplayError(Exception):
    """A session that cannot be replayed the way asked (the message says why and what to do)."""


# ---- choosing a session ------------------------------------------------------------------------


def pick_session(
    store: HistoryStore,
    session_id: int | None = None,
    *,
    favourite: bool = False,
) -> SessionDetail:
    """The session `unknot replay` means: by number; with `favourite`, the newest starred
    session (or, with none starred, the last session of the most recently starred routine);
    otherwise the newest session."""
    if session_id is not None:
        detail = store.session(session_id)
        if detail is None:
            raise ReplayError(
                f"no session has the number {session_id} (`unknot history` lists them)"
            )
        return detail
    if favourite:
        starred = store.favourite_sessions()
        summary = starred[0] if starred else None
        for routine_id in [] if summary else store.favourite_routines():
            summary = store.last_session(routine_id)
            if summary is not None:
                break
        if summary is None:
            raise ReplayError(
                "nothing is starred yet: star a session in the history (f), "
                "or a routine in the library"
            )
    else:
        summary = store.last_session()
        if summary is None:
            raise ReplayError("no sessions yet: play a routine (unknot play ID) first")
    detail = store.session(summary.id)
    if detail is None:  # deleted by another process between the two reads
        raise ReplayError(f"session {summary.id} was just deleted")
    return detail


# ---- the routine to replay ---------------------------------------------------------------------


def replay_routine(detail: SessionDetail, mode: ReplayMode = AS_PLAYED) -> Routine:
    """The routine that replays `detail` as played, or as its routine was then."""
    if mode == AS_ROUTINE:
        try:
            return detail.routine()
        except HistoryError as exc:
            raise ReplayError(f"{exc}; it can still be replayed as played") from exc
    return as_played(detail)


def replay_timeline(detail: SessionDetail, mode: ReplayMode = AS_PLAYED) -> Timeline:
    """`replay_routine` expanded: a replay routine never has includes, so no library is needed."""
    from tui.core.timeline import build_timeline

    return build_timeline(replay_routine(detail, mode))


def as_played(detail: SessionDetail) -> Routine:
    """A routine whose timeline is the session as it was played (see the module's notes).
    It keeps the routine's id, so a replay counts with its routine in the history."""
    base, planned = _snapshot(detail)
    steps = tuple(_played_steps(detail.segments, base, planned))
    if not any(isinstance(step, Step) for step in steps):
        raise ReplayError(f"{_why_nothing(detail.segments)}; replay it as its routine was instead")
    return dataclasses.replace(base, name=_named(base.name, " (as played)"), steps=steps)


def _why_nothing(rows: Sequence[SegmentRow]) -> str:
    """Why an as-played replay has no step: every part skipped, or the session ended before
    its first hold began (a stop or a cut-off in the first get-ready)."""
    parts = [row for row in rows if row.kind in ("hold", "manual") and not row.added]
    if parts and all(row.status == "skipped" for row in parts):
        return "nothing of this session was played (every part was skipped)"
    return "nothing of this session was played (it ended before its first step began)"


def _snapshot(detail: SessionDetail) -> tuple[Routine, dict[int, PlayedStep]]:
    """The routine as it was, and its played steps by number. A snapshot that no longer reads
    still replays as played, from what the segment rows say (names, kinds, lengths)."""
    try:
        routine = detail.routine()
        timeline = detail.timeline()
    except (HistoryError, ValueError):
        summary = detail.summary
        routine = Routine(
            id=summary.routine_id,
            name=summary.routine_name or summary.routine_id,
            summary="Replayed from your history.",
            areas=summary.areas or ("upper-back",),
            steps=(),
        )
        return routine, {}
    return routine, {played.number: played for played in timeline.steps}


def _named(name: str, suffix: str) -> str:
    room = MAX_NAME - len(suffix)
    return (name if len(name) <= room else name[: room - 1].rstrip() + "…") + suffix


# ---- segments to steps -------------------------------------------------------------------------


@dataclass(slots=True)
class _Draft:
    """A step being built from one played hold (its rest grows as rest segments follow it)."""

    step: Step
    prep: int
    rest: int = 0


def _played_steps(
    rows: Sequence[SegmentRow], base: Routine, planned: dict[int, PlayedStep]
) -> Iterator[StepEntry]:
    """Walk the rows in played order, one original step at a time."""
    pending_prep = 0  # get-ready and switch seconds waiting for the next played hold
    open_draft: _Draft | None = None  # the last hold's step, which a following rest belongs to
    for number, group in groupby(rows, key=lambda row: row.step):
        segment_rows = list(group)
        whole = _whole_step(segment_rows, planned.get(number))
        if whole is not None:
            if open_draft is not None:
                yield _finish(open_draft, base)
            open_draft, pending_prep = None, 0
            yield whole
            continue
        for row in segment_rows:
            length = _played_length(row)
            if length is None:  # not played: what led only to it goes with it
                if not row.added and row.kind in ("hold", "manual"):
                    pending_prep = 0
                    if open_draft is not None:
                        yield _finish(open_draft, base)
                        open_draft = None
                continue
            if row.kind in ("prep", "switch"):
                pending_prep += length
            elif row.kind == "rest":
                if open_draft is not None:
                    open_draft.rest += length
            else:
                if open_draft is not None:
                    yield _finish(open_draft, base)
                    open_draft = None
                step = _step_of(row, length, planned.get(number))
                if row.kind == "manual":
                    yield step
                else:
                    open_draft = _Draft(step, prep=pending_prep)
                pending_prep = 0
    if open_draft is not None:
        yield _finish(open_draft, base)


def _played_length(row: SegmentRow) -> int | None:
    """Whole seconds the segment played for, or None when it does not replay: skipped, not
    reached, or stopped within its first second. The part running when the session was cut off
    (`current`) replays at its length as it stood then (see the module's notes)."""
    if row.status in ("done", "current"):
        if row.kind == "manual":
            return 0
        seconds = row.released_at if row.released_at is not None else row.planned + row.extended
    elif row.status == "stopped" and row.kind != "manual":
        seconds = row.actual
    else:
        return None
    whole = round(seconds)
    if row.kind == "hold":
        return min(MAX_HOLD, max(1, whole)) if seconds >= 0.5 or row.status != "stopped" else None
    return min(MAX_GAP, whole) if whole > 0 else None


def _whole_step(rows: list[SegmentRow], played: PlayedStep | None) -> Step | None:
    """The original step, if its segments were all played as planned with every hold the same
    length (then only the hold's length may differ from the plan); else None."""
    if played is None or played.step.manual or played.step.hold is None:
        return None
    expected = [(s.kind, s.side, s.rep) for s in _segments_of(played)]
    if [(r.kind, r.side, r.rep) for r in rows] != expected:
        return None  # a spot added, or the plan had more segments than were recorded
    if any(r.status != "done" or r.added for r in rows):
        return None
    lengths = {_played_length(r) for r in rows if r.kind == "hold"}
    if len(lengths) != 1:
        return None
    (length,) = lengths
    step = played.step
    assert length is not None and step.hold is not None
    if length == step.hold.seconds:
        return step
    return dataclasses.replace(step, hold=_hold_for(length, step))


def _segments_of(played: PlayedStep) -> list[Segment]:
    """The planned segments of one played step, built alone (a step's segments do not depend
    on its neighbours, except the rest after the routine's last step)."""
    from tui.core.timeline import _segments

    alone = list(_segments((played, played)))  # as if another step followed: its rest included
    half = len(alone) // 2
    return alone[:half]


def _step_of(row: SegmentRow, length: int, played: PlayedStep | None) -> Step:
    """One played hold (or manual step) as a step of its own."""
    if played is None:
        if row.kind == "manual":
            return Step(name=row.name[:60] or "Step", manual=True)
        sides = (row.side,) if row.side else ()
        return Step(name=row.name[:60] or "Step", hold=Hold(length, length), sides=sides)
    step = played.step
    if row.kind == "manual":
        return dataclasses.replace(step, sides=(), reps=1, prep=None, rest=None, switch=None)
    return dataclasses.replace(
        step,
        hold=_hold_for(length, step),
        sides=(row.side,) if row.side else (),
        reps=1,
        switch=None,
    )


def _hold_for(length: int, step: Step) -> Hold:
    """The hold to play `length` seconds: the step's own when unchanged (a range stays a range,
    so it can be released again), else a fixed one; a breathing hold stays whole breaths."""
    if step.hold is not None and length == step.hold.seconds:
        return step.hold
    if step.breathe is not None:
        cycle = sum(step.breathe)
        length = max(cycle, round(length / cycle) * cycle)
        length = min(length, MAX_HOLD - MAX_HOLD % cycle)
    return Hold(length, length)


def _finish(draft: _Draft, base: Routine) -> Step:
    """Write the draft's prep and rest, leaving out what the routine's defaults already give."""
    defaults = base.defaults
    return dataclasses.replace(
        draft.step,
        prep=None if draft.prep == defaults.prep else draft.prep,
        rest=None if draft.rest == defaults.rest else draft.rest,
    )


# ---- save as routine ---------------------------------------------------------------------------


def replay_id(detail: SessionDetail) -> str:
    """The id a saved replay gets: the routine's own id (or its name's) + "-replay"."""
    from tui.core.draft import MAX_ID_LENGTH, id_from_name
    from tui.core.schema import ID_RE

    stem = detail.summary.routine_id
    if not ID_RE.match(stem):
        stem = id_from_name(detail.summary.routine_name)
    room = MAX_ID_LENGTH - len(REPLAY_SUFFIX)
    if len(stem) > room:
        stem = stem[:room].rstrip("-")
    return stem + REPLAY_SUFFIX


def saved_routine(detail: SessionDetail, folder: Path, routine_id: str | None = None) -> Routine:
    """The session as played, as a routine of the person's own: a new id and name, a line saying
    where it came from, and only the cue sounds that will still be found beside it."""
    routine = as_played(detail)
    day = detail.summary.started.date()
    name = _named(_original_name(detail), f" (as played {_day_text(day)})")
    origin = f"Saved from your session of {_day_text(day)}, as you played it."
    description = f"{origin}\n\n{routine.description.strip()}".strip()
    sounds = tuple((cue, path) for cue, path in routine.cues.sounds if (folder / path).is_file())
    return dataclasses.replace(
        routine,
        id=routine_id or replay_id(detail),
        name=name,
        description=description,
        cues=dataclasses.replace(routine.cues, sounds=sounds),
        path=None,
        bundled=False,
    )


def save_as_routine(
    detail: SessionDetail,
    folder: Path | None = None,
    *,
    routine_id: str | None = None,
    replace: bool = False,
) -> Path:
    """Write the session as played into the person's routines (default: their folder).

    Never overwrites unasked: `saving.RoutineExists` when the file is there and `replace` is
    false (the caller asks, then calls again with `replace=True`); `saving.SaveRefused` for
    anything else saving refuses. Returns the path written.
    """
    from tui.core.saving import save_user_routine

    if folder is None:
        from tui.core.paths import Locations

        folder = Locations.current().routines
    return save_user_routine(saved_routine(detail, folder, routine_id), folder, replace=replace)


def _original_name(detail: SessionDetail) -> str:
    return detail.summary.routine_name or detail.summary.routine_id


def _day_text(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def kept_rows(rows: Iterable[SegmentRow]) -> list[SegmentRow]:
    """The rows an as-played replay keeps (for the history's details and the tests)."""
    return [row for row in rows if _played_length(row) is not None]
