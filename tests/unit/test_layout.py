"""The folders of tui/ are its architecture, and this test keeps them so.

Every import of every module is read from the source with ast: those at the top, those inside
functions (the command line opens the app that way) and those under TYPE_CHECKING. Then:

- no import circle anywhere in tui/ (a circle inside a function is still one to untangle);
- tui/core imports nothing from tui.app, tui.cli, tui.plain, tui.session or tui.audio;
- tui/audio nothing from tui.app, tui.cli or tui.plain;
- tui/session and tui/plain nothing from tui.app or tui.cli;
- tui/cli imports tui.app only inside functions, so only `unknot` with no command pays for it;
- nothing outside tui/app imports textual;
- only the Library itself writes its dicts (`library.routines`, `shadowed`, `broken`): a screen
  that saves a routine tells the library with a method.

tests/unit/test_import_hygiene.py checks the runtime side (each core module imported alone in a
fresh interpreter); this one sees the whole graph at once and costs no process. The last tests feed
it a made-up tree, to prove that it does find a circle and a broken rule.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

TUI = Path(__file__).resolve().parents[2] / "tui"

# (folder, what it must not import, or None: only inside functions)
NEVER: dict[str, tuple[str, ...]] = {
    "tui.core": ("tui.app", "tui.cli", "tui.plain", "tui.session", "tui.audio"),
    "tui.audio": ("tui.app", "tui.cli", "tui.plain"),
    "tui.session": ("tui.app", "tui.cli"),
    "tui.plain": ("tui.app", "tui.cli"),
}
ONLY_IN_FUNCTIONS: dict[str, tuple[str, ...]] = {"tui.cli": ("tui.app",)}
TEXTUAL_ONLY_IN = "tui.app"


@dataclass(frozen=True)
class Import:
    """One import statement's target, seen from the module that holds it."""

    importer: str
    target: str  # a module of the tree when it names one, else the name as written
    line: int
    in_function: bool


def within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def module_names(root: Path) -> dict[str, Path]:
    """Every module under `root` (a folder named like its package) by dotted name."""
    names: dict[str, Path] = {}
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names[".".join(parts)] = path
    return names


def imports_in(source: str, module: str, is_package: bool, known: Iterable[str]) -> list[Import]:
    """Every import in `source`, the module `module`; `from a import b` counts as importing a.b
    when that is a module of the tree (`known`), else as importing a."""
    known = set(known)
    found: list[Import] = []

    def walk(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            nested = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            if isinstance(child, ast.Import):
                for alias in child.names:
                    found.append(Import(module, alias.name, child.lineno, in_function))
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    package = module if is_package else module.rpartition(".")[0]
                    for _ in range(child.level - 1):
                        package = package.rpartition(".")[0]
                    base = f"{package}.{base}" if base else package
                for alias in child.names:
                    whole = f"{base}.{alias.name}"
                    target = whole if whole in known else base
                    found.append(Import(module, target, child.lineno, in_function))
            walk(child, nested)

    walk(ast.parse(source), False)
    return found


def read_tree(root: Path) -> list[Import]:
    names = module_names(root)
    result: list[Import] = []
    for name, path in names.items():
        source = path.read_text(encoding="utf-8")
        result += imports_in(source, name, path.name == "__init__.py", names)
    return result


def graph_of(imports: Iterable[Import], modules: Iterable[str]) -> dict[str, set[str]]:
    """Module → the modules of the tree it imports."""
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for i in imports:
        if i.target in modules and i.target != i.importer:
            graph[i.importer].add(i.target)
    return graph


def cycles(graph: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """One circle per tangle of modules that import each other, as a path `a → b → … → a`."""
    edges = {node: sorted(set(targets)) for node, targets in graph.items()}
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    tangles: list[set[str]] = []

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        order[node] = low[node] = len(order)
        stack.append(node)
        on_stack.add(node)
        for target in edges.get(node, ()):
            if target not in order:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], order[target])
        if low[node] == order[node]:
            tangle = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                tangle.add(member)
                if member == node:
                    break
            if len(tangle) > 1:
                tangles.append(tangle)

    for node in sorted(edges):
        if node not in order:
            visit(node)
    return [_path_round(tangle, edges) for tangle in tangles]


def _path_round(tangle: set[str], edges: Mapping[str, list[str]]) -> list[str]:
    """A shortest circle through the first member of `tangle`, to name in the failure."""
    start = min(tangle)
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for target in edges.get(node, ()):
            if target == start:
                return [*paths[node], start]
            if target in tangle and target not in paths:
                paths[target] = [*paths[node], target]
                queue.append(target)
    raise AssertionError(f"no circle through {start}")  # a tangle always has one


def broken_rules(imports: Iterable[Import]) -> list[str]:
    """Each import a folder may not make, as `importer:line imports target (why)`."""
    problems: list[str] = []
    for i in imports:
        where = f"{i.importer}:{i.line} imports {i.target}"
        for folder, forbidden in NEVER.items():
            if within(i.importer, folder) and any(within(i.target, f) for f in forbidden):
                problems.append(f"{where} ({folder} may not)")
        for folder, lazy in ONLY_IN_FUNCTIONS.items():
            lazy_target = any(within(i.target, f) for f in lazy)
            if within(i.importer, folder) and not i.in_function and lazy_target:
                problems.append(f"{where} at import time ({folder}: only inside functions)")
        if within(i.target, "textual") and not within(i.importer, TEXTUAL_ONLY_IN):
            problems.append(f"{where} (only {TEXTUAL_ONLY_IN} may import textual)")
    return problems


