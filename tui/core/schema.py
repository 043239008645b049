"""The routine format's schema: every key and value of one parsed document, checked.

`Checker` walks a document that tomllib has read, reports every problem into the LoadedFile, and
builds the Routine only when there are none. What needs other routines (includes, cycles, the
total length) is checked later, with the library (tui/core/library_checks.py).
"""

from __future__ import annotations

import math
from typing import Any

from tui.core.durations import DURATION_HINT, DurationError, Hold, a_type_word, parse_hold
from tui.core.locate import KeyPath
from tui.core.routine import (
    AREAS,
    CUE_EVENTS,
    FORMAT_VERSION,
    LEVELS,
    POSITIONS,
    SIDES,
    CueSettings,
    Defaults,
    Include,
    Routine,
    Step,
    StepCues,
    StepEntry,
)
from tui.core.routine_file import LoadedFile
from tui.core.sound_checks import sound_decode_problem, sound_path_problem
from tui.core.timeline import breath_fits
from tui.core.typed_reads import KEBAB_RE, TypedReads, suggest

MAX_HOLD_SECONDS = 3600
NO_STEP_CUES = StepCues()  # frozen: one shared for every step without its own cues
MAX_SETUP_CHARS = 400
ID_RE = KEBAB_RE  # a routine id is one kebab-case word
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
    "setup",
    "position",
    "areas",
    "figure",
)
STEP_CUE_KEYS = ("countdown", "halfway", "voice")
INCLUDE_KEYS = ("include", "rounds")


class Checker(TypedReads):
    """Walks a parsed document, reporting into `loaded`, and builds the Routine if all is well."""

    def __init__(self, loaded: LoadedFile) -> None:
        super().__init__(loaded.report)
        self.loaded = loaded

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
                self.report(path, f"{event!r} is not a cue event", suggest(event, CUE_EVENTS))
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
            setup=self.string(table, "setup", at, limit=MAX_SETUP_CHARS),
            position=self.word(table, "position", at, POSITIONS),
            areas=self.words(table, "areas", at, vocabulary=AREAS),
            figure=self.figure(table, at),
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

    def figure(self, table: dict[str, Any], at: KeyPath) -> str:
        """`figure = NAME`: one of the figures unknot ships, or a problem naming the nearest."""
        if "figure" not in table:
            return ""
        name = self.string(table, "figure", at, one_line=True)
        if not isinstance(table["figure"], str):
            return ""  # reported by string()
        from tui.core.figure_names import bundled_names  # only a file that names a figure

        if name not in bundled_names():
            from tui.core import figures  # the drawing code, for a typo's hint only

            near = figures.nearest(name) if name else None
            hint = f"did you mean {near!r}? " if near else ""
            self.report(
                (*at, "figure"),
                f"{name!r} is not one of the figures unknot ships",
                hint + "`unknot figure --list` names them all",
            )
            return ""
        return name

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
            return NO_STEP_CUES
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
                    else suggest(key, INCLUDE_KEYS)
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
