"""The breathing pacer: a bar that fills on the in-breath, stays full on the hold and empties on
the out-breath, with the words "breathe in" / "hold" / "breathe out" and the seconds left of each.

Following a breath needs smooth movement, which a once-a-second countdown cannot give; but a
fixed-rate redraw for the whole session would cost CPU in every ordinary hold too. So the pacer
animates itself (FPS frames a second) only while a breathing hold runs, and stops its timer as soon
as the hold is paused or over. Where the breath is comes from `breath_phase`, a pure function of
the breathing pattern and the seconds into the hold, so it is tested without a terminal; the pacer
reads the same injected clock as the player, so a frozen clock gives a frozen picture.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual.timer import Timer
from textual.widget import Widget

from tui.app.widgets.repaint import SteadyLines

FPS = 10  # frames a second while a breathing hold runs; none at all otherwise
BAR_MAX_WIDTH = 60
EIGHTHS = " ▏▎▍▌▋▊▉"  # a cell filled by 0/8 … 7/8 from the left; 8/8 is "█"

Breathe = tuple[int, int, int]  # seconds in, held, out (ROUTINE_FORMAT.md's `breathe`)


@dataclass(frozen=True, slots=True)
class BreathPhase:
    """Where a breath is: the words, how full the bar is (0–1), and seconds left of this part."""

    word: str  # breathe in | hold | breathe out
    fill: float
    left: float


def breath_phase(breathe: Breathe, into: float) -> BreathPhase:
    """The phase `into` seconds after a breathing hold began. Breaths repeat from the hold's start,
    exactly as the timeline places the `inhale` and `exhale` cues."""
    breathe_in, held, breathe_out = breathe
    cycle = breathe_in + held + breathe_out
    t = max(0.0, into) % cycle
    if t < breathe_in:
        return BreathPhase("breathe in", t / breathe_in, breathe_in - t)
    if t < breathe_in + held:
        return BreathPhase("hold", 1.0, breathe_in + held - t)
    out = t - breathe_in - held
    return BreathPhase("breathe out", 1.0 - out / breathe_out, breathe_out - out)


def bar_cells(fill: float, width: int) -> str:
    """`width` cells filled `fill` of the way from the left, to an eighth of a cell."""
    eighths = round(min(1.0, max(0.0, fill)) * width * 8)
    full, part = divmod(eighths, 8)
    text = "█" * full + (EIGHTHS[part] if part and full < width else "")
    return text.ljust(width)


class Pacer(SteadyLines, Widget):
    """Two lines: the phase in words with its seconds left, then the bar. The screen calls
    `follow` whenever the breathing hold changes (begins, pauses, resumes, restarts) and `stop`
    when it is over; in between the pacer moves itself."""

    DEFAULT_CSS = """
    Pacer {
        height: 2;
        width: 100%;
    }
    Pacer > .pacer--word {
        color: $text-accent;
        text-style: bold;
    }
    Pacer > .pacer--bar {
        color: $accent;
        background: $boost;
    }
    Pacer.-paused > .pacer--word, Pacer.-paused > .pacer--bar {
        color: $text-disabled;
    }
    """
    COMPONENT_CLASSES = {"pacer--word", "pacer--bar"}

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._breathe: Breathe | None = None
        self._into = 0.0  # seconds into the hold at `_since`
        self._since = 0.0
        self._clock: Callable[[], float] = lambda: 0.0
        self._running = False
        self._timer: Timer | None = None
        self._drawn: tuple[object, ...] | None = None

    @property
    def animating(self) -> bool:
        """True while the pacer's own timer runs (only in a breathing hold that is playing)."""
        return self._timer is not None

    def follow(
        self, breathe: Breathe, into: float, *, running: bool, clock: Callable[[], float]
    ) -> None:
        """Show `breathe` from `into` seconds into its hold; move with `clock` while `running`."""
        self._breathe, self._into, self._clock = breathe, into, clock
        self._since = clock()
        self._running = running
        self.set_class(not running, "-paused")
        if running and self._timer is None:
            self._timer = self.set_interval(1 / FPS, self._frame, name="pacer-frame")
        elif not running:
            self._stop_timer()
        self._frame()

    def stop(self) -> None:
        """The breathing hold is over: no more frames."""
        self._breathe = None
        self._stop_timer()

    def _stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def phase(self) -> BreathPhase | None:
        """The phase now (by the injected clock), or None outside a breathing hold."""
        if self._breathe is None:
            return None
        into = self._into + (self._clock() - self._since if self._running else 0.0)
        return breath_phase(self._breathe, into)

    def _frame(self) -> None:
        """Repaint only when what is drawn changes: a cell's eighth, the word or its seconds."""
        phase = self.phase()
        width = self._bar_width()
        drawn = (
            None
            if phase is None
            else (phase.word, round(phase.fill * width * 8), math.ceil(phase.left - 1e-9))
        )
        if drawn != self._drawn:
            self._drawn = drawn
            self.refresh()

    def _bar_width(self) -> int:
        return max(1, min(BAR_MAX_WIDTH, self.size.width - 4))

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        phase = self.phase()
        if phase is None or y > 1:
            return Strip.blank(width, self.rich_style)
        bar_width = self._bar_width()
        indent = max(0, (width - bar_width) // 2)
        if y == 0:
            seconds = math.ceil(phase.left - 1e-9)
            text = f"{phase.word}  {seconds}" if seconds > 0 else phase.word
            style = self.get_component_rich_style("pacer--word")
            left = max(0, (width - len(text)) // 2)
            segments = [Segment(" " * left), Segment(text, style)]
        else:
            style = self.get_component_rich_style("pacer--bar")
            segments = [Segment(" " * indent), Segment(bar_cells(phase.fill, bar_width), style)]
        return Strip(segments).adjust_cell_length(width, self.rich_style or Style())
