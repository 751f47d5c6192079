"""The CI rule of tests/ci_skips.py: with CI=true a skipped test fails the run; without CI it does not."""

from __future__ import annotations

from pathlib import Path

import pytest

PLUGIN_DIR = str(Path(__file__).resolve().parent)

SKIPPING = """
import pytest

def test_passes():
    pass

def test_skips():
    pytest.skip("needs something this machine lacks")
"""


def _run(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, ci: str | None) -> pytest.RunResult:
    pytester.makepyfile(test_inner=SKIPPING)
    monkeypatch.setenv("PYTHONPATH", PLUGIN_DIR)
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    return pytester.runpytest_subprocess("-p", "ci_skips", "-p", "no:cacheprovider")


def test_a_skip_fails_the_run_in_ci(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    result = _run(pytester, monkeypatch, "true")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    assert "test_inner.py::test_skips: Skipped: needs something this machine lacks" in result.stderr.str()


def test_a_skip_outside_ci_is_only_reported(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = _run(pytester, monkeypatch, None)
    assert result.ret == pytest.ExitCode.OK
    result.assert_outcomes(passed=1, skipped=1)
