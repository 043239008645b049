"""How the key tables reach a person beyond the footer: the words the help screen shows for a key,
and the command palette's provider, which lists the current screen's keys as commands."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider

# How keys read on the help screen; Textual's own names are written for code, not people.
_KEY_WORDS = {
    "right": "→",
    "left": "←",
    "plus": "+",
    "question_mark": "?",
    "slash": "/",
    "enter": "Enter",
    "escape": "Esc",
    "space": "Space",
    "shift+up": "Shift+↑",
    "shift+down": "Shift+↓",
    "delete": "Del",
}


def key_words(binding: Binding) -> str:
    """Every key of a binding as a person reads it: `n / →` (the digits of a rating: `0–9`)."""
    if binding.action.startswith("rate("):
        return "0–9 (1 0 is 10)"
    return " / ".join(_KEY_WORDS.get(key, key) for key in binding.key.split(","))


def described(bindings: tuple[Binding, ...]) -> Iterator[Binding]:
    """The bindings worth listing to a person (the help screen and the palette)."""
    return (binding for binding in bindings if binding.description)


class KeyCommands(Provider):
    """The command palette's view of the current screen's key table (its `KEYS`, with the keys
    config.toml gave them), so a person who forgot a key can type what they want ("skip", "mute")
    and read the key for next time."""

    def _commands(self) -> Iterator[tuple[str, str, Binding]]:
        from tui.app.settings import bindings_in_force, keymap_of  # it imports the key tables

        table = bindings_in_force(getattr(self.screen, "KEYS", ()), keymap_of(self.app))
        for binding in described(table):
            help_text = f"{key_words(binding)} · {binding.tooltip}".rstrip(" ·")
            yield binding.description, help_text, binding

    async def discover(self) -> Hits:
        for name, help_text, binding in self._commands():
            yield DiscoveryHit(
                name, partial(self.screen.run_action, binding.action), help=help_text
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, binding in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(name),
                    partial(self.screen.run_action, binding.action),
                    help=help_text,
                )
