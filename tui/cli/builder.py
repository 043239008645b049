"""`unknot new`, `open`, `import` and `export`: making and moving routines from the shell.

Registered by tui.cli.main through `register(commands)`. Every routine a command writes goes to the
user's routines folder, is checked by the same loader as everything else first, and never
replaces a file without being told; bundled files are never written. A routine file's cue sounds
travel with it, because its sound paths are relative to the file.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    UserError,
    length_text,
    load_library,
    pause_collector,
    resolve_routine,
)
from tui.core.library import Library, routine_files_within
from tui.core.library_checks import check_with_library
from tui.core.loader import read_routine_file
from tui.core.paths import Locations, bundled_routines
from tui.core.problems import Problem
from tui.core.routine import Routine
from tui.core.routine_file import LoadedFile
from tui.core.schema import ID_HINT, ID_RE
from tui.core.timeline import IncludeError, Timeline, build_timeline

if TYPE_CHECKING:
    from tui.core.fit import FitResult

NEW_HELP = """\
Start a routine of your own: writes a starter file (one 30-second step) in your routines folder,
named after NAME, and prints its path. With --from, the file is a copy of that routine under the
new name. Edit it with `unknot open ID`.
"""
OPEN_HELP = """\
Open your routine file in $VISUAL (or $EDITOR), and check it when the editor closes. A bundled
routine is first copied to your routines folder (your copy then shadows it); bundled files are
never changed.
"""
IMPORT_HELP = """\
Check routine files (or every .toml file of a folder and its subfolders) and copy the sound
ones into your routines folder, with the sound files they name. A file with problems is not
imported: its problems are printed. A routine you already have is never replaced without --force.
"""
EDIT_HELP = """\
Open the app straight into the routine builder on one of your routines. A bundled routine is
copied first (bundled files are never written); a file of yours with problems opens as it is, so
you can fix it there.
"""
FIT_HELP = "fit the routine to N minutes first; what changes is shown before it plays"
EXPORT_HELP = """\
Print a routine as TOML, as unknot writes it (comments are not kept). --flatten expands its
includes into plain steps that keep the prep, rest, switch and cues they had, so the planned
length and the timeline stay the same and the file needs no other routine.
"""


def register(commands: Any) -> None:
    """Add `new`, `open`, `edit`, `import` and `export` to the `unknot` subcommands."""
    new = commands.add_parser(
        "new", help="start a routine of your own from a starter file", description=NEW_HELP
    )
    new.add_argument("name", metavar="NAME", help="the routine's name; its id comes from it")
    new.add_argument("--from", dest="source", metavar="ID", help="copy this routine")
    new.set_defaults(handler=cmd_new)

    open_ = commands.add_parser(
        "open",
        help="edit a routine's file in $VISUAL or $EDITOR, then check it",
        description=OPEN_HELP,
    )
    open_.add_argument("routine", metavar="ID")
    open_.set_defaults(handler=cmd_open)

    import_ = commands.add_parser(
        "import",
        help="check routine files and copy them into your routines",
        description=IMPORT_HELP,
    )
    import_.add_argument("paths", nargs="+", metavar="FILE|DIR")
    import_.add_argument(
        "--force", action="store_true", help="replace routines (and sounds) you already have"
    )
    import_.set_defaults(handler=cmd_import)

    edit = commands.add_parser(
        "edit", help="change a routine in the app's builder", description=EDIT_HELP
    )
    edit.add_argument("routine", metavar="ID")
    edit.set_defaults(handler=cmd_edit)

    export = commands.add_parser("export", help="print a routine's TOML", description=EXPORT_HELP)
    export.add_argument("routine", metavar="ID|FILE")
    export.add_argument(
        "--flatten", action="store_true", help="expand includes into plain steps, same length"
    )
    export.set_defaults(handler=cmd_export)


def _note(line: str) -> None:
    print(f"unknot: {line}", file=sys.stderr)


def _problem_lines(problems: list[Problem]) -> str:
    ordered = sorted(problems, key=lambda p: (p.line is None, p.line or 0))
    return "\n".join(str(problem) for problem in ordered)


def _user_folder() -> Path:
    return Locations.current().routines


def _shadow_note(routine_id: str) -> None:
    if (bundled_routines() / f"{routine_id}.toml").is_file():
        _note(f"your {routine_id!r} shadows the bundled routine of that id")


# ---- sounds travel with their routine ------------------------------------------------------


def _sound_conflicts(routine: Routine, source: Path, target: Path) -> list[Path]:
    """The sound files `routine` names that `target` already holds with other content."""
    clashes = []
    for _event, relative in routine.cues.sounds:
        mine, theirs = target / relative, source / relative
        same_file = mine.exists() and mine.resolve() == theirs.resolve()
        if mine.exists() and not same_file and not filecmp.cmp(mine, theirs, shallow=False):
            clashes.append(mine)
    return clashes


def _copy_sounds(routine: Routine, source: Path, target: Path) -> None:
    """Copy the sound files `routine` names from the folder `source` into `target`."""
    for _event, relative in routine.cues.sounds:
        origin, copy = source / relative, target / relative
        if copy.exists() and copy.resolve() == origin.resolve():
            continue
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(origin, copy)


# ---- new -------------------------------------------------------------------------------------


def cmd_new(args: argparse.Namespace) -> int:
    from tui.core.draft import Draft, id_from_name, starter_draft
    from tui.core.draft_check import check_draft
    from tui.core.saving import RoutineExists, SaveRefused, save_user_routine

    library = load_library()
    folder = _user_folder()
    routine_id = id_from_name(args.name)
    target = folder / f"{routine_id}.toml"
    if target.exists():
        raise UserError(
            f"you already have {target}; `unknot open {routine_id}` edits it, "
            "or choose another name"
        )
    source_folder = folder
    if args.source:
        source = resolve_routine(args.source, library)
        draft = Draft.from_routine(source, routine_id).set(("routine", "name"), args.name)
        if source.path is not None:
            source_folder = source.path.parent
    else:
        draft = starter_draft(args.name, routine_id)
    # Checked where the source lives, so its sounds are found before they are copied over.
    routine, problems, _ = check_draft(draft, library, folder=source_folder)
    if routine is None:
        raise UserError(f"the new routine would have problems:\n{_problem_lines(problems)}")
    clashes = _sound_conflicts(routine, source_folder, folder)
    if clashes:
        raise UserError(f"you already have other sound files at {', '.join(map(str, clashes))}")
    _copy_sounds(routine, source_folder, folder)
    try:
        path = save_user_routine(routine, folder, replace=False)
    except RoutineExists as exc:
        raise UserError(f"you already have {exc.path}; choose another name") from exc
    except SaveRefused as exc:
        raise UserError(f"the new routine was not saved: {exc}") from exc
    _point_at_schema(path, folder)
    _shadow_note(routine.id)
    print(path)
    return EXIT_OK


def _point_at_schema(path: Path, folder: Path) -> None:
    """A `#:schema` line on top of a new file, and the schema beside it, so an editor with a TOML
    schema checker (taplo, tombi, Even Better TOML) checks the file as it is typed."""
    from tui.core.json_schema import SCHEMA_LINE, write_sidecar
    from tui.core.writer import save_atomic

    write_sidecar(folder)
    save_atomic(path, SCHEMA_LINE + path.read_text(encoding="utf-8"))


# ---- open ------------------------------------------------------------------------------------


def editor_command() -> list[str]:
    """The person's editor as a command line: $VISUAL, else $EDITOR, else a system default.
    $VISUAL first, as Unix tools do: it names the full-screen editor a person wants in a terminal,
    $EDITOR the one that also works on a line-only one."""
    named = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not named:
        return ["notepad"] if os.name == "nt" else ["vi"]
    return shlex.split(named, posix=os.name != "nt")


def cmd_open(args: argparse.Namespace) -> int:
    from tui.core.writer import save_atomic

    routine_id = args.routine
    if not ID_RE.match(routine_id):
        raise UserError(f"{routine_id!r} is not a routine id ({ID_HINT})")
    folder = _user_folder()
    path = folder / f"{routine_id}.toml"
    if not path.is_file():
        bundled = bundled_routines() / f"{routine_id}.toml"
        if not bundled.is_file():
            raise UserError(f"no routine has the id {routine_id!r}; `unknot new NAME` starts one")
        original = read_routine_file(bundled, bundled=True)
        if original.routine is not None:
            _copy_sounds(original.routine, bundled.parent, folder)
        save_atomic(path, bundled.read_bytes().decode("utf-8"))  # as written, comments and all
        _note(f"copied the bundled routine to {path}; your copy shadows it")
    command = [*editor_command(), str(path)]
    try:
        finished = subprocess.run(command, check=False)
    except OSError as exc:
        raise UserError(
            f"could not start the editor {command[0]!r} ({exc.strerror or exc}); "
            "set VISUAL or EDITOR"
        ) from exc
    if finished.returncode != 0:
        _note(f"the editor exited with code {finished.returncode}")
    return _report_checked(path)


def _report_checked(path: Path) -> int:
    """Check the file at `path` with the library and print its verdict; the exit code says it."""
    library = load_library()
    loaded = read_routine_file(path)
    check_with_library([loaded], library.get)
    timeline = _timeline(loaded, library)
    if timeline is None:
        print(_problem_lines(loaded.problems))
        _note(f"{path.name} has {len(loaded.problems)} problem(s); `unknot open` it again to fix")
        return EXIT_PROBLEMS
    print(f"{path}: ok ({length_text(timeline)})")
    return EXIT_OK


def _timeline(loaded: LoadedFile, library: Library) -> Timeline | None:
    if not loaded.ok or loaded.routine is None:
        return None
    routine = loaded.routine

    def resolve(routine_id: str) -> Routine | None:
        return routine if routine_id == routine.id else library.get(routine_id)

    return build_timeline(routine, resolve)


# ---- edit -------------------------------------------------------------------------------------


def cmd_edit(args: argparse.Namespace) -> int:
    from tui.core.draft import Draft

    routine_id = args.routine
    if not ID_RE.match(routine_id):
        raise UserError(f"{routine_id!r} is not a routine id ({ID_HINT})")
    library = load_library()
    routine = library.get(routine_id)
    if routine is not None:
        pause_collector()  # until the app's first frame
        from tui.app.start import builder_app

        builder_app(library, routine).run()
        return EXIT_OK
    broken = [f for f in library.broken if f.id == routine_id and not f.bundled]
    if not broken:
        raise UserError(f"no routine has the id {routine_id!r}; `unknot new NAME` starts one")
    try:
        draft = Draft.from_toml(broken[0].text, routine_id, folder=broken[0].path.parent)
    except ValueError as exc:
        raise UserError(f"{exc}; `unknot open {routine_id}` edits it as text") from exc
    pause_collector()  # until the app's first frame
    from tui.app.start import file_builder_app

    file_builder_app(library, draft).run()
    return EXIT_OK


# ---- fit before playing ----------------------------------------------------------------------


def fit_for_play(routine: Routine, minutes: float, library: Library) -> FitResult:
    """`unknot play ID --minutes N`: the fitted routine and what changed, or why it cannot be."""
    from tui.core.fit import fit_to_minutes

    try:
        return fit_to_minutes(routine, minutes, library.get)
    except (ValueError, IncludeError) as exc:
        raise UserError(f"{routine.id} cannot be fitted to {minutes:g} minutes: {exc}") from exc


def fit_lines(result: FitResult) -> list[str]:
    """What fitting changed, as plain mode prints it before the first line of the routine."""
    from tui.core.durations import format_clock

    head = f"fitted {result.routine.name} to {format_clock(result.target)}:"
    return [head, *(f"  - {change}" for change in result.changes or ["nothing to change"])]


# ---- import ----------------------------------------------------------------------------------


def cmd_import(args: argparse.Namespace) -> int:
    from tui.core.writer import save_atomic

    files: list[LoadedFile] = []
    for name in args.paths:
        given = Path(name)
        if given.is_dir():
            found = routine_files_within(given)
            if not found:
                _note(f"{given} holds no routine files")
            files.extend(read_routine_file(path) for path in found)
        else:
            files.append(read_routine_file(given))
    if not files:
        raise UserError("nothing to import")
    library = load_library()
    check_with_library(files, library.get)  # they may include each other
    folder = _user_folder()
    imported, seen = 0, set()
    for loaded in files:
        target = folder / f"{loaded.id}.toml"
        if not loaded.ok or loaded.routine is None:
            print(f"{loaded.path}: not imported, it has problems:")
            print(_problem_lines(loaded.problems))
            continue
        if loaded.id in seen:
            print(f"{loaded.path}: not imported, another file here has the id {loaded.id!r}")
            continue
        seen.add(loaded.id)
        if target.exists() and target.resolve() == loaded.path.resolve():
            print(f"{loaded.path}: already in your routines")
            imported += 1
            continue
        source = loaded.path.parent
        clashes = _sound_conflicts(loaded.routine, source, folder)
        if (target.exists() or clashes) and not args.force:
            held = str(target) if target.exists() else ", ".join(map(str, clashes))
            print(f"{loaded.path}: not imported, you already have {held} (--force replaces it)")
            continue
        replaced = target.exists()
        _copy_sounds(loaded.routine, source, folder)
        save_atomic(target, loaded.text)  # the file as written, comments and all
        print(f"{loaded.path} → {target}" + (" (replaced)" if replaced else ""))
        _shadow_note(loaded.id)
        imported += 1
    _note(f"imported {imported} of {len(files)} routine file(s) into {folder}")
    return EXIT_OK if imported == len(files) else EXIT_PROBLEMS


# ---- export ----------------------------------------------------------------------------------


def cmd_export(args: argparse.Namespace) -> int:
    from tui.core.flatten import flatten, flatten_notes
    from tui.core.writer import dumps

    library = load_library()
    routine = resolve_routine(args.routine, library)
    if args.flatten:
        try:
            notes = flatten_notes(routine, library.get)
            routine = flatten(routine, library.get)
        except IncludeError as exc:
            raise UserError(f"{routine.id} cannot be expanded: {exc}") from exc
        for note in notes:
            _note(f"note: {note}")
    sys.stdout.write(dumps(routine))
    return EXIT_OK
