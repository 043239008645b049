"""No module in tui/ is over 500 lines (issue 11 point 4): a module that grows past that is doing
more than one thing, and the next person should find each thing in a module named for it. When
this fails, split the module along a real seam (see README's 'How it is built'), don't trim it."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MOST_LINES = 500


def too_long(folder: Path, most: int = MOST_LINES) -> list[tuple[str, int]]:
    """Every .py under `folder` with more than `most` lines, as (path relative to it, lines)."""
    found = []
    for path in sorted(folder.rglob("*.py")):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > most:
            found.append((path.relative_to(folder).as_posix(), lines))
    return found


def test_no_module_in_tui_is_over_500_lines() -> None:
    assert too_long(ROOT / "tui") == [], "split these along a seam (one module, one thing)"


def test_the_check_finds_a_made_up_long_module(tmp_path: Path) -> None:
    package = tmp_path / "pkg" / "inner"
    package.mkdir(parents=True)
    (package / "long.py").write_text("x = 1\n" * (MOST_LINES + 1), encoding="utf-8")
    (package / "just_fits.py").write_text("x = 1\n" * MOST_LINES, encoding="utf-8")
    (tmp_path / "pkg" / "notes.txt").write_text("x\n" * 1000, encoding="utf-8")
    assert too_long(tmp_path) == [("pkg/inner/long.py", MOST_LINES + 1)]
