"""The figure of the pose in the player: shown from 100×30 in the room the countdown leaves,
the coming hold's during get-ready, mirrored for the other side, drawn once a step, and never at
the cost of the countdown's size."""

from __future__ import annotations

from pathlib import Path

import pytest
from fakes import FakeClock
from textual.pilot import Pilot

from tui.app.screens.player import PlayerScreen
from tui.app.screens.summary import SummaryScreen
from tui.app.unknot import UnknotApp
from tui.app.widgets.countdown import Countdown
from tui.app.widgets.figure import FigurePane, clock_texts, room_beside, room_under
from tui.core import figures
from tui.core.library import Library

# prep 3 · left 20 · switch 4 · right 20 · rest 5 · manual · prep 3 · hold 30 · rest 5 ·
# prep 3 · hold 15 (no figure)
ROUTINE = """\
format = 1

[routine]
name = "Figure routine"
summary = "Poses with pictures, and one without."
areas = ["lower-back"]

[defaults]
prep = 3
rest = 5
switch = 4

[[steps]]
name = "Knee to chest"
instructions = "Hug the knee of the side shown toward your chest, the other foot down."
hold = 20
sides = ["left", "right"]
figure = "knee-to-chest"

[[steps]]
name = "Come onto hands and knees"
instructions = "Hands under your shoulders, knees under your hips."
manual = true
figure = "hands-and-knees"

[[steps]]
name = "Standing side stretch"
instructions = "Reach one arm over your head and lean gently away from it."
hold = 30
figure = "standing-side-stretch"

[[steps]]
name = "Shake it out"
instructions = "Let your arms hang and shake them loosely."
hold = 15
"""

# (seconds to move on, or a key) from the first prep to the last hold.
MOVES: tuple[float | str, ...] = (1.0, 2.0, 10.0, 10.0, 2.0, 2.0, 10.0, 10.0, 5.0, "enter", 3.0)
MOVES += (15.0, 15.0, 5.0, 3.0, 10.0)


def library_of(folder: Path, text: str) -> Library:
    folder.mkdir()
    (folder / "figure-routine.toml").write_text(text, encoding="utf-8")
    library = Library.load(None, folder)
    assert not library.broken, [p for f in library.broken for p in f.problems]
    return library


@pytest.fixture
def library(tmp_path: Path) -> Library:
    return library_of(tmp_path / "with", ROUTINE)


def app_for(library: Library, clock: FakeClock) -> UnknotApp:
    return UnknotApp(library, clock=clock, play=library.routines["figure-routine"])


async def start(pilot: Pilot[object]) -> PlayerScreen:
    await pilot.pause()
    await pilot.press("enter")  # past the caution-free start: the first prep
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, PlayerScreen)
    return screen


async def move(pilot: Pilot[object], clock: FakeClock, step: float | str) -> None:
    if isinstance(step, str):
        await pilot.press(step)
    else:
        clock.now += step
        screen = pilot.app.screen
        if isinstance(screen, PlayerScreen):
            screen.tick()
    await pilot.pause()


def drawn(screen: PlayerScreen) -> list[FigurePane]:
    return [pane for pane in screen.query(FigurePane) if pane.display]


def pane_lines(pane: FigurePane) -> list[str]:
    return str(pane.render()).splitlines()


async def test_get_ready_shows_the_coming_hold_and_a_switch_the_other_side(
    library: Library,
) -> None:
    clock = FakeClock(1000.0)
    async with app_for(library, clock).run_test(size=(100, 30)) as pilot:
        screen = await start(pilot)
        assert screen.player.current.kind == "prep"
        (pane,) = drawn(screen)
        size = pane.content_size
        assert pane_lines(pane) == figures.draw("knee-to-chest", size.width, size.height, "left")
        for step in (3.0, 20.0):  # into the left hold, then the switch
            await move(pilot, clock, step)
        assert screen.player.current.kind == "switch"
        (pane,) = drawn(screen)
        size = pane.content_size
        assert pane_lines(pane) == figures.draw("knee-to-chest", size.width, size.height, "right")
        assert pane_lines(pane) != figures.draw("knee-to-chest", size.width, size.height, "left")


