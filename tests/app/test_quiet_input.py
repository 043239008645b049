"""The input thread that sleeps while no key comes (tui/app/quiet_input.py): keys still arrive,
an Escape is still told apart in time, and leaving never waits for a poll. It reaches inside
Textual (`textual._xterm_parser`), so this fails the day Textual changes what it relies on."""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Iterator

import pytest
from textual import events
from textual.app import App
from textual.message import Message

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="Textual's Linux driver")


@pytest.fixture
def signals_kept() -> Iterator[None]:
    """The driver sets the process's SIGTSTP/SIGCONT/SIGWINCH handlers: put them back."""
    kept = {sig: signal.getsignal(sig) for sig in (signal.SIGTSTP, signal.SIGCONT, signal.SIGWINCH)}
    yield
    for sig, handler in kept.items():
        signal.signal(sig, handler)


def test_polling_is_brisk_just_after_input_and_stops_once_nothing_can_be_pending() -> None:
    from tui.app.quiet_input import BRISK, poll_timeout

    assert poll_timeout(0.0) == BRISK
    assert poll_timeout(0.5) == BRISK  # an escape sequence may still be coming
    assert poll_timeout(5.0) is None  # nothing pending: wait for a key, however long


def test_the_app_uses_it_on_a_linux_terminal() -> None:
    from textual.drivers.linux_driver import LinuxDriver

    from tui.app.quiet_input import QuietLinuxDriver
    from tui.app.unknot import UnknotApp
    from tui.core.library import Library

    driver = UnknotApp(Library.load(None, None)).driver_class
    assert driver is QuietLinuxDriver and issubclass(driver, LinuxDriver)


async def test_keys_arrive_and_leaving_wakes_a_thread_that_waits_without_timeout(
    signals_kept: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.app import quiet_input

    monkeypatch.setattr(quiet_input, "poll_timeout", lambda since: None)  # never wakes by itself
    got: list[Message] = []
    arrived = threading.Event()

    class Collecting(quiet_input.QuietLinuxDriver):
        def process_message(self, message: Message) -> None:
            got.append(message)
            arrived.set()

    driver = Collecting(App(), mouse=False)
    terminal_read, terminal_write = os.pipe()
    driver.fileno = terminal_read
    thread = threading.Thread(target=driver.run_input_thread, daemon=True)
    thread.start()
    try:
        os.write(terminal_write, b"a")
        assert arrived.wait(5)
        assert [m.key for m in got if isinstance(m, events.Key)] == ["a"]
        driver.disable_input()
        thread.join(5)
        assert not thread.is_alive()  # woken by the driver's pipe, not by a timeout
    finally:
        driver.close()
        os.close(terminal_read)
        os.close(terminal_write)
