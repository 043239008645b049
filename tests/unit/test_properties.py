"""Properties over random routines: what the writer writes, the loader reads back as the same
routine; and a routine broken in one of the ways the format names is reported once, at the key
path of the break, on the line where that key stands in the written text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sound_files import write_wav

from tui.core.durations import Hold
from tui.core.loader import parse_routine
from tui.core.locate import locate_keys
from tui.core.routine import (
    AREAS,
    CUE_EVENTS,
    LEVELS,
    CueSettings,
    Defaults,
    Include,
    Routine,
    Step,
    StepCues,
)
from tui.core.writer import dumps

SOUND_FILES = ("gong.wav", "sounds/bell.wav", "sounds/deep/tick.wav", "with space.wav")
PROPERTIES = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder the routines are read from, with the sound files they may name."""
    folder = tmp_path_factory.mktemp("routines")
    for name in SOUND_FILES:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        write_wav(folder / name)
    return folder


# ---- strategies: valid routines -------------------------------------------------------------

# Any text at all; and "tame" text, which has no "=" and no "[", so that no line inside a
# multi-line string can look like a key or a table header to the tests' own line search.
# Control characters are a problem in a routine (they could drive the terminal), except newlines
# and tabs in multi-line text; `one_line` leaves tabs out.
ANY_TEXT = st.characters(exclude_categories=("Cs", "Cc"), include_characters="\n\t")
TAME_TEXT = st.characters(
    exclude_categories=("Cs", "Cc"), include_characters="\n\t", exclude_characters="=["
)

kebab = st.from_regex(r"[a-z0-9]{1,6}(-[a-z0-9]{1,6}){0,2}", fullmatch=True)


def one_line(chars: st.SearchStrategy[str], longest: int) -> st.SearchStrategy[str]:
    return st.text(chars, min_size=1, max_size=longest).filter(
        lambda s: "\n" not in s and "\t" not in s and s.strip()
    )


