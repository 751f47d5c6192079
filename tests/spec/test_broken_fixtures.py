"""Every file in tests/fixtures/broken/ produces the error its first line names, via the API and the CLI."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from designer.registry import Registry, builtin_dir
from designer.spec.validate import errors_of, validate

BROKEN = Path(__file__).resolve().parent.parent / "fixtures" / "broken"
COMPONENTS = BROKEN / "components"
FILES = sorted(p for p in BROKEN.glob("*.yml"))
EXPECT_RE = re.compile(r"#\s*expect:\s*(?P<code>[\w.]+)(?:\s+line\s+(?P<line>\d+))?(?:\s+(?P<sev>warning))?")


def _expectation(path: Path) -> tuple[str, int | None, str]:
    first = path.read_text(encoding="utf-8").splitlines()[0] if path.stat().st_size else ""
    m = EXPECT_RE.match(first)
    assert m, f"{path.name}: first line must be '# expect: <code> [line N] [warning]'"
    return m.group("code"), int(m.group("line")) if m.group("line") else None, m.group("sev") or "error"


def test_there_are_enough_broken_files() -> None:
    assert len(FILES) >= 25


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_api_reports_expected_problem(path: Path) -> None:
    code, line, severity = _expectation(path)
    problems = validate(path, Registry(builtin_dir(), COMPONENTS, None))
    matching = [p for p in problems if p.code == code]
    assert matching, f"{path.name}: expected {code}, got {[p.format() for p in problems]}"
    p = matching[0]
    assert p.severity == severity
    assert p.file.endswith(path.name)
    if line is not None:
        assert p.line == line, p.format()
    assert p.message and "Traceback" not in p.message
    if severity == "warning":
        assert not errors_of(problems), [q.format() for q in problems]


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_cli_reports_expected_problem(path: Path) -> None:
    code, line, severity = _expectation(path)
    proc = subprocess.run(
        [sys.executable, "-m", "designer", "validate", str(path), "--workspace", str(COMPONENTS)],
        capture_output=True, text=True, timeout=60,
    )
    assert "Traceback" not in proc.stderr + proc.stdout
    assert proc.returncode == (0 if severity == "warning" else 2), proc.stderr
    assert f"[{code}]" in proc.stderr
    if line is not None:
        assert f"{path.name}:{line}:" in proc.stderr
