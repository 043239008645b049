"""The trace: one JSON object a line, exactly the keys DESIGN.md gives, flushed line by line."""

from __future__ import annotations

import io
import json
from pathlib import Path

from fakes import FakeClock

from tui.core.durations import Hold
from tui.core.player import Player
from tui.core.player_events import CueEvent, Event
from tui.core.routine import CueSettings, Defaults, Routine, Step
from tui.core.timeline import build_timeline
from tui.core.trace import TRACE_KEYS, TraceWriter, read_trace, trace_path

# Written out again from DESIGN.md ("Time"), so a change to the writer cannot silently agree with
# itself.
DESIGN_KEYS = {
    "segment": {"event", "index", "kind", "step", "side", "rep", "length", "scheduled", "actual"},
    "cue": {"event", "cue", "segment", "scheduled", "actual", "sound"},
    "command": {"event", "command", "actual"},
    "end": {"event", "state", "planned", "actual"},
}


def a_session() -> list[Event]:
    """A short session with every kind of line: sides, a command, a late wake-up, the end."""
    routine = Routine(
        id="trace",
        name="Trace",
        summary="Two sides and a manual step.",
        areas=("shoulders",),
        steps=(
            Step("Shoulder", hold=Hold(20, 20), sides=("left", "right")),
            Step("Roll the ball down", manual=True),
            Step("Last", hold=Hold(10, 30)),
        ),
        defaults=Defaults(prep=3, rest=0, switch=4),
        cues=CueSettings(countdown=2),
    )
    clock = FakeClock(5_000.0)
    player = Player(build_timeline(routine), clock)
    events = player.start()
    for step in (1.0004, 2.5, 9.9, 14.123456):
        clock.now += step
        events += player.advance()
    events += player.extend().events
    clock.now += 60.7
    events += player.advance()
    assert player.state == "waiting"
    clock.now += 12
    events += player.go_on().events
    clock.now += 14  # 11 s into the range hold: past its 10 s minimum
    events += player.release().events
    assert player.state == "finished"
    return events


def test_every_line_is_json_with_exactly_the_design_keys(tmp_path: Path) -> None:
    path = tmp_path / "trace.jsonl"
    events = a_session()
    with TraceWriter(path) as trace:
        for event in events:
            trace.write(event, sound="paplay" if isinstance(event, CueEvent) else None)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(events)
    parsed = [json.loads(line) for line in lines]
    assert {p["event"] for p in parsed} == {"segment", "cue", "command", "end"}
    for line in parsed:
        assert set(line) == DESIGN_KEYS[line["event"]]
        assert tuple(line) == TRACE_KEYS[line["event"]]
        for key in ("scheduled", "actual", "length", "planned"):
            if key in line:
                assert isinstance(line[key], float)
                assert round(line[key], 3) == line[key]  # milliseconds


def test_the_values_read_as_design_md_describes_them(tmp_path: Path) -> None:
    path = tmp_path / "trace.jsonl"
    with TraceWriter(path) as trace:
        for event in a_session():
            trace.write(event, sound="bell")
    lines = read_trace(path)
    segments = [line for line in lines if line["event"] == "segment"]
    assert segments[0] == {
        "event": "segment",
        "index": 0,
        "kind": "prep",
        "step": 1,
        "side": None,
        "rep": 1,
        "length": 3.0,
        "scheduled": 0.0,
        "actual": 0.0,
    }
    assert [s["index"] for s in segments] == list(range(7))
    assert [s["step"] for s in segments] == [1, 1, 1, 1, 2, 3, 3]  # steps count from 1
    assert [s["side"] for s in segments] == [None, "left", "right", "right", None, None, None]
    assert [s["kind"] for s in segments] == [
        "prep",
        "hold",
        "switch",
        "hold",
        "manual",
        "prep",
        "hold",
    ]
    late_switch = next(s for s in segments if s["kind"] == "switch")
    assert (late_switch["scheduled"], late_switch["actual"]) == (23.0, 27.524)
    cues = [line for line in lines if line["event"] == "cue"]
    assert all(c["sound"] == "bell" for c in cues)
    assert {c["cue"] for c in cues} >= {
        "prep",
        "start",
        "halfway",
        "tick",
        "switch",
        "end",
        "complete",
    }
    commands = [line["command"] for line in lines if line["event"] == "command"]
    assert commands == ["extend", "release"]
    assert lines[-1]["event"] == "end" and lines[-1]["state"] == "completed"
    assert lines[-1]["planned"] == 3.0 + 20 + 4 + 20 + 3 + 30


def test_a_cue_without_a_sound_is_traced_as_off() -> None:
    stream = io.StringIO()
    cue = next(e for e in a_session() if isinstance(e, CueEvent))
    TraceWriter(stream).write(cue)
    assert json.loads(stream.getvalue())["sound"] == "off"


def test_each_line_is_on_disk_before_the_writer_is_closed(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "trace.jsonl"
    events = a_session()
    trace = TraceWriter(path)
    trace.write(events[0])
    trace.write(events[1], sound="miniaudio")
    assert len(read_trace(path)) == 2  # a crash now would keep both lines
    trace.close()


def test_a_second_run_appends_to_the_same_file(tmp_path: Path) -> None:
    path = tmp_path / "trace.jsonl"
    for _ in range(2):
        with TraceWriter(path) as trace:
            trace.write_all(a_session(), sound="off")
    lines = read_trace(path)
    assert [line["event"] for line in lines].count("end") == 2


def test_a_torn_last_line_is_left_out_when_reading(tmp_path: Path) -> None:
    path = tmp_path / "trace.jsonl"
    path.write_text(
        '{"event": "command", "command": "pause", "actual": 1.0}\n{"event": "cu', encoding="utf-8"
    )
    assert read_trace(path) == [{"event": "command", "command": "pause", "actual": 1.0}]


def test_the_trace_file_comes_from_the_option_or_the_environment() -> None:
    assert trace_path("a.jsonl", {"UNKNOT_TRACE": "b.jsonl"}) == Path("a.jsonl")
    assert trace_path(None, {"UNKNOT_TRACE": "b.jsonl"}) == Path("b.jsonl")
    assert trace_path(None, {"UNKNOT_TRACE": ""}) is None
    assert trace_path(None, {}) is None
