"""`unknot history`, `unknot stats` and `unknot replay`: the sessions kept, what they add up to,
and a way back into one.

Registered by tui.cli.main through `register(commands)`. Neither command imports textual, and
neither makes a
folder or a file when there is no history yet: a read-only look leaves no trace. A history file
that cannot be read is moved aside by the store; the notice is printed on stderr and the command
goes on with the fresh file.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import textwrap
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from tui.core.durations import format_clock, format_minutes

if TYPE_CHECKING:
    from tui.core.history import HistoryStore
    from tui.core.history_rows import SessionSummary
    from tui.core.routine import Routine
    from tui.core.stats import AreaTrend, Stats

HISTORY_FIELDS = (
    "id",
    "started",
    "ended",
    "routine_id",
    "routine",
    "areas",
    "planned_seconds",
    "actual_seconds",
    "state",
    "tension_before",
    "tension_after",
    "favourite",
)


def register(commands: Any) -> None:
    """Add `history`, `stats` and `replay` to the `unknot` subcommands."""
    history = commands.add_parser(
        "history",
        help="the sessions you have played",
        description="The sessions you have played, newest first.",
    )
    shape = history.add_mutually_exclusive_group()
    shape.add_argument("--json", action="store_true", help="print JSON")
    shape.add_argument("--csv", action="store_true", help="print CSV")
    shape.add_argument("--delete", metavar="SESSION", help="delete one session (asks first)")
    history.add_argument("-y", "--yes", action="store_true", help="delete without asking")
    history.add_argument("--limit", type=int, metavar="N", help="only the newest N sessions")
    history.set_defaults(handler=cmd_history)

    stats = commands.add_parser(
        "stats",
        help="streak, minutes, areas and tension trends",
        description="What your sessions add up to: streak, minutes, areas, tension trends.",
    )
    stats.add_argument("--json", action="store_true", help="print JSON")
    stats.add_argument("--as-of", metavar="YYYY-MM-DD", help="the figures as of this day")
    stats.set_defaults(handler=cmd_stats)

    replay = commands.add_parser(
        "replay",
        help="play a past session again, as you played it",
        description="Play a past session again: as you played it (its extensions, extra spots "
        "and skips kept), or with --as-routine as its routine was then. Both work after the "
        "routine's file changed or was deleted. With no SESSION, the last one.",
    )
    replay.add_argument("session", nargs="?", metavar="SESSION", help="its number (ID column)")
    which = replay.add_mutually_exclusive_group()
    which.add_argument("--last", action="store_true", help="the last session (the default)")
    which.add_argument(
        "--favourite",
        action="store_true",
        help="the newest starred session (or the last session of a starred routine)",
    )
    replay.add_argument(
        "--as-routine",
        action="store_true",
        help="the routine as it was on that day, not as you played it",
    )
    replay.add_argument(
        "--trace",
        metavar="FILE",
        help="append the JSON-lines timing trace to FILE (or UNKNOT_TRACE)",
    )
    replay.add_argument(
        "--plain",
        action="store_true",
        help="one line per event, never redrawn (also when output is not a terminal, "
        "or UNKNOT_PLAIN=1)",
    )
    replay.add_argument(
        "--voice",
        action="store_true",
        default=None,
        help="speak each step's name during its prep, where a speech engine is installed",
    )
    replay.set_defaults(handler=cmd_replay)


def open_store(*, create: bool = False) -> HistoryStore:
    """The user's store; its notice (a file moved aside, history not kept) goes to stderr."""
    # Imported here: every `unknot` command builds this parser, and only these need SQLite.
    from tui.core.history import HistoryStore

    store = HistoryStore.open(create=create)
    notice = store.notice
    if notice is not None and not notice.kept and store.path is None:
        # Nothing to read: say why and where, rather than show an empty history.
        from tui.cli.common import UserError

        store.close()
        raise UserError(notice.cause or notice.message)
    if notice is not None:
        print(f"unknot: {notice.message}", file=sys.stderr)
    return store


# ---- history -----------------------------------------------------------------------------------


