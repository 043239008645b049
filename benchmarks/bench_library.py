"""Loading a library of 1,000 routine files (issue: under 1 s).

Makes 1,000 varied routine files from the bundled ones (renamed, some with includes between
them) in a temporary folder and times Library.load over them, checks and all.

    .venv/bin/python benchmarks/bench_library.py
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _util import median_seconds, report

from tui.core.library import Library
from tui.core.paths import bundled_routines

COUNT = 1000


def make_library(folder: Path) -> None:
    sources = sorted(bundled_routines().glob("*.toml"))
    texts = [p.read_text(encoding="utf-8") for p in sources]
    first_copy = {p.stem: index for index, p in enumerate(sources)}
    for number in range(COUNT):
        # Point includes at renamed copies so the include pass has real work to do.
        text = re.sub(
            r'include = "([a-z0-9-]+)"',
            lambda m: f'include = "{m[1]}-{first_copy[m[1]]:04d}"',
            texts[number % len(texts)],
        )
        stem = sources[number % len(sources)].stem
        (folder / f"{stem}-{number:04d}.toml").write_text(text, encoding="utf-8")


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        make_library(folder)
        library = Library.load(None, folder)
        assert len(library.routines) == COUNT, [f.problems[0] for f in library.broken[:3]]
        median, _ = median_seconds(lambda: Library.load(None, folder), repeat=5)
    return 0 if report("load 1,000 routine files", median, "s", 1.0) else 1


if __name__ == "__main__":
    raise SystemExit(main())
