"""`unknot history` and `unknot stats`, run in-process as a person would type them."""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

import pytest
from probes import run_alone

from tui.cli.common import EXIT_OK, EXIT_PROBLEMS
from tui.cli.main import main
from tui.core.history import HistoryStore, Snapshot
from tui.core.history_rows import NewSession

ZONE = timezone(timedelta(hours=1))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def add(
    day: date,
    minutes: float = 12.5,
    *,
    name: str = "Neck release",
    state: str | None = "completed",
    before: int | None = None,
    after: int | None = None,
    areas: tuple[str, ...] = ("neck",),
) -> int:
    with HistoryStore.open() as store:
        session_id = store.begin_session(
            NewSession(
                routine_id=name.lower().replace(" ", "-"),
                routine_name=name,
                areas=areas,
                snapshot=Snapshot.of_text(f"# {name}\n"),
                planned=900.0,
                started=datetime.combine(day, time(8, 15), ZONE),
                tension_before=before,
            )
        )
        store.record_progress(session_id, actual=minutes * 60, end_state=state)  # type: ignore[arg-type]
        if after is not None:
            store.rate(session_id, after=after)
        return session_id


@pytest.fixture
def two_sessions() -> tuple[int, int]:
    first = add(date(2025, 3, 1), name="Neck release", before=6, after=3)
    second = add(date(2025, 3, 2), 4.0, name="Hip opener", state=None, areas=("hips",))
    with HistoryStore.open() as store:
        store.star_session(second)
    return first, second


# ---- history ------------------------------------------------------------------------------------


def test_an_empty_history_says_how_to_fill_it_and_makes_no_folder(
    capsys, unknot_home: Path
) -> None:
    code, out, _ = run(capsys, "history")
    assert code == EXIT_OK and "No sessions yet" in out
    code, out, _ = run(capsys, "stats")
    assert code == EXIT_OK and "No sessions yet" in out
    assert list(unknot_home.iterdir()) == []


def test_history_lists_date_routine_length_state_and_ratings_newest_first(
    capsys, two_sessions: tuple[int, int]
) -> None:
    first, second = two_sessions
    code, out, _ = run(capsys, "history")
    assert code == EXIT_OK
    header, newest, oldest = out.splitlines()
    assert header.split() == ["ID", "DATE", "ROUTINE", "LENGTH", "STATE", "TENSION"]
    assert newest.split()[:2] == [str(second), "★"]
    assert "2025-03-02 08:15" in newest and "Hip opener" in newest
    assert "4:00" in newest and "interrupted" in newest
    assert oldest.startswith(str(first)) and "12:30" in oldest and "completed" in oldest
    assert oldest.rstrip().endswith("6 → 3")


