"""Whatever bytes arrive, parse_routine answers with problems, never an exception.

The toml-test suite (MIT, copied into tests/data/toml-test with its licence) supplies hundreds of
invalid TOML documents and the valid ones; none of them is a routine. parse_routine catches its
own slips and reports "could not be checked", so the tests also insist that no such problem is
ever given: every file must be answered by the checker itself.
"""

from __future__ import annotations

import string
import tomllib
from datetime import UTC
from pathlib import Path

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.core.loader import MAX_FILE_BYTES, parse_routine
from tui.core.routine import CUE_EVENTS
from tui.core.routine_file import LoadedFile
from tui.core.schema import CUE_KEYS, DEFAULT_KEYS, INCLUDE_KEYS, ROUTINE_KEYS, STEP_KEYS

TOML_TEST = Path(__file__).parents[1] / "data" / "toml-test"
INVALID = sorted((TOML_TEST / "tests" / "invalid").rglob("*.toml"))
VALID = sorted((TOML_TEST / "tests" / "valid").rglob("*.toml"))
BUNDLED = sorted((Path(__file__).parents[2] / "routines").glob("*.toml"))
SOUND = (
    "format = 1\n"  # 1
    "[routine]\n"  # 2
    'name = "Sound"\n'  # 3
    'summary = "A sound routine."\n'  # 4
    'areas = ["neck"]\n'  # 5
    "[[steps]]\n"  # 6
    'name = "First"\n'  # 7
    "hold = 30\n"  # 8
)


def check(data: bytes, name: str = "input.toml") -> LoadedFile:
    return parse_routine(data, Path("/nowhere") / name)


def assert_answered(loaded: LoadedFile, lines: int | None = None) -> None:
    """Problems (at least one), each complete, none from a slip of the checker."""
    assert loaded.routine is None
    assert loaded.problems
    for problem in loaded.problems:
        assert "could not be checked" not in problem.message, problem
        assert problem.key and problem.message and problem.hint
        assert problem.line is None or problem.line >= 1
        if lines is not None and problem.line is not None:
            assert problem.line <= lines + 1


def test_the_toml_test_files_and_their_licence_are_in_the_repository() -> None:
    assert len(INVALID) > 400
    assert len(VALID) > 200
    assert "MIT" in (TOML_TEST / "LICENSE").read_text(encoding="utf-8")


@pytest.mark.parametrize("path", INVALID, ids=lambda p: str(p.relative_to(TOML_TEST / "tests")))
def test_an_invalid_toml_file_gives_problems_never_an_exception(path: Path) -> None:
    data = path.read_bytes()
    assert_answered(check(data, path.name), data.count(b"\n") + 1)


@pytest.mark.parametrize("path", VALID, ids=lambda p: str(p.relative_to(TOML_TEST / "tests")))
def test_a_valid_toml_file_that_is_not_a_routine_gives_routine_problems(path: Path) -> None:
    data = path.read_bytes()
    loaded = check(data, path.name)
    assert_answered(loaded, data.count(b"\n") + 1)
    try:
        tomllib.loads(data.decode("utf-8-sig"))
    except tomllib.TOMLDecodeError:
        return  # TOML 1.1 syntax that Python 3.11's TOML 1.0 reader does not know
    assert not any("not valid TOML" in p.message for p in loaded.problems)


# ---- encodings ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "bad", "line"),
    [
        (b"\xff" + SOUND.encode(), b"\xff", 1),
        (SOUND.replace("First", "Fi\xe9rst").encode("latin-1"), b"\xe9", 7),
        (SOUND.encode() + b"# \xc3\x28\n", b"\xc3", 9),
        (SOUND.encode("utf-16"), b"\xff", 1),
        (b"\xef\xbb\xbf" + SOUND.encode() + b"\x80", b"\x80", 9),
    ],
)
def test_bytes_that_are_not_utf8_are_reported_on_the_line_of_the_first_bad_byte(
    data: bytes, bad: bytes, line: int
) -> None:
    loaded = check(data)
    assert_answered(loaded)
    assert [(p.line, p.key) for p in loaded.problems] == [(line, "(file)")]
    assert loaded.problems[0].message == f"byte {data.index(bad) + 1} is not UTF-8"
    assert "UTF-8" in loaded.problems[0].hint


def test_a_utf8_byte_order_mark_is_allowed() -> None:
    loaded = check(b"\xef\xbb\xbf" + SOUND.encode())
    assert loaded.ok, loaded.problems


def test_windows_line_ends_are_read_like_unix_ones() -> None:
    loaded = check(SOUND.replace("\n", "\r\n").encode() + b"reps = 0\r\n")
    assert [(p.line, p.key) for p in loaded.problems] == [(9, "steps[1].reps")]


# ---- size and emptiness ---------------------------------------------------------------------


def padded(size: int) -> bytes:
    data = SOUND.encode() + b"# "
    return data + b"x" * (size - len(data) - 1) + b"\n"


def test_a_file_of_exactly_one_mib_is_read() -> None:
    data = padded(MAX_FILE_BYTES)
    assert len(data) == MAX_FILE_BYTES
    assert check(data).ok


