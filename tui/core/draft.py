"""A routine being built, as plain read-only TOML data: the builder's draft, and ids from names.

A draft is the routine as its file would hold it, so it can be wrong: a hold the person is halfway
through typing is just the text typed so far. Nothing here judges a draft itself; it is written out
as TOML (tui/core/draft_toml.py) and read by the same loader every routine file goes through
(tui/core/draft_check.py), so the builder shows exactly the problems `unknot validate` would.

Drafts never change: every edit returns a new one. The undo stack (tui/core/undo.py) is then just
a list of drafts, and "unsaved changes" is a comparison with the draft last saved.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
import tomllib
import unicodedata
from collections.abc import Container, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from tui.core.draft_toml import document_text
from tui.core.library import Library
from tui.core.locate import KeyPath
from tui.core.problems import key_text
from tui.core.routine import FORMAT_VERSION, Routine
from tui.core.writer import cue_fields, defaults_fields, routine_fields, step_fields

MAX_ID_LENGTH = 60
STARTER_NAME = "My routine"
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
        return document_text(self.document)


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
    step = node[number - 1]
    if not isinstance(step, dict):
        step = node[number - 1] = {}
    return step


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


def new_draft(library: Library, folder: Path) -> Draft:
    """A starter routine whose name gives an id nobody has yet ("My routine 2" if need be)."""
    taken = library.ids_taken(folder)
    routine_id = free_id(id_from_name(STARTER_NAME), taken)
    suffix = routine_id.removeprefix(id_from_name(STARTER_NAME)).replace("-", " ")
    return starter_draft(STARTER_NAME + suffix, routine_id)


def copy_draft(routine: Routine, library: Library, folder: Path) -> Draft:
    """A routine's copy under a new name ("… (my copy)"), so saving it replaces nothing."""
    taken = library.ids_taken(folder)
    name = f"{routine.name} (my copy)"
    number = 2
    while id_from_name(name) in taken:
        name = f"{routine.name} (my copy {number})"
        number += 1
    return Draft.from_routine(routine, id_from_name(name)).set(("routine", "name"), name)


def file_draft(routine: Routine) -> Draft:
    """The draft of a user's routine as its file holds it (problems and all), else as written."""
    if routine.path is not None:
        try:
            text = routine.path.read_bytes().decode("utf-8")
            return Draft.from_toml(text, routine.id, folder=routine.path.parent)
        except (OSError, UnicodeDecodeError, ValueError):
            pass  # the file changed since the library was read; the routine as loaded is kept
    return Draft.from_routine(routine)


def draft_text(draft: Draft) -> str:
    """The draft as a TOML file, in the writer's layout and the format's key order.

    A draft made from a routine gives exactly `writer.dumps(routine)`; any other draft gives
    TOML that reads back as its document, however wrong that is as a routine, so the loader
    can say what is wrong with it.
    """
    return document_text(draft.document)


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
