"""Packaging hygiene: a compatible range for people who install unknot, exact pins for the tests.

The snapshot tests compare Textual's rendering byte for byte, so the suite runs on the versions
pinned in constraints.txt; an installer only needs a Textual that is compatible.
"""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import version
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def pins() -> dict[str, str]:
    found: dict[str, str] = {}
    for line in (REPO / "constraints.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, pinned = line.partition("==")
            found[re.sub(r"[-_.]+", "-", name).lower()] = pinned.split(";")[0].strip()
    return found


def test_the_license_is_the_mit_licence_pyproject_names() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    assert project["license"] == "MIT"
    assert (REPO / "LICENSE").read_text().startswith("MIT License")


def test_the_version_is_written_in_one_place() -> None:
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text())
    assert "version" not in pyproject["project"]
    assert pyproject["project"]["dynamic"] == ["version"]
    assert pyproject["tool"]["hatch"]["version"]["path"] == "tui/__init__.py"


def test_installers_get_a_range_of_textual_and_the_tests_the_exact_one() -> None:
    deps = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["dependencies"]
    (textual,) = [d for d in deps if d.startswith("textual")]
    assert "==" not in textual and ">=" in textual and "<" in textual
    pinned = pins()
    for name in ("textual", "rich", "pytest-textual-snapshot", "syrupy"):
        assert name in pinned, name
    # The environment the tests run in is the pinned one (make test installs with -c).
    assert version("textual") == pinned["textual"]
    assert version("rich") == pinned["rich"]


def test_make_test_installs_with_the_constraints() -> None:
    makefile = (REPO / "Makefile").read_text()
    assert "-c constraints.txt -e '.[test]'" in makefile
    assert "make test" in (REPO / ".ci" / "run").read_text()


def test_every_dependency_make_test_installs_is_pinned() -> None:
    from packaging.requirements import Requirement

    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    pinned = pins()
    for text in [*project["dependencies"], *project["optional-dependencies"]["test"]]:
        requirement = Requirement(text)
        if requirement.marker is not None and not requirement.marker.evaluate():
            continue  # not installed on this Python
        name = re.sub(r"[-_.]+", "-", requirement.name).lower()
        assert name in pinned, f"{name} is not in constraints.txt"
        assert requirement.specifier.contains(pinned[name]), (name, pinned[name])
