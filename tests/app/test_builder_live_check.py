"""The builder's live check never runs under a keystroke: a routine whose sound takes seconds to
decode (a real program standing in for ffmpeg, slow on purpose) still takes every key at once,
and the check's result arrives when it is done."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from tui.app.screens.builder import BuilderScreen
from tui.app.screens.builder_check import CHECK_DEBOUNCE
from tui.app.unknot import UnknotApp
from tui.core.library import Library

pytestmark = pytest.mark.slow  # the check starts a process (the slow decoder)

DECODE_SECONDS = 3
WITH_SOUND = """\
format = 1

[routine]
name = "Gong"
summary = "A routine with a sound of its own."
areas = ["neck"]

[cues.sounds]
start = "gong.mp3"

[[steps]]
name = "Tilt"
hold = 20
"""

# Decodes nothing: it only takes its time, while the flag file is there (opening the library and
# the builder stay quick), and then says the file decoded.
SLOW_FFMPEG = f"""#!/bin/sh
if [ -f "$UNKNOT_SLOW_DECODE" ]; then sleep {DECODE_SECONDS}; fi
exit 0
"""


@pytest.fixture
def slow_decoder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "bin"
    folder.mkdir()
    program = folder / "ffmpeg"
    program.write_text(SLOW_FFMPEG, encoding="utf-8")
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ.get('PATH', '')}")
    flag = tmp_path / "slow"
    monkeypatch.setenv("UNKNOT_SLOW_DECODE", str(flag))
    return flag


async def test_a_sound_that_takes_seconds_to_decode_does_not_delay_a_keystroke(
    user_routines: Path, slow_decoder: Path
) -> None:
    (user_routines / "gong.toml").write_text(WITH_SOUND, encoding="utf-8")
    (user_routines / "gong.mp3").write_bytes(b"not really an mp3")  # not WAV: ffmpeg decodes it
    app = UnknotApp(Library.load(None, user_routines))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, BuilderScreen)
        name = screen.query_one("#field-routine-routine-name", Input)
        name.focus()
        await pilot.press("end")
        slow_decoder.touch()  # from now on, every check waits seconds for the decoder
        await pilot.press("s")
        await pause_for_check(pilot)  # the check of "Gongs" has begun in its thread
        started = time.monotonic()
        await pilot.press(*["backspace"] * len("Gongs"))  # a routine needs a name: a problem
        taken = time.monotonic() - started
        assert name.value == ""
        assert taken < DECODE_SECONDS / 3, f"five keys took {taken:.2f} s while the sound decoded"
        title = screen.query_one("#builder-title")
        assert "problem" not in str(title.render())  # the check has not caught up yet
        deadline = time.monotonic() + 4 * DECODE_SECONDS  # it does, in the decoder's own time
        while "problem" not in str(title.render()) and time.monotonic() < deadline:
            await pilot.pause(0.1)
        assert "1 problem" in str(title.render())


async def pause_for_check(pilot: Pilot[object]) -> None:
    await pilot.pause(CHECK_DEBOUNCE + 0.05)
