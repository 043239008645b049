"""Saving a routine into the user's folder: never into the bundled routines, never over a file
unless asked, never text the loader would not read back as the same routine; and whether a file
has comments that saving over it would lose. A routine's own file is saved in place
(`save_in_place`, tui/core/in_place.py), so what the person wrote there stays."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from tomlkit.exceptions import TOMLKitError

from tui.core.in_place import InPlace, edit_in_place
from tui.core.loader import parse_routine
from tui.core.routine import Routine
from tui.core.schema import ID_RE
from tui.core.writer import dumps, save_atomic


def has_comments(path: Path) -> bool:
    """Whether the TOML file at `path` has a comment, which saving over it would lose.

    A `#` inside any of TOML's four kinds of string is not a comment. A file that cannot be
    read has nothing to lose here.
    """
    try:
        from tui.core.regular import read_regular

        text = read_regular(path).decode("utf-8", errors="replace")
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


def in_place_edit(path: Path, document: Mapping[str, Any]) -> InPlace:
    """The text `path` would have once changed to hold `document`, and the comments it would
    lose (OSError, or ValueError when the file is not UTF-8 or not TOML)."""
    try:
        original = path.read_bytes().decode("utf-8").removeprefix("\ufeff")
        return edit_in_place(original, document)
    except (UnicodeDecodeError, TOMLKitError) as exc:
        raise ValueError(f"{path.name} cannot be edited in place ({exc})") from exc


def save_in_place(routine: Routine, path: Path, document: Mapping[str, Any]) -> Path:
    """Change the routine's own file at `path` to hold `document` (the draft `routine` was
    checked from), keeping its comments, blank lines and key order; checked like every save and
    written atomically. A file that cannot be edited in place is written afresh instead."""
    if _is_bundled(path):
        raise SaveRefused("bundled routines are never written; save a copy under another name")
    try:
        text = in_place_edit(path, document).text
    except (OSError, ValueError):
        return save_user_routine(routine, path.parent, replace=True)
    loaded = parse_routine(text.encode("utf-8"), path)
    if loaded.problems:
        raise SaveRefused("; ".join(f"{p.key}: {p.message}" for p in loaded.problems))
    if loaded.routine != routine:
        raise SaveRefused("the file would not read back as this routine (please report this)")
    save_atomic(path, text)
    return path


def _is_bundled(target: Path) -> bool:
    from tui.core.paths import bundled_routines

    try:
        return target.resolve().is_relative_to(bundled_routines().resolve())
    except OSError:
        return False
