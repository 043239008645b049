"""Routine files → Routines, or every problem in them at once.

A file is read in two passes. The first checks the file on its own (size, encoding, TOML syntax,
every key and value) and never raises: whatever bytes arrive, the answer is a list of problems.
The second checks what needs the rest of the library (includes, cycles, the 4-hour limit), because
an include may name a routine that is loaded in the same breath.
"""

from __future__ import annotations

import codecs
import math
import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from tui.core.durations import (
    DURATION_HINT,
    DurationError,
    Hold,
    a_type_word,
    parse_hold,
    parse_seconds,
)
from tui.core.locate import KeyPath, line_of, locate_keys
from tui.core.problems import Problem, key_text
from tui.core.routine import (
    AREAS,
    CUE_EVENTS,
    FORMAT_VERSION,
    LEVELS,
    SIDES,
    CueSettings,
    Defaults,
    Include,
    Routine,
    Step,
    StepCues,
    StepEntry,
)
from tui.core.timeline import IncludeError, Timeline, breath_fits, build_timeline

MAX_FILE_BYTES = 1024 * 1024
MAX_ROUTINE_SECONDS = 4 * 3600
MAX_HOLD_SECONDS = 3600
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
KEBAB_RE = ID_RE
ID_HINT = "lowercase letters, digits and single hyphens, like tennis-ball-spine"

TOP_KEYS = ("format", "routine", "defaults", "cues", "steps")
ROUTINE_KEYS = (
    "name",
    "summary",
    "description",
    "areas",
    "equipment",
    "level",
    "caution",
    "tags",
    "author",
)
DEFAULT_KEYS = ("prep", "rest", "switch")
CUE_KEYS = ("countdown", "halfway", "voice", "volume", "sounds")
STEP_KEYS = (
    "name",
    "instructions",
    "hold",
    "sides",
    "reps",
    "rest",
    "prep",
    "switch",
    "manual",
    "repeatable",
    "cues",
    "breathe",
)
STEP_CUE_KEYS = ("countdown", "halfway", "voice")
INCLUDE_KEYS = ("include", "rounds")

_TOML_POSITION = re.compile(r"\(at line (\d+), column \d+\)|\(at end of document\)")


@dataclass(eq=False)
class LoadedFile:
    """One routine file as read: the routine when it is sound, its problems when not."""

    path: Path
    id: str
    routine: Routine | None
    problems: list[Problem]
    bundled: bool = False
    text: str = field(default="", repr=False)
    includes: list[tuple[int, str]] = field(default_factory=list)  # (step number, id), as read

    @property
    def ok(self) -> bool:
        return self.routine is not None and not self.problems

    @cached_property
    def locations(self) -> dict[KeyPath, int]:
        """Key lines, found only when a problem needs one (most files never pay for it)."""
        try:
            return locate_keys(self.text)
        except Exception:  # a locator slip must cost a line number, never the report
            return {}

    def report(self, path: KeyPath, message: str, hint: str = "", *, missing: bool = False) -> None:
        """Record a problem at `path`; `missing` says a key is absent from the table at `path`,
        so the problem stands where that table starts (line 1 for the document itself)."""
        line = line_of(self.locations, path) if path else None
        if missing and not path:
            line = 1
        self.problems.append(Problem(self.path, line, key_text(path), message, hint))
        self.routine = None


def routine_id(path: Path) -> str:
    return path.name.removesuffix(".toml")


