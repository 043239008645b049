"""The library: every routine a person can play, bundled and their own, checked together."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    # Only named here: the app's first frame makes an empty library before any routine model or
    # reader is imported (they come with the reading, on a thread: tui/app/library_reading.py).
    from tui.core.routine import Routine
    from tui.core.routine_file import LoadedFile
    from tui.core.timeline import Timeline


def routine_files(folder: Path) -> list[Path]:
    """The routine files of a folder, sorted so listings and errors come in a stable order."""
    try:
        return sorted(
            p for p in folder.iterdir() if p.suffix == ".toml" and not p.name.startswith(".")
        )
    except OSError:
        return []


def routine_files_within(folder: Path) -> list[Path]:
    """The routine files of a folder and all its subfolders, as `unknot validate DIR` and
    `unknot import DIR` read them (the way linters read a tree). Hidden files and folders (.git)
    are left out, and folder links are not followed, so a link back up cannot loop."""
    found: list[Path] = []
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found.extend(Path(root) / f for f in files if f.endswith(".toml") and f[0] != ".")
    return sorted(found)


@dataclass
class Library:
    """Every routine a person can play: bundled ones, and theirs, which shadow bundled ones."""

    routines: dict[str, Routine]
    broken: list[LoadedFile]
    shadowed: dict[str, Routine]  # bundled routines hidden by a user routine of the same id
    # Timelines of routines without includes, by the routine object (kept with it, so its id is
    # not reused while it is here).
    _timelines: dict[int, tuple[Routine, Timeline]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @classmethod
    def load(cls, bundled_dir: Path | None, user_dir: Path | None) -> Library:
        # The reader (the TOML parser, the schema, the checks) is imported here, not at the top:
        # the app draws its first frame before it reads the library (tui/app/library_reading.py).
        from tui.core.loader import read_routine_file

        bundled = (
            [read_routine_file(p, bundled=True) for p in routine_files(bundled_dir)]
            if bundled_dir
            else []
        )
        user = [read_routine_file(p) for p in routine_files(user_dir)] if user_dir else []
        return cls.from_files(bundled, user)

    @classmethod
    def from_files(cls, bundled: list[LoadedFile], user: list[LoadedFile]) -> Library:
        from tui.core.library_checks import check_with_library

        # A user file shadows a bundled one by id, broken or not: the person meant to replace it.
        user_ids = {f.id for f in user}
        effective = user + [f for f in bundled if f.id not in user_ids]
        check_with_library(effective, lambda _id: None)
        routines = {f.id: f.routine for f in effective if f.ok and f.routine is not None}
        shadowed = {f.id: f.routine for f in bundled if f.id in user_ids and f.routine is not None}
        broken = [f for f in effective if not f.ok]
        library = cls(dict(sorted(routines.items())), broken, shadowed)
        for loaded in effective:
            if loaded.ok and loaded.routine is not None and loaded.timeline is not None:
                library.keep_timeline(loaded.routine, loaded.timeline)
        return library

    def get(self, routine_id: str) -> Routine | None:
        return self.routines.get(routine_id)

    def add_saved(self, routine: Routine) -> None:
        """Take in a routine the person has just saved into their folder, as reading the library
        again would: it replaces any routine of its id (a bundled one is then shadowed), a broken
        file of that id is no longer counted, and the routines stay in id order."""
        before = self.routines.get(routine.id)
        if before is not None and before.bundled:
            self.shadowed[routine.id] = before
        self.routines[routine.id] = routine
        self.routines = dict(sorted(self.routines.items()))
        self.broken = [f for f in self.broken if f.id != routine.id]

    def ids_taken(self, folder: Path) -> set[str]:
        """The ids a new routine in `folder` must not take: every routine's in the library, and
        every file's in the folder (a broken file keeps its id)."""
        return set(self.routines) | {path.stem for path in folder.glob("*.toml")}

    def keep_timeline(self, routine: Routine, timeline: Timeline) -> None:
        """Keep an expansion already made of `routine` (the library pass's, for its 4-hour
        check), so `timeline` hands it out instead of expanding the routine again. A routine
        with includes is always expanded anew, so its expansion is not kept."""
        if not routine.includes and timeline.routine is routine:
            self._timelines[id(routine)] = (routine, timeline)

    def timeline(self, routine: Routine) -> Timeline:
        """The routine expanded with this library's includes; the same routine asked for again
        (the command line, then the player) is expanded once: it may have 10,000 steps."""
        from tui.core.timeline import build_timeline

        if routine.includes:  # it depends on other routines, which may change: expanded anew
            return build_timeline(routine, self.get)
        kept = self._timelines.get(id(routine))
        if kept is not None and kept[0] is routine:
            return kept[1]
        timeline = build_timeline(routine, self.get)
        self._timelines[id(routine)] = (routine, timeline)
        return timeline
