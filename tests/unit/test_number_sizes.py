"""No number breaks the checker: integers and floats of any size and strings of any length, in
any field of a routine, are located problems with a hint (or fine), never the bug fallback.

A property test puts one such value in one field of an otherwise good routine and reads it.
"""

from __future__ import annotations

import math
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.core.loader import parse_routine

# Every field of the format, each with the table it sits in.
FIELDS = [
    ("", "format"),
    ("[routine]", "name"),
    ("[routine]", "summary"),
    ("[routine]", "description"),
    ("[routine]", "areas"),
    ("[routine]", "equipment"),
    ("[routine]", "level"),
    ("[routine]", "caution"),
    ("[routine]", "tags"),
    ("[routine]", "author"),
    ("[defaults]", "prep"),
    ("[defaults]", "rest"),
    ("[defaults]", "switch"),
    ("[cues]", "countdown"),
    ("[cues]", "halfway"),
    ("[cues]", "voice"),
    ("[cues]", "volume"),
    ("[cues.sounds]", "start"),
    ("[[steps]]", "name"),
    ("[[steps]]", "instructions"),
    ("[[steps]]", "hold"),
    ("[[steps]]", "sides"),
    ("[[steps]]", "reps"),
    ("[[steps]]", "rest"),
    ("[[steps]]", "prep"),
    ("[[steps]]", "switch"),
    ("[[steps]]", "manual"),
    ("[[steps]]", "repeatable"),
    ("[[steps]]", "breathe"),
    ("[[steps]]", "countdown"),
    ("[[steps]]", "halfway"),
    ("[[steps]]", "voice"),
    ("[[steps]]", "include"),
    ("[[steps]]", "rounds"),
]
BASE = {
    "": {"format": "1"},
    "[routine]": {"name": '"Base"', "summary": '"One hold."', "areas": '["neck"]'},
    "[defaults]": {},
    "[cues]": {},
    "[cues.sounds]": {},
    "[[steps]]": {"name": '"Tilt"', "hold": "30"},
}


def toml_float(value: float) -> str:
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return repr(value)


def toml_string(text: str) -> str:
    return (
        '"'
        + "".join(c if c.isprintable() and c not in '"\\' else f"\\u{ord(c):04x}" for c in text)
        + '"'
    )


# Written as digits: Python itself will not turn an int of over 4,300 digits into text.
huge_ints = st.one_of(
    st.integers().map(str),
    st.integers(1, 6000).map(lambda digits: "9" * digits),
    st.integers(1, 6000).map(lambda digits: "-1" + "0" * digits),
)
values = st.one_of(
    huge_ints,
    st.floats().map(toml_float),
    st.sampled_from(["1e400", "-1e400", "1e-400", "9" * 400 + ".5", "0.0"]),
    st.text(max_size=20).map(toml_string),
    st.integers(0, 200_000).map(lambda n: toml_string("x" * n)),
    st.integers(0, 2000).map(lambda n: toml_string("9" * n + "s")),
    st.integers(0, 2000).map(lambda n: toml_string("9" * n + "-" + "9" * n)),
    st.integers(0, 2000).map(lambda n: toml_string("1:" + "5" * n)),
    huge_ints.map(lambda n: f"[{n}, {n}]"),
    huge_ints.map(lambda n: f"[{n}, 1, {n}]"),
    st.lists(huge_ints, max_size=3).map(lambda items: "[" + ", ".join(items) + "]"),
)


def document(table: str, key: str, value: str) -> str:
    lines: list[str] = []
    for section, fields in BASE.items():
        fields = dict(fields)
        if section == table:
            fields[key] = value
        if section:
            lines.append(section)
        lines += [f"{name} = {text}" for name, text in fields.items()]
    return "\n".join(lines) + "\n"


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(field=st.sampled_from(FIELDS), value=values)
def test_any_value_in_any_field_is_a_located_problem_or_fine(
    field: tuple[str, str], value: str
) -> None:
    table, key = field
    text = document(table, key, value)
    loaded = parse_routine(text.encode("utf-8"), Path("base.toml"))
    for problem in loaded.problems:
        assert "could not be checked" not in problem.message, (problem, text[:300])
        assert problem.hint, problem
        assert problem.line is not None, (problem, text[:300])
        assert len(str(problem)) < 600, str(problem)[:300]


def test_a_number_too_long_to_read_is_named_by_its_full_key_path() -> None:
    big = "9" * 5000
    text = (
        'format = 1\n[routine]\nname = "N"\nsummary = "s"\nareas = ["neck"]\n'
        f'[[steps]]\nname = "a"\nhold = 5\n[[steps]]\nname = "b"\nhold = {big}\n'
    )
    [problem] = parse_routine(text.encode("utf-8"), Path("big.toml")).problems
    assert (problem.line, problem.key) == (11, "steps[2].hold"), problem
    assert "3600" in problem.hint
    text = f"format = 1\n[cues]\ncountdown = {big}\n"
    [problem] = parse_routine(text.encode("utf-8"), Path("big.toml")).problems
    assert (problem.line, problem.key) == (3, "cues.countdown"), problem
    assert "3600" not in problem.hint
