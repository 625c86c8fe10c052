"""The package's modules import each other without a circle, and the store knows nothing of
the watch engine."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
PKG = SRC / "eventwatch"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST, here: str, is_package: bool, modules: set[str]) -> set[str]:
    """Modules of the package named by the imports in `tree` (top-level and inside
    functions; not those under `if TYPE_CHECKING:`)."""
    found: set[str] = set()

    def target(name: str) -> str | None:
        # `from a.b import c`: the module a.b.c when it is one, else a.b
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("eventwatch"):
                    t = target(alias.name)
                    if t:
                        found.add(t)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here if is_package else here.rpartition(".")[0]
                for _ in range(node.level - 1):
                    base = base.rpartition(".")[0]
                mod = f"{base}.{node.module}" if node.module else base
            else:
                mod = node.module or ""
            if mod.startswith("eventwatch"):
                for alias in node.names:
                    t = target(f"{mod}.{alias.name}")
                    if t:
                        found.add(t)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    found.discard(here)
    return found


def import_graph() -> dict[str, set[str]]:
    paths = {module_name(p): p for p in PKG.rglob("*.py")}
    modules = set(paths)
    return {
        name: _imports(ast.parse(p.read_text(encoding="utf-8")), name, p.name == "__init__.py", modules)
        for name, p in paths.items()
    }


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []
    counter = [0]

    def strong(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    import sys

    sys.setrecursionlimit(10_000)
    for v in sorted(graph):
        if v not in index:
            strong(v)
    return sorted(out)


def test_the_finder_sees_a_circle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    tree = ast.parse(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from eventwatch import x\n"
        "def f():\n    from eventwatch.y import z\n"
    )
    assert _imports(tree, "eventwatch.m", False, {"eventwatch", "eventwatch.x", "eventwatch.y"}) == {
        "eventwatch.y"
    }


KNOWN: list[list[str]] = []  # no circle is tolerated


def test_no_import_circle() -> None:
    found = [c for c in cycles(import_graph()) if c not in KNOWN]
    assert found == [], "\n".join(" <-> ".join(c) for c in found)


def test_the_store_names_nothing_of_watch() -> None:
    import re

    for path in sorted((PKG / "store").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"eventwatch\.watch\b|from \.+watch|import watch", text), path
        tree = ast.parse(text)
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and "watch" in node.module.split("."):
                raise AssertionError(f"{path} imports {node.module}")
