"""How the history's rows are read from and written to its tables: the column lists, the
summary query every list shares, and one session's details.

Kept apart from history.py so the store there is about transactions, locking and recovery
(what keeps a session safe), while this module is about the shape of the tables (what a row
means); stats.py keeps its own queries next to the rules they serve.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import fields
from datetime import datetime, timedelta, timezone
from typing import Any

from tui.core.history_rows import (
    AreaRating,
    PauseRow,
    SegmentRow,
    SessionDetail,
    SessionSummary,
)
from tui.core.history_snapshot import Snapshot

SEGMENT_FIELDS = tuple(f.name for f in fields(SegmentRow))  # the table's columns, in order
SEGMENT_COLUMNS = ", ".join(SEGMENT_FIELDS)


def segment_row(row: Sequence[Any]) -> SegmentRow:
    """A segments row, read in `SEGMENT_COLUMNS` order (SQLite keeps `added` as 0 or 1)."""
    values = dict(zip(SEGMENT_FIELDS, row, strict=True))
    values["added"] = bool(values["added"])
    return SegmentRow(**values)


SUMMARY_SQL = """SELECT s.id, s.routine_id, s.routine_name, s.areas, s.started_at, s.utc_offset,
        s.ended_at, s.planned, s.actual, s.end_state, s.tension_before, s.tension_after,
        EXISTS (SELECT 1 FROM favourite_sessions f WHERE f.session_id = s.id),
        (SELECT group_concat(r.area || ':' || ifnull(r.tension_before, '') || ':'
                             || ifnull(r.tension_after, ''), ',')
         FROM area_ratings r WHERE r.session_id = s.id)
    FROM sessions s"""


def summary_of(row: tuple[Any, ...]) -> SessionSummary:
    zone = timezone(timedelta(seconds=row[5]))
    return SessionSummary(
        id=row[0],
        routine_id=row[1],
        routine_name=row[2],
        areas=tuple(a for a in row[3].split(",") if a),
        started=datetime.fromtimestamp(row[4], zone),
        ended=None if row[6] is None else datetime.fromtimestamp(row[6], zone),
        planned=row[7],
        actual=row[8],
        state=row[9] or "interrupted",
        tension_before=row[10],
        tension_after=row[11],
        favourite=bool(row[12]),
        area_ratings=area_ratings_of(row[13]),
    )


def area_ratings_of(text: str | None) -> tuple[AreaRating, ...]:
    """`area:before:after,…` (empty for None) as AreaRatings, in the format's area order."""
    from tui.core.routine import AREAS

    if not text:
        return ()
    found = []
    for item in text.split(","):
        area, before, after = item.split(":")
        found.append(
            AreaRating(area, int(before) if before else None, int(after) if after else None)
        )
    order = {area: n for n, area in enumerate(AREAS)}
    return tuple(sorted(found, key=lambda r: (order.get(r.area, len(order)), r.area)))


def put_segments(db: sqlite3.Connection, session_id: int, segments: Sequence[SegmentRow]) -> None:
    db.executemany(
        f"INSERT OR REPLACE INTO segments (session_id, {SEGMENT_COLUMNS})"
        f" VALUES (?{', ?' * len(SEGMENT_FIELDS)})",
        [(session_id, *(getattr(s, name) for name in SEGMENT_FIELDS)) for s in segments],
    )


def session_detail(db: sqlite3.Connection, session_id: int) -> SessionDetail | None:
    """One session with its segments, pauses and snapshot; None if there is no such id."""
    row = db.execute(f"{SUMMARY_SQL} WHERE s.id = ?", (session_id,)).fetchone()
    if row is None:
        return None
    extra = db.execute(
        """SELECT s.routine_path, p.toml, p.hash, p.flattened
           FROM sessions s JOIN snapshots p ON p.hash = s.snapshot_hash WHERE s.id = ?""",
        (session_id,),
    ).fetchone()
    segments = tuple(
        segment_row(r)
        for r in db.execute(
            f"SELECT {SEGMENT_COLUMNS} FROM segments WHERE session_id = ? ORDER BY position",
            (session_id,),
        )
    )
    pauses = tuple(
        PauseRow(*r)
        for r in db.execute(
            "SELECT n, at, seconds FROM pauses WHERE session_id = ? ORDER BY n",
            (session_id,),
        )
    )
    return SessionDetail(
        summary=summary_of(row),
        routine_path=extra[0],
        snapshot=Snapshot(extra[1], extra[2], bool(extra[3])),
        segments=segments,
        pauses=pauses,
    )