@pytest.mark.parametrize("size", [MAX_FILE_BYTES + 1, 2 * 1024 * 1024])
def test_a_file_over_one_mib_is_one_problem(size: int) -> None:
    loaded = check(padded(size))
    assert_answered(loaded)
    assert len(loaded.problems) == 1
    assert "at most 1 MiB" in loaded.problems[0].message


def test_two_mib_of_garbage_is_one_problem() -> None:
    loaded = check(bytes(range(256)) * 8192)
    assert_answered(loaded)
    assert len(loaded.problems) == 1


@pytest.mark.parametrize("data", [b"", b"\n\n", b"   \t\n", b"# only a comment\n"])
def test_an_empty_file_is_reported_as_missing_its_format_routine_and_steps(data: bytes) -> None:
    loaded = check(data)
    assert_answered(loaded)
    assert [(p.line, p.key) for p in loaded.problems] == [(1, "(file)")] * 3


@pytest.mark.parametrize(
    "text",
    [
        '[project]\nname = "unknot"\nversion = "0.1.0"\n',
        "format = 1\nroutine = 5\nsteps = 6\ncues = 7\ndefaults = 8\n",
        "format = 1\nroutine = []\nsteps = [1, 2]\n",
        "format = 1\n[routine]\n[[steps]]\n[steps.cues]\nsounds = 1\n",
        "format = 1\nsteps = []\n[cues]\nsounds = []\n",
        "format = 1979-05-27T07:32:00Z\n[routine]\nname = 1979-05-27\nareas = [07:32:00]\n",
        'format = 1\n[[steps]]\ninclude = ["a"]\nrounds = "2"\n',
        "format = 1\n[[steps]]\nhold = inf\nbreathe = [nan, 1, 2]\nreps = -0\n",
        "format = 1\n[[steps]]\nhold = [[60], {a = 1}]\nsides = [[], {}]\n",
    ],
)
def test_valid_toml_that_is_not_a_routine_gives_problems(text: str) -> None:
    assert_answered(check(text.encode()), text.count("\n") + 1)


def test_a_json_file_is_a_toml_syntax_error() -> None:
    loaded = check(b'{\n  "format": 1\n}\n')
    assert_answered(loaded)
    assert [(p.line, p.key) for p in loaded.problems] == [(1, "(file)")]


# ---- fuzzing --------------------------------------------------------------------------------

FUZZ = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@FUZZ
@given(st.binary(max_size=300))
def test_random_bytes_never_raise(data: bytes) -> None:
    loaded = check(data)
    assert loaded.routine is None or not loaded.problems
    assert all("could not be checked" not in p.message for p in loaded.problems)


@FUZZ
@given(
    st.sampled_from(BUNDLED),
    st.lists(
        st.tuples(
            st.floats(0, 1),
            st.integers(0, 8),
            st.text(alphabet=string.printable + "é\x00\x7f", max_size=6),
        ),
        min_size=1,
        max_size=4,
    ),
)
def test_an_edited_routine_never_raises(path: Path, edits: list[tuple[float, int, str]]) -> None:
    text = path.read_text(encoding="utf-8")
    for where, cut, insert in edits:
        at = int(where * len(text))
        text = text[:at] + insert + text[at + cut :]
    loaded = check(text.encode("utf-8"), path.name)
    assert all("could not be checked" not in p.message for p in loaded.problems)
    assert loaded.routine is None or not loaded.problems


_scalars = (
    st.booleans()
    | st.integers(-(2**63), 2**63 - 1)
    | st.floats()
    | st.text(max_size=12)
    | st.sampled_from(["neck", "left", "1m30s", "60-90s", "sounds/gong.wav", "../x", "/x"])
    | st.datetimes(timezones=st.just(UTC))
    | st.dates()
    | st.times()
)
_paths = st.sampled_from(
    [
        "sounds/gong.wav",
        "../x.wav",
        "/x.wav",
        "C:\\x.wav",
        "\\\\host\\x",
        "a\x00.wav",
        "x" * 300,
        "",
    ]
)
_values = st.recursive(
    _scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)


def _table(keys: tuple[str, ...]) -> st.SearchStrategy[dict]:
    return st.dictionaries(st.sampled_from((*keys, "hodl", "")), _values, max_size=len(keys))


_documents = st.fixed_dictionaries(
    {},
    optional={
        "format": st.just(1) | _values,
        "routine": _table(ROUTINE_KEYS) | _values,
        "defaults": _table(DEFAULT_KEYS),
        "cues": _table(CUE_KEYS)
        | st.fixed_dictionaries(
            {
                "sounds": st.dictionaries(
                    st.sampled_from((*CUE_EVENTS, "bang")), _paths | _values, max_size=3
                )
            }
        ),
        "steps": st.lists(_table(STEP_KEYS) | _table(INCLUDE_KEYS), max_size=3) | _values,
        "extra": _values,
    },
)


@FUZZ
@given(_documents)
def test_a_toml_document_with_routine_keys_and_any_values_never_raises(document: dict) -> None:
    text = tomli_w.dumps(document)
    loaded = check(text.encode("utf-8"))
    assert all("could not be checked" not in p.message for p in loaded.problems), text
    assert loaded.routine is None or not loaded.problems
    assert all(p.line is None or 1 <= p.line <= text.count("\n") + 1 for p in loaded.problems)
