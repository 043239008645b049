"""Plain mode: a routine played one line per event, for screen readers, slow links and scripts.

This is a second *view* of the same `Player` the full-screen screen drives, not a second player:
the player decides every segment, cue, deadline and refusal; this module only turns its events
into lines, sounds its cues through the same kind of sink, and hands the same events to the trace
and to the history recorder. So a plain session and a full-screen one of the same routine give
the same trace and the same history row.

Nothing here redraws: every line is written once, with a newline, and flushed, so a screen reader
reads each one as it arrives and a file or pipe gets the whole story. Colour (bold kind words) is
used only on a terminal without NO_COLOR; off a terminal there is not one escape code.

The loop sleeps until `player.next_wakeup()`, but the sleeping is done by the key reader
(`tui.plain.keys`), so a key wakes it at once; tests pass a fake reader that moves a fake clock
instead of sleeping, and compare the output line by line.

Textual is never imported on this path (a test checks), so `unknot play --plain` starts fast and
works where Textual cannot.
"""

from __future__ import annotations

import io
import math
import os
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TextIO

from tui.core.durations import format_clock
from tui.core.player import Player
from tui.core.player_events import (
    CommandEvent,
    CommandResult,
    CueEvent,
    EndEvent,
    EndState,
    Event,
    SegmentEvent,
)
from tui.core.player_records import LiveSegment, SessionRecord
from tui.core.timeline import KIND_WORDS, Timeline
from tui.core.trace import TraceWriter
from tui.core.visible import visible

if TYPE_CHECKING:
    from tui.plain.keys import KeyReader

PLAIN_ENV = "UNKNOT_PLAIN"
TEN_LEFT = 10.0  # seconds before a segment's end that get their own line
TEN_LEFT_LONGER_THAN = 20.0  # only segments longer than this: a 20 s hold has its halfway there
EPS = 1e-6
EXIT_OK = 0
EXIT_INTERRUPTED = 130  # the CLI's documented code for Ctrl+C

# ------------------------------------------------------------------------------------- the keys


@dataclass(frozen=True, slots=True)
class PlainKey:
    """A key of the plain player. `action` is the full-screen player's action name for the same
    thing (tui/app/keys.py), so a test can check that both players offer the same commands."""

    keys: tuple[str, ...]
    action: str
    label: str


PLAIN_KEYS: tuple[PlainKey, ...] = (
    PlainKey(("space",), "toggle_pause", "space pause"),
    PlainKey(("n", "right"), "skip", "n skip"),
    PlainKey(("p", "left"), "back", "p back"),
    PlainKey(("plus",), "extend", "+ 15 s more"),
    PlainKey(("r",), "release", "r release"),
    PlainKey(("a",), "another_spot", "a another spot"),
    PlainKey(("enter",), "go_on", "Enter go on"),
    PlainKey(("m",), "mute", "m mute"),
    PlainKey(("question_mark", "h"), "help", "? keys"),
    PlainKey(("q",), "stop", "q stop"),
)
ACTION_OF_KEY: dict[str, str] = {key: k.action for k in PLAIN_KEYS for key in k.keys}
KEYS_LINE = "keys: " + ", ".join(k.label for k in PLAIN_KEYS)

# What a refused command was, in the words of the line that says why it was refused.
COMMAND_WORDS = {
    "toggle_pause": "pause",
    "skip": "skip",
    "back": "back",
    "extend": "15 s more",
    "release": "release",
    "another_spot": "another spot",
    "go_on": "go on",
    "stop": "stop",
}


# ------------------------------------------------------------------------------------- the seams


