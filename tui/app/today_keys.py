"""The keys of today's routine: the check-in (where it is tight, how much, how long) and the
preview of the routine made from it. Kept apart from keys.py, as the builder's are, so each table
stays readable; the footer, the help screen, the palette and README's table read these."""

from __future__ import annotations

import dataclasses

from textual.binding import Binding

from tui.app.keys import rating_keys

# The check-in's side says how to rate the area under the cursor; the footer has no room for it.
_RATING = tuple(dataclasses.replace(binding, show=False) for binding in rating_keys("checkin"))

CHECKIN_KEYS: tuple[Binding, ...] = (
    Binding(
        "enter",
        "compose",
        "make it",
        key_display="⏎",
        tooltip="Make today's routine from the areas picked, their ratings and the minutes.",
        id="checkin.compose",
    ),
    Binding(
        "space",
        "pick",
        "tight",
        key_display="space",
        tooltip="Pick the area under the cursor as tight today, or take it back.",
        id="checkin.pick",
    ),
    Binding("up,k", "move(-1)", "up", show=False, tooltip="The area above.", id="checkin.up"),
    Binding("down,j", "move(1)", "down", show=False, tooltip="The area below.", id="checkin.down"),
    *_RATING,
    Binding(
        "s",
        "skip_rating",
        "skip rating",
        tooltip="Pick the area without rating it (or take its rating back).",
        id="checkin.skip",
    ),
    Binding(
        "slash",
        "by_name",
        "by name",
        key_display="/",
        show=False,  # the field says it
        tooltip="Type an area's name (neck, lower back…) and Enter picks it.",
        id="checkin.name",
    ),
    Binding(
        "plus",
        "minutes(1)",
        "more minutes",
        key_display="+",
        show=False,
        tooltip="The next length up: 5, 10, 15, 20 or 30 minutes.",
        id="checkin.longer",
    ),
    Binding(
        "minus",
        "minutes(-1)",
        "fewer minutes",
        key_display="-",
        show=False,
        tooltip="The next length down: 30, 20, 15, 10 or 5 minutes.",
        id="checkin.shorter",
    ),
    Binding(
        "m",
        "type_minutes",
        "minutes",
        show=False,  # the field says it
        tooltip="Type the minutes you have (↑ ↓ step through 5, 10, 15, 20, 30); Enter keeps them.",
        id="checkin.minutes",
    ),
    Binding(
        "question_mark",
        "help",
        "help",
        key_display="?",
        tooltip="Every key of the check-in, with what it does.",
        id="checkin.help",
    ),
    Binding(
        "escape",
        "back",
        "back",
        key_display="esc",
        tooltip="Leave the check-in (from a field: back to the map).",
        id="checkin.back",
    ),
)

PREVIEW_KEYS: tuple[Binding, ...] = (
    Binding(
        "enter",
        "play",
        "play",
        key_display="⏎",
        tooltip="Play today's routine as shown.",
        id="preview.play",
    ),
    Binding(
        "o",
        "another",
        "another",
        tooltip="Another routine from the same check-in (other steps where the library has them).",
        id="preview.another",
    ),
    Binding(
        "s",
        "save",
        "save as routine",
        tooltip="Keep this routine as one of your own, to play or change in the builder later.",
        id="preview.save",
    ),
    Binding(
        "question_mark",
        "help",
        "help",
        key_display="?",
        tooltip="Every key of the preview, with what it does.",
        id="preview.help",
    ),
    Binding(
        "escape",
        "back",
        "back",
        key_display="esc",
        tooltip="Back to the check-in to change the areas, ratings or minutes.",
        id="preview.back",
    ),
)
