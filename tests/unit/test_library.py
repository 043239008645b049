"""The library changes through its own methods: a saved routine joins it as a fresh read would
show it, and a new routine's id never takes one already used."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from tui.core.draft import copy_draft, new_draft
from tui.core.library import Library
from tui.core.loader import read_routine_file
from tui.core.saving import save_user_routine

BUNDLED = Path(__file__).resolve().parents[2] / "routines"

MINE = """\
format = 1

[routine]
name = "Desk break, mine"
summary = "One hold."
areas = ["neck"]

[[steps]]
name = "Tilt"
hold = 30
"""


def shape(library: Library) -> tuple[list[str], list[str], list[str]]:
    return list(library.routines), sorted(library.shadowed), sorted(f.id for f in library.broken)


def test_a_saved_routine_joins_the_library_as_reading_it_again_would(tmp_path: Path) -> None:
    (tmp_path / "zz-broken.toml").write_text("format = 1\n[routine\n", encoding="utf-8")
    library = Library.load(BUNDLED, tmp_path)
    assert "zz-broken" in shape(library)[2]
    routine = read_routine_file(BUNDLED / "desk-break.toml").routine
    assert routine is not None
    for mine in (
        dataclasses.replace(routine, name="My desk break", bundled=False),  # shadows a bundled one
        dataclasses.replace(routine, id="aa-first", bundled=False),  # sorts first
        dataclasses.replace(routine, id="zz-broken", bundled=False),  # replaces a broken file
    ):
        path = save_user_routine(mine, tmp_path, replace=True)
        library.add_saved(dataclasses.replace(mine, path=path))
    again = Library.load(BUNDLED, tmp_path)
    assert shape(library) == shape(again)
    assert library.routines["desk-break"].name == "My desk break"
    assert library.shadowed["desk-break"].bundled
    assert next(iter(library.routines)) == "aa-first"


def test_a_new_routine_takes_no_id_of_the_library_nor_of_a_broken_file(tmp_path: Path) -> None:
    (tmp_path / "my-routine.toml").write_text("not toml at all [", encoding="utf-8")
    library = Library.load(BUNDLED, tmp_path)
    assert "my-routine" in library.ids_taken(tmp_path)
    assert "my-routine" not in library.routines
    draft = new_draft(library, tmp_path)
    assert (draft.id, draft.name) == ("my-routine-2", "My routine 2")


def test_a_copy_is_named_so_that_saving_it_replaces_nothing(tmp_path: Path) -> None:
    (tmp_path / "desk-break-mine-my-copy.toml").write_text(MINE, encoding="utf-8")
    library = Library.load(BUNDLED, tmp_path)
    routine = library.get("desk-break-mine-my-copy")
    assert routine is not None
    draft = copy_draft(routine, library, tmp_path)
    assert draft.name == "Desk break, mine (my copy 2)"
    assert draft.id not in library.ids_taken(tmp_path)
