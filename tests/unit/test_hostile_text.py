"""Text from a file is text: a routine (and a history, a file name) carrying terminal escape
sequences in every text field and key reaches no command's output raw.

The sequences are the ones a stranger's file would carry: OSC 0 (set the window title), OSC 52
(write the person's clipboard), CSI 2J (wipe the screen), a C1 CSI (U+009B) and BEL.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from tui.cli.main import main
from tui.core.history import HistoryStore, Snapshot
from tui.core.history_rows import NewSession, SegmentRow
from tui.core.visible import VisibleStream, has_control, visible

EVIL = "Evil\x1b]0;pwned\x07\x1b[2J\x1b]52;c;cHduZWQ=\x07\x9b31m\x7f\r"
# The bytes a terminal obeys: ESC, BEL, C1 (as UTF-8, U+0080–U+009F is \xc2\x80–\xc2\x9f), DEL, CR.
RAW = re.compile("[\x1b\x07\x7f\r\x80-\x9f]")


def toml_text(text: str) -> str:
    """`text` as a TOML basic string: every control character as its \\u escape."""
    return '"' + "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in text) + '"'


E = toml_text(EVIL)
ROUTINE = f"""\
format = 1

[routine]
name = {E}
summary = {E}
description = {E}
caution = {E}
areas = ["neck"]

[[steps]]
name = {E}
instructions = {E}
hold = 1
prep = 0
"""
# Every key and value the checker has to quote back in a problem.
BROKEN = f"""\
format = 1
{E} = 1

[routine]
name = {E}
areas = [{E}]
equipment = [{E}]
tags = [{E}]
level = {E}

[[steps]]
name = {E}
hold = {E}
sides = [{E}]
{E} = {E}

[[steps]]
include = {E}
"""


@pytest.fixture
def evil_files(user_routines: Path) -> Path:
    """One routine file with the sequences everywhere, another under a name that carries them,
    and a history session of a routine named with them."""
    path = user_routines / "evil.toml"
    path.write_text(ROUTINE, encoding="utf-8")
    (user_routines / f"odd{EVIL}.toml").write_text(ROUTINE, encoding="utf-8")
    (user_routines / "broken.toml").write_text(BROKEN, encoding="utf-8")
    started = datetime(2025, 3, 1, 8, 15, tzinfo=timezone(timedelta(hours=1)))
    with HistoryStore.open() as store:
        session = store.begin_session(
            NewSession(
                routine_id="evil",
                routine_name=EVIL,
                areas=("neck",),
                snapshot=Snapshot.of_text(f"# {EVIL}\n"),
                planned=60.0,
                started=started,
                routine_path=str(path),
            ),
            [SegmentRow(0, 1, EVIL, "hold", EVIL, 1, 60.0)],
        )
        store.record_progress(session, actual=30.0, end_state="stopped")
    return path


def clean(text: str) -> bool:
    return RAW.search(text) is None


def test_visible_shows_every_control_character_as_its_escape() -> None:
    assert visible("a\x1b]0;t\x07b") == "a\\u001b]0;t\\u0007b"
    assert visible("\x9b\x7f\x00\r") == "\\u009b\\u007f\\u0000\\u000d"
    assert visible("two\nlines\tand tab") == "two\\u000alines\\u0009and tab"
    assert visible("two\nlines\tand tab\r", multiline=True) == "two\nlines\tand tab\\u000d"
    assert visible("café ★ ✓") == "café ★ ✓"
    assert (
        not has_control("café") and has_control("\x85") and not has_control("a\nb", multiline=True)
    )


def test_visible_json_stays_json_with_the_same_value() -> None:
    stream = io.StringIO()
    VisibleStream(stream).write(json.dumps({"name": EVIL}, ensure_ascii=False))
    assert clean(stream.getvalue())
    assert json.loads(stream.getvalue()) == {"name": EVIL}


@pytest.mark.parametrize(
    "argv",
    [
        ["list"],
        ["list", "--json"],
        ["show", "evil"],
        ["show", "{path}"],
        ["show", "broken"],
        ["play", "broken", "--plain"],
        ["validate", "{path}"],
        ["validate", "{folder}"],
        ["validate", "--json", "{folder}"],
        ["export", "{path}"],
        ["export", "evil", "--flatten"],
        ["history"],
        ["history", "--json"],
        ["history", "--csv"],
        ["history", "--delete", "1", "--yes"],
        ["stats"],
        ["stats", "--json"],
        ["replay", "--plain"],
        ["replay", "--plain", "--as-routine"],
        ["play", "{path}", "--plain"],
        ["play", "evil", "--plain"],
        ["sounds", "{path}"],
        ["new", EVIL],
        ["import", "{folder}"],
        ["edit", EVIL],
        ["open", EVIL],
        ["export-audio", "{path}", "{folder}/out.wav"],
        ["path"],
        ["path", "--json"],
    ],
    ids=lambda argv: "-".join(a for a in argv if "{" not in a and a != EVIL) or "x",
)
def test_no_command_writes_a_control_character_of_a_file_raw(
    capsys, evil_files: Path, argv: list[str]
) -> None:
    folder = evil_files.parent
    args = [a.format(path=evil_files, folder=folder) for a in argv]
    main(args)
    out, err = capsys.readouterr()
    assert clean(out), out
    assert clean(err), err
    if "--json" in args:
        json.loads(out)
    if "--csv" in args:
        rows = list(csv.reader(io.StringIO(out)))
        assert rows[1][4] == visible(EVIL)


def test_a_routine_with_control_characters_is_listed_apart_with_each_place(
    capsys, evil_files: Path
) -> None:
    from tui.core.loader import read_routine_file

    loaded = read_routine_file(evil_files)
    assert not loaded.ok
    where = {(p.line, p.key) for p in loaded.problems if "control character" in p.message}
    assert where == {
        (4, "routine.name"),
        (5, "routine.summary"),
        (6, "routine.description"),
        (7, "routine.caution"),
        (11, "steps[1].name"),
        (12, "steps[1].instructions"),
    }
    assert all("remove it" in p.hint for p in loaded.problems)
    broken = read_routine_file(evil_files.parent / "broken.toml")
    keys = {p.key for p in broken.problems if "control character" in p.message}
    assert visible(EVIL) in keys and f"steps[1].{visible(EVIL)}" in keys
    assert "routine.areas[1]" in keys and "steps[1].sides[1]" in keys


def test_newlines_and_tabs_are_text_only_in_multi_line_values(user_routines: Path) -> None:
    from tui.core.loader import read_routine_file

    path = user_routines / "tabs.toml"
    path.write_text(
        'format = 1\n[routine]\nname = "A\\tB"\nsummary = "S"\nareas = ["neck"]\n'
        'description = "one\\n\\ttwo"\n[[steps]]\nname = "N"\nhold = 5\n'
        'instructions = """\n\tlean in\n"""\n',
        encoding="utf-8",
    )
    loaded = read_routine_file(path)
    assert [(p.line, p.key) for p in loaded.problems] == [(3, "routine.name")]


def test_a_desktop_notification_carries_no_control_character() -> None:
    from tui.notify import WAYS, Notifier

    started: list[list[str]] = []

    class Started:
        def poll(self) -> int | None:
            return None

    def popen(args: list[str], **_: object) -> Started:
        started.append(args)
        return Started()

    notifier = Notifier(WAYS, which=lambda name: f"/usr/bin/{name}", popen=popen)  # type: ignore[arg-type]
    notifier.send(f"Time for {EVIL}", EVIL)
    assert started and all(clean(arg) for arg in started[0])
    assert any(visible(EVIL) in arg for arg in started[0])
