"""A folder is read with all its subfolders, and a TOML syntax error is placed where the parser
stopped (line and column), in routines and config.toml alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.cli.common import EXIT_OK, EXIT_PROBLEMS
from tui.cli.main import main
from tui.core.config import load_config
from tui.core.loader import read_routine_file

GOOD = """\
format = 1

[routine]
name = "My neck"
summary = "Two quick holds."
areas = ["neck"]

[[steps]]
name = "Tilt"
hold = 30
"""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def tree(root: Path) -> Path:
    """A folder of folders: routines two levels down, a broken one, and a hidden folder."""
    (root / "neck" / "gentle").mkdir(parents=True)
    (root / "back").mkdir()
    (root / ".git").mkdir()
    (root / "neck" / "gentle" / "my-neck.toml").write_text(GOOD)
    (root / "back" / "my-back.toml").write_text(GOOD.replace("My neck", "My back"))
    (root / "back" / "bad-back.toml").write_text(GOOD.replace("hold = 30", "hodl = 30"))
    (root / ".git" / "not-a-routine.toml").write_text("x = ")
    return root


def test_validate_reads_every_subfolder_and_no_hidden_one(capsys, tmp_path: Path) -> None:
    root = tree(tmp_path / "mine")
    code, out, err = run(capsys, "validate", str(root))
    assert code == EXIT_PROBLEMS
    assert f"{root / 'neck' / 'gentle' / 'my-neck.toml'}: ok" in out
    assert f"{root / 'back' / 'my-back.toml'}: ok" in out
    assert f"{root / 'back' / 'bad-back.toml'}:10: steps[1].hodl:" in out
    assert "not-a-routine" not in out + err
    assert "no routine files found" not in err


def test_import_reads_every_subfolder(capsys, tmp_path: Path, user_routines: Path) -> None:
    root = tree(tmp_path / "mine")
    (root / "back" / "bad-back.toml").unlink()
    code, out, err = run(capsys, "import", str(root))
    assert code == EXIT_OK, out + err
    assert sorted(p.name for p in user_routines.iterdir()) == ["my-back.toml", "my-neck.toml"]
    assert "imported 2 of 2" in err


def test_an_unclosed_string_at_the_end_of_config_is_placed_on_its_line(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[sound]\nbackend = "bell', encoding="utf-8")
    [problem] = load_config(path).problems
    assert problem.line == 2
    assert problem.message.startswith("is not valid TOML: unterminated string")
    assert problem.message.endswith("at column 16")


def test_a_routine_and_the_config_place_one_syntax_error_alike(tmp_path: Path) -> None:
    routine = tmp_path / "my-neck.toml"
    routine.write_text(GOOD.replace("hold = 30", "hold = 3 0"), encoding="utf-8")
    config = tmp_path / "config.toml"
    config.write_text("\n" * 9 + "hold = 3 0\n", encoding="utf-8")
    [in_routine] = read_routine_file(routine).problems
    [in_config] = load_config(config).problems
    assert in_routine.line == in_config.line == 10
    assert in_routine.message == in_config.message
    assert in_routine.message.endswith("at column 10")
