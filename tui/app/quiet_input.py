"""Textual's Linux driver, but its input thread sleeps while no key comes.

Textual's input thread waits for the terminal with `select(0.1)`: ten wake-ups a second whether
or not a key is pressed, so that a lone Escape is told from the start of an escape sequence once
its short delay (ESCDELAY, 0.1 s by default) has passed. In a hold nobody types, and those ten
wake-ups were a fifth of the CPU a second of a hold cost (issue 16). This driver keeps Textual's
brisk polling for a second after any input (the escape delay is timed as before) and otherwise
waits for input without a timeout; leaving (quitting, suspending) wakes it through a pipe of its
own, so nothing waits for a poll to come round.

Textual has no public parser for terminal input, so this module is, with tui/app/terminal.py,
one of the two places unknot reaches inside Textual (the module `textual._xterm_parser`);
tests/app/test_quiet_input.py fails the day Textual changes what it relies on.
"""

from __future__ import annotations

import contextlib
import os
import selectors
import threading
import time
from codecs import getincrementaldecoder

from textual import constants
from textual._xterm_parser import XTermParser
from textual.drivers.linux_driver import LinuxDriver

BRISK = 0.1  # seconds between polls while a key may still be coming (Textual's own figure)
BRISK_FOR = 1.0  # seconds after the last input that polling stays brisk


def poll_timeout(since_input: float) -> float | None:
    """How long the input thread may wait for the terminal, `since_input` seconds after the
    last input came: briskly while an escape sequence may be unfinished, else until input."""
    return BRISK if since_input < max(BRISK_FOR, 2 * constants.ESCAPE_DELAY) else None


class QuietLinuxDriver(LinuxDriver):
    """LinuxDriver whose input thread wakes for input (or for leaving), not ten times a second."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.leaving = threading.Event()
        self.wake_read, self.wake_write = os.pipe()  # a byte here wakes the input thread

    def start_application_mode(self) -> None:
        """Set before Textual starts the input thread, so a quick leave is never missed."""
        self.leaving.clear()
        super().start_application_mode()

    def disable_input(self) -> None:
        """Wake the input thread so it sees it must end, then let Textual join it."""
        self.leaving.set()
        with contextlib.suppress(OSError):
            os.write(self.wake_write, b"x")
        super().disable_input()

    def close(self) -> None:
        super().close()
        for fd in (self.wake_read, self.wake_write):
            with contextlib.suppress(OSError):
                os.close(fd)

    def run_input_thread(self) -> None:
        """Textual's loop (LinuxDriver.run_input_thread), with `poll_timeout` for its wait."""
        wake_read = self.wake_read
        selector = selectors.SelectSelector()
        fileno = self.fileno
        selector.register(fileno, selectors.EVENT_READ)
        selector.register(wake_read, selectors.EVENT_READ)
        parser = XTermParser()
        decode = getincrementaldecoder("utf-8")().decode
        last_input = time.monotonic()

        def process(events: list[tuple[selectors.SelectorKey, int]], final: bool = False) -> bool:
            """Feed what the terminal sent to the parser; True if anything came."""
            came = False
            for key, mask in events:
                if not mask & selectors.EVENT_READ:
                    continue
                if key.fd == wake_read:
                    os.read(wake_read, 64)
                    continue
                data = decode(os.read(fileno, 1024 * 4), final=final)
                if not data:  # stdin is a pipe that ended
                    break
                came = True
                for event in parser.feed(data):
                    self.process_message(event)
            for event in parser.tick():
                self.process_message(event)
            return came

        try:
            while not self.exit_event.is_set() and not self.leaving.is_set():
                timeout = poll_timeout(time.monotonic() - last_input)
                if process(selector.select(timeout)):
                    last_input = time.monotonic()
            selector.unregister(wake_read)
            process(selector.select(BRISK), final=True)
        finally:
            selector.close()
