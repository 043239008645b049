"""The big countdown of the player: Textual's Digits, plus the visual cue.

The countdown is the one thing a person glances at from the floor, so it is big, centred and always
m:ss (or h:mm:ss), and it flashes on every cue: the flash is the cue that works when the sound is
muted, over SSH, or for someone who cannot hear it. The widget knows nothing about the player; the
screen tells it what to show.
"""

from __future__ import annotations

from textual.timer import Timer
from textual.widgets import Digits

from tui.core.durations import format_clock

FLASH_SECONDS = 0.35
NO_COUNT = "-:--"  # a step at your own pace has nothing to count down


def clock_text(seconds: int | None) -> str:
    """What the digits show: `m:ss`, `h:mm:ss`, or `-:--` when there is nothing to count."""
    return NO_COUNT if seconds is None else format_clock(seconds)


class Countdown(Digits):
    """Whole seconds left, big. `flash()` is the visual cue; `-paused` dims it."""

    DEFAULT_CSS = """
    Countdown {
        width: 100%;
        text-align: center;
        text-style: bold;
        color: $foreground;
        padding: 0 1;
    }
    Countdown.-paused {
        color: $text-disabled;
        text-style: none;
    }
    Countdown.-flash {
        background: $foreground;
        color: $background;
        text-style: bold reverse;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(NO_COUNT, id=id, classes=classes)
        self._flash_timer: Timer | None = None

    def show(self, seconds: int | None) -> None:
        """Show `seconds` (None: a step without a countdown); unchanged text costs nothing."""
        text = clock_text(seconds)
        if text != self.value:
            self.update(text)

    def flash(self) -> None:
        """Light the countdown up for a moment; a new cue during a flash restarts it."""
        self.end_flash()
        self.add_class("-flash")
        self._flash_timer = self.set_timer(FLASH_SECONDS, self.end_flash)

    def end_flash(self) -> None:
        """End a flash now (pausing does, and snapshot tests do, to get a steady picture)."""
        if self._flash_timer is not None:
            self._flash_timer.stop()
            self._flash_timer = None
        self.remove_class("-flash")

    @property
    def flashing(self) -> bool:
        return self.has_class("-flash")
