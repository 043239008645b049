"""Desktop notifications, by whatever way this system has: notify-send, osascript or PowerShell.

The ways are tried in that order by which program exists (a WSL shell may have PowerShell and not
notify-send; a Linux box with a Mac-like setup has neither), and the first one found is used.
Each notification is a program started without waiting, its output discarded, in its own session
so a Ctrl+C in the terminal does not reach it. A program that cannot be started, or that exits
with an error (notify-send with no desktop session), is dropped and the next way is used from then
on; when there is none left, `label` says so in words, so the screen can tell the person that only
the terminal bell will ring.

No textual here: the reminder screen calls `send` and shows `label`.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass

Which = Callable[[str], str | None]
Popen = Callable[..., subprocess.Popen[bytes]]

APP_NAME = "unknot"
BALLOON_MS = 10_000
NONE_LABEL = "notifications: none (no notify-send, osascript or PowerShell)"


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


class Notifier:
    """Sends notifications by the first way that works; never blocks, never raises."""

    def __init__(
        self,
        ways: Sequence[Way] = WAYS,
        which: Which = shutil.which,
        popen: Popen = subprocess.Popen,
    ) -> None:
        self._found = find_ways(ways, which)
        self._popen = popen
        self._running: list[tuple[Found, subprocess.Popen[bytes]]] = []

    @property
    def way(self) -> str | None:
        """The label of the way in use, or None when there is none."""
        self._reap()
        return self._found[0].way.label if self._found else None

    @property
    def label(self) -> str:
        """What the screen shows: `notifications: notify-send`, or why there are none."""
        way = self.way
        return f"notifications: {way}" if way else NONE_LABEL

    def send(self, title: str, body: str) -> subprocess.Popen[bytes] | None:
        """Start a notification and return at once with its process (None: no way worked)."""
        self._reap()
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
