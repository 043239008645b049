"""Python's cyclic garbage collector while the app starts.

Starting the app (importing Textual, parsing its CSS, building the first screen) makes some
hundreds of thousands of objects that live as long as the process, and the collector walks them
again and again while they are being made: some 15 ms of the first frame, for nothing. So the
command line pauses it just before the app is imported, and once the first frame is drawn what
the start made goes into the permanent generation (`gc.freeze`) and the collector runs again:
its later passes, in a hold too, no longer walk the start's objects.

Only a collector paused here is resumed here, so an app started any other way (the tests' Pilot
runs many in one process) leaves the collector as it found it.
"""

from __future__ import annotations

import gc

_paused = False


def pause() -> None:
    """Stop the collector until `resume` (the app's first frame)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume() -> None:
    """Keep what the start made out of later passes and let the collector run again; nothing
    when `pause` did not stop it."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()