def read_routine_file(path: Path, bundled: bool = False) -> LoadedFile:
    """Read and check one file on its own (includes are checked with the library)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        loaded = LoadedFile(path, routine_id(path), None, [], bundled)
        reason = exc.strerror or type(exc).__name__
        loaded.report((), f"cannot be read: {reason}", "check that the file exists and is readable")
        return loaded
    return parse_routine(data, path, bundled)


def parse_routine(data: bytes, path: Path, bundled: bool = False) -> LoadedFile:
    """Check the bytes of a routine file named `path`; never raises."""
    loaded = LoadedFile(path, routine_id(path), None, [], bundled)
    try:
        _check_file(loaded, data)
    except Exception as exc:  # the checker's own slip must still be an answer, not a traceback
        loaded.report(
            (),
            f"could not be checked ({type(exc).__name__}: {exc})",
            "please report this file to unknot's authors",
        )
    return loaded


def _check_file(loaded: LoadedFile, data: bytes) -> None:
    if len(data) > MAX_FILE_BYTES:
        loaded.report(
            (),
            f"is {len(data) / 1048576:.1f} MiB; a routine file is at most 1 MiB",
            "split it into smaller routines joined with include",
        )
        return
    # A UTF-8 byte-order mark may open the file: some Windows editors write one, and the
    # toml-test suite counts such a file valid.
    start = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        text = data[start:].decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = start + exc.start
        line = data[:bad].count(b"\n") + 1
        loaded.problems.append(
            Problem(
                loaded.path,
                line,
                "(file)",
                f"byte {bad + 1} is not UTF-8",
                "save the file as UTF-8",
            )
        )
        return
    loaded.text = text
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        position = _TOML_POSITION.search(message)
        line = None
        if position:
            line = int(position.group(1)) if position.group(1) else text.count("\n") + 1
            message = message[: position.start()].strip()
        loaded.problems.append(
            Problem(
                loaded.path,
                line,
                "(file)",
                f"is not valid TOML: {message[:1].lower()}{message[1:]}",
                "fix the TOML syntax on this line",
            )
        )
        return
    if not ID_RE.match(loaded.id):
        loaded.report(
            (),
            f"the file name gives the id {loaded.id!r}, which is not a routine id",
            f"rename the file to {ID_HINT}.toml",
        )
    routine = _Checker(loaded).routine(document)
    if routine is not None and not loaded.problems:
        loaded.routine = routine


def _close_match(word: str, choices: Iterable[str]) -> str | None:
    import difflib  # only a file with problems pays for it: start-up stays quick

    close = difflib.get_close_matches(word, tuple(choices), n=1, cutoff=0.6)
    return close[0] if close else None


def _suggest(key: str, known: Iterable[str]) -> str:
    known = tuple(known)
    close = _close_match(key, known)
    if close:
        return f"did you mean {close!r}?"
    return "known keys here: " + ", ".join(known)


class _Checker:
    """Walks a parsed document, reporting into `loaded`, and builds the Routine if all is well."""

    def __init__(self, loaded: LoadedFile) -> None:
        self.loaded = loaded
        self.report = loaded.report

    # ---- typed reads ------------------------------------------------------------------------
    def unknown_keys(self, table: dict[str, Any], known: tuple[str, ...], at: KeyPath) -> None:
        for key in table:
            if key not in known:
                self.report(
                    (*at, key), f"{key!r} is not a key the format knows", _suggest(key, known)
                )

    def table(self, parent: dict[str, Any], key: str, at: KeyPath) -> dict[str, Any] | None:
        value = parent.get(key)
        if value is None:
            return None
        if not isinstance(value, dict):
            self.report(
                (*at, key),
                f"is {a_type_word(value)}, not a table",
                f"write it as a [{key_text((*at, key))}] table",
            )
            return None
        return value

    def string(
        self,
        table: dict[str, Any],
        key: str,
        at: KeyPath,
        *,
        required: bool = False,
        limit: int | None = None,
        one_line: bool = False,
    ) -> str:
        value = table.get(key)
        path = (*at, key)
        if value is None:
            if required:
                self.report(
                    at,
                    f"the required key {key!r} is missing",
                    f'add {key} = "…"' + (f" ({limit} characters at most)" if limit else ""),
                )
            return ""
        if not isinstance(value, str):
            self.report(
                path, f"is {a_type_word(value)}, not a string", f'write it in quotes: "{value}"'
            )
            return ""
        if required and not value.strip():
            self.report(path, "is empty", "write at least one character")
        if limit is not None and len(value) > limit:
            self.report(path, f"is {len(value)} characters long", f"{limit} characters at most")
        if one_line and "\n" in value:
            self.report(path, "spans more than one line", "keep it to one line")
        return value

    def boolean(self, table: dict[str, Any], key: str, at: KeyPath, default: bool) -> bool:
        value = table.get(key, default)
        if not isinstance(value, bool):
            self.report(
                (*at, key),
                f"is {a_type_word(value)}, not true or false",
                f"{key} = true or {key} = false",
            )
            return default
        return value

    def integer(
        self, table: dict[str, Any], key: str, at: KeyPath, low: int, high: int, default: int
    ) -> int:
        value = table.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int):
            self.report(
                (*at, key),
                f"is {a_type_word(value)}, not a whole number",
                f"a whole number from {low} to {high}",
            )
            return default
        if not low <= value <= high:
            self.report(
                (*at, key), f"{value} is out of range", f"a whole number from {low} to {high}"
            )
            return default
        return value

    def duration(self, table: dict[str, Any], key: str, at: KeyPath, high: int) -> int | None:
        if key not in table:
            return None
        try:
            seconds = parse_seconds(table[key])
        except DurationError as exc:
            self.report((*at, key), str(exc), f"{exc.hint}, from 0 s to {high} s")
            return None
        if seconds > high:
            self.report((*at, key), f"{seconds} s is longer than {high} s", f"0 s to {high} s")
            return None
        return seconds

    def words(
        self,
        table: dict[str, Any],
        key: str,
        at: KeyPath,
        *,
        vocabulary: tuple[str, ...] | None,
        required: bool = False,
    ) -> tuple[str, ...]:
        value = table.get(key)
        allowed = (
            ("one or more of: " + ", ".join(vocabulary))
            if vocabulary
            else ("kebab-case words like foam-roller")
        )
        if value is None:
            if required:
                self.report(
                    at, f"the required key {key!r} is missing", f"add {key} = [ … ], {allowed}"
                )
            return ()
        if not isinstance(value, list):
            self.report(
                (*at, key),
                f"is {a_type_word(value)}, not an array",
                f'an array like {key} = ["{(vocabulary or ("foam-roller",))[0]}"]',
            )
            return ()
        if required and not value:
            self.report((*at, key), "is empty", allowed)
        result: list[str] = []
        for number, item in enumerate(value, start=1):
            item_path = (*at, key, number)
            if not isinstance(item, str):
                self.report(item_path, f"item {number} is {a_type_word(item)}, not a word", allowed)
            elif vocabulary is not None and item not in vocabulary:
                close = _close_match(item, vocabulary)
                hint = f"did you mean {close!r}? " if close else ""
                self.report(
                    item_path, f"{item!r} is not one of the words allowed here", hint + allowed
                )
            elif vocabulary is None and not KEBAB_RE.match(item):
                self.report(item_path, f"{item!r} is not a kebab-case word", allowed)
            elif item in result:
                self.report(item_path, f"{item!r} is given twice", "name each one once")
            else:
                result.append(item)
        return tuple(result)

    # ---- the document -----------------------------------------------------------------------
    def routine(self, doc: dict[str, Any]) -> Routine | None:
        self.unknown_keys(doc, TOP_KEYS, ())
        self.format_version(doc)
        meta = self.table(doc, "routine", ()) if "routine" in doc else None
        if "routine" not in doc:
            self.report(
                (),
                "the required table [routine] is missing",
                "add a [routine] table with name, summary and areas",
                missing=True,
            )
        meta = meta or {}
        if "routine" in doc:
            self.unknown_keys(meta, ROUTINE_KEYS, ("routine",))
        at: KeyPath = ("routine",)
        name = self.string(meta, "name", at, required="routine" in doc, limit=80, one_line=True)
        summary = self.string(
            meta, "summary", at, required="routine" in doc, limit=120, one_line=True
        )
        description = self.string(meta, "description", at)
        areas = self.words(meta, "areas", at, vocabulary=AREAS, required="routine" in doc)
        equipment = self.words(meta, "equipment", at, vocabulary=None)
        level = self.string(meta, "level", at)
        if "level" in meta and isinstance(meta["level"], str) and level not in LEVELS:
            self.report((*at, "level"), f"{level!r} is not a level", "gentle, moderate or firm")
        level = level or "gentle"
        caution = self.string(meta, "caution", at)
        tags = self.words(meta, "tags", at, vocabulary=None)
        author = self.string(meta, "author", at)
        defaults = self.defaults(doc)
        cues = self.cues(doc)
        steps = self.steps(doc)
        if self.loaded.problems:
            return None
        return Routine(
            id=self.loaded.id,
            name=name,
            summary=summary,
            areas=areas,
            steps=steps,
            description=description,
            equipment=equipment,
            level=level,
            caution=caution,
            tags=tags,
            author=author,
            defaults=defaults,
            cues=cues,
            path=self.loaded.path,
            bundled=self.loaded.bundled,
        )

    def format_version(self, doc: dict[str, Any]) -> None:
        if "format" not in doc:
            self.report(
                (),
                "the required key 'format' is missing",
                f"put format = {FORMAT_VERSION} on the first line",
                missing=True,
            )
            return
        value = doc["format"]
        if isinstance(value, bool) or not isinstance(value, int):
            self.report(
                ("format",),
                f"is {a_type_word(value)}, not a version number",
                f"format = {FORMAT_VERSION}",
            )
        elif value != FORMAT_VERSION:
            self.report(
                ("format",),
                f"format {value} is not one this version of unknot reads",
                f"format = {FORMAT_VERSION}, or a newer unknot",
            )

    def defaults(self, doc: dict[str, Any]) -> Defaults:
        table = self.table(doc, "defaults", ())
        if table is None:
            return Defaults()
        self.unknown_keys(table, DEFAULT_KEYS, ("defaults",))
        base = Defaults()
        values = {key: self.duration(table, key, ("defaults",), 600) for key in DEFAULT_KEYS}
        return Defaults(
            prep=base.prep if values["prep"] is None else values["prep"],
            rest=base.rest if values["rest"] is None else values["rest"],
            switch=base.switch if values["switch"] is None else values["switch"],
        )

    def cues(self, doc: dict[str, Any]) -> CueSettings:
        table = self.table(doc, "cues", ())
        if table is None:
            return CueSettings()
        at: KeyPath = ("cues",)
        self.unknown_keys(table, CUE_KEYS, at)
        base = CueSettings()
        volume = table.get("volume", base.volume)
        if isinstance(volume, bool) or not isinstance(volume, int | float):
            self.report(
                (*at, "volume"),
                f"is {a_type_word(volume)}, not a number",
                "a number from 0.0 to 1.0",
            )
            volume = base.volume
        elif not 0.0 <= volume <= 1.0 or math.isnan(volume):
            self.report((*at, "volume"), f"{volume} is out of range", "a number from 0.0 to 1.0")
            volume = base.volume
        return CueSettings(
            countdown=self.integer(table, "countdown", at, 0, 10, base.countdown),
            halfway=self.boolean(table, "halfway", at, base.halfway),
            voice=self.boolean(table, "voice", at, base.voice),
            volume=float(volume),
            sounds=self.sounds(table),
        )

    def sounds(self, cues: dict[str, Any]) -> tuple[tuple[str, str], ...]:
        at: KeyPath = ("cues",)
        table = self.table(cues, "sounds", at)
        if table is None:
            return ()
        at = ("cues", "sounds")
        folder = self.loaded.path.parent
        result: list[tuple[str, str]] = []
        for event, value in table.items():
            path = (*at, event)
            if event not in CUE_EVENTS:
                self.report(path, f"{event!r} is not a cue event", _suggest(event, CUE_EVENTS))
                continue
            if not isinstance(value, str) or not value:
                self.report(
                    path,
                    f"is {a_type_word(value)}, not a file path",
                    'a path relative to the routine file, like "sounds/gong.wav"',
                )
                continue
            problem = sound_path_problem(folder, value) or sound_decode_problem(folder, value)
            if problem:
                self.report(path, *problem)
                continue
            result.append((event, value))
        # In the order the format lists the events, as the writer writes them.
        return tuple(sorted(result, key=lambda pair: CUE_EVENTS.index(pair[0])))

    def steps(self, doc: dict[str, Any]) -> tuple[StepEntry, ...]:
        value = doc.get("steps")
        if value is None:
            self.report(
                (),
                "the routine has no steps",
                "add at least one [[steps]] block with a name",
                missing=True,
            )
            return ()
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            self.report(
                ("steps",),
                f"is {a_type_word(value)}, not a list of [[steps]] blocks",
                "write each step as a [[steps]] block",
            )
            return ()
        if not value:
            self.report(("steps",), "is empty", "add at least one [[steps]] block with a name")
        entries: list[StepEntry] = []
        for number, table in enumerate(value, start=1):
            entry = self.step(table, ("steps", number))
            if entry is not None:
                entries.append(entry)
        return tuple(entries)

    def step(self, table: dict[str, Any], at: KeyPath) -> StepEntry | None:
        if "include" in table:
            return self.include(table, at)
        self.unknown_keys(table, STEP_KEYS, at)
        name = self.string(table, "name", at, required=True, limit=60, one_line=True)
        instructions = self.string(table, "instructions", at)
        manual = self.boolean(table, "manual", at, False)
        hold: Hold | None = None
        if "hold" in table:
            if manual:
                self.report(
                    (*at, "hold"),
                    "a manual step has no timer, so no hold",
                    "remove hold, or remove manual = true",
                )
            else:
                hold = self.hold(table["hold"], (*at, "hold"))
        elif not manual:
            self.report(
                at,
                "the required key 'hold' is missing",
                f"add hold = 60 ({DURATION_HINT}), or manual = true for a step without a timer",
            )
        sides = self.words(table, "sides", at, vocabulary=SIDES)
        breathe = self.breathe(table, at, hold)
        step_cues = self.step_cues(table, at)
        return Step(
            name=name,
            hold=hold,
            instructions=instructions,
            sides=sides,
            reps=self.integer(table, "reps", at, 1, 50, 1),
            rest=self.duration(table, "rest", at, 600),
            prep=self.duration(table, "prep", at, 600),
            switch=self.duration(table, "switch", at, 600),
            manual=manual,
            repeatable=self.boolean(table, "repeatable", at, False),
            cues=step_cues,
            breathe=breathe,
        )

    def hold(self, value: object, at: KeyPath) -> Hold | None:
        try:
            hold = parse_hold(value)
        except DurationError as exc:
            self.report(at, str(exc), f"{exc.hint}; a hold is 1 s to 3600 s, or a range")
            return None
        if hold.low < 1 or hold.high > MAX_HOLD_SECONDS:
            shown = f"{hold.low}-{hold.high} s" if hold.is_range else f"{hold.high} s"
            self.report(at, f"{shown} is out of range", f"a hold is 1 s to {MAX_HOLD_SECONDS} s")
            return None
        return hold

    def breathe(
        self, table: dict[str, Any], at: KeyPath, hold: Hold | None
    ) -> tuple[int, int, int] | None:
        if "breathe" not in table:
            return None
        value = table["breathe"]
        path = (*at, "breathe")
        hint = "[IN, HOLD, OUT] whole seconds: in 1–20, hold 0–20, out 1–20, like [4, 0, 6]"
        if (
            not isinstance(value, list)
            or len(value) != 3
            or any(isinstance(v, bool) or not isinstance(v, int) for v in value)
        ):
            self.report(path, "is not three whole numbers", hint)
            return None
        breath_in, held, breath_out = value
        if not (1 <= breath_in <= 20 and 0 <= held <= 20 and 1 <= breath_out <= 20):
            self.report(path, f"{value} is out of range", hint)
            return None
        breathe = (breath_in, held, breath_out)
        if hold is None:
            return breathe
        if hold.is_range:
            self.report(path, "a range hold cannot have breathe", "give the hold one length")
            return None
        fits = breath_fits(hold.seconds, breathe, longest=MAX_HOLD_SECONDS)
        if fits is not None:
            self.report(
                (*at, "hold"),
                f"{hold.seconds} s is not a whole number of {sum(breathe)}-second breaths",
                f"hold = {fits[0]} or hold = {fits[1]}",
            )
            return None
        return breathe

    def step_cues(self, table: dict[str, Any], at: KeyPath) -> StepCues:
        cues = self.table(table, "cues", at)
        if cues is None:
            return StepCues()
        path = (*at, "cues")
        self.unknown_keys(cues, STEP_CUE_KEYS, path)
        return StepCues(
            countdown=self.integer(cues, "countdown", path, 0, 10, 0)
            if "countdown" in cues
            else None,
            halfway=self.boolean(cues, "halfway", path, True) if "halfway" in cues else None,
            voice=self.boolean(cues, "voice", path, False) if "voice" in cues else None,
        )

    def include(self, table: dict[str, Any], at: KeyPath) -> Include | None:
        for key in table:
            if key not in INCLUDE_KEYS:
                hint = (
                    "move it into the included routine"
                    if key in STEP_KEYS
                    else _suggest(key, INCLUDE_KEYS)
                )
                self.report(
                    (*at, key), f"{key!r} cannot stand beside include; only rounds can", hint
                )
        target = table["include"]
        if not isinstance(target, str):
            self.report(
                (*at, "include"),
                f"is {a_type_word(target)}, not a routine id",
                f'include = "foam-roll-upper-back" ({ID_HINT})',
            )
            return None
        if not ID_RE.match(target):
            self.report((*at, "include"), f"{target!r} is not a routine id", ID_HINT)
            return None
        self.loaded.includes.append((int(at[-1]), target))
        rounds = self.integer(table, "rounds", at, 1, 20, 1)
        return Include(include=target, rounds=rounds)


def sound_path_problem(folder: Path, value: str) -> tuple[str, str] | None:
    """Why a routine's sound path is not allowed, or None; the rules are the format's."""
    hint = 'a path relative to the routine file, inside its folder, like "sounds/gong.wav"'
    relative = Path(value)
    if relative.is_absolute() or value.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", value):
        return (f"{value!r} is an absolute path", hint)
    try:
        target = (folder / relative).resolve()
        inside = target.is_relative_to(folder.resolve())
        exists = inside and target.is_file()
        folder_there = inside and not exists and target.is_dir()
    except (OSError, ValueError):  # a NUL character, a name too long for the file system…
        return (f"{value!r} is not a path this system can open", hint)
    if not inside:
        return (f"{value!r} leaves the routine's folder", hint)
    if folder_there:
        return (
            f"{value!r} is a folder, not a sound file",
            'name the file in it, like "sounds/gong.wav"',
        )
    if not exists:
        return (f"{value!r} does not exist", f"put the file at {target}")
    return None


def sound_decode_problem(folder: Path, value: str) -> tuple[str, str] | None:
    """Why an allowed sound path will not play, or None. WAV is read with the standard library;
    other formats are tried with ffmpeg where it is installed, and cannot be judged without it
    (the player then falls back to the bundled cue, with a notice)."""
    import shutil
    import subprocess
    import wave

    target = folder / value
    hint = "save it as a 16-bit PCM WAV file"
    try:
        with wave.open(str(target), "rb") as wav:
            if wav.getnframes() > 0:
                return None
            return (f"{value!r} holds no sound", hint)
    except (wave.Error, EOFError, OSError) as exc:
        reason = str(exc) or type(exc).__name__
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        if target.suffix.lower() in (".wav", ".wave"):
            return (f"{value!r} is not a WAV file unknot can read ({reason})", hint)
        return None
    try:
        subprocess.run(
            [ffmpeg, "-v", "error", "-nostdin", "-i", str(target), "-f", "null", "-"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=10,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return (f"{value!r} will not decode (ffmpeg cannot read it)", hint)
    return None


# ---- the second pass: what needs other routines ---------------------------------------------

Resolver = Callable[[str], Routine | None]


def check_with_library(files: list[LoadedFile], fallback: Resolver) -> None:
    """Check includes, cycles and total length, finding ids in `files` first, then `fallback`.

    Works from the includes as read, so a file with other problems still hears about its bad
    includes in the same report; a file that includes a broken routine cannot be played either.
    """
    group: dict[str, LoadedFile] = {}
    for loaded in files:
        group.setdefault(loaded.id, loaded)
    told: set[tuple[int, int]] = set()  # (file, step number): includes already reported

    def includes_of(routine_id: str) -> list[str] | None:
        if routine_id in group:
            return [target for _, target in group[routine_id].includes]
        found = fallback(routine_id)
        return None if found is None else list(found.includes)

    for loaded in files:
        for number, target in loaded.includes:
            path: KeyPath = ("steps", number, "include")
            cycle = _find_cycle(target, includes_of, (loaded.id,))
            if cycle:
                loaded.report(
                    path,
                    f"makes an include cycle: {' → '.join(cycle)}",
                    "remove one of these includes",
                )
                told.add((id(loaded), number))
            elif target not in group and fallback(target) is None:
                loaded.report(
                    path,
                    f"no routine has the id {target!r}",
                    "name a bundled routine, one of yours, or a file checked with this one",
                )
                told.add((id(loaded), number))

    # Including a broken routine breaks the includer, and so on up the chain, whatever the order
    # of the files: repeat until no include has news.
    changed = True
    while changed:
        changed = False
        for loaded in files:
            for number, target in loaded.includes:
                if (id(loaded), number) in told or target not in group:
                    continue
                if group[target].problems:
                    loaded.report(
                        ("steps", number, "include"),
                        f"includes {target!r}, which has problems of its own",
                        f"fix {group[target].path.name} first",
                    )
                    told.add((id(loaded), number))
                    changed = True

    def resolve(routine_id: str) -> Routine | None:
        if routine_id in group:
            return group[routine_id].routine
        return fallback(routine_id)

    for loaded in files:
        if loaded.routine is None:
            continue
        try:
            seconds = build_timeline(loaded.routine, resolve).planned_seconds
        except IncludeError as exc:
            loaded.report(("steps",), f"cannot be expanded: {exc}", "check its includes")
            continue
        if seconds > MAX_ROUTINE_SECONDS:
            loaded.report(
                ("steps",),
                f"the routine plans {seconds / 3600:.1f} hours",
                "a whole routine is at most 4 hours: shorten holds or lower rounds",
            )


def _find_cycle(
    target: str, includes_of: Callable[[str], list[str] | None], chain: tuple[str, ...]
) -> tuple[str, ...] | None:
    if target in chain:
        return (*chain, target)
    for included in includes_of(target) or ():
        found = _find_cycle(included, includes_of, (*chain, target))
        if found:
            return found
    return None


# ---- the library -----------------------------------------------------------------------------


def routine_files(folder: Path) -> list[Path]:
    """The routine files of a folder, sorted so listings and errors come in a stable order."""
    try:
        return sorted(
            p for p in folder.iterdir() if p.suffix == ".toml" and not p.name.startswith(".")
        )
    except OSError:
        return []


@dataclass
class Library:
    """Every routine a person can play: bundled ones, and theirs, which shadow bundled ones."""

    routines: dict[str, Routine]
    broken: list[LoadedFile]
    shadowed: dict[str, Routine]  # bundled routines hidden by a user routine of the same id

    @classmethod
    def load(cls, bundled_dir: Path | None, user_dir: Path | None) -> Library:
        bundled = (
            [read_routine_file(p, bundled=True) for p in routine_files(bundled_dir)]
            if bundled_dir
            else []
        )
        user = [read_routine_file(p) for p in routine_files(user_dir)] if user_dir else []
        return cls.from_files(bundled, user)

    @classmethod
    def from_files(cls, bundled: list[LoadedFile], user: list[LoadedFile]) -> Library:
        # A user file shadows a bundled one by id, broken or not: the person meant to replace it.
        user_ids = {f.id for f in user}
        effective = user + [f for f in bundled if f.id not in user_ids]
        check_with_library(effective, lambda _id: None)
        routines = {f.id: f.routine for f in effective if f.ok and f.routine is not None}
        shadowed = {f.id: f.routine for f in bundled if f.id in user_ids and f.routine is not None}
        broken = [f for f in effective if not f.ok]
        return cls(dict(sorted(routines.items())), broken, shadowed)

    def get(self, routine_id: str) -> Routine | None:
        return self.routines.get(routine_id)

    def timeline(self, routine: Routine) -> Timeline:
        return build_timeline(routine, self.get)
