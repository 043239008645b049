"""Long routines cost what short ones cost: after each part the player refreshes only the
segments and steps that changed, and the views never walk the whole routine per part.

The timing itself is measured by `make bench` (benchmarks/bench_long.py); these tests check the
shape that makes it hold, so they cannot flake on a busy machine.
"""

from __future__ import annotations

from fakes import FakeClock

from tui.core.durations import Hold
from tui.core.player import Player
from tui.core.routine import Routine, Step
from tui.core.timeline import build_timeline


def long_timeline(steps: int):
    routine = Routine(
        "long",
        "Long",
        "Many holds.",
        ("neck",),
        tuple(Step(f"Hold {n}", Hold(1, 1), prep=0, rest=0) for n in range(1, steps + 1)),
    )
    return build_timeline(routine)


def test_a_part_refreshes_only_the_segments_around_it() -> None:
    clock = FakeClock(0.0)
    player = Player(long_timeline(3000), clock=clock)
    player.start()
    before = player.segments
    clock.advance(1.0)
    player.advance()
    after = player.segments
    changed = [k for k, (a, b) in enumerate(zip(before, after, strict=True)) if a is not b]
    assert changed and max(changed) - min(changed) <= 3, changed
    assert after[1].status == "current" and after[0].status == "done"


def test_a_skip_moves_every_later_segment_and_they_are_all_seen() -> None:
    clock = FakeClock(0.0)
    player = Player(long_timeline(50), clock=clock)
    player.start()
    clock.advance(0.4)
    player.skip()
    segments = player.segments
    assert segments[1].start == 0.4
    assert [s.start for s in segments[2:5]] == [1.4, 2.4, 3.4]
    assert segments[-1].end == 49.4
    assert [s.index for s in segments] == list(range(50))


def test_another_spot_renumbers_what_follows() -> None:
    routine = Routine(
        "r",
        "R",
        "S.",
        ("neck",),
        tuple(Step(f"S{n}", Hold(5, 5), prep=0, rest=0, repeatable=True) for n in range(1, 5)),
    )
    clock = FakeClock(0.0)
    player = Player(build_timeline(routine), clock=clock)
    player.start()
    player.another_spot()
    segments = player.segments
    assert [s.index for s in segments] == list(range(5))
    assert [s.start for s in segments] == [0, 5, 10, 15, 20]
    assert segments[1].added and player.record().added == 1


def test_the_progress_counts_follow_each_part() -> None:
    clock = FakeClock(0.0)
    player = Player(long_timeline(20), clock=clock)
    player.start()
    for _ in range(5):
        clock.advance(1.0)
        player.advance()
    clock.advance(0.2)
    player.skip()
    record = player.record()
    assert (record.steps_done, record.steps_skipped) == (5, 1)
    assert [p.status for p in player.step_progress()[:8]] == [
        "done",
        "done",
        "done",
        "done",
        "done",
        "skipped",
        "current",
        "upcoming",
    ]
