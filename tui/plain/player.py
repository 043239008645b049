"""The plain player: one `Player` driven by a loop that writes a line per event.

This is a second *view* of the same `Player` the full-screen screen drives, not a second player:
the player decides every segment, cue, deadline and refusal; this module only turns its events
into lines (tui/plain/words.py) and hands every event to the session pipeline
(tui/session/outputs.py) that the full-screen player uses too: the same sound, trace, history and
notices. So a plain session and a full-screen one of the same routine give the same trace, the
same history row and the same notices.

Nothing here redraws: every line is written once, with a newline, and flushed, so a screen reader
reads each one as it arrives and a file or pipe gets the whole story.

The loop sleeps until `player.next_wakeup()`, but the sleeping is done by the key reader
(`tui.plain.keys`), so a key wakes it at once; tests pass a fake reader that moves a fake clock
instead of sleeping, and compare the output line by line.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TextIO

from tui.core.exits import EXIT_INTERRUPTED, EXIT_OK
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
from tui.core.player_records import SessionRecord
from tui.core.positions import position_change
from tui.core.timeline import Timeline
from tui.core.trace import TraceWriter
from tui.core.visible import visible
from tui.plain.words import (
    ACTION_OF_KEY,
    COMMAND_WORDS,
    EPS,
    KEYS_LINE,
    Style,
    command_text,
    elapsed_text,
    end_text,
    header_text,
    one_line,
    segment_text,
    summary_text,
)
from tui.session.outputs import RecorderFactory, SessionOut
from tui.session.sound import BellSound, CueSink

if TYPE_CHECKING:
    from tui.plain.keys import KeyReader

TEN_LEFT = 10.0  # seconds before a segment's end that get their own line
TEN_LEFT_LONGER_THAN = 20.0  # only segments longer than this: a 20 s hold has its halfway there

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
    the key reader (which is also the sleep), and where the session goes: `session` (built by
    `tui.session.outputs.open_session`), or for tests its parts (`cues`, `trace`, `recorder`)."""

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
        session: SessionOut | None = None,
    ) -> None:
        self.timeline = timeline
        self.out = out
        self.keys = keys
        self.clock = clock
        if session is None:
            sound = cues if cues is not None else BellSound(None)
            session = SessionOut(sound, trace, recorder_for=recorder)
        self.session = session
        self.style = style or Style()
        self.player = Player(timeline, clock=clock)
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
            self.session.begin(self.player)
            self._say_notices()
            now = self.clock()
            self._handle(self.player.start(now), now)
            self.session.shown()  # the first line is out: the history may take its CPU now
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
            self.session.close_history(self.clock())
        record = self.player.record()
        self.say(summary_text(record, len(self.timeline.steps)))
        return PlainResult(
            self.player.end_state,
            interrupted=interrupted,
            record=record,
            reader_left=self.reader_left,
        )

    def end_session(self, *, ended: bool, timeout: float) -> bool:
        """Close the session's outputs and wait for its last sound and history save (the process
        is about to end); a notice that came meanwhile is said. False: the history was not saved
        in `timeout` seconds."""
        self.session.close(self.clock(), ended=ended)
        saved = self.session.finish(timeout)
        self._say_notices()
        return saved

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
        label = self.session.sound.label
        if self.keys.interactive:
            self.say(f"{label}; {KEYS_LINE}")
        else:
            self.say(f"{label}; no keyboard: the routine runs by itself, Ctrl+C stops")

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
        self.session.handle(events, now)  # sounded, traced and kept, as the full-screen player does
        for event in events:
            self._line(event)
        self._say_notices()
        self._ten_seconds_left(now)

    def _line(self, event: Event) -> None:
        if isinstance(event, SegmentEvent):
            segment = self.player.segment(event.index)
            new_step = event.step != self._announced_step
            self._announced_step = event.step
            text = segment_text(
                segment,
                len(self.timeline.steps),
                new_step=new_step,
                interactive=self.keys.interactive,
                next_move=self._next_move(event.index),
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

    def _next_move(self, index: int) -> str | None:
        """ "onto hands and knees" when the segment after `index` is a step in another position."""
        segments = self.timeline.segments
        if index + 1 >= len(segments):
            return None
        here, after = segments[index].played.step, segments[index + 1].played.step
        return position_change(here.position, after.position)

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
        for line in self.session.take_notices():  # "sound: …", "history: …", as on the screen
            self.say(visible(line))  # they name files

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
        sound = self.session.sound
        wanted = not sound.muted
        sound.set_muted(wanted)
        at = self._now_at(self.clock())
        if sound.muted == wanted:
            self.say("cues muted" if wanted else "cues on", at)
        else:
            self.say(f"cues stay as they are ({sound.label})", at)