class CueSink(Protocol):
    """Where cues sound: `tui.audio.session.AudioOut`, the same audio as the full-screen player
    (the routine's own sounds, spoken step names, the backend chain). `BellCues` stands in when
    that cannot start, and in tests."""

    @property
    def muted(self) -> bool: ...

    @property
    def label(self) -> str: ...

    def set_muted(self, muted: bool) -> None: ...

    def play(self, event: CueEvent) -> str:
        """Sound `event` without waiting; returns the trace's `sound` word (bell, paplay, off)."""
        ...

    def take_notices(self) -> list[str]: ...

    def close(self) -> None: ...


class _Notice(Protocol):
    @property
    def message(self) -> str: ...


class Recorder(Protocol):
    """What the plain player needs of the history: `tui.core.recorder.SessionRecorder`."""

    def take_notice(self) -> _Notice | None: ...

    def observe(self, events: Iterable[Event], now: float | None = None) -> None: ...

    def close(self, now: float | None = None) -> None: ...


RecorderFactory = Callable[[Player], Recorder]


class BellCues:
    """Cues as the terminal bell, rung only where a terminal will hear it (BEL is no escape code,
    but it still does not belong in a file). With no terminal the cues are `off`, and say so."""

    def __init__(
        self, bell: TextIO | None, muted: bool = False, notices: Sequence[str] = ()
    ) -> None:
        self._bell = bell
        self._muted = muted
        self._notices = list(notices)

    @property
    def muted(self) -> bool:
        return self._muted or self._bell is None

    @property
    def label(self) -> str:
        if self._bell is None:
            return "sound: off (no terminal to ring the bell on)"
        return "sound: off" if self._muted else "sound: bell"

    def set_muted(self, muted: bool) -> None:
        self._muted = muted

    def play(self, event: CueEvent) -> str:
        if self.muted or self._bell is None:
            return "off"
        try:
            self._bell.write("\a")
            self._bell.flush()
        except OSError:
            self._bell = None  # the terminal went away: no more bells, and the label says so
            return "off"
        return "bell"

    def take_notices(self) -> list[str]:
        taken, self._notices = self._notices, []
        return taken

    def close(self) -> None:
        pass


# ------------------------------------------------------------------------------------- the words


def elapsed_text(seconds: float) -> str:
    """The line's time: whole seconds of the routine played, rounded down (0:04.9 is 0:04)."""
    return format_clock(max(0, math.floor(seconds + EPS)))


def span_text(seconds: float) -> str:
    """A length as a screen reader reads it well: `45 s`, `2 min`, `1 min 30 s`, `1 h 5 min`."""
    whole = round(seconds)
    if whole < 60:
        return f"{whole} s"
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [f"{hours} h"] if hours else []
    if minutes:
        parts.append(f"{minutes} min")
    if secs and not hours:
        parts.append(f"{secs} s")
    return " ".join(parts)


def one_line(text: str) -> str:
    """Instructions are written over several lines in TOML; a plain line holds them as one.
    Every text of a routine passes here, so its control characters are made visible here."""
    return visible(" ".join(text.split()))


def segment_text(
    segment: LiveSegment, steps_total: int, *, new_step: bool, interactive: bool
) -> str:
    """What begins, in one line: its kind and length, the side or rep, and for a step's first
    segment the step itself with its instructions. A manual step says how it goes on."""
    step = segment.played.step
    kind = KIND_WORDS[segment.kind]
    if segment.kind == "manual":
        head = kind
    elif segment.kind == "hold" and segment.minimum is not None and interactive:
        head = f"{kind} up to {span_text(segment.length)}"
    else:
        head = f"{kind} {span_text(segment.length)}"
    parts = [head]
    side = one_line(segment.side or "")
    if segment.kind == "switch" and side:
        parts.append(f"now the {side} side")
    elif segment.kind in ("hold", "rest") and side:
        parts.append(f"{side} side")
    if segment.kind in ("hold", "switch") and step.reps > 1:
        parts.append(f"rep {segment.rep} of {step.reps}")
    if segment.kind == "rest" and step.reps > 1:
        parts.append(f"after rep {segment.rep} of {step.reps}")
    if segment.kind == "hold":
        if segment.added:
            parts.append("another spot")
        if step.breathe is not None:
            breathe_in, hold, breathe_out = step.breathe
            held = f", hold {hold} s" if hold else ""
            parts.append(f"breathe in {breathe_in} s{held}, out {breathe_out} s")
        if interactive and segment.minimum is not None:
            parts.append(f"r releases after {span_text(segment.minimum)}")
        if interactive and step.repeatable:
            parts.append("a adds another spot")
    text = ", ".join(parts)
    if new_step or segment.kind == "manual":
        text += f"; step {segment.step_number} of {steps_total}, {one_line(segment.name)}"
        # The set-up (how to get into position) comes first, then the hold's cue.
        instructions = " ".join(filter(None, (one_line(step.setup), one_line(step.instructions))))
        if instructions:
            text += f": {instructions}"
    if segment.kind == "manual":
        text += "" if text.endswith((".", "!", "?")) else "."
        text += (
            " Press Enter when ready."
            if interactive
            else " No keyboard to wait for, so it goes on by itself."
        )
    return text


