"""`unknot remind` on the command line: --status from another process reads what the reminder
wrote, and every setting that cannot work is one clear line before any screen opens."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tui.cli.common import EXIT_OK, EXIT_PROBLEMS
from tui.cli.main import main
from tui.core.remind import RemindStatus, state_path, write_status

REPO = Path(__file__).resolve().parents[2]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def status_in_another_process(unknot_home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", "remind", "--status"],
        cwd=REPO,
        env={**os.environ, "UNKNOT_HOME": str(unknot_home)},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.slow
def test_status_in_another_process_prints_the_next_break(unknot_home: Path) -> None:
    # This test's process stands in for the running reminder: its pid is alive.
    next_break = time.time() + 11 * 60 + 30
    write_status(
        state_path(), RemindStatus("counting", next_break, None, "desk-break", 2700, os.getpid())
    )
    done = status_in_another_process(unknot_home)
    assert (done.returncode, done.stdout, done.stderr) == (EXIT_OK, "next break in 12m\n", "")


def test_status_with_no_reminder_says_off(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "remind", "--status") == (EXIT_PROBLEMS, "reminder off\n", "")


@pytest.mark.slow
def test_status_of_a_reminder_that_died_says_off(capsys: pytest.CaptureFixture[str]) -> None:
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    pid = int(gone.stdout)
    write_status(state_path(), RemindStatus("counting", time.time() + 60, None, "x", 60, pid))
    assert run(capsys, "remind", "--status")[1] == "reminder off\n"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--every", "5x"], "'5x' is not a length of time (a length like \"45m\""),
        (["--every", "20s"], "'20s' is 20 s"),
        (["--until", "25:00"], "'25:00' is not a time of day (a time of day as HH:MM"),
        (["--routine", "no-such"], "no routine has the id 'no-such'"),
    ],
)
def test_a_setting_that_cannot_work_is_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, out, err = run(capsys, "remind", *argv)
    assert code == EXIT_PROBLEMS and out == ""
    assert err.startswith(f"unknot: {message}") and err.count("\n") == 1


def test_a_second_reminder_is_refused_while_one_runs(capsys: pytest.CaptureFixture[str]) -> None:
    write_status(state_path(), RemindStatus("counting", time.time() + 60, None, "x", 60, 1))
    code, _, err = run(capsys, "remind")
    assert code == EXIT_PROBLEMS
    assert "a reminder is already running (process 1)" in err


def test_off_a_terminal_the_reminder_says_it_needs_one(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "remind", "--every", "30m")  # pytest's stdout is no terminal
    assert code == EXIT_PROBLEMS
    assert "needs a terminal" in err
