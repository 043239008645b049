"""The routine subcommands: list, show, validate, path, play, and the app itself (no command)."""

from __future__ import annotations

import gc
import sys
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    file_json,
    length_text,
    library_timeline,
    load_library,
    minutes,
    pause_collector,
    print_table,
    resolve_routine,
    sorted_problems,
    source_text,
)
from tui.core.durations import format_clock
from tui.core.library import routine_files_within
from tui.core.paths import Locations, bundled_routines
from tui.core.vocabulary import AREAS

if TYPE_CHECKING:
    import argparse

    from tui.core.routine import Routine
    from tui.core.routine_file import LoadedFile
    from tui.core.timeline import PlayedStep, Timeline


def cmd_list(args: argparse.Namespace) -> int:
    import json

    library = load_library()
    rows = []
    for routine in library.routines.values():
        timeline = library.timeline(routine)
        if args.area and args.area not in routine.areas:
            continue
        if args.equipment and not _has_equipment(routine, args.equipment):
            continue
        if args.max_minutes is not None and timeline.planned_seconds > args.max_minutes * 60:
            continue
        rows.append((routine, timeline))
    if args.json:
        payload = {
            "routines": [
                {
                    "id": r.id,
                    "name": r.name,
                    "summary": r.summary,
                    "planned_seconds": t.planned_seconds,
                    "manual_steps": t.manual_steps,
                    "areas": list(r.areas),
                    "equipment": list(r.equipment),
                    "level": r.level,
                    "source": "bundled" if r.bundled else "user",
                    "shadows_bundled": r.id in library.shadowed,
                    "path": str(r.path),
                }
                for r, t in rows
            ],
            "broken": [file_json(f) for f in library.broken],
        }
        print(json.dumps(payload, indent=2))
        return EXIT_OK
    table = [("ID", "NAME", "LENGTH", "AREAS", "EQUIPMENT", "LEVEL", "SOURCE")]
    for routine, timeline in rows:
        table.append(
            (
                routine.id,
                routine.name,
                length_text(timeline),
                ", ".join(routine.areas),
                ", ".join(routine.equipment) or "none",
                routine.level,
                source_text(routine, library),
            )
        )
    print_table(table)
    if not rows:
        print("(no routine matches)")
    if library.broken:
        print(
            f"\n{len(library.broken)} routine file(s) have problems; `unknot validate` shows them:"
        )
        for loaded in library.broken:
            print(f"  {loaded.path}")
    return EXIT_OK


def _has_equipment(routine: Routine, wanted: str) -> bool:
    if wanted == "none":
        return not routine.equipment
    return wanted in routine.equipment


def cmd_show(args: argparse.Namespace) -> int:
    from tui.core.timeline import KIND_WORDS

    library = load_library()
    routine = resolve_routine(args.routine, library)
    timeline = library_timeline(library, routine)
    print(routine.name)
    print(routine.summary)
    print()
    facts = [
        ("id", routine.id),
        ("length", length_text(timeline)),
        ("areas", ", ".join(routine.areas)),
        ("equipment", ", ".join(routine.equipment) or "none"),
        ("level", routine.level),
        ("source", str(routine.path)),
    ]
    if routine.tags:
        facts.append(("tags", ", ".join(routine.tags)))
    for label, value in facts:
        print(f"{label:>10}  {value}")
    if routine.description:
        print(f"\n{routine.description.strip()}")
    if routine.caution:
        print(f"\nCaution: {routine.caution.strip()}")
    print("\nSteps")
    for played in timeline.steps:
        print("\n".join(step_lines(played)))
    print("\nTimeline")
    table = [("START", "LENGTH", "WHAT", "STEP", "SIDE", "REP")]
    for segment in timeline.segments:
        reps = segment.played.step.reps
        table.append(
            (
                format_clock(segment.start),
                format_clock(segment.length) if segment.is_timed else "manual",
                KIND_WORDS[segment.kind],
                f"{segment.step_number}. {segment.played.name}",
                segment.side or "",
                f"{segment.rep} of {reps}" if reps > 1 else "",
            )
        )
    print_table(table)
    print(f"\nPlanned length: {length_text(timeline)}")
    if args.figures:
        from tui.cli.figures import print_step_figures

        print_step_figures(timeline)
    return EXIT_OK


def step_lines(played: PlayedStep, width: int = 96) -> list[str]:
    """One step as `show` prints it: its name, position and areas, then how to get into it and
    what to do once there, so a routine can be read through before it is played."""
    step = played.step
    facts = [step.position or "", ", ".join(step.areas), "manual" if step.manual else ""]
    heading = " · ".join([f"{played.number:>3}. {step.name}", *(fact for fact in facts if fact)])
    lines = [heading]
    cue = "Then" if step.manual else "Hold"
    for label, text in (("Set-up", step.setup), (cue, step.instructions)):
        if text.strip():
            lines += textwrap.wrap(
                f"{label}: {' '.join(text.split())}",
                width,
                initial_indent=" " * 6,
                subsequent_indent=" " * 8,
            )
    return lines


