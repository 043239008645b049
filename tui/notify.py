"""Desktop notifications, by whatever way this system has: notify-send, osascript or PowerShell.

The ways are tried in that order by which program exists (a WSL shell may have PowerShell and not
notify-send; a Linux box with a Mac-like setup has neither), and the first one found is used.
Each notification is a program started without waiting, its output discarded, in its own session
so a Ctrl+C in the terminal does not reach it. A program that cannot be started, or that exits
with an error (notify-send with no desktop session), is dropped and the next way is used from then
on; when there is none left, `label` says so in words, so the screen can tell the person that only
the terminal bell will ring.

Over SSH a desktop program notifies the far machine's desktop (or none), and some systems have no
way at all; there the notification is also written to the terminal as an OSC 777 or OSC 9 escape,
which many terminal emulators turn into a desktop notification on the person's own machine
(`TerminalNotice`, given by the reminder app; a plain `Notifier()` never writes to the terminal).

No textual here: the reminder screen calls `send` and shows `label`.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from tui.core.visible import visible

Which = Callable[[str], str | None]
Popen = Callable[..., subprocess.Popen[bytes]]

APP_NAME = "unknot"
BALLOON_MS = 10_000
NONE_LABEL = "notifications: none (no notify-send, osascript or PowerShell)"
TERMINAL_LABEL = "notifications: the terminal's (OSC 777 / OSC 9)"


def _applescript_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _powershell_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def notify_send_args(program: str, title: str, body: str) -> list[str]:
    return [program, f"--app-name={APP_NAME}", "--", title, body]


def osascript_args(program: str, title: str, body: str) -> list[str]:
    text, heading = _applescript_string(body), _applescript_string(title)
    script = f"display notification {text} with title {heading}"
    return [program, "-e", script]


def powershell_args(program: str, title: str, body: str) -> list[str]:
    """A balloon from the notification area: it needs no module beyond .NET's own forms."""
    script = "; ".join(
        [
            "Add-Type -AssemblyName System.Windows.Forms",
            "$n = New-Object System.Windows.Forms.NotifyIcon",
            "$n.Icon = [System.Drawing.SystemIcons]::Information",
            f"$n.BalloonTipTitle = {_powershell_string(title)}",
            f"$n.BalloonTipText = {_powershell_string(body)}",
            "$n.Visible = $true",
            f"$n.ShowBalloonTip({BALLOON_MS})",
            f"Start-Sleep -Milliseconds {BALLOON_MS}",
            "$n.Dispose()",
        ]
    )
    return [program, "-NoProfile", "-NonInteractive", "-Command", script]


@dataclass(frozen=True, slots=True)
class Way:
    """One way to notify: a label, the program names to look for, and how to call it."""

    label: str
    programs: tuple[str, ...]
    args: Callable[[str, str, str], list[str]]


WAYS: tuple[Way, ...] = (
    Way("notify-send", ("notify-send",), notify_send_args),
    Way("osascript", ("osascript",), osascript_args),
    Way("PowerShell", ("powershell.exe", "powershell", "pwsh.exe", "pwsh"), powershell_args),
)


@dataclass(frozen=True, slots=True)
class Found:
    way: Way
    program: str  # the full path found


def find_ways(ways: Sequence[Way] = WAYS, which: Which = shutil.which) -> list[Found]:
    """Every way whose program exists, in order of preference."""
    found: list[Found] = []
    for way in ways:
        program = next((path for name in way.programs if (path := which(name))), None)
        if program is not None:
            found.append(Found(way, program))
    return found


# Terminals that read OSC 9 (iTerm2, Windows Terminal, ConEmu, kitty) and OSC 777 (VTE terminals
# such as GNOME Terminal, foot, urxvt, Ghostty); WezTerm reads both. Where the terminal cannot be
# told (SSH passes on TERM and little else), both are written: a terminal ignores an OSC it does
# not know.
OSC9_PROGRAMS = ("iTerm.app", "WezTerm", "vscode")
OSC777_PROGRAMS = ("ghostty",)
CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def over_ssh(env: Mapping[str, str]) -> bool:
    return bool(env.get("SSH_CONNECTION") or env.get("SSH_TTY") or env.get("SSH_CLIENT"))


def osc_kinds(env: Mapping[str, str]) -> tuple[str, ...]:
    """Which escapes this terminal reads, by what it says of itself: ("9",), ("777",) or both."""
    program = env.get("TERM_PROGRAM", "")
    term = env.get("TERM", "")
    if program in OSC9_PROGRAMS or env.get("WT_SESSION") or env.get("ConEmuPID"):
        return ("9",)
    if term == "xterm-kitty":
        return ("9",)
    if program in OSC777_PROGRAMS or env.get("VTE_VERSION") or term.startswith(("foot", "rxvt")):
        return ("777",)
    return ("777", "9")


