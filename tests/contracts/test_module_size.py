"""No module of designer/ grows over 400 lines without saying, at its top, why it is one module."""

from __future__ import annotations

from pathlib import Path

import designer

LIMIT = 400
PACKAGE = Path(designer.__file__).resolve().parent


def oversized_without_reason(root: Path, limit: int = LIMIT) -> list[str]:
    """Modules under ``root`` longer than ``limit`` lines whose docstring's first lines give no reason."""
    found = []
    for path in sorted(root.rglob("*.py")):
        lines = path.read_text(encoding="utf-8").splitlines()
        if len(lines) > limit and not any(f"{limit} lines" in line for line in lines[:8]):
            found.append(f"{path.relative_to(root)} ({len(lines)} lines)")
    return found


def test_every_big_module_says_why() -> None:
    assert oversized_without_reason(PACKAGE) == []


def test_the_rule_finds_a_big_module_without_a_reason(tmp_path: Path) -> None:
    (tmp_path / "big.py").write_text('"""A module."""\n' + "x = 1\n" * 500)
    (tmp_path / "ok.py").write_text('"""A module.\n\nOver 400 lines on purpose: one job.\n"""\n' + "x = 1\n" * 500)
    assert oversized_without_reason(tmp_path) == ["big.py (501 lines)"]
