"""The player's widgets keep the lines they drew (tui/app/widgets/repaint.SteadyLines) and hand
them out again while nothing changed: after every kind of change a hold can see (a second, a
pause, the sidebar, the help over it, a new theme, another size), each of them still gives the
lines Textual's own path draws for it now.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.style import Style
from textual.geometry import Region
from textual.pilot import Pilot
from textual.strip import Strip
from textual.widget import Widget

from tui.app.screens.player import PlayerScreen
from tui.app.widgets.repaint import SteadyLines

if TYPE_CHECKING:
    from conftest import AppFactory, Drive


def cells(strips: list[Strip]) -> list[list[tuple[str, Style | None]]]:
    """Each cell's character and style, without Textual's mouse offsets."""
    return [
        [
            (ch, segment.style.clear_meta_and_links() if segment.style else None)
            for segment in strip
            for ch in segment.text
        ]
        for strip in strips
    ]


def stale(screen: PlayerScreen) -> list[str]:
    """The steady widgets on screen whose kept lines differ from what Textual draws now."""
    found = []
    for widget in [screen, *screen.walk_children(Widget)]:
        if not isinstance(widget, SteadyLines) or not widget.display:
            continue
        try:
            placed = screen.find_widget(widget)
        except Exception:  # not on screen (folded away, off the visible part)
            continue
        visible = placed.region.intersection(placed.clip)
        if not visible:
            continue
        crop = Region(visible.x - placed.region.x, visible.y - placed.region.y, *visible.size)
        kept = widget.render_lines(crop)
        if cells(kept) != cells(Widget.render_lines(widget, crop)):
            found.append(repr(widget))
    return found


async def shown_everywhere(pilot: Pilot[object], drive: Drive) -> list[str]:
    await pilot.pause()
    return stale(drive.player(pilot))


async def test_every_kept_line_is_what_textual_draws_after_each_change(
    make_app: AppFactory, drive: Drive
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await drive.begin(pilot)
        assert await shown_everywhere(pilot, drive) == []
        for seconds in (1, 1, 2, 1):  # the get-ready, then into the hold
            await drive.advance(pilot, seconds)
            assert await shown_everywhere(pilot, drive) == []
        await pilot.press("space")  # paused: the countdown dims, the banner shows
        assert await shown_everywhere(pilot, drive) == []
        await pilot.press("space")
        await pilot.press("s")  # the sidebar folds away, the status line shows
        assert await shown_everywhere(pilot, drive) == []
        await pilot.press("s")
        await pilot.press("question_mark")  # the help over the player
        assert await shown_everywhere(pilot, drive) == []
        await pilot.press("escape")
        app.theme = "textual-light"
        assert await shown_everywhere(pilot, drive) == []
        await pilot.resize_terminal(120, 40)
        assert await shown_everywhere(pilot, drive) == []
        await drive.advance(pilot, 1)
        assert await shown_everywhere(pilot, drive) == []
        assert screen.player is not None and screen.player.state == "playing"
