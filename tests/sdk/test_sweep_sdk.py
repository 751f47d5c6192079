"""Sweep and parallel steps from the Python SDK. A sweep as Azure's SDK writes it: a parameter given a
search space, ``.sweep()`` on the step; the written file is a ``type: sweep`` step, it runs through the
engine (trials as child steps, the best trial's outputs downstream), and a wrong sweep fails where it
is written. A ``type: parallel`` component file loads with ``load_component``, is checked when called,
and runs its mini-batches (a failing one within or beyond its threshold)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "engine" / "sweep"))
import test_sweep_run as sweep_case

from designer import load_component, pipeline
from designer.sdk.sweep import Choice, Uniform
from designer.sdk.wiring import WiringError

REPORT = """\
type: command
name: report
inputs:
  model: {type: uri_folder}
outputs:
  out: {type: uri_folder}
environment: azureml:x@latest
command: cp ${{inputs.model}}/model.json ${{outputs.out}}/best.json
"""


@pytest.fixture
def components(project: Path) -> tuple[Any, Any]:
    sweep_case.write(project)
    (project / "report.yml").write_text(REPORT)
    return load_component(project / "train.yml"), load_component(project / "report.yml")


def test_a_sweep_built_in_python_is_written_and_runs(components: tuple[Any, Any], project: Path) -> None:
    train_svm, report = components

    @pipeline
    def tune() -> dict[str, Any]:
        train = train_svm(c=Uniform(0.1, 0.9), kernel=Choice(["linear", "rbf"]), epochs=2)
        train.sweep(primary_metric="accuracy", goal="maximize", sampling_algorithm="random", seed=3,
                    max_total_trials=4, max_concurrent_trials=2)
        best = report(model=train.outputs.model)
        return {"best": best.outputs.out}

    written = tune().to_yaml(project / "tune.yml")
    job = yaml.safe_load(written.read_text())["jobs"]["train_svm"]
    assert job["type"] == "sweep" and "component" not in job
    assert job["trial"].endswith("train.yml")
    assert job["inputs"] == {"epochs": 2}
    assert job["search_space"] == {"c": {"type": "uniform", "min_value": 0.1, "max_value": 0.9},
                                   "kernel": {"type": "choice", "values": ["linear", "rbf"]}}
    assert job["sampling_algorithm"] == {"type": "random", "seed": 3}
    assert job["objective"] == {"goal": "maximize", "primary_metric": "accuracy"}
    assert job["limits"] == {"max_total_trials": 4, "max_concurrent_trials": 2}

    run = tune().run()
    assert run.ok, run.error
    assert run.steps["train_svm"].state == "completed"
    trials = sorted(name for name in run.steps if name.startswith("train_svm/trial_"))
    assert trials == [f"train_svm/trial_000{i}" for i in range(4)]
    table = json.loads((run.run_dir / "train_svm" / "trials.json").read_text())
    best = max((t for t in table["trials"] if t["value"] is not None), key=lambda t: t["value"])
    assert table["summary"]["best_trial"] == best["trial"]
    # the step after the sweep read the best trial's model
    assert json.loads((run.outputs["best"] / "best.json").read_text())["c"] == pytest.approx(best["params"]["c"])


def test_a_wrong_sweep_fails_where_it_is_written(components: tuple[Any, Any]) -> None:
    train_svm, _ = components

    @pipeline
    def no_space() -> None:
        train_svm(c=0.5).sweep(primary_metric="accuracy")

    with pytest.raises(WiringError, match="has no parameter with a search space"):
        no_space()

    @pipeline
    def bad_goal() -> None:
        train_svm(c=Choice([0.1])).sweep(primary_metric="accuracy", goal="biggest")

    with pytest.raises(WiringError, match="objective goal must be minimize or maximize"):
        bad_goal()

    @pipeline
    def empty_choice() -> None:
        train_svm(c=Choice([])).sweep(primary_metric="accuracy")

    with pytest.raises(WiringError, match="choice 'c' has no values"):
        empty_choice()

    @pipeline
    def forgot() -> None:
        train_svm(c=Choice([0.1, 0.2]))

    with pytest.raises(WiringError, match=r"call train_svm.sweep\(primary_metric=..., goal=...\)"):
        forgot().to_yaml("forgot.yml")


SCORE = """\
from pathlib import Path

def init():
    pass

def run(mini_batch):
    if any(Path(p).name == "f03.txt" for p in mini_batch):
        raise RuntimeError("bad file f03")
    return [f"{Path(p).name} {int(Path(p).read_text()) * 10}" for p in mini_batch]
"""

PARALLEL = """\
$schema: https://azuremlschemas.azureedge.net/latest/parallelComponent.schema.json
type: parallel
name: score_files
version: "1"
inputs:
  data: {type: uri_folder}
outputs:
  scores: {type: uri_file}
input_data: ${{inputs.data}}
mini_batch_size: "2"
resources: {instance_count: 1}
max_concurrency_per_instance: 2
mini_batch_error_threshold: MAX_FAILED
retry_settings: {max_retries: 0, timeout: 60}
task:
  type: run_function
  code: ./src
  entry_script: score.py
  environment: azureml:x@latest
  append_row_to: ${{outputs.scores}}
"""


def parallel_project(project: Path, max_failed: int) -> Any:
    from designer import Input

    (project / "src" / "score.py").write_text(SCORE)
    (project / "data").mkdir()
    for i in range(7):
        (project / "data" / f"f{i:02d}.txt").write_text(f"{i}\n")
    (project / "score.yml").write_text(PARALLEL.replace("MAX_FAILED", str(max_failed)))
    score = load_component(project / "score.yml")

    @pipeline
    def batch() -> dict[str, Any]:
        scored = score(data=Input(type="uri_folder", path="./data"))
        return {"scores": scored.outputs.scores}

    return batch


def test_a_parallel_component_runs_from_python(project: Path) -> None:
    batch = parallel_project(project, -1)  # a failing mini-batch is ignored
    written = batch().to_yaml(project / "batch.yml")
    job = yaml.safe_load(written.read_text())["jobs"]["score_files"]
    assert job["type"] == "parallel" and job["component"] == "./score.yml"
    run = batch().run()
    assert run.ok, run.error
    rows = run.outputs["scores"].read_text().splitlines()
    assert rows == ["f00.txt 0", "f01.txt 10", "f04.txt 40", "f05.txt 50", "f06.txt 60"]  # batch 1 failed
    records = [json.loads(line) for line in (run.run_dir / "score_files" / "batches.jsonl").read_text().splitlines()]
    assert {r["batch"] for r in records if r.get("state") == "failed"} == {1}


def test_a_parallel_component_is_checked_when_called(project: Path) -> None:
    batch = parallel_project(project, 0)

    @pipeline
    def wrong() -> None:
        load_component(project / "score.yml")(dta="./data")

    with pytest.raises(WiringError, match="has no input 'dta'; did you mean 'data'"):
        wrong()
    run = batch().run()  # beyond its threshold of 0 failed mini-batches: the step fails, nothing is lost
    assert run.state == "failed" and "mini_batch_error_threshold 0" in (run.error or "")
