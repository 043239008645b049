"""What a person types into a builder field, as the TOML value the format expects, and back."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from tui.core.locate import KeyPath

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
        return int(text) if text.isdecimal() else text  # isdigit() takes "¹", which int() refuses
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
