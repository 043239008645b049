"""Routine files → Routines, or every problem in them at once.

A file is read in two passes. The first, here, checks the file on its own (size, encoding, TOML
syntax, then every key and value with the schema in tui/core/schema.py) and never raises: whatever
bytes arrive, the answer is a list of problems. The second (tui/core/library_checks.py) checks
what needs the rest of the library (includes, cycles, the 4-hour limit), because an include may
name a routine that is loaded in the same breath.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from tui.core import toml_read
from tui.core.problems import Problem
from tui.core.regular import NotRegular, read_regular
from tui.core.routine_file import LoadedFile, routine_id
from tui.core.schema import ID_HINT, ID_RE, Checker
from tui.core.text_checks import control_problems
from tui.core.toml_errors import toml_syntax

MAX_FILE_BYTES = 1024 * 1024


def read_routine_file(path: Path, bundled: bool = False) -> LoadedFile:
    """Read and check one file on its own (includes are checked with the library)."""
    try:
        data = read_regular(path)
    except NotRegular as exc:
        loaded = LoadedFile(path, routine_id(path), None, [], bundled)
        loaded.report(
            (), str(exc), "a routine is a regular .toml file; remove this one or replace it"
        )
        return loaded
    except OSError as exc:
        loaded = LoadedFile(path, routine_id(path), None, [], bundled)
        reason = exc.strerror or type(exc).__name__
        loaded.report((), f"cannot be read: {reason}", "check that the file exists and is readable")
        return loaded
    return parse_routine(data, path, bundled)


def parse_routine(data: bytes, path: Path, bundled: bool = False) -> LoadedFile:
    """Check the bytes of a routine file named `path`; never raises."""
    loaded = LoadedFile(path, routine_id(path), None, [], bundled)
    try:
        _check_file(loaded, data)
    except Exception as exc:  # the checker's own slip must still be an answer, not a traceback
        loaded.report(
            (),
            f"could not be checked ({type(exc).__name__}: {exc})",
            "please report this file to unknot's authors",
        )
    return loaded


def _check_file(loaded: LoadedFile, data: bytes) -> None:
    if len(data) > MAX_FILE_BYTES:
        loaded.report(
            (),
            f"is {len(data) / 1048576:.1f} MiB; a routine file is at most 1 MiB",
            "split it into smaller routines joined with include",
        )
        return
    # A UTF-8 byte-order mark may open the file: some Windows editors write one, and the
    # toml-test suite counts such a file valid.
    start = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        text = data[start:].decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = start + exc.start
        line = data[:bad].count(b"\n") + 1
        loaded.problems.append(
            Problem(
                loaded.path,
                line,
                "(file)",
                f"byte {bad + 1} is not UTF-8",
                "save the file as UTF-8",
            )
        )
        return
    loaded.text = text
    try:
        document = toml_read.loads(text)
    except toml_read.TOMLDecodeError as exc:
        syntax = toml_syntax(exc, text)
        loaded.problems.append(
            Problem(
                loaded.path,
                syntax.line,
                "(file)",
                f"is not valid TOML: {syntax.text()}",
                "fix the TOML syntax on this line",
            )
        )
        return
    except ValueError:  # Python reads no whole number of more than 4,300 digits
        loaded.problems.append(_number_too_long(loaded, text))
        return
    if not ID_RE.match(loaded.id):
        loaded.report(
            (),
            f"the file name gives the id {loaded.id!r}, which is not a routine id",
            f"rename the file to {ID_HINT}.toml",
        )
    routine = Checker(loaded).routine(document)
    control_problems(document, loaded.report)
    if routine is not None and not loaded.problems:
        loaded.routine = routine


_LONG_DIGITS = re.compile(r"[0-9][0-9_]{4000,}")
_KEY_ON_LINE = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=", re.M)


def _number_too_long(loaded: LoadedFile, text: str) -> Problem:
    """A number tomllib could not turn into a value, at its line and key where they are found."""
    found = _LONG_DIGITS.search(text)
    line, key, digits = None, "(file)", 0
    if found is not None:
        line = text.count("\n", 0, found.start()) + 1
        digits = sum(ch.isdigit() for ch in found.group())
        start = text.rfind("\n", 0, found.start()) + 1
        named = _KEY_ON_LINE.match(text, start)
        key = _table_of(text, start) + named.group(1) if named else key
    size = f" of {digits:,} digits" if digits else ""
    hint = "a hold is at most 3600 seconds" if key.endswith("hold") else "see the format's limits"
    return Problem(
        loaded.path,
        line,
        key,
        f"holds a whole number{size}, too long to be read",
        f"write the number the format asks for here ({hint})",
    )


_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.-]+)\s*\]\]?", re.M)


def _table_of(text: str, end: int) -> str:
    """The key path of the table a line at `end` sits in (`cues.`, `steps[2].`), as the
    checker's problems name it; '' at the top."""
    headers = list(_HEADER.finditer(text, 0, end))
    if not headers:
        return ""
    last = headers[-1]
    name = last.group(2)
    if last.group(1) == "[[":  # an array of tables: which one, counted from 1
        count = sum(1 for h in headers if h.group(1) == "[[" and h.group(2) == name)
        return f"{name}[{count}]."
    return f"{name}."
