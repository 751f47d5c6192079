"""The runner with real subprocesses and real files: scheduling, reuse, failure, timeouts, cancel."""

from __future__ import annotations

import asyncio
import itertools
import shutil
import time
from pathlib import Path
from typing import Any

import pytest
from engine_helpers import PIPELINES, Harness, states, toy_pipeline

from designer.engine.events import (
    ArtifactRecorded,
    Heartbeat,
    MetricLogged,
    RunFinished,
    RunStarted,
    StepStateChanged,
)


def value(result: Any, step: str) -> list[str]:
    return (Path(result.steps[step].outputs["out"]) / "value.txt").read_text().split()


def test_diamond_runs_in_order_then_is_fully_reused(harness: Harness) -> None:
    path = harness.root / "diamond.yml"
    shutil.copy(PIPELINES / "toy" / "diamond.yml", path)
    shutil.copy(PIPELINES / "toy" / "step.yml", harness.root / "step.yml")
    first = harness.run(path)
    assert first.state == "completed", first.error
    assert states(first) == dict.fromkeys(("top", "left", "right", "bottom"), "completed")
    assert value(first, "bottom") == ["bottom", "left", "top", "right", "top"]
    run_dir = first.run_dir
    assert (run_dir / "top" / "logs" / "stdout.txt").exists()
    assert "echo top >" in (run_dir / "top" / "command.txt").read_text()
    assert harness.sink.of(RunStarted)[0].run_id == first.run_id
    assert harness.sink.of(RunFinished)[-1].state == "completed"

    second = harness.run(path)
    assert set(states(second).values()) == {"cached"}
    assert all(r.reused_from == first.run_id for r in second.steps.values())
    assert second.steps["bottom"].outputs == first.steps["bottom"].outputs  # no copy
    assert not any(e.state == "running" for e in harness.sink.of(StepStateChanged))
    assert not (second.run_dir / "top").exists()


def test_editing_one_parameter_reruns_only_that_step_and_its_dependents(harness: Harness) -> None:
    path = toy_pipeline(harness, "p", {
        "a": {"in": {"label": "a"}},
        "b": {"in": {"a": "@a", "label": "${{parent.inputs.b_label}}"}},
        "c": {"in": {"a": "@a", "label": "c"}},
        "d": {"in": {"a": "@b", "label": "d"}},
        "e": {"in": {"a": "@c", "label": "e"}},
    }, inputs={"b_label": "one"})
    first = harness.run(path)
    assert first.state == "completed"
    second = harness.run(path, parameters={"b_label": "two"})
    assert states(second) == {"a": "cached", "b": "completed", "c": "cached", "d": "completed", "e": "cached"}
    assert value(second, "d") == ["d", "two", "a"]
    third = harness.run(path, parameters={"b_label": "two"})
    assert set(states(third).values()) == {"cached"}
    assert third.steps["b"].reused_from == second.run_id


def test_independent_branches_run_at_the_same_time(harness: Harness) -> None:
    # Judged by the runner's own events, not by a stopwatch: every step started before any ended.
    jobs = {f"s{i}": {"in": {"label": f"s{i}", "sleep": 0.6}} for i in range(3)}
    path = toy_pipeline(harness, "fan", jobs)
    result = harness.run(path)
    assert result.state == "completed"
    changes = harness.sink.of(StepStateChanged)
    last_start = max(e.at for e in changes if e.state == "running")
    first_end = min(e.at for e in changes if e.state == "completed")
    assert last_start < first_end, "a step started only after another had finished: not parallel"


def test_max_parallel_limits_a_compute_target(harness: Harness) -> None:
    harness.settings = harness.settings.__class__(**{**harness.settings.__dict__})
    from designer.workspace import ComputeTarget

    harness.settings.compute["narrow"] = ComputeTarget("narrow", "local", 1)
    jobs = {f"s{i}": {"in": {"label": f"s{i}", "sleep": 0.2}, "compute": "azureml:narrow"} for i in range(3)}
    path = toy_pipeline(harness, "narrow", jobs)
    result = harness.run(path)
    assert result.state == "completed"
    intervals = []
    for step in jobs:
        ev = {e.state: e.at for e in harness.sink.of(StepStateChanged) if e.step == step}
        intervals.append((ev["running"], ev["completed"]))
    intervals.sort()
    for (_, end), (start, _) in itertools.pairwise(intervals):
        assert start >= end - 0.01, "two steps ran at once on a target with max_parallel 1"
    assert "queued" in harness.sink.states("s1") + harness.sink.states("s2")


