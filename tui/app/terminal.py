"""Writing an escape sequence to the terminal beside Textual's own output.

Textual has no public way to do it: `App.bell` writes its BEL through the app's driver, which the
app keeps in the private `_driver`. This function is the one place unknot reads it, and
tests/app/test_terminal.py fails the day Textual renames or changes it.
"""

from __future__ import annotations

from typing import Any

from textual.app import App


def write_to_terminal(app: App[Any], text: str) -> bool:
    """Send `text` to the terminal through the app's driver, in order with Textual's output
    (nothing in a headless test run); True when it was sent."""
    driver = app._driver
    if driver is None or app.is_headless:
        return False
    driver.write(text)
    return True
