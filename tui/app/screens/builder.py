"""The routine builder: the outline of steps on the left, the fields of the chosen one on the right.

The screen owns one thing, the undo stack of drafts (tui/core/undo.py); every edit makes a new
draft, and the live check (builder_check.py: in a thread worker once typing pauses, never under
a keystroke) shows its problems beside the fields, its planned length and its timeline.
Saving goes through tui/core/saving.py's `save_user_routine` (the writer, atomically, never a
bundled file) after the screen has asked every question a save can raise: a routine of that id
already there, a bundled one it would shadow, a hand-written file whose comments would be lost.
The routine's own file is edited in place (tui/core/in_place.py): its comments stay, and only a
comment whose step was removed is asked about.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.css.scalar import Scalar
from textual.widgets import ContentSwitcher, OptionList, Static

from tui.app.builder_keys import BUILDER_KEYS, BUILDER_STEP_KEYS
from tui.app.commands import KeyCommands
from tui.app.host import UnknotScreen
from tui.app.screens.builder_check import DraftChecked, LiveCheck
from tui.app.screens.builder_save import path_error, refusal_text, save_questions
from tui.app.screens.confirm import ConfirmScreen
from tui.app.screens.help import HelpScreen
from tui.app.settings import remapped_words
from tui.app.shown import shown
from tui.app.widgets.builder_form import BuilderForm, FieldRow, in_table
from tui.app.widgets.builder_steps import (
    StepOutline,
    length_text,
    outline_keys_text,
    routine_label,
    step_label,
    timeline_text,
)
from tui.app.widgets.key_footer import KeyFooter
from tui.core.builder_fields import (
    INCLUDE_SECTIONS,
    ROUTINE_SECTIONS,
    STEP_SECTIONS,
    step_kind,
)
from tui.core.draft import Draft, copy_draft, file_draft, id_from_name, new_draft
from tui.core.draft_check import Checked, check_draft
from tui.core.fit import FitResult
from tui.core.library import Library
from tui.core.locate import KeyPath
from tui.core.routine import Routine
from tui.core.saving import (
    SaveRefused,
    save_in_place,
    save_user_routine,
)
from tui.core.undo import UndoStack
from tui.core.visible import visible

_ONE_LINE = Scalar.parse("1")


class BuilderScreen(UnknotScreen[Routine | None]):
    """Builds or changes one routine; dismissed with the routine last saved (None: nothing)."""

    CSS_PATH = "builder.tcss"
    BINDINGS = list(BUILDER_KEYS)
    KEYS = BUILDER_KEYS + BUILDER_STEP_KEYS
    COMMANDS = {KeyCommands}
    AUTO_FOCUS = "#outline"

    def __init__(
        self,
        library: Library,
        draft: Draft,
        *,
        path: Path | None = None,
        folder: Path,
        notice: str = "",
    ) -> None:
        """`path` is the file the draft was read from (saving writes it again); without one the
        draft is new and its id comes from its name when it is first saved, into `folder`."""
        super().__init__()
        self.library = library
        self.path = path
        self.folder = path.parent if path is not None else folder
        self.stack = UndoStack.start(draft, saved=path is not None)
        self.live = LiveCheck(self, lambda: self.stack.present, self._check, self._refresh)
        self.current = 0  # 0: the routine's own fields; n: step n
        self.saved_routine: Routine | None = None
        self._comments_accepted = False
        self._notice = notice
        self._labels: list[Text] = []
        self._texts: dict[str, Text] = {}
        self._focus_when_made = False

    # ---- layout --------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Static(id="builder-title")
        with Horizontal(id="builder-body"):
            with Vertical(id="builder-left"):
                yield StepOutline(id="outline")
                yield Static(outline_keys_text(), id="outline-keys")
                yield Static(id="builder-timeline")
            with ContentSwitcher(initial="form-routine", id="builder-forms"):
                yield BuilderForm(ROUTINE_SECTIONS, "routine")  # a step's form comes when needed
        yield Static(id="builder-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._refresh(reload_form=True)
        self._say(self._notice)

    @property
    def draft(self) -> Draft:
        return self.stack.present

    @property
    def outline(self) -> StepOutline:
        return self.query_one("#outline", StepOutline)

    def form_kind(self) -> str:
        return (
            "routine" if self.current == 0 else step_kind(self.draft.get(("steps", self.current)))
        )

    def form(self) -> BuilderForm | None:
        """The form the outline's choice needs, or None while it is still being made."""
        found = self.query(f"#form-{self.form_kind()}").results(BuilderForm)
        return next(found, None)

    def focus_form(self) -> None:
        """Put the focus in the chosen form's first field (once the form exists)."""
        form = self.form()
        if form is None:
            self._focus_when_made = True
        else:
            form.first_editor().focus()

    async def _make_form(self, kind: str) -> None:
        """Mount a step's (or an include's) form the first time one is chosen: composing every
        form up front made the builder's first frame twice as slow."""
        if self.query(f"#form-{kind}"):
            return
        sections = STEP_SECTIONS if kind == "step" else INCLUDE_SECTIONS
        await self.query_one("#builder-forms", ContentSwitcher).mount(BuilderForm(sections, kind))
        self._refresh(reload_form=True)
        if self._focus_when_made:
            self._focus_when_made = False
            self.focus_form()

    # ---- checking and showing --------------------------------------------------------------
    def _check(self, draft: Draft) -> Checked:
        return check_draft(draft, self.library, folder=self.folder)

    @property
    def checked(self) -> Checked:
        """The check of the draft on screen (made now if the live check has not caught up)."""
        return self.live.now()

    def on_draft_checked(self, message: DraftChecked) -> None:
        self.live.arrived(message)

    def _refresh(self, reload_form: bool = False) -> None:
        """Show the present draft: outline labels, the form's problems, the timeline, the title.
        `reload_form` also puts the draft's values into the fields (after undo, a move…); while
        the person types, the field already holds what they typed."""
        draft = self.draft
        problems = self.live.shown.problems
        steps = draft.steps
        self.current = min(self.current, len(steps))
        labels = [routine_label(draft.name, [p for p in problems if in_table(())(p)])]
        for number, step in enumerate(steps, start=1):
            mine = in_table(("steps", number))
            labels.append(step_label(number, step, [p for p in problems if mine(p)]))
        outline = self.outline
        with self.prevent(OptionList.OptionHighlighted):  # the screen moved it, not the person
            if len(labels) != len(self._labels):
                outline.set_options(labels)
            else:
                for index, (label, before) in enumerate(zip(labels, self._labels, strict=True)):
                    if label != before:
                        outline.replace_option_prompt_at_index(index, label)
            if outline.highlighted != self.current:
                outline.highlighted = self.current
        self._labels = labels
        self._show("#builder-timeline", timeline_text(self.live.shown.timeline, len(problems)))
        self._show("#builder-title", self._title_text())
        form = self.form()
        if form is None:
            self.call_later(self._make_form, self.form_kind())
            return
        switcher = self.query_one("#builder-forms", ContentSwitcher)
        prefix: KeyPath = ("steps", self.current) if self.current else ()
        if switcher.current != form.id or form.prefix != prefix or reload_form:
            switcher.current = form.id
            form.load(prefix, draft.get)
        form.show_problems(problems, in_table(prefix))

    def _show(self, selector: str, text: Text) -> None:
        """Update a Static only when its text changes: each update lays the screen out again,
        and typing would pay for that on every key."""
        before = self._texts.get(selector)
        if before != text:
            self._texts[selector] = text
            widget = self.query_one(selector, Static)
            same_size = before is not None and _line_count(before) == _line_count(text)
            widget.update(text, layout=not (same_size or widget.styles.height == _ONE_LINE))

    def _title_text(self) -> Text:
        text = Text(" Builder", style="bold")
        text.append(f"  ·  {visible(self.draft.name) or '(no name)'}")
        timeline = self.live.shown.timeline
        if timeline is not None:
            text.append(f"  ·  {length_text(timeline)}")
        else:
            count = len(self.live.shown.problems)
            text.append(f"  ·  {count} problem{'s' if count != 1 else ''}", style="bold")
        where = self.path.name if self.path else f"new: {self.target_id()}.toml"
        text.append(f"  ·  {visible(where)}")
        if self.stack.dirty and self.path is not None:
            text.append("  ·  unsaved changes", style="bold")
        return text

    def _say(self, message: str | Text, problem: bool = False) -> None:
        status = self.query_one("#builder-status", Static)
        status.update(message if isinstance(message, Text) else shown(message))
        status.set_class(problem, "-problem")

    # ---- edits -----------------------------------------------------------------------------
    def edit(self, draft: Draft, group: object = None, reload_form: bool = True) -> None:
        """Make `draft` the present one (one undo step; a run of the same `group` is one)."""
        if draft == self.draft:
            return
        self.stack = self.stack.push(draft, group)
        self._refresh(reload_form=reload_form)  # the last check shows until this one's is in
        self.live.later()

    @on(FieldRow.Edited)
    def _field_edited(self, event: FieldRow.Edited) -> None:
        event.stop()
        form = event.row.query_ancestor(BuilderForm)
        path = form.path_of(event.spec)
        try:
            draft = self.draft.set(path, event.value)
        except KeyError as exc:  # a step removed under a field being typed into
            self._say(f"not changed: {exc}", problem=True)
            return
        self.edit(draft, group=path, reload_form=False)

    @on(OptionList.OptionHighlighted, "#outline")
    def _outline_moved(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_index != self.current:
            self.current = event.option_index
            self._refresh(reload_form=True)

    @on(OptionList.OptionSelected, "#outline")
    def _outline_chosen(self, event: OptionList.OptionSelected) -> None:
        self.current = event.option_index
        self._refresh(reload_form=True)
        self.focus_form()

    def _step_edit(self, change: Callable[[Draft], Draft], select: int) -> None:
        try:
            draft = change(self.draft)
        except KeyError as exc:
            self._say(f"nothing to do: {exc}", problem=True)
            return
        self.current = max(0, min(select, len(draft.steps)))
        self.edit(draft)

    def action_add_step(self) -> None:
        at = self.current + 1 if self.current else len(self.draft.steps) + 1
        step = {"name": f"Step {len(self.draft.steps) + 1}", "hold": 30}
        self._step_edit(lambda d: d.add_step(step, at), at)

    def action_add_include(self) -> None:
        at = self.current + 1 if self.current else len(self.draft.steps) + 1
        self._step_edit(lambda d: d.add_step({"include": ""}, at), at)
        self.focus_form()

    def action_duplicate_step(self) -> None:
        if self.current:
            number = self.current
            self._step_edit(lambda d: d.duplicate_step(number), number + 1)

    def action_remove_step(self) -> None:
        if self.current:
            number = self.current
            self._step_edit(lambda d: d.remove_step(number), number)

    def action_move_step(self, by: int) -> None:
        if self.current:
            number = self.current
            target = max(1, min(number + by, len(self.draft.steps)))
            self._step_edit(lambda d: d.move_step(number, by), target)

    def action_undo(self) -> None:
        self._travel(self.stack.undo(), "undone" if self.stack.can_undo else "nothing to undo")

    def action_redo(self) -> None:
        self._travel(self.stack.redo(), "redone" if self.stack.can_redo else "nothing to redo")

    def _travel(self, stack: UndoStack, message: str) -> None:
        self.stack = stack
        self._refresh(reload_form=True)
        self.live.later()
        self._say(message)

    # ---- saving ----------------------------------------------------------------------------
    def target_id(self) -> str:
        """The id the routine is saved under: its file's, or (new) the one its name gives."""
        return self.path.stem if self.path is not None else id_from_name(self.draft.name)

    def action_save(self) -> None:
        refusal = refusal_text(self.checked, "saved")
        if refusal is not None:
            self._say(refusal, problem=True)
            return
        routine_id = self.target_id()
        draft = self.draft.with_id(routine_id)
        checked = self._check(draft)
        if checked.routine is None:  # the new id made it include itself, say
            self.live.set(self.draft, checked)
            self._refresh()
            self._say(refusal_text(self.checked, "saved") or "not saved", problem=True)
            return
        target = self.folder / f"{routine_id}.toml"
        in_place = target == self.path and target.exists()
        questions = save_questions(
            self.library,
            draft,
            target,
            own_file=self.path,
            in_place=in_place,
            comments_accepted=self._comments_accepted,
        )
        routine = checked.routine
        self._ask(
            questions,
            lambda: self._write(draft, routine, replace=target.exists(), in_place=in_place),
        )

    def _ask(self, questions: list[str], then: Callable[[], None]) -> None:
        """Ask each question in turn; `then` runs only if every answer is yes."""
        if not questions:
            then()
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._ask(questions[1:], then)
            else:
                self._say("Not saved: nothing was replaced.")

        self.app.push_screen(ConfirmScreen(questions[0], yes="save", no="cancel"), answered)

    def _write(self, draft: Draft, routine: Routine, replace: bool, in_place: bool) -> None:
        try:
            if in_place and self.path is not None:
                path = save_in_place(routine, self.path, draft.document)
            else:
                path = save_user_routine(routine, self.folder, replace=replace)
        except SaveRefused as exc:
            self._say(f"Not saved: {exc}", problem=True)
            return
        except OSError as exc:
            self._say(f"Not saved: {path_error(exc)}", problem=True)
            return
        self.path = path
        self._comments_accepted = True  # a file written afresh has no comments left
        if draft != self.draft:
            self.stack = self.stack.push(draft)
        self.stack = self.stack.mark_saved()
        self.live.set(self.draft, self._check(self.draft))
        saved = dataclasses.replace(routine, path=path, bundled=False)
        self.saved_routine = saved
        self.library.add_saved(saved)
        self._refresh()
        self._say(f"Saved to {path}")

    # ---- try it, fit, leave ----------------------------------------------------------------
    def action_try_it(self) -> None:
        refusal = refusal_text(self.checked, "played")
        if refusal is not None or self.checked.routine is None:
            self._say(refusal or "not played", problem=True)
            return
        self.unknot_app.open_player(self.checked.routine)

    def action_fit(self) -> None:
        refusal = refusal_text(self.checked, "fitted")
        if refusal is not None or self.checked.routine is None:
            self._say(refusal or "not fitted", problem=True)
            return
        from tui.app.screens.builder_fit import FitScreen

        routine = self.checked.routine
        draft_id = self.draft.id

        def resolve(routine_id: str) -> Routine | None:
            return routine if routine_id == draft_id else self.library.get(routine_id)

        def fitted(result: FitResult | None) -> None:
            if result is None:
                self._say("Not fitted: nothing changed.")
                return
            new = Draft.from_routine(result.routine, draft_id)
            self.edit(dataclasses.replace(new, folder=self.draft.folder))
            undo = remapped_words(self.app, BUILDER_KEYS).get("builder.undo", "ctrl+z")
            self._say(
                f"Fitted to {result.planned_after // 60} min {result.planned_after % 60} s "
                f"({undo} takes it back)."
            )

        self.app.push_screen(FitScreen(routine, resolve), fitted)

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen("The builder's keys", self.KEYS))

    def action_back(self) -> None:
        if self.focused is not None and self.focused is not self.outline:
            self.outline.focus()
            return
        self.action_leave()

    def action_leave(self) -> None:
        if not self.stack.dirty:
            self.dismiss(self.saved_routine)
            return

        def answered(leave: bool | None) -> None:
            if leave:
                self.dismiss(self.saved_routine)

        name = self.draft.name or "this routine"
        self.app.push_screen(
            ConfirmScreen(
                f"“{name}” has changes that are not saved.\nLeave and lose them?",
                yes="leave",
                no="stay",
            ),
            answered,
        )


def _line_count(text: Text) -> int:
    return len(text.plain.splitlines())


def builder_for(
    library: Library,
    folder: Path,
    routine: Routine | None = None,
    duplicate: bool = False,
) -> BuilderScreen:
    """The builder for a new routine (no `routine`), a copy of one, or one of the user's own.
    A bundled routine is always copied first: bundled files are never written."""
    if routine is None:
        return BuilderScreen(library, new_draft(library, folder), folder=folder)
    if duplicate or routine.bundled or routine.path is None:
        notice = ""
        if routine.bundled and not duplicate:
            notice = "Bundled routines are not changed: this is your copy; save it to keep it."
        return BuilderScreen(
            library, copy_draft(routine, library, folder), folder=folder, notice=notice
        )
    return BuilderScreen(library, file_draft(routine), path=routine.path, folder=folder)