def test_code_change_invalidates_and_code_runs_from_a_snapshot(harness: Harness) -> None:
    harness.write("comp/src/main.py", "print('v1')\n")
    harness.write("comp/shared/helper.txt", "h1\n")
    harness.write("comp/component.yml", """
        type: command
        name: coded
        inputs: {}
        outputs:
          out: {type: uri_folder}
        code: ./src
        additional_includes: [./shared/helper.txt]
        environment: azureml:whatever@latest
        command: python main.py > ${{outputs.out}}/v.txt && cat helper.txt >> ${{outputs.out}}/v.txt && pwd >> ${{outputs.out}}/v.txt
    """)
    harness.write("p.yml", """
        type: pipeline
        jobs:
          one:
            component: ./comp/component.yml
    """)
    first = harness.run("p.yml")
    assert first.state == "completed", first.error
    text = (Path(first.steps["one"].outputs["out"]) / "v.txt").read_text().split()
    assert text[:2] == ["v1", "h1"]
    assert "/snapshots/" in text[2]
    assert harness.run("p.yml").steps["one"].state == "cached"
    harness.write("comp/src/main.py", "print('v2')\n")
    second = harness.run("p.yml")
    assert second.steps["one"].state == "completed"
    assert (Path(second.steps["one"].outputs["out"]) / "v.txt").read_text().split()[0] == "v2"
    harness.write("comp/shared/helper.txt", "h2\n")
    assert harness.run("p.yml").steps["one"].state == "completed"
    # the first snapshot still holds the code of the first run
    assert Path(text[2], "main.py").read_text() == "print('v1')\n"


def test_input_data_change_invalidates(harness: Harness) -> None:
    harness.write("data/in.txt", "one\n")
    harness.write("p.yml", """
        type: pipeline
        inputs:
          raw: {type: uri_file, path: ./data/in.txt}
        jobs:
          read:
            type: command
            inputs:
              src:
                type: uri_file
                path: ${{parent.inputs.raw}}
            outputs:
              out:
            environment: azureml:x@latest
            command: cat ${{inputs.src}} > ${{outputs.out}}/value.txt
    """)
    assert harness.run("p.yml").steps["read"].state == "completed"
    assert harness.run("p.yml").steps["read"].state == "cached"
    (harness.root / "data" / "in.txt").write_text("two\n")
    result = harness.run("p.yml")
    assert result.steps["read"].state == "completed"
    assert value(result, "read") == ["two"]
    inputs = [e for e in harness.sink.of(ArtifactRecorded) if e.direction == "input"]
    assert inputs[0].path == str(harness.root / "data" / "in.txt") and inputs[0].size == 4


@pytest.mark.parametrize("damage", ["delete", "alter"])
def test_a_damaged_output_is_a_miss_never_a_wrong_hit(harness: Harness, damage: str) -> None:
    path = toy_pipeline(harness, "p", {"a": {"in": {"label": "a"}}, "b": {"in": {"a": "@a", "label": "b"}}})
    first = harness.run(path)
    out = Path(first.steps["a"].outputs["out"]) / "value.txt"
    if damage == "delete":
        shutil.rmtree(out.parent)
    else:
        out.write_text("tampered\n")
    second = harness.run(path)
    assert second.steps["a"].state == "completed"
    assert harness.cache.invalidated and harness.cache.invalidated[0][1:] == (first.run_id, "a")
    assert value(second, "b") == ["b", "a"]


