"""What the routine builder needs that is not a screen: drafts, checking, undo, ids and saving.

A draft is the routine as its file would hold it, plain TOML data, so it can be wrong: a hold the
person is halfway through typing is just the text typed so far. Nothing here judges a draft
itself. It is written out as TOML in the writer's layout and read by the same loader every
routine file goes through, so the builder shows exactly the problems `unknot validate` would, at
the same key paths (`steps[3].hold`), and a draft the loader accepts is a routine.

Drafts never change: every edit returns a new one. The undo stack is then just a list of drafts,
and "unsaved changes" is a comparison with the draft last saved.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
import tomllib
import unicodedata
from collections.abc import Callable, Container, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

import tomli_w

from tui.core.library import Library
from tui.core.library_checks import check_with_library
from tui.core.loader import parse_routine
from tui.core.locate import KeyPath
from tui.core.problems import Problem, key_text
from tui.core.routine import CUE_EVENTS, FORMAT_VERSION, Routine
from tui.core.schema import (
    CUE_KEYS,
    DEFAULT_KEYS,
    ID_RE,
    INCLUDE_KEYS,
    ROUTINE_KEYS,
    STEP_CUE_KEYS,
    STEP_KEYS,
)
from tui.core.timeline import Timeline, build_timeline
from tui.core.writer import (
    cue_fields,
    defaults_fields,
    dumps,
    routine_fields,
    save_atomic,
    step_fields,
    toml_scalar,
)

Resolver = Callable[[str], Routine | None]
MAX_ID_LENGTH = 60
STARTER_SUMMARY = "A routine of my own."
STARTER_STEP: Mapping[str, Any] = MappingProxyType({"name": "First step", "hold": 30})


# ---- frozen plain data ---------------------------------------------------------------------


def freeze(value: Any) -> Any:
    """TOML data made read-only: tables become mappings that cannot change, arrays tuples."""
    if isinstance(value, Mapping):
        return MappingProxyType({str(k): freeze(v) for k, v in value.items()})
    if isinstance(value, list | tuple):
        return tuple(freeze(item) for item in value)
    return value


def thaw(value: Any) -> Any:
    """The mutable copy of frozen data: dicts and lists, as tomllib gives and tomli-w takes."""
    if isinstance(value, Mapping):
        return {k: thaw(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [thaw(item) for item in value]
    return value


# ---- the draft -----------------------------------------------------------------------------


@dataclass(frozen=True, eq=True)
class Draft:
    """A routine being built: its id and its TOML document, as plain read-only data.

    Paths name a value the way problems do, steps counted from 1: `("routine", "name")`,
    `("steps", 2, "hold")`, `("steps", 2, "cues", "halfway")`, `("cues", "sounds", "start")`;
    `key_text(path)` is the key of a problem about that value. `folder` is where the routine
    will be saved (its sound paths are relative to it); None means the user's routines folder.
    """

    id: str
    document: Mapping[str, Any]
    folder: Path | None = None

    # ---- making one ------------------------------------------------------------------------
    @classmethod
    def of(cls, routine_id: str, document: Mapping[str, Any], folder: Path | None = None) -> Draft:
        return cls(routine_id, freeze(document), folder)

    @classmethod
    def from_routine(cls, routine: Routine, routine_id: str | None = None) -> Draft:
        """The draft of a routine as the writer would write it (so nothing is lost)."""
        document: dict[str, Any] = {"format": FORMAT_VERSION, "routine": routine_fields(routine)}
        defaults = defaults_fields(routine.defaults)
        if defaults:
            document["defaults"] = defaults
        cues: dict[str, Any] = dict(cue_fields(routine.cues))
        if routine.cues.sounds:
            cues["sounds"] = dict(routine.cues.sounds)
        if cues:
            document["cues"] = cues
        document["steps"] = [step_fields(step) for step in routine.steps]
        return cls.of(routine_id or routine.id, document)

    @classmethod
    def from_toml(cls, text: str, routine_id: str, folder: Path | None = None) -> Draft:
        """The draft of a hand-written file, problems and all; ValueError if it is not TOML."""
        try:
            document = tomllib.loads(text.removeprefix("\ufeff"))
        except tomllib.TOMLDecodeError as exc:
            raise ValueError(f"{routine_id}.toml is not valid TOML: {exc}") from exc
        return cls.of(routine_id, document, folder)

    # ---- reading ---------------------------------------------------------------------------
    def get(self, path: KeyPath, default: Any = None) -> Any:
        """The value at `path`, or `default` when it is not there."""
        node: Any = self.document
        for part in path:
            node = _child(node, part)
            if node is None:
                return default
        return node

    @property
    def name(self) -> str:
        name = self.get(("routine", "name"), "")
        return name if isinstance(name, str) else ""

    @property
    def steps(self) -> tuple[Mapping[str, Any], ...]:
        steps = self.document.get("steps", ())
        if not isinstance(steps, tuple):
            return ()
        return tuple(step for step in steps if isinstance(step, Mapping))

    def is_include(self, number: int) -> bool:
        return self.get(("steps", number, "include")) is not None

    # ---- field by field --------------------------------------------------------------------
    def set(self, path: KeyPath, value: Any) -> Draft:
        """A draft with `path` set to `value`; None removes the key (so the default applies).

        Missing tables on the way are made; a table left empty by a removal is dropped, except
        [routine] and the steps themselves. KeyError for a step that does not exist.
        """
        if value is None:
            return self.unset(path)
        if not path:
            raise KeyError("an empty path names no value")
        document = thaw(self.document)
        node: Any = document
        for part, following in itertools.pairwise(path):
            if isinstance(part, int):
                node = _step_of(node, part, path)
            elif isinstance(following, int):
                node = node.get(part) if isinstance(node.get(part), list) else None
                if node is None:
                    raise KeyError(f"{key_text(path)}: there is no {part}[{following}]")
            else:
                if not isinstance(node.get(part), dict):
                    node[part] = {}
                node = node[part]
        last = path[-1]
        if isinstance(last, int):
            raise KeyError(f"{key_text(path)}: set a whole step with replace_step")
        node[last] = thaw(value)
        return self.with_document(document)

    def unset(self, path: KeyPath) -> Draft:
        """A draft without the value at `path` (the same draft if it was not there)."""
        if self.get(path) is None:
            return self
        document = thaw(self.document)
        nodes: list[Any] = [document]
        for part in path[:-1]:
            nodes.append(nodes[-1][part - 1] if isinstance(part, int) else nodes[-1][part])
        last = path[-1]
        del nodes[-1][last - 1 if isinstance(last, int) else last]  # items count from 1
        # Drop tables left empty, from the deepest up (nodes[d] is the table at path[:d]); never
        # [routine], the steps or a step, whose absence the loader would read differently.
        for depth in range(len(path) - 1, 0, -1):
            table = path[:depth]
            if nodes[depth] or table == ("routine",) or (table[0] == "steps" and depth <= 2):
                break
            key = path[depth - 1]
            del nodes[depth - 1][key - 1 if isinstance(key, int) else key]
        return self.with_document(document)

    def with_document(self, document: Mapping[str, Any]) -> Draft:
        return dataclasses.replace(self, document=freeze(document))

    def with_id(self, routine_id: str) -> Draft:
        return dataclasses.replace(self, id=routine_id)

    # ---- steps ---------------------------------------------------------------------------
    def add_step(self, step: Mapping[str, Any] | None = None, at: int | None = None) -> Draft:
        """A draft with `step` (a starter step if None) inserted as step number `at` (1 = first;
        None = after the last)."""
        steps = list(self._step_list())
        position = len(steps) if at is None else min(max(at - 1, 0), len(steps))
        steps.insert(position, freeze(step if step is not None else STARTER_STEP))
        return self._with_steps(steps)

    def add_include(self, routine_id: str, rounds: int = 1, at: int | None = None) -> Draft:
        step: dict[str, Any] = {"include": routine_id}
        if rounds != 1:
            step["rounds"] = rounds
        return self.add_step(step, at)

    def replace_step(self, number: int, step: Mapping[str, Any]) -> Draft:
        steps = list(self._step_list())
        _check_number(number, len(steps))
        steps[number - 1] = freeze(step)
        return self._with_steps(steps)

    def remove_step(self, number: int) -> Draft:
        steps = list(self._step_list())
        _check_number(number, len(steps))
        del steps[number - 1]
        return self._with_steps(steps)

    def duplicate_step(self, number: int) -> Draft:
        """A draft with a copy of step `number` right after it."""
        steps = list(self._step_list())
        _check_number(number, len(steps))
        steps.insert(number, steps[number - 1])
        return self._with_steps(steps)

    def move_step(self, number: int, by: int) -> Draft:
        """A draft with step `number` moved `by` places (-1 up, +1 down), stopping at the ends."""
        steps = list(self._step_list())
        _check_number(number, len(steps))
        target = min(max(number - 1 + by, 0), len(steps) - 1)
        steps.insert(target, steps.pop(number - 1))
        return self._with_steps(steps)

    def _step_list(self) -> tuple[Any, ...]:
        steps = self.document.get("steps", ())
        return steps if isinstance(steps, tuple) else ()

    def _with_steps(self, steps: list[Any]) -> Draft:
        document = dict(self.document)
        document["steps"] = tuple(steps)
        return dataclasses.replace(self, document=MappingProxyType(document))

    # ---- as a file -------------------------------------------------------------------------
    def text(self) -> str:
        return draft_text(self)


def _child(node: Any, part: str | int) -> Any:
    if isinstance(part, int):
        if isinstance(node, tuple) and 1 <= part <= len(node):
            return node[part - 1]
        return None
    if isinstance(node, Mapping):
        return node.get(part)
    return None


def _step_of(node: Any, number: int, path: KeyPath) -> dict[str, Any]:
    if not isinstance(node, list) or not 1 <= number <= len(node):
        raise KeyError(f"{key_text(path)}: there is no step {number}")
    if not isinstance(node[number - 1], dict):
        node[number - 1] = {}
    return node[number - 1]


def _check_number(number: int, count: int) -> None:
    if not 1 <= number <= count:
        raise KeyError(f"there is no step {number} (the routine has {count})")


def starter_draft(name: str, routine_id: str | None = None) -> Draft:
    """A small routine that already loads: the name given, one area, one 30-second step."""
    document = {
        "format": FORMAT_VERSION,
        "routine": {"name": name, "summary": STARTER_SUMMARY, "areas": ["upper-back"]},
        "steps": [dict(STARTER_STEP)],
    }
    return Draft.of(routine_id or id_from_name(name), document)


# ---- the draft as TOML ---------------------------------------------------------------------

_TABLE_ORDER: dict[str, tuple[str, ...]] = {
    "routine": ROUTINE_KEYS,
    "defaults": DEFAULT_KEYS,
    "cues": CUE_KEYS,
    "sounds": CUE_EVENTS,
    "step": STEP_KEYS + INCLUDE_KEYS,
    "step cues": STEP_CUE_KEYS,
}
_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def draft_text(draft: Draft) -> str:
    """The draft as a TOML file, in the writer's layout and the format's key order.

    A draft made from a routine gives exactly `writer.dumps(routine)`; any other draft gives
    TOML that reads back as its document, however wrong that is as a routine, so the loader
    can say what is wrong with it.
    """
    document = draft.document
    parts: list[str] = []
    top = {k: v for k, v in document.items() if not _is_section(k, v)}
    parts.append("\n".join(_lines(_ordered(top, ("format",)))))
    routine = document.get("routine")
    if isinstance(routine, Mapping):
        parts.append("\n".join(["[routine]", *_lines(_ordered(routine, ROUTINE_KEYS))]))
    defaults = document.get("defaults")
    if isinstance(defaults, Mapping) and defaults:
        parts.append("\n".join(["[defaults]", *_lines(_ordered(defaults, DEFAULT_KEYS))]))
    cues = document.get("cues")
    if isinstance(cues, Mapping) and cues:
        sounds = cues.get("sounds")
        plain = {k: v for k, v in cues.items() if not (k == "sounds" and isinstance(v, Mapping))}
        parts.append("\n".join(["[cues]", *_lines(_ordered(plain, CUE_KEYS))]))
        if isinstance(sounds, Mapping):
            parts.append("\n".join(["[cues.sounds]", *_lines(_ordered(sounds, CUE_EVENTS))]))
    steps = document.get("steps")
    if _is_section("steps", steps):
        for step in steps:
            fields = dict(_ordered(step, _TABLE_ORDER["step"]))
            if isinstance(fields.get("cues"), Mapping):
                fields["cues"] = dict(_ordered(fields["cues"], STEP_CUE_KEYS))
            parts.append("\n".join(["[[steps]]", *_lines(fields.items())]))
    return "\n\n".join(part for part in parts if part) + "\n"


def _is_section(key: str, value: Any) -> bool:
    """Whether a top-level value is written as its own [table] or [[steps]] blocks."""
    if key == "steps":
        return (
            isinstance(value, tuple) and bool(value) and all(isinstance(s, Mapping) for s in value)
        )
    return key in ("routine", "defaults", "cues") and isinstance(value, Mapping)


def _ordered(table: Mapping[str, Any], order: Iterable[str]) -> list[tuple[str, Any]]:
    known = [key for key in order if key in table]
    return [(key, table[key]) for key in known] + [
        (key, value) for key, value in table.items() if key not in known
    ]


def _lines(pairs: Iterable[tuple[str, Any]]) -> list[str]:
    return [f"{_key(key)} = {_inline(value)}" for key, value in pairs]


def _key(key: str) -> str:
    if _BARE_KEY.match(key):
        return key
    return tomli_w.dumps({"k": key}, multiline_strings=False).split(" = ", 1)[1].rstrip("\n")


def _inline(value: Any) -> str:
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_inline(item) for item in value) + "]"
    if isinstance(value, Mapping):
        if not value:
            return "{}"
        return "{ " + ", ".join(f"{_key(k)} = {_inline(v)}" for k, v in value.items()) + " }"
    return toml_scalar(value)


# ---- checking --------------------------------------------------------------------------------


class Checked(NamedTuple):
    """What the loader makes of a draft: the routine and its timeline when it has no problems.
    A tuple, so `routine, problems, timeline = check_draft(draft, library)` reads naturally."""

    routine: Routine | None
    problems: list[Problem]
    timeline: Timeline | None

    @property
    def ok(self) -> bool:
        return self.routine is not None and not self.problems


def check_draft(draft: Draft, library: Library | Resolver, folder: Path | None = None) -> Checked:
    """Check `draft` exactly as a file of it would be checked: the loader's two passes, with
    includes found in the draft first (its own id), then in `library`.

    Problems carry key paths (`problem.key`, e.g. "steps[3].hold") and lines of `draft_text`.
    The file is taken to sit in `folder`, else the draft's own folder, else the user's routines
    folder, which is where sound paths are looked for. Reads no routine file; never raises.
    """
    resolve: Resolver = library.get if isinstance(library, Library) else library
    where = folder or draft.folder or _user_routines()
    loaded = parse_routine(draft_text(draft).encode("utf-8"), where / f"{draft.id}.toml")
    check_with_library([loaded], resolve)
    if not loaded.ok or loaded.routine is None:
        return Checked(None, list(loaded.problems), None)
    routine = loaded.routine

    def with_draft(routine_id: str) -> Routine | None:
        return routine if routine_id == draft.id else resolve(routine_id)

    return Checked(routine, [], build_timeline(routine, with_draft))


def problems_at(problems: Iterable[Problem], path: KeyPath) -> list[Problem]:
    """The problems about the value at `path` or anything inside it, for showing beside a field:
    `("steps", 3)` gathers every problem of the third step."""
    key = key_text(path)
    return [
        p
        for p in problems
        if p.key == key or p.key.startswith(key + ".") or p.key.startswith(key + "[")
    ]


def _user_routines() -> Path:
    from tui.core.paths import Locations

    return Locations.current().routines


# ---- typed text → values ---------------------------------------------------------------------

_WORD_LISTS = {"areas", "equipment", "tags", "sides"}
_WHOLE_NUMBERS = {"reps", "rounds", "countdown", "format"}
_DURATIONS = {"hold", "prep", "rest", "switch"}
_SWITCHES = {"manual", "repeatable", "halfway", "voice"}
_TRUE = {"true", "yes", "on", "y"}
_FALSE = {"false", "no", "off", "n"}


def value_from_text(path: KeyPath, text: str) -> Any:
    """What the person typed into the field for `path`, as the TOML value the format expects.

    Text that does not read as that kind of value is kept as text, so the loader reports it at
    its key path with its hint. Empty text is None: the key is removed and its default applies
    (or, for a required key, the problem says it is missing).
    """
    text = text.strip()
    if not text:
        return None
    key = path[-1] if path else ""
    in_sounds = len(path) >= 2 and path[-2] == "sounds"
    if in_sounds or not isinstance(key, str):
        return text
    if key in _WORD_LISTS:
        return tuple(word for word in re.split(r"[,\s]+", text) if word)
    if key in _WHOLE_NUMBERS:
        return int(text) if re.fullmatch(r"[+-]?\d+", text) else text
    if key in _DURATIONS:
        pair = re.fullmatch(r"\[\s*(\d+)\s*,\s*(\d+)\s*\]", text)
        if pair:
            return (int(pair[1]), int(pair[2]))
        return int(text) if text.isdigit() else text
    if key in _SWITCHES:
        lowered = text.lower()
        return True if lowered in _TRUE else False if lowered in _FALSE else text
    if key == "volume":
        try:
            return float(text)
        except ValueError:
            return text
    if key == "breathe":
        numbers = re.split(r"[,\s/-]+", text.strip("[]() "))
        if all(re.fullmatch(r"\d+", n) for n in numbers):
            return tuple(int(n) for n in numbers)
        return text
    return text


def text_from_value(value: Any) -> str:
    """A value as a field shows it: words joined by commas, true/false, numbers as written."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple | list):
        return ", ".join(text_from_value(item) for item in value)
    if isinstance(value, Mapping):
        return ", ".join(f"{k} = {text_from_value(v)}" for k, v in value.items())
    return str(value)


