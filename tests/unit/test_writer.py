"""The writer: a routine written by the app reads back as the same routine, in the spec's key
order, and a save never leaves a half-written file or a stray temporary one."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest
from sound_files import write_wav

from tui.core import writer
from tui.core.durations import Hold
from tui.core.loader import parse_routine, read_routine_file
from tui.core.routine import CueSettings, Defaults, Include, Routine, Step, StepCues
from tui.core.writer import dumps, save_atomic, save_routine

BUNDLED = sorted((Path(__file__).parents[2] / "routines").glob("*.toml"))

# The key order of ROUTINE_FORMAT.md's example, table by table.
SPEC_ORDER = {
    "": ["format"],
    "routine": [
        "name",
        "summary",
        "description",
        "areas",
        "equipment",
        "level",
        "caution",
        "tags",
        "author",
    ],
    "defaults": ["prep", "rest", "switch"],
    "cues": ["countdown", "halfway", "voice", "volume"],
    "cues.sounds": ["prep", "start", "halfway", "tick", "switch", "rest", "end", "complete"],
    "steps": [
        "name",
        "instructions",
        "hold",
        "sides",
        "reps",
        "rest",
        "prep",
        "switch",
        "manual",
        "repeatable",
        "cues",
        "breathe",
        "setup",
        "position",
        "areas",
    ],
}


def read_back(text: str, folder: Path, routine_id: str = "written") -> Routine:
    loaded = parse_routine(text.encode("utf-8"), folder / f"{routine_id}.toml")
    assert loaded.problems == []
    assert loaded.routine is not None
    return loaded.routine


def full_routine() -> Routine:
    """A routine that sets every key the format has."""
    return Routine(
        id="written",
        name="Every key",
        summary="A routine that sets every key.",
        description="Line one.\nLine two.",
        areas=("upper-back", "neck"),
        equipment=("tennis-ball", "sock"),
        level="firm",
        caution="Careful.",
        tags=("desk-break",),
        author="Someone",
        defaults=Defaults(prep=3, rest=20, switch=90),
        cues=CueSettings(
            countdown=5,
            halfway=False,
            voice=True,
            volume=0.5,
            sounds=(("start", "gong.wav"), ("complete", "bell.wav")),
        ),
        steps=(
            Step(
                name="Everything",
                instructions="Lean in.\nBreathe.",
                hold=Hold(60, 60),
                sides=("left", "right"),
                reps=2,
                rest=15,
                prep=0,
                switch=5,
                manual=False,
                repeatable=True,
                cues=StepCues(countdown=2, halfway=True, voice=False),
                breathe=(4, 0, 6),
                setup="Lie on the roller.\nKnees bent.",
                position="lying",
                areas=("upper-back",),
            ),
            Step(name="Range", hold=Hold(60, 90)),
            Step(name="By hand", manual=True),
            Include("other-routine", rounds=3),
            Include("another"),
        ),
    )


@pytest.fixture
def sounds(tmp_path: Path) -> Path:
    for name in ("gong.wav", "bell.wav"):
        write_wav(tmp_path / name)
    return tmp_path


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_every_bundled_routine_is_written_back_without_loss(path: Path, tmp_path: Path) -> None:
    loaded = read_routine_file(path, bundled=True)
    assert loaded.routine is not None, loaded.problems
    assert read_back(dumps(loaded.routine), tmp_path, loaded.id) == loaded.routine


def test_there_are_bundled_routines_to_check() -> None:
    assert len(BUNDLED) >= 8


def test_a_routine_with_every_key_is_written_back_without_loss(sounds: Path) -> None:
    routine = full_routine()
    assert read_back(dumps(routine), sounds) == routine


def keys_by_table(text: str) -> dict[str, list[str]]:
    """The keys of each table in the order written ("steps" for every [[steps]] block)."""
    order: dict[str, list[str]] = {}
    table = ""
    for line in text.splitlines():
        if line.startswith("["):
            table = line.strip("[]")
            order.setdefault(table, [])
        elif " = " in line and not line.startswith((" ", '"')):
            order.setdefault(table, []).append(line.split(" = ", 1)[0])
    return order


def follows(written: list[str], spec: list[str]) -> bool:
    positions = [spec.index(key) for key in written]
    return positions == sorted(positions)


def test_keys_are_written_in_the_order_of_the_spec(sounds: Path) -> None:
    text = dumps(full_routine())
    headers = [line for line in text.splitlines() if line.startswith("[")]
    assert headers == ["[routine]", "[defaults]", "[cues]", "[cues.sounds]"] + ["[[steps]]"] * 5
    assert text.startswith("format = 1\n")
    order = keys_by_table(text)
    assert order[""] == ["format"]
    assert order["routine"] == SPEC_ORDER["routine"]
    assert order["defaults"] == SPEC_ORDER["defaults"]
    assert order["cues"] == SPEC_ORDER["cues"]
    assert follows(order["cues.sounds"], SPEC_ORDER["cues.sounds"] + ["inhale", "exhale"])
    steps = text.split("[[steps]]\n")[1:]
    first = keys_by_table(steps[0])[""]
    assert first == [k for k in SPEC_ORDER["steps"] if k != "manual"]  # manual = false: unsaid
    assert keys_by_table(steps[3])[""] == ["include", "rounds"]
    assert keys_by_table(steps[4])[""] == ["include"]


def test_cue_sounds_are_written_in_the_order_the_spec_lists_the_events(sounds: Path) -> None:
    text = (
        'format = 1\n[routine]\nname = "S"\nsummary = "S."\nareas = ["neck"]\n'
        '[cues.sounds]\ncomplete = "bell.wav"\nstart = "gong.wav"\n'
        '[[steps]]\nname = "A"\nhold = 30\n'
    )
    routine = read_back(text, sounds)
    written = dumps(routine)
    assert keys_by_table(written)["cues.sounds"] == ["start", "complete"]
    assert read_back(written, sounds) == routine


def test_a_step_is_written_as_the_spec_shows_it(sounds: Path) -> None:
    text = dumps(full_routine())
    assert "cues = { countdown = 2, halfway = true, voice = false }\n" in text
    assert "[steps.cues]" not in text
    assert 'sides = ["left", "right"]\n' in text
    assert "breathe = [4, 0, 6]\n" in text
    assert 'hold = "1m"\n' in text
    assert 'hold = "60-90s"\n' in text
    assert 'switch = "1m30s"\n' in text


def test_an_inherited_default_is_not_written_as_an_explicit_value() -> None:
    routine = Routine("plain", "Plain", "Plain.", ("neck",), (Step("Only", Hold(30, 30)),))
    text = dumps(routine)
    assert "[defaults]" not in text
    assert "[cues]" not in text
    assert text.split("[[steps]]\n")[1] == 'name = "Only"\nhold = 30\n'


@pytest.mark.parametrize(
    "tricky",
    [
        'three """ quotes',
        'ends in a quote"',
        "ends in a backslash \\",
        "\n\nstarts with blank lines",
        "ends with a newline\n",
        "windows\r\nline ends",
        "tab\there",
        "''' and '",
        "é ☃ 𝄞 \u2028",
        'format = 2\n[routine]\nname = "not a key"',
    ],
)
def test_any_text_survives_the_round_trip(tricky: str, tmp_path: Path) -> None:
    routine = Routine(
        "tricky",
        "Tricky",
        "Tricky.",
        ("neck",),
        (Step("A", Hold(30, 30), instructions=tricky),),
        description=tricky,
        caution=tricky,
        author=tricky,
    )
    assert read_back(dumps(routine), tmp_path, "tricky") == routine


