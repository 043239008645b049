"""The player screen, driven with the Pilot on a fake clock, as a person would use it.

The test routine (conftest.py) plays: prep 3 · hold left 20 · switch 4 · hold right 20 · rest 5 ·
a manual step · prep 3 · a 10-30 s range hold · rest 5 · the range hold again (rep 2): 120 s.
Time moves only by `drive.advance`, which wakes the screen as its timer would.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from textual.command import CommandList, CommandPalette
from textual.widgets import Static

from tui.app.screens.confirm import ConfirmScreen
from tui.app.screens.help import HelpScreen
from tui.app.screens.library import LibraryScreen
from tui.app.screens.player import PlayerScreen
from tui.app.screens.summary import SummaryScreen
from tui.app.widgets import countdown as countdown_module
from tui.app.widgets.countdown import Countdown
from tui.app.widgets.instructions import KindLabel
from tui.app.widgets.pacer import Pacer
from tui.app.widgets.sidebar import ProgressLine, ProgressSidebar, StepRow
from tui.core.trace import read_trace

if TYPE_CHECKING:
    from conftest import AppFactory, Drive


def shown(screen: Any, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def kind(screen: PlayerScreen) -> str:
    return str(screen.query_one(KindLabel).render())


def countdown(screen: PlayerScreen) -> str:
    return screen.query_one(Countdown).value


def step_classes(screen: PlayerScreen) -> dict[int, str]:
    rows = screen.query_one(ProgressSidebar).query(StepRow)
    statuses = ("done", "current", "skipped", "upcoming")
    return {
        int(str(row.id).removeprefix("step-")): next(s for s in statuses if row.has_class(f"-{s}"))
        for row in rows
    }


class Notes:
    """Records what the app tells the person, since notifications are not drawn in tests."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def __call__(self, message: str, *args: object, **kwargs: object) -> None:
        self.messages.append(str(message))


@pytest.fixture
def notes() -> Notes:
    return Notes()


