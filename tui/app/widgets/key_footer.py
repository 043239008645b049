"""The footer of every screen: Textual's Footer, built again only when its keys change.

Textual's Footer composes all its keys again on every bindings signal a screen sends: the focus
moving, a screen pushed or popped, a reactive declared with bindings, the app gaining focus. On
the library that was five times in the first fifth of a second, each rebuilding nine keys
(7-13 ms each, on the event loop), though the keys were the same from the second time on. This
one compares what it would show (each key, its words, whether it is enabled) with what it
shows, and lets Textual build it again only when they differ.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Footer

if TYPE_CHECKING:
    from textual.screen import Screen

Shown = tuple[object, ...]


class KeyFooter(Footer):
    """Footer that skips the rebuild when the keys it would show are the ones it shows."""

    def __init__(self) -> None:
        super().__init__()
        self._keys_shown: Shown | None = None

    def bindings_changed(self, screen: Screen[object]) -> None:
        shown = self.keys_in_force(screen)
        if shown == self._keys_shown:
            return
        self._keys_shown = shown
        super().bindings_changed(screen)

    @staticmethod
    def keys_in_force(screen: Screen[object]) -> Shown:
        """Everything the footer's keys are drawn from, in order."""
        app = screen.app
        keys = tuple(
            (
                binding.key,
                binding.action,
                binding.description,
                binding.show,
                binding.group,
                app.get_key_display(binding),
                enabled,
                tooltip,
            )
            for _node, binding, enabled, tooltip in screen.active_bindings.values()
        )
        return (app.app_focus, keys)
