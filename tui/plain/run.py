"""Plain mode's command: `unknot play … --plain` (and `replay`) on the real terminal.

Plain mode is a routine played one line per event, for screen readers, slow links and scripts.
This module chooses it (`plain_wanted`), builds the session's outputs with the same builder the
full-screen player uses (tui/session/outputs.py), and runs the plain player
(tui/plain/player.py) on the real clock and keyboard, with Ctrl+C stopping the routine cleanly.
The words of each line are tui/plain/words.py's.

Colour (bold kind words) is used only on a terminal without NO_COLOR; off a terminal there is not
one escape code. Textual is never imported on this path (a test checks), so plain mode starts
fast and works where Textual cannot.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TextIO

from tui.core.timeline import Timeline
from tui.plain.player import PlainPlayer, PlainResult
from tui.plain.words import Style, wants_colour
from tui.session.outputs import HISTORY_EXIT_WAIT, open_session
from tui.session.sound import ring_on

PLAIN_ENV = "UNKNOT_PLAIN"


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


def bell_stream(out: TextIO, err: TextIO) -> TextIO | None:
    """The terminal the bell can ring on. The error stream first: the bell may be rung from the
    audio thread, and on its own stream it can never land inside a line being written."""
    for stream in (err, out):
        try:
            if stream.isatty():
                return stream
        except (AttributeError, ValueError, OSError):
            continue
    return None


def run_plain(
    timeline: Timeline,
    *,
    trace_path: Path | None = None,
    out: TextIO | None = None,
    stdin: TextIO | None = None,
    environ: Mapping[str, str] | None = None,
    record_history: bool = True,
    voice: bool | None = None,
    area_ratings: tuple[tuple[str, int], ...] = (),
) -> int:
    """`unknot play … --plain`: the real terminal, clock, sound, trace and history. Returns the
    exit code: 0 for a routine completed or stopped with q, 130 for Ctrl+C."""
    from tui.plain.keys import Keys

    env = os.environ if environ is None else environ
    stream = sys.stdout if out is None else out
    if stream is sys.stdout and hasattr(stream, "reconfigure"):
        stream.reconfigure(errors="replace")  # a routine's text must never crash a narrow pipe
    style = Style(colour=wants_colour(stream, env))
    bell = bell_stream(stream, sys.stderr)
    session = open_session(
        timeline,
        trace_path=trace_path,
        ring=ring_on(bell) if bell is not None else None,
        voice=voice,
        keep_history=record_history,
        area_ratings=area_ratings,
    )
    # Plain mode has no screen to keep moving, and its first line names where the sound goes:
    # the sound's set-up may take the moment it needs first (bounded; the bell stands in after).
    session.sound_ready(SOUND_SETUP_WAIT)
    result: PlainResult | None = None
    plain: PlainPlayer | None = None
    try:
        with Keys(stdin) as keys:
            plain = PlainPlayer(timeline, out=stream, keys=keys, style=style, session=session)
            restore = _catch_sigint(plain.interrupt)
            try:
                result = plain.run()
            finally:
                restore()
    finally:
        if result is not None and result.reader_left and stream is sys.stdout:
            # as `main` does for `unknot list | head`: the exit's own flush must not complain
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        if plain is None:
            session.close(time.monotonic(), ended=False)
        elif not plain.end_session(
            ended=result is not None and not result.interrupted, timeout=HISTORY_EXIT_WAIT
        ):
            print(
                "history: the end of this session could not be saved "
                "(the history file stayed busy)",
                file=sys.stderr,
            )
    assert result is not None
    return result.exit_code


SOUND_SETUP_WAIT = 2.0  # seconds plain mode waits for the sound chain before its first line


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
