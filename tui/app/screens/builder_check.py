"""The builder's live check: the present draft checked off the UI's thread, once typing pauses.

`check_draft` is the loader's whole check of a draft, and it can decode a routine's sound files
(ffmpeg, for a format other than WAV), which takes seconds. Run under each keystroke it froze
typing for that long. So an edit only asks for a check (`later`): after `CHECK_DEBOUNCE` seconds
without another edit, a thread worker checks the draft and posts `DraftChecked` back, and the
screen shows it if that draft is still the one on screen. Meanwhile the last check stays shown.
An explicit action (save, try, fit) needs the check of what is on screen, so `now` makes it at
once when the worker has not.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer

from tui.core.draft import Draft
from tui.core.draft_check import Checked

CHECK_DEBOUNCE = 0.15  # seconds without an edit before the live check runs


class DraftChecked(Message):
    """The live check of `draft`, from the worker's thread."""

    def __init__(self, draft: Draft, checked: Checked) -> None:
        super().__init__()
        self.draft = draft
        self.checked = checked


class LiveCheck:
    """The check shown for one screen's drafts. `present` gives the draft on screen, `check`
    checks one (from any thread), `show` redraws with `self.shown`."""

    def __init__(
        self,
        screen: Screen[Any],
        present: Callable[[], Draft],
        check: Callable[[Draft], Checked],
        show: Callable[[], None],
    ) -> None:
        self._screen = screen
        self._present = present
        self._check = check
        self._show = show
        draft = present()
        self.shown: Checked = check(draft)  # opening the builder waits for it; typing never does
        self._shown_for = draft
        self._timer: Timer | None = None

    def now(self) -> Checked:
        """The check of the draft on screen, made here if the worker has not made it yet."""
        draft = self._present()
        if self._shown_for is not draft:
            self.set(draft, self._check(draft))
        return self.shown

    def set(self, draft: Draft, checked: Checked) -> None:
        """Show `checked` as the check of `draft`."""
        self.shown, self._shown_for = checked, draft
        if self._screen.is_mounted:
            self._show()

    def later(self) -> None:
        """Check the present draft once edits pause for `CHECK_DEBOUNCE` seconds."""
        if self._timer is not None:
            self._timer.stop()
        self._timer = self._screen.set_timer(CHECK_DEBOUNCE, self._start, name="live-check")

    def _start(self) -> None:
        self._timer = None
        draft = self._present()
        if self._shown_for is draft:
            return
        screen = self._screen

        def work() -> None:
            screen.post_message(DraftChecked(draft, self._check(draft)))

        screen.run_worker(
            work, thread=True, exclusive=True, group="builder-check", exit_on_error=False
        )

    def arrived(self, message: DraftChecked) -> None:
        """A worker's result: shown if its draft is still the one on screen, else dropped."""
        if message.draft is self._present() and self._shown_for is not message.draft:
            self.set(message.draft, message.checked)
