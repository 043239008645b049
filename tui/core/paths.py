"""Where unknot's files live, and where its bundled data is found.

Nothing here touches the disk at import time or creates folders: a folder is made by whoever
first writes into it (`ensure`), so listing routines on a read-only home never fails.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "unknot"
HOME_ENV = "UNKNOT_HOME"


@dataclass(frozen=True, slots=True)
class Locations:
    """The user's folders; `UNKNOT_HOME=DIR` puts all of them under DIR (tests rely on it)."""

    routines: Path
    config_file: Path
    history_file: Path
    cache: Path

    @classmethod
    def current(cls) -> Locations:
        home = os.environ.get(HOME_ENV)
        if home:
            base = Path(home).expanduser()
            config, data, cache = base / "config", base / "data", base / "cache"
        else:
            import platformdirs  # only when needed: `unknot list` should not pay for it twice

            dirs = platformdirs.PlatformDirs(APP_NAME, appauthor=False)
            config, data, cache = (
                Path(dirs.user_config_dir),
                Path(dirs.user_data_dir),
                Path(dirs.user_cache_dir),
            )
        return cls(
            routines=config / "routines",
            config_file=config / "config.toml",
            history_file=data / "history.sqlite3",
            cache=cache,
        )


def _data_dir(name: str) -> Path:
    """The packaged copy inside the wheel first, then the source checkout's top-level folder."""
    package = Path(__file__).resolve().parent.parent
    packaged = package / "_data" / name
    if packaged.is_dir():
        return packaged
    return package.parent / name


def bundled_routines() -> Path:
    return _data_dir("routines")


def bundled_sounds() -> Path:
    return _data_dir("sounds")


def ensure(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return folder