def osc_notification(title: str, body: str, env: Mapping[str, str]) -> str:
    """The escapes that notify, with no control character of the text left in them (a title
    could otherwise end the sequence early) and, inside tmux, wrapped so tmux passes them on
    (it does with `set -g allow-passthrough on`)."""
    title = CONTROL_RE.sub(" ", title)
    body = CONTROL_RE.sub(" ", body)
    sequences = []
    for kind in osc_kinds(env):
        if kind == "777":
            # OSC 777 separates its fields with ';', so none may appear inside one.
            sequences.append(
                f"\x1b]777;notify;{title.replace(';', ',')};{body.replace(';', ',')}\x07"
            )
        else:
            sequences.append(f"\x1b]9;{title}: {body}\x07")
    if env.get("TMUX"):
        sequences = [f"\x1bPtmux;{s.replace(chr(27), chr(27) * 2)}\x1b\\" for s in sequences]
    return "".join(sequences)


def write_to_terminal(text: str) -> None:
    """Write straight to the controlling terminal, beside the app's own output: one short write
    that neither moves the cursor nor draws, so the screen is not disturbed."""
    try:
        fd = os.open("/dev/tty", os.O_WRONLY | os.O_NOCTTY)
    except OSError:
        return
    try:
        os.write(fd, text.encode("utf-8", "replace"))
    except OSError:
        pass
    finally:
        os.close(fd)


@dataclass
class TerminalNotice:
    """The terminal's own notification escape, used over SSH or where no desktop way exists."""

    write: Callable[[str], None] = write_to_terminal
    env: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))

    def wanted(self, desktop_way: bool) -> bool:
        return over_ssh(self.env) or not desktop_way

    def send(self, title: str, body: str) -> None:
        self.write(osc_notification(title, body, self.env))


class Notifier:
    """Sends notifications by the first way that works; never blocks, never raises."""

    def __init__(
        self,
        ways: Sequence[Way] = WAYS,
        which: Which = shutil.which,
        popen: Popen = subprocess.Popen,
        terminal: TerminalNotice | None = None,
    ) -> None:
        self._found = find_ways(ways, which)
        self._popen = popen
        self._running: list[tuple[Found, subprocess.Popen[bytes]]] = []
        self._terminal = terminal

    @property
    def way(self) -> str | None:
        """The label of the way in use, or None when there is none."""
        self._reap()
        return self._found[0].way.label if self._found else None

    @property
    def terminal(self) -> bool:
        """Whether a notification is also written to the terminal as an escape."""
        return self._terminal is not None and self._terminal.wanted(bool(self._found))

    @property
    def label(self) -> str:
        """What the screen shows: `notifications: notify-send`, or why there are none."""
        way = self.way
        if self.terminal:
            return f"notifications: {way} and the terminal's" if way else TERMINAL_LABEL
        return f"notifications: {way}" if way else NONE_LABEL

    def send(self, title: str, body: str) -> subprocess.Popen[bytes] | None:
        """Start a notification and return at once with its process (None: no way worked).
        Where `terminal` holds, the terminal's escape is written too. The text names a routine:
        its control characters are made visible first (tui/core/visible.py)."""
        self._reap()
        title, body = visible(title), visible(body)
        process = self._start(title, body)
        if self.terminal and self._terminal is not None:  # after: a program that could not start
            self._terminal.send(title, body)  # leaves no desktop way, and the escape is wanted
        return process

    def _start(self, title: str, body: str) -> subprocess.Popen[bytes] | None:
        while self._found:
            found = self._found[0]
            try:
                process = self._popen(
                    found.way.args(found.program, title, body),
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    **_detached(),
                )
            except (OSError, ValueError):
                self._drop(found)
                continue
            self._running.append((found, process))
            return process
        return None

    def _reap(self) -> None:
        """Collect finished notifications; a way whose program failed is not used again."""
        still: list[tuple[Found, subprocess.Popen[bytes]]] = []
        for found, process in self._running:
            code = process.poll()
            if code is None:
                still.append((found, process))
            elif code != 0:
                self._drop(found)
        self._running = still

    def _drop(self, found: Found) -> None:
        if found in self._found:
            self._found.remove(found)

    def close(self) -> None:
        """Forget the running notifications (they finish on their own); reap what is done."""
        self._reap()


def _detached() -> dict[str, object]:
    if sys.platform == "win32":
        return {"creationflags": getattr(subprocess, "CREATE_NO_WINDOW", 0)}
    return {"start_new_session": True}