def command_text(event: CommandEvent, current: LiveSegment | None) -> str | None:
    """What a command did; None where the next line says it already (a stop: the end line)."""
    if event.command == "pause":
        return "paused; space goes on"
    if event.command == "resume":
        return "going on"
    if event.command == "skip":
        return "skipped"
    if event.command == "back":
        return "back"
    if event.command == "extend":
        amount = span_text(event.amount or 0)
        if current is not None:
            return f"{amount} more: this hold now lasts {span_text(current.length)}"
        return f"{amount} more"
    if event.command == "release":
        return "released"
    if event.command == "spot":
        return "another spot after this hold"
    return None


def end_text(event: EndEvent) -> str:
    played = elapsed_text(event.actual)  # as the line's own time reads it, rounded down
    planned = format_clock(event.planned)
    if event.state == "completed":
        return f"complete: {played} played of {planned} planned"
    return f"stopped: {played} played of {planned} planned"


def summary_text(record: SessionRecord, steps_total: int) -> str:
    """The summary screen's facts in one line."""
    parts = [f"{record.steps_done} of {steps_total} step{'s' if steps_total != 1 else ''} done"]
    if record.steps_skipped:
        parts.append(f"{record.steps_skipped} skipped")
    if record.extended:
        parts.append(f"{record.extended} extended")
    if record.added:
        parts.append(f"{record.added} spot{'s' if record.added > 1 else ''} added")
    if record.pauses:
        parts.append(f"{len(record.pauses)} pause{'s' if len(record.pauses) > 1 else ''}")
    return ", ".join(parts)


def header_text(timeline: Timeline) -> str:
    steps = len(timeline.steps)
    text = f"{one_line(timeline.routine.name)}: {steps} step{'s' if steps != 1 else ''}, "
    text += f"{format_clock(timeline.planned_seconds)} planned"
    manual = timeline.manual_steps
    if manual:
        text += f" plus {manual} at your own pace"
    return text


# ------------------------------------------------------------------------------------- the style

_KIND_COLOURS = {"prep": "33", "hold": "32", "switch": "34", "rest": "35", "manual": "36"}


def wants_colour(stream: TextIO, environ: Mapping[str, str]) -> bool:
    """Colour only on a real terminal; never with NO_COLOR (any non-empty value) or TERM=dumb."""
    if environ.get("NO_COLOR") or environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False


@dataclass(frozen=True, slots=True)
class Style:
    """Bold, coloured kind words on a terminal; the words alone carry the meaning everywhere."""

    colour: bool = False

    def kind(self, kind: str, text: str) -> str:
        words = KIND_WORDS.get(kind, "")
        if not self.colour or not words or not text.startswith(words):
            return text
        code = _KIND_COLOURS.get(kind, "0")
        return f"\x1b[1;{code}m{words}\x1b[0m{text[len(words) :]}"

    def strong(self, text: str) -> str:
        return f"\x1b[1m{text}\x1b[0m" if self.colour else text