def cmd_history(args: argparse.Namespace) -> int:
    from tui.cli.common import EXIT_OK

    if args.delete is not None:
        return delete_session(args.delete, assume_yes=args.yes)
    with open_store() as store:
        sessions = store.sessions(limit=args.limit)
    if args.json:
        print(json.dumps({"sessions": [session_json(s) for s in sessions]}, indent=2))
    elif args.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(HISTORY_FIELDS)
        for session in sessions:
            row = session_json(session)
            row["areas"] = ";".join(session.areas)
            writer.writerow(["" if row[key] is None else row[key] for key in HISTORY_FIELDS])
    elif not sessions:
        print("No sessions yet: play a routine (unknot play ID) and it is kept here.")
    else:
        table: list[tuple[str, ...]] = [("ID", "", "DATE", "ROUTINE", "LENGTH", "STATE", "TENSION")]
        table += [session_cells(s) for s in sessions]
        print_table(table)
    return EXIT_OK


def session_json(session: SessionSummary) -> dict[str, Any]:
    return {
        "id": session.id,
        "started": session.started.isoformat(timespec="seconds"),
        "ended": session.ended.isoformat(timespec="seconds") if session.ended else None,
        "routine_id": session.routine_id,
        "routine": session.routine_name,
        "areas": list(session.areas),
        "planned_seconds": round(session.planned, 3),
        "actual_seconds": round(session.actual, 3),
        "state": session.state,
        "tension_before": session.tension_before,
        "tension_after": session.tension_after,
        "favourite": session.favourite,
        # each area's own rating, for a session rated per area (today's check-in); [] otherwise
        "area_ratings": [
            {"area": r.area, "before": r.before, "after": r.after} for r in session.area_ratings
        ],
    }


def session_cells(session: SessionSummary) -> tuple[str, ...]:
    return (
        str(session.id),
        "★" if session.favourite else "",
        session.started.strftime("%Y-%m-%d %H:%M"),
        session.routine_name,
        format_clock(session.actual),
        session.state,
        tension_text(session.tension_before, session.tension_after),
    )


def tension_text(before: int | None, after: int | None) -> str:
    if before is None and after is None:
        return ""
    return f"{'–' if before is None else before} → {'–' if after is None else after}"


def print_table(rows: list[tuple[str, ...]]) -> None:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        print("  ".join(cells).rstrip())


def delete_session(target: str, *, assume_yes: bool) -> int:
    """Delete one session after asking. Without a terminal to ask on, only --yes deletes."""
    from tui.cli.common import EXIT_OK, EXIT_PROBLEMS, UserError

    try:
        session_id = int(target)
    except ValueError:
        raise UserError(
            f"{target!r} is not a session number; `unknot history` shows them in the ID column"
        ) from None
    with open_store() as store:
        detail = store.session(session_id)
        if detail is None:
            raise UserError(f"no session has the number {session_id}")
        summary = detail.summary
        what = f"session {session_id} ({summary.routine_name}, {_when(summary.started)})"
        if not assume_yes:
            if not sys.stdin.isatty():
                print(
                    f"unknot: not deleting {what}: there is no terminal to ask on; "
                    "add --yes to delete it",
                    file=sys.stderr,
                )
                return EXIT_PROBLEMS
            try:
                answer = input(f"Delete {what}? This cannot be undone. [y/N] ")
            except EOFError:
                answer = ""
            if answer.strip().lower() not in ("y", "yes"):
                print("Nothing deleted.")
                return EXIT_OK
        store.delete_session(session_id)
    print(f"Deleted {what}.")
    return EXIT_OK


def _when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


# ---- stats -------------------------------------------------------------------------------------


def cmd_stats(args: argparse.Namespace) -> int:
    from tui.cli.common import EXIT_OK, UserError
    from tui.core.stats import compute

    today = date.today()
    if args.as_of:
        try:
            today = date.fromisoformat(args.as_of)
        except ValueError:
            raise UserError(f"--as-of {args.as_of!r} is not a date like 2025-03-01") from None
    with open_store() as store:
        stats = compute(store, today)
    if args.json:
        print(json.dumps(stats_json(stats), indent=2))
    else:
        print(stats_text(stats))
    return EXIT_OK


