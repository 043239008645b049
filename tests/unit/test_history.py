"""The history store: real SQLite in the test's own UNKNOT_HOME, nothing mocked.

A session is kept from its first second, reads as interrupted until it ends, can be starred, rated
and deleted; a damaged file is moved aside (and kept) and a new one started, never a crash.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sound_files import write_wav

from tui.core import history, history_file, history_tables
from tui.core.history import HistoryStore, Snapshot
from tui.core.history_file import SCHEMA_VERSION
from tui.core.history_rows import HistoryError, NewSession, PauseRow, SegmentRow
from tui.core.history_snapshot import SnapshotError, routine_from_snapshot

ZONE = timezone(timedelta(hours=2))
START = datetime(2025, 3, 4, 18, 30, tzinfo=ZONE)
TOML = """format = 1

[routine]
name = "Neck"
summary = "Two holds."
areas = ["neck", "shoulders"]

[[steps]]
name = "Tilt"
hold = 30
sides = ["left", "right"]
"""


def new_session(
    started: datetime = START, text: str = TOML, routine_id: str = "neck", before: int | None = None
) -> NewSession:
    return NewSession(
        routine_id=routine_id,
        routine_name=routine_id.title(),
        areas=("neck", "shoulders"),
        snapshot=Snapshot.of_text(text),
        planned=65.0,
        started=started,
        tension_before=before,
    )


def row(position: int, status: str = "done", actual: float = 30.0) -> SegmentRow:
    return SegmentRow(
        position=position,
        step=1,
        name="Tilt",
        kind="hold",
        side="left",
        rep=1,
        planned=30.0,
        status=status,
        outcome=status,
        actual=actual,
    )


@pytest.fixture
def store(unknot_home: Path) -> HistoryStore:
    with HistoryStore.open() as opened:
        yield opened


def raw(path: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(path) as db:
        return db.execute(sql).fetchall()


# ---- the file -----------------------------------------------------------------------------------


@pytest.mark.slow
def test_importing_the_store_makes_no_folder_and_opens_nothing(unknot_home: Path) -> None:
    code = "import tui.core.history, tui.core.recorder, tui.core.stats, tui.cli.history"
    env = {**os.environ, "UNKNOT_HOME": str(unknot_home)}
    subprocess.run([sys.executable, "-c", code], check=True, env=env)
    assert list(unknot_home.iterdir()) == []


def test_a_new_store_is_made_where_the_history_lives_in_wal_at_the_latest_version(
    unknot_home: Path,
) -> None:
    with HistoryStore.open() as store:
        assert store.path == unknot_home / "data" / "history.sqlite3"
        assert store.notice is None
        db = store._db
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert db.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000


def test_a_read_only_open_of_a_missing_file_makes_nothing(unknot_home: Path) -> None:
    with HistoryStore.open(create=False) as store:
        assert store.path is None and store.sessions() == []
    assert list(unknot_home.iterdir()) == []


def test_reopening_keeps_the_data_and_migrates_nothing_again(store: HistoryStore) -> None:
    session_id = store.begin_session(new_session())
    path = store.path
    store.close()
    with HistoryStore.open(path) as again:
        assert [s.id for s in again.sessions()] == [session_id]


def test_each_migration_is_its_own_transaction(
    unknot_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = unknot_home / "h.sqlite3"
    released = len(history_file.MIGRATIONS)
    broken = (*history_file.MIGRATIONS, ("CREATE TABLE extra (x)", "THIS IS NOT SQL"))
    monkeypatch.setattr(history_file, "MIGRATIONS", broken)
    monkeypatch.setattr(history_file, "SCHEMA_VERSION", len(broken))
    with pytest.raises(sqlite3.OperationalError):
        history_file.connect(path)
    # The released migrations stayed; the failed last left nothing behind, not even its table.
    assert raw(path, "PRAGMA user_version") == [(released,)]
    assert raw(path, "SELECT name FROM sqlite_master WHERE name = 'extra'") == []


def test_a_file_from_a_newer_unknot_is_left_alone_and_this_run_is_not_kept(
    unknot_home: Path,
) -> None:
    path = unknot_home / "h.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    before = path.read_bytes()
    store = HistoryStore.open(path)
    assert store.notice is not None and not store.notice.kept
    assert "newer version" in store.notice.message
    store.begin_session(new_session())  # still works, in memory
    assert path.read_bytes() == before


def test_a_file_of_junk_is_moved_aside_with_a_timestamp_and_a_new_one_works(
    unknot_home: Path,
) -> None:
    path = unknot_home / "data" / "history.sqlite3"
    path.parent.mkdir(parents=True)
    junk = bytes(range(256)) * 40
    path.write_bytes(junk)
    Path(f"{path}-wal").write_bytes(b"more junk")
    with HistoryStore.open() as store:
        notice = store.notice
        assert notice is not None and notice.kept and notice.moved_to is not None
        assert notice.moved_to.read_bytes() == junk  # kept, as it was
        assert Path(f"{notice.moved_to}-wal").read_bytes() == b"more junk"
        assert notice.moved_to.name.startswith("history-damaged-20")
        assert str(notice.moved_to) in notice.message
        session_id = store.begin_session(new_session())
        assert [s.id for s in store.sessions()] == [session_id]
    assert raw(path, "PRAGMA integrity_check") == [("ok",)]


def test_a_second_damaged_file_in_the_same_second_does_not_overwrite_the_first(
    unknot_home: Path,
) -> None:
    path = unknot_home / "h.sqlite3"
    moved = []
    for junk in (b"first" * 300, b"second" * 300):
        path.write_bytes(junk)
        store = HistoryStore.open(path)
        assert store.notice is not None and store.notice.moved_to is not None
        moved.append(store.notice.moved_to)
        store.close()
        path.unlink()
    assert moved[0] != moved[1]
    assert moved[0].read_bytes().startswith(b"first") and moved[1].read_bytes()[:6] == b"second"


def damage_all_but_the_schema(path: Path) -> int:
    """A store of 200 sessions whose every page but the first (the schema) is junk."""
    with HistoryStore.open(path) as store, store.batch():
        for day in range(200):
            store.begin_session(new_session(START + timedelta(days=day)), [row(0), row(1)])
    page = raw(path, "PRAGMA page_size")[0][0]
    data = bytearray(path.read_bytes())
    data[page:] = b"\xa5" * (len(data) - page)
    path.write_bytes(bytes(data))
    return len(data)


def test_damage_found_while_reading_moves_the_file_aside_then_answers(unknot_home: Path) -> None:
    path = unknot_home / "h.sqlite3"
    size = damage_all_but_the_schema(path)
    with HistoryStore.open(path) as store:
        assert store.notice is None  # the header and schema still read
        assert store.sessions() == []  # the damage shows here: moved aside, answered afresh
        assert store.notice is not None and store.notice.moved_to is not None
        assert store.generation == 1
        assert store.notice.moved_to.stat().st_size == size
        assert store.begin_session(new_session()) == 1


def test_damage_that_cannot_be_moved_aside_goes_on_in_memory(
    unknot_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = unknot_home / "h.sqlite3"
    damage_all_but_the_schema(path)

    def refuse(target: Path) -> Path:
        raise PermissionError(13, "Permission denied", str(target))

    monkeypatch.setattr(history, "move_aside", refuse)
    with HistoryStore.open(path) as store:
        assert store.count_sessions() == 0
        assert store.notice is not None and not store.notice.kept and store.path is None
        assert store.begin_session(new_session()) == 1
    assert path.exists()


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_file_is_moved_aside(unknot_home: Path) -> None:
    path = unknot_home / "h.sqlite3"
    HistoryStore.open(path).close()
    path.chmod(0)
    store = HistoryStore.open(path)
    assert store.notice is not None and store.notice.moved_to is not None
    assert store.path == path


def test_when_no_file_can_be_made_the_store_runs_in_memory_and_says_so(
    unknot_home: Path,
) -> None:
    blocker = unknot_home / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    store = HistoryStore.open(blocker / "history.sqlite3")
    assert store.path is None
    assert store.notice is not None and not store.notice.kept
    assert store.begin_session(new_session()) == 1


# ---- sessions -----------------------------------------------------------------------------------


def test_a_session_is_kept_from_its_start_and_reads_as_interrupted_until_it_ends(
    store: HistoryStore,
) -> None:
    session_id = store.begin_session(new_session(before=6), [row(0, "upcoming", 0.0)])
    assert raw(store.path, "SELECT count(*) FROM sessions") == [(1,)]  # on disk, for others
    summary = store.sessions()[0]
    assert summary.state == "interrupted" and summary.ended is None
    assert summary.started == START and summary.started.utcoffset() == timedelta(hours=2)
    assert summary.day.isoformat() == "2025-03-04"
    assert summary.tension_before == 6 and summary.areas == ("neck", "shoulders")

    store.record_progress(session_id, segments=[row(0, "done", 30.2)], actual=30.2)
    store.record_progress(
        session_id,
        segments=[row(1, "done", 30.0)],
        pauses=[PauseRow(0, 12.5, 40.0)],
        actual=60.2,
        end_state="completed",
        ended=START + timedelta(minutes=2),
    )
    detail = store.session(session_id)
    assert detail is not None
    assert detail.summary.state == "completed" and detail.summary.actual == 60.2
    assert detail.summary.ended == START + timedelta(minutes=2)
    assert [(s.position, s.status, s.actual) for s in detail.segments] == [
        (0, "done", 30.2),
        (1, "done", 30.0),
    ]
    assert detail.pauses == (PauseRow(0, 12.5, 40.0),)
    assert detail.snapshot.text == TOML and detail.snapshot.hash == Snapshot.of_text(TOML).hash


def test_progress_for_an_unknown_session_is_an_error_not_a_new_row(store: HistoryStore) -> None:
    with pytest.raises(HistoryError):
        store.record_progress(99, actual=3.0)
    assert store.count_sessions() == 0


def test_sessions_come_newest_first_a_page_at_a_time(store: HistoryStore) -> None:
    ids = [store.begin_session(new_session(START + timedelta(hours=h))) for h in (5, 1, 3)]
    assert [s.id for s in store.sessions()] == [ids[0], ids[2], ids[1]]
    assert [s.id for s in store.sessions(limit=1, offset=1)] == [ids[2]]
    assert store.count_sessions() == 3
    assert store.last_session().id == ids[0]
    assert store.last_session("nobody") is None


def test_a_page_of_sessions_uses_the_start_index(store: HistoryStore) -> None:
    plan = store._db.execute(
        f"EXPLAIN QUERY PLAN {history_tables.SUMMARY_SQL}"
        " ORDER BY s.started_at DESC, s.id DESC LIMIT 50"
    ).fetchall()
    text = " ".join(str(step[-1]) for step in plan)
    assert "sessions_by_start" in text and "TEMP B-TREE" not in text


def test_one_routine_played_many_times_keeps_one_copy_of_its_snapshot(store: HistoryStore) -> None:
    for hour in range(3):
        store.begin_session(new_session(START + timedelta(hours=hour)))
    store.begin_session(new_session(text=TOML.replace("30", "45")))
    assert raw(store.path, "SELECT count(*) FROM snapshots") == [(2,)]


def test_deleting_a_session_forgets_all_of_it_and_its_id_is_never_reused(
    store: HistoryStore,
) -> None:
    shared = store.begin_session(new_session())
    gone = store.begin_session(new_session(text=TOML + "\n# mine\n"), [row(0)])
    store.record_progress(gone, pauses=[PauseRow(0, 1.0, 2.0)])
    store.star_session(gone)
    store.begin_session(new_session(START + timedelta(hours=1)))  # shares `shared`'s snapshot
    assert store.delete_session(gone) is True
    assert store.delete_session(gone) is False
    assert store.session(gone) is None
    for table in ("segments", "pauses", "session_areas", "favourite_sessions"):
        assert raw(store.path, f"SELECT count(*) FROM {table} WHERE session_id = {gone}") == [(0,)]
    assert raw(store.path, "SELECT count(*) FROM snapshots") == [(1,)]
    store.delete_session(shared)
    assert raw(store.path, "SELECT count(*) FROM snapshots") == [(1,)]  # still used by the third
    assert store.begin_session(new_session()) > gone


# ---- ratings and favourites ---------------------------------------------------------------------


def test_tension_ratings_are_set_kept_or_cleared_one_at_a_time(store: HistoryStore) -> None:
    session_id = store.begin_session(new_session(before=7))
    store.rate(session_id, after=3)
    assert (store.sessions()[0].tension_before, store.sessions()[0].tension_after) == (7, 3)
    store.rate(session_id, before=None)
    assert (store.sessions()[0].tension_before, store.sessions()[0].tension_after) == (None, 3)


@pytest.mark.parametrize("bad", [-1, 11, 2.5, "5", True])
def test_a_rating_is_a_whole_number_from_0_to_10(store: HistoryStore, bad: object) -> None:
    session_id = store.begin_session(new_session())
    with pytest.raises(HistoryError, match="0 to 10"):
        store.rate(session_id, before=bad)


def test_rating_an_unknown_session_says_so(store: HistoryStore) -> None:
    with pytest.raises(HistoryError, match="no session"):
        store.rate(42, after=2)


def test_routines_and_sessions_can_be_starred_and_unstarred(store: HistoryStore) -> None:
    store.star_routine("neck")
    store.star_routine("neck")  # twice is once
    store.star_routine("hips")
    assert sorted(store.favourite_routines()) == ["hips", "neck"]
    store.star_routine("neck", False)
    assert store.favourite_routines() == ["hips"]

    first = store.begin_session(new_session())
    second = store.begin_session(new_session(START + timedelta(days=1)))
    store.star_session(first)
    assert [s.id for s in store.favourite_sessions()] == [first]
    assert [s.favourite for s in store.sessions()] == [False, True]
    store.star_session(first, False)
    assert store.favourite_sessions() == []
    with pytest.raises(HistoryError):
        store.star_session(second + 10)


# ---- snapshots ----------------------------------------------------------------------------------


def test_one_key_stars_a_routine_and_the_same_key_takes_the_star_away(
    store: HistoryStore,
) -> None:
    assert store.toggle_routine_star("neck-release") is True
    assert store.favourite_routines() == ["neck-release"]
    assert store.toggle_routine_star("neck-release") is False
    assert store.favourite_routines() == []


def test_a_snapshot_reads_back_as_the_routine_it_was(store: HistoryStore) -> None:
    session_id = store.begin_session(new_session())
    detail = store.session(session_id)
    routine = detail.routine()
    assert routine.id == "neck" and routine.name == "Neck"
    assert detail.timeline().planned_seconds == 5 + 30 + 5 + 30


def test_a_snapshot_whose_cue_sound_is_gone_plays_with_the_bundled_sounds(tmp_path: Path) -> None:
    sounds = tmp_path / "sounds"
    sounds.mkdir()
    write_wav(sounds / "gong.wav")
    text = TOML.replace("[[steps]]", '[cues.sounds]\nstart = "sounds/gong.wav"\n\n[[steps]]')
    snapshot = Snapshot.of_text(text)
    kept = routine_from_snapshot(snapshot, "neck", str(tmp_path / "neck.toml"))
    assert kept.cues.sounds == (("start", "sounds/gong.wav"),)
    (sounds / "gong.wav").unlink()
    gone = routine_from_snapshot(snapshot, "neck", str(tmp_path / "neck.toml"))
    assert gone.cues.sounds == () and gone.name == "Neck"


def test_a_snapshot_that_does_not_parse_says_why() -> None:
    with pytest.raises(SnapshotError, match="cannot be read"):
        routine_from_snapshot(Snapshot.of_text("format = 1\n"), "neck")
