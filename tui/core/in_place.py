"""Saving a hand-written routine by editing its file in place, so what the person wrote stays.

The builder works on plain data (a Draft's document, as tomllib reads the file). Writing that data
afresh would lose every comment, blank line and spelling the person chose ("1:30" for 90), so a
file that already exists is instead read with tomlkit, which keeps all of that, and only the values
that changed are changed: a key whose value is the same is not touched, a changed one keeps its
place and its comment, a new one goes at the end of its table, a removed one goes. Steps are
matched old to new (an edited step is still the same step), so a step's comments move with it when
steps are added, removed or reordered. Comments that have no place left (their step or key was
removed) are named in `lost`, for the builder to ask about before it saves.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import tomlkit
from tomlkit.items import AoT, InlineTable, Table, Whitespace

from tui.core.draft import thaw


@dataclass(frozen=True, slots=True)
class InPlace:
    """The file's new text, and the comments of the old one it no longer has."""

    text: str
    lost: tuple[str, ...]


def edit_in_place(original: str, document: Mapping[str, Any]) -> InPlace:
    """`original` (a routine file's text) changed to hold `document`, keeping all else."""
    doc = tomlkit.parse(original)
    new = thaw(document)
    _merge(doc, new, top=True)
    text = tomlkit.dumps(doc)
    return InPlace(text, lost_comments(original, text))


def comments(text: str) -> list[str]:
    """Every comment of a TOML text (what follows its `#`, stripped), in order. A `#` inside any
    of TOML's four kinds of string is not one."""
    found: list[str] = []
    index, end = 0, len(text)
    while index < end:
        char = text[index]
        if char == "#":
            stop = text.find("\n", index)
            stop = end if stop < 0 else stop
            found.append(text[index + 1 : stop].strip())
            index = stop
        elif text.startswith(('"""', "'''"), index):
            index = _after_string(text, index + 3, text[index] * 3)
        elif char in "\"'":
            index = _after_string(text, index + 1, char)
        else:
            index += 1
    return found


def _after_string(text: str, index: int, quote: str) -> int:
    escapes = quote[0] == '"'
    while index < len(text):
        if escapes and text[index] == "\\":
            index += 2
        elif len(quote) == 1 and text[index] == "\n":
            return index
        elif text.startswith(quote, index):
            index += len(quote)
            while len(quote) == 3 and text.startswith(quote[0], index):
                index += 1  # `""""` ends with a quote inside
            return index
        else:
            index += 1
    return index


def lost_comments(before: str, after: str) -> tuple[str, ...]:
    """The comments of `before` that `after` does not have (counted, so a repeated one too)."""
    missing = Counter(comments(before)) - Counter(comments(after))
    lost: list[str] = []
    for comment in comments(before):
        if missing[comment] > 0:
            lost.append(comment)
            missing[comment] -= 1
    return tuple(lost)


def _same(old: Any, new: Any) -> bool:
    """Equal as TOML values: 1 and true differ, as do 1 and 1.0."""
    if type(old) is not type(new):
        return False
    if isinstance(old, dict):
        return old.keys() == new.keys() and all(_same(old[k], new[k]) for k in old)
    if isinstance(old, list):
        return len(old) == len(new) and all(_same(a, b) for a, b in zip(old, new, strict=True))
    return bool(old == new)


def _plain(item: Any) -> Any:
    return item.unwrap() if hasattr(item, "unwrap") else item


def _merge(table: Any, new: dict[str, Any], top: bool = False) -> None:
    """Make the tomlkit `table` hold `new`, touching only what differs."""
    for key in [k for k in table if k not in new]:
        del table[key]
    for key, value in new.items():
        if key not in table:
            table[key] = value
            continue
        current = table[key]
        if _same(_plain(current), value):
            continue
        if top and key == "steps" and isinstance(current, AoT) and isinstance(value, list):
            _merge_steps(table, current, value)
        elif isinstance(value, dict) and isinstance(current, Table | InlineTable):
            _merge(current, value)
        else:
            table[key] = value


