"""config.toml's [sound] table: good values are read, bad ones are named and replaced by defaults.

A person edits this file by hand; whatever they write, the app must start, and the message must
say which file, which line and which key to fix.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.core.config import BACKEND_CHOICES, Config, SoundConfig, load_config, parse_config


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_no_config_file_means_the_defaults_and_no_message(tmp_path: Path) -> None:
    config = load_config(tmp_path / "config.toml")
    assert config.sound == SoundConfig(enabled=True, volume=1.0, backend="auto")
    assert config.problems == ()


def test_the_default_file_is_the_one_in_the_config_folder(unknot_home: Path) -> None:
    folder = unknot_home / "config"
    folder.mkdir()
    (folder / "config.toml").write_text('[sound]\nbackend = "bell"\n', encoding="utf-8")
    config = load_config()
    assert config.path == folder / "config.toml"
    assert config.sound.backend == "bell"


def test_good_values_are_read(tmp_path: Path) -> None:
    path = write(tmp_path, '[sound]\nenabled = false\nvolume = 0.5\nbackend = "paplay"\n')
    config = load_config(path)
    assert config.sound == SoundConfig(enabled=False, volume=0.5, backend="paplay")
    assert config.problems == ()


@pytest.mark.parametrize("backend", BACKEND_CHOICES)
def test_every_backend_word_is_accepted(tmp_path: Path, backend: str) -> None:
    config = load_config(write(tmp_path, f'[sound]\nbackend = "{backend}"\n'))
    assert config.sound.backend == backend and not config.problems


def test_a_whole_number_volume_is_a_volume(tmp_path: Path) -> None:
    assert load_config(write(tmp_path, "[sound]\nvolume = 1\n")).sound.volume == 1.0


@pytest.mark.parametrize(
    ("line", "key", "message", "hint"),
    [
        ('enabled = "yes"', "sound.enabled", "is a string, not true or false", "using true"),
        ("volume = 1.5", "sound.volume", "1.5 is out of range", "0.0 to 1.0; using 1.0"),
        ("volume = -0.1", "sound.volume", "-0.1 is out of range", "using 1.0"),
        ("volume = nan", "sound.volume", "nan is out of range", "using 1.0"),
        ('volume = "loud"', "sound.volume", "is a string, not a number", "using 1.0"),
        ("volume = true", "sound.volume", "is a boolean, not a number", "using 1.0"),
        (
            'backend = "paplya"',
            "sound.backend",
            "'paplya' is not a backend",
            "did you mean 'paplay'",
        ),
        ('backend = "pulse"', "sound.backend", "'pulse' is not a backend", "using 'auto'"),
        ("backend = 3", "sound.backend", "is an integer, not a backend name", "using 'auto'"),
        (
            "volum = 0.5",
            "sound.volum",
            "'volum' is not a key unknot knows",
            "did you mean 'volume'",
        ),
    ],
)
def test_a_bad_value_names_the_file_line_and_key_and_the_default_is_used(
    tmp_path: Path, line: str, key: str, message: str, hint: str
) -> None:
    path = write(tmp_path, f"# my settings\n\n[sound]\n{line}\n")
    config = load_config(path)
    assert config.sound == SoundConfig()
    [problem] = config.problems
    assert (problem.file, problem.line, problem.key) == (path, 4, key)
    assert message in problem.message
    assert hint in problem.hint
    assert config.messages() == [str(problem)]
    assert str(problem).startswith(f"{path}:4: {key}: ")


def test_one_bad_value_does_not_cost_the_good_ones(tmp_path: Path) -> None:
    path = write(tmp_path, '[sound]\nenabled = false\nvolume = 7\nbackend = "aplay"\n')
    config = load_config(path)
    assert config.sound == SoundConfig(enabled=False, volume=1.0, backend="aplay")
    assert [p.key for p in config.problems] == ["sound.volume"]


def test_a_toml_syntax_error_is_reported_on_its_line_and_the_defaults_are_used(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, "[sound]\nvolume = \n")
    config = load_config(path)
    assert config.sound == SoundConfig()
    [problem] = config.problems
    assert problem.line == 2
    assert "is not valid TOML: invalid value" in problem.message
    assert "defaults are used" in problem.hint


def test_sound_that_is_not_a_table_is_reported(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, "sound = 1\n"))
    assert config.sound == SoundConfig()
    assert "is an integer, not a table" in config.problems[0].message


def test_a_file_that_is_not_utf8_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b"[sound]\nbackend = '\xff'\n")
    config = load_config(path)
    assert config.sound == SoundConfig()
    assert config.problems[0].message == "is not UTF-8"


def test_an_unreadable_config_is_reported_not_raised(tmp_path: Path) -> None:
    folder = tmp_path / "config.toml"
    folder.mkdir()  # a folder where the file should be: reading it fails
    config = load_config(folder)
    assert config.sound == SoundConfig()
    assert "cannot be read" in config.problems[0].message


def test_tables_of_other_features_are_left_alone(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, '[keys]\nquit = "q"\n\n[sound]\nvolume = 0.3\n'))
    assert config.sound.volume == 0.3 and config.problems == ()


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
def test_any_bytes_give_a_config_never_an_exception(data: bytes) -> None:
    config = parse_config(b"[sound]\n" + data, Path("config.toml"))
    assert isinstance(config, Config)
    assert 0.0 <= config.sound.volume <= 1.0
    assert config.sound.backend in BACKEND_CHOICES
