"""The hold's moving parts draw exactly what Textual would draw, for less.

The sidebar's progress line draws its two lines straight from strings (Textual's path from its
text costs half a millisecond a second), and the countdown repaints only the cells that changed;
these tests hold them to the same cells and styles as the plain path, and to the figures of the
whole text.
"""

from __future__ import annotations

from rich.style import Style
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from tui.app.widgets.countdown import Countdown, Figures, block_lines
from tui.app.widgets.repaint import SteadyStatic, changed_spans
from tui.app.widgets.sidebar import ProgressLine


def cells(strip: Strip) -> list[tuple[str, Style | None]]:
    """Each cell's character and style, without Textual's selection offsets."""
    return [
        (ch, segment.style.clear_meta_and_links() if segment.style else None)
        for segment in strip
        for ch in segment.text
    ]


class Progress(App[None]):
    CSS = "ProgressLine { color: $text-accent; }"

    def compose(self) -> ComposeResult:
        yield ProgressLine()


async def test_the_progress_line_draws_what_textual_draws_from_its_text() -> None:
    app = Progress()
    async with app.run_test(size=(34, 4)) as pilot:
        line = app.query_one(ProgressLine)
        for fraction, times in [
            (0.0, "0:00 done · 2:00 left"),
            (0.43, "0:52 done · 1:08 left"),
            (1.0, "1:02:03 done · 0:00 left"),
        ]:
            line.show(fraction, times)
            await pilot.pause()
            for y in (0, 1):
                plain = cells(Widget.render_line(line, y))  # Textual's path from `render`
                fast = cells(line.render_line(y))
                assert plain and fast[: len(plain)] == plain
                assert all(ch == " " for ch, _ in fast[len(plain) :])


class Clock(App[None]):
    CSS = "Countdown { height: 1fr; }"

    def compose(self) -> ComposeResult:
        yield Countdown()


async def test_the_countdown_shows_the_figures_of_the_whole_text_in_its_two_parts() -> None:
    app = Clock()
    async with app.run_test(size=(64, 21)) as pilot:
        countdown = app.query_one(Countdown)
        for seconds in (33, 32, 30, 29, 600, 599):
            countdown.show(seconds)
            await pilot.pause()
            head, tail = countdown.query(Figures)
            scale = countdown.scale
            assert scale >= 2
            drawn = ["".join(pair).strip() for pair in zip(head.lines(), tail.lines(), strict=True)]
            whole = [line.strip() for line in block_lines(countdown.value, scale)]
            assert drawn == whole
            assert tail.look[0] == countdown.value[-1]  # the figure that moves every second


def test_changed_spans_name_the_cells_that_differ_line_by_line() -> None:
    assert changed_spans(["abc", "def"], ["abc", "dXf"]) == [(1, 1, 2)]
    assert changed_spans(["0:04 done"], ["0:05 done"]) == [(0, 3, 4)]
    assert changed_spans(["ab"], ["ab", "c"]) == [(1, 0, 1)]
    assert changed_spans(["same"], ["same"]) == []


def same_cells(ours: list[Strip], textuals: list[Strip]) -> bool:
    return [cells(strip) for strip in ours] == [cells(strip) for strip in textuals]


async def test_the_moving_parts_skip_textuals_styles_for_the_same_cells() -> None:
    """Block figures and the progress line draw their lines themselves (`plain_lines`): whole,
    and cut to a part, they are the cells Textual's styles give the same `render_line`s."""
    app = Clock()
    async with app.run_test(size=(64, 21)) as pilot:
        countdown = app.query_one(Countdown)
        for seconds in (33, 29):
            countdown.show(seconds)
            countdown.flash()  # another background: the line filters see it
            await pilot.pause()
            for figures in countdown.query(Figures):
                width, height = figures.outer_size
                for crop in (Region(0, 0, width, height), Region(1, 2, width - 2, 3)):
                    assert same_cells(figures.draw_lines(crop), Widget.render_lines(figures, crop))
            countdown.end_flash()
    app2 = Progress()
    async with app2.run_test(size=(34, 4)) as pilot:
        line = app2.query_one(ProgressLine)
        line.show(0.43, "0:52 done · 1:08 left")
        await pilot.pause()
        for crop in (Region(0, 0, 34, 2), Region(5, 1, 10, 1)):
            assert same_cells(line.draw_lines(crop), Widget.render_lines(line, crop))


class Words(App[None]):
    CSS = "SteadyStatic.-loud { color: red; text-style: bold; }"

    def compose(self) -> ComposeResult:
        yield SteadyStatic("before")


async def test_a_steady_widget_draws_again_after_any_change() -> None:
    """Its kept lines are given again only while nothing changed: new words, new styles and a
    new size each draw it afresh, as Textual's own path would."""
    app = Words()
    async with app.run_test(size=(20, 3)) as pilot:
        words = app.query_one(SteadyStatic)
        crop = Region(0, 0, 20, 1)
        first = words.render_lines(crop)
        assert words.render_lines(crop) is first  # kept: nothing changed
        words.update("after")
        await pilot.pause()
        assert "after" in "".join(ch for ch, _ in cells(words.render_lines(crop)[0]))
        plain = words.render_lines(crop)
        words.add_class("-loud")
        await pilot.pause()
        loud = words.render_lines(crop)
        assert not same_cells(loud, plain)
        assert same_cells(loud, Widget.render_lines(words, crop))
        await pilot.resize_terminal(12, 3)
        await pilot.pause()
        crop = Region(0, 0, 12, 1)
        assert same_cells(words.render_lines(crop), Widget.render_lines(words, crop))