def test_failure_stops_new_steps_skips_dependents_and_reports_stderr(harness: Harness) -> None:
    path = toy_pipeline(harness, "p", {
        "a_fails": {"in": {"label": "a", "fail": True}},
        "b_needs_a": {"c": "need", "in": {"a": "@a_fails", "label": "b"}},
        "c_after_b": {"c": "need", "in": {"a": "@b_needs_a", "label": "c"}},
        "w_slow": {"in": {"label": "w", "sleep": 0.4}},
        "z_after_w": {"c": "need", "in": {"a": "@w_slow", "label": "z"}},
    })
    result = harness.run(path)
    assert result.state == "failed"
    assert states(result) == {"a_fails": "failed", "b_needs_a": "skipped", "c_after_b": "skipped",
                              "w_slow": "completed", "z_after_w": "canceled"}
    assert result.error is not None
    assert "step 'a_fails' failed: exit code 3" in result.error
    assert "step a was asked to fail" in result.error
    assert result.steps["a_fails"].exit_code == 3
    assert [e.step for e in harness.cache.entries.values()] == ["w_slow"]  # a failed step never becomes one
    assert not (result.run_dir / "a_fails" / "outputs" / "out").exists()


def test_continue_on_step_failure_runs_independent_and_optional_branches(harness: Harness) -> None:
    path = toy_pipeline(harness, "p", {
        "a_fails": {"in": {"label": "a", "fail": True}},
        "b_needs_a": {"c": "need", "in": {"a": "@a_fails", "label": "b"}},
        "c_after_b": {"c": "need", "in": {"a": "@b_needs_a", "label": "c"}},
        "d_optional": {"in": {"a": "@a_fails", "b": "@z_slow", "label": "d"}},
        "z_slow": {"in": {"label": "z", "sleep": 0.3}},
    }, settings={"continue_on_step_failure": True})
    result = harness.run(path)
    assert result.state == "failed"
    assert states(result) == {"a_fails": "failed", "b_needs_a": "skipped", "c_after_b": "skipped",
                              "d_optional": "completed", "z_slow": "completed"}
    assert value(result, "d_optional") == ["d", "z"]  # the failed optional input was left out


def test_a_running_step_finishes_after_another_fails(harness: Harness) -> None:
    path = toy_pipeline(harness, "p", {
        "fails": {"in": {"label": "f", "fail": True}},
        "slow": {"in": {"label": "s", "sleep": 0.5}},
        "after_slow": {"c": "need", "in": {"a": "@slow", "label": "x"}},
    })
    result = harness.run(path)
    assert states(result) == {"fails": "failed", "slow": "completed", "after_slow": "canceled"}
    again = harness.run(path)
    assert again.steps["slow"].state == "cached"


def test_timeout_kills_the_process_group(harness: Harness) -> None:
    harness.write("p.yml", """
        type: pipeline
        jobs:
          stubborn:
            type: command
            outputs: {out: }
            environment: azureml:x@latest
            limits: {timeout: 1}
            command: trap '' TERM; sleep 30 & echo $! > ${{outputs.out}}/../../child.pid; wait; wait
    """)
    start = time.monotonic()
    result = harness.run("p.yml", grace_s=0.5)
    assert time.monotonic() - start < 6
    step = result.steps["stubborn"]
    assert step.state == "failed"
    assert step.message is not None and "timed out after 1 s" in step.message
    pid = int((result.run_dir / "stubborn" / "child.pid").read_text())
    assert not _alive(pid)


def _alive(pid: int, within: float = 2.0) -> bool:
    """True when ``pid`` is still running after ``within`` seconds (a zombie counts as dead)."""
    deadline = time.monotonic() + within
    while True:
        stat = Path(f"/proc/{pid}/stat")
        try:
            alive = stat.read_text().split(")")[-1].split()[0] != "Z"
        except OSError:
            alive = False
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.02)


def _long_pipeline(h: Harness) -> Path:
    h.write("p.yml", """
        type: pipeline
        jobs:
          long:
            type: command
            outputs: {out: }
            environment: azureml:x@latest
            command: sleep 30 & echo $! > ${{outputs.out}}/../../child.pid; wait
          later:
            type: command
            inputs:
              x: ${{parent.jobs.long.outputs.out}}
            environment: azureml:x@latest
            command: echo never
    """)
    return h.root / "p.yml"


