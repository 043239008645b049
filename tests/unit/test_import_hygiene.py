"""The core never imports textual, and the command line stays light.

Each module is imported alone in a fresh interpreter, because in this test process textual may
already have been imported by another test. The modules are discovered, so a new module of
tui/core is covered the day it is added. While importing, HOME and UNKNOT_HOME point at empty
folders that must stay empty: nothing happens at import time.
"""

from __future__ import annotations

import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import tui.core

REPO = Path(__file__).parents[2]
CORE_MODULES = sorted(f"tui.core.{m.name}" for m in pkgutil.iter_modules(tui.core.__path__))

PROBE = """
import importlib, sys
importlib.import_module(sys.argv[1])
loaded = sorted(name for name in sys.modules if name == "textual" or name.startswith("textual."))
if loaded:
    sys.exit("imported " + ", ".join(loaded[:5]))
"""


def import_alone(module: str, home: Path) -> subprocess.CompletedProcess[str]:
    (home / "home").mkdir()
    (home / "unknot").mkdir()
    env = {
        **os.environ,
        "HOME": str(home / "home"),
        "UNKNOT_HOME": str(home / "unknot"),
        "PYTHONPATH": str(REPO),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    return subprocess.run(
        [sys.executable, "-c", PROBE, module],
        cwd=home,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_core_modules_are_discovered() -> None:
    assert {"tui.core.loader", "tui.core.timeline", "tui.core.writer"} <= set(CORE_MODULES)


@pytest.mark.parametrize("module", [*CORE_MODULES, "tui.core", "tui.cli.main"])
def test_a_module_imports_without_textual_and_without_touching_the_disk(
    module: str, tmp_path: Path
) -> None:
    result = import_alone(module, tmp_path)
    assert result.returncode == 0, result.stderr
    assert list((tmp_path / "home").iterdir()) == []
    assert list((tmp_path / "unknot").iterdir()) == []


def test_the_probe_can_fail(tmp_path: Path) -> None:
    """The check is honest: a module that does import textual is caught."""
    result = import_alone("textual.app", tmp_path)
    assert result.returncode != 0
    assert "imported textual" in result.stderr
