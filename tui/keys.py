"""The keys of the player and the screens around it, defined once.

The footer, the help screen and the command palette all read these tables, so a key, its label and
its explanation can never disagree between them. Every binding has an id, so a person can remap a
key by id (Textual's keymap) without the rest of the app noticing. `description` is the short
footer label; `tooltip` is the sentence the help screen and the palette show.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider

PLAYER_KEYS: tuple[Binding, ...] = (
    Binding(
        "space",
        "toggle_pause",
        "pause",
        key_display="space",
        tooltip="Pause or resume; the countdown keeps its remaining time.",
        id="player.pause",
    ),
    Binding(
        "n,right",
        "skip",
        "skip",
        tooltip="End this part now and go to the next one.",
        id="player.skip",
    ),
    Binding(
        "p,left",
        "back",
        "back",
        tooltip="Restart this part; within 3 s of its start, go to the previous one.",
        id="player.back",
    ),
    Binding(
        "plus",
        "extend",
        "+15 s",
        key_display="+",
        tooltip="Hold 15 seconds longer.",
        id="player.extend",
    ),
    Binding(
        "r",
        "release",
        "release",
        show=False,
        tooltip="End a range hold early, once its minimum has passed.",
        id="player.release",
    ),
    Binding(
        "a",
        "another_spot",
        "another spot",
        show=False,
        tooltip="One more hold of this step (a repeatable step), right after this one.",
        id="player.spot",
    ),
    Binding(
        "enter",
        "go_on",
        "go on",
        key_display="⏎",
        tooltip="A step at your own pace waits for you: go on when you are done.",
        id="player.go_on",
    ),
    Binding(
        "m",
        "mute",
        "mute",
        show=False,
        tooltip="Silence the cues, or bring them back; the countdown still flashes.",
        id="player.mute",
    ),
    Binding(
        "s",
        "toggle_sidebar",
        "sidebar",
        show=False,
        tooltip="Show or hide the list of steps (it folds away by itself when space is short).",
        id="player.sidebar",
    ),
    Binding(
        "question_mark",
        "help",
        "help",
        key_display="?",
        tooltip="Every key of the player, with what it does.",
        id="player.help",
    ),
    Binding(
        "q",
        "stop",
        "stop",
        tooltip="Stop the routine (asks first) and see the summary.",
        id="player.stop",
    ),
)

CAUTION_KEYS: tuple[Binding, ...] = (
    Binding("enter", "begin", "begin", key_display="⏎", id="caution.begin"),
    Binding("escape", "back", "back", key_display="esc", id="caution.back"),
)

CONFIRM_KEYS: tuple[Binding, ...] = (
    Binding("y", "answer(True)", "yes", id="confirm.yes"),
    Binding("n,escape", "answer(False)", "no", key_display="n", id="confirm.no"),
)


def rating_keys(screen: str) -> tuple[Binding, ...]:
    """A 0–10 rating typed as digits (1 then 0 for 10) or moved with the arrows. Ten digit keys
    would fill the footer and the help with ten rows, so only the first one is described (as
    "0–10"); the others do the same thing quietly."""
    digits = tuple(
        Binding(
            str(digit),
            f"rate({digit})",
            "rate 0–10" if digit == 0 else "",
            key_display="0–10",
            show=digit == 0,
            tooltip="How tense it feels, 0 (not at all) to 10 (the worst): type it (1 0 for 10)."
            if digit == 0
            else "",
            id=f"{screen}.rate" if digit == 0 else f"{screen}.rate{digit}",
        )
        for digit in range(10)
    )
    arrows = (
        Binding("left", "nudge(-1)", "less", show=False, tooltip="One less.", id=f"{screen}.less"),
        Binding("right", "nudge(1)", "more", show=False, tooltip="One more.", id=f"{screen}.more"),
    )
    return digits + arrows


RATING_KEYS: tuple[Binding, ...] = (
    *rating_keys("rating"),
    Binding("enter", "save", "save", key_display="⏎", id="rating.save"),
    Binding("escape,s", "skip", "skip", key_display="s", id="rating.skip"),
)

SUMMARY_KEYS: tuple[Binding, ...] = (
    Binding("enter,p", "play_again", "play again", key_display="⏎", id="summary.again"),
    Binding("escape,q", "leave", "back to the library", key_display="esc", id="summary.leave"),
)

HELP_KEYS: tuple[Binding, ...] = (
    Binding("escape,q,question_mark", "close", "close", key_display="esc", id="help.close"),
)

# How keys read on the help screen; Textual's own names are written for code, not people.
_KEY_WORDS = {
    "right": "→",
    "left": "←",
    "plus": "+",
    "question_mark": "?",
    "enter": "Enter",
    "escape": "Esc",
    "space": "Space",
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
    """The command palette's view of the current screen's key table (its `KEYS`), so a person
    who forgot a key can type what they want ("skip", "mute") and read the key for next time."""

    def _commands(self) -> Iterator[tuple[str, str, Binding]]:
        for binding in described(getattr(self.screen, "KEYS", ())):
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