async def _wait_running(handle: Any, step: str = "long") -> None:
    for _ in range(200):
        if handle.steps[step].state == "running" and (handle.run_dir / step / "child.pid").exists():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("the step never started")


def test_cancel_from_the_api_stops_everything(harness: Harness) -> None:
    _long_pipeline(harness)

    async def cancel(handle: Any) -> None:
        await _wait_running(handle)
        handle.cancel()

    start = time.monotonic()
    result = harness.run("p.yml", during=cancel)
    assert time.monotonic() - start < 10
    assert result.state == "canceled"
    assert states(result) == {"long": "canceled", "later": "canceled"}
    assert not _alive(int((result.run_dir / "long" / "child.pid").read_text()))
    assert harness.sink.of(RunFinished)[-1].state == "canceled"
    assert not harness.cache.entries


def test_cancel_requested_from_another_process_is_polled_per_heartbeat(harness: Harness) -> None:
    _long_pipeline(harness)
    asked: list[str] = []
    flag = {"cancel": False}

    def cancel_requested(run_id: str) -> bool:
        asked.append(run_id)
        return flag["cancel"]

    async def later(handle: Any) -> None:
        await _wait_running(handle)
        flag["cancel"] = True

    result = harness.run("p.yml", during=later, cancel_requested=cancel_requested)
    assert result.state == "canceled"
    assert asked and asked[0] == result.run_id
    assert harness.sink.of(Heartbeat)


INJECTIONS = [
    "x; touch {m}",
    "$(touch {m})",
    "`touch {m}`",
    "a' ; touch {m} ; echo '",
    'a" ; touch {m} ; echo "',
    "line1\ntouch {m}\n",
    "&& touch {m} ||",
    "$HOME ${{PATH}} * ?",
]


def test_string_parameters_cannot_inject_shell(harness: Harness) -> None:
    marker = harness.root / "owned"
    values = [v.format(m=marker) for v in INJECTIONS]
    harness.write("comp.yml", """
        type: command
        name: echo_arg
        inputs:
          s: {type: string}
        outputs:
          out: {type: uri_folder}
        environment: azureml:x@latest
        command: python -c "import sys; open(sys.argv[2], 'w').write(sys.argv[1] + '|' + str(len(sys.argv)))" ${{inputs.s}} ${{outputs.out}}/arg.txt
    """)
    jobs = "\n".join(f"  j{i}:\n    component: ./comp.yml\n    inputs:\n      s: ${{{{parent.inputs.s{i}}}}}"
                     for i in range(len(values)))
    harness.write("p.yml", "type: pipeline\njobs:\n" + jobs + "\n")
    params = {f"s{i}": v for i, v in enumerate(values)}
    import yaml

    doc = yaml.safe_load((harness.root / "p.yml").read_text())
    doc["inputs"] = params
    (harness.root / "p.yml").write_text(yaml.safe_dump(doc))
    result = harness.run("p.yml")
    assert result.state == "completed", result.error
    for i, v in enumerate(values):
        got = (Path(result.steps[f"j{i}"].outputs["out"]) / "arg.txt").read_text()
        assert got == f"{v}|3", (v, got)
    assert not marker.exists()


