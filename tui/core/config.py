"""The person's settings in config.toml, read with tomllib; a bad value never stops the app.

A config file is hand-edited and read on every start, so a typo must cost one line of explanation,
not a traceback or a refusal to play: each bad value is reported as a `Problem` naming the file,
the line and the key (in the same shape as a routine's problems), and its default is used. Only the
tables this module knows are checked; other features may keep their own tables in the same file.
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.core.durations import a_type_word
from tui.core.problems import Problem, key_text

if TYPE_CHECKING:
    from tui.core.locate import KeyPath

# The ways a cue can sound, by the word the trace and the player's label use. "auto" walks the
# chain of DESIGN.md; any other word asks for that one backend (the bell stays the fallback).
BACKEND_NAMES: tuple[str, ...] = (
    "miniaudio",
    "winsound",
    "afplay",
    "pw-play",
    "paplay",
    "aplay",
    "bell",
    "off",
)
BACKEND_CHOICES: tuple[str, ...] = ("auto", *BACKEND_NAMES)
SOUND_KEYS: tuple[str, ...] = ("enabled", "volume", "backend")


@dataclass(frozen=True, slots=True)
class SoundConfig:
    """`[sound]`: `enabled = false` starts every session muted (m still unmutes); `volume` scales
    every routine's own volume; `backend` is "auto" or one backend's name."""

    enabled: bool = True
    volume: float = 1.0
    backend: str = "auto"


@dataclass(frozen=True, slots=True)
class Setting:
    """One value of a setting the app checks itself (a key of `[keys]`, the theme): as written,
    with its place, because only the app knows its bindings and themes (tui/app/settings.py)."""

    name: str  # "keys.player.pause" (a nested table's keys joined with dots), "theme"
    value: Any
    line: int | None


@dataclass(frozen=True, slots=True)
class Config:
    """Everything read from config.toml, and what was wrong with it (defaults stand in).

    `problems` are the sound settings' (reported by the session that plays); `keys` and `theme`
    are read as written and checked by the app, which reports their problems itself."""

    sound: SoundConfig = field(default_factory=SoundConfig)
    path: Path | None = None
    problems: tuple[Problem, ...] = ()
    keys: tuple[Setting, ...] = ()
    theme: Setting | None = None

    def messages(self) -> list[str]:
        """One line per problem, `FILE:LINE: KEY: what is wrong (what would be right)`."""
        return [str(problem) for problem in self.problems]


def load_config(path: Path | None = None) -> Config:
    """Read `path` (default: the user's config.toml). A missing file is not a problem."""
    if path is None:
        from tui.core.paths import Locations

        path = Locations.current().config_file
    from tui.core.regular import NotRegular, read_regular

    try:
        data = read_regular(path)
    except FileNotFoundError:
        return Config(path=path)
    except OSError as exc:
        reason = str(exc) if isinstance(exc, NotRegular) else exc.strerror or type(exc).__name__
        problem = Problem(path, None, "(file)", f"cannot be read: {reason}", "defaults are used")
        return Config(path=path, problems=(problem,))
    return parse_config(data, path)


def parse_config(data: bytes, path: Path) -> Config:
    """Check the bytes of a config file named `path`; never raises."""
    import tomllib  # here, not at the top: most people have no config.toml to read

    try:
        text = data.decode("utf-8")
        document = tomllib.loads(text)
    except UnicodeDecodeError:
        problem = Problem(path, None, "(file)", "is not UTF-8", "save it as UTF-8; defaults used")
        return Config(path=path, problems=(problem,))
    except tomllib.TOMLDecodeError as exc:
        from tui.core.toml_errors import toml_syntax  # only a file with a mistake needs it

        syntax = toml_syntax(exc, text)
        problem = Problem(
            path,
            syntax.line,
            "(file)",
            f"is not valid TOML: {syntax.text()}",
            "fix it; defaults are used",
        )
        return Config(path=path, problems=(problem,))
    reader = _Reader(path, text)
    sound = reader.sound(document)
    return Config(
        sound=sound,
        path=path,
        problems=tuple(reader.problems),
        keys=tuple(reader.keys(document)),
        theme=reader.setting(("theme",), document["theme"]) if "theme" in document else None,
    )


class _Reader:
    """Reads known tables out of a parsed document, collecting a Problem for each bad value."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.text = text
        self.problems: list[Problem] = []
        self._lines: dict[KeyPath, int] | None = None

    def line(self, at: KeyPath) -> int | None:
        from tui.core.locate import line_of, locate_keys  # a config file was read

        if self._lines is None:
            try:
                self._lines = locate_keys(self.text)
            except Exception:  # a locator slip costs a line number, never the message
                self._lines = {}
        return line_of(self._lines, at)

    def report(self, at: KeyPath, message: str, hint: str) -> None:
        self.problems.append(Problem(self.path, self.line(at), key_text(at), message, hint))

    def setting(self, at: KeyPath, value: Any) -> Setting:
        return Setting(".".join(str(part) for part in at), value, self.line(at))

    def keys(self, document: dict[str, Any]) -> list[Setting]:
        """`[keys]` flattened: `"player.pause" = "p"`, `player.pause = "p"` and a
        `[keys.player]` table with `pause = "p"` all read as keys.player.pause."""
        found: list[Setting] = []

        def walk(at: KeyPath, value: Any) -> None:
            if isinstance(value, dict) and len(at) > 1:
                for key, inner in value.items():
                    walk((*at, key), inner)
            elif len(at) > 1:
                found.append(self.setting(at, value))

        table = document.get("keys")
        if table is None:
            return found
        if not isinstance(table, dict):
            return [self.setting(("keys",), table)]
        for key, value in table.items():
            walk(("keys", key), value)
        return found

    def sound(self, document: dict[str, Any]) -> SoundConfig:
        base = SoundConfig()
        table = document.get("sound")
        if table is None:
            return base
        if not isinstance(table, dict):
            self.report(
                ("sound",),
                f"is {a_type_word(table)}, not a table",
                "write a [sound] table; defaults are used",
            )
            return base
        for key in table:
            if key not in SOUND_KEYS:
                close = difflib.get_close_matches(key, SOUND_KEYS, n=1, cutoff=0.6)
                hint = f"did you mean {close[0]!r}?" if close else "known: " + ", ".join(SOUND_KEYS)
                self.report(("sound", key), f"{key!r} is not a key unknot knows", hint)
        return SoundConfig(
            enabled=self.boolean(table, "enabled", base.enabled),
            volume=self.volume(table, base.volume),
            backend=self.backend(table, base.backend),
        )

    def boolean(self, table: dict[str, Any], key: str, default: bool) -> bool:
        value = table.get(key, default)
        if isinstance(value, bool):
            return value
        self.report(
            ("sound", key),
            f"is {a_type_word(value)}, not true or false",
            f"{key} = true or {key} = false; using {str(default).lower()}",
        )
        return default

    def volume(self, table: dict[str, Any], default: float) -> float:
        value = table.get("volume", default)
        hint = f"a number from 0.0 to 1.0; using {default}"
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.report(("sound", "volume"), f"is {a_type_word(value)}, not a number", hint)
            return default
        if math.isnan(value) or not 0.0 <= value <= 1.0:
            self.report(("sound", "volume"), f"{value} is out of range", hint)
            return default
        return float(value)

    def backend(self, table: dict[str, Any], default: str) -> str:
        value = table.get("backend", default)
        choices = ", ".join(f'"{name}"' for name in BACKEND_CHOICES)
        if not isinstance(value, str):
            self.report(
                ("sound", "backend"),
                f"is {a_type_word(value)}, not a backend name",
                f"one of {choices}; using {default!r}",
            )
            return default
        if value not in BACKEND_CHOICES:
            close = difflib.get_close_matches(value, BACKEND_CHOICES, n=1, cutoff=0.6)
            hint = f"did you mean {close[0]!r}? " if close else ""
            self.report(
                ("sound", "backend"),
                f"{value!r} is not a backend unknot knows",
                f"{hint}one of {choices}; using {default!r}",
            )
            return default
        return value