# ---- ids -------------------------------------------------------------------------------------


def id_from_name(name: str) -> str:
    """The routine id a name gives: "Child's pose, 10 min" → "childs-pose-10-min".

    Accents are dropped, apostrophes vanish, anything else that is not a letter or digit becomes
    one hyphen; at most 60 characters, cut at a hyphen. A name with no letters or digits gives
    "my-routine".
    """
    text = unicodedata.normalize("NFKD", name)
    text = "".join(char for char in text if not unicodedata.combining(char)).lower()
    text = re.sub(r"['’‘`´]", "", text)
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    if len(text) > MAX_ID_LENGTH:
        cut = text[: MAX_ID_LENGTH + 1]
        text = cut.rsplit("-", 1)[0] if "-" in cut else cut[:MAX_ID_LENGTH]
    return text or "my-routine"


def free_id(base: str, taken: Container[str]) -> str:
    """`base`, or `base-2`, `base-3`… whichever is not taken: an id to offer on a clash."""
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


# ---- undo ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class UndoStack:
    """The drafts a builder has been through, for ctrl+z, and the one last saved.

    `push` with a `group` (say, the path of the field being typed into) folds a run of edits of
    the same group into one step, so one ctrl+z takes back a whole word, not its last letter.
    """

    present: Draft
    past: tuple[Draft, ...] = ()
    future: tuple[Draft, ...] = ()
    saved: Draft | None = None
    group: object = None
    limit: int = 200

    @classmethod
    def start(cls, draft: Draft, saved: bool = True) -> UndoStack:
        """A stack at `draft`; `saved` says it is what the file already holds."""
        return cls(present=draft, saved=draft if saved else None)

    def push(self, draft: Draft, group: object = None) -> UndoStack:
        if draft == self.present:
            return self
        if group is not None and group == self.group and self.past:
            return dataclasses.replace(self, present=draft, future=())
        past = (*self.past, self.present)[-self.limit :]
        return dataclasses.replace(self, present=draft, past=past, future=(), group=group)

    def undo(self) -> UndoStack:
        if not self.past:
            return self
        return dataclasses.replace(
            self,
            present=self.past[-1],
            past=self.past[:-1],
            future=(self.present, *self.future),
            group=None,
        )

    def redo(self) -> UndoStack:
        if not self.future:
            return self
        return dataclasses.replace(
            self,
            present=self.future[0],
            past=(*self.past, self.present),
            future=self.future[1:],
            group=None,
        )

    def mark_saved(self) -> UndoStack:
        return dataclasses.replace(self, saved=self.present, group=None)

    @property
    def can_undo(self) -> bool:
        return bool(self.past)

    @property
    def can_redo(self) -> bool:
        return bool(self.future)

    @property
    def dirty(self) -> bool:
        """Whether leaving now would lose something: the draft differs from the one saved."""
        return self.present != self.saved