# ------------------------------------------------------------------------------------ the player


@dataclass(frozen=True, slots=True)
class PlainResult:
    """How a plain session ended: `end_state` None if it never began (the caution was declined)."""

    end_state: EndState | None
    interrupted: bool
    record: SessionRecord | None
    reader_left: bool = False

    @property
    def exit_code(self) -> int:
        return EXIT_INTERRUPTED if self.interrupted else EXIT_OK


class PlainPlayer:
    """Drives one Player and writes its events as lines. Every dependency is injected: the clock,
    the key reader (which is also the sleep), the cue sink, the trace and the recorder."""

    def __init__(
        self,
        timeline: Timeline,
        *,
        out: TextIO,
        keys: KeyReader,
        clock: Callable[[], float] = time.monotonic,
        cues: CueSink | None = None,
        trace: TraceWriter | None = None,
        recorder: RecorderFactory | None = None,
        style: Style | None = None,
    ) -> None:
        self.timeline = timeline
        self.out = out
        self.keys = keys
        self.clock = clock
        self.cues: CueSink = cues if cues is not None else BellCues(None)
        self.trace = trace
        self.make_recorder = recorder
        self.style = style or Style()
        self.player = Player(timeline, clock=clock)
        self.recorder: Recorder | None = None
        self._announced_step: int | None = None
        self._ten_left_for: tuple[int, float] | None = None
        self._confirming = False
        self.reader_left = False  # the output's reader went away: the routine stops
        self._in_wait = False
        self._interrupt_pending = False

    # ------------------------------------------------------------------------------- writing

    def say(self, text: str, at: float | None = None) -> None:
        """One line, written whole and flushed at once: nothing is ever redrawn."""
        prefix = "" if at is None else f"{elapsed_text(at)}  "
        try:
            self.out.write(f"{prefix}{text}\n")
            self.out.flush()
        except BrokenPipeError:
            # the reader of our output left (`| head`): the loop stops the routine at its next
            # turn; the events of this batch are still traced and recorded
            self.out = io.StringIO()
            self.reader_left = True

    def _now_at(self, now: float) -> float:
        return self.player.elapsed(now)

    # ------------------------------------------------------------------------------- running

    def run(self) -> PlainResult:
        """Play the routine to its end, a stop, or Ctrl+C (which stops it cleanly)."""
        self._header()
        if not self._caution_accepted():
            self.say("not started")
            return PlainResult(None, interrupted=False, record=None)
        interrupted = False
        try:
            if self.make_recorder is not None:
                self.recorder = self.make_recorder(self.player)
                self._say_notices()
            now = self.clock()
            self._handle(self.player.start(now), now)
            while self.player.state != "finished":
                if self._interrupt_pending:
                    raise KeyboardInterrupt
                if self.reader_left:
                    self._stop_after_interrupt()
                    break
                self._wait_and_advance()
        except KeyboardInterrupt:
            interrupted = True
            self._stop_after_interrupt()
        finally:
            if self.recorder is not None:
                self.recorder.close(self.clock())
        record = self.player.record()
        self.say(summary_text(record, len(self.timeline.steps)))
        return PlainResult(
            self.player.end_state,
            interrupted=interrupted,
            record=record,
            reader_left=self.reader_left,
        )

    def interrupt(self) -> None:
        """Ctrl+C, from the SIGINT handler `run_plain` installs. While waiting it ends the wait
        at once; in the middle of a line, a trace write or a history write it is held until that
        is done, so nothing is cut in half (a session whose end was not saved would read as
        interrupted). A second Ctrl+C while one is held does not wait."""
        if self._in_wait or self._interrupt_pending:
            raise KeyboardInterrupt
        self._interrupt_pending = True

    def _wait(self, timeout: float | None) -> list[str]:
        """The only place a Ctrl+C may cut in: the key reader's wait (which is the sleep)."""
        if self._interrupt_pending:
            raise KeyboardInterrupt
        self._in_wait = True
        try:
            return self.keys.wait(timeout)
        finally:
            self._in_wait = False

    def _header(self) -> None:
        self.say(self.style.strong(header_text(self.timeline)))
        if self.keys.interactive:
            self.say(f"{self.cues.label}; {KEYS_LINE}")
        else:
            self.say(f"{self.cues.label}; no keyboard: the routine runs by itself, Ctrl+C stops")

    def _caution_accepted(self) -> bool:
        """The routine's caution comes first, as on the full-screen player: with a keyboard,
        Enter begins and q leaves; without one, it is printed and the routine begins."""
        caution = one_line(self.timeline.routine.caution)
        if not caution:
            return True
        if not self.keys.interactive:
            self.say(f"caution: {caution}")
            return True
        self.say(f"caution: {caution} Press Enter to begin, q to leave.")
        while self.keys.interactive:
            for key in self._wait(None):
                if key == "enter":
                    return True
                if key in ("q", "escape"):
                    return False
        return True

    def _wait_and_advance(self) -> None:
        """Sleep until the next thing due (a key cuts it short), then deliver what became due."""
        player = self.player
        now = self.clock()
        if not self.keys.interactive:
            # no key can ever come: a manual step goes on, and a pause (the terminal went away
            # while paused) would never end, so it ends now
            if player.state == "waiting":
                self._command("go_on")
                return
            if player.state == "paused":
                self._command("toggle_pause")
                return
        wake = player.next_wakeup(now)
        timeout = None if wake is None else max(0.0, wake - now)
        for key in self._wait(timeout):
            self._key(key)
            if player.state == "finished":
                return
        now = self.clock()
        self._handle(player.advance(now), now)

    def _stop_after_interrupt(self) -> None:
        """Ctrl+C (or the output's reader gone): the session ends as *stopped*, traced and
        recorded like a stop with q."""
        if self.player.state in ("playing", "paused", "waiting"):
            now = self.clock()
            self._handle(self.player.stop(now).events, now)

    # -------------------------------------------------------------------------------- events

    def _handle(self, events: Sequence[Event], now: float) -> None:
        """Sound, trace and write each event in order; then record the batch and see whether the
        countdown passed its last ten seconds."""
        for event in events:
            sound = self.cues.play(event) if isinstance(event, CueEvent) else None
            if self.trace is not None:
                self.trace.write(event, sound=sound)
            self._line(event)
        if self.recorder is not None and events:
            self.recorder.observe(events, now)
        self._say_notices()
        self._ten_seconds_left(now)

    def _line(self, event: Event) -> None:
        if isinstance(event, SegmentEvent):
            segment = self.player.segments[event.index]
            new_step = event.step != self._announced_step
            self._announced_step = event.step
            text = segment_text(
                segment,
                len(self.timeline.steps),
                new_step=new_step,
                interactive=self.keys.interactive,
            )
            self.say(self.style.kind(event.kind, text), event.scheduled)
        elif isinstance(event, CueEvent):
            if event.cue == "halfway":
                self.say("halfway", event.scheduled)
        elif isinstance(event, CommandEvent):
            said = command_text(event, self.player.current)
            if said is not None:
                self.say(said, event.actual)
        elif isinstance(event, EndEvent):
            self.say(self.style.strong(end_text(event)), event.actual)

    def _ten_seconds_left(self, now: float) -> None:
        """One line when a long segment's countdown reaches 10 s (the player wakes us exactly
        then: it wakes at every change of the shown countdown). An extend or a restart moves
        the segment's end, and the line may come again for the new end."""
        player = self.player
        if player.state != "playing":
            return
        current = player.current
        if current is None or not current.is_timed or current.length <= TEN_LEFT_LONGER_THAN:
            return
        key = (current.index, round(current.end, 3))
        left = player.remaining(now)
        if key != self._ten_left_for and 0 < left <= TEN_LEFT + EPS:
            self._ten_left_for = key
            self.say("10 seconds left", current.end - TEN_LEFT)

    def _say_notices(self) -> None:
        for line in self.cues.take_notices():
            self.say(f"sound: {visible(line)}")  # they name files
        notice = self.recorder.take_notice() if self.recorder is not None else None
        if notice is not None:
            self.say(f"history: {visible(notice.message)}")

    # ---------------------------------------------------------------------------------- keys

    def _key(self, key: str) -> None:
        """One key: a command, its refusal said in a line, or (after q) the stop's answer."""
        if self._confirming:
            self._confirming = False
            if key == "y":
                self._command("stop")
            else:
                self.say("going on", self._now_at(self.clock()))
            return
        action = ACTION_OF_KEY.get(key)
        if action is None:
            return
        if action == "help":
            self.say(KEYS_LINE)
        elif action == "mute":
            self._mute()
        elif action == "stop":
            self._confirming = True
            self.say("stop the routine? y stops, any other key goes on", self._now_at(self.clock()))
        else:
            self._command(action)

    def _command(self, action: str) -> CommandResult:
        player = self.player
        commands: dict[str, Callable[[float], CommandResult]] = {
            "toggle_pause": player.toggle_pause,
            "skip": player.skip,
            "back": player.back,
            "extend": player.extend,
            "release": player.release,
            "another_spot": player.another_spot,
            "go_on": player.go_on,
            "stop": player.stop,
        }
        now = self.clock()
        result = commands[action](now)
        self._handle(result.events, now)
        if result.refused:
            self.say(f"{COMMAND_WORDS[action]}: {result.refused}", self._now_at(now))
        return result

    def _mute(self) -> None:
        wanted = not self.cues.muted
        self.cues.set_muted(wanted)
        at = self._now_at(self.clock())
        if self.cues.muted == wanted:
            self.say("cues muted" if wanted else "cues on", at)
        else:
            self.say(f"cues stay as they are ({self.cues.label})", at)


