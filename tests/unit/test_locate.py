"""The key locator: every key of a TOML text is found on the line it stands on.

A problem is only useful if it points at its line, and TOML hides keys in places a naive line
scan gets wrong: multi-line strings that contain `key = value` text, brackets in comments and
strings, arrays over several lines, inline tables, dotted and quoted keys, arrays of tables.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from tui.core.locate import line_of, locate_keys

VALID_TOML = Path(__file__).parents[1] / "data" / "toml-test" / "tests" / "valid"


def located(text: str) -> dict[tuple[str | int, ...], int]:
    tomllib.loads(text)  # every text here is valid TOML, as the locator assumes
    return locate_keys(text)


def test_plain_keys_and_table_headers_are_found_on_their_lines() -> None:
    found = located('format = 1\n\n[routine]\nname = "x"\n\n[defaults]\nprep = 5\n')
    assert found[("format",)] == 1
    assert found[("routine",)] == 3
    assert found[("routine", "name")] == 4
    assert found[("defaults",)] == 6
    assert found[("defaults", "prep")] == 7


def test_key_value_text_inside_a_multiline_basic_string_is_not_a_key() -> None:
    text = (
        "[routine]\n"  # 1
        'description = """\n'  # 2
        "hold = 5\n"  # 3
        "[[steps]]\n"  # 4
        'name = "not a step"\n'  # 5
        '"""\n'  # 6
        'summary = "after"\n'  # 7
    )
    found = located(text)
    assert found[("routine", "summary")] == 7
    assert ("hold",) not in found
    assert ("steps",) not in found
    assert ("routine", "hold") not in found


def test_key_value_text_inside_a_multiline_literal_string_is_not_a_key() -> None:
    text = "a = '''\n[b]\nc = 1 # ]\n'''\nd = 2\n"
    found = located(text)
    assert found == {("a",): 1, ("d",): 5}


def test_a_multiline_string_ending_in_extra_quotes_closes_where_toml_closes_it() -> None:
    text = "a = \"\"\"x\"\"\"\"\nb = 1\nc = '''y'''''\nd = 2\n"
    assert tomllib.loads(text)["a"] == 'x"'
    found = located(text)
    assert found[("b",)] == 2
    assert found[("d",)] == 4


def test_escaped_quotes_and_line_continuations_do_not_end_a_string_early() -> None:
    text = (
        'a = "a \\" [b] = c # d"\n'  # 1
        'e = """one \\\n'  # 2
        '   two \\""" three"""\n'  # 3
        "f = 1\n"  # 4
    )
    found = located(text)
    assert found == {("a",): 1, ("e",): 2, ("f",): 4}


def test_brackets_and_keys_in_comments_are_ignored() -> None:
    text = (
        "# [[steps]]\n"  # 1
        "a = 1 # ] } [ [[x]]\n"  # 2
        "[t] # [u]\n"  # 3
        "# b = 2\n"  # 4
        "c = 3\n"  # 5
    )
    found = located(text)
    assert found == {("a",): 2, ("t",): 3, ("t", "c"): 5}


def test_each_item_of_a_multiline_array_is_found_on_its_own_line() -> None:
    text = (
        "areas = [\n"  # 1
        '  "neck",   # ]\n'  # 2
        '  "]", "[",\n'  # 3
        "  [1, [2, 3]],\n"  # 4
        "  { k = 1 },\n"  # 5
        "]\n"  # 6
        "level = 'firm'\n"  # 7
    )
    found = located(text)
    assert found == {
        ("areas",): 1,
        ("areas", 1): 2,  # the bracket in the comment after it is no item
        ("areas", 2): 3,
        ("areas", 3): 3,
        ("areas", 4): 4,
        ("areas", 4, 1): 4,
        ("areas", 4, 2): 4,
        ("areas", 4, 2, 1): 4,
        ("areas", 4, 2, 2): 4,
        ("areas", 5): 5,
        ("areas", 5, "k"): 5,
        ("level",): 7,
    }


def test_an_inline_array_of_steps_finds_each_step_and_its_keys() -> None:
    text = (
        "steps = [\n"  # 1
        '  { name = "a", hold = 30 },\n'  # 2
        "  # the next step\n"  # 3
        '  { name = "b", hodl = 30 },\n'  # 4
        "]\n"  # 5
    )
    found = located(text)
    assert found[("steps", 1)] == 2 and found[("steps", 1, "hold")] == 2
    assert found[("steps", 2)] == 4 and found[("steps", 2, "hodl")] == 4


def test_inline_table_keys_are_found_inside_the_step_they_belong_to() -> None:
    text = (
        "[[steps]]\n"  # 1
        'name = "a"\n'  # 2
        "[[steps]]\n"  # 3
        'name = "b"\n'  # 4
        "cues = { halfway = false, countdown = 5, x = { y = [1, { z = 2 }] } }\n"  # 5
        "breathe = [4, 0, 6]\n"  # 6
    )
    found = located(text)
    assert found[("steps", 2, "cues")] == 5
    assert found[("steps", 2, "cues", "halfway")] == 5
    assert found[("steps", 2, "cues", "countdown")] == 5
    assert found[("steps", 2, "cues", "x", "y")] == 5
    assert found[("steps", 2, "breathe")] == 6
    assert ("steps", 1, "cues") not in found