# ---- files -----------------------------------------------------------------------------------


def has_comments(path: Path) -> bool:
    """Whether the TOML file at `path` has a comment, which saving over it would lose.

    A `#` inside any of TOML's four kinds of string is not a comment. A file that cannot be
    read has nothing to lose here.
    """
    try:
        text = path.read_bytes().decode("utf-8", errors="replace")
    except OSError:
        return False
    return text_has_comments(text)


def text_has_comments(text: str) -> bool:
    index, end = 0, len(text)
    while index < end:
        char = text[index]
        if char == "#":
            return True
        if text.startswith('"""', index) or text.startswith("'''", index):
            index = _string_end(text, index + 3, text[index] * 3)
        elif char in "\"'":
            index = _string_end(text, index + 1, char)
        else:
            index += 1
    return False


def _string_end(text: str, index: int, quote: str) -> int:
    """Where the string whose content starts at `index` ends (after its closing quote)."""
    escapes = quote[0] == '"'
    while index < len(text):
        if escapes and text[index] == "\\":
            index += 2
            continue
        if len(quote) == 1 and text[index] == "\n":
            return index  # an unclosed one-line string: TOML would refuse it; stop at the line
        if text.startswith(quote, index):
            index += len(quote)
            extra = 0
            while len(quote) == 3 and extra < 2 and text.startswith(quote[0], index):
                index, extra = index + 1, extra + 1  # `""""` ends with a quote inside
            return index
        index += 1
    return index


