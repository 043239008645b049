"""The core never imports textual, and neither do the session pipeline, plain mode and the command
line at import time.

Each module is imported alone in a fresh interpreter (tests/probes.py), because in this test
process textual may already have been imported by another test. The modules are discovered, so a
new module of tui/core, tui/session, tui/plain or tui/cli is covered the day it is added. While
importing, HOME and UNKNOT_HOME point at empty folders that must stay empty: nothing happens at
import time.
"""

from __future__ import annotations

import os
import pkgutil
import subprocess
from pathlib import Path

import pytest
from probes import run_alone

import tui.cli
import tui.core
import tui.plain
import tui.session

CORE_MODULES = sorted(f"tui.core.{m.name}" for m in pkgutil.iter_modules(tui.core.__path__))
NO_TEXTUAL = sorted(
    m.name
    for package in (tui.core, tui.session, tui.plain, tui.cli)
    for m in pkgutil.walk_packages(package.__path__, package.__name__ + ".")
)


def import_alone(module: str, home: Path) -> subprocess.CompletedProcess[str]:
    (home / "home").mkdir()
    (home / "unknot").mkdir()
    env = {
        **os.environ,
        "HOME": str(home / "home"),
        "UNKNOT_HOME": str(home / "unknot"),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    return run_alone(module, cwd=home, env=env)


def test_the_modules_are_discovered() -> None:
    assert {"tui.core.loader", "tui.core.timeline", "tui.core.writer"} <= set(CORE_MODULES)
    assert {"tui.cli.main", "tui.cli.common", "tui.plain.run"} <= set(NO_TEXTUAL)
    assert set(CORE_MODULES) <= set(NO_TEXTUAL)


@pytest.mark.slow
@pytest.mark.parametrize("module", [*NO_TEXTUAL, "tui.core", "tui.session", "tui.plain", "tui.cli"])
def test_a_module_imports_without_textual_and_without_touching_the_disk(
    module: str, tmp_path: Path
) -> None:
    result = import_alone(module, tmp_path)
    assert result.returncode == 0, result.stderr
    assert list((tmp_path / "home").iterdir()) == []
    assert list((tmp_path / "unknot").iterdir()) == []


@pytest.mark.slow
def test_the_probe_can_fail(tmp_path: Path) -> None:
    """The check is honest: a module that does import textual is caught."""
    result = import_alone("textual.app", tmp_path)
    assert result.returncode != 0
    assert "imported textual" in result.stderr
