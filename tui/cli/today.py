"""`unknot today`: a routine composed from where it is tight and how long there is.

    unknot today --minutes 10 --area lower-back=7 --area neck=4 [--plain] [--json] [--save ID]

The check-in is given on the command line; without --area, in a terminal, the app's check-in
screen asks for it. The routine is composed by tui/core/compose.py from the library's steps, with
the history's word for each rated area ("not easing") in its reasons; `--json` prints it and the
reasons without playing, `--save ID` keeps it as a routine of one's own, and otherwise it plays:
in plain mode like `unknot play --plain` (tui/cli/playing.py), full screen after the app's
preview (tui/app/today_flow.py); kept in the history with each area's rating either way.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from datetime import date
from typing import Any

from tui.cli.common import (
    EXIT_OK,
    UserError,
    library_timeline,
    load_library,
    pause_collector,
    trace_target,
)
from tui.core.routine import AREAS


def area_rating(text: str) -> tuple[str, int | None]:
    """`lower-back=7` (or `lower-back:7`) as ("lower-back", 7); a bare `neck` is tight but not
    rated, ("neck", None): it is composed as if rated 5 and nothing is kept for it."""
    match = re.fullmatch(r"\s*([A-Za-z][A-Za-z _-]*?)\s*(?:[=:]\s*(\d{1,2})\s*)?", text)
    if match is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not AREA=RATING (like lower-back=7)")
    area = "-".join(match[1].casefold().replace("_", " ").replace("-", " ").split())
    if area not in AREAS:
        from tui.core.typed_reads import close_match

        close = close_match(area, AREAS)
        hint = f"did you mean {close!r}? " if close else ""
        raise argparse.ArgumentTypeError(
            f"{match[1]!r} is not an area ({hint}one of {', '.join(AREAS)})"
        )
    if match[2] is None:
        return area, None
    rating = int(match[2])
    if not 0 <= rating <= 10:
        raise argparse.ArgumentTypeError(f"{text!r}: a rating is 0 to 10")
    return area, rating


def day_text(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-12-04") from None


def trend_words(areas: Sequence[str], today: date) -> dict[str, str]:
    """The history's word for each area ("not easing", "easing", "steady"); nothing for an
    area too new to say, or when there is no history to read."""
    from tui.core.history import HistoryStore
    from tui.core.stats import trend_words as words

    with HistoryStore.open(create=False) as store:
        if store.notice is not None and not store.notice.kept and store.path is None:
            return {}
        return words(store, areas, today)


def cmd_today(args: argparse.Namespace) -> int:
    from tui.core.compose import CheckIn, ComposeError, compose

    ratings: dict[str, int] = {}
    unrated: list[str] = []
    for area, rating in args.area or ():
        if area in ratings or area in unrated:
            raise UserError(f"{area} is rated twice; rate each area once")
        if rating is None:
            unrated.append(area)
        else:
            ratings[area] = rating
    today = args.date or date.today()
    if not ratings and not unrated:
        return _check_in(args, today)
    if args.minutes is None:
        raise UserError("say how long you have: --minutes N (5 to 120)")
    try:
        checkin = CheckIn.of(ratings, args.minutes, today, args.variant, unrated=unrated)
    except ComposeError as exc:
        raise UserError(str(exc)) from None
    library = load_library()
    trends = trend_words([*ratings, *unrated], today)
    try:
        composed = compose(library.routines.values(), checkin, trends=trends)
    except ComposeError as exc:
        raise UserError(str(exc)) from None
    if args.save:
        return _save(composed.routine, args.save, library)
    if args.json:
        print(json.dumps(composed.as_json(), indent=2))  # ASCII: nothing in it drives a terminal
        return EXIT_OK
    from tui.cli.playing import play_routine
    from tui.plain.run import plain_wanted

    if not plain_wanted(args.plain, sys.stdout):  # the app: the preview, then the player
        pause_collector()  # until the app's first frame
        from tui.app.start import today_app

        today_app(
            library,
            today,
            checkin.ratings,
            args.minutes,
            args.variant,
            trace_path=trace_target(args),
            voice=args.voice,
        ).run()
        return EXIT_OK
    routine = composed.routine
    timeline = library_timeline(library, routine)
    intro = "\n".join(
        [routine.name, *preview_lines(composed.lines(cautions=False), composed.steps)]
    )
    return play_routine(args, library, routine, timeline, intro=intro, area_ratings=checkin.ratings)


def _check_in(args: argparse.Namespace, today: date) -> int:
    """No --area: in a terminal, the app's check-in asks where it is tight (the minutes filled in
    when given); elsewhere the areas must be given, as nothing can ask for them."""
    from tui.plain.run import plain_wanted

    if args.json or args.save or plain_wanted(args.plain, sys.stdout):
        raise UserError("say where it is tight: --area lower-back=7 (one --area per area)")
    from tui.core.compose import MAX_MINUTES, MIN_MINUTES

    if args.minutes is not None and not MIN_MINUTES <= args.minutes <= MAX_MINUTES:
        raise UserError(f"{args.minutes:g} minutes: today's routine is 5 to 120")
    pause_collector()  # until the app's first frame
    from tui.app.start import today_app

    today_app(
        load_library(), today, minutes=args.minutes, trace_path=trace_target(args), voice=args.voice
    ).run()
    return EXIT_OK


def preview_lines(lines: Sequence[str], steps: Sequence[Any]) -> list[str]:
    """The reasons, then the steps in order, each with where it came from."""
    shown = [f"  {line}" for line in lines]
    shown.append("Steps:")
    for number, item in enumerate(steps, start=1):
        where = f" (from {item.source})" if item.source else ""
        shown.append(f"  {number:>2}. {item.step.name}{where}")
    return shown


def _save(routine: Any, routine_id: str, library: Any) -> int:
    import dataclasses

    from tui.core.paths import Locations
    from tui.core.saving import RoutineExists, SaveRefused, save_user_routine
    from tui.core.schema import ID_HINT, ID_RE

    if not ID_RE.match(routine_id):
        raise UserError(f"{routine_id!r} is not an id: {ID_HINT}")
    if routine_id in library.routines:
        raise UserError(f"{routine_id!r} is taken by a routine you have; choose another id")
    folder = Locations.current().routines
    try:
        path = save_user_routine(dataclasses.replace(routine, id=routine_id), folder)
    except RoutineExists as exc:
        raise UserError(f"you already have {exc.path}; choose another id") from exc
    except SaveRefused as exc:
        raise UserError(f"today's routine was not saved: {exc}") from exc
    print(path)
    return EXIT_OK


def register(commands: Any) -> None:
    """`unknot today`, added to the parser by tui.cli.main."""
    today = commands.add_parser(
        "today",
        help="a routine made for today from where it is tight and how long you have",
        description=(
            "Compose a routine from the steps of your library: the tighter an area, the more of "
            "the time it gets; an area rated 8 or more gets gentle steps only. The same check-in "
            "on the same day gives the same routine; --variant asks for another."
        ),
    )
    today.add_argument(
        "--minutes",
        type=float,
        metavar="N",
        help="how long you have (5-120); without --area, the check-in asks where it is tight",
    )
    today.add_argument(
        "--area",
        type=area_rating,
        action="append",
        metavar="AREA[=RATING]",
        help="how tight an area is, 0-10; a bare AREA is tight but not rated "
        f"(repeat it; areas: {', '.join(AREAS)})",
    )
    today.add_argument(
        "--variant", type=int, default=0, metavar="N", help="another routine for the same check-in"
    )
    today.add_argument("--date", type=day_text, metavar="YYYY-MM-DD", help=argparse.SUPPRESS)
    today.add_argument(
        "--json", action="store_true", help="print the routine and the reasons; do not play"
    )
    today.add_argument(
        "--save", metavar="ID", help="save it as your own routine ID instead of playing it"
    )
    today.add_argument(
        "--plain", action="store_true", help="one line per event (as unknot play --plain)"
    )
    today.add_argument("--trace", metavar="FILE", help="append the timing trace to FILE")
    today.add_argument(
        "--voice",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="speak each step's name during its prep, where a speech engine is installed",
    )
    today.set_defaults(handler=cmd_today)
