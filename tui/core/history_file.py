"""The history file itself: opening it, its schema and migrations, and moving a damaged one aside.

Kept apart from the store's queries (history.py) because it is about the file, not the data:
- WAL and synchronous=NORMAL: each of the recorder's small commits is cheap (no fsync per commit),
  and a crash keeps every committed one; a power cut may lose the last few, never corrupt the file.
- A busy timeout, so a second unknot process waits for the first one's write instead of failing.
- Migrations on `PRAGMA user_version`, each in its own `BEGIN IMMEDIATE` transaction that reads the
  version again under the write lock, so two processes opening a new file at once never both apply
  one, and a failed migration leaves the file at the version before it.
- A file that is not SQLite, or that SQLite finds corrupt, or that cannot be read, is moved aside
  with its -wal and -shm (kept, the time in its name); the caller starts a new one and tells the
  person with a StoreNotice. A file from a newer unknot is never touched.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

BUSY_TIMEOUT = 15.0  # seconds a writer waits for another process's write before giving up
SQLITE_HEADER = b"SQLite format 3\x00"
_DAMAGED = (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)
_BUSY = (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
_UNREADABLE = (sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM, sqlite3.SQLITE_IOERR)


def sqlite_connect(target: str) -> sqlite3.Connection:
    """sqlite3.connect as the store uses it, for a file or ":memory:"."""
    return sqlite3.connect(
        target,
        timeout=BUSY_TIMEOUT,
        isolation_level=None,  # writers say BEGIN IMMEDIATE themselves; autocommit otherwise
        check_same_thread=False,  # the store's own lock serialises every use
    )


# Each migration takes the schema from version N to N+1; its statements run in one transaction.
# Never edit a released one: add the next.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """CREATE TABLE snapshots (
            hash TEXT PRIMARY KEY,
            toml TEXT NOT NULL,
            flattened INTEGER NOT NULL DEFAULT 0
        )""",
        # AUTOINCREMENT: a deleted session's id is never given again, so a favourite or an id
        # someone typed never silently points at a different session.
        """CREATE TABLE sessions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            routine_id TEXT NOT NULL,
            routine_name TEXT NOT NULL,
            routine_path TEXT,
            areas TEXT NOT NULL DEFAULT '',
            snapshot_hash TEXT NOT NULL REFERENCES snapshots(hash),
            started_at REAL NOT NULL,
            utc_offset INTEGER NOT NULL DEFAULT 0,
            day TEXT NOT NULL,
            ended_at REAL,
            end_state TEXT CHECK (end_state IN ('completed', 'stopped')),
            planned REAL NOT NULL,
            actual REAL NOT NULL DEFAULT 0,
            tension_before INTEGER CHECK (tension_before BETWEEN 0 AND 10),
            tension_after INTEGER CHECK (tension_after BETWEEN 0 AND 10)
        )""",
        "CREATE INDEX sessions_by_start ON sessions (started_at DESC, id DESC)",
        "CREATE INDEX sessions_by_day ON sessions (day, actual, end_state)",
        "CREATE INDEX sessions_by_routine ON sessions (routine_id, started_at)",
        "CREATE INDEX sessions_by_snapshot ON sessions (snapshot_hash)",
        """CREATE TABLE session_areas (
            session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            area TEXT NOT NULL,
            PRIMARY KEY (session_id, area)
        ) WITHOUT ROWID""",
        "CREATE INDEX session_areas_by_area ON session_areas (area, session_id)",
        """CREATE TABLE segments (
            session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            step INTEGER NOT NULL,
            name TEXT NOT NULL,
            kind TEXT NOT NULL,
            side TEXT,
            rep INTEGER NOT NULL,
            planned REAL NOT NULL,
            extended REAL NOT NULL DEFAULT 0,
            released_at REAL,
            added INTEGER NOT NULL DEFAULT 0,
            status TEXT NOT NULL,
            outcome TEXT NOT NULL,
            actual REAL NOT NULL DEFAULT 0,
            PRIMARY KEY (session_id, position)
        ) WITHOUT ROWID""",
        """CREATE TABLE pauses (
            session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            n INTEGER NOT NULL,
            at REAL NOT NULL,
            seconds REAL,
            PRIMARY KEY (session_id, n)
        ) WITHOUT ROWID""",
        """CREATE TABLE favourite_routines (
            routine_id TEXT PRIMARY KEY,
            added_at REAL NOT NULL
        )""",
        """CREATE TABLE favourite_sessions (
            session_id INTEGER PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
            added_at REAL NOT NULL
        )""",
    ),
    # 2: tension rated per area (today's check-in rates each area on its own). A session with
    # rows here is read per area by the trends; an older one keeps its one rating for all its
    # areas, as before, and is shown as it always was.
    (
        """CREATE TABLE area_ratings (
            session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            area TEXT NOT NULL,
            tension_before INTEGER CHECK (tension_before BETWEEN 0 AND 10),
            tension_after INTEGER CHECK (tension_after BETWEEN 0 AND 10),
            PRIMARY KEY (session_id, area)
        ) WITHOUT ROWID""",
        "CREATE INDEX area_ratings_by_area ON area_ratings (area, session_id)",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)


class NewerSchema(Exception):
    """The file was written by a newer unknot; it is left untouched."""


class NotSQLite(sqlite3.DatabaseError):
    """The file does not even start like a SQLite database."""


@dataclass(frozen=True, slots=True)
class StoreNotice:
    """Something the person should hear about their history, in one sentence the UI can show.
    `kept` is False when this run's sessions are not being saved at all."""

    message: str
    moved_to: Path | None = None
    kept: bool = True
    cause: str = ""  # why the history cannot be read, and where, for those that only read it


