"""README's "How it is built" names every module of tui/core/ and of tui/app/'s top level, so the
tree a newcomer reads is the tree on disk (issue 11: the layout shows the architecture)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def built_section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"^## How it is built\n(.*?)^## ", text, re.S | re.M)
    assert found, "README has no 'How it is built' section"
    return found.group(1)


def test_the_tree_names_every_core_and_app_module() -> None:
    section = built_section()
    named = set(re.findall(r"[\w.-]+\.(?:py|json|tcss)\b", section))
    on_disk = {
        p.name
        for folder in ("tui/core", "tui/app")
        for p in (ROOT / folder).iterdir()
        if p.suffix in (".py", ".json") and p.name != "__init__.py"
    }
    assert on_disk - named == set(), "add these to README's 'How it is built'"
    for folder in ("core", "audio", "session", "plain", "cli", "app"):
        assert f"{folder}/" in section