# ---------------------------------------------------------------------------------- the command


def plain_wanted(flag: bool, stdout: TextIO, environ: Mapping[str, str] | None = None) -> bool:
    """`--plain`, UNKNOT_PLAIN=1, or standard output that is not a terminal (a full-screen
    interface written into a file or a pipe helps nobody)."""
    env = os.environ if environ is None else environ
    if flag or env.get(PLAIN_ENV, "").strip().lower() in ("1", "true", "yes", "on"):
        return True
    try:
        return not stdout.isatty()
    except (AttributeError, ValueError, OSError):
        return True


def _bell_stream(out: TextIO, err: TextIO) -> TextIO | None:
    """The terminal the bell can ring on. The error stream first: the bell may be rung from the
    audio thread, and on its own stream it can never land inside a line being written."""
    for stream in (err, out):
        try:
            if stream.isatty():
                return stream
        except (AttributeError, ValueError, OSError):
            continue
    return None


def _ring(stream: TextIO | None) -> Callable[[], None]:
    def ring() -> None:
        if stream is None:
            return
        try:
            stream.write("\a")
            stream.flush()
        except (OSError, ValueError):
            pass

    return ring


def session_audio(timeline: Timeline, bell: TextIO | None, voice: bool | None = None) -> CueSink:
    """The full-screen player's audio for this session (config.toml, the backend chain, the
    routine's sounds, spoken names prepared in the background). Sound is a help, not a reason
    to refuse to play: if it cannot start at all, the bell stands in and a line says why.
    `voice` True (`--voice`) speaks every step's name; None leaves it to each routine."""
    try:
        from tui.audio.session import AudioOut

        audio = AudioOut.for_session(bell=_ring(bell), voice=voice)
        audio.prepare(timeline)
    except Exception as exc:
        reason = f"the audio could not start ({type(exc).__name__}: {exc}); the bell stands in"
        return BellCues(bell, notices=[reason])
    return audio


