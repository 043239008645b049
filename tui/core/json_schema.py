"""A JSON Schema of routine format v1, for editors that check TOML as it is typed (taplo, tombi,
Even Better TOML).

It is generated from the loader's own key tables (tui/core/schema.py) and vocabularies
(tui/core/routine.py): every key a table lists must have a type here, or generating fails, so a
key added to the loader cannot be missing from the schema; tests/unit/test_json_schema.py checks
the file shipped in the wheel (`SCHEMA_FILE`) is exactly what this generates, and that the schema
accepts what the loader accepts and rejects wrong types and unknown keys. The loader stays the
judge: what JSON Schema cannot say (a breath that fits its hold, includes, the 4-hour limit, sound
files that exist) only `unknot validate` checks.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from tui.core.routine import AREAS, CUE_EVENTS, FORMAT_VERSION, LEVELS, POSITIONS, SIDES
from tui.core.schema import (
    CUE_KEYS,
    DEFAULT_KEYS,
    INCLUDE_KEYS,
    MAX_HOLD_SECONDS,
    MAX_SETUP_CHARS,
    ROUTINE_KEYS,
    STEP_CUE_KEYS,
    STEP_KEYS,
    TOP_KEYS,
)

SCHEMA_FILE = Path(__file__).with_name("routine-v1.schema.json")
KEBAB = r"^[a-z0-9]+(-[a-z0-9]+)*$"
# A duration as a string: "45s", "2m", "1m30s" or "1:30" (tui/core/durations.py reads them).
DURATION_TEXT = r"^\s*(\d+|\d+:[0-5]\d|(\d+m)?(\d+s)?)\s*$"
RANGE_TEXT = r"^\s*[^-]+-[^-]+$"

Json = dict[str, Any]


def _text(description: str, *, most: int | None = None, one_line: bool = False) -> Json:
    spec: Json = {"type": "string", "description": description}
    if most is not None:
        spec["maxLength"] = most
    if one_line:
        spec["pattern"] = r"^[^\n]*$"
    return spec


def _words(description: str, vocabulary: Sequence[str] | None, *, least: int = 0) -> Json:
    item: Json = (
        {"type": "string", "enum": list(vocabulary)}
        if vocabulary
        else {
            "type": "string",
            "pattern": KEBAB,
        }
    )
    spec: Json = {
        "type": "array",
        "items": item,
        "uniqueItems": True,
        "description": description,
    }
    if least:
        spec["minItems"] = least
    return spec


def _whole(description: str, low: int, high: int) -> Json:
    return {"type": "integer", "minimum": low, "maximum": high, "description": description}


def _flag(description: str) -> Json:
    return {"type": "boolean", "description": description}


def _duration(description: str, most: int) -> Json:
    return {
        "description": f'{description} Whole seconds (60) or text: "45s", "2m", "1m30s", '
        f'"1:30"; 0 s to {most} s.',
        "anyOf": [
            {"type": "integer", "minimum": 0, "maximum": most},
            {"type": "string", "pattern": DURATION_TEXT},
        ],
    }


def _object(
    description: str,
    keys: Sequence[str],
    specs: Mapping[str, Json],
    *,
    required: Sequence[str] = (),
) -> Json:
    """A table whose keys are exactly the loader's `keys`, each with its spec."""
    missing = [key for key in keys if key not in specs]
    if missing:
        raise KeyError(f"the JSON Schema has no type for {', '.join(missing)}")
    spec: Json = {
        "type": "object",
        "description": description,
        "properties": {key: specs[key] for key in keys},
        "additionalProperties": False,
    }
    if required:
        spec["required"] = list(required)
    return spec


def _step_cues() -> Json:
    specs = {
        "countdown": _whole("Ticks on the last N seconds of this step's holds.", 0, 10),
        "halfway": _flag("A soft cue at the middle of this step's holds of 20 s or more."),
        "voice": _flag("Speak this step's name where a speech engine exists."),
    }
    return _object("This step's own cue settings.", STEP_CUE_KEYS, specs)


def _step() -> Json:
    hold = {
        "description": "The timed hold: a duration (1 s to 3600 s), or a range the person may "
        'release from its minimum, "60-90s" or [60, 90]. Required unless manual = true.',
        "anyOf": [
            {"type": "integer", "minimum": 1, "maximum": MAX_HOLD_SECONDS},
            {"type": "string", "pattern": DURATION_TEXT},
            {"type": "string", "pattern": RANGE_TEXT},
            {
                "type": "array",
                "items": {"anyOf": [{"type": "integer", "minimum": 1}, {"type": "string"}]},
                "minItems": 2,
                "maxItems": 2,
            },
        ],
    }
    breathe = {
        "type": "array",
        "description": "A breath pacer: seconds breathing in (1–20), holding (0–20), out (1–20).",
        "items": [
            {"type": "integer", "minimum": 1, "maximum": 20},
            {"type": "integer", "minimum": 0, "maximum": 20},
            {"type": "integer", "minimum": 1, "maximum": 20},
        ],
        "minItems": 3,
        "maxItems": 3,
    }
    specs = {
        "name": _text("The step's name, 1–60 characters.", most=60, one_line=True),
        "instructions": _text("What to do during the hold; short enough to read at a glance."),
        "hold": hold,
        "sides": {**_words("One hold per side, in this order.", SIDES), "maxItems": 2},
        "reps": _whole("The whole step (all sides) again, 1–50 times.", 1, 50),
        "rest": _duration("Rest between reps and after the step.", 600),
        "prep": _duration("Get-ready countdown before the step.", 600),
        "switch": _duration("Pause to change sides.", 600),
        "manual": _flag("No timer: the step waits until the person goes on."),
        "repeatable": _flag("The person may add one more hold of this step."),
        "cues": _step_cues(),
        "breathe": breathe,
        "setup": _text("How to get into position; shown during get-ready.", most=MAX_SETUP_CHARS),
        "position": {
            "type": "string",
            "enum": list(POSITIONS),
            "description": "Where the body is.",
        },
        "areas": _words("This step's own areas (default: the routine's).", AREAS),
        "figure": {
            "type": "string",
            "enum": _figure_names(),
            "description": "A bundled figure of the pose (`unknot figure --list`).",
        },
    }
    step = _object("A step, played in order.", STEP_KEYS, specs, required=("name",))
    # A manual step has no hold; every other step has one.
    step["if"] = {"properties": {"manual": {"const": True}}, "required": ["manual"]}
    step["then"] = {"not": {"required": ["hold"]}}
    step["else"] = {"required": ["hold"]}
    return step


