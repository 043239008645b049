"""The keys of the player and the screens around it, defined once.

The footer, the help screen and the command palette all read these tables, so a key, its label and
its explanation can never disagree between them. Every binding has an id, so a person can remap a
key by id (Textual's keymap) without the rest of the app noticing. `description` is the short
footer label; `tooltip` is the sentence the help screen and the palette show. The builder's keys
are in builder_keys.py; the palette's provider is commands.py.
"""

from __future__ import annotations

from collections.abc import Iterator

from textual.binding import Binding

from tui.app.builder_keys import LIBRARY_BUILD_KEYS

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
            "tension" if digit == 0 else "",
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
    Binding("escape,q", "leave", "back", key_display="esc", id="summary.leave"),
    Binding(
        "f",
        "star",
        "star",
        tooltip="Keep this session in your favourites (unknot replay --favourite); f again "
        "takes it back.",
        id="summary.star",
    ),
    Binding(
        "F",
        "star_routine",
        "star routine",
        tooltip="Put this routine in your favourites, on top of the library; F again takes it out.",
        id="summary.star_routine",
    ),
    *rating_keys("summary"),
    Binding(
        "backspace",
        "clear_rating",
        "clear rating",
        show=False,
        tooltip="Take the rating back.",
        id="summary.clear",
    ),
)

HISTORY_KEYS: tuple[Binding, ...] = (
    Binding(
        "enter,r",
        "replay",
        "replay",
        key_display="⏎",
        tooltip="Play this session again as you played it: its extensions, extra spots and "
        "skips kept.",
        id="history.replay",
    ),
    Binding(
        "R",
        "replay_routine",
        "as routine",
        tooltip="Play the routine as it was on that day (the copy kept with the session).",
        id="history.replay_routine",
    ),
    Binding(
        "f",
        "star",
        "star",
        tooltip="Keep this session in your favourites; f again takes it back.",
        id="history.star",
    ),
    Binding(
        "F",
        "star_routine",
        "star routine",
        tooltip="Put this session's routine in your favourites, on top of the library; F again "
        "takes it out.",
        id="history.star_routine",
    ),
    Binding(
        "s",
        "save_routine",
        "save as routine",
        tooltip="Save the session as you played it as a routine of your own.",
        id="history.save",
    ),
    Binding(
        "d,delete",
        "delete",
        "delete",
        key_display="d",
        tooltip="Forget this session (asks first; it cannot be undone).",
        id="history.delete",
    ),
    Binding("escape,q", "back", "back", key_display="esc", id="history.back"),
)

LIBRARY_HISTORY_KEYS: tuple[Binding, ...] = (
    Binding(
        "f",
        "star",
        "Star",
        tooltip="Put this routine in your favourites, on top of the library; f again takes it out.",
        id="library.star",
    ),
    Binding(
        "h",
        "history",
        "History",
        tooltip="Your sessions, streak, minutes and how the tension is easing; replay one.",
        id="library.history",
    ),
)

HELP_KEYS: tuple[Binding, ...] = (
    Binding("escape,q,question_mark", "close", "close", key_display="esc", id="help.close"),
)

REMIND_KEYS: tuple[Binding, ...] = (
    Binding(
        "enter",
        "start_break",
        "start the break",
        key_display="⏎",
        tooltip="Play the break's routine now, due or not; the countdown starts again after it.",
        id="remind.start",
    ),
    Binding(
        "s",
        "skip",
        "skip this one",
        tooltip="Let a due break go without playing it; the countdown starts again from now.",
        id="remind.skip",
    ),
    Binding(
        "question_mark",
        "help",
        "help",
        key_display="?",
        tooltip="Every key of the reminder, with what it does.",
        id="remind.help",
    ),
    Binding(
        "q",
        "quit",
        "quit",
        tooltip="Stop the reminders and leave.",
        id="remind.quit",
    ),
)

LIBRARY_KEYS: tuple[Binding, ...] = (
    Binding(
        "enter",
        "play",
        "Play",
        priority=True,
        id="library.play",
        tooltip="Play the routine under the cursor: its caution first, then the player.",
    ),
    Binding(
        "t",
        "today",
        "Today",
        show=False,  # the Today line on top of the list shows it
        id="library.today",
        tooltip="Today's routine: say where it is tight and how long you have, and one is made.",
    ),
    Binding(
        "slash",
        "focus_filter",
        "Filter",
        key_display="/",
        id="library.filter",
        tooltip="Type words to narrow the list: name, area, equipment, tags.",
    ),
    # a and l are shown beside the filter (the chips), so the footer keeps its room
    Binding(
        "a",
        "cycle_area(1)",
        "Area",
        show=False,
        id="library.area",
        tooltip="Only routines for one area; a again for the next area.",
    ),
    Binding("A", "cycle_area(-1)", "Area back", show=False, id="library.area_back"),
    Binding(
        "l",
        "cycle_length(1)",
        "Length",
        show=False,
        id="library.length",
        tooltip="Only routines up to 3, 5, 10, 15, 20 or 30 minutes; l again for the next.",
    ),
    Binding("L", "cycle_length(-1)", "Length back", show=False, id="library.length_back"),
    Binding("escape", "clear_filter", "Clear filter", show=False, id="library.clear"),
    *LIBRARY_HISTORY_KEYS,
    *LIBRARY_BUILD_KEYS,
    Binding(
        "question_mark",
        "help",
        "Help",
        key_display="?",
        id="library.help",
        tooltip="Every key of the library with what it does.",
    ),
    Binding("q", "app.quit", "Quit", id="library.quit"),
)


# How keys read on the help screen; Textual's own names are written for code, not people.
_KEY_WORDS = {
    "right": "→",
    "left": "←",
    "up": "↑",
    "down": "↓",
    "plus": "+",
    "minus": "-",
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
