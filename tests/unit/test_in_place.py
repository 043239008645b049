"""Editing a routine file in place: only what changed changes, each step keeps its comments when
steps are added, copied, moved or removed, and the comments whose place is gone are named."""

from __future__ import annotations

import tomllib

import pytest

from tui.core.draft import Draft, thaw
from tui.core.in_place import comments, edit_in_place, match_steps

TEXT = """\
# mine
format = 1

[routine]
name = "N"  # the name
summary = "S"
areas = ["neck"]

[[steps]]
# the first
name = "A"
hold = 30  # half

[[steps]]
name = "B"  # bee
hold = "1:30"

[[steps]]
name = "C"
hold = 20
"""
DRAFT = Draft.from_toml(TEXT, "mine")


def edited(draft: Draft) -> tuple[str, tuple[str, ...]]:
    result = edit_in_place(TEXT, draft.document)
    assert tomllib.loads(result.text) == thaw(draft.document)  # it holds the draft exactly
    return result.text, result.lost


def test_nothing_changed_is_the_file_byte_for_byte() -> None:
    assert edited(DRAFT) == (TEXT, ())


def test_a_changed_value_keeps_its_place_its_comment_and_its_neighbours_spelling() -> None:
    text, lost = edited(DRAFT.set(("steps", 1, "hold"), 45).set(("routine", "name"), "M"))
    assert lost == ()
    assert text == TEXT.replace("hold = 30  # half", "hold = 45  # half").replace(
        'name = "N"', 'name = "M"'
    )
    assert 'hold = "1:30"' in text  # not rewritten as 90


@pytest.mark.parametrize(
    ("change", "order"),
    [
        (lambda d: d.move_step(3, -1), ["A", "C", "B"]),
        (lambda d: d.move_step(1, 1).move_step(2, 1), ["B", "C", "A"]),
        (lambda d: d.duplicate_step(1), ["A", "A", "B", "C"]),
        (lambda d: d.add_step({"name": "D", "hold": 5}, at=2), ["A", "D", "B", "C"]),
        (lambda d: d.remove_step(3), ["A", "B"]),
    ],
)
def test_steps_added_copied_or_moved_keep_their_comments(change, order) -> None:
    text, lost = edited(change(DRAFT))
    assert lost == ()
    assert sorted(comments(text)) == sorted(comments(TEXT))
    assert '# the first\nname = "A"\nhold = 30  # half' in text
    assert [s["name"] for s in tomllib.loads(text)["steps"]] == order
    assert "\n\n\n" not in text and text.endswith("\n") and not text.endswith("\n\n")


def test_a_removed_step_takes_its_comments_and_they_are_named() -> None:
    text, lost = edited(DRAFT.remove_step(1))
    assert lost == ("the first", "half")
    assert text.startswith("# mine\n") and 'name = "B"  # bee' in text


def test_an_edited_step_is_still_the_step_it_was() -> None:
    old = [{"name": "A", "hold": 30}, {"name": "B", "hold": 40}]
    assert match_steps(old, [{"name": "A", "hold": 31}, {"name": "B", "hold": 40}]) == [0, 1]
    assert match_steps(old, [{"name": "B", "hold": 40}, {"name": "A2", "hold": 30}]) == [1, None]
    copied = [{"name": "A", "hold": 30}, {"name": "A", "hold": 30}, {"name": "B", "hold": 40}]
    assert match_steps(old, copied) == [0, None, 1]  # the copy is the new one


def test_a_hash_in_a_string_is_no_comment() -> None:
    assert comments("a = \"x # y\"  # z\nb = '''\n# not\n'''\n") == ["z"]
