"""`unknot today`: the check-in on the command line, printed as JSON, saved, or refused."""

from __future__ import annotations

import json
from datetime import UTC
from pathlib import Path

import pytest

from tui.cli.main import main
from tui.cli.today import area_rating
from tui.core.loader import read_routine_file

ARGS = ["today", "--minutes", "10", "--area", "lower-back=7", "--area", "neck=4"]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_prints_the_routine_and_the_reasons_without_playing(
    unknot_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, *ARGS, "--json", "--date", "2026-12-04")
    assert code == 0
    data = json.loads(out)
    assert abs(data["planned_seconds"] - 600) <= 5
    assert [r["area"] for r in data["reasons"]] == ["lower-back", "neck"]
    assert data["reasons"][0]["text"].startswith("lower back 7/10: ")
    assert data["toml"].startswith("format = 1")
    again = json.loads(run(capsys, *ARGS, "--json", "--date", "2026-12-04")[1])
    other = json.loads(run(capsys, *ARGS, "--json", "--date", "2026-12-04", "--variant", "1")[1])
    assert again["toml"] == data["toml"]
    assert other["toml"] != data["toml"]


def test_save_keeps_it_as_a_routine_of_ones_own(
    unknot_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, *ARGS, "--save", "my-morning")
    assert code == 0
    loaded = read_routine_file(Path(out.strip()))
    assert loaded.ok and loaded.routine is not None and loaded.routine.id == "my-morning"
    code, _, err = run(capsys, *ARGS, "--save", "my-morning")
    assert code != 0 and "my-morning" in err


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["today", "--minutes", "10"], "--area"),
        (["today", "--minutes", "2", "--area", "neck=5"], "5 to 120"),
        (["today", "--minutes", "10", "--area", "neck=5", "--area", "neck=6"], "twice"),
        (["today", "--minutes", "10", "--area", "neck=0"], "above 0"),
    ],
)
def test_a_check_in_that_cannot_be_composed_says_why(
    unknot_home: Path, capsys: pytest.CaptureFixture[str], argv: list[str], said: str
) -> None:
    code, _, err = run(capsys, *argv)
    assert code != 0 and said in err


def test_an_unknown_area_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["today", "--minutes", "10", "--area", "elbow=3"])
    assert exited.value.code == 2
    assert "not an area" in capsys.readouterr().err


def test_an_area_is_read_as_a_person_types_it_and_a_typo_gets_the_nearest_name(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert area_rating("Lower back=7") == ("lower-back", 7)
    assert area_rating("upper_back") == ("upper-back", None)
    with pytest.raises(SystemExit):
        main(["today", "--minutes", "10", "--area", "nek=6"])
    assert "did you mean 'neck'?" in capsys.readouterr().err


def test_the_reasons_carry_the_historys_word_for_each_area(
    unknot_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from datetime import date, datetime, time, timedelta

    from tui.core.history import HistoryStore, Snapshot
    from tui.core.history_rows import NewSession

    today = date(2026, 12, 4)
    with HistoryStore.open() as store:
        for days_ago in (20, 13, 6, 1):
            store.begin_session(
                NewSession(
                    routine_id="today",
                    routine_name="Today",
                    areas=("lower-back", "neck"),
                    snapshot=Snapshot.of_text("format = 1\n"),
                    planned=600.0,
                    started=datetime.combine(today - timedelta(days=days_ago), time(8, 0), UTC),
                    area_ratings=(("neck", 1), ("lower-back", 7)),
                )
            )
    code, out, _ = run(capsys, *ARGS, "--json", "--date", today.isoformat())
    assert code == 0
    data = json.loads(out)
    reasons = {r["area"]: r for r in data["reasons"]}
    assert reasons["lower-back"]["trend"] == "not easing"
    assert reasons["lower-back"]["text"].startswith("lower back 7/10, not easing: ")
    assert reasons["neck"]["trend"] != "not easing"
    assert any("has not eased over two weeks" in line for line in data["advice"])


def test_a_bare_area_is_tight_but_not_rated(
    unknot_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        capsys, "today", "--minutes", "10", "--area", "neck", "--area", "hips=6", "--json"
    )
    assert code == 0
    data = json.loads(out)
    assert data["ratings"] == {"hips": 6} and data["unrated"] == ["neck"]
