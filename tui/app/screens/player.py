"""The player screen: a routine from its first step to its last, with only the keyboard.

The screen never counts time itself. The player (tui.core.player) knows every deadline; the screen
asks it when the next thing worth showing or sounding happens (`next_wakeup`) and sleeps until
then with a one-shot timer, so an idle hold costs one wake-up a second and no more, and a late
wake-up never shifts the plan. Everything the player says happened goes, in order, to the screen
and to the session's outputs (tui/session/outputs.py: the sound, the trace file and the
history), the same outputs plain mode uses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from textual.app import ComposeResult
from textual.events import Resize
from textual.message import Message
from textual.reactive import var
from textual.widget import Widget
from textual.widgets import Static

from tui.app.commands import KeyCommands
from tui.app.host import UnknotScreen
from tui.app.keys import PLAYER_KEYS
from tui.app.screens.confirm import ConfirmScreen
from tui.app.screens.help import HelpScreen
from tui.app.settings import remapped_words
from tui.app.shown import shown
from tui.app.terminal import write_to_terminal
from tui.app.wakeup import WakeUp
from tui.app.widgets.countdown import Countdown, clock_text
from tui.app.widgets.figure import FigureBand, FigurePane
from tui.app.widgets.instructions import (
    SETUP_SECONDS,
    KindLabel,
    NowText,
    StepInfo,
    hint_text,
    next_text,
    step_words,
    where_text,
)
from tui.app.widgets.pacer import Pacer
from tui.app.widgets.repaint import (
    SteadyFooter,
    SteadyHorizontal,
    SteadyLines,
    SteadyStatic,
    SteadyVertical,
)
from tui.app.widgets.sidebar import ROWS_AT_MOST, ProgressSidebar, step_lines
from tui.core.durations import format_clock
from tui.core.player import Player
from tui.core.player_events import CommandResult, CueEvent, EndEvent, Event
from tui.core.player_records import LiveSegment, SessionRecord
from tui.core.timeline import KIND_WORDS, Timeline
from tui.core.visible import visible
from tui.session.outputs import SessionOut

PartT = TypeVar("PartT", bound=Widget)

SIDEBAR_MIN_WIDTH = 100  # below this many columns the step list folds away by itself
SPIN_GUARD = 0.05  # seconds; see `_schedule`


class NoticesWaiting(Message):
    """A thread of the session (sound set-up, the history writer) has a notice to show."""


def window_title_text(text: str) -> str:
    """A title is written inside an escape sequence: nothing unprintable may end it early."""
    return "".join(ch for ch in visible(text) if ch.isprintable())


class PlayerScreen(SteadyLines, UnknotScreen[SessionRecord]):
    """Plays one timeline; dismissed with the session record when it completes or is stopped."""

    CSS_PATH = "player.tcss"
    BINDINGS = list(PLAYER_KEYS)
    KEYS = PLAYER_KEYS
    COMMANDS = {KeyCommands}
    AUTO_FOCUS = None

    show_sidebar: var[bool] = var(True)

    def __init__(self, timeline: Timeline, *, tension_before: int | None = None) -> None:
        super().__init__()
        self.timeline = timeline
        self.tension_before = tension_before
        self.player: Player | None = None
        self.out: SessionOut | None = None
        self._wakeup = WakeUp(self, self.tick)
        self._shown: dict[str, object] = {}  # what each part last showed: unchanged parts are left
        self._parts: dict[type[Widget], Widget] = {}  # see `_part`
        self._moves = 0  # events that may change the steps' list (not cues)
        self._last_tick: float | None = None
        self._wide: bool | None = None
        self._ended = False
        self.next_delay: float | None = None  # seconds until the next wake-up (None: none due)
        self.window_title = ""  # what the terminal's title says, less the app's name
        self.remapped: dict[str, str] = {}  # binding id -> its key, for bindings [keys] moved

    # ------------------------------------------------------------------------------- the app

    def clock(self) -> float:
        return self.unknot_app.clock()

    # ------------------------------------------------------------------------------ building

    def compose(self) -> ComposeResult:
        # The keys config.toml moved, for the screen's own words about them ("space to resume").
        self.remapped = remapped_words(self.app, PLAYER_KEYS)
        with SteadyHorizontal(id="body"):
            with SteadyVertical(id="main"):
                with SteadyHorizontal(id="top"):
                    yield SteadyStatic(shown(self.timeline.routine.name), id="routine-name")
                    yield SteadyStatic("", id="sound")
                resume = self.remapped.get("player.pause", "space")
                yield SteadyStatic(shown(f"PAUSED · {resume} to resume"), id="banner")
                yield KindLabel(id="kind")
                with FigureBand(id="clock-band"):
                    with SteadyHorizontal(id="clock-row"):
                        yield Countdown(id="countdown")
                        yield FigurePane(id="figure-side")
                    yield FigurePane(id="figure-under")
                yield Pacer(id="pacer")
                yield StepInfo(id="info")
                yield SteadyStatic("", id="status")
            yield ProgressSidebar(step_lines(self.timeline, count=ROWS_AT_MOST), id="sidebar")
        yield SteadyFooter()

    @property
    def session_id(self) -> int | None:
        """This session's number in the history, if its row is written already (None: not kept,
        or not yet: the writer's thread writes it as playing starts, later when another process
        holds the file locked). Never waits: the loop asks for it."""
        return self.out.session_id() if self.out is not None else None

    @property
    def keeps_history(self) -> bool:
        """Whether this session is being kept (its id may still be to come)."""
        return self.out is not None and self.out.recorder is not None

    def wait_session_id(self, timeout: float) -> int | None:
        """The session's number, waiting for its row `timeout` seconds at most: from a thread
        (the summary's history writes), a test, never the loop."""
        return self.out.session_id(wait=timeout) if self.out is not None else None

    def on_mount(self) -> None:
        """Playing starts now. Nothing slow happens here: the sound is set up and the history
        written by the session's own threads (tui/session/), which only post back."""
        self.out = self.unknot_app.open_session(self.timeline, tension_before=self.tension_before)
        self.out.notices.listener = lambda: self.post_message(NoticesWaiting())
        now = self.clock()
        self.player = Player(self.timeline, clock=self.clock)
        self.out.begin(self.player)
        self._handle(self.player.start(now), now)
        # The history's first save (a long routine's snapshot and rows) waits for this frame.
        self.call_after_refresh(self.out.shown)

    def on_notices_waiting(self, message: NoticesWaiting) -> None:
        if self.out is not None:
            self._show_notices(self.out)

    def _show_notices(self, out: SessionOut) -> None:
        for line in out.take_notices():
            self.notify(visible(line), timeout=6, markup=False)

    def on_unmount(self) -> None:
        """Leaving mid-session (the app quit) keeps what was played: the history then shows
        the session as interrupted."""
        self._cancel_timer()
        if self.out is not None:
            self.out.close(self.clock(), ended=self._ended)
        self._write_window_title(str(self.app.title))

    # ------------------------------------------------------------------------------- timing

    def tick(self) -> None:
        """Wake-up: deliver what became due, redraw, and sleep until the next thing."""
        if self.player is None or self._ended:
            return
        now = self.clock()
        self._handle(self.player.advance(now), now)

    def _schedule(self, now: float) -> None:
        """One timer for the next wake-up, never a fixed-rate redraw. A wake-up due already runs
        at once; only if the clock has not moved since the last one (a frozen test clock) does it
        wait a little, so a slip in the player can never spin the event loop. The delay is
        measured from the clock as it reads now, not from `now`: what ran since `now` was read
        (the first batch's handling as playing starts) must not be added to the wait."""
        self._cancel_timer()
        assert self.player is not None
        wake = self.player.next_wakeup(now)
        self.next_delay = None
        if wake is None:
            return
        delay = max(0.0, wake - self.clock())
        if delay == 0.0 and self._last_tick == now:
            delay = SPIN_GUARD
        self._last_tick = now
        self.next_delay = delay
        self._wakeup.arm(delay)  # from now, not from when a timer task first runs (wakeup.py)

    def _cancel_timer(self) -> None:
        self.next_delay = None
        self._wakeup.cancel()

    # ------------------------------------------------------------------------------- events

    def _handle(self, events: Iterable[Event], now: float) -> None:
        """Sound, trace and show what happened, then plan the next wake-up (or leave)."""
        assert self.player is not None and self.out is not None
        out = self.out
        batch = list(events)
        end: EndEvent | None = None
        out.handle(batch, now)  # sounded, traced and kept
        for event in batch:
            if isinstance(event, CueEvent):
                self._part(Countdown).flash()
                continue
            self._moves += 1  # a part began, a command acted, or the end: the steps may change
            if isinstance(event, EndEvent):
                end = event
        self._show_notices(out)
        if end is not None:
            self._finish()
            return
        self._show(now)
        self._schedule(now)

    def _finish(self) -> None:
        assert self.player is not None and self.out is not None
        if self._ended:
            return
        self._ended = True
        self._cancel_timer()
        self.out.close(self.clock(), ended=True)
        if self.app.screen is not self:  # the end came while help, a question or the palette was up
            self.pop_until_active()
        self.dismiss(self.player.record())

    def _command(self, command: Callable[[float], CommandResult]) -> CommandResult:
        """Run a player command now; a refusal is told, with the player's reason."""
        now = self.clock()
        result = command(now)
        self._handle(result.events, now)
        if result.refused:
            self.notify(result.refused, title="not now", severity="warning", timeout=3)
        return result

    # ------------------------------------------------------------------------------- showing

    def _show(self, now: float) -> None:
        """Bring every part up to date with the player; parts whose text is unchanged are left."""
        player = self.player
        assert player is not None
        current = player.current
        if current is None:
            return
        paused = player.state == "paused"
        waiting = player.state == "waiting"
        seconds = None if waiting else player.countdown(now)
        self.set_class(paused, "-paused")
        self.set_class(waiting, "-waiting")
        countdown = self._part(Countdown)
        countdown.set_paused(paused)
        if paused:
            countdown.end_flash()
        if self._changed("kind", current.kind):
            self.query_one(KindLabel).show(current.kind)
        countdown.show(seconds)
        coming = player.next_segment
        # The player hands out the same segment objects until they change (player_view.py), so
        # a second of a hold compares two identities here instead of building the words again.
        if self._changed("figure", (current, coming)):
            self._part(FigureBand).follow(current, coming)
        into = player.elapsed(now) - current.start
        release_in = player.release_possible_in(now)
        words_for = (
            current,
            coming,
            paused,
            None if release_in is None else release_in <= 0,  # all hint_text reads of it
            into < SETUP_SECONDS,  # all step_words reads of the time
            self.remapped,
        )
        if self._changed("words for", words_for):
            text = NowText(
                where=where_text(current, len(self.timeline.steps)),
                hint=hint_text(current, paused=paused, release_in=release_in, keys=self.remapped),
                instructions=step_words(current, into),
                next=next_text(coming, current),
            )
            if self._changed("text", text):
                self.query_one(StepInfo).show(text)
        self._pace(current, now)
        # Worked out only after a change: a routine may have 10,000 steps.
        if self._changed("moves", self._moves):
            sidebar = self.query_one(ProgressSidebar)
            where = next(  # the current step's place (numbers count up from 1, in order)
                (k for k in (current.step_number - 1,) if 0 <= k < len(self.timeline.steps)), 0
            )
            first = sidebar.window(where, len(self.timeline.steps))
            progress = player.step_progress(first, ROWS_AT_MOST)
            lines = step_lines(self.timeline, progress, player.segments, first, ROWS_AT_MOST)
            if self._changed("steps", (first, lines)):
                sidebar.show_steps(lines, first)
        elapsed, left = player.elapsed(now), player.remaining_total(now)
        # The sidebar's clock and the status line say the same; only the one on screen moves.
        if self._changed("times", (int(elapsed), format_clock(left), self.show_sidebar)):
            if self.show_sidebar:
                self._part(ProgressSidebar).show_times(player.fraction_done(now), elapsed, left)
            else:
                self.query_one("#status", Static).update(
                    f"step {current.step_number} of {len(self.timeline.steps)} · "
                    f"{format_clock(int(elapsed))} done · {format_clock(left)} left",
                    layout=False,  # a one-line clock: repaint only, no layout pass each second
                )
        assert self.out is not None
        sound = "muted" if self.out.sound.muted else self.out.sound.label
        if self._changed("sound", sound):
            self.query_one("#sound", Static).update(sound)
        if self._changed("state", player.state):
            self.refresh_bindings()
        self._title(current, seconds, paused)

    def _pace(self, current: LiveSegment, now: float) -> None:
        """The pacer follows a breathing hold: told again only when the hold begins, pauses,
        resumes or restarts; in between it moves by itself (and costs nothing elsewhere)."""
        player = self.player
        assert player is not None
        breathe = current.played.step.breathe if current.kind == "hold" else None
        key = None if breathe is None else (current.index, current.start, player.state)
        if not self._changed("pacer", key):
            return
        pacer = self.query_one(Pacer)
        pacer.display = breathe is not None
        self.set_class(breathe is not None, "-breathing")
        if breathe is None:
            pacer.stop()
            return
        into = player.elapsed(now) - current.start
        pacer.follow(breathe, into, running=player.state == "playing", clock=self.clock)

    def _part(self, kind: type[PartT]) -> PartT:
        """The one widget of `kind` on this screen, found once: a second of a hold asks for
        three of them, and a query walks the screen's widgets each time."""
        found = self._parts.get(kind)
        if found is None:
            found = self._parts[kind] = self.query_one(kind)
        assert isinstance(found, kind)
        return found

    def _changed(self, part: str, value: object) -> bool:
        if self._shown.get(part) == value:
            return False
        self._shown[part] = value
        return True

    def _title(self, current: LiveSegment, seconds: int | None, paused: bool) -> None:
        """The terminal's title shows the countdown, for a player left in a background tab."""
        words = KIND_WORDS[current.kind]
        text = f"{clock_text(seconds)} {words} · {current.name}"
        if paused:
            text = f"paused · {text}"
        if self._changed("title", text):
            # Not `Screen.sub_title`: that reactive repaints the whole screen when it changes,
            # which, once a second, would cost more than everything else the player does.
            self.window_title = text
            # Sent just after the frame it belongs to: Textual's writer thread then takes both
            # in one wake-up instead of two a second.
            self.call_after_refresh(self._send_title, text)

    def _send_title(self, text: str) -> None:
        """The countdown's title, unless a newer one or the end of the session came first."""
        if text == self.window_title and not self._ended and self.is_attached:
            self._write_window_title(f"{text} — unknot")

    def _write_window_title(self, text: str) -> None:
        """Textual 8 keeps `App.title` inside its Header and its console writes nowhere, so the
        title escape (OSC 2) goes to the terminal the way `App.bell` sends its BEL."""
        write_to_terminal(self.app, f"\x1b]2;{window_title_text(text)}\x07")

    # ------------------------------------------------------------------------- the sidebar

    def on_resize(self, event: Resize) -> None:
        """Fold the sidebar away when the terminal gets narrow, and back when it widens; `s`
        overrides until the next time the width crosses the line."""
        wide = event.size.width >= SIDEBAR_MIN_WIDTH
        if wide != self._wide:
            self._wide = wide
            self.show_sidebar = wide

    def watch_show_sidebar(self, show: bool) -> None:
        self.set_class(not show, "-no-sidebar")
        if self.player is not None and self.player.current is not None and not self._ended:
            self._show(self.clock())  # the clock that comes into view is brought up to date

    # ------------------------------------------------------------------------------- actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Enter means something only while a step waits for it, so only then is it shown."""
        if action == "go_on":
            return self.player is not None and self.player.state == "waiting"
        return True

    def _player(self) -> Player:
        assert self.player is not None
        return self.player

    def action_toggle_pause(self) -> None:
        self._command(self._player().toggle_pause)

    def action_skip(self) -> None:
        self._command(self._player().skip)

    def action_back(self) -> None:
        self._command(self._player().back)

    def action_extend(self) -> None:
        self._command(self._player().extend)

    def action_release(self) -> None:
        self._command(self._player().release)

    def action_another_spot(self) -> None:
        self._command(self._player().another_spot)  # "next:" shows the added hold

    def action_go_on(self) -> None:
        self._command(self._player().go_on)

    def action_mute(self) -> None:
        """m: the app remembers it for the next session too."""
        assert self.out is not None
        host = self.unknot_app
        host.muted = not self.out.sound.muted
        self.out.sound.set_muted(host.muted)
        if host.muted:
            self.notify("cues muted (the countdown still flashes)")
        elif self.out.sound.muted:  # backend = "off" in config.toml: silence was chosen for good
            self.notify('sound is off in config.toml (backend = "off")', severity="warning")
        else:
            self.notify("cues on")
        self._show(self.clock())

    def action_toggle_sidebar(self) -> None:
        self.show_sidebar = not self.show_sidebar

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen("player keys", PLAYER_KEYS))

    def action_stop(self) -> None:
        def answered(stop: bool | None) -> None:
            if stop and not self._ended:
                self._command(self._player().stop)

        self.app.push_screen(ConfirmScreen("Stop the routine?", "stop", "keep going"), answered)
