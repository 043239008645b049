"""Tab completion: `unknot completion bash|zsh|fish` completes commands, options and routine ids."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tui.cli.common import EXIT_OK
from tui.cli.completion import ROUTINE_COMMANDS, describe
from tui.cli.main import build_parser, main

REPO = Path(__file__).resolve().parents[2]
BUNDLED_IDS = sorted(p.stem for p in (REPO / "routines").glob("*.toml"))


def script(capsys: pytest.CaptureFixture[str], shell: str) -> str:
    assert main(["completion", shell]) == EXIT_OK
    return capsys.readouterr().out


def test_the_hidden_ids_command_lists_bundled_and_user_routines(capsys, user_routines) -> None:
    (user_routines / "my-neck.toml").write_text("not even read", encoding="utf-8")
    assert main(["_ids"]) == EXIT_OK
    ids = capsys.readouterr().out.split()
    assert ids == sorted({*BUNDLED_IDS, "my-neck"})


def test_ids_is_hidden_from_the_help(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "completion" in out and "_ids" not in out


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_every_command_and_option_is_in_every_script(capsys, shell: str) -> None:
    text = script(capsys, shell)
    _, commands = describe(build_parser())
    names = {c.name for c in commands}
    assert {"list", "play", "show", "edit", "export", "export-audio", "sounds"} <= names
    assert "_ids" not in names
    for command in commands:
        assert command.name in text
        for option in command.options:
            long = next(f for f in option.flags if f.startswith("--"))
            assert (long if shell != "fish" else f"-l {long[2:]}") in text, (command.name, long)
    assert "unknot _ids" in text


def _shell_env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    env["HOME"] = str(tmp_path)
    return env


BASH_HARNESS = """
source <(unknot completion bash)
c() { COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]}-1)); COMPREPLY=(); _unknot
      echo "${COMPREPLY[*]}"; }
"""


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_bash_completes_commands_options_choices_and_routine_ids(tmp_path: Path) -> None:
    lines = [
        "c unknot pl",
        "c unknot play back-reset-1",
        "c unknot play --pl",
        "c unknot list --area low",
        "c unknot completion z",
        "c unknot export-audio back-reset-15 ''",
        *[f"c unknot {command} ''" for command in ROUTINE_COMMANDS],
    ]
    result = subprocess.run(
        ["bash", "-c", BASH_HARNESS + "\n".join(lines)],
        env=_shell_env(tmp_path),
        capture_output=True,
        text=True,
        check=True,
    )
    out = result.stdout.splitlines()
    assert out[:6] == ["play", "back-reset-15", "--plain", "lower-back", "zsh", ""]
    for line in out[6:]:  # every routine command offers every routine id first
        assert line.split() == BUNDLED_IDS


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("fish") is None, reason="fish is not installed")
def test_fish_completes_commands_and_routine_ids(tmp_path: Path) -> None:
    probe = (
        "unknot completion fish | source; "
        'complete -C "unknot pl"; complete -C "unknot show back-reset-1"; '
        'complete -C "unknot list --ar"'
    )
    result = subprocess.run(
        ["fish", "--no-config", "-c", probe],
        env=_shell_env(tmp_path),
        capture_output=True,
        text=True,
        check=True,
    )
    firsts = [line.split("\t")[0] for line in result.stdout.splitlines()]
    assert firsts == ["play", "back-reset-15", "--area"]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh is not installed")
def test_zsh_loads_the_script_and_registers_it(tmp_path: Path) -> None:
    probe = (
        f"autoload -U compinit; compinit -u -d {tmp_path}/zcd; "
        'eval "$(unknot completion zsh)"; print ${_comps[unknot]}'
    )
    result = subprocess.run(
        ["zsh", "-f", "-c", probe],
        env=_shell_env(tmp_path),
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "_unknot"
    assert result.stderr == ""
