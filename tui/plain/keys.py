"""Reading single key presses for the plain player, without a full-screen library.

The plain player sleeps until the player's next wake-up, but a key must wake it at once, so a key
reader *is* the waiting: `wait(timeout)` returns the keys pressed within `timeout` seconds (or
none when the time ran out). That one seam lets the tests replace both the keyboard and the sleep
with a fake that moves a fake clock.

- POSIX: the terminal goes into cbreak mode (keys arrive one by one, no echo, Ctrl+C still sends
  SIGINT) and `select()` waits on standard input with the timeout. The terminal's previous mode
  is put back on close, whatever ended the session: a normal end, Ctrl+C, or SIGTERM (turned into
  an exception while the reader is open, so the `finally` that restores the terminal runs).
- Windows: `msvcrt` has no wait-with-timeout, so the console is polled every 30 ms.
- No terminal on standard input (a pipe, a file, a script): there are no keys; `wait` only sleeps.

Keys are reported by name, as the player's key table (tui/app/keys.py) spells them: `space`,
`enter`, `plus`, `right`, `left`, or the character itself.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable
from types import TracebackType
from typing import Any, Protocol, TextIO

POLL_SECONDS = 0.03  # Windows only: how often the console is asked for a key
CTRL_C = "\x03"

# Escape sequences the arrow keys send (normal and application cursor mode).
_SEQUENCES = {
    "\x1b[C": "right",
    "\x1b[D": "left",
    "\x1bOC": "right",
    "\x1bOD": "left",
    "\x1b[A": "up",
    "\x1b[B": "down",
    "\x1bOA": "up",
    "\x1bOB": "down",
}
_NAMES = {" ": "space", "\r": "enter", "\n": "enter", "+": "plus", "?": "question_mark"}
# msvcrt.getwch() gives a prefix ("\x00" or "\xe0") and then one of these for special keys.
_WINDOWS_SPECIAL = {"M": "right", "K": "left", "H": "up", "P": "down"}


class KeyReader(Protocol):
    """Waits for keys. `interactive` is False when no keys can ever come (no terminal)."""

    @property
    def interactive(self) -> bool: ...

    def wait(self, timeout: float | None) -> list[str]:
        """Keys pressed within `timeout` seconds (None: until a key comes); [] if none came."""
        ...

    def close(self) -> None: ...


def key_names(text: str) -> list[str]:
    """Split what the terminal sent into key names; Ctrl+C (if it arrives as a character, as it
    can on Windows) raises KeyboardInterrupt, so it always means the same thing."""
    keys: list[str] = []
    i = 0
    while i < len(text):
        if text[i] == "\x1b":
            for sequence, name in _SEQUENCES.items():
                if text.startswith(sequence, i):
                    keys.append(name)
                    i += len(sequence)
                    break
            else:
                keys.append("escape")
                i += 1
                # the rest of an unknown sequence (`ESC [ 1 ; 5 C`) is not a key of its own
                if i < len(text) and text[i] in "[O":
                    i += 1
                    while i < len(text) and not text[i].isalpha() and text[i] != "~":
                        i += 1
                    i += 1
            continue
        char = text[i]
        i += 1
        if char == CTRL_C:
            raise KeyboardInterrupt
        keys.append(_NAMES.get(char, char.lower() if char.isalpha() else char))
    return keys


# ---------------------------------------------------------------------------------- no terminal


class NoKeys:
    """Standard input is not a terminal: the routine runs by itself, and waiting is sleeping."""

    interactive = False

    def __init__(self, sleep: Callable[[float], None] = time.sleep) -> None:
        self._sleep = sleep

    def wait(self, timeout: float | None) -> list[str]:
        # None would mean "until a key comes", which never happens: the caller never asks that
        # without a keyboard, but a second is a safer answer than sleeping forever.
        self._sleep(1.0 if timeout is None else max(0.0, timeout))
        return []

    def close(self) -> None:
        pass


# ---------------------------------------------------------------------------------------- POSIX


class PosixKeys:
    """cbreak mode on a POSIX terminal, undone by `close` (or leaving the `with` block)."""

    def __init__(self, stream: TextIO) -> None:
        import signal
        import termios
        import tty

        self._fd = stream.fileno()
        try:
            self._saved: Any = termios.tcgetattr(self._fd)
        except termios.error as exc:  # a "terminal" that has no modes to set (some CI runners)
            raise OSError(f"the terminal has no settable modes: {exc}") from exc
        self._termios = termios
        self._signal = signal
        self._closed = False
        tty.setcbreak(self._fd, termios.TCSANOW)
        self._old_term: Any = None
        try:  # only the main thread may set a signal handler; elsewhere SIGTERM stays as it was
            self._old_term = signal.signal(signal.SIGTERM, _terminated)
        except ValueError:
            self._old_term = None

    def wait(self, timeout: float | None) -> list[str]:
        import select

        if self._closed:
            return []
        ready, _, _ = select.select([self._fd], [], [], timeout)
        if not ready:
            return []
        data = os.read(self._fd, 64)
        if not data:  # the terminal went away: no more keys, but the routine goes on
            self.close()
            return []
        return key_names(data.decode("utf-8", errors="replace"))

    @property
    def interactive(self) -> bool:
        """False once closed, or once the terminal went away: no key can come any more."""
        return not self._closed

    def close(self) -> None:
        """Put the terminal back as it was; safe to call twice."""
        if self._closed:
            return
        self._closed = True
        # a terminal that is gone has nothing left to restore
        with contextlib.suppress(OSError, self._termios.error):
            self._termios.tcsetattr(self._fd, self._termios.TCSADRAIN, self._saved)
        if self._old_term is not None:
            self._signal.signal(self._signal.SIGTERM, self._old_term)


def _terminated(signum: int, frame: object) -> None:
    """SIGTERM while the terminal is in cbreak mode: leave through the `finally` blocks."""
    raise SystemExit(128 + signum)


# -------------------------------------------------------------------------------------- Windows


class WindowsKeys:
    """The Windows console through msvcrt: polled, since it cannot wait with a timeout."""

    interactive = True

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        import msvcrt  # type: ignore[import-not-found, unused-ignore]

        self._msvcrt: Any = msvcrt
        self._clock = clock

    def wait(self, timeout: float | None) -> list[str]:
        end = None if timeout is None else self._clock() + max(0.0, timeout)
        while True:
            keys = self._read()
            if keys:
                return keys
            left = None if end is None else end - self._clock()
            if left is not None and left <= 0:
                return []
            time.sleep(POLL_SECONDS if left is None else min(POLL_SECONDS, left))

    def _read(self) -> list[str]:
        keys: list[str] = []
        while self._msvcrt.kbhit():
            char = self._msvcrt.getwch()
            if char in ("\x00", "\xe0"):
                special = self._msvcrt.getwch()
                keys.append(_WINDOWS_SPECIAL.get(special, "unknown"))
            else:
                keys.extend(key_names(char))
        return keys

    def close(self) -> None:
        pass  # msvcrt changes no console mode


# ------------------------------------------------------------------------------------- choosing


def open_keys(stream: TextIO | None = None) -> KeyReader:
    """Keys from `stream` (standard input) if it is a terminal, else none."""
    stream = sys.stdin if stream is None else stream
    try:
        is_terminal = stream is not None and stream.isatty()
    except (AttributeError, ValueError, OSError):
        is_terminal = False
    if not is_terminal:
        return NoKeys()
    if os.name == "nt":
        return WindowsKeys()
    try:
        return PosixKeys(stream)
    except (ImportError, OSError) as exc:  # a terminal that refuses termios: run without keys
        print(f"unknot: keys are off ({exc})", file=sys.stderr)
        return NoKeys()


class Keys:
    """`with Keys() as keys:` opens the reader and always closes it (the terminal restored)."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self._stream = stream
        self.reader: KeyReader | None = None

    def __enter__(self) -> KeyReader:
        self.reader = open_keys(self._stream)
        return self.reader

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.reader is not None:
            self.reader.close()
