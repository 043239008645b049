"""Plain mode: one line per event, from the same player, on a fake clock with fake keys.

The plain player's waiting is its key reader, so a `FakeKeys` that moves a `FakeClock` instead of
sleeping lets a whole routine play in a blink, with keys pressed at exact playing times. The
output is compared line by line.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from fakes import FakeClock
from probes import run_alone

from tui.core.durations import Hold
from tui.core.history import HistoryStore
from tui.core.player import Player
from tui.core.recorder import SessionRecorder
from tui.core.routine import CueSettings, Defaults, Routine, Step
from tui.core.timeline import Timeline, build_timeline, cue_schedule
from tui.core.trace import TraceWriter
from tui.plain.keys import NoKeys, PosixKeys, key_names
from tui.plain.player import PlainPlayer, PlainResult
from tui.plain.run import plain_wanted
from tui.plain.words import PLAIN_KEYS, Style, elapsed_text, span_text, wants_colour
from tui.session.outputs import Recorder
from tui.session.sound import BellSound, ring_on

T0 = 52_000.25  # a monotonic clock is far from 0


class FakeKeys:
    """Keys pressed at given playing-clock offsets from T0; waiting moves the clock instead of
    sleeping. `ctrl+c` raises KeyboardInterrupt, as SIGINT does in the real reader."""

    def __init__(
        self, clock: FakeClock, presses: list[tuple[float, str]], interactive: bool = True
    ) -> None:
        self.clock = clock
        self.presses = sorted(((T0 + at, key) for at, key in presses), key=lambda p: p[0])
        self.interactive = interactive
        self.waits: list[float | None] = []

    def wait(self, timeout: float | None) -> list[str]:
        self.waits.append(timeout)
        if self.presses:
            at = self.presses[0][0]
            if timeout is None or at <= self.clock.now + timeout:
                self.clock.now = max(self.clock.now, at)
                keys = []
                while self.presses and self.presses[0][0] <= self.clock.now:
                    keys.append(self.presses.pop(0)[1])
                if "ctrl+c" in keys:
                    raise KeyboardInterrupt
                return keys
        if timeout is None:
            raise AssertionError("the player waits for a key that never comes")
        self.clock.now += timeout
        return []

    def close(self) -> None:
        pass


def routine(*steps: Step, caution: str = "", prep: int = 3, rest: int = 5) -> Routine:
    return Routine(
        id="test",
        name="Test",
        summary="A routine made in a test.",
        areas=("upper-back",),
        steps=steps,
        caution=caution,
        defaults=Defaults(prep=prep, rest=rest, switch=2),
        cues=CueSettings(countdown=3, halfway=True),
    )


def short_routine() -> Timeline:
    """Sides with a switch, a rest, a manual step, a range hold: 1:28 planned."""
    return build_timeline(
        routine(
            Step(
                "Between the shoulder blades",
                hold=Hold(30, 30),
                sides=("left", "right"),
                instructions="Lean into the wall,\n  the ball between the blades.",
            ),
            Step("Move the balls lower", manual=True, instructions="A hand lower."),
            Step("Lower back", hold=Hold(10, 15)),
        )
    )


def play(
    timeline: Timeline,
    presses: list[tuple[float, str]] | None = None,
    *,
    interactive: bool = True,
    style: Style | None = None,
    trace: TraceWriter | None = None,
    recorder: object = None,
    cues: BellSound | None = None,
) -> tuple[list[str], PlainResult, FakeKeys]:
    clock = FakeClock(T0)
    keys = FakeKeys(clock, presses or [], interactive=interactive)
    out = io.StringIO()
    plain = PlainPlayer(
        timeline,
        out=out,
        keys=keys,
        clock=clock,
        cues=cues,
        trace=trace,
        recorder=recorder,  # type: ignore[arg-type]
        style=style,
    )
    result = plain.run()
    return out.getvalue().splitlines(), result, keys


# ----------------------------------------------------------------------- the lines of a routine


def test_a_routine_without_a_keyboard_reads_one_line_per_event() -> None:
    lines, result, _ = play(short_routine(), interactive=False)
    assert lines == [
        "Test: 3 steps, 1:28 planned plus 1 at your own pace",
        "sound: off (no terminal to ring the bell on); "
        "no keyboard: the routine runs by itself, Ctrl+C stops",
        "0:00  get ready 3 s; step 1 of 3, Between the shoulder blades: "
        "Lean into the wall, the ball between the blades.",
        "0:03  hold 30 s, left side",
        "0:18  halfway",
        "0:23  10 seconds left",
        "0:33  switch sides 2 s, now the right side",
        "0:35  hold 30 s, right side",
        "0:50  halfway",
        "0:55  10 seconds left",
        "1:05  rest 5 s",
        "1:10  your pace; step 2 of 3, Move the balls lower: A hand lower. "
        "No keyboard to wait for, so it goes on by itself.",
        "1:10  get ready 3 s; step 3 of 3, Lower back",
        "1:13  hold 15 s",
        "1:28  complete: 1:28 played of 1:28 planned",
        "3 of 3 steps done",
    ]
    assert result.end_state == "completed"
    assert result.exit_code == 0


def test_the_countdown_gets_one_line_not_one_per_tick() -> None:
    """The player wakes the loop every second of the countdown; only 10 s left is said."""
    lines, _, keys = play(short_routine(), interactive=False)
    assert sum("seconds left" in line for line in lines) == 2
    assert len(keys.waits) > 60  # it did wake each second: the silence is chosen, not missed


def test_nothing_is_ever_redrawn_and_without_colour_there_is_no_escape_code() -> None:
    lines, _, _ = play(short_routine(), interactive=False, style=Style(colour=False))
    text = "\n".join(lines)
    assert "\x1b" not in text
    assert "\r" not in text


def test_on_a_colour_terminal_the_kind_words_are_bold_and_the_words_stay() -> None:
    lines, _, _ = play(short_routine(), interactive=False, style=Style(colour=True))
    assert "0:03  \x1b[1;32mhold\x1b[0m 30 s, left side" in lines
    plain = [line.replace("\x1b[1;32m", "").replace("\x1b[0m", "") for line in lines]
    assert "0:03  hold 30 s, left side" in plain


def test_colour_only_on_a_terminal_and_never_with_no_color() -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert wants_colour(Tty(), {})
    assert not wants_colour(Tty(), {"NO_COLOR": "1"})
    assert not wants_colour(Tty(), {"TERM": "dumb"})
    assert not wants_colour(io.StringIO(), {})


def test_times_and_lengths_read_well() -> None:
    assert elapsed_text(4.999) == "0:04"
    assert elapsed_text(5.0 - 1e-9) == "0:05"  # float dust is not a second early
    assert elapsed_text(3725) == "1:02:05"
    assert [span_text(s) for s in (5, 60, 90, 3900)] == ["5 s", "1 min", "1 min 30 s", "1 h 5 min"]


# ------------------------------------------------------------------------------------ the keys


def test_each_key_says_what_it_did() -> None:
    timeline = build_timeline(
        routine(
            Step("Glutes", hold=Hold(30, 30), repeatable=True),
            Step("Lower back", hold=Hold(20, 40)),
            prep=0,
            rest=0,
        )
    )
    presses = [  # seconds on the clock; after the pause, playing time is 60 s behind
        (5, "space"),  # pause at 0:05 …
        (65, "space"),  # … for a minute: playing time does not move
        (66, "plus"),  # 15 s more: the hold now lasts 45 s
        (67, "a"),  # another spot after it
        (68, "m"),
        (69, "m"),
        (70, "r"),  # refused: a fixed hold
        (70, "n"),  # skip the first hold (playing time 0:10) …
        (72, "n"),  # … and the added spot
        (75, "r"),  # too early for the range hold (3 s into it)
        (94, "r"),  # 22 s in: released
    ]
    lines, result, _ = play(timeline, presses, cues=BellSound(ring_on(io.StringIO())))
    assert lines[2:] == [
        "0:00  hold 30 s, a adds another spot; step 1 of 2, Glutes",
        "0:05  paused; space goes on",
        "0:05  going on",
        "0:06  15 s more: this hold now lasts 45 s",
        "0:07  another spot after this hold",
        "0:08  cues muted",
        "0:09  cues on",
        "0:10  release: this hold has a fixed length",
        "0:10  skipped",
        "0:10  hold 30 s, another spot, a adds another spot",
        "0:12  skipped",
        "0:12  hold up to 40 s, r releases after 20 s; step 2 of 2, Lower back",
        "0:15  release: release is possible after 0:20",
        "0:32  halfway",
        "0:34  released",
        "0:34  complete: 0:34 played of 1:10 planned",
        "1 of 2 steps done, 1 skipped, 1 extended, 1 spot added, 1 pause",
    ]
    assert result.end_state == "completed"


def test_back_restarts_and_a_new_step_says_its_instructions_again() -> None:
    timeline = build_timeline(
        routine(
            Step("One", hold=Hold(5, 5), instructions="First."),
            Step("Two", hold=Hold(5, 5), instructions="Second."),
            prep=0,
            rest=0,
        )
    )
    lines, _, _ = play(timeline, [(4, "p"), (10, "p")])
    assert lines[2:7] == [
        "0:00  hold 5 s; step 1 of 2, One: First.",
        "0:04  back",
        "0:04  hold 5 s",  # the same hold again, from 0:04
        "0:09  hold 5 s; step 2 of 2, Two: Second.",
        "0:10  back",  # within 3 s of its start: back to step one
    ]
    assert lines[7] == "0:10  hold 5 s; step 1 of 2, One: First."


def test_q_asks_first_and_y_stops_with_exit_code_0() -> None:
    timeline = build_timeline(routine(Step("Hold", hold=Hold(60, 60)), prep=0))
    lines, result, _ = play(timeline, [(3, "q"), (4, "x"), (5, "q"), (6.6, "y")])
    assert lines[3:] == [
        "0:03  stop the routine? y stops, any other key goes on",
        "0:04  going on",
        "0:05  stop the routine? y stops, any other key goes on",
        "0:06  stopped: 0:06 played of 1:00 planned",
        "0 of 1 step done",
    ]
    assert result.end_state == "stopped"
    assert result.exit_code == 0


def test_a_manual_step_waits_for_enter_with_a_keyboard() -> None:
    timeline = build_timeline(
        routine(Step("Reset", manual=True), Step("Hold", hold=Hold(5, 5)), prep=0)
    )
    lines, _, keys = play(timeline, [(0.5, "space"), (42, "enter")])
    assert lines[2:6] == [
        "0:00  your pace; step 1 of 2, Reset. Press Enter when ready.",
        "0:00  pause: this step waits for you to go on",
        "0:00  hold 5 s; step 2 of 2, Hold",  # 42 s of waiting is no playing time
        "0:05  complete: 0:05 played of 0:05 planned",
    ]
    assert keys.waits[0] is None  # it waited for a key, not for a time


def test_the_caution_comes_first_and_q_leaves_without_a_session() -> None:
    timeline = build_timeline(routine(Step("Hold", hold=Hold(5, 5)), caution="Go gently."))
    store = HistoryStore.in_memory()
    lines, result, _ = play(timeline, [(1, "q")], recorder=recorder_into(store))
    assert lines[2:] == ["caution: Go gently. Press Enter to begin, q to leave.", "not started"]
    assert result.end_state is None
    assert store.sessions() == []


def test_without_a_keyboard_the_caution_is_printed_and_play_begins() -> None:
    timeline = build_timeline(routine(Step("Hold", hold=Hold(5, 5)), caution="Go gently."))
    lines, result, _ = play(timeline, interactive=False)
    assert lines[2] == "caution: Go gently."
    assert result.end_state == "completed"


def test_the_plain_keys_are_the_full_screen_players_keys() -> None:
    """One player, two views: every command of the full-screen player is here too (the sidebar,
    which plain mode does not have, aside), on the same key."""
    from tui.app.keys import PLAYER_KEYS

    full = {b.action: set(b.key.split(",")) for b in PLAYER_KEYS}
    full.pop("toggle_sidebar")
    plain = {k.action: set(k.keys) for k in PLAIN_KEYS}
    assert set(full) == set(plain)
    for action, keys in full.items():
        assert keys <= plain[action], action


# ---------------------------------------------------------------------- trace, cues and history


def test_the_trace_has_every_event_and_each_cue_where_the_timeline_puts_it(
    tmp_path: Path,
) -> None:
    timeline = short_routine()
    path = tmp_path / "trace.jsonl"
    with TraceWriter(path) as trace:
        play(timeline, interactive=False, trace=trace, cues=BellSound(ring_on(io.StringIO())))
    from tui.core.trace import read_trace

    lines = read_trace(path)
    cues = [(line["cue"], line["scheduled"]) for line in lines if line["event"] == "cue"]
    assert cues == [(cue.cue, cue.offset) for cue in cue_schedule(timeline)]
    assert {line["sound"] for line in lines if line["event"] == "cue"} == {"bell"}
    segments = [line["index"] for line in lines if line["event"] == "segment"]
    assert segments == list(range(len(timeline.segments)))
    assert lines[-1] == {"event": "end", "state": "completed", "planned": 88.0, "actual": 88.0}


def test_the_trace_is_what_the_player_itself_says(tmp_path: Path) -> None:
    """Not a second implementation: driving a Player directly at the same moments gives the
    same trace lines as the plain player."""
    timeline = short_routine()
    plain_path, direct_path = tmp_path / "plain.jsonl", tmp_path / "direct.jsonl"
    with TraceWriter(plain_path) as trace:
        _, _, keys = play(timeline, interactive=False, trace=trace)
    clock = FakeClock(T0)
    player = Player(timeline, clock)
    with TraceWriter(direct_path) as trace:
        events = player.start()
        for timeout in keys.waits:  # the plain loop: go on from a manual step, wait, advance
            if player.state == "waiting":
                events += player.go_on().events
            clock.now += timeout or 0
            events += player.advance()
        for event in events:
            trace.write(event, sound="off")
    assert plain_path.read_text() == direct_path.read_text()


def test_muting_turns_the_trace_sound_off() -> None:
    timeline = build_timeline(routine(Step("Hold", hold=Hold(5, 5)), prep=0))
    out = io.StringIO()
    trace = TraceWriter(out)
    play(timeline, [(1, "m")], trace=trace, cues=BellSound(ring_on(io.StringIO())))
    import json

    sounds = [json.loads(x)["sound"] for x in out.getvalue().splitlines() if '"cue"' in x]
    assert sounds == ["bell", "off", "off", "off", "off"]  # start, ticks at 2 3 4, complete


def recorder_into(store: HistoryStore) -> object:
    def begin(player: Player) -> Recorder:
        return SessionRecorder.begin(store, player)

    return begin


def test_a_plain_session_is_kept_in_the_history_as_completed() -> None:
    store = HistoryStore.in_memory()
    play(short_routine(), interactive=False, recorder=recorder_into(store))
    (session,) = store.sessions()
    assert (session.routine_id, session.state, session.actual) == ("test", "completed", 88.0)
    detail = store.session(session.id)
    assert detail is not None
    assert [row.status for row in detail.segments] == ["done"] * len(short_routine().segments)


def test_ctrl_c_stops_cleanly_records_stopped_and_exits_130(tmp_path: Path) -> None:
    store = HistoryStore.in_memory()
    path = tmp_path / "trace.jsonl"
    with TraceWriter(path) as trace:
        lines, result, _ = play(
            short_routine(), [(20, "ctrl+c")], recorder=recorder_into(store), trace=trace
        )
    assert lines[-2:] == ["0:20  stopped: 0:20 played of 1:28 planned", "0 of 3 steps done"]
    assert result.interrupted and result.exit_code == 130
    (session,) = store.sessions()
    assert (session.state, session.actual) == ("stopped", 20.0)
    from tui.core.trace import read_trace

    assert read_trace(path)[-2:] == [
        {"event": "command", "command": "stop", "actual": 20.0},
        {"event": "end", "state": "stopped", "planned": 88.0, "actual": 20.0},
    ]


def test_ctrl_c_while_a_line_is_written_is_held_until_the_writes_are_done() -> None:
    """The signal may come at any moment; it cuts in only where the player waits, so a trace or
    history write is never left half done (the session would read as interrupted)."""

    class Interrupting(io.StringIO):
        plain: PlainPlayer

        def write(self, text: str) -> int:
            if text.startswith("0:03  hold"):
                self.plain.interrupt()  # what the SIGINT handler calls; it must not raise here
            return super().write(text)

    store = HistoryStore.in_memory()
    clock = FakeClock(T0)
    out = Interrupting()
    out.plain = PlainPlayer(
        short_routine(),
        out=out,
        keys=FakeKeys(clock, [], interactive=False),
        clock=clock,
        recorder=recorder_into(store),  # type: ignore[arg-type]
    )
    result = out.plain.run()
    lines = out.getvalue().splitlines()
    assert lines[-3:] == [
        "0:03  hold 30 s, left side",
        "0:03  stopped: 0:03 played of 1:28 planned",
        "0 of 3 steps done",
    ]
    assert result.interrupted and result.exit_code == 130
    (session,) = store.sessions()
    assert (session.state, session.actual) == ("stopped", 3.0)


def test_a_second_ctrl_c_does_not_wait() -> None:
    clock = FakeClock(T0)
    plain = PlainPlayer(short_routine(), out=io.StringIO(), keys=FakeKeys(clock, []), clock=clock)
    plain.interrupt()  # held: nothing is waiting
    with pytest.raises(KeyboardInterrupt):
        plain.interrupt()


def test_when_the_reader_of_the_output_leaves_the_session_stops_and_is_kept(
    tmp_path: Path,
) -> None:
    class Closing(io.StringIO):
        """`unknot play … --plain | head -4`: the fifth line finds the pipe closed."""

        def write(self, text: str) -> int:
            if self.getvalue().count("\n") >= 4:
                raise BrokenPipeError
            return super().write(text)

    store = HistoryStore.in_memory()
    clock = FakeClock(T0)
    path = tmp_path / "trace.jsonl"
    with TraceWriter(path) as trace:
        plain = PlainPlayer(
            short_routine(),
            out=Closing(),
            keys=FakeKeys(clock, [], interactive=False),
            clock=clock,
            trace=trace,
            recorder=recorder_into(store),  # type: ignore[arg-type]
        )
        result = plain.run()
    assert result.reader_left and result.end_state == "stopped" and not result.interrupted
    (session,) = store.sessions()
    assert (session.state, session.actual) == ("stopped", 18.0)  # at the halfway line
    from tui.core.trace import read_trace

    assert read_trace(path)[-1]["state"] == "stopped"


def test_a_history_notice_is_said_once() -> None:
    class Notice:
        message = "history is kept in memory only"

    class NoticingRecorder:
        def __init__(self) -> None:
            self.notice: Notice | None = Notice()

        def take_notice(self) -> Notice | None:
            notice, self.notice = self.notice, None
            return notice

        def observe(self, events: object, now: float | None = None) -> None:
            pass

        def close(self, now: float | None = None) -> None:
            pass

    timeline = build_timeline(routine(Step("Hold", hold=Hold(5, 5)), prep=0))
    lines, _, _ = play(timeline, interactive=False, recorder=lambda player: NoticingRecorder())
    assert lines.count("history: history is kept in memory only") == 1


# ------------------------------------------------------------------------ choosing plain mode


class _Stream(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty


@pytest.mark.parametrize(
    ("flag", "tty", "env", "wanted"),
    [
        (True, True, {}, True),
        (False, True, {}, False),
        (False, False, {}, True),  # output to a file or a pipe
        (False, True, {"UNKNOT_PLAIN": "1"}, True),
        (False, True, {"UNKNOT_PLAIN": "0"}, False),
    ],
)
def test_plain_mode_is_chosen_by_flag_environment_or_a_non_terminal(
    flag: bool, tty: bool, env: dict[str, str], wanted: bool
) -> None:
    assert plain_wanted(flag, _Stream(tty), env) is wanted


# --------------------------------------------------------------------------- the key reader


def test_key_names_are_the_players_names() -> None:
    assert key_names(" \r+nQ?\x1b[C\x1b[D\x1bOC") == [
        "space",
        "enter",
        "plus",
        "n",
        "q",
        "question_mark",
        "right",
        "left",
        "right",
    ]
    assert key_names("\x1b[1;5Cn") == ["escape", "n"]  # an unknown sequence is no key of its own
    with pytest.raises(KeyboardInterrupt):
        key_names("\x03")


def test_without_a_terminal_waiting_is_sleeping() -> None:
    slept: list[float] = []
    keys = NoKeys(sleep=slept.append)
    assert not keys.interactive
    assert keys.wait(0.5) == []
    assert slept == [0.5]


@pytest.mark.skipif(os.name != "posix", reason="termios is POSIX only")
def test_the_terminal_reads_single_keys_and_is_restored() -> None:
    import pty
    import termios

    master, slave = pty.openpty()
    try:
        before = termios.tcgetattr(slave)
        with os.fdopen(os.dup(slave), "r") as stream:
            keys = PosixKeys(stream)
            during = termios.tcgetattr(slave)
            assert not during[3] & termios.ICANON and not during[3] & termios.ECHO
            assert keys.wait(0.01) == []
            os.write(master, b" n")
            assert keys.wait(1.0) == ["space", "n"]
            keys.close()
            keys.close()  # twice is harmless
        assert termios.tcgetattr(slave) == before
    finally:
        os.close(master)
        os.close(slave)


@pytest.mark.slow
def test_the_plain_modules_import_without_textual() -> None:
    done = run_alone("tui.plain", "tui.plain.keys", "tui.plain.run")
    assert done.returncode == 0, done.stderr


def test_plain_mode_leaves_a_steps_figure_out() -> None:
    """A figure is a picture for the full-screen player; plain mode stays one line an event."""
    timeline = build_timeline(
        routine(Step("Knee to chest", hold=Hold(10, 10), sides=("left",), figure="knee-to-chest"))
    )
    lines, _, _ = play(timeline, interactive=False)
    assert lines
    assert not any(0x2800 <= ord(char) <= 0x28FF for line in lines for char in line)


def test_a_change_of_position_is_said_before_it_comes() -> None:
    timeline = build_timeline(
        routine(
            Step("Doorway stretch", hold=Hold(10, 10), position="standing"),
            Step("Onto the mat", manual=True, position="hands-and-knees"),
            Step("Cat-cow", hold=Hold(10, 10), position="hands-and-knees"),
            Step("Knee to chest", hold=Hold(10, 10), position="lying"),
        )
    )
    lines, _, _ = play(timeline, interactive=False)
    moves = [line for line in lines if "next:" in line]
    assert len(moves) == 2, lines
    assert moves[0].split("; next: ")[-1] == "onto hands and knees"
    assert "rest" in moves[0]  # said as the rest before the move begins
    assert moves[1].split("; next: ")[-1] == "down to lying"
