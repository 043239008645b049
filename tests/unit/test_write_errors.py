"""Ordinary write errors get ordinary answers: a read-only file system, a full disk, a path that
is a folder and a missing folder are one line naming the path and the cause, exit 1, and no
partial file; exit 70 stays for bugs.

The read-only and full cases use real file systems (small tmpfs mounts) where the machine allows
it; as root a chmod'ed folder is still writable, so it would prove nothing. Elsewhere they are
skipped with the reason.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tui.cli.common import EXIT_PROBLEMS
from tui.cli.main import main

pytestmark = pytest.mark.slow  # mounts file systems with mount(8)

GOOD = """\
format = 1

[routine]
name = "Short"
summary = "One hold."
areas = ["neck"]

[[steps]]
name = "Tilt"
hold = 2
prep = 0
"""


def _mount(target: Path, options: str) -> str | None:
    """Mount a small tmpfs at `target`; the reason it cannot be done, or None."""
    if sys.platform != "linux" or os.geteuid() != 0:
        return "mounting a test file system needs root on Linux"
    target.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(target)],
        capture_output=True,
        text=True,
    )
    return None if done.returncode == 0 else f"mount failed: {done.stderr.strip()}"


def _umount(target: Path) -> None:
    subprocess.run(["umount", "-l", str(target)], capture_output=True)


@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[Path]:
    target = tmp_path / "ro"
    why = _mount(target, "size=64k")
    if why:
        pytest.skip(why)
    try:
        (target / "routines").mkdir()
        (target / "routines" / "short.toml").write_text(GOOD, encoding="utf-8")
        remounted = subprocess.run(["mount", "-o", "remount,ro", str(target)], capture_output=True)
        if remounted.returncode != 0:
            pytest.skip("the test file system could not be made read-only")
        yield target
    finally:
        _umount(target)


@pytest.fixture
def full(tmp_path: Path) -> Iterator[Path]:
    target = tmp_path / "full"
    why = _mount(target, "size=64k")
    if why:
        pytest.skip(why)
    try:
        (target / "routines").mkdir()
        (target / "routines" / "short.toml").write_text(GOOD, encoding="utf-8")
        with (target / "filler").open("wb", buffering=0) as filler:
            try:
                while True:
                    filler.write(b"\0" * 4096)
            except OSError:
                pass
        yield target
    finally:
        _umount(target)


def files(folder: Path) -> set[str]:
    return {p.name for p in folder.rglob("*")}


def one_line_naming(err: str, path: Path | str, cause: str) -> None:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert str(path) in lines[0] and cause in lines[0], err


@pytest.mark.parametrize("place", ["read_only", "full"])
def test_export_audio_to_a_read_only_or_full_file_system(
    capsys, request: pytest.FixtureRequest, place: str
) -> None:
    folder: Path = request.getfixturevalue(place)
    before = files(folder)
    out = folder / "track.wav"
    code = main(["export-audio", "desk-break", str(out), "--no-voice"])
    err = capsys.readouterr().err
    assert code == EXIT_PROBLEMS
    cause = "read-only" if place == "read_only" else "disk is full"
    one_line_naming(err, out, cause)
    assert files(folder) == before  # no partial file, no temporary file left


def test_export_audio_to_a_folder_or_a_missing_folder(capsys, tmp_path: Path) -> None:
    (tmp_path / "dir.wav").mkdir()
    code = main(["export-audio", "desk-break", str(tmp_path / "dir.wav"), "--no-voice"])
    err = capsys.readouterr().err
    assert code == EXIT_PROBLEMS
    one_line_naming(err, tmp_path / "dir.wav", "it is a folder")
    code = main(["export-audio", "desk-break", str(tmp_path / "none" / "x.wav"), "--no-voice"])
    err = capsys.readouterr().err
    assert code == EXIT_PROBLEMS
    one_line_naming(err, tmp_path / "none", "does not exist")
    (tmp_path / "file").write_text("a file where a folder is named", encoding="utf-8")
    code = main(["export-audio", "desk-break", str(tmp_path / "file" / "x.wav"), "--no-voice"])
    err = capsys.readouterr().err
    assert code == EXIT_PROBLEMS
    one_line_naming(err, tmp_path / "file", "is a file, not a folder")


@pytest.mark.parametrize("place", ["read_only", "full"])
def test_new_and_import_into_a_read_only_or_full_routines_folder(
    capsys, request: pytest.FixtureRequest, place: str, monkeypatch, tmp_path: Path
) -> None:
    folder: Path = request.getfixturevalue(place)
    home = folder.parent / "home"
    (home / "config").mkdir(parents=True)
    os.symlink(folder / "routines", home / "config" / "routines")
    monkeypatch.setenv("UNKNOT_HOME", str(home))
    before = files(folder)
    cause = "read-only" if place == "read_only" else "disk is full"
    code = main(["new", "Neck Roll"])
    err = capsys.readouterr().err
    assert code == EXIT_PROBLEMS
    one_line_naming(err, home / "config" / "routines" / "neck-roll.toml", cause)
    other = tmp_path / "elsewhere"
    other.mkdir()
    (other / "other.toml").write_text(GOOD.replace("Short", "Other"), encoding="utf-8")
    code = main(["import", str(other / "other.toml")])
    err = capsys.readouterr().err
    assert code == EXIT_PROBLEMS
    one_line_naming(err, home / "config" / "routines" / "other.toml", cause)
    assert files(folder) == before


def test_export_to_a_full_disk_says_so_in_one_line(full: Path) -> None:
    with (full / "out.toml").open("w") as out:
        done = subprocess.run(
            [sys.executable, "-m", "tui", "export", "back-reset-15"],
            stdout=out,
            stderr=subprocess.PIPE,
            text=True,
        )
    assert done.returncode == EXIT_PROBLEMS, done.stderr
    one_line_naming(done.stderr, "the output", "disk is full")


@pytest.mark.parametrize("place", ["read_only", "full"])
async def test_the_builder_says_why_a_save_failed_and_leaves_no_file(
    user_routines: Path, place: str
) -> None:
    from tui.app.screens.builder import BuilderScreen
    from tui.app.unknot import UnknotApp
    from tui.core.library import Library

    why = _mount(user_routines, "size=64k")
    if why:
        pytest.skip(why)
    try:
        if place == "read_only":
            done = subprocess.run(["mount", "-o", "remount,ro", str(user_routines)])
            if done.returncode != 0:
                pytest.skip("the test file system could not be made read-only")
        else:
            with (user_routines / "filler").open("wb", buffering=0) as filler:
                try:
                    while True:
                        filler.write(b"\0" * 4096)
                except OSError:
                    pass
        before = files(user_routines)
        app = UnknotApp(Library.load(None, user_routines))
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("n")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, BuilderScreen)
            await pilot.press("ctrl+s")
            status = ""
            for _ in range(100):  # a save may finish in a worker: wait for its word, bounded
                await pilot.pause(0.02)
                status = str(screen.query_one("#builder-status").render())
                if status.startswith(("Not saved", "Saved")):
                    break
        cause = "read-only" if place == "read_only" else "disk is full"
        one_line_naming(status, user_routines, cause)
        assert status.startswith("Not saved"), status
        assert files(user_routines) == before
    finally:
        _umount(user_routines)