@pytest.mark.parametrize(
    "tricky", ["a lone \r carriage return", "controls \x00 \x1b \x7f", "C1 \u0085 \u009b"]
)
def test_control_characters_are_written_escaped_and_read_back_as_a_problem(
    tricky: str, tmp_path: Path
) -> None:
    """The writer escapes any text, so TOML reads it back exactly; the loader then reports the
    control characters (they could drive a terminal), each at its key."""
    routine = Routine(
        "tricky",
        "Tricky",
        "Tricky.",
        ("neck",),
        (Step("A", Hold(30, 30), instructions=tricky),),
        description=tricky,
        caution=tricky,
        author=tricky,
    )
    text = dumps(routine)
    assert tomllib.loads(text)["routine"]["description"] == tricky
    loaded = parse_routine(text.encode("utf-8"), tmp_path / "tricky.toml")
    assert {p.key for p in loaded.problems} == {
        "routine.description",
        "routine.caution",
        "routine.author",
        "steps[1].instructions",
    }


# ---- saving ---------------------------------------------------------------------------------


def test_save_routine_writes_id_dot_toml_that_reads_back_equal(sounds: Path) -> None:
    routine = full_routine()
    path = save_routine(routine, sounds)
    assert path == sounds / "written.toml"
    assert read_routine_file(path).routine == routine
    assert sorted(p.name for p in sounds.iterdir()) == ["bell.wav", "gong.wav", "written.toml"]


def test_save_atomic_replaces_a_file_and_makes_its_folder(tmp_path: Path) -> None:
    path = tmp_path / "new" / "folder" / "r.toml"
    save_atomic(path, "format = 1\n")
    save_atomic(path, "format = 2\n")
    assert path.read_text(encoding="utf-8") == "format = 2\n"
    assert os.listdir(path.parent) == ["r.toml"]


def test_save_atomic_writes_utf8_with_unix_line_ends(tmp_path: Path) -> None:
    path = tmp_path / "r.toml"
    save_atomic(path, 'name = "é"\nx = 1\n')
    assert path.read_bytes() == 'name = "é"\nx = 1\n'.encode()


@pytest.mark.parametrize("failing", ["replace", "fsync"])
def test_a_failed_save_leaves_the_old_file_intact_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    path = tmp_path / "r.toml"
    path.write_text("the old routine\n", encoding="utf-8")

    def fail(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(writer.os, failing, fail)
    with pytest.raises(OSError):
        save_atomic(path, "the new routine\n")
    monkeypatch.undo()
    assert path.read_text(encoding="utf-8") == "the old routine\n"
    assert os.listdir(tmp_path) == ["r.toml"]


def test_the_written_text_is_toml_that_tomllib_reads(sounds: Path) -> None:
    document = tomllib.loads(dumps(full_routine()))
    assert document["format"] == 1
    assert document["steps"][0]["cues"] == {"countdown": 2, "halfway": True, "voice": False}
