"""`unknot new`, `open`, `import` and `export`, run in-process as a person would type them."""

from __future__ import annotations

import shlex
import sys
import tomllib
from pathlib import Path

import pytest

from tui.cli.common import EXIT_OK, EXIT_PROBLEMS
from tui.cli.main import main
from tui.core.library import Library
from tui.core.loader import parse_routine, read_routine_file
from tui.core.timeline import build_timeline

REPO = Path(__file__).resolve().parents[2]
BUNDLED = REPO / "routines"
LIBRARY = Library.load(BUNDLED, None)

GOOD = """\
# My own neck routine, written by hand.
format = 1

[routine]
name = "My neck"
summary = "Two quick holds."
areas = ["neck"]

[[steps]]
name = "Tilt"
hold = 30
sides = ["left", "right"]
"""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def editor(monkeypatch: pytest.MonkeyPatch, *command: str) -> None:
    """Set EDITOR to a small command that edits the file instead of a person."""
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", shlex.join(command))


# ---- new ---------------------------------------------------------------------------------


def test_new_writes_a_starter_that_loads_and_prints_its_path(capsys, user_routines) -> None:
    code, out, _ = run(capsys, "new", "My neck, please")
    assert code == EXIT_OK
    path = Path(out.strip())
    assert path == user_routines / "my-neck-please.toml"
    loaded = read_routine_file(path)
    assert loaded.ok and loaded.routine is not None
    assert loaded.routine.name == "My neck, please"
    code, out, _ = run(capsys, "show", "my-neck-please")
    assert code == EXIT_OK and "My neck, please" in out


def test_new_makes_the_routines_folder_when_there_is_none(capsys, unknot_home: Path) -> None:
    code, out, _ = run(capsys, "new", "First")
    assert code == EXIT_OK
    assert Path(out.strip()) == unknot_home / "config" / "routines" / "first.toml"


def test_new_from_copies_a_routine_under_the_new_id(capsys, user_routines) -> None:
    code, out, _ = run(capsys, "new", "Reset for mornings", "--from", "back-reset-15")
    assert code == EXIT_OK
    copy = read_routine_file(Path(out.strip())).routine
    original = LIBRARY.routines["back-reset-15"]
    assert copy is not None and copy.id == "reset-for-mornings"
    assert copy.name == "Reset for mornings"
    assert copy.steps == original.steps and copy.areas == original.areas
    assert (BUNDLED / "back-reset-15.toml").read_text().startswith("# Planned length")


def test_new_never_replaces_a_routine_you_have(capsys, user_routines) -> None:
    (user_routines / "my-neck.toml").write_text(GOOD)
    code, out, err = run(capsys, "new", "My neck")
    assert code == EXIT_PROBLEMS and out == ""
    assert "already have" in err and "unknot open my-neck" in err
    assert (user_routines / "my-neck.toml").read_text() == GOOD


def test_new_from_an_unknown_routine_says_so(capsys, user_routines) -> None:
    code, _, err = run(capsys, "new", "Mine", "--from", "nowhere")
    assert code == EXIT_PROBLEMS and "no routine has the id 'nowhere'" in err
    assert list(user_routines.iterdir()) == []


def test_new_with_a_name_too_long_reports_the_problem(capsys, user_routines) -> None:
    code, _, err = run(capsys, "new", "x" * 81)
    assert code == EXIT_PROBLEMS and "routine.name" in err and "80 characters" in err
    assert list(user_routines.iterdir()) == []


# ---- open --------------------------------------------------------------------------------


@pytest.mark.slow
def test_open_edits_your_file_and_checks_it_on_return(capsys, monkeypatch, user_routines) -> None:
    path = user_routines / "my-neck.toml"
    path.write_text(GOOD)
    editor(monkeypatch, "sed", "-i", "s/hold = 30/hold = 45/")
    code, out, _ = run(capsys, "open", "my-neck")
    assert code == EXIT_OK
    assert "hold = 45" in path.read_text()
    assert out.strip() == f"{path}: ok ({'1:40'})"  # prep 5 + 45 + switch 5 + 45


@pytest.mark.slow
def test_open_prints_the_problems_an_edit_made(capsys, monkeypatch, user_routines) -> None:
    path = user_routines / "my-neck.toml"
    path.write_text(GOOD)
    editor(monkeypatch, "sed", "-i", "s/hold = 30/hodl = 30/")
    code, out, err = run(capsys, "open", "my-neck")
    assert code == EXIT_PROBLEMS
    assert f"{path}:11: steps[1].hodl:" in out
    assert "did you mean 'hold'?" in out
    assert "problem" in err


@pytest.mark.slow
def test_open_copies_a_bundled_routine_first_and_never_writes_it(
    capsys, monkeypatch, user_routines
) -> None:
    bundled = (BUNDLED / "desk-break.toml").read_bytes()
    editor(monkeypatch, "sed", "-i", "s/hold = 30/hold = 40/")
    code, out, err = run(capsys, "open", "desk-break")
    assert code == EXIT_OK
    copy = user_routines / "desk-break.toml"
    assert "copied the bundled routine" in err
    assert copy.read_bytes() == bundled.replace(b"hold = 30", b"hold = 40")
    assert (BUNDLED / "desk-break.toml").read_bytes() == bundled
    assert out.strip() == f"{copy}: ok (2:53)"


