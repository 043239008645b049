"""Today's routine before it plays: what was chosen, why, and what to watch for.

A routine made for a person is only trusted if it says why ("lower back 7/10, not easing: 6 of
10 minutes"), so the composer's reasons come first; then the cautions of every routine a step came
from, since each caution was written for its own steps, and the advice for a flare when an area is
rated high. From here: play it, ask for another one made from the same check-in, or keep it as a
routine of one's own. The screen only says how it ended ("play", or None to go back); saving
happens here because it leaves the screen where it is.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from tui.app.commands import KeyCommands
from tui.app.host import UnknotScreen
from tui.app.shown import shown
from tui.app.today_keys import PREVIEW_KEYS
from tui.app.widgets.key_footer import KeyFooter
from tui.core.compose import Composed, ComposeError
from tui.core.durations import format_clock
from tui.core.routine import Routine
from tui.core.timeline import Timeline

PreviewChoice = Literal["play"]


def reasons_content(composed: Composed, timeline: Timeline) -> Content:
    """The why: the length and step count, then one line per area (the composer's words)."""
    steps = len(timeline.steps)
    head = f"{format_clock(timeline.planned_seconds)} · {steps} step{'s' if steps != 1 else ''}"
    lines = [Content.styled(head, "bold")]
    minutes = composed.checkin.minutes
    lines.extend(Content("• ") + shown(reason.text(minutes)) for reason in composed.reasons)
    return Content("\n").join(lines)


def cautions_content(composed: Composed) -> Content:
    """The advice first (a flare, an area not easing), then every caution under the name of the
    routine it belongs to."""
    parts: list[Content] = []
    for advice in composed.advice:
        parts.append(shown(advice.strip(), multiline=True))
    for caution in composed.cautions:
        name = Content("From ") + shown(caution.routine_name) + Content(":")
        parts.append(name.stylize("bold"))
        parts.append(shown(caution.text.strip(), multiline=True))
    return Content("\n").join(parts) if parts else Content("No cautions for these steps.")


def steps_content(timeline: Timeline) -> Content:
    """The steps in order with their start, length and position (where the position changes)."""
    lines = [Content.styled("Steps", "bold")]
    position: str | None = None
    for played in timeline.steps:
        start = timeline.step_start(played.number)
        start_text = "" if start is None else format_clock(start)
        line = Content(f"{start_text:>6}  {played.number:>2}. ") + shown(played.name)
        detail = f"  {timeline.step_length_text(played)}"
        step_position = played.step.position
        if step_position and step_position != position:
            detail += f" · {step_position.replace('-', ' ')}"
            position = step_position
        lines.append(line + Content.styled(detail, "dim"))
    return Content("\n").join(lines)


class PreviewScreen(UnknotScreen[PreviewChoice | None]):
    """Shows one composed routine; `another` makes the next one from the same check-in (o)."""

    CSS_PATH = "preview.tcss"
    BINDINGS = list(PREVIEW_KEYS)
    KEYS = PREVIEW_KEYS
    COMMANDS = {KeyCommands}
    AUTO_FOCUS = "#preview-scroll"

    def __init__(
        self,
        composed: Composed,
        another: Callable[[], Composed] | None = None,
        saved: Callable[[Routine], None] | None = None,
        *,
        folder: Path | None = None,
    ) -> None:
        super().__init__()
        self.composed = composed
        self.another = another
        self.saved = saved  # hears of a routine saved from here (the library lists it)
        self.folder = folder  # where a saved routine goes (default: the person's routines)
        self.timeline: Timeline | None = None  # the library's, once the screen is in the app

    def compose(self) -> ComposeResult:
        yield Static(id="preview-title")
        with VerticalScroll(id="preview-scroll"):
            reasons = Static(id="preview-reasons")
            reasons.border_title = "why these steps"
            yield reasons
            cautions = Static(id="preview-cautions")
            cautions.border_title = "before you start"
            yield cautions
            yield Static(id="preview-steps")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._show()

    def _show(self) -> None:
        self.timeline = self.unknot_app.library.timeline(self.composed.routine)
        title = Content(" ") + shown(self.composed.routine.name)
        self.query_one("#preview-title", Static).update(title)
        self.query_one("#preview-reasons", Static).update(
            reasons_content(self.composed, self.timeline)
        )
        self.query_one("#preview-cautions", Static).update(cautions_content(self.composed))
        self.query_one("#preview-steps", Static).update(steps_content(self.timeline))

    def action_play(self) -> None:
        self.dismiss("play")

    def action_back(self) -> None:
        self.dismiss(None)

    def action_another(self) -> None:
        if self.another is None:
            return
        try:
            composed = self.another()
        except ComposeError as exc:
            self.notify(f"No other routine: {exc}.", severity="warning")
            return
        if composed.routine.steps == self.composed.routine.steps:
            self.notify("Your library has no other steps for this check-in.")
        self.composed = composed
        self._show()
        self.query_one("#preview-scroll", VerticalScroll).scroll_home(animate=False)

    def action_save(self) -> None:
        """Keep the routine shown as one of the person's own, under a free id from its name."""
        from tui.core.draft import free_id, id_from_name
        from tui.core.paths import Locations
        from tui.core.saving import SaveRefused, save_user_routine

        library = self.unknot_app.library
        folder = self.folder or Locations.current().routines
        routine = self.composed.routine
        routine_id = free_id(id_from_name(routine.name), library.ids_taken(folder))
        mine = dataclasses.replace(routine, id=routine_id, path=None, bundled=False)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = save_user_routine(mine, folder)
        except (SaveRefused, OSError) as exc:  # RoutineExists too: another process was quicker
            self.notify(str(exc), title="not saved", severity="warning", timeout=8)
            return
        saved = dataclasses.replace(mine, path=path)
        library.add_saved(saved)
        if self.saved is not None:
            self.saved(saved)
        self.notify(f"Saved as {path.stem}, in {path.parent}.", title="saved as a routine")

    def action_help(self) -> None:
        from tui.app.screens.help import HelpScreen

        self.app.push_screen(HelpScreen("preview keys", PREVIEW_KEYS))