def _figure_names() -> list[str]:
    """The figures unknot ships: an editor offers them as the values `figure` may take."""
    from tui.core import figures  # read when the schema is made, not when this module loads

    return figures.names()


def _include() -> Json:
    specs = {
        "include": {
            "type": "string",
            "pattern": KEBAB,
            "description": "All steps of another routine, by id.",
        },
        "rounds": _whole("How many times the included steps play, 1–20.", 1, 20),
    }
    return _object("Every step of another routine.", INCLUDE_KEYS, specs, required=("include",))


def routine_schema() -> Json:
    """The schema, built from the loader's key tables."""
    sounds = {
        "type": "object",
        "description": "The routine's own sound for a cue event: a path relative to the file.",
        "propertyNames": {"enum": list(CUE_EVENTS)},
        "additionalProperties": {"type": "string", "minLength": 1},
    }
    routine_specs = {
        "name": _text("The routine's name, 1–80 characters.", most=80, one_line=True),
        "summary": _text("One line, at most 120 characters.", most=120, one_line=True),
        "description": _text("Longer text, shown in the routine's details."),
        "areas": _words("The areas of the back it works on.", AREAS, least=1),
        "equipment": _words("What it needs, as kebab-case words; none if absent.", None),
        "level": {"type": "string", "enum": list(LEVELS), "description": "Default: gentle."},
        "caution": _text("Shown before the first step."),
        "tags": _words("Kebab-case words.", None),
        "author": _text("Who wrote it."),
    }
    cue_specs = {
        "countdown": _whole("A tick on each of the last N seconds of a hold.", 0, 10),
        "halfway": _flag("A soft cue at the middle of holds of 20 s or more."),
        "voice": _flag("Speak step names where a speech engine exists."),
        "volume": {"type": "number", "minimum": 0, "maximum": 1, "description": "0.0–1.0."},
        "sounds": sounds,
    }
    default_specs = {
        "prep": _duration("Get-ready countdown before a timed step (default 5).", 600),
        "rest": _duration("Rest after each step but the last (default 0).", 600),
        "switch": _duration("Pause to change sides between two holds (default 5).", 600),
    }
    top_specs = {
        "format": {"const": FORMAT_VERSION, "description": "The format version."},
        "routine": _object(
            "What the routine is.",
            ROUTINE_KEYS,
            routine_specs,
            required=("name", "summary", "areas"),
        ),
        "defaults": _object(
            "What every step takes unless it says otherwise.", DEFAULT_KEYS, default_specs
        ),
        "cues": _object("The routine's audio cues.", CUE_KEYS, cue_specs),
        "steps": {
            "type": "array",
            "description": "One or more steps, played in order.",
            "minItems": 1,
            "items": {"oneOf": [_step(), _include()]},
        },
    }
    schema = _object(
        "An unknot routine, format 1 (docs/ROUTINE_FORMAT.md).",
        TOP_KEYS,
        top_specs,
        required=("format", "routine", "steps"),
    )
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "unknot routine",
        **schema,
    }


def schema_text() -> str:
    """The schema as the file in the wheel holds it."""
    return json.dumps(routine_schema(), indent=2, ensure_ascii=False) + "\n"


def shipped_schema() -> str:
    """The file shipped in the wheel (what `unknot schema` prints)."""
    return SCHEMA_FILE.read_text(encoding="utf-8")


# `unknot new` puts a copy beside the person's routines and points each new file at it with a
# `#:schema` line, which taplo, tombi and Even Better TOML read relative to the file.
SIDECAR_NAME = "unknot-routine-v1.schema.json"
SCHEMA_LINE = f"#:schema ./{SIDECAR_NAME}\n"


def write_sidecar(folder: Path) -> Path:
    """The schema beside the routines in `folder`, as this unknot ships it (refreshed when it
    differs, so an upgrade brings the editor its new keys)."""
    from tui.core.writer import save_atomic

    target = folder / SIDECAR_NAME
    text = shipped_schema()
    try:
        current = target.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        current = None
    if current != text:
        save_atomic(target, text)
    return target