@pytest.mark.slow
def test_open_an_unknown_id_or_a_missing_editor(capsys, monkeypatch, user_routines) -> None:
    code, _, err = run(capsys, "open", "nowhere")
    assert code == EXIT_PROBLEMS and "unknot new" in err
    (user_routines / "my-neck.toml").write_text(GOOD)
    editor(monkeypatch, "/no/such/editor")
    code, _, err = run(capsys, "open", "my-neck")
    assert code == EXIT_PROBLEMS and "EDITOR" in err
    code, _, err = run(capsys, "open", "../etc/passwd")
    assert code == EXIT_PROBLEMS and "not a routine id" in err


@pytest.mark.slow
def test_open_reports_an_editor_that_failed_and_still_checks(
    capsys, monkeypatch, user_routines
) -> None:
    (user_routines / "my-neck.toml").write_text(GOOD)
    editor(monkeypatch, sys.executable, "-c", "raise SystemExit(3)")
    code, out, err = run(capsys, "open", "my-neck")
    assert code == EXIT_OK and "exited with code 3" in err and ": ok (" in out


# ---- import ------------------------------------------------------------------------------


def test_import_checks_and_copies_a_file_as_written(capsys, tmp_path, user_routines) -> None:
    source = tmp_path / "my-neck.toml"
    source.write_text(GOOD)
    code, out, err = run(capsys, "import", str(source))
    assert code == EXIT_OK
    assert (user_routines / "my-neck.toml").read_text() == GOOD  # comments kept
    assert "→" in out and "imported 1 of 1" in err


def test_import_never_replaces_without_force(capsys, tmp_path, user_routines) -> None:
    (user_routines / "my-neck.toml").write_text("# mine\n" + GOOD)
    source = tmp_path / "my-neck.toml"
    source.write_text(GOOD)
    code, out, _ = run(capsys, "import", str(source))
    assert code == EXIT_PROBLEMS and "--force" in out
    assert (user_routines / "my-neck.toml").read_text() == "# mine\n" + GOOD
    code, out, _ = run(capsys, "import", str(source), "--force")
    assert code == EXIT_OK and "(replaced)" in out
    assert (user_routines / "my-neck.toml").read_text() == GOOD


def test_a_file_with_problems_is_not_imported_and_its_problems_are_printed(
    capsys, tmp_path, user_routines
) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "my-neck.toml").write_text(GOOD)
    (folder / "broken.toml").write_text(GOOD.replace("hold = 30", 'hold = "abc"'))
    (folder / "uses-broken.toml").write_text(
        GOOD.replace('name = "Tilt"\nhold = 30\nsides = ["left", "right"]', 'include = "broken"')
    )
    code, out, err = run(capsys, "import", str(folder))
    assert code == EXIT_PROBLEMS
    assert sorted(p.name for p in user_routines.iterdir()) == ["my-neck.toml"]
    assert f"{folder / 'broken.toml'}:11: steps[1].hold:" in out
    assert "uses-broken.toml: not imported" in out and "'broken'" in out
    assert "imported 1 of 3" in err


def test_routines_imported_together_may_include_each_other(capsys, tmp_path, user_routines):
    (tmp_path / "my-neck.toml").write_text(GOOD)
    (tmp_path / "twice.toml").write_text(
        GOOD.replace('name = "Tilt"\nhold = 30\nsides = ["left", "right"]', 'include = "my-neck"')
        + "rounds = 2\n"
    )
    code, _, _ = run(capsys, "import", str(tmp_path))
    assert code == EXIT_OK
    code, out, _ = run(capsys, "show", "twice")
    assert code == EXIT_OK and "Planned length: 2:20" in out  # 2 × (5 + 30 + 5 + 30)


def test_import_brings_the_sound_files_a_routine_names(capsys, tmp_path, user_routines):
    wav = (REPO / "sounds").glob("*.wav")
    (tmp_path / "sounds").mkdir()
    (tmp_path / "sounds" / "gong.wav").write_bytes(next(iter(wav)).read_bytes())
    text = GOOD.replace("[[steps]]", '[cues.sounds]\nstart = "sounds/gong.wav"\n\n[[steps]]', 1)
    (tmp_path / "my-neck.toml").write_text(text)
    code, _, _ = run(capsys, "import", str(tmp_path / "my-neck.toml"))
    assert code == EXIT_OK
    assert (user_routines / "sounds" / "gong.wav").read_bytes() == (
        tmp_path / "sounds" / "gong.wav"
    ).read_bytes()
    assert read_routine_file(user_routines / "my-neck.toml").ok


def test_import_of_nothing_says_so(capsys, tmp_path, user_routines) -> None:
    code, _, err = run(capsys, "import", str(tmp_path))
    assert code == EXIT_PROBLEMS and "nothing to import" in err
    code, out, _ = run(capsys, "import", str(tmp_path / "missing.toml"))
    assert code == EXIT_PROBLEMS and "cannot be read" in out


