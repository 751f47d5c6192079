"""A pytest plugin: with CI=true, any skipped test fails the run, except an explicit allow-list.

A skip turns a regression into a line nobody reads. ``.ci/test`` sets CI=true; tests/conftest.py loads
this plugin for the whole suite; tests/test_ci_skips.py proves that it fails a run.
"""

from __future__ import annotations

import os
import sys

import pytest

# Reason substring -> why it may skip in CI. Keep it short and say why.
SKIP_ALLOWED_IN_CI: dict[str, str] = {}

_skips: list[tuple[str, str]] = []


def _skip_reason(report: pytest.CollectReport | pytest.TestReport) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:  # (file, line, "Skipped: reason")
        return str(longrepr[2])
    return str(longrepr)


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def _note_skip(report: pytest.CollectReport | pytest.TestReport) -> None:
    if report.skipped and not hasattr(report, "wasxfail"):
        reason = _skip_reason(report)
        if not any(allowed in reason for allowed in SKIP_ALLOWED_IN_CI):
            _skips.append((report.nodeid, reason))


def pytest_collectreport(report: pytest.CollectReport) -> None:
    _note_skip(report)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    # Under xdist the controller receives every worker's reports here, so the check runs once, there.
    _note_skip(report)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if not _in_ci() or hasattr(session.config, "workerinput") or not _skips:
        return
    lines = "\n".join(f"  {nodeid}: {reason}" for nodeid, reason in _skips)
    sys.stderr.write(
        f"\nCI=true: {len(_skips)} test(s) skipped; in CI a skip is a failure "
        f"(allow a reason in tests/ci_skips.py SKIP_ALLOWED_IN_CI only with why):\n{lines}\n"
    )
    if session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
