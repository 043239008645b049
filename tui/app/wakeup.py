"""A one-shot wake-up measured from the moment it is asked for.

Textual's `set_timer` measures its delay from the moment its timer task first runs, not from the
call: a timer set while a screen is still mounting its widgets and painting its first frame
starts counting only once that work is done. The player sets its first wake-up exactly then
(playing starts in `on_mount`), so the first boundary of a routine (get ready → hold, 1 s in)
sounded 45–160 ms late while every later one was on time. This wake-up is an absolute moment on
the event loop's clock, fixed when it is armed, so the time the screen spends starting is not
added to it; the callback then runs as a message of the screen, like a timer's.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from textual.message_pump import MessagePump


class WakeUp:
    """Calls `callback` on `pump` once, `delay` seconds after `arm`; arming again replaces it."""

    def __init__(self, pump: MessagePump, callback: Callable[[], object]) -> None:
        self._pump = pump
        self._callback = callback
        self._handle: asyncio.TimerHandle | None = None

    @property
    def armed(self) -> bool:
        return self._handle is not None

    def arm(self, delay: float) -> None:
        self.cancel()
        loop = asyncio.get_running_loop()
        self._handle = loop.call_at(loop.time() + max(0.0, delay), self._fire)

    def cancel(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None

    def _fire(self) -> None:
        self._handle = None
        self._pump.call_later(self._callback)