class SaveRefused(Exception):
    """A save that did not happen; the message says why and what to do instead."""


class RoutineExists(SaveRefused):
    """The user already has a routine with this id: replace it only when the person says so."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path.name} already exists; replace it, or choose another name")
        self.path = path


def save_user_routine(routine: Routine, folder: Path, replace: bool = False) -> Path:
    """Write `routine` as `<id>.toml` in the user's `folder`, atomically, with the writer.

    Refuses (SaveRefused) to write into the bundled routines, an id the format does not allow,
    or text the loader would not read back as the same routine; refuses (RoutineExists) to
    overwrite a file unless `replace` is true. Returns the path written.
    """
    if not ID_RE.match(routine.id):
        raise SaveRefused(
            f"{routine.id!r} is not a routine id (lowercase letters, digits, hyphens)"
        )
    target = folder / f"{routine.id}.toml"
    if _is_bundled(target):
        raise SaveRefused("bundled routines are never written; save a copy under another name")
    if target.exists() and not replace:
        raise RoutineExists(target)
    text = dumps(routine)
    loaded = parse_routine(text.encode("utf-8"), target)
    if loaded.problems:
        raise SaveRefused("; ".join(f"{p.key}: {p.message}" for p in loaded.problems))
    if loaded.routine != routine:
        raise SaveRefused("the file would not read back as this routine (please report this)")
    save_atomic(target, text)
    return target


def _is_bundled(target: Path) -> bool:
    from tui.core.paths import bundled_routines

    try:
        return target.resolve().is_relative_to(bundled_routines().resolve())
    except OSError:
        return False