def connect(path: Path) -> sqlite3.Connection:
    """Open (making the folder and file if needed), set the pragmas and migrate."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not looks_like_sqlite(path):
        # Caught before SQLite opens it: SQLite would delete a -wal it cannot use on closing,
        # and that -wal belongs with the file we keep.
        raise NotSQLite(f"{path.name} is not a database")
    db = sqlite_connect(str(path))
    try:
        if user_version(db) > SCHEMA_VERSION:  # before WAL: a newer unknot's file is not touched
            raise NewerSchema
        use_wal(db)
        return prepare(db)
    except BaseException:
        db.close()
        raise


def use_wal(db: sqlite3.Connection) -> None:
    """Put the file in WAL mode (it stays so). Changing the mode needs the file to itself and
    SQLite answers "busy" at once, without waiting, when another process is using it; so the mode
    is only set on a file not yet in WAL (a new one), and a busy answer is tried again, briefly,
    up to the busy timeout: two processes starting at once must both get in."""
    deadline = time.monotonic() + BUSY_TIMEOUT
    delay = 0.002
    while True:
        try:
            if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                db.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            busy = (getattr(exc, "sqlite_errorcode", 0) & 0xFF) in _BUSY
            if not busy or time.monotonic() + delay > deadline:
                raise
        time.sleep(delay)
        delay = min(delay * 2, 0.05)


def looks_like_sqlite(path: Path) -> bool:
    """A missing or empty file is a new database; anything else must start with SQLite's header."""
    try:
        with path.open("rb") as stream:
            head = stream.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return True
    return not head or head == SQLITE_HEADER


def prepare(db: sqlite3.Connection) -> sqlite3.Connection:
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute("PRAGMA foreign_keys = ON")
    migrate(db)
    return db


def user_version(db: sqlite3.Connection) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def migrate(db: sqlite3.Connection) -> None:
    """Bring the schema up to SCHEMA_VERSION, one migration per transaction. The version is read
    again under the write lock, so a migration another process just applied is not repeated."""
    version = user_version(db)
    if version > SCHEMA_VERSION:
        raise NewerSchema
    for target in range(version + 1, SCHEMA_VERSION + 1):
        db.execute("BEGIN IMMEDIATE")
        try:
            current = user_version(db)
            if current > SCHEMA_VERSION:
                raise NewerSchema
            if current < target:
                for statement in MIGRATIONS[target - 1]:
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {target}")
        except BaseException:
            db.rollback()
            raise
        db.commit()


def is_damaged(exc: BaseException, path: Path) -> bool:
    """Is this the file's fault (to be moved aside) rather than a busy lock or a full disk?"""
    if isinstance(exc, NotSQLite):
        return True
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None and code & 0xFF in _DAMAGED:
        return True
    unreadable = code is not None and code & 0xFF in _UNREADABLE
    if (unreadable or isinstance(exc, OSError)) and path.is_file():
        return not os.access(path, os.R_OK | os.W_OK)
    return False


def move_aside(path: Path) -> Path:
    """Rename the file (and its -wal and -shm, which belong to it) to a name with the time in it,
    e.g. history-damaged-20250301-181502.sqlite3; never over an earlier one."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    base = f"{path.stem}-damaged-{stamp}"
    target = path.with_name(base + path.suffix)
    number = 1
    while target.exists():
        number += 1
        target = path.with_name(f"{base}-{number}{path.suffix}")
    os.replace(path, target)
    for extra in ("-wal", "-shm"):
        companion = path.with_name(path.name + extra)
        if companion.exists():
            with contextlib.suppress(OSError):
                os.replace(companion, target.with_name(target.name + extra))
    return target


def moved_notice(moved: Path) -> StoreNotice:
    return StoreNotice(
        f"Your history file could not be read, so it was moved aside to {moved} "
        "and a new one was started.",
        moved_to=moved,
    )


def not_kept_notice(path: Path, exc: BaseException) -> StoreNotice:
    reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return StoreNotice(
        f"Your history at {path} cannot be used ({reason}); this session is not saved.",
        kept=False,
        cause=f"your history at {path} cannot be opened: {reason}",
    )


def unreachable_notice(path: Path) -> StoreNotice | None:
    """Why a history file that is not there cannot be made either (a folder on its way is a
    file, or cannot be entered), or None when it is simply not made yet."""
    import os

    for parent in path.parents:
        try:
            exists = parent.exists()
        except OSError:
            exists = False
        if not exists:
            continue
        if not parent.is_dir():
            return not_kept_notice(path, OSError(f"{parent} is a file, not a folder"))
        if not os.access(parent, os.X_OK):
            return not_kept_notice(path, OSError(f"{parent} cannot be entered (no permission)"))
        return None
    return None


def newer_notice(path: Path) -> StoreNotice:
    return StoreNotice(
        f"{path} was written by a newer version of unknot; it is left as it is, "
        "and this session is not saved.",
        kept=False,
        cause=f"your history at {path} was written by a newer version of unknot",
    )


def connect_memory() -> sqlite3.Connection:
    """A store that keeps nothing, for when no file can be used (the notice says why)."""
    return prepare(sqlite_connect(":memory:"))
