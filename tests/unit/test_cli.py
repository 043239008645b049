"""The `unknot` command line, run in-process as a person would type it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from probes import run_alone

from tui.cli.common import (
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
)
from tui.cli.main import build_parser, main

REPO = Path(__file__).resolve().parents[2]
BUNDLED_IDS = sorted(p.stem for p in (REPO / "routines").glob("*.toml"))

GOOD = """\
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


def test_list_shows_every_bundled_routine_with_its_planned_length(capsys) -> None:
    code, out, _ = run(capsys, "list")
    assert code == EXIT_OK
    header, *rows = out.strip().splitlines()
    assert header.split()[:3] == ["ID", "NAME", "LENGTH"]
    assert sorted(row.split()[0] for row in rows) == BUNDLED_IDS
    reset = next(row for row in rows if row.startswith("back-reset-15 "))
    assert " 15:00" in reset and "bundled" in reset


def test_list_json_agrees_with_the_table(capsys) -> None:
    code, out, _ = run(capsys, "list", "--json")
    assert code == EXIT_OK
    data = json.loads(out)
    by_id = {entry["id"]: entry for entry in data["routines"]}
    assert sorted(by_id) == BUNDLED_IDS
    assert by_id["back-reset-15"]["planned_seconds"] == 900
    assert all(entry["source"] == "bundled" for entry in by_id.values())


def test_list_filters_by_area_equipment_and_length(capsys) -> None:
    _, out, _ = run(capsys, "list", "--json", "--area", "lower-back")
    assert all("lower-back" in e["areas"] for e in json.loads(out)["routines"])
    _, out, _ = run(capsys, "list", "--json", "--equipment", "foam-roller")
    listed = json.loads(out)["routines"]
    assert listed and all("foam-roller" in e["equipment"] for e in listed)
    _, out, _ = run(capsys, "list", "--json", "--max-minutes", "4")
    listed = json.loads(out)["routines"]
    assert listed and all(e["planned_seconds"] <= 240 for e in listed)
    assert "back-reset-15" not in {e["id"] for e in listed}


def test_a_user_routine_shadows_the_bundled_one_and_the_listing_says_so(
    capsys, user_routines: Path
) -> None:
    (user_routines / "desk-break.toml").write_text(GOOD, encoding="utf-8")
    _, out, _ = run(capsys, "list")
    row = next(line for line in out.splitlines() if line.startswith("desk-break "))
    assert "My neck" in row and "user (shadows bundled)" in row


def test_list_names_broken_user_files_instead_of_hiding_them(capsys, user_routines: Path) -> None:
    (user_routines / "oops.toml").write_text("format = 1\n[routine\n", encoding="utf-8")
    code, out, _ = run(capsys, "list")
    assert code == EXIT_OK
    assert "oops.toml" in out and "have problems" in out


def test_show_prints_the_timeline_with_start_offsets(capsys) -> None:
    code, out, _ = run(capsys, "show", "back-reset-15")
    assert code == EXIT_OK
    assert "Caution:" in out and "Planned length: 15:00" in out
    starts = [line.split()[0] for line in out.split("Timeline", 1)[1].splitlines()[2:] if line]
    timed = [s for s in starts if ":" in s]
    assert timed[0] == "0:00"


def test_show_accepts_a_file(capsys, tmp_path: Path) -> None:
    path = tmp_path / "my-neck.toml"
    path.write_text(GOOD, encoding="utf-8")
    code, out, _ = run(capsys, "show", str(path))
    assert code == EXIT_OK
    segments = [line.split()[:3] for line in out.split("Timeline", 1)[1].splitlines()[2:] if line]
    assert segments[:4] == [
        ["0:00", "0:05", "get"],
        ["0:05", "0:30", "hold"],
        ["0:35", "0:05", "switch"],
        ["0:40", "0:30", "hold"],
    ]
    assert "Planned length: 1:10" in out  # prep 5 + 30 + switch 5 + 30


def test_show_of_an_unknown_id_is_one_clear_line(capsys) -> None:
    code, out, err = run(capsys, "show", "no-such-routine")
    assert code == EXIT_PROBLEMS
    assert out == ""
    assert err.startswith("unknot: no routine has the id 'no-such-routine'")
    assert "Traceback" not in err


def test_validate_passes_the_bundled_library(capsys) -> None:
    code, out, _ = run(capsys, "validate", str(REPO / "routines"))
    assert code == EXIT_OK
    assert out.count(": ok (") == len(BUNDLED_IDS)


