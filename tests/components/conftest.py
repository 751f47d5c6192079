"""Fixtures for the built-in component tests (helpers live in components_harness.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from components_harness import RunResult, component, run_yaml


@pytest.fixture
def run_pipeline(tmp_path: Path):
    """Build a pipeline from ``{job: {"component": name, "inputs": {...}}}``, run it, return a RunResult.

    ``files`` are written next to the YAML first (for data inputs with relative paths);
    ``keep_going`` sets ``continue_on_step_failure`` so independent failing steps all run.
    """
    counter = {"n": 0}

    def run(
        jobs: dict[str, dict[str, Any]],
        *,
        files: dict[str, str | bytes] | None = None,
        keep_going: bool = False,
    ) -> RunResult:
        counter["n"] += 1
        folder = tmp_path / f"pipeline{counter['n']}"
        folder.mkdir()
        for name, content in (files or {}).items():
            target = folder / name
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")
        spec = {
            "$schema": "https://azuremlschemas.azureedge.net/latest/pipelineJob.schema.json",
            "type": "pipeline",
            "display_name": "component test",
            "settings": {"default_compute": "azureml:serverless", "continue_on_step_failure": keep_going},
            "jobs": {
                name: {"type": "command", **job, "component": component(job["component"])}
                for name, job in jobs.items()
            },
        }
        path = folder / "pipeline.yml"
        path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
        return run_yaml(path, tmp_path / "workspace")

    return run
