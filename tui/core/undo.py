"""The builder's undo: the drafts it has been through, and the one last saved."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from tui.core.draft import Draft


@dataclass(frozen=True, slots=True)
class UndoStack:
    """The drafts a builder has been through, for ctrl+z, and the one last saved.

    `push` with a `group` (say, the path of the field being typed into) folds a run of edits of
    the same group into one step, so one ctrl+z takes back a whole word, not its last letter.
    """

    present: Draft
    past: tuple[Draft, ...] = ()
    future: tuple[Draft, ...] = ()
    saved: Draft | None = None
    group: object = None
    limit: int = 200

    @classmethod
    def start(cls, draft: Draft, saved: bool = True) -> UndoStack:
        """A stack at `draft`; `saved` says it is what the file already holds."""
        return cls(present=draft, saved=draft if saved else None)

    def push(self, draft: Draft, group: object = None) -> UndoStack:
        if draft == self.present:
            return self
        if group is not None and group == self.group and self.past:
            return dataclasses.replace(self, present=draft, future=())
        past = (*self.past, self.present)[-self.limit :]
        return dataclasses.replace(self, present=draft, past=past, future=(), group=group)

    def undo(self) -> UndoStack:
        if not self.past:
            return self
        return dataclasses.replace(
            self,
            present=self.past[-1],
            past=self.past[:-1],
            future=(self.present, *self.future),
            group=None,
        )

    def redo(self) -> UndoStack:
        if not self.future:
            return self
        return dataclasses.replace(
            self,
            present=self.future[0],
            past=(*self.past, self.present),
            future=self.future[1:],
            group=None,
        )

    def mark_saved(self) -> UndoStack:
        return dataclasses.replace(self, saved=self.present, group=None)

    @property
    def can_undo(self) -> bool:
        return bool(self.past)

    @property
    def can_redo(self) -> bool:
        return bool(self.future)

    @property
    def dirty(self) -> bool:
        """Whether leaving now would lose something: the draft differs from the one saved."""
        return self.present != self.saved
