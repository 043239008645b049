"""The one fake clock the tests share.

The player, the recorder, plain mode and the sound scheduler all take a `clock` that they call like
`time.monotonic`. A test hands them this one and moves time by hand, so nothing sleeps and no
result depends on the machine's speed. Tests import it as `from fakes import FakeClock` (pytest
puts tests/ on the path, as it does for `sound_files`).
"""

from __future__ import annotations


class FakeClock:
    """A monotonic clock that moves only when a test moves it.

    `now` may also be set outright (a wake-up that is due, a clock frozen for a snapshot). Start it
    far from 0 and off a whole second where deadlines matter: a real monotonic clock is, and float
    offsets must not hide a rounding mistake.
    """

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> float:
        """Move on by `seconds` and return the new time."""
        self.now += seconds
        return self.now
