"""How the key tables reach a person beyond the footer: the words the help screen shows for a key,
and the command palette's provider, which lists the current screen's keys as commands."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.app.keys import described, key_words
from tui.app.settings import bindings_in_force, keymap_of


class KeyCommands(Provider):
    """The command palette's view of the current screen's key table (its `KEYS`, with the keys
    config.toml gave them), so a person who forgot a key can type what they want ("skip", "mute")
    and read the key for next time."""

    def _commands(self) -> Iterator[tuple[str, str, Binding]]:
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
