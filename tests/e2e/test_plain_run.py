"""`unknot play --plain` for real: the installed command, the monotonic clock, real sleeping.

Two ways a person meets plain mode: its output going to a file or a pipe (a script, a log, a
screen reader's buffer), where no key can come and no escape code may appear; and a terminal,
where keys work in cbreak mode, Ctrl+C stops cleanly, and the terminal is put back afterwards.
The terminal is a pseudo-terminal made by the test. Routines last a few seconds at most.
"""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from probes import run_alone

from tui.core.config import BACKEND_NAMES
from tui.core.history import HistoryStore
from tui.core.trace import read_trace

fcntl = pytest.importorskip("fcntl", reason="pseudo-terminals and termios are POSIX")
pty = pytest.importorskip("pty", reason="pseudo-terminals and termios are POSIX")
termios = pytest.importorskip("termios", reason="pseudo-terminals and termios are POSIX")

pytestmark = pytest.mark.slow

UNKNOT = Path(sys.executable).with_name("unknot")
READ_TIMEOUT = 15.0

# prep 1 · hold left 1 · switch 1 · hold right 1 · manual · hold 1 = 5 s planned
ROUTINE = """\
format = 1

[routine]
name = "Plain check"
summary = "Five seconds and a manual step."
areas = ["neck"]
caution = "A test routine."

[defaults]
prep = 1
switch = 1

[cues]
countdown = 1

[[steps]]
name = "Side tilt"
instructions = \"\"\"Tilt the head
gently.\"\"\"
hold = 1
sides = ["left", "right"]

[[steps]]
name = "Check in"
manual = true
instructions = "Notice how it feels."

[[steps]]
name = "Last hold"
hold = 1
prep = 0
"""

LONG = """\
format = 1

[routine]
name = "Long hold"
summary = "Long enough to press keys in."
areas = ["neck"]

[defaults]
prep = 0

[[steps]]
name = "Hold"
hold = 30
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def environment(home: Path, **extra: str) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if k not in ("UNKNOT_TRACE", "UNKNOT_PLAIN", "NO_COLOR")
    }
    return {**env, "UNKNOT_HOME": str(home), **extra}


def sessions(home: Path) -> list[tuple[str, str, float]]:
    with HistoryStore.open(home / "data" / "history.sqlite3", create=False) as store:
        return [(s.routine_name, s.state, s.actual) for s in store.sessions()]


# --------------------------------------------------------------------------- output to a file


def test_a_plain_run_into_a_file_writes_the_lines_the_trace_and_the_history(
    tmp_path: Path, unknot_home: Path
) -> None:
    routine = write(tmp_path, "plain-check.toml", ROUTINE)
    trace, out = tmp_path / "trace.jsonl", tmp_path / "out.txt"
    with out.open("wb") as stdout:
        done = subprocess.run(
            [str(UNKNOT), "play", str(routine), "--plain", "--trace", str(trace)],
            stdin=subprocess.DEVNULL,
            stdout=stdout,
            stderr=subprocess.PIPE,
            env=environment(unknot_home),
            timeout=60,
        )
    assert done.returncode == 0, done.stderr
    assert done.stderr == b""
    text = out.read_text(encoding="utf-8")
    assert "\x1b" not in text and "\r" not in text and "\a" not in text
    lines = text.splitlines()
    assert lines[0] == "Plain check: 3 steps, 0:05 planned plus 1 at your own pace"
    assert lines[1].startswith("sound: ")
    assert lines[1].endswith("; no keyboard: the routine runs by itself, Ctrl+C stops")
    said = [line for line in lines[2:] if not line.startswith("sound: ")]  # audio notices
    assert said == [
        "caution: A test routine.",
        "0:00  get ready 1 s; step 1 of 3, Side tilt: Tilt the head gently.",
        "0:01  hold 1 s, left side",
        "0:02  switch sides 1 s, now the right side",
        "0:03  hold 1 s, right side",
        "0:04  your pace; step 2 of 3, Check in: Notice how it feels. "
        "No keyboard to wait for, so it goes on by itself.",
        "0:04  hold 1 s; step 3 of 3, Last hold",
        "0:05  complete: 0:05 played of 0:05 planned",
        "3 of 3 steps done",
    ]
    events = read_trace(trace)
    assert [e["kind"] for e in events if e["event"] == "segment"] == [
        "prep",
        "hold",
        "switch",
        "hold",
        "manual",
        "hold",
    ]
    assert {e["sound"] for e in events if e["event"] == "cue"} <= set(BACKEND_NAMES)
    assert events[-1] == {"event": "end", "state": "completed", "planned": 5.0, "actual": 5.0}
    assert sessions(unknot_home) == [("Plain check", "completed", 5.0)]


def test_output_that_is_not_a_terminal_chooses_plain_mode_without_textual(
    tmp_path: Path, unknot_home: Path
) -> None:
    one_second = LONG.replace("hold = 30", "hold = 1")
    routine = write(tmp_path, "tiny.toml", one_second)
    done = run_alone(
        code=f"from tui.cli.main import main; rc = main(['play', {str(routine)!r}])",
        stdin=subprocess.DEVNULL,
        env=environment(unknot_home),
    )
    assert done.returncode == 0, done.stderr  # not 0 when textual was imported
    assert "0:00  hold 1 s; step 1 of 1, Hold" in done.stdout.splitlines()


# ------------------------------------------------------------------------------ on a terminal


class Terminal:
    """A pseudo-terminal that is the command's controlling terminal (so Ctrl+C is a signal)."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        self.master, self.slave = pty.openpty()
        self.before = termios.tcgetattr(self.slave)
        self.output = ""

        def controlling_terminal() -> None:
            os.setsid()
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)

        self.process = subprocess.Popen(
            args,
            stdin=self.slave,
            stdout=self.slave,
            stderr=self.slave,
            env=env,
            preexec_fn=controlling_terminal,
        )

    def read_until(self, text: str) -> str:
        deadline = time.monotonic() + READ_TIMEOUT
        while text not in self.output:
            left = deadline - time.monotonic()
            assert left > 0, f"{text!r} never came; the output was:\n{self.output}"
            ready, _, _ = select.select([self.master], [], [], left)
            if ready:
                self.output += os.read(self.master, 4096).decode("utf-8", "replace")
        return self.output

    def press(self, keys: bytes) -> None:
        os.write(self.master, keys)

    def finish(self) -> int:
        code = self.process.wait(timeout=READ_TIMEOUT)
        while select.select([self.master], [], [], 0.05)[0]:
            self.output += os.read(self.master, 4096).decode("utf-8", "replace")
        return code

    def restored(self) -> bool:
        return termios.tcgetattr(self.slave) == self.before

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        os.close(self.master)
        os.close(self.slave)


