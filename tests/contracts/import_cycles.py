"""Import cycles inside the packages of ``designer/``, found with grimp (which import-linter installs).

For every package, its direct children (a subpackage counts as one, with everything inside it) must
import each other one way only. Deferred imports (inside functions) and ``TYPE_CHECKING`` imports
count too: they hide a cycle from Python, not from the design.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

# Cycles that exist on main today, each with who removes it. Keep these empty; never add to them to land.
# A known edge is left out of the graph (so any other cycle in its package is still found); a known
# package is not checked at all (only while it is being rebuilt).
KNOWN_EDGES: dict[tuple[str, str], str] = {}
KNOWN_PACKAGES: dict[str, str] = {}


def child_graph(package: str, imports: Mapping[str, Iterable[str]]) -> dict[str, set[str]]:
    """The imports between the direct children of ``package``, from module -> imported modules."""

    def child(module: str) -> str | None:
        if not module.startswith(package + "."):
            return None
        return package + "." + module[len(package) + 1:].split(".", 1)[0]

    edges: dict[str, set[str]] = {}
    for importer, imported in imports.items():
        source = child(importer)
        if source is None:
            continue
        edges.setdefault(source, set())
        for target in imported:
            dest = child(target)
            if dest is not None and dest != source:
                edges[source].add(dest)
                edges.setdefault(dest, set())
    return edges


def find_cycle(edges: Mapping[str, Iterable[str]]) -> list[str] | None:
    """One cycle of ``edges`` as ``[a, b, ..., a]`` (deterministic: sorted walk), or None."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt):], nxt]
            if nxt not in state and (found := visit(nxt)) is not None:
                return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(edges):
        if start not in state and (found := visit(start)) is not None:
            return found
    return None


def package_cycles(root: str = "designer") -> dict[str, list[str]]:
    """Every package under ``root`` (``root`` included) that has a cycle among its children, with one cycle.

    The known edges and packages above are left out.
    """
    import grimp

    graph = grimp.build_graph(root)
    imports = {m: graph.find_modules_directly_imported_by(m) for m in graph.modules}
    packages = sorted({m.rsplit(".", 1)[0] for m in graph.modules if "." in m})
    found: dict[str, list[str]] = {}
    for package in packages:
        if package in KNOWN_PACKAGES:
            continue
        edges = child_graph(package, imports)
        for source, target in KNOWN_EDGES:
            edges.get(source, set()).discard(target)
        cycle = find_cycle(edges)
        if cycle is not None:
            found[package] = cycle
    return found


if __name__ == "__main__":  # python tests/contracts/import_cycles.py: list them all
    import sys

    cycles = package_cycles()
    for package, cycle in cycles.items():
        print(f"{package}: {' -> '.join(cycle)}")
    for (source, target), why in KNOWN_EDGES.items():
        print(f"known, to cut: {source} -> {target}: {why}")
    for package, why in KNOWN_PACKAGES.items():
        print(f"known, not checked: {package}: {why}")
    sys.exit(1 if cycles else 0)