def test_dotted_keys_make_every_table_on_their_way() -> None:
    text = (
        'routine.name = "x"\n'  # 1
        "routine . summary = 'y'\n"  # 2
        "[[steps]]\n"  # 3
        "cues.halfway = false\n"  # 4
        "a = { b.c = 1 }\n"  # 5
    )
    found = located(text)
    assert found[("routine",)] == 1
    assert found[("routine", "name")] == 1
    assert found[("routine", "summary")] == 2
    assert found[("steps", 1, "cues")] == 4
    assert found[("steps", 1, "cues", "halfway")] == 4
    assert found[("steps", 1, "a", "b")] == 5
    assert found[("steps", 1, "a", "b", "c")] == 5


def test_quoted_keys_are_found_by_their_value() -> None:
    text = (
        '"hold" = 5\n'  # 1
        "'name' = 'x'\n"  # 2
        '"a.b" = 1\n'  # 3
        '"h\\u006Fld2" = 2\n'  # 4
        "[\"quoted table\".'inner']\n"  # 5
        '"k]" = 3\n'  # 6
    )
    found = located(text)
    assert found[("hold",)] == 1
    assert found[("name",)] == 2
    assert found[("a.b",)] == 3
    assert ("a",) not in found
    assert found[("hold2",)] == 4
    assert found[("quoted table", "inner")] == 5
    assert found[("quoted table", "inner", "k]")] == 6


def test_arrays_of_tables_are_numbered_from_one_with_their_sub_tables() -> None:
    text = (
        "[[steps]]\n"  # 1
        'name = "a"\n'  # 2
        "[steps.cues]\n"  # 3
        "halfway = false\n"  # 4
        "[[ steps ]]  # the second\n"  # 5
        'name = "b"\n'  # 6
        "[steps.cues]\n"  # 7
        "voice = true\n"  # 8
    )
    found = located(text)
    assert found[("steps",)] == 1  # the array itself: where it first appears
    assert found[("steps", 1)] == 1
    assert found[("steps", 1, "cues", "halfway")] == 4
    assert found[("steps", 2)] == 5
    assert found[("steps", 2, "name")] == 6
    assert found[("steps", 2, "cues")] == 7
    assert found[("steps", 2, "cues", "voice")] == 8


def test_nested_arrays_of_tables_count_within_their_parent() -> None:
    text = "[[a]]\n[[a.b]]\nx = 1\n[[a.b]]\nx = 2\n[[a]]\n[[a.b]]\nx = 3\n"
    found = located(text)
    assert found[("a", 1, "b", 1, "x")] == 3
    assert found[("a", 1, "b", 2, "x")] == 5
    assert found[("a", 2, "b", 1, "x")] == 8
    assert found[("a", 2, "b")] == 7


def test_a_table_header_locates_the_tables_it_implies() -> None:
    found = located("[cues.sounds]\nstart = 'a.wav'\n")
    assert found[("cues",)] == 1
    assert found[("cues", "sounds", "start")] == 2


def test_windows_line_endings_count_lines_the_same() -> None:
    found = located('format = 1\r\n\r\n[routine]\r\nname = """a\r\nb"""\r\nsummary = "s"\r\n')
    assert found[("routine", "summary")] == 6


def test_line_of_falls_back_to_the_nearest_located_parent() -> None:
    found = located('[routine]\nareas = ["neck",\n  "backk"]\n[[steps]]\nname = "a"\n')
    assert line_of(found, ("routine", "areas", 2)) == 3
    assert line_of(found, ("routine", "areas", 3)) == 2  # no such item: its array's line
    assert line_of(found, ("steps", 1, "hold")) == 4
    assert line_of(found, ("nothing",)) is None


def _key_paths(table: dict, prefix: tuple = ()):
    for key, value in table.items():
        yield (*prefix, key)
        if isinstance(value, dict):
            yield from _key_paths(value, (*prefix, key))


def _valid_documents() -> list[Path]:
    paths = []
    for path in sorted(VALID_TOML.rglob("*.toml")):
        try:
            tomllib.loads(path.read_bytes().decode("utf-8"))
        except (UnicodeDecodeError, tomllib.TOMLDecodeError):
            continue  # TOML 1.1 files that Python 3.11's TOML 1.0 reader refuses
        paths.append(path)
    return paths


@pytest.mark.parametrize("path", _valid_documents(), ids=lambda p: str(p.relative_to(VALID_TOML)))
def test_every_key_of_a_valid_toml_test_document_is_located(path: Path) -> None:
    text = path.read_bytes().decode("utf-8")
    found = locate_keys(text)
    lines = text.count("\n") + 1
    missing = [key for key in _key_paths(tomllib.loads(text)) if key not in found]
    assert not missing
    assert all(1 <= line <= lines for line in found.values())
