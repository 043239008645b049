"""Changing one setting of config.toml in place, the rest of the file as the person wrote it.

config.toml is written by hand, so a setting the app saves (the theme chosen from the command
palette) must not cost the comments, blank lines and order around it: tomlkit edits the document
it read, and the result is written atomically like every file unknot writes.
"""

from __future__ import annotations

from pathlib import Path

import tomlkit
from tomlkit.exceptions import TOMLKitError

from tui.core.writer import save_atomic


class ConfigNotSaved(Exception):
    """The file could not be read or parsed, so it was left as it was."""


def save_setting(path: Path, key: str, value: str | int | float | bool) -> None:
    """Set a top-level `key` (a new one goes before the first table, where TOML needs it)."""
    try:
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        document = tomlkit.parse(text)
    except (OSError, UnicodeDecodeError, TOMLKitError) as exc:
        raise ConfigNotSaved(
            f"{path} could not be read as TOML ({exc}); it was left as it is"
        ) from exc
    document[key] = value
    try:
        save_atomic(path, tomlkit.dumps(document))
    except OSError as exc:
        raise ConfigNotSaved(f"{path} could not be written ({exc.strerror or exc})") from exc