def cmd_validate(args: argparse.Namespace) -> int:
    # Imported here: `unknot` alone imports this module and draws before it reads a file.
    import json

    from tui.core.library_checks import check_with_library
    from tui.core.loader import read_routine_file
    from tui.core.timeline import build_timeline

    files: list[LoadedFile] = []
    for name in args.paths:
        path = Path(name)
        if path.is_dir():
            files.extend(read_routine_file(p) for p in routine_files_within(path))
        else:
            files.append(read_routine_file(path))
    library = load_library()
    check_with_library(files, library.get)
    group = {f.id: f.routine for f in files if f.ok}

    def resolve(routine_id: str) -> Routine | None:
        return group.get(routine_id) or library.get(routine_id)

    results: list[tuple[LoadedFile, Timeline | None]] = []
    for loaded in files:
        timeline = None
        if loaded.ok and loaded.routine is not None:
            timeline = build_timeline(loaded.routine, resolve)
        results.append((loaded, timeline))
    if args.json:
        print(json.dumps({"files": [file_json(f, t) for f, t in results]}, indent=2))
    else:
        for loaded, timeline in results:
            if timeline is not None and not args.quiet:
                print(f"{loaded.path}: ok ({length_text(timeline)})")
            for problem in sorted_problems(loaded.problems):
                print(problem)
        bad = sum(1 for f, _ in results if not f.ok)
        count = sum(len(f.problems) for f, _ in results)
        if not files:
            print("no routine files found", file=sys.stderr)
        elif bad:
            print(f"{bad} of {len(files)} file(s) have {count} problem(s)", file=sys.stderr)
    ok = bool(files) and all(f.ok for f, _ in results)
    return EXIT_OK if ok else EXIT_PROBLEMS


# ---- path --------------------------------------------------------------------------------------


def cmd_path(args: argparse.Namespace) -> int:
    import json

    where = Locations.current()
    rows = {
        "routines": where.routines,
        "config": where.config_file,
        "history": where.history_file,
        "cache": where.cache,
        "bundled": bundled_routines(),
    }
    if args.json:
        print(json.dumps({k: str(v) for k, v in rows.items()}, indent=2))
    else:
        for label, value in rows.items():
            print(f"{label:>9}  {value}")
    return EXIT_OK


# ---- the app -----------------------------------------------------------------------------------


def cmd_app(args: argparse.Namespace) -> int:
    """`unknot` with no command: the full-screen app, opening on the library."""
    pause_collector()  # until the first frame (tui/app/collector.py)
    from tui.app.unknot import run_app  # textual is imported only on this path

    # Drawn first; the library is read by a thread after the first frame.
    run_app(None, read_library=load_library)
    return EXIT_OK


def cmd_play(args: argparse.Namespace) -> int:
    library = load_library()
    routine = resolve_routine(args.routine, library)
    fit = None
    if args.minutes is not None:
        from tui.cli.builder import fit_for_play

        fit = fit_for_play(routine, args.minutes, library)
        routine = fit.routine
    timeline = library_timeline(library, routine)  # one that cannot expand is refused up front
    # The routine and its expansion (10,000 steps are some 100,000 objects) live as long as the
    # session: kept out of the collector's full passes, which then stop walking them again and
    # again while the player starts and plays.
    gc.freeze()
    intro = None
    if fit is not None:
        from tui.cli.builder import fit_lines

        intro = "\n".join(fit_lines(fit))
    from tui.cli.playing import play_routine

    return play_routine(args, library, routine, timeline, intro=intro, fit=fit)


def register(commands: Any) -> None:
    """The routine commands, added to the parser by tui.cli.main."""
    from argparse import BooleanOptionalAction

    listing = commands.add_parser("list", help="the routines you can play")
    listing.add_argument("--area", choices=AREAS, help="only routines for this area")
    listing.add_argument("--equipment", metavar="WORD", help='only routines using this ("none")')
    listing.add_argument(
        "--max-minutes", type=minutes, metavar="N", help="only routines up to N min"
    )
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=cmd_list)

    show = commands.add_parser("show", help="one routine in detail, with its timeline")
    show.add_argument("routine", metavar="ID|FILE")
    show.add_argument(
        "--figures", action="store_true", help="print each step's figure of its pose, if it has one"
    )
    show.set_defaults(handler=cmd_show)

    validate = commands.add_parser(
        "validate", help="check routine files and folders (with their subfolders)"
    )
    validate.add_argument("paths", nargs="+", metavar="PATH")
    validate.add_argument("--json", action="store_true", help="print JSON")
    validate.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    validate.set_defaults(handler=cmd_validate)

    play = commands.add_parser("play", help="play a routine in the full-screen player")
    play.add_argument("routine", metavar="ID|FILE")
    play.add_argument(
        "--trace",
        metavar="FILE",
        help="append the JSON-lines timing trace to FILE (or UNKNOT_TRACE)",
    )
    play.add_argument(
        "--plain",
        action="store_true",
        help="one line per event, never redrawn (also when output is not a terminal, "
        "or UNKNOT_PLAIN=1)",
    )
    play.add_argument(
        "--minutes",
        type=float,
        metavar="N",
        help="fit the routine to N minutes first (holds and rests scaled; the changes are shown)",
    )
    play.add_argument(
        "--voice",
        action=BooleanOptionalAction,
        default=None,  # None: each routine's own `voice` setting decides
        help="speak each step's name during its prep, where a speech engine is installed "
        "(--no-voice: none; default: as the routine says)",
    )
    play.set_defaults(handler=cmd_play)

    path = commands.add_parser("path", help="where your routines, config and history live")
    path.add_argument("--json", action="store_true", help="print JSON")
    path.set_defaults(handler=cmd_path)
