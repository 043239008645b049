"""Routine → TOML in the key order of ROUTINE_FORMAT.md, saved atomically.

tomli-w renders every value (so quoting and escaping are never ours to get wrong), but left to
itself it would turn a step's `cues = { … }` into a `[steps.cues]` table and spread short arrays
over several lines. The layout is composed here so a written file reads like the spec's example.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

import tomli_w

from tui.core.durations import Hold, format_duration
from tui.core.routine import (
    CUE_EVENTS,
    FORMAT_VERSION,
    CueSettings,
    Defaults,
    Include,
    Routine,
    Step,
    StepCues,
)

Value = str | int | float | bool | list["Value"] | dict[str, "Value"]


def toml_scalar(value: str | int | float | bool) -> str:
    # A TOML reader turns a line break written as CR LF inside a multi-line string into LF, so
    # text holding a carriage return is written on one line, where it is escaped.
    multiline = not (isinstance(value, str) and "\r" in value)
    text = tomli_w.dumps({"v": value}, multiline_strings=multiline)
    return text.split(" = ", 1)[1].rstrip("\n")


def _inline(value: Value) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_inline(item) for item in value) + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        return "{ " + ", ".join(f"{k} = {_inline(v)}" for k, v in value.items()) + " }"
    return toml_scalar(value)


def _lines(pairs: dict[str, Value]) -> list[str]:
    return [f"{key} = {_inline(value)}" for key, value in pairs.items()]


def _hold(hold: Hold) -> Value:
    if hold.is_range:
        return f"{hold.low}-{hold.high}s"
    return format_duration(hold.seconds)


def routine_fields(routine: Routine) -> dict[str, Value]:
    fields: dict[str, Value] = {"name": routine.name, "summary": routine.summary}
    if routine.description:
        fields["description"] = routine.description
    fields["areas"] = list(routine.areas)
    if routine.equipment:
        fields["equipment"] = list(routine.equipment)
    fields["level"] = routine.level
    for key in ("caution", "tags", "author"):
        value = getattr(routine, key)
        if value:
            fields[key] = list(value) if isinstance(value, tuple) else value
    return fields


def defaults_fields(defaults: Defaults) -> dict[str, Value]:
    base = Defaults()
    return {
        key: format_duration(getattr(defaults, key))
        for key in ("prep", "rest", "switch")
        if getattr(defaults, key) != getattr(base, key)
    }


def cue_fields(cues: CueSettings) -> dict[str, Value]:
    base = CueSettings()
    return {
        key: getattr(cues, key)
        for key in ("countdown", "halfway", "voice", "volume")
        if getattr(cues, key) != getattr(base, key)
    }


def step_cue_fields(cues: StepCues) -> dict[str, Value]:
    return {
        key: getattr(cues, key)
        for key in ("countdown", "halfway", "voice")
        if getattr(cues, key) is not None
    }


def step_fields(step: Step | Include) -> dict[str, Value]:
    if isinstance(step, Include):
        fields: dict[str, Value] = {"include": step.include}
        if step.rounds != 1:
            fields["rounds"] = step.rounds
        return fields
    fields = {"name": step.name}
    if step.instructions:
        fields["instructions"] = step.instructions
    if step.hold is not None:
        fields["hold"] = _hold(step.hold)
    if step.sides:
        fields["sides"] = list(step.sides)
    if step.reps != 1:
        fields["reps"] = step.reps
    for key in ("rest", "prep", "switch"):
        value = getattr(step, key)
        if value is not None:
            fields[key] = format_duration(value)
    if step.manual:
        fields["manual"] = True
    if step.repeatable:
        fields["repeatable"] = True
    cues = step_cue_fields(step.cues)
    if cues:
        fields["cues"] = cues
    if step.breathe is not None:
        fields["breathe"] = list(step.breathe)
    if step.setup:
        fields["setup"] = step.setup
    if step.position is not None:
        fields["position"] = step.position
    if step.areas:
        fields["areas"] = list(step.areas)
    if step.figure:
        fields["figure"] = step.figure
    return fields


def dumps(routine: Routine) -> str:
    """The routine as TOML text; reading it back gives an equal Routine."""
    parts: list[str] = [f"format = {FORMAT_VERSION}"]
    parts.append("\n".join(["[routine]", *_lines(routine_fields(routine))]))
    defaults = defaults_fields(routine.defaults)
    if defaults:
        parts.append("\n".join(["[defaults]", *_lines(defaults)]))
    cues = cue_fields(routine.cues)
    if cues or routine.cues.sounds:
        parts.append("\n".join(["[cues]", *_lines(cues)]))
    if routine.cues.sounds:
        sounds = sorted(routine.cues.sounds, key=lambda pair: CUE_EVENTS.index(pair[0]))
        parts.append("\n".join(["[cues.sounds]", *_lines(dict(sounds))]))
    for step in routine.steps:
        parts.append("\n".join(["[[steps]]", *_lines(step_fields(step))]))
    return "\n\n".join(parts) + "\n"


def save_atomic(path: Path, text: str) -> None:
    """Write `text` to `path` so a crash leaves either the old file or the new one, never half.

    The temporary file sits in the same folder so the final rename stays on one file system.
    """
    try:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except FileExistsError as exc:  # a file stands where a folder on the way should be
            raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR)) from exc
        handle, temporary = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".tmp", dir=path.parent
        )
    except OSError as exc:
        raise about(path, exc) from exc
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException as exc:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise about(path, exc) from exc
        raise


def about(path: Path, exc: OSError) -> OSError:
    """The same error, naming the file the person knows (not the temporary one beside it)."""
    from tui.core.write_errors import writing

    return writing(type(exc)(exc.errno, exc.strerror or str(exc), str(path)))


def save_routine(routine: Routine, folder: Path) -> Path:
    """Write `routine` as `<id>.toml` in `folder`, atomically; returns the file's path."""
    path = folder / f"{routine.id}.toml"
    save_atomic(path, dumps(routine))
    return path
