"""The rules the suite keeps about itself hold because they can fail: a test that starts a process
without the `slow` marker is reported (tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

CONFTEST = Path(__file__).resolve().parents[1] / "conftest.py"

SAMPLE = """
import subprocess, sys

import pytest


def test_unmarked():
    subprocess.run([sys.executable, "-c", "pass"], check=True)


@pytest.mark.slow
def test_marked():
    subprocess.run([sys.executable, "-c", "pass"], check=True)


def test_no_process():
    pass
"""


@pytest.mark.slow
def test_a_test_that_starts_a_process_without_the_slow_marker_is_an_error(
    pytester: pytest.Pytester,
) -> None:
    pytester.makeconftest(CONFTEST.read_text(encoding="utf-8"))
    pytester.makeini("[pytest]\nmarkers =\n    slow: starts real processes\n")
    pytester.makepyfile(test_sample=SAMPLE)
    result = pytester.runpytest_subprocess()
    result.assert_outcomes(passed=3, errors=1)
    result.stdout.fnmatch_lines(["*ERROR at teardown of test_unmarked*"])
    result.stdout.fnmatch_lines(["*started a process without @pytest.mark.slow*"])
