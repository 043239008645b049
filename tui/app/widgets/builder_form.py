"""The builder's forms: one row per field, each with its hint and the loader's problems above it.

A form is made once from a table of `FieldSpec`s and then only re-filled: switching from step 2
to step 5 loads other values into the same inputs, so the focus and the layout stay put. A row
reports what the person typed as a value (`FieldRow.Edited`); the screen turns that into a new
draft. Values loaded by the screen never come back as edits (`prevent`), or every undo would
record itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Select, Static, TextArea

from tui.core.builder_fields import FieldSpec, Section, all_fields
from tui.core.draft_check import problems_at
from tui.core.locate import KeyPath
from tui.core.problems import Problem, key_text
from tui.core.visible import visible

EDIT_MESSAGES = (Input.Changed, TextArea.Changed, Checkbox.Changed, Select.Changed)


def problem_text(problems: Sequence[Problem], prefix: str = "") -> Text:
    """Problems as the builder shows them: what is wrong, then what would be right."""
    text = Text()
    for number, problem in enumerate(problems):
        if number:
            text.append("\n")
        where = f"{problem.key}: " if prefix == "key" else ""
        text.append(f"✗ {where}{problem.message}", style="bold")
        if problem.hint:
            text.append(f" ({problem.hint})")
    return text


class FieldRow(Vertical):
    """A label, the editor for one value, its hint, and the problems the loader has with it."""

    class Edited(Message):
        """The person changed the field: `value` is what to store (None removes the key)."""

        def __init__(self, row: FieldRow, value: Any) -> None:
            super().__init__()
            self.row = row
            self.value = value

        @property
        def spec(self) -> FieldSpec:
            return self.row.spec

    def __init__(self, spec: FieldSpec, form_id: str) -> None:
        super().__init__(id=f"row-{form_id}-{spec.dom_id}", classes="field-row")
        self.spec = spec
        self.editor_id = f"field-{form_id}-{spec.dom_id}"
        self._shown: tuple[tuple[str, str, str], ...] = ()

    def compose(self) -> ComposeResult:
        # One caption (label, hint and problems) per field, not three widgets: every widget costs
        # the builder's first frame a CSS pass, and the routine's form has 26 fields.
        spec = self.spec
        caption = Static(self._caption(()), classes="field-caption")
        if spec.kind == "check":
            yield Checkbox(spec.label, spec.default, id=self.editor_id, classes="field-check")
            caption.display = bool(spec.hint)
            yield caption
            return
        yield caption
        if spec.kind == "choice" and spec.choices is not None:
            yield Select(
                [(name, name) for name in spec.choices()],
                prompt="none",
                compact=True,  # one line, like the other fields; type a name's start to jump
                id=self.editor_id,
                classes="field-choice",
            )
        elif spec.kind == "text":
            yield TextArea(
                id=self.editor_id, classes="field-text", soft_wrap=True, show_line_numbers=False
            )
        else:
            yield Input(placeholder=spec.placeholder, id=self.editor_id, classes="field-line")

    def _caption(self, problems: Sequence[Problem]) -> Text:
        spec = self.spec
        text = Text()
        if spec.kind != "check":
            text.append(spec.label, style="bold")
            if spec.hint:
                text.append("  ")
        if spec.hint:
            text.append(spec.hint, style="dim italic")
        if problems:
            text.append("\n")
            text.append_text(problem_text(problems))
        return text

    @property
    def editor(self) -> Widget:
        return self.query_one(f"#{self.editor_id}")

    def show_value(self, value: Any) -> None:
        """Put `value` in the editor without reporting it as an edit."""
        editor = self.editor
        with self.prevent(*EDIT_MESSAGES):
            if isinstance(editor, Checkbox):
                editor.value = self.spec.ticked(value)
            elif isinstance(editor, Select):
                choices = self.spec.choices() if self.spec.choices else ()
                if isinstance(value, str) and value in choices:
                    editor.value = value
                else:
                    editor.clear()  # none, or a name the loader reports beside the field
            elif isinstance(editor, TextArea):
                # A file's control characters are shown as their escapes, never sent to the
                # terminal; typing in the field then keeps them as that text.
                text = visible(self.spec.text_of(value), multiline=True)
                if editor.text != text:
                    editor.load_text(text)
            elif isinstance(editor, Input):
                text = visible(self.spec.text_of(value))
                if editor.value != text:
                    editor.value = text
                    editor.cursor_position = len(text)

    def show_problems(self, problems: Sequence[Problem]) -> None:
        shown = tuple((p.key, p.message, p.hint) for p in problems)
        if shown == self._shown:
            return  # an update lays the whole form out again: once per keystroke is too many
        self._shown = shown
        caption = self.query_one(".field-caption", Static)
        caption.update(self._caption(problems))
        caption.display = self.spec.kind != "check" or bool(self.spec.hint or problems)
        self.set_class(bool(problems), "-problem")

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Edited(self, self.spec.value_of(event.value)))

    @on(TextArea.Changed)
    def _written(self, event: TextArea.Changed) -> None:
        event.stop()
        self.post_message(self.Edited(self, self.spec.value_of(event.text_area.text)))

    @on(Select.Changed)
    def _picked(self, event: Select.Changed) -> None:
        event.stop()
        value = event.value
        self.post_message(self.Edited(self, value if isinstance(value, str) else None))

    @on(Checkbox.Changed)
    def _ticked(self, event: Checkbox.Changed) -> None:
        event.stop()
        self.post_message(self.Edited(self, self.spec.value_of_check(event.value)))


class BuilderForm(VerticalScroll):
    """The fields of one table (the routine, a step, an include), under their section titles.

    `prefix` is where the form's table sits in the draft: () for the routine, ("steps", 3) for
    the third step; a row's full path is `prefix + spec.key`.
    """

    def __init__(self, sections: Sequence[Section], form_id: str) -> None:
        super().__init__(id=f"form-{form_id}", classes="builder-form")
        self.sections = tuple(sections)
        self.form_id = form_id
        self.prefix: KeyPath = ()
        self._other = Text()

    def compose(self) -> ComposeResult:
        yield Static(id=f"form-{self.form_id}-other", classes="form-other-problems")
        for section in self.sections:
            yield Static(section.title, classes="form-section")
            for spec in section.fields:
                yield FieldRow(spec, self.form_id)

    def rows(self) -> Iterable[FieldRow]:
        return self.query(FieldRow)

    def row(self, key: KeyPath) -> FieldRow:
        return next(row for row in self.rows() if row.spec.key == key)

    def path_of(self, spec: FieldSpec) -> KeyPath:
        return (*self.prefix, *spec.key)

    def load(self, prefix: KeyPath, value_at: Callable[[KeyPath], Any]) -> None:
        """Show the values of the table at `prefix` (`value_at` reads the draft)."""
        self.prefix = prefix
        for row in self.rows():
            row.show_value(value_at(self.path_of(row.spec)))

    def show_problems(self, problems: Sequence[Problem], mine: Callable[[Problem], bool]) -> None:
        """Each row shows the problems at its path; problems of this table (`mine`) that no row
        owns (a key the format does not know, a routine that is too long) show at the top."""
        claimed: set[int] = set()
        for row in self.rows():
            found = problems_at(problems, self.path_of(row.spec))
            claimed.update(id(p) for p in found)
            row.show_problems(found)
        other = [p for p in problems if mine(p) and id(p) not in claimed]
        text = problem_text(other, prefix="key")
        if text != self._other:
            self._other = text
            box = self.query_one(f"#form-{self.form_id}-other", Static)
            box.update(text)
            box.display = bool(other)

    def first_editor(self) -> Widget:
        return next(iter(self.rows())).editor


def in_table(prefix: KeyPath) -> Callable[[Problem], bool]:
    """Whether a problem belongs to the table at `prefix`: a step's own, or (for the routine
    form, prefix ()) anything that is not about one step."""
    if prefix:
        key = key_text(prefix)
        return lambda p: p.key == key or p.key.startswith((key + ".", key + "["))
    return lambda p: not p.key.startswith("steps[")


def all_specs(sections: Sequence[Section]) -> tuple[FieldSpec, ...]:
    return all_fields(tuple(sections))
