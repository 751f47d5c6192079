"""The debugging loop through the CLI: runs why, --only, --from, fix and resume, runs shell, force means fresh."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

PIPELINE = """
type: pipeline
display_name: loop
jobs:
  prep:
    component: ./prep.yml
    inputs:
      tag: @TAG@
    environment_variables:
      GREETING: hello
  train:
    type: command
    code: ./src
    inputs:
      data: ${{parent.jobs.prep.outputs.out}}
    outputs:
      model:
    environment: azureml:x@latest
    command: python train.py ${{inputs.data}} ${{outputs.model}}
  report:
    type: command
    inputs:
      model: ${{parent.jobs.train.outputs.model}}
    outputs:
      out:
    environment: azureml:x@latest
    command: cat ${{inputs.model}}/model.txt > ${{outputs.out}}/report.txt
"""

PREP = """
type: command
name: prep
inputs:
  tag: {type: string}
outputs:
  out: {type: uri_folder}
environment: azureml:x@latest
command: echo ${{inputs.tag}} > ${{outputs.out}}/value.txt
"""

GOOD = """
import sys
data, model = sys.argv[1], sys.argv[2]
open(model + "/model.txt", "w").write("model of " + open(data + "/value.txt").read())
"""
BAD = GOOD + "raise SystemExit('training diverged')\n"


def cli(exe: list[str], ws: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("DESIGNER_") or k == "DESIGNER_ENVIRONMENTS"}
    return subprocess.run([*exe, *args, "--workspace", str(ws)], capture_output=True, text=True, cwd=ws,
                          env={**base, **(env or {})}, timeout=120)


def run_json(exe: list[str], ws: Path, *args: str, code: int = 0) -> dict[str, Any]:
    done = cli(exe, ws, "run", "loop.yml", "--json", *args)
    assert done.returncode == code, done.stderr
    return json.loads(done.stdout)


def why(exe: list[str], ws: Path, run_id: str, step: str) -> dict[str, Any]:
    done = cli(exe, ws, "runs", "why", run_id, step, "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture
def loop_ws(workspace: Path) -> Path:
    (workspace / "src").mkdir()
    (workspace / "src" / "train.py").write_text(GOOD)
    (workspace / "prep.yml").write_text(PREP)
    (workspace / "loop.yml").write_text(PIPELINE.replace("@TAG@", "plain"))
    return workspace


def test_why_fix_resume_only_and_from_through_the_cli(designer_exe: list[str], loop_ws: Path) -> None:
    ws, exe = loop_ws, designer_exe
    first = run_json(exe, ws)
    assert why(exe, ws, first["run_id"], "prep")["why"] == "Ran because there is no earlier run of this step."

    (ws / "loop.yml").write_text(PIPELINE.replace("@TAG@", "changed"))
    second = run_json(exe, ws)
    text = cli(exe, ws, "runs", "why", second["run_id"], "prep")
    assert text.returncode == 0 and "Re-ran because parameter `tag` changed from `plain` to `changed`" in text.stdout
    assert "upstream step `prep`'s output changed" in why(exe, ws, second["run_id"], "train")["why"]

    # a failure, then fix the code and run again: only the failed step and what it feeds re-run
    (ws / "src" / "train.py").write_text(BAD)
    failed = run_json(exe, ws, code=1)
    assert failed["steps"]["train"]["status"] == "failed" and failed["steps"]["report"]["status"] == "skipped"
    (ws / "src" / "train.py").write_text(GOOD + "# fixed\n")
    resumed = cli(exe, ws, "run", "loop.yml")
    assert resumed.returncode == 0, resumed.stderr
    assert f"resumed from run {failed['run_id']}: 1 step reused" in resumed.stderr
    shown = json.loads(cli(exe, ws, "runs", "list", "--json").stdout)["runs"][0]
    assert shown["resumed_from"] == failed["run_id"]
    detail = json.loads(cli(exe, ws, "runs", "show", shown["run_id"], "--json").stdout)
    assert {n: s["status"] for n, s in detail["steps"].items()} == {
        "prep": "cached", "train": "completed", "report": "completed"}
    code_change = detail["steps"]["train"]["reason"]["because"][0]
    assert code_change["kind"] == "code" and code_change["name"] == "train.py"
    assert "code file `train.py` changed (+1 -1 lines)" in detail["steps"]["train"]["why"]

    only = run_json(exe, ws, "--only", "report")
    assert list(only["steps"]) == ["report"] and only["steps"]["report"]["status"] == "completed"
    record = json.loads(cli(exe, ws, "runs", "show", only["run_id"], "--json").stdout)
    assert record["partial"] == "only report"
    assert record["steps"]["report"]["why"] == "Re-ran because it was run on its own (--only report)."

    part = run_json(exe, ws, "--from", "train")
    assert {n: s["status"] for n, s in part["steps"].items()} == {
        "prep": "cached", "train": "completed", "report": "completed"}

    bad = cli(exe, ws, "run", "loop.yml", "--only", "trian")
    assert bad.returncode == 2 and "did you mean 'train'" in bad.stderr and "Traceback" not in bad.stderr


def test_only_names_the_upstream_step_without_a_successful_run(designer_exe: list[str], loop_ws: Path) -> None:
    done = cli(designer_exe, loop_ws, "run", "loop.yml", "--only", "train")
    assert done.returncode == 2, done.stderr
    assert "upstream step 'prep' has no successful run" in done.stderr and "Traceback" not in done.stderr


def test_force_means_fresh_through_the_cli(designer_exe: list[str], loop_ws: Path) -> None:
    first = run_json(designer_exe, loop_ws)
    forced = run_json(designer_exe, loop_ws, "--force-rerun")
    assert {s["status"] for s in forced["steps"].values()} == {"completed"}
    assert why(designer_exe, loop_ws, forced["run_id"], "prep")["reason"]["because"][0]["kind"] == "force"
    plain = run_json(designer_exe, loop_ws)
    assert {s["reused_from"] for s in plain["steps"].values()} == {forced["run_id"]}
    assert first["run_id"] != forced["run_id"]


def test_runs_shell_opens_where_the_step_ran_with_its_variables(designer_exe: list[str], loop_ws: Path,
                                                               tmp_path: Path) -> None:
    (loop_ws / "src" / "train.py").write_text(BAD)
    failed = run_json(designer_exe, loop_ws, code=1)
    probe = tmp_path / "probe.sh"
    seen = tmp_path / "seen.txt"
    probe.write_text(f"#!/bin/sh\n{{ pwd; ls; echo \"step=$DESIGNER_STEP run=$DESIGNER_RUN_ID\"; }} > {seen}\nexit 7\n")
    probe.chmod(0o755)
    done = cli(designer_exe, loop_ws, "runs", "shell", failed["run_id"], "train", env={"SHELL": str(probe)})
    assert done.returncode == 7, done.stderr
    assert "python train.py " in done.stderr and "/outputs/.tmp-model" in done.stderr  # the exact command
    cwd, *rest = seen.read_text().splitlines()
    assert (Path(cwd) / "train.py").read_text() == BAD  # the code snapshot the step ran, not today's file
    assert f"step=train run={failed['run_id']}" in rest
    # a step's own variables (environment_variables of the job) are set too
    probe.write_text(f"#!/bin/sh\necho \"$GREETING\" > {seen}\n")
    assert cli(designer_exe, loop_ws, "runs", "shell", failed["run_id"], "prep", env={"SHELL": str(probe)}).returncode == 0
    assert seen.read_text() == "hello\n"
    missing = cli(designer_exe, loop_ws, "runs", "shell", failed["run_id"], "report", env={"SHELL": str(probe)})
    assert missing.returncode == 2 and "never started" in missing.stderr