# ---- export ------------------------------------------------------------------------------


def test_export_prints_the_routine_as_toml_that_loads_equal(capsys) -> None:
    code, out, _ = run(capsys, "export", "desk-break")
    assert code == EXIT_OK
    loaded = parse_routine(out.encode(), Path("/elsewhere/desk-break.toml"))
    assert loaded.ok and loaded.routine == LIBRARY.routines["desk-break"]


def test_export_flatten_expands_includes_with_the_same_planned_length(capsys) -> None:
    code, out, _ = run(capsys, "export", "back-reset-15", "--flatten")
    assert code == EXIT_OK
    document = tomllib.loads(out)
    assert not any("include" in step for step in document["steps"])
    loaded = parse_routine(out.encode(), Path("/elsewhere/back-reset-15.toml"))
    assert loaded.ok and loaded.routine is not None
    assert build_timeline(loaded.routine).planned_seconds == 900


def test_export_without_flatten_keeps_the_includes(capsys) -> None:
    code, out, _ = run(capsys, "export", "back-reset-15")
    assert code == EXIT_OK
    steps = tomllib.loads(out)["steps"]
    # Since issue 13 the reset has steps of its own around its one include, the foam rolling.
    assert [s["include"] for s in steps if "include" in s] == ["foam-roll-upper-back"]
    assert len(steps) == len(LIBRARY.routines["back-reset-15"].steps)


def test_export_of_a_file_and_of_an_unknown_id(capsys, tmp_path) -> None:
    (tmp_path / "my-neck.toml").write_text(GOOD)
    code, out, _ = run(capsys, "export", str(tmp_path / "my-neck.toml"))
    assert code == EXIT_OK and 'name = "My neck"' in out and "#" not in out
    code, _, err = run(capsys, "export", "nowhere")
    assert code == EXIT_PROBLEMS and "no routine has the id" in err


def test_the_commands_are_listed_in_help(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for command in ("new", "open", "import", "export"):
        assert f"    {command} " in out


# ---- edit and play --minutes ---------------------------------------------------------------

MANUAL_ONLY = """\
format = 1

[routine]
name = "Desk setup"
summary = "Things to set, at your own pace."
areas = ["neck"]

[[steps]]
name = "Raise the screen"
manual = true
"""


def test_edit_of_an_unknown_id_or_a_file_that_is_not_toml_says_what_to_do(
    capsys, user_routines
) -> None:
    code, _, err = run(capsys, "edit", "no-such-routine")
    assert code == EXIT_PROBLEMS and "`unknot new NAME` starts one" in err
    (user_routines / "broken.toml").write_text("format = 1\n[routine\n", encoding="utf-8")
    code, _, err = run(capsys, "edit", "broken")
    assert code == EXIT_PROBLEMS
    assert "not valid TOML" in err and "`unknot open broken` edits it as text" in err
    code, _, err = run(capsys, "edit", "Not An Id")
    assert code == EXIT_PROBLEMS and "is not a routine id" in err


def test_fit_lines_say_what_fitting_changed_in_plain_words() -> None:
    from tui.cli.builder import fit_for_play, fit_lines

    routine = parse_routine(GOOD.encode(), Path("my-neck.toml")).routine
    assert routine is not None
    lines = fit_lines(fit_for_play(routine, 0.5, LIBRARY))
    assert lines[0] == "fitted My neck to 0:30:"
    assert "  - Planned length 1:10 → 0:30." in lines
    assert any("hold 30 s → 10 s" in line for line in lines)


def test_play_minutes_in_plain_mode_prints_the_changes_before_the_first_line(
    capsys, user_routines
) -> None:
    (user_routines / "desk-setup.toml").write_text(MANUAL_ONLY, encoding="utf-8")
    code, out, _ = run(capsys, "play", "desk-setup", "--minutes", "5", "--plain")
    assert code == EXIT_OK
    first, *rest = out.splitlines()
    assert first == "fitted Desk setup to 5:00:"
    assert any("manual step" in line for line in rest[:3])
    assert out.index("fitted") < out.index("Raise the screen")


def test_play_minutes_that_are_no_length_are_refused(capsys, user_routines) -> None:
    (user_routines / "my-neck.toml").write_text(GOOD, encoding="utf-8")
    code, out, err = run(capsys, "play", "my-neck", "--minutes", "0", "--plain")
    assert code == EXIT_PROBLEMS and not out
    assert "cannot be fitted to 0 minutes" in err


@pytest.mark.slow
def test_open_tries_visual_before_editor(capsys, monkeypatch, user_routines) -> None:
    (user_routines / "my-neck.toml").write_text(GOOD)
    marker = user_routines.parent / "visual-was-used"
    monkeypatch.setenv("VISUAL", shlex.join(["touch", str(marker)]))
    monkeypatch.setenv("EDITOR", "/no/such/editor")
    code, _, _ = run(capsys, "open", "my-neck")
    assert code == EXIT_OK
    assert marker.exists()