def _merge_steps(doc: Any, old: AoT, new: list[Any]) -> None:
    """The [[steps]] tables, each old one that matches a new one kept (with its comments) and
    changed to it; the others made new or dropped."""
    tables: list[Table] = list(old.body)
    matched = match_steps([t.unwrap() for t in tables], new)
    for index, step in zip(matched, new, strict=True):
        if index is not None:
            _merge(tables[index], step)
    if matched == list(range(len(tables))):
        return  # the same steps in the same order: edited where they are
    final: list[Table] = []
    for index, step in zip(matched, new, strict=True):
        if index is None:
            table = tomlkit.table()
            for key, value in step.items():
                table[key] = value
            final.append(table)
        else:
            final.append(tables[index])
    for position in reversed(range(len(tables))):
        del old[position]
    for table in final:
        old.append(table)
    # One blank line between steps, as a person writes them, and none after the last.
    for table in final[:-1]:
        if not table.as_string().endswith("\n\n"):
            table.add(tomlkit.nl())
    body = final[-1].value.body if final else []
    while body and isinstance(body[-1][1], Whitespace):
        body.pop()


def match_steps(old: Sequence[Any], new: Sequence[Any]) -> list[int | None]:
    """For each new step, the old step it is (its index), or None for a step added.

    Steps equal in both are matched first, the earliest first (the longest common run, so a
    copied step is the new one and the original keeps its comments); between two such matches,
    an old and a new step are the same step edited when the stretch is one for one, or else
    when they share a name, in order; last, a step moved is found by its content or its name."""
    keys = [_step_key(step) for step in old]
    new_keys = [_step_key(step) for step in new]
    n, m = len(keys), len(new_keys)
    # longest[i][j]: the longest common run of old[i:] and new[j:]
    longest = [[0] * (m + 1) for _ in range(n + 1)]
    for i in reversed(range(n)):
        for j in reversed(range(m)):
            longest[i][j] = (
                longest[i + 1][j + 1] + 1
                if keys[i] == new_keys[j]
                else max(longest[i + 1][j], longest[i][j + 1])
            )
    pairs: list[tuple[int, int]] = []
    i = j = 0
    while i < n and j < m:
        if keys[i] == new_keys[j] and longest[i][j] == longest[i + 1][j + 1] + 1:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif longest[i + 1][j] >= longest[i][j + 1]:
            i += 1
        else:
            j += 1
    result: list[int | None] = [None] * m
    previous = (-1, -1)
    for i, j in [*pairs, (n, m)]:
        _pair_stretch(old, new, range(previous[0] + 1, i), range(previous[1] + 1, j), result)
        if i < n:
            result[j] = i
        previous = (i, j)
    # A step moved past others is still itself: the same content, else the same name.
    old_names = [_name(step) for step in old]
    new_names = [_name(step) for step in new]
    for old_ids, new_ids in ((keys, new_keys), (old_names, new_names)):
        free = [i for i in range(n) if i not in result]
        for j in range(m):
            if result[j] is None and new_names[j]:
                found = next((i for i in free if old_ids[i] == new_ids[j]), None)
                if found is not None:
                    result[j] = found
                    free.remove(found)
    return result


def _pair_stretch(
    old: Sequence[Any], new: Sequence[Any], olds: range, news: range, result: list[int | None]
) -> None:
    if len(olds) == len(news):
        for i, j in zip(olds, news, strict=True):
            result[j] = i
        return
    left = list(olds)
    for j in news:
        name = _name(new[j])
        for i in left:
            if name and _name(old[i]) == name:
                result[j] = i
                left = left[left.index(i) + 1 :]
                break


def _name(step: Any) -> str:
    if isinstance(step, dict):
        return str(step.get("name") or step.get("include") or "")
    return ""


def _step_key(step: Any) -> str:
    return repr(_sorted(step))


def _sorted(value: Any) -> Any:
    if isinstance(value, dict):
        return tuple(sorted((k, _sorted(v)) for k, v in value.items()))
    if isinstance(value, list):
        return tuple(_sorted(v) for v in value)
    return value
