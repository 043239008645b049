"""The notification chain with fake programs: small scripts on a temporary PATH (and nothing
else on it) that write down how they were called, so each test sees a real process started the
way the reminder starts it, and no real notification ever pops up."""

from __future__ import annotations

import shutil
import stat
import sys
from pathlib import Path

import pytest

from tui.notify import (
    NONE_LABEL,
    TERMINAL_LABEL,
    Notifier,
    TerminalNotice,
    osascript_args,
    osc_notification,
    powershell_args,
)

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the fakes are shell scripts")

FAKE = """#!/bin/sh
printf '%s\\n' "${{0##*/}}" "$@" > "{log}/${{0##*/}}.$$"
exit {code}
"""


class FakePath:
    """A folder of fake programs, and the calls they logged."""

    def __init__(self, root: Path) -> None:
        self.bin = root / "bin"
        self.log = root / "log"
        self.bin.mkdir(parents=True)
        self.log.mkdir()

    def add(self, name: str, code: int = 0, body: str | None = None) -> None:
        script = self.bin / name
        script.write_text(body or FAKE.format(log=self.log, code=code))
        script.chmod(script.stat().st_mode | stat.S_IXUSR)

    def calls(self) -> list[list[str]]:
        return [p.read_text().splitlines() for p in sorted(self.log.iterdir())]


@pytest.fixture
def fakes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FakePath:
    fake = FakePath(tmp_path)
    monkeypatch.setenv("PATH", str(fake.bin))
    return fake


def send(notifier: Notifier, title: str = "Time for a break", body: str = "Desk break") -> None:
    process = notifier.send(title, body)
    assert process is not None
    process.wait(timeout=10)  # it ends (a fake that hangs raises TimeoutExpired)


@pytest.mark.slow
def test_notify_send_is_used_first_when_it_exists(fakes: FakePath) -> None:
    for name in ("notify-send", "osascript", "pwsh"):
        fakes.add(name)
    notifier = Notifier()
    assert notifier.label == "notifications: notify-send"
    send(notifier, "Time for a break", "-Desk break")  # a body that looks like an option
    assert fakes.calls() == [
        ["notify-send", "--app-name=unknot", "--", "Time for a break", "-Desk break"]
    ]


@pytest.mark.slow
def test_osascript_is_next_and_powershell_last(fakes: FakePath) -> None:
    fakes.add("osascript")
    fakes.add("powershell.exe")
    notifier = Notifier()
    assert notifier.way == "osascript"
    send(notifier, 'A "quoted" title', "back\\slash")
    [[name, flag, script]] = fakes.calls()
    assert (name, flag) == ("osascript", "-e")
    assert script == r'display notification "back\\slash" with title "A \"quoted\" title"'
    (fakes.bin / "osascript").unlink()
    assert Notifier().way == "PowerShell"


def test_with_no_way_it_says_so_and_sends_nothing(fakes: FakePath) -> None:
    notifier = Notifier()
    assert notifier.way is None
    assert notifier.label == NONE_LABEL
    assert "notify-send" in NONE_LABEL and "PowerShell" in NONE_LABEL
    assert notifier.send("Time for a break", "Desk break") is None


@pytest.mark.slow
def test_a_program_that_fails_is_dropped_for_the_next(fakes: FakePath) -> None:
    fakes.add("notify-send", code=1)  # no desktop session to talk to
    fakes.add("osascript")
    notifier = Notifier()
    send(notifier)
    assert notifier.label == "notifications: osascript"
    send(notifier)
    assert [call[0] for call in fakes.calls()] == ["notify-send", "osascript"]


@pytest.mark.slow
def test_a_program_that_cannot_start_falls_through_at_once(fakes: FakePath) -> None:
    fakes.add("notify-send")
    fakes.add("osascript")
    (fakes.bin / "notify-send").unlink()  # found once, gone by the time it is needed
    notifier = Notifier()
    send(notifier)
    assert [call[0] for call in fakes.calls()] == ["osascript"]
    assert notifier.way == "osascript"


@pytest.mark.slow
def test_sending_never_waits_for_the_program(fakes: FakePath) -> None:
    gate = fakes.bin.parent / "gate"
    nap = shutil.which("sleep", path="/bin:/usr/bin")
    fakes.add("notify-send", body=f"#!/bin/sh\nwhile [ ! -e {gate} ]; do {nap} 0.05; done\n")
    notifier = Notifier()
    process = notifier.send("Time for a break", "Desk break")
    assert process is not None
    try:
        assert process.poll() is None  # it runs on, and send has returned
        assert notifier.way == "notify-send"  # a running notification is no failure
    finally:
        gate.touch()
        process.wait(timeout=10)
    assert process.returncode == 0


def test_powershell_quotes_what_it_shows() -> None:
    args = powershell_args("pwsh", "Time's up", "Desk break")
    assert args[:4] == ["pwsh", "-NoProfile", "-NonInteractive", "-Command"]
    assert "$n.BalloonTipTitle = 'Time''s up'" in args[4]
    assert osascript_args("osascript", "t", "b")[2].endswith('with title "t"')


class Terminal:
    """What the reminder writes to the terminal, kept instead of written."""

    def __init__(self, **env: str) -> None:
        self.env = {"TERM": "xterm-256color", **env}
        self.written: list[str] = []

    def notice(self) -> TerminalNotice:
        return TerminalNotice(write=self.written.append, env=self.env)


def test_with_no_desktop_way_the_terminal_escape_carries_the_notification(fakes) -> None:
    terminal = Terminal()
    notifier = Notifier(terminal=terminal.notice())
    assert notifier.label == TERMINAL_LABEL
    assert notifier.send("Time for a break", "Desk break") is None
    # An unknown terminal gets both escapes; one it does not read is ignored.
    assert terminal.written == [
        "\x1b]777;notify;Time for a break;Desk break\x07\x1b]9;Time for a break: Desk break\x07"
    ]


@pytest.mark.slow
def test_over_ssh_the_escape_is_written_beside_the_desktop_program(fakes: FakePath) -> None:
    fakes.add("notify-send")
    here = Terminal()
    notifier = Notifier(terminal=here.notice())
    send(notifier)
    assert here.written == []  # a desktop here: no escape
    assert notifier.label == "notifications: notify-send"
    far = Terminal(SSH_CONNECTION="10.0.0.2 50000 10.0.0.3 22", TERM_PROGRAM="iTerm.app")
    notifier = Notifier(terminal=far.notice())
    assert notifier.label == "notifications: notify-send and the terminal's"
    send(notifier)
    assert far.written == ["\x1b]9;Time for a break: Desk break\x07"]
    assert len(fakes.calls()) == 2


def test_the_escape_names_the_terminal_s_own_kind_and_passes_through_tmux() -> None:
    assert osc_notification("a", "b", {"VTE_VERSION": "7600"}) == "\x1b]777;notify;a;b\x07"
    assert osc_notification("a", "b", {"TERM": "xterm-kitty"}) == "\x1b]9;a: b\x07"
    # A separator or a control character in the text cannot end a field or the sequence.
    assert osc_notification("a;b", "c\x07d\x1b", {"TERM": "foot"}) == "\x1b]777;notify;a,b;c d \x07"
    wrapped = osc_notification("a", "b", {"TERM": "foot", "TMUX": "/tmp/tmux-0/default,1,0"})
    assert wrapped == "\x1bPtmux;\x1b\x1b]777;notify;a;b\x07\x1b\\"
