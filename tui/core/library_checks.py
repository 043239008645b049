"""The second pass: what a routine file needs from the rest of the library.

Includes must name a routine that exists, must not make a cycle, and must not name a broken
routine; and the whole routine, includes expanded, must fit in 4 hours. This runs after every file
of a group has been read on its own, because an include may name a file read in the same breath.
"""

from __future__ import annotations

from collections.abc import Callable

from tui.core.locate import KeyPath
from tui.core.routine import Routine
from tui.core.routine_file import LoadedFile
from tui.core.timeline import IncludeError, build_timeline

MAX_ROUTINE_SECONDS = 4 * 3600

Resolver = Callable[[str], Routine | None]


def check_with_library(files: list[LoadedFile], fallback: Resolver) -> None:
    """Check includes, cycles and total length, finding ids in `files` first, then `fallback`.

    Works from the includes as read, so a file with other problems still hears about its bad
    includes in the same report; a file that includes a broken routine cannot be played either.
    """
    group: dict[str, LoadedFile] = {}
    for loaded in files:
        group.setdefault(loaded.id, loaded)
    told: set[tuple[int, int]] = set()  # (file, step number): includes already reported

    def includes_of(routine_id: str) -> list[str] | None:
        if routine_id in group:
            return [target for _, target in group[routine_id].includes]
        found = fallback(routine_id)
        return None if found is None else list(found.includes)

    for loaded in files:
        for number, target in loaded.includes:
            path: KeyPath = ("steps", number, "include")
            cycle = _find_cycle(target, includes_of, (loaded.id,))
            if cycle:
                loaded.report(
                    path,
                    f"makes an include cycle: {' → '.join(cycle)}",
                    "remove one of these includes",
                )
                told.add((id(loaded), number))
            elif target not in group and fallback(target) is None:
                loaded.report(
                    path,
                    f"no routine has the id {target!r}",
                    "name a bundled routine, one of yours, or a file checked with this one",
                )
                told.add((id(loaded), number))

    # Including a broken routine breaks the includer, and so on up the chain, whatever the order
    # of the files: repeat until no include has news.
    changed = True
    while changed:
        changed = False
        for loaded in files:
            for number, target in loaded.includes:
                if (id(loaded), number) in told or target not in group:
                    continue
                if group[target].problems:
                    loaded.report(
                        ("steps", number, "include"),
                        f"includes {target!r}, which has problems of its own",
                        f"fix {group[target].path.name} first",
                    )
                    told.add((id(loaded), number))
                    changed = True

    def resolve(routine_id: str) -> Routine | None:
        if routine_id in group:
            return group[routine_id].routine
        return fallback(routine_id)

    for loaded in files:
        if loaded.routine is None:
            continue
        try:
            timeline = build_timeline(loaded.routine, resolve)
        except IncludeError as exc:
            loaded.report(("steps",), f"cannot be expanded: {exc}", "check its includes")
            continue
        seconds = timeline.planned_seconds
        if not loaded.routine.includes:  # its expansion needs nothing else: keep it for playing
            loaded.timeline = timeline
        if seconds > MAX_ROUTINE_SECONDS:
            loaded.report(
                ("steps",),
                f"the routine plans {seconds / 3600:.1f} hours",
                "a whole routine is at most 4 hours: shorten holds or lower rounds",
            )


def _find_cycle(
    target: str, includes_of: Callable[[str], list[str] | None], chain: tuple[str, ...]
) -> tuple[str, ...] | None:
    if target in chain:
        return (*chain, target)
    for included in includes_of(target) or ():
        found = _find_cycle(included, includes_of, (*chain, target))
        if found:
            return found
    return None