async def test_a_figure_is_drawn_once_a_step_not_once_a_second(library: Library) -> None:
    clock = FakeClock(1000.0)
    async with app_for(library, clock).run_test(size=(100, 30)) as pilot:
        screen = await start(pilot)
        await move(pilot, clock, 3.0)  # the left hold begins
        (pane,) = drawn(screen)
        before = pane.draws
        for _ in range(15):
            await move(pilot, clock, 1.0)
        assert screen.player.current.kind == "hold"
        assert pane.draws == before


async def test_a_manual_step_shows_its_figure_where_the_countdown_would_be(
    library: Library,
) -> None:
    clock = FakeClock(1000.0)
    async with app_for(library, clock).run_test(size=(100, 30)) as pilot:
        screen = await start(pilot)
        for step in MOVES[:9]:
            await move(pilot, clock, step)
        assert screen.player.current.kind == "manual"
        (pane,) = drawn(screen)
        size = pane.content_size
        assert size.height >= 8
        assert pane_lines(pane) == figures.draw("hands-and-knees", size.width, size.height)


@pytest.mark.parametrize("size", [(99, 30), (100, 29), (80, 24)])
async def test_a_terminal_under_100_by_30_shows_no_figure(
    library: Library, size: tuple[int, int]
) -> None:
    clock = FakeClock(1000.0)
    async with app_for(library, clock).run_test(size=size) as pilot:
        screen = await start(pilot)
        await move(pilot, clock, 3.0)
        assert drawn(screen) == []


async def test_a_step_without_a_figure_shows_none(library: Library) -> None:
    clock = FakeClock(1000.0)
    async with app_for(library, clock).run_test(size=(120, 36)) as pilot:
        screen = await start(pilot)
        for step in MOVES:
            await move(pilot, clock, step)
        assert screen.player.current.played.name == "Shake it out"
        assert drawn(screen) == []


@pytest.mark.parametrize("size", [(100, 30), (120, 36), (160, 48), (200, 60)])
async def test_the_countdown_is_as_big_as_it_is_without_figures(
    tmp_path: Path, library: Library, size: tuple[int, int]
) -> None:
    """At every moment of the routine, the countdown is drawn at the same scale with the
    figures as without them (the same routine with its figure lines taken out)."""
    bare_text = "\n".join(line for line in ROUTINE.splitlines() if not line.startswith("figure"))
    bare = library_of(tmp_path / "bare", bare_text)
    scales: dict[str, list[tuple[str, int]]] = {}
    shown_any = False
    for name, lib in (("with", library), ("bare", bare)):
        clock = FakeClock(1000.0)
        async with app_for(lib, clock).run_test(size=size) as pilot:
            screen = await start(pilot)
            seen = []
            for step in MOVES:
                await move(pilot, clock, step)
                countdown = screen.query_one(Countdown)
                seen.append((countdown.value, countdown.scale))
                shown_any |= bool(drawn(screen))
            scales[name] = seen
    assert shown_any
    assert scales["with"] == scales["bare"]


async def test_the_summary_leaves_the_figure_out(library: Library) -> None:
    clock = FakeClock(1000.0)
    async with app_for(library, clock).run_test(size=(100, 30)) as pilot:
        await start(pilot)
        for step in (*MOVES, 20.0):
            await move(pilot, clock, step)
        assert isinstance(pilot.app.screen, SummaryScreen)
        assert not list(pilot.app.screen.query(FigurePane))


def test_the_room_a_figure_gets_leaves_the_digits_their_size() -> None:
    from textual.geometry import Size

    from tui.app.widgets.countdown import best_scale, block_height, block_width

    for band in (Size(64, 17), Size(124, 36), Size(84, 24), Size(100, 20)):
        for length in (5, 45, 600, 3600):
            texts = clock_texts(length)
            beside, under = room_beside(band, texts), room_under(band, texts)
            for text in texts:
                scale = best_scale(text, Size(band.width, band.height - 2))
                assert best_scale(text, Size(band.width - beside, band.height - 2)) == scale
                assert best_scale(text, Size(band.width, band.height - 2 - under)) == scale
                # And not a column or a line less than it could be.
                assert block_width(text, scale) <= band.width - beside
                assert block_height(scale) <= band.height - 2 - under
