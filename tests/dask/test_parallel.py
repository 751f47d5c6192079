"""A parallel (mini-batch) step on a Dask target: its driver is one task on one worker, whose processes
run the mini-batches there; per-batch reuse and the batches table work as locally."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from dask_helpers import Cluster

pytestmark = pytest.mark.dask

SCORE = """
    import os
    from pathlib import Path

    def init():
        global host
        host = os.environ.get("DESIGNER_STEP", "")

    def run(mini_batch):
        calls = Path(os.environ["CALLS"])
        calls.mkdir(exist_ok=True)
        (calls / Path(mini_batch[0]).name).write_text(str(os.getppid()))
        return [f"{Path(p).name} {int(Path(p).read_text()) * 10}" for p in mini_batch]
"""

PIPELINE = """
    type: pipeline
    settings: {default_compute: local}
    jobs:
      score:
        type: parallel
        compute: plain
        inputs:
          data: {type: uri_folder, path: ./data}
        outputs:
          scores: {type: uri_file}
        input_data: ${{inputs.data}}
        mini_batch_size: "2"
        resources: {instance_count: 1}
        max_concurrency_per_instance: 2
        environment_variables: {CALLS: CALLS_DIR}
        task:
          type: run_function
          code: ./src
          entry_script: score.py
          environment: azureml:x@latest
          append_row_to: ${{outputs.scores}}
"""


def test_a_parallel_step_runs_its_mini_batches_on_the_dask_worker(cluster: Cluster, tmp_path: Path) -> None:
    calls = tmp_path / "calls"
    cluster.write("src/score.py", SCORE)
    for i in range(5):
        cluster.write(f"data/f{i:02d}.txt", f"{i}\n")
    path = cluster.write("p.yml", PIPELINE.replace("CALLS_DIR", str(calls)))
    result = cluster.run(path)
    assert result.state == "completed", result.steps["score"].message
    assert "plain" in (result.steps["score"].worker or "")
    rows = Path(result.steps["score"].outputs["scores"]).read_text(encoding="utf-8").splitlines()
    assert rows == [f"f{i:02d}.txt {i * 10}" for i in range(5)]
    records = [json.loads(line) for line in (result.run_dir / "score" / "batches.jsonl").read_text().splitlines()]
    assert {r["batch"] for r in records if r.get("state") == "completed"} == {0, 1, 2}
    assert sorted(p.name for p in calls.iterdir()) == ["f00.txt", "f02.txt", "f04.txt"]

    again = cluster.run(path)
    assert again.steps["score"].state == "cached"


def test_a_parallel_step_on_dask_with_an_object_store_fails_before_anything_starts(cluster: Cluster,
                                                                                   tmp_path: Path) -> None:
    from designer.errors import RunError

    c = Cluster(cluster.root, cluster.address, artifact_root=f"local://{tmp_path / 'store'}")
    c.write("src/score.py", SCORE)
    c.write("data/f00.txt", "0\n")
    with pytest.raises(RunError) as caught:
        c.run(c.write("p.yml", PIPELINE.replace("CALLS_DIR", str(tmp_path / "calls"))))
    text = str(caught.value)
    assert "step 'score' is a parallel step on Dask compute target 'plain'" in text
    assert "compute: local" in text and "shared folder" in text
    assert c.sink.events == []
