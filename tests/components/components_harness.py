"""Helpers to run built-in components through the real runner: write a pipeline, `designer run --json`, read outputs.

Every test here goes through the same path a user's pipeline takes: YAML -> `designer run` -> step
processes -> committed outputs, logs and metrics under the workspace's `.designer/runs/`.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

REGISTRY = Path(__file__).resolve().parents[2] / "components_registry"


def component(name: str) -> str:
    """Reference a built-in component by its file, so tests exercise exactly this tree."""
    path = REGISTRY / name / "component.yml"
    assert path.is_file(), f"no built-in component {name}"
    return str(path)


def ref(job: str, output: str = "output_data") -> str:
    """A binding to another step's output."""
    return "${{parent.jobs." + job + ".outputs." + output + "}}"


@dataclass
class RunResult:
    """What `designer run --json` reported, plus helpers to read what the steps left on disk."""

    data: dict[str, Any]
    returncode: int
    workspace: Path
    stderr: str

    @property
    def status(self) -> str:
        return self.data.get("status", "")

    @property
    def run_dir(self) -> Path:
        return self.workspace / ".designer" / "runs" / self.data["run_id"]

    def step(self, name: str) -> dict[str, Any]:
        return self.data["steps"][name]

    def out(self, step: str, output: str = "output_data") -> Path:
        info = self.step(step)
        assert info["status"] in ("completed", "cached"), (
            f"step {step} is {info['status']}:\n{self.log(step)}"
        )
        return Path(info["outputs"][output])

    def table(self, step: str, output: str = "output_data"):
        import pandas as pd

        return pd.read_parquet(self.out(step, output) / "data.parquet")

    def schema(self, step: str, output: str = "output_data") -> dict[str, Any]:
        return json.loads((self.out(step, output) / "schema.json").read_text())

    def json(self, step: str, output: str, name: str) -> Any:
        return json.loads((self.out(step, output) / name).read_text())

    def log(self, step: str, stream: str = "stderr") -> str:
        path = self.run_dir / step / "logs" / f"{stream}.txt"
        return path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""

    def error(self, step: str) -> str:
        """The step's last `Error:` line (the one sentence a person reads)."""
        lines = [line for line in self.log(step).splitlines() if line.startswith("Error: ")]
        return lines[-1] if lines else ""

    def metrics(self, step: str) -> dict[str, Any]:
        """The step's logged metrics, last value per name (steps: also as ``name@step``)."""
        path = self.run_dir / step / "metrics.jsonl"
        found: dict[str, Any] = {}
        if path.is_file():
            for line in path.read_text().splitlines():
                record = json.loads(line)
                key = record["name"] if record.get("step") is None else f"{record['name']}@{record['step']}"
                found[key] = record["value"]
        return found

    def describe(self) -> str:
        failed = [s for s, i in self.data.get("steps", {}).items() if i["status"] == "failed"]
        logs = "\n".join(f"--- {s} ---\n{self.log(s)[-2000:]}" for s in failed)
        return f"run {self.status} (exit {self.returncode}); failed steps {failed}\n{logs}\n{self.stderr[-2000:]}"


def _designer_command() -> list[str]:
    if importlib.util.find_spec("designer.__main__") is not None:
        return [sys.executable, "-m", "designer"]
    script = Path(sys.executable).with_name("designer")
    return [str(script)]


def run_yaml(path: Path, workspace: Path, *extra: str, timeout: float = 240) -> RunResult:
    """Run a pipeline file with `designer run --json`; return the parsed result."""
    workspace.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run(
        [*_designer_command(), "run", str(path), "--workspace", str(workspace), "--json", *extra],
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    try:
        data = json.loads(proc.stdout)
    except json.JSONDecodeError:
        pytest.fail(
            f"designer run printed no JSON (exit {proc.returncode}):\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
        )
    return RunResult(data, proc.returncode, workspace, proc.stderr)