def test_step_environment_values_and_metrics(harness: Harness) -> None:
    harness.write("src/probe.py", """
        import json, os, sys, time
        out = sys.argv[1]
        with open(os.path.join(out, "env.json"), "w") as fh:
            json.dump({"exe": sys.executable, "argv": sys.argv[2:],
                       **{k: os.environ.get(k) for k in ("DESIGNER_RUN_ID", "DESIGNER_STEP", "MY_VAR",
                                                          "MLFLOW_TRACKING_URI")}}, fh)
        with open(os.environ["DESIGNER_METRICS"], "a") as fh:
            fh.write(json.dumps({"name": "loss", "value": 0.5, "step": 1}) + "\\n")
            fh.write("not json\\n")
        root = os.environ["MLFLOW_TRACKING_URI"][len("file://"):]
        os.makedirs(os.path.join(root, "0", "abc", "metrics"))
        with open(os.path.join(root, "0", "abc", "metrics", "accuracy"), "w") as fh:
            fh.write(f"{int(time.time() * 1000)} 0.9 0\\n{int(time.time() * 1000)} 0.95 1\\n")
        print("hello from the step")
    """)
    harness.write("p.yml", """
        type: pipeline
        settings: {default_compute: azureml:gpu-cluster}
        jobs:
          probe:
            type: command
            code: ./src
            inputs: {flag: true, rate: 0.01, n: 3}
            outputs: {out: }
            environment_variables: {MY_VAR: "hello world"}
            environment: azureml:x@latest
            command: python probe.py ${{outputs.out}} ${{inputs.flag}} ${{inputs.rate}} ${{inputs.n}}
    """)
    result = harness.run("p.yml")
    assert result.state == "completed", result.error
    import json
    import sys

    env = json.loads((Path(result.steps["probe"].outputs["out"]) / "env.json").read_text())
    assert env["exe"] == sys.executable or Path(env["exe"]).resolve() == Path(sys.executable).resolve()
    assert env["argv"] == ["True", "0.01", "3"]
    assert env["DESIGNER_RUN_ID"] == result.run_id and env["DESIGNER_STEP"] == "probe"
    assert env["MY_VAR"] == "hello world"
    assert env["MLFLOW_TRACKING_URI"].startswith("file://")
    metrics = {(m.name, m.value, m.index) for m in harness.sink.of(MetricLogged)}
    assert metrics == {("loss", 0.5, 1), ("accuracy", 0.9, 0), ("accuracy", 0.95, 1)}
    logs = result.run_dir / "probe" / "logs"
    assert (logs / "stdout.txt").read_text() == "hello from the step\n"
    assert "compute target 'gpu-cluster' is not configured; running on 'local'" in (logs / "stderr.txt").read_text()


def test_non_deterministic_and_force_rerun_disable_reuse(harness: Harness) -> None:
    harness.write("nd.yml", """
        type: command
        name: nd
        is_deterministic: false
        outputs: {out: {type: uri_folder}}
        environment: azureml:x@latest
        command: date +%s%N > ${{outputs.out}}/value.txt
    """)
    path = toy_pipeline(harness, "p", {"a": {"in": {"label": "a"}}, "b": {"in": {"a": "@a", "label": "b"}}})
    first = harness.run(path)
    forced = harness.run(path, force_rerun=True)
    assert set(states(forced).values()) == {"completed"}
    third = harness.run(path)
    # Force means fresh: the next plain run reuses the forced run's outputs, the newest, not the first run's.
    assert first.run_id != forced.run_id
    assert all(r.reused_from == forced.run_id for r in third.steps.values()), "reused the outputs from before --force-rerun"

    harness.write("q.yml", """
        type: pipeline
        jobs:
          clock: {component: ./nd.yml}
          after:
            component: ./toy/need.yml
            inputs:
              a: ${{parent.jobs.clock.outputs.out}}
    """)
    harness.run("q.yml")
    again = harness.run("q.yml")
    assert states(again) == {"clock": "completed", "after": "completed"}


def test_uri_file_output_is_a_file_inside_its_folder(harness: Harness) -> None:
    harness.write("p.yml", """
        type: pipeline
        jobs:
          write:
            type: command
            outputs:
              report: {type: uri_file}
            environment: azureml:x@latest
            command: echo hi > ${{outputs.report}}
          read:
            type: command
            inputs:
              src:
                type: uri_file
                path: ${{parent.jobs.write.outputs.report}}
            outputs: {out: }
            environment: azureml:x@latest
            command: cat ${{inputs.src}} > ${{outputs.out}}/value.txt
    """)
    result = harness.run("p.yml")
    assert result.state == "completed", result.error
    report = Path(result.steps["write"].outputs["report"])
    assert report == result.run_dir / "write" / "outputs" / "report" / "report"
    assert report.read_text() == "hi\n"
    assert value(result, "read") == ["hi"]
    assert "/outputs/.tmp-report/report" in (result.run_dir / "write" / "command.txt").read_text()