LIBRARY_PARTS = {"routines", "shadowed", "broken"}
MUTATORS = {
    "append",
    "clear",
    "extend",
    "insert",
    "pop",
    "popitem",
    "remove",
    "setdefault",
    "update",
}


def library_writes(source: str) -> list[int]:
    """Lines that change a library's dicts from outside: `library.routines[x] = …`,
    `self.library.shadowed.pop(…)`, `del library.broken[0]`, `library.routines = …`."""

    def is_part(node: ast.AST) -> bool:
        if not isinstance(node, ast.Attribute) or node.attr not in LIBRARY_PARTS:
            return False
        owner = node.value
        return (isinstance(owner, ast.Name) and owner.id == "library") or (
            isinstance(owner, ast.Attribute) and owner.attr == "library"
        )

    lines: list[int] = []
    for node in ast.walk(ast.parse(source)):
        targets: list[ast.AST] = []
        if isinstance(node, ast.Assign | ast.Delete):
            targets = list(node.targets)
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in MUTATORS
        ):
            targets = [node.func.value]
        for target in targets:
            while isinstance(target, ast.Subscript):
                target = target.value
            if is_part(target):
                lines.append(node.lineno)
    return sorted(lines)


TREE = read_tree(TUI)
MODULES = set(module_names(TUI))


# ---- the real tree ---------------------------------------------------------------------------


def test_the_whole_tree_is_read_imports_inside_functions_included() -> None:
    importers = {i.importer for i in TREE}
    assert {"tui.__main__", "tui.core.player", "tui.app.unknot", "tui.cli.main"} <= importers
    assert len(MODULES) > 50
    lazy = [i for i in TREE if i.importer == "tui.cli.routines" and i.target == "tui.app.unknot"]
    assert lazy and all(i.in_function for i in lazy)


def test_no_module_in_tui_imports_itself_back_in_a_circle() -> None:
    assert cycles(graph_of(TREE, MODULES)) == []


def test_each_folder_imports_only_what_it_may() -> None:
    assert broken_rules(TREE) == []


def test_only_the_library_changes_its_own_dicts() -> None:
    writes = {
        f"{name}:{line}"
        for name, path in module_names(TUI).items()
        if name != "tui.core.library"
        for line in library_writes(path.read_text(encoding="utf-8"))
    }
    assert writes == set()


# ---- the checks can fail -------------------------------------------------------------------


def test_a_circle_is_found_and_named() -> None:
    graph = {
        "tui.a": {"tui.b"},
        "tui.b": {"tui.c"},
        "tui.c": {"tui.a", "tui.d"},
        "tui.d": set(),
        "tui.e": {"tui.a"},
    }
    assert cycles(graph) == [["tui.a", "tui.b", "tui.c", "tui.a"]]
    assert cycles({"tui.a": {"tui.b"}, "tui.b": set()}) == []


def write(root: Path, name: str, source: str) -> None:
    path = root / (name.replace(".", "/") + ".py")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(source, encoding="utf-8")


def test_a_circle_closed_by_an_import_inside_a_function_is_found(tmp_path: Path) -> None:
    root = tmp_path / "tui"
    write(root, "__init__", "")
    write(root, "cli.__init__", "")
    write(root, "cli.main", "from tui.cli import completion\n")
    write(root, "cli.completion", "def handler():\n    from tui.cli.main import build_parser\n")
    write(root, "cli.common", "from . import completion\n")
    found = cycles(graph_of(read_tree(root), module_names(root)))
    assert found == [["tui.cli.completion", "tui.cli.main", "tui.cli.completion"]]


def test_a_module_that_reaches_where_it_may_not_is_named(tmp_path: Path) -> None:
    root = tmp_path / "tui"
    write(root, "__init__", "")
    write(root, "core.routine", "def f():\n    from tui.audio.sounds import Clip\n")
    write(root, "core.timeline", "import textual.app\nfrom ..plain import run\n")
    write(root, "cli.main", "from tui.app.unknot import run_app\n\ndef f():\n    import tui.app\n")
    write(
        root,
        "plain.run",
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import tui.cli\n",
    )
    write(root, "audio.sounds", "")
    write(root, "app.unknot", "import textual\n")
    problems = broken_rules(read_tree(root))
    assert sorted(problems) == [
        "tui.cli.main:1 imports tui.app.unknot at import time (tui.cli: only inside functions)",
        "tui.core.routine:2 imports tui.audio.sounds (tui.core may not)",
        "tui.core.timeline:1 imports textual.app (only tui.app may import textual)",
        "tui.core.timeline:2 imports tui.plain.run (tui.core may not)",
        "tui.plain.run:3 imports tui.cli (tui.plain may not)",
    ]


def test_a_screen_writing_the_library_dicts_is_found() -> None:
    source = """
def save(self, routine):
    self.library.routines[routine.id] = routine
    self.library.shadowed.pop(routine.id)
    library.broken = []
    del self.library.routines["x"]
    self.library.add_saved(routine)
    routines = dict(self.library.routines)
"""
    assert library_writes(source) == [3, 4, 5, 6]
