"""The wheel carries everything: installed (not editable) elsewhere, it lists every routine."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(out),
            str(REPO),
        ],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("unknot-*.whl")
    return built


def test_the_wheel_carries_the_bundled_routines_and_sounds(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for routine in (REPO / "routines").glob("*.toml"):
        assert f"tui/_data/routines/{routine.name}" in names
    for sound in (REPO / "sounds").glob("*.wav"):
        assert f"tui/_data/sounds/{sound.name}" in names
    assert "tui/core/figures/bundled.figures" in names  # the figures are package data


def test_an_installed_wheel_lists_every_bundled_routine_from_another_folder(
    wheel: Path, tmp_path: Path
) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(wheel)],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "UNKNOT_HOME": str(tmp_path / "home")}
    env.pop("PYTHONPATH", None)
    result = subprocess.run(
        [str(env_dir / "bin" / "unknot"), "list", "--json"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    listed = json.loads(result.stdout)
    ids = {entry["id"] for entry in listed["routines"]}
    assert ids == {p.stem for p in (REPO / "routines").glob("*.toml")}
    assert listed["broken"] == []
    for entry in listed["routines"]:
        # Read from the installed copy, not from this checkout.
        assert str(env_dir) in entry["path"]
    table = subprocess.run(
        [str(python), "-m", "tui", "list"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "back-reset-15" in table.stdout and "15:00" in table.stdout
    sounds = subprocess.run(
        [str(env_dir / "bin" / "unknot"), "sounds"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    files = [Path(line.split()[-1]) for line in sounds.stdout.splitlines() if ".wav" in line]
    assert len(files) == len(list((REPO / "sounds").glob("*.wav")))
    assert all(str(env_dir) in str(f) and f.is_file() for f in files)  # the wheel's own copies
    figure = subprocess.run(
        [str(env_dir / "bin" / "unknot"), "figure", "child-pose"],
        cwd=elsewhere,
        env={**env, "PYTHONIOENCODING": "utf-8"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert figure.stdout.startswith("child-pose: Child's pose\n")  # read from the wheel


def test_the_wheel_carries_the_license_and_the_one_version(wheel: Path) -> None:
    from tui import __version__

    archive = zipfile.ZipFile(wheel)
    names = archive.namelist()
    assert any(name.endswith("licenses/LICENSE") for name in names)
    assert "tui/core/routine-v1.schema.json" in names  # `unknot schema` prints it
    (metadata,) = [name for name in names if name.endswith(".dist-info/METADATA")]
    text = archive.read(metadata).decode()
    assert f"\nVersion: {__version__}\n" in text
    assert "Requires-Dist: textual<9,>=8.2" in text
