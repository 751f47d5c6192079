"""Parsing and validating ``type: parallel`` steps: sizes, partition keys, task, thresholds and
retries; bad input gives a located problem with what was expected and a close match."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from designer.spec.model import Located
from designer.spec.parallel import ParallelSpec, defines_run, parse_parallel, parse_size
from designer.spec.yaml_io import parse_yaml

GOOD = """\
type: pipeline
jobs:
  score:
    type: parallel
    inputs:
      table: {type: mltable, path: ./data}
      model: {type: uri_folder, path: ./model}
    outputs:
      scores: {type: uri_file}
    input_data: ${{inputs.table}}
    mini_batch_size: "10kb"
    partition_keys: [store, brand]
    resources: {instance_count: 2}
    max_concurrency_per_instance: 3
    error_threshold: 5
    mini_batch_error_threshold: -1
    retry_settings: {max_retries: 1, timeout: 30}
    logging_level: DEBUG
    environment_variables: {OMP_NUM_THREADS: 1}
    task:
      type: run_function
      code: ./src
      entry_script: score.py
      environment: {conda_file: ./env.yml, image: python:3.11}
      program_arguments: --model ${{inputs.model}}
      append_row_to: ${{outputs.scores}}
"""

SCRIPT = "def init():\n    pass\n\n\ndef run(mini_batch):\n    return []\n"


def parse(tmp_path: Path, text: str, script: str | None = SCRIPT, types=None) -> tuple[ParallelSpec | None, list]:
    (tmp_path / "src").mkdir(exist_ok=True)
    if script is not None:
        (tmp_path / "src" / "score.py").write_text(script)
    doc = parse_yaml(textwrap.dedent(text), str(tmp_path / "pipe.yml"))
    raw = doc.data["jobs"]["score"]
    loc = Located(doc.source, ("jobs", "score"), tmp_path)
    if types is None:
        types = {"table": "mltable", "model": "uri_folder"}
    return parse_parallel(raw, loc, input_types=types, output_names=["scores"], base_dir=tmp_path)


def test_sizes_follow_azures_rule() -> None:
    assert parse_size("10kb") == 10 * 1024
    assert parse_size("1MB") == 1024**2
    assert parse_size("2gb") == 2 * 1024**3
    assert parse_size("25") == 25 and parse_size(25) == 25
    for bad in ("10 k", "ten", "1.5mb", "0", -3, True, "10tb"):
        assert parse_size(bad) is None, bad


def test_every_field_parses(tmp_path: Path) -> None:
    spec, problems = parse(tmp_path, GOOD)
    assert problems == []
    assert spec is not None
    assert (spec.input_data, spec.mini_batch_size, spec.partition_keys) == ("table", 10240, ("store", "brand"))
    assert spec.workers == 6
    assert (spec.error_threshold, spec.mini_batch_error_threshold) == (5, -1)
    assert (spec.max_retries, spec.batch_timeout_s, spec.logging_level) == (1, 30.0, "DEBUG")
    assert spec.environment_variables == {"OMP_NUM_THREADS": "1"}
    assert spec.task.entry_script == "score.py" and spec.task.append_row_to == "scores"
    assert spec.task.program_arguments == "--model ${{inputs.model}}"


def test_defaults(tmp_path: Path) -> None:
    text = GOOD.replace('    mini_batch_size: "10kb"\n', "").replace("    retry_settings: {max_retries: 1, timeout: 30}\n", "")
    spec, _ = parse(tmp_path, text)
    assert spec is not None and spec.mini_batch_size is None
    assert (spec.max_retries, spec.batch_timeout_s) == (2, 60.0)


def test_unparseable_mini_batch_size(tmp_path: Path) -> None:
    _, problems = parse(tmp_path, GOOD.replace('"10kb"', '"10 kilobytes"'))
    [p] = problems
    assert p.code == "parallel.bad_mini_batch_size" and p.line == 11
    assert p.path == "jobs.score.mini_batch_size"
    assert '"10kb"' in p.message and "file count" in p.message


def test_entry_script_without_run(tmp_path: Path) -> None:
    spec, problems = parse(tmp_path, GOOD, script="def init():\n    pass\n\ndef runn(batch):\n    return batch\n")
    assert [p.code for p in problems] == ["parallel.no_run"]
    assert problems[0].line == 23 and "def run(mini_batch)" in problems[0].message
    assert spec is not None  # the spec is still built so that all problems are listed; errors stop the run


def test_missing_entry_script_has_a_close_match(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "scores.py").write_text(SCRIPT)
    _, problems = parse(tmp_path, GOOD, script=None)
    [p] = problems
    assert p.code == "parallel.entry_script_missing" and "did you mean 'scores.py'?" in p.message


def test_input_data_not_bound(tmp_path: Path) -> None:
    spec, problems = parse(tmp_path, GOOD.replace("${{inputs.table}}", "${{inputs.tabel}}"))
    assert spec is None
    [p] = problems
    assert p.code == "parallel.input_data_unbound" and p.line == 10
    assert "did you mean 'table'?" in p.message
    _, problems = parse(tmp_path, GOOD, types={"model": "uri_folder"})
    assert [p.code for p in problems] == ["parallel.input_data_unbound"]


@pytest.mark.parametrize(("change", "code"), [
    (("input_data: ${{inputs.table}}", "input_data: ./data"), "parallel.bad_input_data"),
    (("type: run_function", "type: model"), "parallel.task_type"),
    (("append_row_to: ${{outputs.scores}}", "append_row_to: ${{outputs.score}}"), "parallel.unknown_output"),
    (("error_threshold: 5", "error_threshold: -2"), "parallel.bad_number"),
    (("logging_level: DEBUG", "logging_level: LOUD"), "parallel.bad_logging_level"),
    (("partition_keys: [store, brand]", "partition_keys: store"), "parallel.bad_partition_keys"),
    (("max_retries: 1", "max_retrys: 1"), "parallel.unknown_key"),
])
def test_bad_fields(tmp_path: Path, change: tuple[str, str], code: str) -> None:
    _, problems = parse(tmp_path, GOOD.replace(*change))
    assert code in [p.code for p in problems], problems


def test_folder_input_rejects_partition_keys_and_table_types(tmp_path: Path) -> None:
    _, problems = parse(tmp_path, GOOD, types={"table": "uri_folder", "model": "uri_folder"})
    assert {p.code for p in problems} == {"parallel.partition_folder", "parallel.size_for_folder"}
    _, problems = parse(tmp_path, GOOD, types={"table": "uri_file", "model": "uri_folder"})
    assert "parallel.input_data_type" in [p.code for p in problems]


def test_defines_run_reports_syntax_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("def run(:\n")
    has_run, _, error = defines_run(bad)
    assert not has_run and error is not None and "line 1" in error
