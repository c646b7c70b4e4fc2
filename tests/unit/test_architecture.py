"""The layout's promises, read from the code's imports (those inside functions included)."""

from __future__ import annotations

from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[2]


def strongly_connected(graph: grimp.ImportGraph) -> list[set[str]]:
    """Tarjan's algorithm over the import graph: the groups of modules that import each other."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[set[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = set()
            while True:
                member = stack.pop()
                group.add(member)
                if member == module:
                    break
            groups.append(group)

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return groups


def package_of(module: str) -> str:
    """``service.trainings`` for ``service.trainings.api``; ``service`` for ``service.app``."""
    parts = module.split(".")
    return ".".join(parts[:2]) if len(parts) > 2 else parts[0]


def test_no_import_cycle_spans_two_packages():
    graph = grimp.build_graph("service", "workers", "certificates")
    crossing = [
        sorted(group)
        for group in strongly_connected(graph)
        if len({package_of(module) for module in group}) > 1
    ]
    assert crossing == []


def test_the_service_root_holds_few_modules():
    modules = sorted(path.name for path in (ROOT / "service").glob("*.py"))
    assert len(modules) <= 6, modules
