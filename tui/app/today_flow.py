"""The way through today's routine: check-in → preview (another | save) → the play flow.

Like flow.py, the screens only say how they ended; this module decides what follows. The preview
goes back to the check-in as it was left (Esc), so changing one rating does not mean starting
again. Playing goes through flow.play_screens like any routine: the ratings of the check-in are
the session's "before" (asked a moment ago: no tension question), and the cautions were on the
preview already (no caution screen).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from datetime import date, timedelta

from tui.app.flow import play_screens
from tui.app.host import UnknotHost
from tui.app.screens.checkin import CheckInAnswers, CheckInScreen
from tui.app.screens.preview import PreviewChoice, PreviewScreen
from tui.core.compose import CheckIn, Composed, ComposeError, compose_from
from tui.core.compose_pick import candidates
from tui.core.routine import Routine


def today_screens(
    app: UnknotHost,
    *,
    day: date | None = None,
    previous: CheckInAnswers | None = None,
    preview_first: bool = False,
    variant: int = 0,
    saved: Callable[[Routine], None] | None = None,
) -> None:
    """Show the check-in (filled in as `previous`), then the preview of the routine composed from
    it for `day` (today), then play it. With `preview_first` (`unknot today --area …`, the
    check-in given on the command line) the preview of `previous` comes first, as `variant`.
    `saved` hears of a routine saved from the preview."""
    day = day or date.today()
    pool = candidates(app.library.routines.values())  # gathered once: "another" reuses it

    notes = area_notes(app, day)

    def check_in(answers: CheckInAnswers | None) -> None:
        app.push_screen(CheckInScreen(answers, today=day, notes=notes), callback=checked)

    def checked(answers: CheckInAnswers | None) -> None:
        if answers is not None:
            preview(answers)

    def preview(answers: CheckInAnswers, variant: int = 0) -> None:
        checkin = answers.checkin(day, variant)
        trends = trend_words(app, checkin.rating, day)
        try:
            composed = compose_from(pool, checkin, trends=trends)
        except ComposeError as exc:
            app.notify(f"No routine could be made: {exc}.", severity="warning", timeout=8)
            check_in(answers)
            return

        def another() -> Composed:
            variant = screen.composed.checkin.variant + 1
            return compose_from(pool, dataclasses.replace(checkin, variant=variant), trends=trends)

        screen = PreviewScreen(composed, another, saved)

        def after(choice: PreviewChoice | None) -> None:
            if choice == "play":
                play(screen.composed.checkin, screen.composed.routine)
            else:
                check_in(answers)

        app.push_screen(screen, callback=after)

    def play(checkin: CheckIn, routine: Routine) -> None:
        # Each area's own rating goes with the session into the history (UnknotApp.open_session
        # reads it), for this way through only: a later replay was not rated today.
        app.ratings_for[routine.id] = checkin.ratings

        def forget() -> None:
            app.ratings_for.pop(routine.id, None)

        play_screens(
            app,
            routine,
            app.library.timeline(routine),
            tension_before=max((rating for _, rating in checkin.ratings), default=None),
            caution_read=True,
            done=forget,
        )

    if previous is not None and preview_first:
        preview(previous, variant)
    else:
        check_in(previous)


def trend_words(app: UnknotHost, areas: Iterable[str], day: date) -> dict[str, str]:
    """The history's word for each rated area ("not easing"), for the composer's reasons;
    none when the history cannot be read (it is a help: composing never waits on it)."""
    store = app.history()
    if store is None:
        return {}
    from tui.core.stats import trend_words as words

    try:
        return words(store, areas, day)
    except Exception:
        return {}


def area_notes(app: UnknotHost, day: date) -> dict[str, str]:
    """What the history says of each area, for the check-in: "last 6/10 on 3 Dec · not easing"
    (the day's mean when it was rated more than once); none when it cannot be read."""
    store = app.history()
    if store is None:
        return {}
    from tui.core.stats import TREND_WINDOW_DAYS, ratings_by_area, trends

    try:
        since = day - timedelta(days=TREND_WINDOW_DAYS - 1)
        found = trends(ratings_by_area(store, since), day)
    except Exception:
        return {}
    notes: dict[str, str] = {}
    for area, trend in found.items():
        if not trend.days:
            continue
        last_day, tension = trend.days[-1]
        note = f"last {round(tension)}/10 on {last_day.day} {last_day:%b}"
        notes[area] = note if trend.word == "too early to say" else f"{note} · {trend.word}"
    return notes
