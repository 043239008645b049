"""What saving from the builder asks first, and what it refuses: kept apart from the screen
(builder.py) so the rules of a save read as plain functions of the draft and the library, and
the screen only asks the questions and writes.

A save can raise three questions (a routine of that id already there, a bundled one it would
shadow, comments that would be lost) and is refused while the draft has problems; the screen
asks each question in turn (ConfirmScreen) and writes only if every answer is yes.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text

from tui.core.draft import Draft
from tui.core.draft_check import Checked
from tui.core.library import Library
from tui.core.routine import Routine
from tui.core.saving import has_comments, in_place_edit
from tui.core.write_errors import write_problem


def refusal_text(checked: Checked, doing: str) -> Text | None:
    """Why `doing` cannot happen now (the draft has problems), or None."""
    problems = checked.problems
    if checked.ok:
        return None
    text = Text(f"Not {doing}: ", style="bold")
    count = len(problems)
    text.append(f"{count} problem{'s' if count != 1 else ''} to fix first")
    if problems:
        first = problems[0]
        text.append(f" · {first.key}: {first.message}")
    return text


def save_questions(
    library: Library,
    draft: Draft,
    target: Path,
    *,
    own_file: Path | None,
    in_place: bool,
    comments_accepted: bool,
) -> list[str]:
    """The questions saving `draft` to `target` must ask first (none: save at once). `own_file`
    is the file the draft was read from; `in_place` says the save edits it where it stands."""
    routine_id = target.stem
    questions: list[str] = []
    if target.exists() and target != own_file:
        questions.append(
            f"You already have a routine “{routine_id}” ({target.name}).\nReplace it with this one?"
        )
    elif not target.exists() and is_bundled(library.get(routine_id)):
        questions.append(
            f"“{routine_id}” is a bundled routine's id: yours will be played in its place "
            "(the bundled file is not changed).\nSave it under that id?"
        )
    if in_place:  # its own file: edited where it stands, so what the person wrote stays
        lost = comments_lost(target, draft)
        if lost:
            shown_lost = "\n".join(f"  # {comment}" for comment in lost[:4])
            more = f"\n  and {len(lost) - 4} more" if len(lost) > 4 else ""
            questions.append(
                f"{len(lost)} comment{'s' if len(lost) != 1 else ''} of {target.name} "
                f"stood by what you removed and would be lost:\n{shown_lost}{more}\n"
                "Save anyway?"
            )
    elif target.exists() and has_comments(target) and not comments_accepted:
        questions.append(
            f"{target.name} was written by hand and has comments.\n"
            "Saving writes it afresh and the comments are lost. Save anyway?"
        )
    return questions


def comments_lost(target: Path, draft: Draft) -> tuple[str, ...]:
    """The comments of `target` an in-place save of `draft` would drop (their step removed)."""
    try:
        return in_place_edit(target, draft.document).lost
    except (OSError, ValueError):
        return ()  # not TOML to tomlkit: save_in_place writes it afresh


def is_bundled(routine: Routine | None) -> bool:
    return routine is not None and routine.bundled


def path_error(exc: OSError) -> str:
    """A failed write in words (the same words as the command line's)."""
    return write_problem(None, exc)
