"""Which cells changed between two drawings of a widget, as the regions to repaint.

Textual repaints what a widget marks dirty, and writes each dirty line of a widget from the
widget's left edge up to the last dirty cell. A widget that marks only the cells whose text
changed (a line at a time, unchanged lines not at all) sends the terminal a few dozen bytes a
second instead of whole lines; a second of a hold is mostly that.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.geometry import Region


def changed_spans(old: Sequence[str], new: Sequence[str]) -> list[tuple[int, int, int]]:
    """(line, first column, end column) of each line whose characters differ (a line missing
    from one side, or shorter, counts as blanks)."""
    spans = []
    for row in range(max(len(old), len(new))):
        a = old[row] if row < len(old) else ""
        b = new[row] if row < len(new) else ""
        if a == b:
            continue
        width = max(len(a), len(b))
        a, b = a.ljust(width), b.ljust(width)
        differ = [x for x in range(width) if a[x] != b[x]]
        if differ:
            spans.append((row, differ[0], differ[-1] + 1))
    return spans


def changed_regions(old: Sequence[str], new: Sequence[str]) -> list[Region]:
    """The regions (one line high) to refresh so that `old` becomes `new` on screen."""
    return [Region(first, row, end - first, 1) for row, first, end in changed_spans(old, new)]
