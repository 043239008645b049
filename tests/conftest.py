"""Shared fixtures: every test gets its own UNKNOT_HOME, so none touches the real home."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


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