def free_text(chars: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.text(chars, max_size=40) | st.sampled_from(
        ["", "Two\nlines.", "\nx\n", "CR LF\r\nline", '"""']
    )


durations = st.integers(0, 600)
optional_durations = st.none() | durations


@st.composite
def holds(draw: st.DrawFn) -> tuple[Hold, tuple[int, int, int] | None]:
    kind = draw(st.sampled_from(["fixed", "range", "breathe"]))
    if kind == "fixed":
        seconds = draw(st.integers(1, 3600))
        return Hold(seconds, seconds), None
    if kind == "range":
        low = draw(st.integers(1, 3599))
        return Hold(low, draw(st.integers(low + 1, 3600))), None
    breathe = (draw(st.integers(1, 20)), draw(st.integers(0, 20)), draw(st.integers(1, 20)))
    seconds = sum(breathe) * draw(st.integers(1, 3600 // sum(breathe)))
    return Hold(seconds, seconds), breathe


step_cues = st.builds(
    StepCues,
    countdown=st.none() | st.integers(0, 10),
    halfway=st.none() | st.booleans(),
    voice=st.none() | st.booleans(),
)
sides = st.sampled_from([(), ("left",), ("right",), ("left", "right"), ("right", "left")])


@st.composite
def steps(draw: st.DrawFn, chars: st.SearchStrategy[str]) -> Step:
    manual = draw(st.integers(0, 4)) == 0
    hold, breathe = (None, None) if manual else draw(holds())
    return Step(
        name=draw(one_line(chars, 60)),
        hold=hold,
        instructions=draw(free_text(chars)),
        sides=draw(sides),
        reps=draw(st.integers(1, 50)),
        rest=draw(optional_durations),
        prep=draw(optional_durations),
        switch=draw(optional_durations),
        manual=manual,
        repeatable=draw(st.booleans()),
        cues=draw(step_cues),
        breathe=breathe,
    )


includes = st.builds(Include, include=kebab, rounds=st.integers(1, 20))


@st.composite
def cue_settings(draw: st.DrawFn) -> CueSettings:
    sounds = draw(st.dictionaries(st.sampled_from(CUE_EVENTS), st.sampled_from(SOUND_FILES)))
    return CueSettings(
        countdown=draw(st.integers(0, 10)),
        halfway=draw(st.booleans()),
        voice=draw(st.booleans()),
        volume=draw(st.floats(0.0, 1.0)),
        sounds=tuple(sorted(sounds.items(), key=lambda pair: CUE_EVENTS.index(pair[0]))),
    )


@st.composite
def routines(draw: st.DrawFn, chars: st.SearchStrategy[str] = ANY_TEXT) -> Routine:
    entries = draw(st.lists(steps(chars) | includes, min_size=1, max_size=5))
    if not any(isinstance(entry, Step) for entry in entries):
        entries.insert(draw(st.integers(0, len(entries))), draw(steps(chars)))
    return Routine(
        id=draw(kebab),
        name=draw(one_line(chars, 80)),
        summary=draw(one_line(chars, 120)),
        areas=tuple(draw(st.lists(st.sampled_from(AREAS), min_size=1, unique=True))),
        steps=tuple(entries),
        description=draw(free_text(chars)),
        equipment=tuple(draw(st.lists(kebab, max_size=3, unique=True))),
        level=draw(st.sampled_from(LEVELS)),
        caution=draw(free_text(chars)),
        tags=tuple(draw(st.lists(kebab, max_size=3, unique=True))),
        author=draw(free_text(chars)),
        defaults=draw(st.builds(Defaults, prep=durations, rest=durations, switch=durations)),
        cues=draw(cue_settings()),
    )


def read(text: str, folder: Path, routine_id: str):
    return parse_routine(text.encode("utf-8"), folder / f"{routine_id}.toml")


# ---- the round trip -------------------------------------------------------------------------


@PROPERTIES
@given(routine=routines())
def test_a_written_routine_reads_back_as_the_same_routine(routine: Routine, folder: Path) -> None:
    text = dumps(routine)
    loaded = read(text, folder, routine.id)
    assert loaded.problems == []
    assert loaded.routine == routine
    assert dumps(loaded.routine) == text  # and writing it again changes nothing


@PROPERTIES
@given(routine=routines(TAME_TEXT))
def test_the_locator_finds_each_written_key_on_its_line(routine: Routine, folder: Path) -> None:
    text = dumps(routine)
    found = locate_keys(text)
    blocks = Blocks(text)
    for number in range(1, len(routine.steps) + 1):
        assert found[("steps", number)] == blocks.header(number) + 1
        for key, line in blocks.keys(number).items():
            assert found[("steps", number, key)] == line + 1


# ---- breaking a routine ---------------------------------------------------------------------


class Blocks:
    """The written text as lines, with the `[[steps]]` blocks and their key lines.

    Valid only for tame text, where a line that starts with `key = ` or is `[[steps]]` cannot
    be part of a string.
    """

    def __init__(self, text: str) -> None:
        self.lines = text.split("\n")

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def header(self, number: int) -> int:
        """The 0-based index of the `number`-th `[[steps]]` line."""
        headers = [i for i, line in enumerate(self.lines) if line == "[[steps]]"]
        return headers[number - 1]

    def span(self, number: int) -> range:
        start = self.header(number)
        end = start + 1
        while end < len(self.lines) and not self.lines[end].startswith("["):
            end += 1
        return range(start + 1, end)

    def keys(self, number: int) -> dict[str, int]:
        keys = {}
        for index in self.span(number):
            match = re.match(r"^([a-z]+) = ", self.lines[index])
            if match:
                keys[match[1]] = index
        return keys

    def set(self, number: int, key: str, value: str) -> None:
        """Set `key` in the block to the TOML text `value`, in place or just after the header."""
        existing = self.keys(number).get(key)
        if existing is not None:
            self.lines[existing] = f"{key} = {value}"
        else:
            self.lines.insert(self.header(number) + 1, f"{key} = {value}")

    def remove(self, number: int, key: str) -> None:
        del self.lines[self.keys(number)[key]]

    def table_line(self, header: str, key: str) -> int:
        start = self.lines.index(header)
        for index in range(start + 1, len(self.lines)):
            if self.lines[index].startswith(f"{key} = "):
                return index
        raise AssertionError(f"{key} not in {header}")


@dataclass(frozen=True)
class Break:
    """One way to break a step: applies to some steps, edits the text, names the key path."""

    name: str
    applies: Callable[[Step | Include], bool]
    edit: Callable[[Blocks, int, Step | Include], str]  # returns the key under the step


def timed(entry: Step | Include) -> bool:
    return isinstance(entry, Step) and not entry.manual


def is_step(entry: Step | Include) -> bool:
    return isinstance(entry, Step)


def breathing(entry: Step | Include) -> bool:
    return isinstance(entry, Step) and entry.breathe is not None


def _set(key: str, value: str, reported: str | None = None):
    def edit(blocks: Blocks, number: int, entry: Step | Include) -> str:
        blocks.set(number, key, value)
        return reported or key

    return edit


def _remove_name(blocks: Blocks, number: int, entry: Step | Include) -> str:
    blocks.remove(number, "name")
    return ""  # a missing key is reported at its table: the step


def _breath_misfit(blocks: Blocks, number: int, entry: Step | Include) -> str:
    assert isinstance(entry, Step) and entry.hold and entry.breathe
    seconds = entry.hold.seconds
    blocks.set(number, "hold", str(seconds + 1 if seconds < 3600 else seconds - 1))
    return "hold"


def _range_with_breathe(blocks: Blocks, number: int, entry: Step | Include) -> str:
    blocks.set(number, "hold", '"60-90s"')
    blocks.set(number, "breathe", "[4, 0, 6]")
    return "breathe"


STEP_BREAKS = [
    Break("a hold that is not a duration", timed, _set("hold", '"abc"')),
    Break("a range whose minimum is its maximum", timed, _set("hold", "[60, 60]")),
    Break("a range whose minimum is above its maximum", timed, _set("hold", '"90-60s"')),
    Break("a hold over an hour", timed, _set("hold", '"61m"')),
    Break("a hold of the wrong type", timed, _set("hold", "true")),
    Break("reps of 0", is_step, _set("reps", "0")),
    Break("reps of 51", is_step, _set("reps", "51")),
    Break("an unknown key", is_step, _set("hodl", "30")),
    Break("a step without a name", is_step, _remove_name),
    Break("a side given twice", is_step, _set("sides", '["left", "left"]', "sides[2]")),
    Break("a side that is no side", is_step, _set("sides", '["up"]', "sides[1]")),
    Break("a prep over 600 s", is_step, _set("prep", "601")),
    Break("a rest that is not a duration", is_step, _set("rest", '"5x"')),
    Break("a step countdown over 10", is_step, _set("cues", "{ countdown = 11 }", "cues")),
    Break("a breathing hold that is no whole number of breaths", breathing, _breath_misfit),
    Break("a range hold with breathe", timed, _range_with_breathe),
    Break("a name beside include", lambda e: isinstance(e, Include), _set("name", '"x"')),
    Break("rounds of 21", lambda e: isinstance(e, Include), _set("rounds", "21")),
]


@PROPERTIES
@given(routine=routines(TAME_TEXT), data=st.data())
def test_a_broken_step_is_reported_at_its_key_path_on_its_line(
    routine: Routine, data: st.DataObject, folder: Path
) -> None:
    candidates = [
        (brk, number, entry)
        for brk in STEP_BREAKS
        for number, entry in enumerate(routine.steps, start=1)
        if brk.applies(entry)
    ]
    brk, number, entry = data.draw(st.sampled_from(candidates), label="break")
    blocks = Blocks(dumps(routine))
    key = brk.edit(blocks, number, entry)
    if key == "":
        expected = (blocks.header(number) + 1, f"steps[{number}]")
    else:
        base = key.split("[")[0]
        expected = (blocks.keys(number)[base] + 1, f"steps[{number}].{key}")
    if key == "cues":
        expected = (expected[0], f"steps[{number}].cues.countdown")
    loaded = read(blocks.text, folder, routine.id)
    assert [(p.line, p.key) for p in loaded.problems] == [expected], brk.name
    assert loaded.routine is None


ROUTINE_BREAKS = ["an area that is no area", "an unknown level", "an unknown routine key"]


@PROPERTIES
@given(routine=routines(TAME_TEXT), data=st.data())
def test_a_broken_routine_table_is_reported_at_its_key_path_on_its_line(
    routine: Routine, data: st.DataObject, folder: Path
) -> None:
    blocks = Blocks(dumps(routine))
    which = data.draw(st.sampled_from(ROUTINE_BREAKS), label="break")
    if which == "an area that is no area":
        at = data.draw(st.integers(0, len(routine.areas) - 1), label="area")
        areas = list(routine.areas)
        areas[at] = "backk"
        line = blocks.table_line("[routine]", "areas")
        blocks.lines[line] = "areas = [" + ", ".join(f'"{a}"' for a in areas) + "]"
        expected = (line + 1, f"routine.areas[{at + 1}]")
    elif which == "an unknown level":
        line = blocks.table_line("[routine]", "level")
        blocks.lines[line] = 'level = "hard"'
        expected = (line + 1, "routine.level")
    else:
        line = blocks.lines.index("[routine]") + 1
        blocks.lines.insert(line, 'sumary = "typo"')
        expected = (line + 1, "routine.sumary")
    loaded = read(blocks.text, folder, routine.id)
    assert [(p.line, p.key) for p in loaded.problems] == [expected], which
