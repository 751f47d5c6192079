"""No package inside designer/ has modules that import each other both ways (checked with grimp)."""

from __future__ import annotations

from pathlib import Path

import pytest
from import_cycles import child_graph, find_cycle, package_cycles


def test_no_import_cycle_in_any_package() -> None:
    found = {package: " -> ".join(cycle) for package, cycle in package_cycles("designer").items()}
    assert not found, f"import cycles: {found}"


def test_find_cycle_reports_the_loop_and_accepts_a_dag() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set(), "d": {"a", "c"}}) is None
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "x": {"a"}}) == ["a", "b", "c", "a"]


def test_children_stand_for_everything_inside_them() -> None:
    imports = {"p.a.deep": {"p.b"}, "p.b": {"p.a"}, "p.a": set(), "q.z": {"p.b"}}
    assert child_graph("p", imports) == {"p.a": {"p.b"}, "p.b": {"p.a"}}


def test_a_cycle_hidden_by_a_deferred_import_is_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pkg = tmp_path / "cyclepkg"
    (pkg / "inner").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "inner" / "__init__.py").write_text("")
    (pkg / "inner" / "a.py").write_text("from cyclepkg.inner import b\n")
    (pkg / "inner" / "b.py").write_text("def later():\n    from cyclepkg.inner import a  # deferred\n    return a\n")
    (pkg / "c.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from cyclepkg import d\n")
    (pkg / "d.py").write_text("import cyclepkg.c\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    found = package_cycles("cyclepkg")
    assert found == {
        "cyclepkg": ["cyclepkg.c", "cyclepkg.d", "cyclepkg.c"],
        "cyclepkg.inner": ["cyclepkg.inner.a", "cyclepkg.inner.b", "cyclepkg.inner.a"],
    }
