"""The figures page in the docs is what the app draws now, and the README links it."""

from __future__ import annotations

import importlib.util
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def gallery():
    spec = importlib.util.spec_from_file_location(
        "figure_gallery", REPO / "scripts" / "figure_gallery.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_figures_page_and_its_picture_are_up_to_date() -> None:
    module = gallery()
    assert module.main(["--check"]) == 0, "run scripts/figure_gallery.py"


def test_the_page_shows_every_figure_by_name_and_the_readme_links_it() -> None:
    from tui.core import figures

    page = (REPO / "docs" / "figures.md").read_text(encoding="utf-8")
    svg = (REPO / "docs" / "figures.svg").read_text(encoding="utf-8")
    for name in figures.names():
        assert f"| `{name}` |" in page
        assert f">{name}</text>" in svg
    assert "](figures.svg)" in page
    assert "(docs/figures.md)" in (REPO / "README.md").read_text(encoding="utf-8")
