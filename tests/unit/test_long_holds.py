"""Long holds (heat for 20 minutes, a 15-minute soak) cost what short ones cost: the player wakes
the screen once a second at most however long the hold, the countdown reads in minutes and
seconds, and the halfway cue is still there. Counted on a fake clock, never timed."""

from __future__ import annotations

import pytest
from fakes import FakeClock
from textual.geometry import Size

from tui.app.widgets.countdown import best_scale, clock_text
from tui.core.durations import Hold
from tui.core.library import Library
from tui.core.paths import bundled_routines
from tui.core.player import Player
from tui.core.player_events import CueEvent
from tui.core.routine import CueSettings, Defaults, Routine, Step
from tui.core.timeline import build_timeline, segment_cues


def one_hold(seconds: int) -> Routine:
    return Routine(
        id="long",
        name="Long",
        summary="One hold.",
        areas=("lower-back",),
        steps=(Step("Heat", hold=Hold(seconds, seconds)),),
        defaults=Defaults(prep=0, rest=0, switch=0),
        cues=CueSettings(countdown=3, halfway=True),
    )


def wake_ups(seconds: int) -> tuple[list[float], list[str]]:
    """Every moment the player asks to be woken during a `seconds` hold, and the cues it gave."""
    clock = FakeClock(7_000_000.25)  # far from 0 and not on a whole second
    player = Player(build_timeline(one_hold(seconds)), clock)
    start = clock.now
    cues = [e.cue for e in player.start() if isinstance(e, CueEvent)]
    wakes: list[float] = []
    while player.state == "playing":
        wake = player.next_wakeup()
        assert wake is not None and wake > clock.now  # never a wake-up that is already due
        wakes.append(wake - start)
        clock.now = wake
        cues += [e.cue for e in player.advance() if isinstance(e, CueEvent)]
    return wakes, cues


def test_a_15_minute_hold_wakes_the_player_no_more_often_than_a_30_second_one() -> None:
    long_wakes, long_cues = wake_ups(15 * 60)
    short_wakes, short_cues = wake_ups(30)
    assert len(long_wakes) == 15 * 60 and len(short_wakes) == 30  # one a second, no more
    for wakes in (long_wakes, short_wakes):
        gaps = [b - a for a, b in zip([0.0, *wakes], wakes, strict=False)]
        assert min(gaps) == pytest.approx(1.0) and max(gaps) == pytest.approx(1.0)
    assert long_cues == short_cues == ["start", "halfway", "tick", "tick", "tick", "complete"]


def test_the_halfway_cue_of_a_long_hold_is_at_its_middle() -> None:
    timeline = build_timeline(one_hold(20 * 60))
    [hold] = timeline.segments
    cues = [(c.offset, c.cue) for c in segment_cues(hold, hold.length, ends_routine=True)]
    assert (600.0, "halfway") in cues
    assert [t for t, cue in cues if cue == "tick"] == [1197.0, 1198.0, 1199.0]


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [(20 * 60, "20:00"), (15 * 60 - 1, "14:59"), (10 * 60 + 5, "10:05"), (3600, "1:00:00")],
)
def test_the_countdown_of_a_long_hold_reads_in_minutes_and_seconds(
    seconds: int, shown: str
) -> None:
    assert clock_text(seconds) == shown


def test_minutes_and_seconds_still_fit_in_big_figures() -> None:
    assert best_scale("20:00", Size(76, 14)) >= 2  # one figure more than "0:30", still big


def test_the_bundled_heat_cold_and_soak_routines_keep_their_halfway_cue() -> None:
    library = Library.load(bundled_routines(), None)
    for routine_id in ("heat-chronic-tension", "cold-acute-flare", "warm-soak"):
        timeline = library.timeline(library.routines[routine_id])
        [hold] = [s for s in timeline.segments if s.kind == "hold"]
        assert hold.length >= 10 * 60
        cues = segment_cues(hold, hold.length)
        assert [c.offset for c in cues if c.cue == "halfway"] == [hold.length / 2], routine_id
