"""The keys that build routines, defined once: in the library (new, duplicate, edit), in the
builder, under its outline of steps, and in the fit dialog. Read by the footer, the help screen and
the command palette like every key table (tui/app/keys.py)."""

from __future__ import annotations

from textual.binding import Binding

BUILDER_KEYS: tuple[Binding, ...] = (
    Binding(
        "ctrl+s",
        "save",
        "save",
        key_display="^s",
        priority=True,
        tooltip="Save to your routines folder (asks before replacing a file); refused while a "
        "problem remains.",
        id="builder.save",
    ),
    Binding(
        "ctrl+z",
        "undo",
        "undo",
        key_display="^z",
        priority=True,
        tooltip="Take back the last edit (a run of typing in one field is one edit).",
        id="builder.undo",
    ),
    Binding(
        "ctrl+y",
        "redo",
        "redo",
        key_display="^y",
        show=False,
        priority=True,
        tooltip="Put back the edit undo took back.",
        id="builder.redo",
    ),
    Binding(
        "ctrl+t",
        "try_it",
        "try it",
        key_display="^t",
        priority=True,
        tooltip="Play the routine as it is now, without saving it.",
        id="builder.try",
    ),
    Binding(
        "ctrl+f",
        "fit",
        "fit to time",
        key_display="^f",
        priority=True,
        tooltip="Scale the holds and rests to a number of minutes; shows what changes first.",
        id="builder.fit",
    ),
    Binding(
        "f1",
        "help",
        "help",
        tooltip="Every key of the builder, with what it does.",
        id="builder.help",
    ),
    Binding(
        "escape",
        "back",
        "back",
        key_display="esc",
        tooltip="From a field, back to the outline; from the outline, leave (asks if unsaved).",
        id="builder.back",
    ),
)

# Shown under the outline they act on (tui/app/widgets/builder_steps.py), not in the footer, which
# then has room for the builder's own keys.
BUILDER_STEP_KEYS: tuple[Binding, ...] = (
    Binding(
        "a",
        "screen.add_step",
        "add step",
        show=False,
        tooltip="A new step after this one.",
        id="builder.add_step",
    ),
    Binding(
        "i",
        "screen.add_include",
        "add include",
        show=False,
        tooltip="A step that plays every step of another routine.",
        id="builder.add_include",
    ),
    Binding(
        "d",
        "screen.duplicate_step",
        "duplicate",
        show=False,
        tooltip="A copy of this step after it.",
        id="builder.duplicate_step",
    ),
    Binding(
        "delete,x",
        "screen.remove_step",
        "remove",
        key_display="del",
        show=False,
        tooltip="Remove this step (ctrl+z brings it back).",
        id="builder.remove_step",
    ),
    Binding(
        "shift+up,K",
        "screen.move_step(-1)",
        "move up",
        key_display="⇧↑",
        show=False,
        tooltip="Move this step one place up.",
        id="builder.move_up",
    ),
    Binding(
        "shift+down,J",
        "screen.move_step(1)",
        "move down",
        key_display="⇧↓",
        show=False,
        tooltip="Move this step one place down.",
        id="builder.move_down",
    ),
)

FIT_KEYS: tuple[Binding, ...] = (
    Binding("enter", "apply", "apply", key_display="⏎", priority=True, id="fit.apply"),
    Binding("escape", "cancel", "cancel", key_display="esc", id="fit.cancel"),
)

LIBRARY_BUILD_KEYS: tuple[Binding, ...] = (
    Binding(
        "n",
        "new_routine",
        "New",
        tooltip="Build a routine of your own from nothing.",
        id="library.new",
    ),
    Binding(
        "d",
        "duplicate_routine",
        "Duplicate",
        show=False,  # the footer has no room for it at 80 columns; help and palette list it
        tooltip="Build a routine starting from a copy of this one.",
        id="library.duplicate",
    ),
    Binding(
        "e",
        "edit_routine",
        "Edit",
        tooltip="Change this routine in the builder (a bundled one is copied first).",
        id="library.edit",
    ),
)
