"""What runs inside a step: the runner file, log_metric, and how little they import."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from designer import log_metric, pipeline
from designer.sdk import WiringError
from designer.sdk.entry import arguments


def _run_step(cwd: Path, *args: str, isolated: bool = False, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    flags = ["-S"] if isolated else []  # -S: no site-packages, so no 'designer' package
    return subprocess.run([sys.executable, *flags, "_designer_entry.py", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=60, env=env)


def test_runner_converts_arguments_by_annotation(toys: ModuleType) -> None:
    func = toys.add_up.func
    assert arguments(func, {"numbers": "/d/n.txt", "total": "/o", "scale": "1.5", "label": "x", "verbose": "True"}) \
        == {"numbers": "/d/n.txt", "total": "/o", "scale": 1.5, "label": "x", "verbose": True}
    assert arguments(func, {"numbers": "n", "total": "t"}) == {"numbers": "n", "total": "t"}
    assert arguments(toys.make_numbers.func, {"count": "3", "numbers": "f", "start": "2.0"}) == {
        "count": 3, "numbers": "f", "start": 2}
    with pytest.raises(SystemExit, match="has no parameter nope"):
        arguments(func, {"nope": "1"})


def test_generated_command_runs_the_function(toys: ModuleType, project: Path, tmp_path: Path) -> None:
    toys.add_up.to_yaml()
    numbers, total, metrics = tmp_path / "n.txt", tmp_path / "total", tmp_path / "metrics.jsonl"
    numbers.write_text("1\n2\n3\n")
    total.mkdir()
    env = {"PATH": "/usr/bin:/bin", "DESIGNER_METRICS": str(metrics)}
    done = _run_step(project / "src", "toy_steps:add_up", "--numbers", str(numbers), "--total", str(total),
                     "--scale", "2.0", "--label", "t", "--verbose", "True", env=env)
    assert done.returncode == 0, done.stderr
    assert (total / "t.txt").read_text() == "12.0" and done.stdout == "t: 12.0\n"
    assert json.loads(metrics.read_text())["value"] == 12.0


def test_runner_works_without_the_designer_package(toys: ModuleType, project: Path, tmp_path: Path) -> None:
    """On Azure ML the step's environment has no 'designer': the runner file stands in for it."""
    toys.make_numbers.to_yaml()
    out = tmp_path / "numbers.txt"
    done = _run_step(project / "src", "toy_steps:make_numbers", "--count", "3", "--numbers", str(out),
                     isolated=True, env={"PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    assert out.read_text() == "0\n1\n2\n"


def test_runner_reports_a_failing_function(toys: ModuleType, project: Path) -> None:
    toys.add_up.to_yaml()
    done = _run_step(project / "src", "toy_steps:add_up", "--numbers", "/nonexistent", "--total", "/tmp")
    assert done.returncode == 1 and "FileNotFoundError" in done.stderr
    assert _run_step(project / "src", "toy_steps:add_up", "--numbers").returncode == 2


def test_running_a_pipeline_inside_a_step_is_refused(toys: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    @pipeline
    def p() -> None:
        toys.make_numbers(count=1)

    monkeypatch.setenv("DESIGNER_SDK_STEP", "toy_steps:make_numbers")
    with pytest.raises(WiringError, match=r"asked to run inside a step .*'if __name__ == \"__main__\":'"):
        p().run()


def test_log_metric_appends_a_json_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "metrics.jsonl"
    monkeypatch.setenv("DESIGNER_METRICS", str(target))
    log_metric("loss", 0.5, step=1)
    log_metric("loss", 0.25, step=2)
    lines = [json.loads(line) for line in target.read_text().splitlines()]
    assert [{k: v for k, v in line.items() if k != "timestamp"} for line in lines] == [
        {"name": "loss", "value": 0.5, "step": 1}, {"name": "loss", "value": 0.25, "step": 2}]


def test_log_metric_outside_a_run_warns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DESIGNER_METRICS", raising=False)
    with pytest.warns(RuntimeWarning, match="outside a run"):
        log_metric("loss", 1.0)


def test_what_a_step_imports_stays_light() -> None:
    code = ("import sys, designer\n"
            "from designer import component, pipeline, Input, Output, log_metric\n"
            "heavy = sorted(m for m in ('yaml', 'networkx', 'designer.spec', 'designer.engine', 'sqlalchemy', "
            "'nicegui', 'pydantic') if m in sys.modules)\n"
            "print(','.join(heavy))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""
