"""Command rendering, ``--set`` typing and planning, without running anything."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
from engine_helpers import Harness, make_settings, toy_pipeline

from designer.engine.cache import component_spec, fingerprint
from designer.engine.commandline import render_command
from designer.engine.plan import coerce_override, load_plan, parse_assignments
from designer.errors import RunError
from designer.spec.graph import ExternalData, Literal, StepOutput
from designer.spec.model import DataValue


def test_values_are_quoted_and_optional_blocks_dropped() -> None:
    template = "python x.py --s ${{inputs.s}} $[[--lr ${{inputs.lr}}]] $[[--a ${{inputs.a}} --b ${{inputs.b}}]] --o ${{outputs.o}}"
    cmd = render_command(template, {"s": "x; touch /tmp/owned", "lr": 0.01, "a": True, "b": None}, {"o": "/out dir"})
    assert cmd == "python x.py --s 'x; touch /tmp/owned' --lr 0.01  --o '/out dir'"
    assert shlex.split(cmd)[3] == "x; touch /tmp/owned"
    assert render_command("t ${{inputs.f}} ${{inputs.t}}", {"f": False, "t": True}, {}) == "t False True"
    with pytest.raises(RunError):
        render_command("echo ${{search_space.x}}", {}, {})


def test_set_values_are_typed_like_the_input() -> None:
    assert parse_assignments(["a=1", "b=x=y", "c="]) == {"a": "1", "b": "x=y", "c": ""}
    with pytest.raises(RunError):
        parse_assignments(["novalue"])
    assert coerce_override(3, "10") == 10
    assert coerce_override(0.1, "0.5") == 0.5
    assert coerce_override(3, "1.5") == 1.5
    assert coerce_override(True, "FALSE") is False
    assert coerce_override("abc", "007") == "007"
    assert coerce_override(None, "true") is True and coerce_override(None, "2") == 2 and coerce_override(None, "x") == "x"
    data = coerce_override(DataValue(type="uri_file", path="./a.csv"), "b.csv")
    assert isinstance(data, DataValue) and data.type == "uri_file" and data.path == str(Path("b.csv").resolve())
    with pytest.raises(RunError):
        coerce_override(True, "maybe")
    with pytest.raises(RunError):
        coerce_override(1, "ten")


def test_plan_resolves_sources_targets_and_literal_paths(harness: Harness) -> None:
    harness.write("data/in.csv", "a\n1\n")
    harness.write("p.yml", """
        type: pipeline
        settings: {default_compute: azureml:serverless}
        inputs:
          n: 2
          raw: ./data/in.csv
        jobs:
          read:
            type: command
            compute: azureml:big
            limits: {timeout: 30}
            environment_variables: {A: "1"}
            inputs:
              src:
                type: uri_file
                path: ${{parent.inputs.raw}}
              n: ${{parent.inputs.n}}
            outputs: {out: }
            environment: azureml:x@latest
            command: cat ${{inputs.src}} > ${{outputs.out}}/x
          after:
            type: command
            inputs:
              x: ${{parent.jobs.read.outputs.out}}
            environment: azureml:x@latest
            command: ls ${{inputs.x}}
    """)
    settings = make_settings(harness.root, big=3)
    plan = load_plan(harness.root / "p.yml", settings, parameters={"n": "5"})
    read = plan.steps["read"]
    assert list(plan.steps) == ["read", "after"]
    assert read.inputs["src"] == ExternalData(str(harness.root / "data" / "in.csv"), "uri_file", None)
    assert read.inputs["n"] == Literal(5)
    assert read.target.name == "big" and read.target.max_parallel == 3
    assert read.timeout == 30 and read.env == {"A": "1"}
    assert plan.steps["after"].inputs["x"] == StepOutput("read", "out")
    assert plan.steps["after"].target.name == "local" and not plan.steps["after"].warnings
    assert plan.parameters == {"n": 5}


def test_plan_refuses_missing_data_and_bad_parameters(harness: Harness) -> None:
    path = toy_pipeline(harness, "p", {"a": {"in": {"label": "a", "sleep": "${{parent.inputs.s}}"}}}, inputs={"s": 1})
    settings = make_settings(harness.root)
    with pytest.raises(RunError, match="expected a number"):
        load_plan(path, settings, parameters={"s": "soon"})
    harness.write("q.yml", """
        type: pipeline
        inputs:
          raw: {type: uri_folder, path: ./missing}
        jobs:
          a:
            component: ./toy/need.yml
            inputs:
              a: ${{parent.inputs.raw}}
    """)
    with pytest.raises(RunError, match="does not exist"):
        load_plan(harness.root / "q.yml", settings)


def test_fingerprint_ignores_names_and_descriptions_but_not_behaviour() -> None:
    spec = {"name": "a", "version": "1", "display_name": "A", "description": "d", "tags": {"x": "y"},
            "inputs": {"n": {"type": "integer", "description": "n"}}, "command": "echo ${{inputs.n}}"}
    renamed = {**spec, "name": "b", "version": "2", "display_name": "B", "description": "other", "tags": {},
               "inputs": {"n": {"type": "integer", "description": "changed"}}}
    changed = {**spec, "command": "echo  ${{inputs.n}}"}
    fp = fingerprint({"component": component_spec(spec), "inputs": {"n": 1}})
    assert fp == fingerprint({"inputs": {"n": 1}, "component": component_spec(renamed)})
    assert fp != fingerprint({"component": component_spec(changed), "inputs": {"n": 1}})
    assert fp != fingerprint({"component": component_spec(spec), "inputs": {"n": 2}})
