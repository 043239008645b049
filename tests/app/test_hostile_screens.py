"""Text from a file is text on the screens too: a routine, a file name and a history carrying
escape sequences and markup are shown as written, never obeyed.

Each screen is rendered by the real app and the rendered screen (its SVG export, which holds the
text of every segment as drawn) is searched for the bytes a terminal obeys.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

from tui.app.screens.caution import CautionScreen
from tui.app.screens.history import HistoryScreen
from tui.app.screens.player import PlayerScreen
from tui.app.unknot import UnknotApp
from tui.core.history import HistoryStore
from tui.core.history_rows import NewSession, SegmentRow
from tui.core.history_snapshot import Snapshot
from tui.core.library import Library

EVIL = "Evil\x1b]0;pwned\x07\x1b[2J\x1b]52;c;cHduZWQ=\x07\x9b31m\x7f"
RAW = re.compile("[\x1b\x07\x7f\x80-\x9f]")
MARKUP = "[b]Bold[/b] [@click=app.quit]quit[/]"


def toml_text(text: str) -> str:
    return '"' + "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in text) + '"'


def routine(name: str) -> str:
    return (
        f"format = 1\n[routine]\nname = {toml_text(name)}\nsummary = {toml_text(name)}\n"
        f'areas = ["neck"]\ncaution = {toml_text(name)}\n'
        f"[[steps]]\nname = {toml_text(name)}\ninstructions = {toml_text(name)}\nhold = 30\n"
    )


def seed(folder: Path) -> Library:
    (folder / "evil.toml").write_text(routine(EVIL), encoding="utf-8")
    (folder / f"odd{EVIL}.toml").write_text(routine(EVIL), encoding="utf-8")
    (folder / "markup.toml").write_text(routine(MARKUP), encoding="utf-8")
    started = datetime.now(timezone(timedelta(hours=1))) - timedelta(hours=2)
    with HistoryStore.open() as store:
        session = store.begin_session(
            NewSession(
                routine_id="evil",
                routine_name=EVIL,
                areas=("neck",),
                snapshot=Snapshot.of_text(routine(EVIL)),
                planned=60.0,
                started=started,
                routine_path=str(folder / "evil.toml"),
            ),
            [SegmentRow(0, 1, EVIL, "hold", EVIL, 1, 60.0, status="done", outcome="done")],
        )
        store.record_progress(session, actual=30.0, end_state="stopped")
    return Library.load(None, folder)


def check(app: UnknotApp, seen: list[str]) -> None:
    picture = app.export_screenshot()
    assert RAW.search(picture) is None, RAW.findall(picture)
    seen.append(picture)


async def test_no_screen_draws_a_control_character_or_obeys_markup_from_a_file(
    user_routines: Path,
) -> None:
    library = seed(user_routines)
    assert "markup" in library.routines and len(library.broken) == 2
    app = UnknotApp(library)
    seen: list[str] = []
    async with app.run_test(size=(140, 50)) as pilot:
        await pilot.pause()
        check(app, seen)  # the library, with the broken files' names and problems
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        check(app, seen)  # the history: the session's name, its steps, its side
        assert "Evil\\u001b]0;pwned" in plain(seen[-1])
        await pilot.press("d")  # delete asks first, naming the session
        await pilot.pause()
        check(app, seen)
        await pilot.press("escape")
        await pilot.pause()
        # Replayed as played, from the rows the history kept: every screen of a session.
        await pilot.press("enter")
        for _ in range(4):  # the caution, the tension rating, the player
            await pilot.pause()
            check(app, seen)
            if isinstance(app.screen, PlayerScreen):
                break
            await pilot.press("enter" if isinstance(app.screen, CautionScreen) else "s")
        assert isinstance(app.screen, PlayerScreen), app.screen_stack
        await pilot.press("q")
        await pilot.pause()
        check(app, seen)  # the question
        await pilot.press("y")
        await pilot.pause()
        check(app, seen)  # the summary
        assert "Evil\\u001b]0;pwned" in plain(seen[-1])


async def test_markup_in_a_routine_is_shown_as_written(user_routines: Path) -> None:
    library = seed(user_routines)
    app = UnknotApp(library, play=library.routines["markup"])
    async with app.run_test(size=(140, 50)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CautionScreen)
        assert "[@click=app.quit]quit[/]" in plain(app.export_screenshot())
        await pilot.press("enter", "s")
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)
        assert "[b]Bold[/b]" in plain(app.export_screenshot())


def plain(svg: str) -> str:
    return svg.replace("&#160;", " ")


async def test_the_builder_shows_a_broken_file_with_escapes_as_text(user_routines: Path) -> None:
    from tui.app.screens.builder import BuilderScreen
    from tui.app.start import file_builder_app
    from tui.core.draft import Draft

    library = seed(user_routines)
    text = (user_routines / "evil.toml").read_text(encoding="utf-8")
    draft = Draft.from_toml(text, "evil", folder=user_routines)
    app = file_builder_app(library, draft)
    seen: list[str] = []
    async with app.run_test(size=(140, 50)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, BuilderScreen)
        check(app, seen)  # the outline, the title, the problems
        app.screen.outline.highlighted = 1
        await pilot.pause()
        check(app, seen)  # the step's fields
        await pilot.press("ctrl+s")  # refused: the problems remain, and say so
        await pilot.pause()
        check(app, seen)
    assert "control character" in plain(seen[0] + seen[-1])