def watch_notes(app: Any, notes: Notes, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(app, "notify", notes)


@pytest.fixture
def long_flash(monkeypatch: pytest.MonkeyPatch) -> None:
    """A flash lasts a moment of real time; stretched to an hour, a slow machine cannot miss it."""
    monkeypatch.setattr(countdown_module, "FLASH_SECONDS", 3600.0)


# ------------------------------------------------------------------------- before the first step


async def test_the_caution_shows_before_the_first_step_and_enter_begins(
    make_app: AppFactory, drive: Drive
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "tingles" in shown(app.screen, "#caution-text")
        screen = await drive.begin(pilot)
        assert screen.player is not None and screen.player.state == "playing"
        assert kind(screen) == "GET READY"
        assert countdown(screen) == "0:03"


async def test_escape_on_the_caution_goes_back_to_the_library_without_playing(
    make_app: AppFactory, trace_file: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
    assert not trace_file.exists()


async def test_a_routine_without_a_caution_starts_straight_away(make_app: AppFactory) -> None:
    app = make_app("plain-routine")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)
        assert kind(app.screen) == "HOLD"
        assert countdown(app.screen) == "2:00"  # minutes and seconds for a long hold


# ------------------------------------------------------------------------- every segment kind


async def test_every_kind_of_segment_shows_its_words_colour_step_side_and_rep(
    make_app: AppFactory, drive: Drive
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await drive.begin(pilot)
        assert kind(screen) == "GET READY" and screen.query_one(KindLabel).has_class("-prep")
        assert shown(screen, "#where") == "step 1 of 3 · Neck tilt"
        assert shown(screen, "#next") == "next: hold · Neck tilt · left side · 0:20"
        assert "weight of your head" in shown(screen, "#instructions")

        await drive.advance(pilot, 3)
        assert kind(screen) == "HOLD" and screen.query_one(KindLabel).has_class("-hold")
        assert countdown(screen) == "0:20"
        assert shown(screen, "#where") == "step 1 of 3 · Neck tilt · left side"

        await drive.advance(pilot, 20)
        assert kind(screen) == "SWITCH SIDES" and screen.query_one(KindLabel).has_class("-switch")
        assert shown(screen, "#where") == "step 1 of 3 · Neck tilt · now the right side"
        assert countdown(screen) == "0:04"

        await drive.advance(pilot, 24)
        assert kind(screen) == "REST" and screen.query_one(KindLabel).has_class("-rest")
        assert shown(screen, "#next") == "next: your pace · Get the ball"

        await drive.advance(pilot, 5)
        assert kind(screen) == "YOUR PACE" and screen.query_one(KindLabel).has_class("-manual")
        assert countdown(screen) == "-:--"
        assert "Enter when you are ready" in shown(screen, "#hint")

        await drive.advance(pilot, 600)  # a manual step waits, however long it takes
        assert kind(screen) == "YOUR PACE"
        assert screen.next_delay is None  # and nothing wakes the screen meanwhile
        await pilot.press("enter")
        await pilot.pause()
        assert kind(screen) == "GET READY"
        assert shown(screen, "#where") == "step 3 of 3 · Pressure point"

        await drive.advance(pilot, 3 + 30 + 5)
        assert kind(screen) == "HOLD"
        assert shown(screen, "#where") == "step 3 of 3 · Pressure point · rep 2 of 2"


async def test_enter_does_nothing_while_a_timed_segment_runs(
    make_app: AppFactory, drive: Drive
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await drive.begin(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert kind(screen) == "GET READY" and countdown(screen) == "0:03"


async def test_the_sidebar_marks_steps_done_current_and_upcoming_with_their_lengths(
    make_app: AppFactory, drive: Drive
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await drive.begin(pilot)
        assert step_classes(screen) == {1: "current", 2: "upcoming", 3: "upcoming"}
        row = str(screen.query_one("#step-1", StepRow).render())
        assert "Neck tilt" in row and "0:52" in row
        assert "your pace" in str(screen.query_one("#step-2", StepRow).render())
        await drive.advance(pilot, 52)
        assert step_classes(screen) == {1: "done", 2: "current", 3: "upcoming"}
        progress = screen.query_one(ProgressLine)
        assert progress.times == "0:52 done · 1:08 left"
        assert str(progress.render()).endswith(" 43%\n0:52 done · 1:08 left")


# ------------------------------------------------------------------------------- timing


async def test_the_screen_wakes_only_when_the_countdown_changes_or_a_cue_is_due(
    make_app: AppFactory, drive: Drive
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await drive.begin(pilot)
        assert screen.next_delay == pytest.approx(1.0)
        await drive.advance(pilot, 0.6)
        assert screen.next_delay == pytest.approx(0.4)
        assert countdown(screen) == "0:03"  # 2.4 s left shows 3: it rounds up
        await pilot.press("space")
        await pilot.pause()
        assert screen.next_delay is None  # paused: no timer at all


async def test_a_late_wake_up_catches_up_every_segment_in_order(
    make_app: AppFactory, drive: Drive, trace_file: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await drive.begin(pilot)
        await drive.advance(pilot, 30)  # one wake-up, 30 s late: prep, hold, switch all pass
        assert kind(screen) == "HOLD" and countdown(screen) == "0:17"
    kinds = [e["kind"] for e in read_trace(trace_file) if e["event"] == "segment"]
    assert kinds == ["prep", "hold", "switch", "hold"]


async def test_cues_ring_the_bell_flash_the_countdown_and_are_traced(
    make_app: AppFactory,
    drive: Drive,
    trace_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    long_flash: None,
) -> None:
    app = make_app()
    bells: list[bool] = []
    monkeypatch.setattr(app, "bell", lambda: bells.append(True))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await drive.begin(pilot)
        assert bells == [True]  # the prep cue
        assert screen.query_one(Countdown).flashing
        await drive.settle(pilot)
        await drive.advance(pilot, 3)
        assert len(bells) == 2 and screen.query_one(Countdown).flashing  # the start cue
    cues = [e for e in read_trace(trace_file) if e["event"] == "cue"]
    assert [(c["cue"], c["scheduled"], c["sound"]) for c in cues] == [
        ("prep", 0.0, "bell"),
        ("start", 3.0, "bell"),
    ]


async def test_the_terminal_title_shows_the_countdown(make_app: AppFactory, drive: Drive) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await drive.begin(pilot)
        await drive.advance(pilot, 4)
        assert screen.window_title == "0:19 hold · Neck tilt"
        await pilot.press("space")
        await pilot.pause()
        assert screen.window_title == "paused · 0:19 hold · Neck tilt"


# ------------------------------------------------------------------------------- the keys


async def test_space_pauses_unmistakably_and_resumes_where_it_was(
    make_app: AppFactory, drive: Drive, trace_file: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await drive.begin(pilot)
        await drive.advance(pilot, 5)
        await pilot.press("space")
        await pilot.pause()
        assert screen.has_class("-paused") and screen.query_one(Countdown).has_class("-paused")
        assert screen.query_one("#banner").display
        assert "PAUSED" in shown(screen, "#banner")
        await drive.advance(pilot, 60)
        assert countdown(screen) == "0:18"  # time stood still
        await pilot.press("space")
        await pilot.pause()
        assert not screen.has_class("-paused") and not screen.query_one("#banner").display
        await drive.advance(pilot, 1)
        assert countdown(screen) == "0:17"
    commands = [e["command"] for e in read_trace(trace_file) if e["event"] == "command"]
    assert commands == ["pause", "resume"]


@pytest.mark.parametrize("key", ["n", "right"])
async def test_n_or_right_skips_to_the_next_segment(
    make_app: AppFactory, drive: Drive, key: str
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await drive.begin(pilot)
        await pilot.press(key)
        await pilot.pause()
        assert kind(screen) == "HOLD" and countdown(screen) == "0:20"


@pytest.mark.parametrize("key", ["p", "left"])
async def test_p_or_left_restarts_the_segment_or_goes_back_within_3_s(
    make_app: AppFactory, drive: Drive, key: str
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await drive.begin(pilot)
        await drive.advance(pilot, 10)  # 7 s into the left hold
        await pilot.press(key)
        await pilot.pause()
        assert kind(screen) == "HOLD" and countdown(screen) == "0:20"  # restarted
        await drive.advance(pilot, 1)
        await pilot.press(key)
        await pilot.pause()
        assert kind(screen) == "GET READY"  # within 3 s of the start: the one before


async def test_plus_extends_the_hold_by_15_seconds(make_app: AppFactory, drive: Drive) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await drive.begin(pilot)
        await drive.advance(pilot, 3)
        await pilot.press("plus")
        await pilot.pause()
        assert countdown(screen) == "0:35"
        assert "+0:15 added" in shown(screen, "#hint")
        assert "1:07" in str(screen.query_one("#step-1", StepRow).render())


async def test_extend_outside_a_hold_is_refused_with_the_reason(
    make_app: AppFactory, drive: Drive, notes: Notes, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app()
    watch_notes(app, notes, monkeypatch)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await drive.begin(pilot)
        await pilot.press("plus")
        await pilot.pause()
        assert notes.messages == ["only a hold can be extended"]
        assert countdown(screen) == "0:03"


async def test_r_releases_a_range_hold_only_after_its_minimum(
    make_app: AppFactory, drive: Drive, notes: Notes, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app()
    watch_notes(app, notes, monkeypatch)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await drive.begin(pilot)
        await drive.advance(pilot, 52)
        await pilot.press("enter")  # go on from the manual step
        await drive.advance(pilot, 3 + 5)  # 5 s into the 10-30 s hold
        assert "r releases after 0:10" in shown(screen, "#hint")
        await pilot.press("r")
        await pilot.pause()
        assert notes.messages == ["release is possible after 0:10"]
        assert kind(screen) == "HOLD"
        await drive.advance(pilot, 5)
        assert "r releases now" in shown(screen, "#hint")
        await pilot.press("r")
        await pilot.pause()
        assert kind(screen) == "REST"


async def test_r_on_a_fixed_hold_says_why_not(
    make_app: AppFactory, drive: Drive, notes: Notes, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app()
    watch_notes(app, notes, monkeypatch)
    async with app.run_test(size=(100, 30)) as pilot:
        await drive.begin(pilot)
        await drive.advance(pilot, 3)
        await pilot.press("r")
        await pilot.pause()
        assert notes.messages == ["this hold has a fixed length"]


async def test_a_adds_another_spot_of_a_repeatable_step(
    make_app: AppFactory, drive: Drive, notes: Notes, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app()
    watch_notes(app, notes, monkeypatch)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await drive.begin(pilot)
        await drive.advance(pilot, 3)
        await pilot.press("a")  # Neck tilt is not repeatable
        await pilot.pause()
        assert notes.messages == ["this step is not repeatable"]
        await drive.advance(pilot, 49)
        await pilot.press("enter")
        await drive.advance(pilot, 3)
        assert "a: another spot" in shown(screen, "#hint")
        await pilot.press("a")
        await pilot.pause()
        assert notes.messages == ["this step is not repeatable"]  # nothing refused this time
        assert shown(screen, "#next") == "next: hold · Pressure point · 0:30"
        await drive.advance(pilot, 30)
        assert kind(screen) == "HOLD" and "another spot" in shown(screen, "#hint")


async def test_m_mutes_the_cues_but_not_the_flash(
    make_app: AppFactory,
    drive: Drive,
    trace_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    long_flash: None,
) -> None:
    app = make_app()
    bells: list[bool] = []
    monkeypatch.setattr(app, "bell", lambda: bells.append(True))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await drive.begin(pilot)
        await pilot.press("m")
        await pilot.pause()
        assert app.muted and shown(screen, "#sound") == "muted"
        await drive.settle(pilot)
        await drive.advance(pilot, 3)
        assert bells == [True]  # only the prep cue, from before muting
        assert screen.query_one(Countdown).flashing
        await pilot.press("m")
        await pilot.pause()
        assert not app.muted and shown(screen, "#sound") == "sound: bell"
    sounds = [e["sound"] for e in read_trace(trace_file) if e["event"] == "cue"]
    assert sounds == ["bell", "off"]


async def test_s_hides_and_shows_the_sidebar(make_app: AppFactory, drive: Drive) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await drive.begin(pilot)
        sidebar = screen.query_one(ProgressSidebar)
        assert sidebar.display and not screen.query_one("#status").display
        await pilot.press("s")
        await pilot.pause()
        assert not sidebar.display
        assert shown(screen, "#status") == "step 1 of 3 · 0:00 done · 2:00 left"
        await pilot.press("s")
        await pilot.pause()
        assert sidebar.display


async def test_the_sidebar_folds_away_by_itself_in_80_columns(
    make_app: AppFactory, drive: Drive
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await drive.begin(pilot)
        assert not screen.query_one(ProgressSidebar).display
        assert screen.query_one("#status").display
        await pilot.press("s")
        await pilot.pause()
        assert screen.query_one(ProgressSidebar).display
        await pilot.resize_terminal(200, 60)
        await pilot.pause()
        assert screen.query_one(ProgressSidebar).display


async def test_question_mark_lists_every_key_from_the_one_table(
    make_app: AppFactory, drive: Drive
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await drive.begin(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = " ".join(str(cell.render()) for cell in app.screen.query(".help-key, .help-label"))
        for words in ("Space", "n / →", "p / ←", "+15 s", "release", "another spot", "mute"):
            assert words in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)


async def test_q_asks_first_and_no_keeps_going(make_app: AppFactory, drive: Drive) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await drive.begin(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await drive.advance(pilot, 3)  # the routine runs on behind the question
        assert kind(screen) == "HOLD"
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is screen and screen.player is not None
        assert screen.player.state == "playing"


async def test_q_then_yes_stops_and_shows_the_summary(
    make_app: AppFactory, drive: Drive, trace_file: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await drive.begin(pilot)
        await drive.advance(pilot, 10)
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert shown(app.screen, "#summary-state") == "stopped"
        assert "played 0:10" in shown(app.screen, "#summary-figures")
    end = read_trace(trace_file)[-1]
    assert end == {"event": "end", "state": "stopped", "planned": 120.0, "actual": 10.0}


@pytest.mark.parametrize("key", ["question_mark", "q"])
async def test_the_end_while_help_or_the_stop_question_is_open_still_shows_the_summary(
    make_app: AppFactory, drive: Drive, key: str
) -> None:
    app = make_app("plain-routine")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("n")  # to the 16 s breathing hold, the last segment
        await pilot.press(key)
        await pilot.pause()
        assert not isinstance(app.screen, PlayerScreen)
        await drive.advance(pilot, 16)
        assert isinstance(app.screen, SummaryScreen)
        assert [type(s).__name__ for s in app.screen_stack][-2:] == [
            "LibraryScreen",
            "SummaryScreen",
        ]


async def test_the_command_palette_runs_the_same_commands(
    make_app: AppFactory, drive: Drive
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await drive.begin(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"skip")
        results = app.screen.query_one(CommandList)
        for _ in range(200):  # the palette searches in a worker: wait for its answer, bounded
            if any("skip" in str(o.prompt) for o in results.options):
                break
            await pilot.pause(0.01)
        assert "skip" in str(results.get_option_at_index(0).prompt)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert kind(screen) == "HOLD"


# ------------------------------------------------------------------------------ the end


async def test_the_end_shows_planned_against_actual_and_what_was_changed(
    make_app: AppFactory, drive: Drive, trace_file: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await drive.begin(pilot)
        await pilot.press("n")  # skip the prep
        await pilot.press("plus")  # extend the left hold
        await pilot.pause()
        await drive.advance(pilot, 35 + 4 + 20 + 5)
        await pilot.press("enter")
        await drive.advance(pilot, 3)
        await pilot.press("a")  # one more spot
        await pilot.pause()
        await drive.advance(pilot, 30 + 30 + 5 + 30)
        assert isinstance(app.screen, SummaryScreen)
        assert shown(app.screen, "#summary-state") == "completed — well done"
        figures = shown(app.screen, "#summary-figures")
        assert "planned 2:00 · played 2:42" in figures
        assert "3 of 3 steps done · 0 skipped · 1 extended · 1 added" in figures
    trace = read_trace(trace_file)
    assert trace[-1] == {"event": "end", "state": "completed", "planned": 120.0, "actual": 162.0}
    assert trace[-2]["event"] == "cue" and trace[-2]["cue"] == "complete"


async def test_enter_on_the_summary_plays_again_and_escape_goes_back_to_the_library(
    make_app: AppFactory, drive: Drive
) -> None:
    app = make_app("plain-routine")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("n", "n")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)  # again, without the caution
        assert kind(app.screen) == "HOLD" and countdown(app.screen) == "2:00"
        await pilot.press("n", "n")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)


async def test_a_breathing_hold_shows_the_breath_once_in_the_pacer(
    make_app: AppFactory, drive: Drive
) -> None:
    app = make_app("plain-routine")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        screen = drive.player(pilot)
        pacer = screen.query_one(Pacer)
        assert pacer.phase().word == "breathe in"  # type: ignore[union-attr]
        assert "breathe" not in shown(screen, "#hint")  # said once, by the pacer
        await drive.advance(pilot, 4)
        assert pacer.phase().word == "breathe out"  # type: ignore[union-attr]


async def test_no_color_keeps_every_state_readable_in_words(
    make_app: AppFactory, drive: Drive, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await drive.begin(pilot)
        assert app.no_color
        assert kind(screen) == "GET READY"
        await pilot.press("space")
        await pilot.pause()
        assert "PAUSED" in shown(screen, "#banner")


def test_only_the_digits_that_change_are_repainted_in_block_figures() -> None:
    from tui.app.widgets.countdown import block_width, changed_columns

    assert changed_columns("1:58", "1:57", 4) == (block_width("1:5", 4) + 4, block_width("1:57", 4))
    assert changed_columns("1:50", "1:49", 2) == (block_width("1:", 2) + 2, block_width("1:49", 2))
    assert changed_columns("1:00", "0:59", 3) == (0, block_width("0:59", 3))
    assert changed_columns("10:00", "9:59", 3) is None  # another length: drawn whole
