"""The timing trace: one JSON object a line, as DESIGN.md defines it.

People chasing a timing bug, the benchmarks and the end-to-end tests all read the same file, so the
writer appends (several runs can share one file), flushes every line (a crash keeps everything
written before it) and never decides what an event means: each event says its own trace shape via
`to_trace(sound=...)`. The player stays free of I/O; the UI hands its events here.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import TracebackType
from typing import Protocol, TextIO

TRACE_ENV = "UNKNOT_TRACE"

# The keys of each trace line, in the order they are written (DESIGN.md, "Time").
TRACE_KEYS: dict[str, tuple[str, ...]] = {
    "segment": ("event", "index", "kind", "step", "side", "rep", "length", "scheduled", "actual"),
    "cue": ("event", "cue", "segment", "scheduled", "actual", "sound"),
    "command": ("event", "command", "actual"),
    "end": ("event", "state", "planned", "actual"),
}


class Traceable(Protocol):
    def to_trace(self, sound: str | None = None) -> dict[str, object]: ...


class TraceWriter:
    """Appends trace lines to a file (opened for append) or to a text stream the caller owns."""

    def __init__(self, target: str | os.PathLike[str] | TextIO) -> None:
        if isinstance(target, str | os.PathLike):
            path = Path(target)
            path.parent.mkdir(parents=True, exist_ok=True)
            self._stream: TextIO = path.open("a", encoding="utf-8")
            self._owned = True
        else:
            self._stream = target
            self._owned = False

    def write(self, event: Traceable, sound: str | None = None) -> dict[str, object]:
        """Write one event; `sound` is what played a cue (paplay, miniaudio, bell, off, …)."""
        line = event.to_trace(sound=sound)
        self._stream.write(json.dumps(line, ensure_ascii=False) + "\n")
        self._stream.flush()
        return line

    def write_all(self, events: Iterable[Traceable], sound: str | None = None) -> None:
        for event in events:
            self.write(event, sound=sound)

    def close(self) -> None:
        if self._owned and not self._stream.closed:
            self._stream.close()

    def __enter__(self) -> TraceWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def trace_path(cli_value: str | None, environ: Mapping[str, str] | None = None) -> Path | None:
    """`--trace FILE` wins over `UNKNOT_TRACE=FILE`; an empty value means no trace."""
    env = os.environ if environ is None else environ
    value = cli_value or env.get(TRACE_ENV, "")
    return Path(value) if value else None


def read_trace(path: str | os.PathLike[str]) -> list[dict[str, object]]:
    """Every line of a trace file, for tests and benchmarks; a torn last line is left out."""
    lines: list[dict[str, object]] = []
    with Path(path).open(encoding="utf-8") as stream:
        for text in stream:
            try:
                lines.append(json.loads(text))
            except json.JSONDecodeError:
                if text.endswith("\n"):
                    raise
    return lines