def test_validate_prints_each_problem_as_file_line_key_message_hint(capsys, tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(GOOD.replace("hold = 30", "hodl = 30"), encoding="utf-8")
    good = tmp_path / "good.toml"
    good.write_text(GOOD, encoding="utf-8")
    code, out, _ = run(capsys, "validate", str(bad), str(good))
    assert code == EXIT_PROBLEMS
    assert (
        f"{bad}:10: steps[1].hodl: 'hodl' is not a key the format knows (did you mean 'hold'?)"
        in out
    )
    assert f"{bad}:8: steps[1]: the required key 'hold' is missing" in out
    assert f"{good}: ok (1:10)" in out


def test_validate_json_has_the_documented_shape(capsys, tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text(GOOD.replace('["neck"]', '["nek"]'), encoding="utf-8")
    (tmp_path / "b.toml").write_bytes(b"\xff\xfe not utf-8")
    code, out, _ = run(capsys, "validate", "--json", str(tmp_path))
    assert code == EXIT_PROBLEMS
    files = json.loads(out)["files"]
    assert [Path(f["path"]).name for f in files] == ["a.toml", "b.toml"]
    for entry in files:
        assert set(entry) == {"path", "id", "ok", "planned_seconds", "manual_steps", "problems"}
        assert entry["ok"] is False
        for problem in entry["problems"]:
            assert set(problem) == {"line", "path", "message", "hint"}
    assert files[0]["problems"][0]["path"] == "routine.areas[1]"
    assert files[0]["problems"][0]["line"] == 6


def test_validate_finds_includes_among_the_files_checked_together(capsys, tmp_path: Path) -> None:
    (tmp_path / "part.toml").write_text(GOOD, encoding="utf-8")
    whole = GOOD.split("[[steps]]")[0] + '[[steps]]\ninclude = "part"\nrounds = 2\n'
    (tmp_path / "whole.toml").write_text(whole, encoding="utf-8")
    code, out, _ = run(capsys, "validate", "--json", str(tmp_path))
    assert code == EXIT_OK
    planned = {f["id"]: f["planned_seconds"] for f in json.loads(out)["files"]}
    assert planned == {"part": 70, "whole": 140}


def test_validate_of_a_missing_path_is_a_problem_not_a_crash(capsys, tmp_path: Path) -> None:
    code, out, err = run(capsys, "validate", str(tmp_path / "nope.toml"))
    assert code == EXIT_PROBLEMS
    assert "cannot be read" in out and "Traceback" not in out + err


def test_path_respects_unknot_home(capsys, unknot_home: Path) -> None:
    code, out, _ = run(capsys, "path", "--json")
    assert code == EXIT_OK
    where = json.loads(out)
    for key in ("routines", "config", "history", "cache"):
        assert where[key].startswith(str(unknot_home))
    assert not (unknot_home / "config").exists()  # listing paths makes no folders


@pytest.mark.slow
def test_the_command_line_runs_as_a_module_without_textual() -> None:
    result = run_alone(code="from tui.cli.main import main; rc = main(['list'])")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("value", ["nan", "-1", "inf", "ten"])
def test_a_max_minutes_that_is_no_length_is_a_usage_error(capsys, value: str) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["list", "--max-minutes", value])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert f"argument --max-minutes: {value!r} is not a number of minutes" in err


def test_show_of_a_folder_is_one_clear_line(capsys, tmp_path: Path) -> None:
    code, out, err = run(capsys, "show", str(tmp_path))
    assert code == EXIT_PROBLEMS and out == ""
    assert (
        err == f"unknot: {tmp_path} is a folder; name one routine file in it, or a routine's id\n"
    )


def test_play_takes_voice_and_leaves_it_to_the_routine_without_it() -> None:
    parser = build_parser()
    assert parser.parse_args(["play", "desk-break", "--voice"]).voice is True
    assert parser.parse_args(["play", "desk-break"]).voice is None
    assert parser.parse_args(["play", "desk-break", "--no-voice"]).voice is False


def test_a_bug_reaches_the_user_as_one_line_and_exit_70(capsys, monkeypatch) -> None:
    def broken() -> None:
        raise RuntimeError("the library shelf fell")

    monkeypatch.setattr("tui.cli.routines.load_library", broken)
    monkeypatch.delenv("UNKNOT_DEBUG", raising=False)
    code, out, err = run(capsys, "list")
    assert code == EXIT_INTERNAL and out == ""
    assert err == (
        "unknot: unexpected error (RuntimeError: the library shelf fell); "
        "please report it (UNKNOT_DEBUG=1 shows the details)\n"
    )
    monkeypatch.setenv("UNKNOT_DEBUG", "1")
    with pytest.raises(RuntimeError):
        main(["list"])


def test_ctrl_c_in_any_command_exits_130_without_a_traceback(capsys, monkeypatch) -> None:
    def interrupted() -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("tui.cli.routines.load_library", interrupted)
    code, out, err = run(capsys, "show", "desk-break")
    assert (code, out, err) == (EXIT_INTERRUPTED, "", "")


def test_the_exit_codes_in_the_readme_are_the_ones_the_code_uses() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = readme.split("### Exit codes", 1)[1].split("\n## ", 1)[0]
    documented = {int(m) for m in re.findall(r"^\| (\d+) \|", table, flags=re.MULTILINE)}
    assert documented == {EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERNAL, EXIT_INTERRUPTED}


# Every kind of error ROUTINE_FORMAT.md lists, one of each, and where it must be reported.
EVERY_KIND = """\
format = 1
[routine]
summary = "Every kind of error."
areas = ["bak"]
level = 3
[cues]
volume = 1.5
[cues.sounds]
start = "/etc/gong.wav"
tick = "../gong.wav"
end = "missing.wav"
[[steps]]
name = "A"
hodl = 30
[[steps]]
name = "B"
hold = "1 minute"
[[steps]]
name = "C"
hold = "90-60s"
[[steps]]
include = "no-such-routine"
[[steps]]
include = "loop-b"
"""
LOOP_B = GOOD.split("[[steps]]")[0] + '[[steps]]\ninclude = "every-kind"\n'
EXPECTED_KINDS = [
    (2, "routine", "the required key 'name' is missing"),
    (4, "routine.areas[1]", "'bak' is not one of the words allowed here"),
    (5, "routine.level", "is an integer, not a string"),
    (7, "cues.volume", "1.5 is out of range"),
    (9, "cues.sounds.start", "is an absolute path"),
    (10, "cues.sounds.tick", "leaves the routine's folder"),
    (11, "cues.sounds.end", "does not exist"),
    (12, "steps[1]", "the required key 'hold' is missing"),
    (14, "steps[1].hodl", "(did you mean 'hold'?)"),
    (17, "steps[2].hold", "'1 minute' is not a duration"),
    (20, "steps[3].hold", "the range's minimum 90 s is not below its maximum 60 s"),
    (22, "steps[4].include", "no routine has the id 'no-such-routine'"),
    (24, "steps[5].include", "every-kind → loop-b → every-kind"),
]


def test_every_kind_of_error_is_reported_at_its_line_and_key_with_a_hint(
    capsys, tmp_path: Path
) -> None:
    (tmp_path / "every-kind.toml").write_text(EVERY_KIND, encoding="utf-8")
    (tmp_path / "loop-b.toml").write_text(LOOP_B, encoding="utf-8")
    (tmp_path / "syntax.toml").write_text('format = 1\n[routine\nname = "x"\n', encoding="utf-8")
    (tmp_path / "version.toml").write_text(GOOD.replace("format = 1", "format = 7"), "utf-8")
    code, out, _ = run(capsys, "validate", "--json", str(tmp_path))
    assert code == EXIT_PROBLEMS
    files = {Path(f["path"]).stem: f for f in json.loads(out)["files"]}
    problems = files["every-kind"]["problems"]
    assert len(problems) == len(EXPECTED_KINDS)
    for problem, (line, path, words) in zip(problems, EXPECTED_KINDS, strict=True):
        assert (problem["line"], problem["path"]) == (line, path)
        assert words in problem["message"] + " (" + problem["hint"] + ")"
        assert problem["hint"]
    [syntax] = files["syntax"]["problems"]
    assert syntax["line"] == 2 and "is not valid TOML" in syntax["message"] and syntax["hint"]
    [version] = files["version"]["problems"]
    assert (version["line"], version["path"]) == (1, "format") and "format = 1" in version["hint"]


def test_the_routine_in_the_readme_is_valid(capsys, tmp_path: Path) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    example = readme.split("## Routines in short", 1)[1].split("```toml\n", 1)[1].split("```")[0]
    (tmp_path / "readme-example.toml").write_text(example, encoding="utf-8")
    code, out, _ = run(capsys, "validate", str(tmp_path / "readme-example.toml"))
    assert code == EXIT_OK, out
