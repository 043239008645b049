"""Reading the library after the first frame, on a thread.

`unknot` alone opens on the library. Reading and checking its files (the 20 bundled ones take
some 10 ms, a thousand of a person's own most of a second) used to come before anything was
drawn; now the app draws first, a thread reads the files, and the list fills in when the
library comes back as a message. Files are the event loop's to wait for never (issue 11).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import App
from textual.message import Message

from tui.core.library import Library


class LibraryRead(Message):
    """The library, read by the thread."""

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library


def read_library_in_thread(app: App[Any], read: Callable[[], Library]) -> None:
    """Call `read` on a thread worker and post the library to `app`. Reading never raises for
    a bad file (each file's problems are kept with it); anything else becomes a library that
    lists nothing, with a notice saying why, instead of a traceback."""

    def work() -> None:
        try:
            library = read()
        except Exception as exc:  # a bug or an unreadable folder: say so, keep the app
            app.call_from_thread(
                app.notify,
                f"The routines could not be read: {exc}",
                severity="error",
                timeout=15,
            )
            library = Library({}, [], {})
        app.post_message(LibraryRead(library))

    app.run_worker(work, thread=True, group="library", exit_on_error=False)
