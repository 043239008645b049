"""One second of a hold in a real terminal: every part that moves has moved.

The player repaints only the cells that change (tui/app/widgets/repaint.py), so this checks,
on tmux's own copy of the screen, that nothing was left behind: from one second of a hold to
the next, the big countdown, the overall bar and its percent, the time done and left, and the
terminal's title all show the new second. How much that costs is measured by
benchmarks/bench_hold.py, not here.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from tests.e2e.test_tmux_play import UNKNOT, Pane, needs_play, needs_tmux

pytestmark = pytest.mark.slow

# Twenty seconds in all, so that the bar (28 cells wide in the sidebar) moves every second.
ROUTINE = """\
format = 1

[routine]
name = "One second"
summary = "A hold to watch."
areas = ["neck"]

[defaults]
prep = 0

[[steps]]
name = "Long hold"
hold = 20
"""


def steady(pane: Pane, clock: str, timeout: float = 20.0) -> tuple[str, str]:
    """The screen and title while the title shows `clock` (read twice around the screen, so
    both belong to the same second), once the screen has drawn that second too: the title is
    sent just after its frame, and a capture can fall between a frame and the next title."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        before = pane.title()
        screen = pane.screen()
        drawn = f"{clock.split()[0]} left" in screen
        if before.startswith(clock) and pane.title() == before and drawn:
            return screen, before
        time.sleep(0.02)
    pytest.fail(f"the title never showed {clock}; the screen was:\n{pane.screen()}")


def lines_with(screen: str, mark: str) -> list[str]:
    return [line for line in screen.splitlines() if mark in line]


@needs_tmux
@needs_play
def test_a_second_of_a_hold_moves_the_countdown_bar_times_and_title(tmp_path: Path) -> None:
    routine = tmp_path / "one-second.toml"
    routine.write_text(ROUTINE, encoding="utf-8")
    # COLUMNS and LINES as the pane's: Textual believes them over the terminal, and the test
    # process may carry another size in them.
    env = {
        "UNKNOT_HOME": str(tmp_path / "home"),
        "TERM": "xterm-256color",
        "COLUMNS": "100",
        "LINES": "30",
    }
    if "PATH" in os.environ:
        env["PATH"] = os.environ["PATH"]
    pane = Pane([str(UNKNOT), "play", str(routine)], env, (100, 30))
    try:
        first, first_title = steady(pane, "0:15 hold")
        second, second_title = steady(pane, "0:14 hold")
    finally:
        pane.close()

    assert first_title.startswith("0:15 hold · Long hold")
    assert second_title.startswith("0:14 hold · Long hold")
    assert "steps" in first, first  # the sidebar is shown at 100 columns

    # The big countdown: its figures (drawn in blocks) are not the same picture.
    figures = [lines_with(screen, "█") for screen in (first, second)]
    assert figures[0] and figures[1] and figures[0] != figures[1]

    # The time done and left, in the sidebar.
    assert lines_with(first, "0:05 done · 0:15 left")
    assert lines_with(second, "0:06 done · 0:14 left")

    # The overall bar: its percent and its filled cells.
    bars = [lines_with(screen, "%")[-1] for screen in (first, second)]
    assert "25%" in bars[0] and "30%" in bars[1]
    assert bars[1].count("━") > bars[0].count("━")
