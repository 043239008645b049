"""Durations as the routine format writes them, and back.

People write `90`, `"1m30s"` or `"1:30"`; the model only ever holds whole seconds, so parsing lives
here once and every caller can give the same precise complaint when a value is off.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_UNIT_RE = re.compile(r"^(?:(?P<m>\d+)m)?(?:(?P<s>\d+)s)?$")
_CLOCK_RE = re.compile(r"^(?P<m>\d+):(?P<s>[0-5]\d)$")
_RANGE_RE = re.compile(r"^(?P<lo>[^-]+)-(?P<hi>[^-]+)$")

DURATION_HINT = 'a whole number of seconds (60) or a string like "45s", "2m", "1m30s" or "1:30"'
RANGE_HINT = 'a range like "60-90s" or [60, 90], with the minimum below the maximum'


class DurationError(ValueError):
    """A value that is not a duration: the message says what is wrong, `hint` what is right."""

    def __init__(self, message: str, hint: str = DURATION_HINT) -> None:
        super().__init__(message)
        self.hint = hint


@dataclass(frozen=True, slots=True)
class Hold:
    """A hold's length: fixed when `low == high`, otherwise a range the user may release early."""

    low: int
    high: int

    @property
    def is_range(self) -> bool:
        return self.low != self.high

    @property
    def seconds(self) -> int:
        """The planned length: a range runs to its maximum unless released."""
        return self.high


def parse_seconds(value: object) -> int:
    """Read one duration (not a range) into whole seconds."""
    if isinstance(value, bool):
        raise DurationError("is true/false, not a duration")
    if isinstance(value, int):
        if value < 0:
            raise DurationError(f"{value} is negative")
        return value
    if isinstance(value, float):
        raise DurationError(f"{value} is not a whole number of seconds")
    if not isinstance(value, str):
        raise DurationError(f"is {a_type_word(value)}, not a duration")
    text = value.strip().lower()
    if text.isdigit():
        return int(text)
    clock = _CLOCK_RE.match(text)
    if clock:
        return int(clock["m"]) * 60 + int(clock["s"])
    units = _UNIT_RE.match(text)
    if units and text and (units["m"] or units["s"]):
        return int(units["m"] or 0) * 60 + int(units["s"] or 0)
    raise DurationError(f"{value!r} is not a duration")


def parse_hold(value: object) -> Hold:
    """Read a hold: one duration, `"60-90s"`, or `[60, 90]`."""
    if isinstance(value, list):
        if len(value) != 2:
            raise DurationError(f"a range needs two values, not {len(value)}", RANGE_HINT)
        low, high = parse_seconds(value[0]), parse_seconds(value[1])
        return _checked_range(low, high)
    if isinstance(value, str) and "-" in value.strip():
        match = _RANGE_RE.match(value.strip().lower())
        if not match:
            raise DurationError(f"{value!r} is not a duration or a range", RANGE_HINT)
        high_text = match["hi"].strip()
        low_text = match["lo"].strip()
        # "60-90s": the unit written once after the maximum applies to both ends.
        if low_text.isdigit() and high_text.endswith("s") and high_text[:-1].isdigit():
            low_text += "s"
        elif low_text.isdigit() and high_text.endswith("m") and high_text[:-1].isdigit():
            low_text += "m"
        try:
            low, high = parse_seconds(low_text), parse_seconds(high_text)
        except DurationError as exc:
            raise DurationError(f"{value!r} is not a range of durations", RANGE_HINT) from exc
        return _checked_range(low, high)
    seconds = parse_seconds(value)
    return Hold(seconds, seconds)


def _checked_range(low: int, high: int) -> Hold:
    if low >= high:
        raise DurationError(
            f"the range's minimum {low} s is not below its maximum {high} s", RANGE_HINT
        )
    return Hold(low, high)


def format_minutes(minutes: float) -> str:
    """`25 min`, `1 h 5 min`, `1,204 h 0 min`: totals of minutes as the history reads them."""
    whole = round(minutes)
    if whole < 60:
        return f"{whole} min"
    hours, rest = divmod(whole, 60)
    return f"{hours:,} h {rest} min"


def format_clock(seconds: float) -> str:
    """`m:ss` (or `h:mm:ss`) for listings and the countdown; rounds up so 0.2 s left shows 0:01."""
    whole = int(-(-seconds // 1)) if seconds > 0 else 0
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


def format_duration(seconds: int) -> str | int:
    """The friendliest way the format can write `seconds`: `45`, `"2m"`, `"1m30s"`."""
    if seconds < 60:
        return seconds
    minutes, secs = divmod(seconds, 60)
    return f"{minutes}m{secs}s" if secs else f"{minutes}m"


def type_word(value: object) -> str:
    """The TOML name of a value's type, for messages a routine author understands."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "table"
    return "date or time"


def a_type_word(value: object) -> str:
    """`type_word` with its article: "an integer", "a string"."""
    word = type_word(value)
    return f"an {word}" if word[0] in "aeiou" else f"a {word}"
