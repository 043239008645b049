"""The settings of config.toml that only the app can check: `[keys]` and `theme`.

`[keys]` remaps bindings by their id (tui/app/keys.py), the way posting does: `"player.skip" =
"right,l"`, or `skip = "right,l"` under `[keys.player]`. The keymap is handed to Textual
(`App.set_keymap`), which puts the new keys on the bindings, so the footer shows them by itself;
the help screen and the command palette read `bindings_in_force`. An entry that cannot be used is
a `Problem` with the file, the line and the key, and the binding keeps its default: an id no
binding has, a key Textual cannot name, or a key that another binding of the same screen already
answers to (one key, two actions: neither would be sure to run).
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from textual.app import App
from textual.binding import Binding
from textual.keys import KEY_NAME_REPLACEMENTS, Keys, key_to_character

from tui.app.builder_keys import BUILDER_KEYS, BUILDER_STEP_KEYS, FIT_KEYS
from tui.app.keys import (
    CAUTION_KEYS,
    CONFIRM_KEYS,
    HELP_KEYS,
    HISTORY_KEYS,
    LIBRARY_KEYS,
    PLAYER_KEYS,
    RATING_KEYS,
    REMIND_KEYS,
    SUMMARY_KEYS,
    key_words,
)
from tui.app.today_keys import CHECKIN_KEYS, PREVIEW_KEYS
from tui.core.config import Setting
from tui.core.problems import Problem

# The app's own keys, answered on every screen. The palette's binding is Textual's own, word for
# word (the footer draws it), given an id so that it too can be remapped.
APP_KEYS: tuple[Binding, ...] = (
    Binding("ctrl+q", "quit", "Quit", id="app.quit", show=False),
    Binding(
        "ctrl+p",
        "command_palette",
        "palette",
        show=False,
        priority=True,
        tooltip="Open the command palette",
        id="app.palette",
    ),
)

# The bindings that answer together on one screen: a key may be in one of them only.
SCREEN_KEYS: dict[str, tuple[Binding, ...]] = {
    "library": LIBRARY_KEYS,
    "player": PLAYER_KEYS,
    "caution": CAUTION_KEYS,
    "rating": RATING_KEYS,
    "summary": SUMMARY_KEYS,
    "history": HISTORY_KEYS,
    "builder": BUILDER_KEYS + BUILDER_STEP_KEYS,
    "fit": FIT_KEYS,
    "confirm": CONFIRM_KEYS,
    "help": HELP_KEYS,
    "remind": REMIND_KEYS,
    "checkin": CHECKIN_KEYS,
    "preview": PREVIEW_KEYS,
}

MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})
NAMED_KEYS = frozenset(key.value.rpartition("+")[2] for key in Keys)
KEYS_HINT = 'keys as Textual names them, e.g. "p", "ctrl+k", "f5", "right,l"'


def all_bindings() -> dict[str, Binding]:
    """Every binding with an id, by id (the app's own ones too)."""
    found = {b.id: b for b in APP_KEYS if b.id}
    for table in SCREEN_KEYS.values():
        found.update((b.id, b) for b in table if b.id)
    return found


def key_name(text: str) -> str | None:
    """One key as Textual names it ("?" → "question_mark", "ctrl+K" kept), or None if it is
    none Textual knows."""
    text = text.strip()
    if not text:
        return None
    if len(text) == 1:
        return _character_key(text)
    *modifiers, last = text.split("+")
    if not last or any(m not in MODIFIERS for m in modifiers):
        return None
    if len(last) == 1:
        last = _character_key(last)
    elif last not in NAMED_KEYS and key_to_character(last) is None:
        return None
    return "+".join([*modifiers, last])


def _character_key(character: str) -> str:
    if character.isalnum():
        return character
    try:
        name = unicodedata.name(character).lower().replace("-", "_").replace(" ", "_")
    except ValueError:
        return character
    return KEY_NAME_REPLACEMENTS.get(name, name)


@dataclass
class _Entry:
    binding_id: str
    keys: list[str]
    setting: Setting


def check_keymap(
    settings: Sequence[Setting], path: Path | None
) -> tuple[dict[str, str], list[Problem]]:
    """The keymap to give Textual, and a problem for each entry left out (its default kept)."""
    known = all_bindings()
    file = path or Path("config.toml")
    problems: list[Problem] = []
    entries: list[_Entry] = []
    seen: set[str] = set()

    def problem(setting: Setting, message: str, hint: str) -> None:
        problems.append(Problem(file, setting.line, setting.name, message, hint))

    for setting in settings:
        if setting.name == "keys":
            problem(setting, "is not a table", '[keys] with lines like "player.pause" = "p"')
            continue
        wanted = setting.name.removeprefix("keys.")
        binding_id, why = _binding_id(wanted, known)
        if binding_id is None:
            problem(setting, why, "the default keys are kept")
            continue
        if not isinstance(setting.value, str):
            problem(setting, "is not a string of keys", f"{KEYS_HINT}; the default is kept")
            continue
        names = [key_name(part) for part in setting.value.split(",")]
        bad = [part.strip() for part, name in zip(setting.value.split(","), names, strict=True)]
        bad = [part for part, name in zip(bad, names, strict=True) if name is None]
        if bad:
            problem(setting, f"{', '.join(map(repr, bad))} is not a key", f"{KEYS_HINT}")
            continue
        if binding_id in seen:
            problem(setting, f"{binding_id} is remapped twice", "keep one line; the first is used")
            continue
        seen.add(binding_id)
        entries.append(_Entry(binding_id, [n for n in names if n], setting))
    entries = _without_clashes(entries, problems, file)
    return {e.binding_id: ",".join(e.keys) for e in entries}, problems


def _binding_id(wanted: str, known: Mapping[str, Binding]) -> tuple[str | None, str]:
    """The id a key of [keys] names: in full, or by its last part where one binding has it."""
    if wanted in known:
        return wanted, ""
    owners = [i for i in known if i.rpartition(".")[2] == wanted]
    if len(owners) == 1:
        return owners[0], ""
    if owners:
        return None, f"{wanted!r} is the id of several bindings: name one of {', '.join(owners)}"
    close = difflib.get_close_matches(wanted, list(known), n=1, cutoff=0.6)
    nearest = f" (did you mean {close[0]!r}?)" if close else ""
    return None, f"no binding has the id {wanted!r}{nearest}"


def _without_clashes(entries: list[_Entry], problems: list[Problem], file: Path) -> list[_Entry]:
    """Leave out, one at a time and the latest in the file first, each entry that gives a key to
    two bindings of one screen, until no screen has such a key."""
    if not entries:  # nothing remapped: the defaults never clash (and the start is spared this)
        return entries
    while True:
        keymap = {e.binding_id: e.keys for e in entries}
        clash = _first_clash(keymap)
        if clash is None:
            return entries
        screen, key, ids = clash
        remapped = [e for e in entries if e.binding_id in ids]
        dropped = max(remapped, key=lambda e: e.setting.line or 0)
        others = ", ".join(sorted(i for i in ids if i != dropped.binding_id))
        problems.append(
            Problem(
                file,
                dropped.setting.line,
                dropped.setting.name,
                f"{key!r} is already the key of {others} in the {screen} screen",
                "choose a key no other binding of that screen has; the default is kept",
            )
        )
        entries = [e for e in entries if e is not dropped]


def _first_clash(keymap: Mapping[str, list[str]]) -> tuple[str, str, set[str]] | None:
    for screen, table in SCREEN_KEYS.items():
        owners: dict[str, set[str]] = {}
        for binding in (*table, *APP_KEYS):
            for key in keymap.get(binding.id or "", None) or _default_keys(binding):
                owners.setdefault(key, set()).add(binding.id or binding.action)
        for key, ids in owners.items():
            if len(ids) > 1 and any(i in keymap for i in ids):
                return screen, key, ids
    return None


def _default_keys(binding: Binding) -> list[str]:
    return [name for part in binding.key.split(",") if (name := key_name(part))]


def bindings_in_force(
    bindings: Iterable[Binding], keymap: Mapping[str, str]
) -> tuple[Binding, ...]:
    """The bindings with the keys the keymap gives them (and the key's own display)."""
    return tuple(
        b.with_key(keymap[b.id], key_display=None) if b.id is not None and b.id in keymap else b
        for b in bindings
    )


class KeymappedApp(App[None]):
    """An app with config.toml's [keys] in force, which the help screen and the palette read
    (UnknotApp is one; a test's bare app is not, and has none). A base class rather than an
    import of UnknotApp here, which imports this module."""

    keymap_in_force: Mapping[str, str] = MappingProxyType({})


def check_theme(
    setting: Setting | None, available: Iterable[str], path: Path | None
) -> tuple[str | None, list[Problem]]:
    """The theme config.toml names, if Textual has it; otherwise a problem (the default stays)."""
    if setting is None:
        return None, []
    names = sorted(available)
    file = path or Path("config.toml")
    if isinstance(setting.value, str) and setting.value in names:
        return setting.value, []
    if isinstance(setting.value, str):
        close = difflib.get_close_matches(setting.value, names, n=1, cutoff=0.6)
        message = f"no theme is called {setting.value!r}" + (
            f" (did you mean {close[0]!r}?)" if close else ""
        )
    else:
        message = "is not a theme's name (a string)"
    hint = f"one of {', '.join(names)}; the default theme is used"
    return None, [Problem(file, setting.line, "theme", message, hint)]


def keymap_of(app: App[object]) -> Mapping[str, str]:
    """The keymap in force in `app` (none in an app that is not unknot's, such as a test's)."""
    return app.keymap_in_force if isinstance(app, KeymappedApp) else {}


def remapped_words(app: App[object], bindings: Iterable[Binding]) -> dict[str, str]:
    """The first key, as a person reads it, of each binding that config.toml's [keys] moved,
    by binding id: for a screen's own words about its keys ("space to resume"), which keep
    their default wording for a binding nobody moved."""
    keymap = keymap_of(app)
    return {
        binding.id: key_words(binding).split(" / ")[0]
        for binding in bindings_in_force(bindings, keymap)
        if binding.id is not None and binding.id in keymap
    }


def key_table_markdown() -> str:
    """README's table of every binding by id with its default keys (tests/app/test_keymap.py
    checks README carries it as this prints it; `python scripts/key_table.py` writes it)."""
    rows = ["| id | keys | what it does |", "|---|---|---|"]
    for screen, table in {**SCREEN_KEYS, "every screen": APP_KEYS}.items():
        for binding in table:
            if not binding.id or not binding.description:
                continue
            what = binding.tooltip or f"{binding.description} ({screen})"
            keys = key_words(binding).replace("|", "\\|")
            rows.append(f"| `{binding.id}` | {keys} | {what} |")
    return "\n".join(rows) + "\n"
