"""Nothing hangs on odd files: a named pipe, a socket, a folder or a dangling link where a
routine, a sound or the config should be is listed apart with a one-line reason, never opened.

These use a real FIFO (os.mkfifo) and a real socket: a test of a fake would not show a hang.
"""

from __future__ import annotations

import json
import os
import socket
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tui.cli.main import main
from tui.core.config import load_config
from tui.core.loader import read_routine_file
from tui.core.regular import NotRegular, read_regular

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and UNIX sockets are POSIX")

GOOD = """\
format = 1

[routine]
name = "Fine"
summary = "One hold."
areas = ["neck"]

[[steps]]
name = "Tilt"
hold = 1
prep = 0
"""


@pytest.fixture
def odd_folder(user_routines: Path) -> Iterator[Path]:
    (user_routines / "fine.toml").write_text(GOOD, encoding="utf-8")
    os.mkfifo(user_routines / "pipe.toml")
    (user_routines / "folder.toml").mkdir()
    (user_routines / "gone.toml").symlink_to(user_routines / "nowhere.toml")
    # AF_UNIX paths are short (108 bytes): bind from inside the folder with a relative name.
    here = os.getcwd()
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        os.chdir(user_routines)
        server.bind("sock.toml")
    finally:
        os.chdir(here)
    yield user_routines
    server.close()


REASONS = {
    "pipe": "is a named pipe, not a file",
    "sock": "is a socket, not a file",
    "folder": "is a folder, not a file",
    "gone": "which does not exist",
}


def test_each_odd_file_is_a_problem_with_its_reason(odd_folder: Path) -> None:
    for stem, reason in REASONS.items():
        path = odd_folder / f"{stem}.toml"
        loaded = read_routine_file(path)
        assert not loaded.ok
        [problem] = loaded.problems
        assert reason in problem.message, problem
        assert "\n" not in str(problem)


@pytest.mark.parametrize("argv", [["list"], ["validate", "{folder}"], ["play", "fine", "--plain"]])
def test_list_validate_and_play_do_not_hang_on_a_named_pipe(
    capsys, odd_folder: Path, argv: list[str]
) -> None:
    code = main([a.format(folder=odd_folder) for a in argv])
    out = capsys.readouterr().out
    if argv[0] == "list":
        assert code == 0 and "fine" in out and "pipe.toml" in out and "sock.toml" in out
    elif argv[0] == "validate":
        assert code == 1
        for stem in ("pipe", "sock", "gone"):  # a folder.toml folder is looked into, as any
            assert f"{stem}.toml: (file): " in out and REASONS[stem] in out
    else:
        assert code == 0 and "complete" in out


def test_list_json_names_each_odd_file_with_its_reason(capsys, odd_folder: Path) -> None:
    main(["list", "--json"])
    broken = {
        Path(f["path"]).stem: f["problems"][0]["message"]
        for f in json.loads(capsys.readouterr().out)["broken"]
    }
    for stem, reason in REASONS.items():
        assert reason in broken[stem]


def test_a_named_pipe_as_a_sound_file_says_what_it_is(user_routines: Path) -> None:
    (user_routines / "sounds").mkdir()
    os.mkfifo(user_routines / "sounds" / "gong.wav")
    path = user_routines / "gong.toml"
    path.write_text(GOOD + '\n[cues.sounds]\nstart = "sounds/gong.wav"\n', encoding="utf-8")
    loaded = read_routine_file(path)
    [problem] = loaded.problems
    assert "is a named pipe" in problem.message and "does not exist" not in problem.message


def test_a_named_pipe_as_the_config_is_a_problem_and_the_defaults_are_used(
    unknot_home: Path,
) -> None:
    config = unknot_home / "config" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(config)
    loaded = load_config()
    assert loaded.sound.enabled
    assert "named pipe" in loaded.problems[0].message


def test_read_regular_refuses_a_pipe_swapped_in_after_the_look(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    with pytest.raises(NotRegular, match="named pipe"):
        read_regular(tmp_path / "pipe")
