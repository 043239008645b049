"""Typed reads of a parsed TOML table that report what is wrong instead of raising.

The schema checker is built on these: each read returns a usable value (or a default) and, when
the value is not what the format allows, reports a problem with a hint, so one pass over a file
finds every problem in it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, Protocol

from tui.core.durations import DurationError, a_type_word, parse_seconds
from tui.core.locate import KeyPath
from tui.core.problems import key_text

KEBAB_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class Report(Protocol):
    """Where problems go: `LoadedFile.report`."""

    def __call__(
        self, path: KeyPath, message: str, hint: str = "", *, missing: bool = False
    ) -> None: ...


def close_match(word: str, choices: Iterable[str]) -> str | None:
    import difflib  # only a file with problems pays for it: start-up stays quick

    close = difflib.get_close_matches(word, tuple(choices), n=1, cutoff=0.6)
    return close[0] if close else None


def suggest(key: str, known: Iterable[str]) -> str:
    known = tuple(known)
    close = close_match(key, known)
    if close:
        return f"did you mean {close!r}?"
    return "known keys here: " + ", ".join(known)


class TypedReads:
    """Reads of one kind of value each (table, string, boolean, whole number, duration, words)."""

    def __init__(self, report: Report) -> None:
        self.report = report

    def unknown_keys(self, table: dict[str, Any], known: tuple[str, ...], at: KeyPath) -> None:
        for key in table:
            if key not in known:
                self.report(
                    (*at, key), f"{key!r} is not a key the format knows", suggest(key, known)
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
        if value is None:
            if required:
                self.report(
                    at,
                    f"the required key {key!r} is missing",
                    f'add {key} = "…"' + (f" ({limit} characters at most)" if limit else ""),
                )
            return ""
        path = (*at, key)
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

    def word(
        self, table: dict[str, Any], key: str, at: KeyPath, vocabulary: tuple[str, ...]
    ) -> str | None:
        """One word of `vocabulary`; None when the key is absent, or wrong (and then reported,
        with the nearest word as a hint, as `words` does for each item of an array)."""
        value = table.get(key)
        if value is None:
            return None
        allowed = "one of: " + ", ".join(vocabulary)
        if not isinstance(value, str):
            self.report(
                (*at, key), f"is {a_type_word(value)}, not a word", f'{key} = "{vocabulary[0]}"'
            )
            return None
        if value not in vocabulary:
            close = close_match(value, vocabulary)
            hint = f"did you mean {close!r}? " if close else ""
            self.report((*at, key), f"{value!r} is not a {key} word", hint + allowed)
            return None
        return value

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
        if value is None and not required:  # the usual case in a long routine: nothing to word
            return ()
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
                close = close_match(item, vocabulary)
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
