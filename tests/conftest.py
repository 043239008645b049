"""Shared fixtures: every test gets its own UNKNOT_HOME, so none touches the real home, and a test
that starts a process without the `slow` marker fails."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]

# `pytester` runs a small suite inside a test: tests/unit/test_test_rules.py proves a rule can fail.
pytest_plugins = ["pytester"]


@pytest.fixture(autouse=True)
def unknot_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path_factory.mktemp("unknot-home")
    monkeypatch.setenv("UNKNOT_HOME", str(home))
    monkeypatch.delenv("UNKNOT_TRACE", raising=False)
    return home


@pytest.fixture
def user_routines(unknot_home: Path) -> Path:
    folder = unknot_home / "config" / "routines"
    folder.mkdir(parents=True)
    return folder


@pytest.fixture
def bell_only(unknot_home: Path) -> Path:
    """config.toml chooses the terminal bell, so a screen test neither makes a sound on a
    machine that has a player program nor draws a different "sound: …" word there."""
    config = unknot_home / "config" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('[sound]\nbackend = "bell"\n', encoding="utf-8")
    return config


@pytest.fixture(autouse=True)
def _processes_are_slow(request: pytest.FixtureRequest) -> Iterator[None]:
    """A test that starts a process (a fresh interpreter, tmux, a fake program on PATH) must say
    so with `@pytest.mark.slow`, so the marker can be trusted to pick them all. Every process
    Python starts goes through `subprocess.Popen` (asyncio's too): watching it is enough."""
    if request.node.get_closest_marker("slow") is not None:
        yield
        return
    started: list[str] = []
    real_init = subprocess.Popen.__init__

    def watched(self: subprocess.Popen[Any], args: Any, *rest: Any, **options: Any) -> None:
        started.append(str(args)[:120])
        real_init(self, args, *rest, **options)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(subprocess.Popen, "__init__", watched)
        yield
    if started:
        pytest.fail(f"started a process without @pytest.mark.slow: {started[0]}", pytrace=False)
