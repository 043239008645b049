"""The JSON Schema for editors: generated from the loader's key tables, shipped as generated, and
agreeing with the loader on every bundled routine, the valid fixtures, and files wrong in a type or
a key."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator

from tui.cli.common import EXIT_OK
from tui.cli.main import main
from tui.core import schema as loader_tables
from tui.core.json_schema import SCHEMA_FILE, SCHEMA_LINE, SIDECAR_NAME, routine_schema, schema_text
from tui.core.loader import parse_routine

REPO = Path(__file__).resolve().parents[2]
VALIDATOR = Draft7Validator(json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))
VALID_FILES = sorted((REPO / "routines").glob("*.toml")) + [
    REPO / "tests" / "data" / "library" / name
    for name in ("hip-opener.toml", "neck-release.toml", "roller-basics.toml")
]

GOOD = """\
format = 1

[routine]
name = "My neck"
summary = "Two quick holds."
areas = ["neck"]

[defaults]
prep = "5s"

[cues]
volume = 0.5

[[steps]]
name = "Tilt"
hold = "1:30"
sides = ["left", "right"]
breathe = [4, 2, 4]

[[steps]]
name = "Get the ball"
manual = true

[[steps]]
name = "Lean"
hold = "60-90s"

[[steps]]
include = "desk-break"
rounds = 2
"""

# Each is GOOD with one thing wrong in a type or a key; the loader and the schema both refuse it.
WRONG = {
    "unknown top key": ("format = 1\n", "format = 1\ncolour = 1\n"),
    "unknown routine key": ('areas = ["neck"]\n', 'areas = ["neck"]\nauthr = "me"\n'),
    "unknown step key": ('hold = "1:30"\n', 'hold = "1:30"\nhodl = 30\n'),
    "hold a boolean": ('hold = "1:30"', "hold = true"),
    "reps a string": ('sides = ["left", "right"]\n', 'sides = ["left", "right"]\nreps = "3"\n'),
    "areas a string": ('areas = ["neck"]', 'areas = "neck"'),
    "an area word unknown": ('areas = ["neck"]', 'areas = ["nek"]'),
    "volume a string": ("volume = 0.5", 'volume = "loud"'),
    "format 2": ("format = 1", "format = 2"),
    "a key beside include": ("rounds = 2", 'rounds = 2\nname = "x"'),
    "no hold and not manual": ('name = "Lean"\nhold = "60-90s"\n', 'name = "Lean"\n'),
    "a hold on a manual step": ("manual = true", "manual = true\nhold = 30"),
    "breathe of two": ("breathe = [4, 2, 4]", "breathe = [4, 4]"),
    "a cue event unknown": ("volume = 0.5", 'volume = 0.5\nsounds = { gong = "a.wav" }'),
    "position unknown": ('name = "Tilt"', 'name = "Tilt"\nposition = "upside-down"'),
}


def schema_errors(document: dict[str, Any]) -> list[str]:
    return [error.message for error in VALIDATOR.iter_errors(document)]


def test_the_shipped_file_is_what_the_key_tables_generate() -> None:
    # After a change to the format's keys: .venv/bin/python -c "from tui.core.json_schema import
    # SCHEMA_FILE, schema_text; SCHEMA_FILE.write_text(schema_text())"
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text()
    Draft7Validator.check_schema(routine_schema())


def test_every_key_the_loader_knows_is_in_the_schema() -> None:
    schema = routine_schema()
    top = schema["properties"]
    step, include = top["steps"]["items"]["oneOf"]
    tables = {
        "TOP_KEYS": top,
        "ROUTINE_KEYS": top["routine"]["properties"],
        "DEFAULT_KEYS": top["defaults"]["properties"],
        "CUE_KEYS": top["cues"]["properties"],
        "STEP_KEYS": step["properties"],
        "STEP_CUE_KEYS": step["properties"]["cues"]["properties"],
        "INCLUDE_KEYS": include["properties"],
    }
    for name, properties in tables.items():
        assert list(properties) == list(getattr(loader_tables, name)), name
    for key in ("setup", "position", "areas", "figure"):  # the later version 1 keys
        assert key in step["properties"]


@pytest.mark.parametrize("path", VALID_FILES, ids=lambda p: p.name)
def test_every_bundled_routine_and_valid_fixture_passes_the_schema(path: Path) -> None:
    assert schema_errors(tomllib.loads(path.read_text(encoding="utf-8"))) == []


def test_a_file_using_every_kind_of_value_passes_both() -> None:
    assert schema_errors(tomllib.loads(GOOD)) == []
    loaded = parse_routine(GOOD.encode(), Path("my-neck.toml"))
    assert loaded.problems == []


@pytest.mark.parametrize("case", list(WRONG))
def test_a_file_wrong_in_type_or_key_is_refused_by_both(case: str) -> None:
    old, new = WRONG[case]
    assert old in GOOD
    text = GOOD.replace(old, new, 1)
    assert parse_routine(text.encode(), Path("my-neck.toml")).problems, "the loader accepts it"
    assert schema_errors(tomllib.loads(text)), "the schema accepts it"


def test_the_broken_fixture_is_refused_by_the_schema() -> None:
    broken = REPO / "tests" / "data" / "library" / "broken-one.toml"
    assert schema_errors(tomllib.loads(broken.read_text(encoding="utf-8")))


def test_unknot_schema_prints_the_shipped_file(capsys) -> None:
    assert main(["schema"]) == EXIT_OK
    assert capsys.readouterr().out == SCHEMA_FILE.read_text(encoding="utf-8")


def test_unknot_new_points_the_file_at_the_schema_beside_it(capsys, user_routines: Path) -> None:
    assert main(["new", "My neck"]) == EXIT_OK
    path = Path(capsys.readouterr().out.strip())
    text = path.read_text(encoding="utf-8")
    assert text.startswith(SCHEMA_LINE)
    sidecar = path.parent / SIDECAR_NAME
    assert sidecar.read_text(encoding="utf-8") == SCHEMA_FILE.read_text(encoding="utf-8")
    assert schema_errors(tomllib.loads(text)) == []
    assert main(["validate", str(path)]) == EXIT_OK
