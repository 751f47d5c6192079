"""Running SDK pipelines with the engine: Pipeline.run(), the CLI on the written file, designer.runs()."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import designer
from designer import pipeline
from designer.errors import RunError
from designer.spec.graph import flatten
from designer.spec.loader import load_document


@pytest.fixture
def two_steps(toys: ModuleType) -> Any:
    @pipeline
    def two_steps(count: int = 3, scale: float | None = None) -> dict[str, Any]:
        """make_numbers writes a file, add_up reads it."""
        made = toys.make_numbers(count=count, start=1)
        total = toys.add_up(numbers=made.outputs.numbers, scale=scale)
        return {"total": total.outputs.total}

    return two_steps


def test_run_end_to_end(two_steps: Any, project: Path) -> None:
    run = two_steps(count=4).run()
    assert run.state == "completed" and run.ok, run.error
    assert run.source == "sdk" and run.pipeline == "two_steps"
    assert {name: step.state for name, step in run.steps.items()} == {"make_numbers": "completed",
                                                                      "add_up": "completed"}
    assert run.steps["make_numbers"].outputs["numbers"].read_text() == "1\n2\n3\n4\n"
    assert (run.outputs["total"] / "sum.txt").read_text() == "10"
    assert run.steps["add_up"].metrics == {"total": 10.0}
    assert [(m.step, m.name, m.value) for m in run.metrics] == [("add_up", "total", 10.0)]
    assert run.pipeline_file == project / ".designer" / "sdk" / "two_steps" / "two_steps.yml"

    again = two_steps(count=4).run(scale=0.5)  # run(**params) changes inputs; make_numbers is reused
    assert again.ok and again.parameters == {"scale": 0.5}
    assert again.steps["make_numbers"].state == "cached" and again.steps["add_up"].state == "completed"
    assert (again.outputs["total"] / "sum.txt").read_text() == "5.0"

    listed = designer.runs()
    assert [r.id for r in listed] == [again.id, run.id]
    assert listed[1].outputs == run.outputs and listed[1].steps["add_up"].metrics == {"total": 10.0}


def test_run_from_inside_an_event_loop(two_steps: Any, project: Path) -> None:
    """A notebook runs cells inside an event loop; run() then runs the pipeline on a thread of its own."""

    async def cell() -> Any:
        return two_steps(count=2).run()

    assert asyncio.run(cell()).ok


def test_a_failing_step_is_a_failed_run(toys: ModuleType, project: Path) -> None:
    @pipeline
    def broken() -> None:
        toys.add_up(numbers=str(project / "missing.txt"))

    (project / "missing.txt").write_text("not a number\n")
    run = broken().run()
    assert run.state == "failed" and run.steps["add_up"].state == "failed"
    assert "ValueError" in run.steps["add_up"].stderr and "add_up" in str(run.error)


def test_cli_runs_the_written_file_with_the_same_graph(two_steps: Any, project: Path, tmp_path: Path) -> None:
    p = two_steps(count=2)
    path = p.to_yaml(project / "pipelines" / "two.yml")
    loaded = load_document(path)
    assert sorted(flatten(loaded.document).graph().edges) == sorted(flatten(p.document()).graph().edges)
    exe = Path(sys.executable).with_name("designer")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "designer"]
    workspace = tmp_path / "ws"
    workspace.mkdir()
    done = subprocess.run([*cmd, "run", str(path), "--json", "--workspace", str(workspace)], cwd=project,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["status"] == "completed"
    assert set(result["steps"]) == {"make_numbers", "add_up"}
    total = Path(result["steps"]["add_up"]["outputs"]["total"])
    assert (total / "sum.txt").read_text() == "3"


def test_a_run_knows_its_step_parameters_and_takes_a_name_and_note(two_steps: Any, project: Path) -> None:
    run = two_steps(count=4).run(scale=0.5)
    assert run.steps["make_numbers"].parameters == {"count": 4, "start": 1}
    assert run.steps["add_up"].parameters is not None and run.steps["add_up"].parameters["scale"] == 0.5
    assert (run.name, run.note) == (None, None)

    named = run.edit(name="half scale", note="scale 0.5 to check the rounding")
    assert (named.name, named.note) == ("half scale", "scale 0.5 to check the rounding")
    listed = designer.runs()[0]
    assert (listed.id, listed.name, listed.note) == (run.id, "half scale", "scale 0.5 to check the rounding")
    assert listed.edit(note="").note is None and designer.runs()[0].name == "half scale"  # "" clears only the note
    with pytest.raises(RunError, match="one line"):
        run.edit(name="two\nlines")
