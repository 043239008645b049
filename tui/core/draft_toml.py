"""A draft's document as TOML text, in the writer's layout and the format's key order.

The builder checks a draft by writing it out and reading it back with the loader, so this must
write any document, however wrong it is as a routine, as TOML that reads back as that document;
and a document made from a routine as exactly what `writer.dumps` writes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

import tomli_w

from tui.core.routine import CUE_EVENTS
from tui.core.schema import (
    CUE_KEYS,
    DEFAULT_KEYS,
    INCLUDE_KEYS,
    ROUTINE_KEYS,
    STEP_CUE_KEYS,
    STEP_KEYS,
)
from tui.core.writer import toml_scalar

_TABLE_ORDER: dict[str, tuple[str, ...]] = {
    "routine": ROUTINE_KEYS,
    "defaults": DEFAULT_KEYS,
    "cues": CUE_KEYS,
    "sounds": CUE_EVENTS,
    "step": STEP_KEYS + INCLUDE_KEYS,
    "step cues": STEP_CUE_KEYS,
}
_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def document_text(document: Mapping[str, Any]) -> str:
    """The document as a TOML file (see `draft.draft_text`)."""
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
    steps = document.get("steps", ())
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
