"""A routine's text is plain text: control characters anywhere in it are a located problem.

A routine file is input from a stranger, and a terminal obeys control characters (ESC sequences
set the window title, wipe the screen or write the clipboard; U+009B is a CSI in one character).
Every place that writes a file's text makes them visible (tui/core/visible.py), but a routine that
carries them is not one to play either: this pass, run over the whole parsed document after the
schema's checks, reports each key and string that holds one, so the file is listed apart with the
line, the key and what to do. Newlines and tabs are text where a value may span lines (a
description, instructions, a caution, an author), not in a name or a summary.
"""

from __future__ import annotations

from typing import Any

from tui.core.locate import KeyPath
from tui.core.typed_reads import Report
from tui.core.visible import first_control

ONE_LINE_KEYS = frozenset({"name", "summary"})
HINT = "remove it: a routine's text is plain text (newlines and tabs only where it spans lines)"


def control_problems(document: dict[str, Any], report: Report) -> None:
    """Report every key and string of `document` that holds a control character."""
    _walk(document, (), report)


def _walk(value: object, at: KeyPath, report: Report) -> None:
    # str.isprintable() is False for every control character (and for some that are not, which
    # then get the full look): a routine of 10,000 steps holds 30,000 strings.
    if isinstance(value, str) and value.isprintable():
        return
    if isinstance(value, dict):
        for key, item in value.items():
            plain = not isinstance(item, str) or item.isprintable()
            if key.isprintable() and isinstance(item, (str, int, float, bool)) and plain:
                continue
            found = first_control(key)
            if found is not None:
                report((*at, key), f"the key's name holds a control character ({found})", HINT)
                continue
            _walk(item, (*at, key), report)
    elif isinstance(value, list):
        for number, item in enumerate(value, start=1):
            _walk(item, (*at, number), report)
    elif isinstance(value, str):
        name = next((part for part in reversed(at) if isinstance(part, str)), "")
        multiline = name not in ONE_LINE_KEYS and not isinstance(at[-1], int)
        found = first_control(
            value.replace("\n", "") if not multiline else value, multiline=multiline
        )
        if found is not None:
            report(at, f"holds a control character ({found}), which could drive the terminal", HINT)