def test_on_a_terminal_keys_work_q_stops_and_the_terminal_is_restored(
    tmp_path: Path, unknot_home: Path
) -> None:
    routine = write(tmp_path, "long-hold.toml", LONG)
    # standard output is a terminal, so only UNKNOT_PLAIN=1 chooses plain mode here
    terminal = Terminal(
        [str(UNKNOT), "play", str(routine)], environment(unknot_home, UNKNOT_PLAIN="1")
    )
    try:
        terminal.read_until("step 1 of 1, Hold")
        assert "keys: space pause" in terminal.output
        terminal.press(b" ")
        terminal.read_until("paused; space goes on")
        terminal.press(b" ")
        terminal.read_until("going on")
        terminal.press(b"+")
        terminal.read_until("15 s more: this hold now lasts 45 s")
        terminal.press(b"r")
        terminal.read_until("release: this hold has a fixed length")
        terminal.press(b"q")
        terminal.read_until("stop the routine?")
        terminal.press(b"y")
        assert terminal.finish() == 0
        assert "stopped: 0:0" in terminal.output
        assert "\x1b[1m" in terminal.output  # a terminal without NO_COLOR may have bold
        assert terminal.restored()
    finally:
        terminal.close()
    ((name, state, _),) = sessions(unknot_home)
    assert (name, state) == ("Long hold", "stopped")


def test_ctrl_c_stops_cleanly_records_stopped_and_exits_130(
    tmp_path: Path, unknot_home: Path
) -> None:
    routine = write(tmp_path, "long-hold.toml", LONG)
    trace = tmp_path / "trace.jsonl"
    terminal = Terminal(
        [str(UNKNOT), "play", str(routine), "--plain", "--trace", str(trace)],
        environment(unknot_home, NO_COLOR="1"),
    )
    try:
        terminal.read_until("step 1 of 1, Hold")
        terminal.press(b"\x03")
        assert terminal.finish() == 130
        assert "\x1b" not in terminal.output  # NO_COLOR on a terminal: not one escape code
        assert "stopped: 0:0" in terminal.output
        assert terminal.restored()
    finally:
        terminal.close()
    assert read_trace(trace)[-1]["state"] == "stopped"
    ((_, state, _),) = sessions(unknot_home)
    assert state == "stopped"


# ---------------------------------------------------------------------------- spoken names

SPOKEN = """\
format = 1

[routine]
name = "Spoken check"
summary = "One short hold whose name is spoken in its prep."
areas = ["neck"]

[defaults]
prep = 2

[[steps]]
name = "Chin tuck"
hold = 1
"""


def play_in_process(routine: Path, home: Path, *extra: str, path: str | None = None):
    """`unknot play FILE …` in a fresh interpreter, output to a pipe (so plain mode)."""
    probe = "import sys\nfrom tui.cli.main import main\nsys.exit(main(sys.argv[1:]))\n"
    env = environment(home) if path is None else environment(home, PATH=path)
    return subprocess.run(
        [sys.executable, "-c", probe, "play", str(routine), *extra],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


@pytest.mark.skipif(
    shutil.which("espeak-ng") is None and shutil.which("espeak") is None,
    reason="espeak-ng is not installed (apt-get install espeak-ng): --voice is untested here",
)
def test_play_voice_renders_each_step_name_with_the_speech_engine(
    tmp_path: Path, unknot_home: Path
) -> None:
    routine = write(tmp_path, "spoken-check.toml", SPOKEN)
    done = play_in_process(routine, unknot_home, "--voice")
    assert done.returncode == 0, done.stderr
    assert "need a speech engine" not in done.stdout
    spoken = list((unknot_home / "cache" / "speech").glob("espeak*.wav"))
    assert len(spoken) == 1  # "Chin tuck", rendered ahead and kept for the next session
    assert spoken[0].stat().st_size > 1000


def test_play_voice_without_a_speech_engine_says_so_once_and_plays_on(
    tmp_path: Path, unknot_home: Path
) -> None:
    routine = write(tmp_path, "spoken-check.toml", SPOKEN.replace("prep = 2", "prep = 0"))
    done = play_in_process(routine, unknot_home, "--voice", path=str(tmp_path / "no-tools"))
    assert done.returncode == 0, done.stderr
    notices = [line for line in done.stdout.splitlines() if "need a speech engine" in line]
    assert len(notices) == 1 and notices[0].startswith("sound: ")
    assert "complete: 0:01 played of 0:01 planned" in done.stdout
    assert not (unknot_home / "cache" / "speech").exists()
