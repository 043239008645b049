"""History says why: when the history cannot be opened, the commands that read it say why and
where, instead of showing an empty history."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.cli.common import EXIT_PROBLEMS
from tui.cli.main import main
from tui.core.paths import Locations


@pytest.fixture
def data_is_a_file(unknot_home: Path) -> Path:
    data = Locations.current().history_file.parent
    data.parent.mkdir(parents=True, exist_ok=True)
    data.write_text("not a folder\n", encoding="utf-8")
    return data


@pytest.mark.parametrize(
    "argv", [["history"], ["history", "--json"], ["history", "--csv"], ["stats"], ["replay"]]
)
def test_a_history_that_cannot_be_opened_is_said_with_its_place(
    capsys, data_is_a_file: Path, argv: list[str]
) -> None:
    code = main(argv)
    out, err = capsys.readouterr()
    assert code == EXIT_PROBLEMS
    assert out == ""
    assert str(data_is_a_file) in err and "is a file, not a folder" in err
    assert "No sessions yet" not in out + err
    assert len(err.strip().splitlines()) == 1


def test_a_newer_history_is_said_too(capsys, unknot_home: Path) -> None:
    import sqlite3

    path = Locations.current().history_file
    path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA user_version = 999")
    db.close()
    code = main(["history"])
    err = capsys.readouterr().err
    assert code == EXIT_PROBLEMS and "newer version" in err and str(path) in err


async def test_the_history_screen_says_why_and_where(data_is_a_file: Path, tmp_path: Path) -> None:
    from tui.app.unknot import UnknotApp
    from tui.core.library import Library

    app = UnknotApp(Library.load(None, None))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        shown = str(app.screen.query_one("#history-detail-text").render())
        assert "could not be opened" in shown and "is a file, not a folder" in shown
        assert str(data_is_a_file) in shown.replace("\n", "")