def test_history_json_and_csv_agree(capsys, two_sessions: tuple[int, int]) -> None:
    _, out, _ = run(capsys, "history", "--json")
    sessions = json.loads(out)["sessions"]
    assert [s["routine"] for s in sessions] == ["Hip opener", "Neck release"]
    neck = sessions[1]
    assert neck["started"] == "2025-03-01T08:15:00+01:00"
    assert neck["state"] == "completed" and neck["actual_seconds"] == 750.0
    assert (neck["tension_before"], neck["tension_after"]) == (6, 3)
    assert sessions[0]["favourite"] is True and sessions[0]["ended"] is None

    _, out, _ = run(capsys, "history", "--csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["id"] for r in rows] == [str(s["id"]) for s in sessions]
    assert rows[1]["tension_after"] == "3" and rows[0]["tension_before"] == ""
    assert rows[0]["state"] == "interrupted" and rows[1]["areas"] == "neck"


def test_history_limit_shows_the_newest(capsys, two_sessions: tuple[int, int]) -> None:
    _, out, _ = run(capsys, "history", "--json", "--limit", "1")
    assert [s["routine"] for s in json.loads(out)["sessions"]] == ["Hip opener"]


def test_json_and_csv_cannot_be_asked_together(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["history", "--json", "--csv"])
    assert exit_info.value.code == 2


# ---- delete -------------------------------------------------------------------------------------


def session_ids() -> list[int]:
    with HistoryStore.open() as store:
        return [s.id for s in store.sessions()]


def test_delete_asks_first_and_no_keeps_the_session(
    capsys, monkeypatch: pytest.MonkeyPatch, two_sessions: tuple[int, int]
) -> None:
    first, _ = two_sessions
    monkeypatch.setattr(sys, "stdin", io.StringIO())
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    asked = []
    monkeypatch.setattr("builtins.input", lambda prompt: asked.append(prompt) or "n")
    code, out, _ = run(capsys, "history", "--delete", str(first))
    assert code == EXIT_OK and "Nothing deleted" in out
    assert "Neck release" in asked[0] and "2025-03-01" in asked[0]
    assert first in session_ids()

    monkeypatch.setattr("builtins.input", lambda prompt: "y")
    code, out, _ = run(capsys, "history", "--delete", str(first))
    assert code == EXIT_OK and f"Deleted session {first}" in out
    assert first not in session_ids()


def test_delete_with_no_terminal_to_ask_on_refuses_unless_yes(
    capsys, monkeypatch: pytest.MonkeyPatch, two_sessions: tuple[int, int]
) -> None:
    first, second = two_sessions
    monkeypatch.setattr(sys, "stdin", io.StringIO("y\n"))  # piped: not a terminal
    code, _, err = run(capsys, "history", "--delete", str(first))
    assert code == EXIT_PROBLEMS and "--yes" in err
    assert first in session_ids()
    code, _, _ = run(capsys, "history", "--delete", str(first), "--yes")
    assert code == EXIT_OK and session_ids() == [second]


@pytest.mark.parametrize("target", ["999", "abc"])
def test_deleting_what_is_not_there_says_so(capsys, target: str) -> None:
    code, _, err = run(capsys, "history", "--delete", target, "--yes")
    assert code == EXIT_PROBLEMS and err.startswith("unknot: ")
    assert "Traceback" not in err


# ---- stats --------------------------------------------------------------------------------------


def test_stats_show_the_figures_with_a_sparkline(capsys) -> None:
    today = date(2025, 3, 12)
    for n in range(3):
        add(today - timedelta(days=n), 10)
    add(today - timedelta(days=10), 30, areas=("hips", "glutes"))
    code, out, _ = run(capsys, "stats", "--as-of", today.isoformat())
    assert code == EXIT_OK
    lines = out.splitlines()
    assert lines[0].split() == ["Streak", "3", "days"]
    assert "This week" in lines[1] and "30 min" in lines[1]
    assert "This month" in lines[2] and "1 h 0 min" in lines[2]
    assert "4 sessions" in lines[3]
    spark = lines[4].split()[3]
    assert len(spark) == 30 and spark.endswith("▃▃▃") and spark[19] == "█"
    assert "neck" in out and "glutes" in out and "professional" not in out


def test_stats_say_when_an_area_has_not_eased_and_what_the_article_advises(capsys) -> None:
    today = date(2025, 3, 12)
    for n in (20, 14, 7, 0):
        add(today - timedelta(days=n), before=7, after=5, areas=("lower-back",))
    code, out, _ = run(capsys, "stats", "--as-of", today.isoformat())
    assert code == EXIT_OK
    words = " ".join(out.split())  # the advice is wrapped
    assert "lower back" in out and "not easing" in out
    assert "two weeks" in words and "professional" in words and "evaluation" in words
    _, out, _ = run(capsys, "stats", "--json", "--as-of", today.isoformat())
    data = json.loads(out)
    assert data["tension"]["lower-back"]["see_a_professional"] is True
    assert data["streak_days"] == 1 and len(data["minutes_by_day"]) == 30


def test_a_bad_as_of_date_is_one_line(capsys) -> None:
    code, _, err = run(capsys, "stats", "--as-of", "yesterday")
    assert code == EXIT_PROBLEMS and err.count("\n") == 1


def test_a_damaged_history_file_is_a_notice_not_a_traceback(capsys, unknot_home: Path) -> None:
    path = unknot_home / "data" / "history.sqlite3"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\x00junk" * 500)
    code, out, err = run(capsys, "stats")
    assert code == EXIT_OK and "No sessions yet" in out
    assert "moved aside" in err and "Traceback" not in err
    assert len(list(path.parent.glob("history-damaged-*.sqlite3"))) == 1


@pytest.mark.slow
def test_history_and_stats_run_without_textual(unknot_home: Path) -> None:
    code = (
        "from tui.cli.main import main;"
        "rc = main(['history']) or main(['stats']) or main(['history', '--json'])"
    )
    result = run_alone(code=code, env={**os.environ, "UNKNOT_HOME": str(unknot_home)})
    assert result.returncode == 0, result.stderr
