"""The session pipeline's own threads: the history writer and the sound's set-up.

The history is a real SQLite file under UNKNOT_HOME, locked by a second real connection, as
another process would; only the busy timeout is made short, so a failed save and its retry take
a moment instead of fifteen seconds.
"""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

import pytest
from fakes import FakeClock

from tui.core import history_file
from tui.core.durations import Hold
from tui.core.history import HistoryStore
from tui.core.paths import Locations
from tui.core.player import Player
from tui.core.routine import Defaults, Routine, Step
from tui.core.timeline import Timeline, build_timeline
from tui.plain.player import PlainPlayer
from tui.session import history_writer
from tui.session.history_writer import HistoryWriter
from tui.session.outputs import Notices, SessionOut, open_session
from tui.session.sound import BellSound, SessionSound, ring_on


def timeline() -> Timeline:
    """prep 2 · hold 5 · rest 3 · prep 2 · hold 5 = 17 s."""
    return build_timeline(
        Routine(
            id="writer-test",
            name="Writer test",
            summary="Two holds.",
            areas=("neck",),
            steps=(Step("One", hold=Hold(5, 5)), Step("Two", hold=Hold(5, 5))),
            defaults=Defaults(prep=2, rest=3, switch=2),
        )
    )


def play_through(writer_for: type[HistoryWriter], said: list[str]) -> HistoryWriter:
    clock = FakeClock()
    player = Player(timeline(), clock=clock)
    writer = writer_for(player, HistoryStore.open, say=said.append)
    writer.observe(player.start())
    while player.state != "finished":
        clock.advance(player.remaining())
        writer.observe(player.advance())
    writer.close()
    return writer


def test_segments_saved_behind_a_lock_are_all_written_once_it_goes(
    unknot_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(history_file, "BUSY_TIMEOUT", 0.1)
    monkeypatch.setattr(history_writer, "RETRY_SECONDS", 0.05)
    with HistoryStore.open():
        pass
    other = sqlite3.connect(Locations.current().history_file, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another process holds the write lock
    said: list[str] = []
    writer = play_through(HistoryWriter, said)  # returns at once: nothing waits for the lock
    assert not writer.wait(0.3)  # still trying
    other.execute("COMMIT")
    other.close()
    assert writer.wait(10)
    with HistoryStore.open(create=False) as store:
        (session,) = store.sessions()
        assert session.state == "completed" and session.actual == 17.0
        detail = store.session(session.id)
        assert detail is not None
        assert [(row.position, row.status) for row in detail.segments] == [
            (0, "done"),
            (1, "done"),
            (2, "done"),
            (3, "done"),
            (4, "done"),
        ]
    failures = [line for line in said if "could not be saved" in line]
    assert len(failures) == 1 and failures[0].startswith("history: ")  # said once, not per retry


def test_without_a_history_plain_mode_plays_and_says_why_once(
    unknot_home: Path,
) -> None:
    (unknot_home / "data").write_text("", encoding="utf-8")  # a file where the folder should be
    session = open_session(timeline(), ring=None)
    out = io.StringIO()

    class NoKeys:
        interactive = False

        def wait(self, timeout: float | None) -> list[str]:
            clock.advance(timeout or 0)
            return []

    clock = FakeClock()
    plain = PlainPlayer(timeline(), out=out, keys=NoKeys(), clock=clock, session=session)
    plain.run()
    assert plain.end_session(ended=True, timeout=10)  # a notice that came late is said here
    said = [line for line in out.getvalue().splitlines() if line.startswith("history: ")]
    assert len(said) == 1
    assert said[0].startswith("history: Your history at ") and "is a file" in said[0]


def test_a_sound_that_cannot_start_leaves_the_bell_and_says_why() -> None:
    notices = Notices()

    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("no audio device")

    rung = io.StringIO()
    sound = SessionSound(
        ring_on(rung), say=lambda line: notices(f"sound: {line}"), make_audio=broken
    )  # type: ignore[arg-type]
    sound.start(timeline())
    assert sound.ready.wait(10)
    assert sound.label == "sound: bell"
    out = SessionOut(sound, notices=notices)
    assert out.take_notices() == [
        "sound: the audio could not start (RuntimeError: no audio device); the bell stands in"
    ]
    assert isinstance(sound.bell, BellSound)


def test_a_cue_due_before_the_sound_is_ready_sounds_once_it_is_and_the_trace_keeps_its_order(
    tmp_path: Path,
) -> None:
    import threading

    from tui.audio.session import AudioOut
    from tui.core.config import SoundConfig
    from tui.core.trace import TraceWriter, read_trace

    go = threading.Event()

    def slow_set_up(config: object, **options: object) -> AudioOut:
        assert go.wait(10)  # the set-up (config, probe, pydub) still under way
        return AudioOut.for_session(SoundConfig(backend="bell"), **options)  # type: ignore[arg-type]

    rung = io.StringIO()
    notices = Notices()
    sound = SessionSound(ring_on(rung), say=notices, make_audio=slow_set_up)
    sound.start(timeline())
    trace_path = tmp_path / "trace.jsonl"
    out = SessionOut(sound, TraceWriter(trace_path), notices=notices)
    clock = FakeClock()
    player = Player(timeline(), clock=clock)
    out.handle(player.start(), clock())  # the get-ready's cue, due now
    assert rung.getvalue() == ""  # held for the chain, not rung as a stand-in
    assert '"cue"' not in trace_path.read_text()  # its line waits for the word of what sounded it
    go.set()
    assert sound.ready.wait(10)
    assert rung.getvalue() == "\a"  # sounded by the chain once it was ready
    clock.advance(player.remaining())
    out.handle(player.advance(), clock())  # the hold begins
    out.close(clock(), ended=False)
    lines = read_trace(trace_path)
    assert [(line["event"], line.get("sound")) for line in lines] == [
        ("segment", None),
        ("cue", "bell"),
        ("segment", None),
        ("cue", "bell"),
    ]
