"""Why a step ran or was reused, --only / --from, resume after a failure, force means fresh (the engine side)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from engine_helpers import Harness, states, toy_pipeline

from designer.engine.events import RunStarted
from designer.engine.why import describe
from designer.errors import RunError


def _reason(h: Harness, step: str) -> dict:
    """The reason the last run recorded for ``step`` (from the events the runner emitted)."""
    found = [e.reason for e in h.sink.changes(step) if e.reason is not None]
    assert found, f"no reason recorded for {step}"
    return found[-1]


def _kinds(reason: dict) -> list[str]:
    return [c["kind"] for c in reason.get("because", [])]


def test_first_run_then_reuse_then_a_changed_parameter(harness: Harness) -> None:
    path = toy_pipeline(harness, "p", {"a": {"in": {"label": "plain"}}, "b": {"in": {"a": "@a", "label": "b"}}})
    first = harness.run(path)
    assert first.ok
    assert describe(_reason(harness, "a")) == "Ran because there is no earlier run of this step."
    harness.run(path)
    assert _reason(harness, "a") == {"decision": "reused", "from_run": first.run_id, "from_step": "a"}
    assert describe(_reason(harness, "b")) == f"Reused from run {first.run_id} (step `b`)."

    path = toy_pipeline(harness, "p", {"a": {"in": {"label": "changed"}}, "b": {"in": {"a": "@a", "label": "b"}}})
    harness.run(path)
    a = _reason(harness, "a")
    assert a["because"] == [{"kind": "parameter", "name": "label", "old": "plain", "new": "changed", "detail": None}]
    assert "Re-ran because parameter `label` changed from `plain` to `changed`" in describe(a)
    b = _reason(harness, "b")
    assert _kinds(b) == ["upstream"] and b["because"][0]["name"] == "a"
    assert "upstream step `a`'s output changed" in describe(b)


def test_code_env_var_force_and_not_deterministic(harness: Harness) -> None:
    harness.write("src/main.py", "print('one')\n")
    harness.write("c.yml", """
        type: command
        name: coded
        code: ./src
        outputs: {out: {type: uri_folder}}
        environment: azureml:x@latest
        command: python main.py > ${{outputs.out}}/v.txt
    """)
    harness.write("nd.yml", """
        type: command
        name: nd
        is_deterministic: false
        outputs: {out: {type: uri_folder}}
        environment: azureml:x@latest
        command: date +%s%N > ${{outputs.out}}/v.txt
    """)
    harness.write("p.yml", """
        type: pipeline
        jobs:
          c:
            component: ./c.yml
            environment_variables: {MODE: fast}
          n:
            component: ./nd.yml
    """)
    assert harness.run("p.yml").ok
    harness.write("src/main.py", "import sys\nprint('two')\nprint('three')\n")
    harness.write("p.yml", """
        type: pipeline
        jobs:
          c:
            component: ./c.yml
            environment_variables: {MODE: slow}
          n:
            component: ./nd.yml
    """)
    assert harness.run("p.yml").ok
    c = _reason(harness, "c")
    assert _kinds(c) == ["code", "env_var"]
    assert c["because"][0]["name"] == "main.py" and c["because"][0]["detail"] == "+3 -1 lines"
    text = describe(c)
    assert "code file `main.py` changed (+3 -1 lines)" in text
    assert "environment variable `MODE` changed from `fast` to `slow`" in text
    assert _kinds(_reason(harness, "n")) == ["not_deterministic"]
    assert harness.run("p.yml", force_rerun=True).ok
    assert describe(_reason(harness, "c")) == "Re-ran because a re-run was forced (--force-rerun)."


def test_explain_says_what_will_rerun_without_side_effects(harness: Harness) -> None:
    path = toy_pipeline(harness, "p", {"a": {"in": {"label": "plain"}}, "b": {"in": {"a": "@a"}},
                                       "c": {"in": {"label": "c"}}})
    first = harness.run(path)
    path = toy_pipeline(harness, "p", {"a": {"in": {"label": "new"}}, "b": {"in": {"a": "@a"}},
                                       "c": {"in": {"label": "c"}}})
    runs = Path(harness.settings.artifact_root)
    before = sorted(p.name for p in runs.iterdir())
    memo = harness.root / ".designer" / "hashes.json"
    memo_before = memo.read_bytes() if memo.exists() else None
    runner = harness.runner()
    reasons = runner.explain(path)
    assert _kinds(reasons["a"]) == ["parameter"] and _kinds(reasons["b"]) == ["upstream"]
    assert reasons["c"] == {"decision": "reused", "from_run": first.run_id, "from_step": "c"}
    assert sorted(p.name for p in runs.iterdir()) == before  # no run folder
    assert harness.sink.events == []  # nothing emitted
    assert (memo.read_bytes() if memo.exists() else None) == memo_before
    # and the run agrees with the forecast
    harness.run(path)
    assert {s: _reason(harness, s)["decision"] for s in "abc"} == {s: r["decision"] for s, r in reasons.items()}


def test_only_runs_one_step_on_the_latest_upstream_outputs(harness: Harness) -> None:
    path = toy_pipeline(harness, "p", {"a": {"in": {"label": "A"}}, "b": {"c": "need", "in": {"a": "@a", "label": "B"}},
                                       "c": {"c": "need", "in": {"a": "@b", "label": "C"}}})
    with pytest.raises(RunError, match="--only b: upstream step 'a' has no successful run"):
        harness.run(path, only="b")
    with pytest.raises(RunError, match="the pipeline has no step 'bb'; did you mean 'b'"):
        harness.run(path, only="bb")
    full = harness.run(path)
    only = harness.run(path, only="b")
    assert only.ok and set(only.steps) == {"b"}
    started = harness.sink.of(RunStarted)[0]
    assert started.partial == "only b"
    assert describe(_reason(harness, "b")) == "Re-ran because it was run on its own (--only b)."
    out = Path(only.steps["b"].outputs["out"]) / "value.txt"
    assert out.read_text() == "B\nA\n"
    assert full.steps["a"].outputs["out"] in {e.path for e in harness.sink.events
                                              if getattr(e, "direction", None) == "input"}
    # its outputs are reuse sources: the next plain run reuses b from the --only run
    again = harness.run(path)
    assert again.steps["b"].reused_from == only.run_id and again.steps["a"].reused_from == full.run_id


def test_from_runs_a_step_and_what_it_feeds_and_reuses_the_rest(harness: Harness) -> None:
    path = toy_pipeline(harness, "p", {"a": {"in": {"label": "A"}}, "b": {"c": "need", "in": {"a": "@a"}},
                                       "c": {"c": "need", "in": {"a": "@b"}}, "d": {"in": {"label": "D"}}})
    full = harness.run(path)
    part = harness.run(path, from_step="b")
    assert states(part) == {"a": "cached", "b": "completed", "c": "completed", "d": "cached"}
    assert part.steps["a"].reused_from == full.run_id
    assert describe(_reason(harness, "b")) == "Re-ran because the run started from it (--from b)."
    assert describe(_reason(harness, "c")) == "Re-ran because it is downstream of --from b."
    assert harness.sink.of(RunStarted)[0].partial == "from b"


def test_edit_and_resume_reruns_only_the_failed_step_and_what_it_feeds(harness: Harness) -> None:
    jobs = {"a": {"in": {"label": "A"}}, "b": {"in": {"label": "B"}},
            "c": {"c": "need", "in": {"a": "@a", "fail": True}}, "d": {"c": "need", "in": {"a": "@c"}}}
    path = toy_pipeline(harness, "p", jobs)
    failed = harness.run(path)
    assert states(failed) == {"a": "completed", "b": "completed", "c": "failed", "d": "skipped"}
    jobs["c"]["in"]["fail"] = False
    path = toy_pipeline(harness, "p", jobs)
    fixed = harness.run(path)
    assert states(fixed) == {"a": "cached", "b": "cached", "c": "completed", "d": "completed"}
    assert harness.sink.of(RunStarted)[0].resumed_from == failed.run_id
    c = _reason(harness, "c")
    assert c["because"][0] == {"kind": "parameter", "name": "fail", "old": True, "new": False, "detail": None}


def test_an_unchanged_step_whose_last_run_failed_says_so(harness: Harness) -> None:
    harness.write("flaky.yml", """
        type: command
        name: flaky
        outputs: {out: {type: uri_folder}}
        environment: azureml:x@latest
        command: test -e ../../flag || exit 4
    """)
    harness.write("p.yml", "type: pipeline\njobs:\n  f:\n    component: ./flaky.yml\n")
    assert not harness.run("p.yml").ok
    first_failed = harness.sink.of(RunStarted)[0].run_id
    harness.run("p.yml")
    reason = _reason(harness, "f")
    assert reason["because"] == [{"kind": "earlier_not_reusable", "name": "f", "old": first_failed,
                                  "new": "failed", "detail": None}]
    assert f"its last run with the same inputs (run {first_failed}) ended failed" in describe(reason)


def test_runner_start_refuses_only_and_from_together(harness: Harness) -> None:
    path = toy_pipeline(harness, "p", {"a": {}})
    with pytest.raises(RunError, match="--only and --from cannot be used together"):
        asyncio.run(harness.runner().start(path, only="a", from_step="a"))


def test_parameters_and_environment_variables_read_alike() -> None:
    from designer.engine.why import change, phrase

    for kind, noun in (("parameter", "parameter"), ("env_var", "environment variable")):
        assert phrase(change(kind, "x", "a", "b")) == f"{noun} `x` changed from `a` to `b`"
        assert phrase(change(kind, "x", None, "b")) == f"{noun} `x` was set to `b`"
        assert phrase(change(kind, "x", "a", None)) == f"{noun} `x` (was `a`) is no longer set"
