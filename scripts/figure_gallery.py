"""Make docs/figures.svg and docs/figures.md: every bundled figure, drawn by unknot itself.

Each figure is drawn by the same braille rasteriser the player uses (tui.core.figures), at one
size, and every braille dot becomes a small square in the SVG, so the page shows exactly the dots
a terminal shows, in any browser and without a braille font. The page lists each figure's name
(what a step's `figure` key takes) and the bundled steps that use it.

    .venv/bin/python scripts/figure_gallery.py          (writes both files)
    .venv/bin/python scripts/figure_gallery.py --check  (exits 1 if either is out of date)
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SVG = ROOT / "docs" / "figures.svg"
PAGE = ROOT / "docs" / "figures.md"

CELLS = (26, 9)  # each figure's room, in terminal cells (52 × 36 braille dots)
DOT = 4  # pixels from one dot to the next
COLUMNS = 6
LABEL = 22  # pixels under each figure for its name
GAP = 16


def svg_text() -> str:
    from tui.core import figures
    from tui.core.figures.braille import dots_of

    names = figures.names()
    tile_w = CELLS[0] * 2 * DOT + GAP
    tile_h = CELLS[1] * 4 * DOT + LABEL + GAP
    rows = -(-len(names) // COLUMNS)
    width, height = COLUMNS * tile_w + GAP, rows * tile_h + GAP
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="monospace" font-size="14">',
        f'<rect width="{width}" height="{height}" fill="#1e1e1e"/>',
    ]
    for number, name in enumerate(names):
        left = GAP + (number % COLUMNS) * tile_w
        top = GAP + (number // COLUMNS) * tile_h
        dots = sorted(dots_of(figures.draw(name, *CELLS)), key=lambda d: (d[1], d[0]))
        path = "".join(f"M{left + x * DOT} {top + y * DOT}h3v3h-3z" for x, y in dots)
        out.append(f'<path fill="#e6e6e6" d="{path}"/>')
        label_y = top + CELLS[1] * 4 * DOT + 16
        out.append(f'<text x="{left}" y="{label_y}" fill="#9cdcfe">{name}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def page_text() -> str:
    from tui.core import figures
    from tui.core.library import Library
    from tui.core.paths import bundled_routines
    from tui.core.routine import Step

    used: dict[str, list[str]] = {}
    library = Library.load(bundled_routines(), None)
    for routine in sorted(library.routines.values(), key=lambda r: r.id):
        for step in routine.steps:
            if isinstance(step, Step) and step.figure:
                used.setdefault(step.figure, []).append(f"{routine.id}: {step.name}")
    lines = [
        "# The figures",
        "",
        'A step can show a stick figure of its pose beside the countdown: `figure = "NAME"` in',
        "the step (see [the routine format](ROUTINE_FORMAT.md)). The player draws it in braille",
        "dots from 100×30 up, in the room the countdown leaves, mirrored for the other side of a",
        "step with `sides`. `unknot figure NAME` prints one, `unknot figure --list` lists them and",
        "`unknot show ID --figures` prints a routine's.",
        "",
        "Every figure below was drawn by unknot itself (`scripts/figure_gallery.py`), dot for dot",
        "as a terminal shows it. The figures are data, not drawings: named joints and props in",
        "`tui/core/figures/bundled.figures` (its format is described in",
        "`tui/core/figures/fileformat.py`).",
        "",
        "![Every bundled figure with its name](figures.svg)",
        "",
        "| name | what it shows | view | drawn for | used by |",
        "|---|---|---|---|---|",
    ]
    for name in figures.names():
        figure = figures.get(name)
        steps = "; ".join(used.get(name, [])) or "—"
        side = f"{figure.side} side" if figure.side else "both"
        lines.append(f"| `{name}` | {figure.title} | {figure.view} | {side} | {steps} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    wanted = {SVG: svg_text(), PAGE: page_text()}
    if "--check" in argv:
        stale = [p for p, text in wanted.items() if not p.is_file() or p.read_text() != text]
        for path in stale:
            print(f"{path.relative_to(ROOT)} is out of date: run scripts/figure_gallery.py")
        return 1 if stale else 0
    for path, text in wanted.items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main(sys.argv[1:]))
