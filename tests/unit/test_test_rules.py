"""The rules the suite keeps about itself, checked so that they hold: a test that starts a process
without the `slow` marker is reported (tests/conftest.py), and the tests share one fake clock
(tests/fakes.py) and one "imports no textual" probe (tests/probes.py) instead of copying them."""

from __future__ import annotations

import ast
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


def test_the_tests_share_one_fake_clock() -> None:
    """A class in tests/ that is called for the time (`__call__` giving a float) is tests/fakes.py's
    FakeClock; a new copy is caught here."""
    copies = []
    for path in sorted(CONFTEST.parent.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.ClassDef):
                continue
            for item in node.body:
                if (
                    isinstance(item, ast.FunctionDef)
                    and item.name == "__call__"
                    and isinstance(item.returns, ast.Name | ast.Constant)
                    and ast.unparse(item.returns).strip("'\"") == "float"
                ):
                    copies.append(f"{path.relative_to(CONFTEST.parent)}:{node.name}")
    assert copies == ["fakes.py:FakeClock"]


def test_the_tests_share_one_imports_no_textual_probe() -> None:
    """Looking for textual in a fresh interpreter's sys.modules is tests/probes.py's job."""
    own = [
        str(path.relative_to(CONFTEST.parent))
        for path in sorted(CONFTEST.parent.rglob("*.py"))
        if "sys.modules" in (text := path.read_text(encoding="utf-8")) and "textual" in text
    ]
    assert own == ["probes.py", "unit/test_test_rules.py"]  # this test names both words
