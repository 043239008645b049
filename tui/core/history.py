"""The history store: every session played, its segments and pauses, favourites and ratings.

- **Nothing lost.** The recorder writes a session's row when play starts and each segment as it
  finishes, so a killed process leaves a session with no end state, which reads as *interrupted*.
- **Two unknot processes at once.** Every write is one `BEGIN IMMEDIATE` transaction: the write
  lock is taken up front, so a reader never has to upgrade and fail, and the busy timeout of the
  file's connection (history_file.py) makes a second writer wait its turn instead of failing.
- **A damaged file is never a crash.** Damage found on opening, or later by any query, moves the
  file aside (kept) and starts a new one; `store.notice` says so, for the UI to show, and
  `store.generation` grows so a recorder writes its session again into the new file. When no file
  can be used at all, the store runs in memory and the notice says that instead.
- **Replay after the file changed.** A session keeps its routine as played (history_snapshot.py),
  each distinct text stored once: 10,000 sessions of 8 routines keep 8 copies.
- **Fast lists.** A page of sessions reads the start-time index; the stats' queries read the day
  and area indexes (stats.py), so 10,000 sessions cost a few milliseconds.

How a row maps to the tables (column lists, the shared summary query) is history_tables.py.

Nothing happens at import time: the file (and its folder) is made by `HistoryStore.open`.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from tui.core.history_file import (
    NewerSchema,
    StoreNotice,
    connect,
    connect_memory,
    is_damaged,
    move_aside,
    moved_notice,
    newer_notice,
    not_kept_notice,
    unreachable_notice,
)
from tui.core.history_rows import (
    EndState,
    HistoryError,
    NewSession,
    PauseRow,
    SegmentRow,
    SessionDetail,
    SessionSummary,
)
from tui.core.history_snapshot import Snapshot
from tui.core.history_tables import SUMMARY_SQL, put_segments, session_detail, summary_of

__all__ = ["HistoryStore", "Snapshot", "StoreNotice"]


T = TypeVar("T")


_KEEP = object()  # `rate(...)`: leave this rating as it is


# -------------------------------------------------------------------------------------- store


class HistoryStore:
    """One connection to the history file. Safe to share between threads (calls are serialised
    by a lock), and every method is short: the UI may call it from its own thread."""

    def __init__(self, connection: sqlite3.Connection, path: Path | None) -> None:
        self._db = connection
        self.path = path  # None: in memory, nothing is kept after the process ends
        self.notice: StoreNotice | None = None
        self.generation = 0  # grows when the file was replaced (a recorder then writes anew)
        self._lock = threading.RLock()
        self._depth = 0

    # ---- opening ------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | None = None, *, create: bool = True) -> HistoryStore:
        """The store at `path` (default: the user's history file). Never raises for a damaged,
        unreadable or newer file: see `notice`. With `create=False` a missing file is not made
        (read-only commands answer from an empty store and leave no folder behind)."""
        if path is None:
            from tui.core.paths import Locations

            path = Locations.current().history_file
        if not path.exists():
            unreachable = unreachable_notice(path)  # a folder on its way is a file…
            if unreachable is not None or not create:
                return cls.in_memory(unreachable)
        try:
            return cls(connect(path), path)
        except NewerSchema:
            return cls.in_memory(newer_notice(path))
        except (sqlite3.Error, OSError) as exc:
            if not is_damaged(exc, path):
                return cls.in_memory(not_kept_notice(path, exc))
        try:
            moved = move_aside(path)
            store = cls(connect(path), path)
        except (sqlite3.Error, OSError, NewerSchema) as exc:
            return cls.in_memory(not_kept_notice(path, exc))
        store.notice = moved_notice(moved)
        return store

    @classmethod
    def in_memory(cls, notice: StoreNotice | None = None) -> HistoryStore:
        store = cls(connect_memory(), None)
        store.notice = notice
        return store

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- transactions -------------------------------------------------------------------------

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Group several writes into one transaction (the benchmark's 10,000 sessions; a test)."""
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield
                finally:
                    self._depth -= 1
                return
            self._db.execute("BEGIN IMMEDIATE")
            self._depth = 1
            try:
                yield
                self._db.commit()
            except BaseException:
                with contextlib.suppress(sqlite3.Error):  # a damaged file may refuse even this
                    self._db.rollback()
                raise
            finally:
                self._depth = 0

    def _write(self, work: Callable[[sqlite3.Connection], T]) -> T:
        return self._guard(lambda: self._in_batch(work))

    def _in_batch(self, work: Callable[[sqlite3.Connection], T]) -> T:
        with self.batch():
            return work(self._db)

    def _read(self, work: Callable[[sqlite3.Connection], T]) -> T:
        return self._guard(lambda: work(self._db))

    def _guard(self, run: Callable[[], T]) -> T:
        """Run `run`; if it finds the file damaged, move the file aside, start afresh (with a
        notice) and run once more against the new file. Other errors are the caller's."""
        with self._lock:
            try:
                return run()
            except sqlite3.DatabaseError as exc:
                if self._depth or self.path is None or not is_damaged(exc, self.path):
                    raise
                self._recover()
            return run()

    def _recover(self) -> None:
        """Move the damaged file aside and start a new one; if even that fails, go on in memory
        (the notice says this run is not kept) rather than fail the screen that asked."""
        assert self.path is not None
        with contextlib.suppress(sqlite3.Error):
            self._db.close()
        try:
            moved = move_aside(self.path)
            self._db = connect(self.path)
            self.notice = moved_notice(moved)
        except (sqlite3.Error, OSError, NewerSchema) as exc:
            self._db = connect_memory()
            self.notice = not_kept_notice(self.path, exc)
            self.path = None
        self.generation += 1

    # ---- sessions: writing --------------------------------------------------------------------

    def begin_session(self, new: NewSession, segments: Sequence[SegmentRow] = ()) -> int:
        """Write a session's row as play starts (with its planned segments); returns its id."""
        _check_rating(new.tension_before)
        for _area, rating in new.area_ratings:
            _check_rating(rating)
        tension_before = new.tension_before
        if tension_before is None and new.area_ratings:
            tension_before = max(rating for _, rating in new.area_ratings)
        offset = new.started.utcoffset()
        seconds_east = int(offset.total_seconds()) if offset is not None else 0

        def work(db: sqlite3.Connection) -> int:
            db.execute(
                "INSERT OR IGNORE INTO snapshots (hash, toml, flattened) VALUES (?, ?, ?)",
                (new.snapshot.hash, new.snapshot.text, int(new.snapshot.flattened)),
            )
            cursor = db.execute(
                """INSERT INTO sessions (routine_id, routine_name, routine_path, areas,
                       snapshot_hash, started_at, utc_offset, day, planned, tension_before)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (
                    new.routine_id,
                    new.routine_name,
                    new.routine_path,
                    ",".join(new.areas),
                    new.snapshot.hash,
                    new.started.timestamp(),
                    seconds_east,
                    new.started.date().isoformat(),
                    new.planned,
                    tension_before,
                ),
            )
            session_id = int(cursor.lastrowid or 0)
            db.executemany(
                "INSERT OR REPLACE INTO area_ratings (session_id, area, tension_before)"
                " VALUES (?, ?, ?)",
                [(session_id, area, rating) for area, rating in new.area_ratings],
            )
            db.executemany(
                "INSERT OR IGNORE INTO session_areas (session_id, area) VALUES (?, ?)",
                [(session_id, area) for area in new.areas],
            )
            put_segments(db, session_id, segments)
            return session_id

        return self._write(work)

    def record_progress(
        self,
        session_id: int,
        *,
        segments: Sequence[SegmentRow] = (),
        pauses: Sequence[PauseRow] = (),
        actual: float | None = None,
        end_state: EndState | None = None,
        ended: datetime | None = None,
    ) -> None:
        """Save what changed since the last call, in one transaction: segments and pauses by
        position (a later write of the same position replaces it), the playing seconds so far,
        and, once, how the session ended."""

        def work(db: sqlite3.Connection) -> None:
            if db.execute("SELECT 1 FROM sessions WHERE id = ?", (session_id,)).fetchone() is None:
                raise HistoryError(f"no session has the id {session_id}")
            put_segments(db, session_id, segments)
            db.executemany(
                "INSERT OR REPLACE INTO pauses (session_id, n, at, seconds) VALUES (?, ?, ?, ?)",
                [(session_id, p.n, p.at, p.seconds) for p in pauses],
            )
            if actual is not None:
                db.execute("UPDATE sessions SET actual = ? WHERE id = ?", (actual, session_id))
            if end_state is not None:
                db.execute(
                    "UPDATE sessions SET end_state = ?, ended_at = ? WHERE id = ?",
                    (end_state, (ended or datetime.now().astimezone()).timestamp(), session_id),
                )

        self._write(work)

    def delete_session(self, session_id: int) -> bool:
        """Forget a session (its segments, pauses, favourite and, if no other session shares
        it, its snapshot). False when there was no such session."""

        def work(db: sqlite3.Connection) -> bool:
            row = db.execute(
                "SELECT snapshot_hash FROM sessions WHERE id = ?", (session_id,)
            ).fetchone()
            if row is None:
                return False
            for table in (
                "segments",
                "pauses",
                "session_areas",
                "area_ratings",
                "favourite_sessions",
            ):
                db.execute(f"DELETE FROM {table} WHERE session_id = ?", (session_id,))
            db.execute("DELETE FROM sessions WHERE id = ?", (session_id,))
            db.execute(
                """DELETE FROM snapshots WHERE hash = ?
                   AND NOT EXISTS (SELECT 1 FROM sessions WHERE snapshot_hash = ?)""",
                (row[0], row[0]),
            )
            return True

        return self._write(work)

    def rate(self, session_id: int, *, before: object = _KEEP, after: object = _KEEP) -> None:
        """Set the 0–10 tension before and/or after a session; None clears one, leaving a
        keyword out keeps it. HistoryError for an unknown session or a value out of range."""
        changes: dict[str, int | None] = {}
        for column, value in (("tension_before", before), ("tension_after", after)):
            if value is _KEEP:
                continue
            changes[column] = _check_rating(value)
        if not changes:
            return
        assignments = ", ".join(f"{column} = ?" for column in changes)

        def work(db: sqlite3.Connection) -> None:
            cursor = db.execute(
                f"UPDATE sessions SET {assignments} WHERE id = ?", (*changes.values(), session_id)
            )
            if cursor.rowcount == 0:
                raise HistoryError(f"no session has the id {session_id}")

        self._write(work)

    def rate_area(
        self, session_id: int, area: str, *, before: object = _KEEP, after: object = _KEEP
    ) -> None:
        """Set one area's 0–10 tension before and/or after a session (None clears one, leaving a
        keyword out keeps it): the trends then read this session per area."""
        values = {
            column: _check_rating(value)
            for column, value in (("tension_before", before), ("tension_after", after))
            if value is not _KEEP
        }
        if not values:
            return

        def work(db: sqlite3.Connection) -> None:
            if db.execute("SELECT 1 FROM sessions WHERE id = ?", (session_id,)).fetchone() is None:
                raise HistoryError(f"no session has the id {session_id}")
            db.execute(
                "INSERT OR IGNORE INTO area_ratings (session_id, area) VALUES (?, ?)",
                (session_id, area),
            )
            assignments = ", ".join(f"{column} = ?" for column in values)
            db.execute(
                f"UPDATE area_ratings SET {assignments} WHERE session_id = ? AND area = ?",
                (*values.values(), session_id, area),
            )

        self._write(work)

    # ---- favourites ---------------------------------------------------------------------------

    def star_routine(self, routine_id: str, starred: bool = True) -> None:
        """Star (or unstar) a routine by id; the library shows starred ones on top."""
        args: tuple[object, ...]
        if starred:
            sql, args = (
                "INSERT OR IGNORE INTO favourite_routines (routine_id, added_at) VALUES (?, ?)",
                (routine_id, time.time()),
            )
        else:
            sql, args = ("DELETE FROM favourite_routines WHERE routine_id = ?", (routine_id,))
        self._write(lambda db: db.execute(sql, args))

    def toggle_routine_star(self, routine_id: str) -> bool:
        """Star the routine, or take its star away if it has one (one key does both, from the
        summary and the history); True when it is starred now."""

        def work(db: sqlite3.Connection) -> bool:
            gone = db.execute(
                "DELETE FROM favourite_routines WHERE routine_id = ?", (routine_id,)
            ).rowcount
            if not gone:
                db.execute(
                    "INSERT INTO favourite_routines (routine_id, added_at) VALUES (?, ?)",
                    (routine_id, time.time()),
                )
            return not gone

        return self._write(work)

    def star_session(self, session_id: int, starred: bool = True) -> None:
        """Star (or unstar) one session; HistoryError if there is no such session."""

        def work(db: sqlite3.Connection) -> None:
            if db.execute("SELECT 1 FROM sessions WHERE id = ?", (session_id,)).fetchone() is None:
                raise HistoryError(f"no session has the id {session_id}")
            if starred:
                db.execute(
                    "INSERT OR IGNORE INTO favourite_sessions (session_id, added_at) VALUES (?, ?)",
                    (session_id, time.time()),
                )
            else:
                db.execute("DELETE FROM favourite_sessions WHERE session_id = ?", (session_id,))

        self._write(work)

    def favourite_routines(self) -> list[str]:
        """Starred routine ids, most recently starred first (some may no longer exist)."""
        return self._read(
            lambda db: [
                row[0]
                for row in db.execute(
                    "SELECT routine_id FROM favourite_routines ORDER BY added_at DESC, routine_id"
                )
            ]
        )

    def favourite_sessions(self) -> list[SessionSummary]:
        """Starred sessions, newest first."""
        return self._read(
            lambda db: [
                summary_of(row)
                for row in db.execute(
                    f"{SUMMARY_SQL} WHERE s.id IN (SELECT session_id FROM favourite_sessions)"
                    " ORDER BY s.started_at DESC, s.id DESC"
                )
            ]
        )

    # ---- sessions: reading --------------------------------------------------------------------

    def sessions(self, limit: int | None = 50, offset: int = 0) -> list[SessionSummary]:
        """A page of sessions, newest first (the history list; `limit=None` for all of them)."""
        return self._read(
            lambda db: [
                summary_of(row)
                for row in db.execute(
                    f"{SUMMARY_SQL} ORDER BY s.started_at DESC, s.id DESC LIMIT ? OFFSET ?",
                    (-1 if limit is None else limit, offset),
                )
            ]
        )

    def count_sessions(self) -> int:
        return self._read(lambda db: int(db.execute("SELECT count(*) FROM sessions").fetchone()[0]))

    def last_session(self, routine_id: str | None = None) -> SessionSummary | None:
        """The newest session (of one routine, if given): `unknot replay --last`."""
        where, args = ("WHERE s.routine_id = ?", (routine_id,)) if routine_id else ("", ())
        rows = self._read(
            lambda db: db.execute(
                f"{SUMMARY_SQL} {where} ORDER BY s.started_at DESC, s.id DESC LIMIT 1", args
            ).fetchall()
        )
        return summary_of(rows[0]) if rows else None

    def session(self, session_id: int) -> SessionDetail | None:
        """One session with its segments, pauses and snapshot; None if there is no such id."""
        return self._read(lambda db: session_detail(db, session_id))

    def read(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        """Run one read-only query (stats.py keeps its own SQL next to the rules it serves)."""
        return self._read(lambda db: db.execute(sql, params).fetchall())


def _check_rating(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10:
        raise HistoryError(f"a tension rating is a whole number from 0 to 10, not {value!r}")
    return value
