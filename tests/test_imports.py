"""Every module imports, and src/frictionmap has no import cycle.

The import graph is read statically (ast) from every `import` in a module,
at its top or inside a function (a run-time import closes a cycle as surely
as a top-level one); imports under `if TYPE_CHECKING:` are left out, as they
never run.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import networkx as nx
import pytest

import frictionmap

PACKAGE = Path(frictionmap.__file__).parent

# Known edges that close a cycle, each to be removed by the change named.
# No cycle is allowed (the goodwill factors moved beneath metrics and score:
# goodwill.py); an edge listed here would be one left on purpose.
ALLOWED_EDGES: set[tuple[str, str]] = set()


def _module_name(path: Path) -> str:
    parts = ["frictionmap", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    """Every import statement that can run: all but those under `if TYPE_CHECKING:`."""
    found: list[ast.Import | ast.ImportFrom] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found.append(node)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def _targets(module: str, is_package: bool, node: ast.Import | ast.ImportFrom) -> set[str]:
    """The frictionmap modules one import statement runs."""
    if isinstance(node, ast.Import):
        return {a.name for a in node.names if a.name in MODULES}
    if node.level:
        base = module.split(".") if is_package else module.split(".")[:-1]
        base = base[: len(base) - (node.level - 1)]
        source = ".".join(base + ([node.module] if node.module else []))
    else:
        source = node.module or ""
    targets = {source} if source in MODULES else set()
    # `from . import dead_end`: a submodule, not a name of the package.
    targets |= {f"{source}.{a.name}" for a in node.names if f"{source}.{a.name}" in MODULES}
    return targets


def import_graph() -> nx.DiGraph:
    graph = nx.DiGraph()
    for module, path in MODULES.items():
        graph.add_node(module)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in _imports(tree):
            for target in _targets(module, path.name == "__init__.py", node):
                if target != module:
                    graph.add_edge(module, target)
    return graph


@pytest.mark.parametrize("module", sorted(MODULES))
def test_every_module_imports(module: str) -> None:
    importlib.import_module(module)


def test_no_import_cycles() -> None:
    graph = import_graph()
    for edge in ALLOWED_EDGES:
        assert graph.has_edge(*edge), f"{edge} is gone: remove it from ALLOWED_EDGES"
    graph.remove_edges_from(ALLOWED_EDGES)
    cycles = [sorted(c) for c in nx.strongly_connected_components(graph) if len(c) > 1]
    assert not cycles, f"import cycles: {cycles}"


def test_the_graph_sees_run_time_and_submodule_imports() -> None:
    # The reader must see what closes a cycle: an import inside a function,
    # `from . import module`, and not one under TYPE_CHECKING.
    graph = import_graph()
    assert graph.has_edge("frictionmap.rules", "frictionmap.rules.dead_end")  # from . import x
    assert graph.has_edge("frictionmap.report", "frictionmap.impact")  # inside a function
    assert not graph.has_edge("frictionmap.impact", "frictionmap.report")  # TYPE_CHECKING only
    assert graph.has_edge("frictionmap.rules.base", "frictionmap.metrics")  # lazy property


def test_drawing_helpers_live_in_a_neutral_module() -> None:
    # junit, dot and mermaid share colours, XML escaping and step figures through
    # render/_shared.py, wording through text.py; only the HTML report embeds the
    # SVG drawing itself.
    graph = import_graph()
    users = set(graph.predecessors("frictionmap.render.svg"))
    assert users == {"frictionmap.render.html"}
    for module in ("dot", "mermaid", "junit", "svg"):
        assert graph.has_edge(f"frictionmap.render.{module}", "frictionmap.render._shared")
    assert not graph.has_edge("frictionmap.walks", "frictionmap.impact")
    assert not list(graph.successors("frictionmap.text"))