def history_recorder() -> RecorderFactory:
    """The real history: the user's store, and a recorder that writes the session as it goes.
    Imported here so that the module itself stays free of sqlite until a session is played."""
    from tui.core.history import HistoryStore
    from tui.core.recorder import SessionRecorder

    def begin(player: Player) -> Recorder:
        store = HistoryStore.open()
        recorder = SessionRecorder.begin(store, player)
        if store.notice is not None and recorder.notice is None:
            recorder.notice = store.notice  # said once, like the recorder's own notices
        return recorder

    return begin


AUDIO_FLUSH_SECONDS = 3.0  # the closing chime may ring out before the process ends


def run_plain(
    timeline: Timeline,
    *,
    trace_path: Path | None = None,
    out: TextIO | None = None,
    stdin: TextIO | None = None,
    environ: Mapping[str, str] | None = None,
    cues: CueSink | None = None,
    recorder: RecorderFactory | None = None,
    record_history: bool = True,
    voice: bool | None = None,
) -> int:
    """`unknot play … --plain`: the real terminal, clock, audio, trace and history. Returns the
    exit code: 0 for a routine completed or stopped with q, 130 for Ctrl+C."""
    from tui.plain.keys import Keys

    env = os.environ if environ is None else environ
    stream = sys.stdout if out is None else out
    if stream is sys.stdout and hasattr(stream, "reconfigure"):
        stream.reconfigure(errors="replace")  # a routine's text must never crash a narrow pipe
    style = Style(colour=wants_colour(stream, env))
    if cues is not None:
        sink = cues
    else:
        sink = session_audio(timeline, _bell_stream(stream, sys.stderr), voice)
    if recorder is None and record_history:
        recorder = history_recorder()
    stores: list[object] = []
    trace = TraceWriter(trace_path) if trace_path is not None else None
    result: PlainResult | None = None
    try:
        with Keys(stdin) as keys:
            plain = PlainPlayer(
                timeline,
                out=stream,
                keys=keys,
                cues=sink,
                trace=trace,
                recorder=_keeping_store(recorder, stores) if recorder else None,
                style=style,
            )
            restore = _catch_sigint(plain.interrupt)
            try:
                result = plain.run()
            finally:
                restore()
    finally:
        if result is not None and result.reader_left and stream is sys.stdout:
            # as `main` does for `unknot list | head`: the exit's own flush must not complain
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        flush = getattr(sink, "flush", None)
        if result is not None and not result.interrupted and callable(flush):
            flush(AUDIO_FLUSH_SECONDS)
        sink.close()
        if trace is not None:
            trace.close()
        for store in stores:
            close = getattr(store, "close", None)
            if callable(close):
                close()
    return result.exit_code


def _catch_sigint(interrupt: Callable[[], None]) -> Callable[[], None]:
    """Route SIGINT to `interrupt` until the returned function puts the old handler back. Only
    the main thread may do this; elsewhere Ctrl+C keeps its default (KeyboardInterrupt)."""
    import signal

    def handle(signum: int, frame: object) -> None:
        interrupt()

    try:
        previous = signal.signal(signal.SIGINT, handle)
    except ValueError:
        return lambda: None
    kept = previous if previous is not None else signal.SIG_DFL

    def restore() -> None:
        signal.signal(signal.SIGINT, kept)

    return restore


def _keeping_store(factory: RecorderFactory, stores: list[object]) -> RecorderFactory:
    """Remember the store a recorder writes to, so it is closed when the session is over."""

    def make(player: Player) -> Recorder:
        made = factory(player)
        store = getattr(made, "store", None)
        if store is not None:
            stores.append(store)
        return made

    return make