def stats_json(stats: Stats) -> dict[str, Any]:
    return {
        "today": stats.today.isoformat(),
        "streak_days": stats.streak,
        "minutes_this_week": round(stats.minutes_week, 1),
        "minutes_this_month": round(stats.minutes_month, 1),
        "sessions": stats.sessions,
        "minutes_total": round(stats.minutes_total, 1),
        "sessions_per_area": stats.per_area,
        "minutes_by_day": [round(m, 1) for m in stats.minutes_by_day],
        "tension": {
            area: {
                "first_week": _round(trend.first),
                "last_week": _round(trend.last),
                "ratings": trend.ratings,
                "relief": _round(trend.relief),
                "trend": trend.word,
                "see_a_professional": trend.persistent,
            }
            for area, trend in stats.trends.items()
        },
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def stats_text(stats: Stats) -> str:
    from tui.core.stats import professional_advice, sparkline

    if not stats.sessions:
        return "No sessions yet: play a routine (unknot play ID) and your figures start here."
    days = "day" if stats.streak == 1 else "days"
    most = max(stats.minutes_by_day)
    lines = [
        f"{'Streak':<14}{stats.streak} {days}",
        f"{'This week':<14}{format_minutes(stats.minutes_week)}",
        f"{'This month':<14}{format_minutes(stats.minutes_month)}",
        f"{'All time':<14}{stats.sessions:,} session{'' if stats.sessions == 1 else 's'}, "
        f"{format_minutes(stats.minutes_total)}",
        f"{'Last 30 days':<14}{sparkline(stats.minutes_by_day)}  "
        f"(up to {format_minutes(most)} a day)",
        "",
        "Sessions per area",
    ]
    width = max(len(area) for area in stats.per_area) + 2
    lines += [
        f"  {area.replace('-', ' '):<{width}}{count:,}"
        for area, count in stats.per_area.items()
        if count
    ]
    if stats.trends:
        lines += ["", "Tension, last four weeks (0–10; first week → last week)"]
        for area, trend in stats.trends.items():
            lines.append(f"  {area.replace('-', ' '):<{width}}{trend_text(trend)}")
    if stats.persistent_areas:
        lines += ["", textwrap.fill(professional_advice(stats.persistent_areas), width=88)]
    return "\n".join(lines)


def trend_text(trend: AreaTrend) -> str:
    """`6.0 → 4.5  easing`, and how much a session eases it when both ratings were given."""
    if trend.first is None or trend.last is None:
        return trend.word
    change = f"{trend.last:.1f}" if len(trend.days) < 2 else f"{trend.first:.1f} → {trend.last:.1f}"
    text = f"{change:<13}{trend.word}"
    if trend.relief is not None and trend.relief > 0:
        text += f" (a session eases it by {trend.relief:.1f})"
    return text


# ---- replay ------------------------------------------------------------------------------------


def replay_choice(args: argparse.Namespace, store: HistoryStore) -> tuple[Routine, str]:
    """The routine `unknot replay` plays, and the line saying which session it is."""
    from tui.cli.common import UserError
    from tui.core.replay import AS_PLAYED, AS_ROUTINE, ReplayError, pick_session, replay_routine

    if args.session is not None and (args.last or args.favourite):
        raise UserError("name a SESSION or use --last or --favourite, not both")
    session_id = None
    if args.session is not None:
        try:
            session_id = int(args.session)
        except ValueError:
            raise UserError(
                f"{args.session!r} is not a session number; "
                "`unknot history` shows them in the ID column"
            ) from None
    try:
        detail = pick_session(store, session_id, favourite=args.favourite)
        routine = replay_routine(detail, AS_ROUTINE if args.as_routine else AS_PLAYED)
    except ReplayError as exc:
        raise UserError(str(exc)) from None
    how = "as its routine was then" if args.as_routine else "as you played it"
    summary = detail.summary
    return (
        routine,
        f"Replaying session {summary.id} ({summary.routine_name}, {_when(summary.started)}) {how}.",
    )


def cmd_replay(args: argparse.Namespace) -> int:
    """Play the chosen session through the same ways as `unknot play`: plain mode where it
    applies, else the full-screen player (caution, player, summary)."""
    from tui.cli.common import UserError, load_library
    from tui.cli.playing import play_routine
    from tui.core.timeline import build_timeline

    with open_store() as store:
        routine, line = replay_choice(args, store)
    try:
        timeline = build_timeline(routine)  # a replay never has includes
    except ValueError as exc:
        raise UserError(f"this session cannot be replayed: {exc}") from None
    return play_routine(args, load_library(), routine, timeline, intro=line)
