"""The names of the figures unknot ships, read from their `figure NAME` lines alone.

Checking a routine's `figure = NAME` happens for every bundled routine when the library loads,
before the app's first frame: it must neither build every figure nor import the drawing code
(tui/core/figures/), which a typo's hint and the player load when they need them.
"""

from __future__ import annotations

import functools
from pathlib import Path

# Beside the figures package's code, in the checkout and in the wheel alike (package data).
BUNDLED_FILE = Path(__file__).with_name("figures") / "bundled.figures"


@functools.cache
def bundled_names() -> frozenset[str]:
    """Every bundled figure's name (the file itself is held to parse by its tests)."""
    found = set()
    for raw in BUNDLED_FILE.read_text(encoding="utf-8").splitlines():
        words = raw.split("#", 1)[0].split()
        if len(words) == 2 and words[0] == "figure":
            found.add(words[1])
    return frozenset(found)
