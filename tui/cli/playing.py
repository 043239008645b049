"""Where `unknot play` and `unknot replay` go: plain mode or the full-screen player, chosen here.

Both commands end the same way, a routine to play, so the choice (`--plain`, UNKNOT_PLAIN=1, or an
output that is not a terminal) is made once: in plain mode the lines that introduce the session
(what fitting changed, which session is replayed) are printed first and the session runs on the
plain player; otherwise the full-screen app opens on the routine (its caution, the player, the
summary), or on what fitting changed. Textual is imported only on the full-screen path.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from tui.cli.common import EXIT_OK, pause_collector, trace_target
from tui.core.library import Library
from tui.core.routine import Routine
from tui.core.timeline import Timeline
from tui.core.visible import visible

if TYPE_CHECKING:
    import argparse

    from tui.core.fit import FitResult


def play_routine(
    args: argparse.Namespace,
    library: Library,
    routine: Routine,
    timeline: Timeline,
    *,
    intro: str | None = None,
    fit: FitResult | None = None,
    area_ratings: tuple[tuple[str, int], ...] = (),
) -> int:
    """Play `timeline` (`routine` expanded) the way this terminal and `args` ask; the exit code.
    `intro` is said before a plain session; `fit` opens the app on what fitting changed;
    `area_ratings` (today's check-in) are kept with the session in the history."""
    from tui.plain.run import plain_wanted

    if plain_wanted(args.plain, sys.stdout):
        from tui.plain.run import run_plain  # one line per event; textual is never imported

        if intro:
            print(visible(intro, multiline=True), flush=True)
        return run_plain(
            timeline, trace_path=trace_target(args), voice=args.voice, area_ratings=area_ratings
        )
    if fit is not None:
        pause_collector()  # until the app's first frame
        from tui.app.start import fitted_app

        fitted_app(library, fit, trace_path=trace_target(args), voice=args.voice).run()
        return EXIT_OK
    pause_collector()  # until the app's first frame
    from tui.app.unknot import run_app

    run_app(
        library,
        play=routine,
        trace_path=trace_target(args),
        voice=args.voice,
        area_ratings=area_ratings,
    )
    return EXIT_OK
