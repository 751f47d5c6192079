"""The parallel driver as a real subprocess: file batches, tabular batches by size and by partition
keys, failing batches within and beyond the thresholds, retries and timeouts, per-batch reuse."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pandas as pd

from designer.engine.parallel import driver_config, install_driver, read_progress
from designer.spec.parallel import ParallelSpec, ParallelTask


def run_driver(tmp_path: Path, script: str, input_path: Path, input_type: str = "uri_folder", *,
               args: str = "", reuse: bool = True, **spec_fields: Any) -> tuple[subprocess.CompletedProcess[str], Path]:
    code = tmp_path / "code"
    code.mkdir(exist_ok=True)
    (code / "score.py").write_text(textwrap.dedent(script))
    driver = install_driver(code)
    spec = ParallelSpec(input_data="data", task=ParallelTask("score.py"), **spec_fields)
    out = tmp_path / "out" / "rows.txt"
    config = driver_config(spec, entry_script=code / "score.py", input_path=str(input_path), input_type=input_type,
                           work_dir=tmp_path / "work", state_file=tmp_path / "work" / "batches.jsonl",
                           program_arguments=args, append_row_to=str(out),
                           reuse_dir=tmp_path / "reuse" if reuse else None, log_dir=tmp_path / "logs")
    (tmp_path / "config.json").write_text(json.dumps(config))
    proc = subprocess.run([sys.executable, str(driver), "--config", str(tmp_path / "config.json")], cwd=code,
                          capture_output=True, text=True, timeout=120)
    return proc, out


def files(tmp_path: Path, n: int) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    for i in range(n):
        (folder / f"f{i:02d}.txt").write_text(f"{i}\n")
    return folder


FILE_SCRIPT = """\
    import argparse, os
    from pathlib import Path
    from azureml_user.parallel_run import EntryScript

    def init():
        global prefix, calls
        parser = argparse.ArgumentParser()
        parser.add_argument("--prefix", default="x")
        prefix = parser.parse_known_args()[0].prefix
        calls = Path(os.environ["CALLS"])
        calls.mkdir(exist_ok=True)
        (calls / f"init-{os.getpid()}").write_text("")
        EntryScript().logger.info("ready in %s", os.getpid())

    def run(mini_batch):
        (calls / f"run-{Path(mini_batch[0]).stem}").write_text("")
        return [f"{prefix} {Path(p).name} {int(Path(p).read_text()) * 10}" for p in mini_batch]
"""


def test_file_batches_in_order_with_init_once_per_worker(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("CALLS", str(tmp_path / "calls"))
    proc, out = run_driver(tmp_path, FILE_SCRIPT, files(tmp_path, 10), args="--prefix scored",
                           mini_batch_size=3, instance_count=1, max_concurrency_per_instance=2)
    assert proc.returncode == 0, proc.stderr
    assert out.read_text().splitlines() == [f"scored f{i:02d}.txt {i * 10}" for i in range(10)]
    calls = sorted(p.name for p in (tmp_path / "calls").iterdir())
    assert len([c for c in calls if c.startswith("init-")]) == 2  # two workers, init() once each
    assert [c for c in calls if c.startswith("run-")] == ["run-f00", "run-f03", "run-f06", "run-f09"]
    progress = read_progress(tmp_path / "work" / "batches.jsonl")
    assert progress.total == 4 and progress.counts()["completed"] == 4
    assert [progress.batches[i].items for i in range(4)] == [3, 3, 3, 1]
    assert progress.summary is not None and progress.summary["failed_batches"] == 0
    logs = "".join(p.read_text() for p in (tmp_path / "logs").iterdir())
    assert "EntryScript: ready in" in logs


TABLE_SCRIPT = """\
    def init():
        pass

    def run(mini_batch, mini_batch_context):
        key = mini_batch_context.partition_key_value
        out = mini_batch.copy()
        out["batch"] = mini_batch_context.minibatch_index
        out["key"] = "-".join(str(v) for v in key.values()) or "none"
        return out[["id", "batch", "key"]]
"""


def mltable(tmp_path: Path, rows: int) -> Path:
    folder = tmp_path / "table"
    folder.mkdir()
    frame = pd.DataFrame({"id": range(rows), "store": [f"s{i % 3}" for i in range(rows)],
                          "value": [float(i) for i in range(rows)], "pad": ["x" * 40] * rows})
    frame.to_csv(folder / "part.csv", index=False)
    (folder / "MLTable").write_text(textwrap.dedent("""\
        type: mltable
        paths:
          - file: ./part.csv
        transformations:
          - read_delimited:
              delimiter: ','
              encoding: utf8
              header: all_files_same_headers
        """))
    return folder


def test_tabular_batches_by_size(tmp_path: Path) -> None:
    table = mltable(tmp_path, 300)
    size = (table / "part.csv").stat().st_size
    proc, out = run_driver(tmp_path, TABLE_SCRIPT, table, "mltable", mini_batch_size=size // 4 + 1,
                           max_concurrency_per_instance=2)
    assert proc.returncode == 0, proc.stderr
    lines = [line.split() for line in out.read_text().splitlines()]
    assert [int(id_) for id_, _, _ in lines] == list(range(300))  # every row once, in mini-batch order
    batches = sorted({int(b) for _, b, _ in lines})
    assert len(batches) in (4, 5)  # about a quarter of the bytes in each
    progress = read_progress(tmp_path / "work" / "batches.jsonl")
    assert sum(b.items for b in progress.batches.values()) == 300


def test_tabular_batches_by_partition_keys(tmp_path: Path) -> None:
    proc, out = run_driver(tmp_path, TABLE_SCRIPT, mltable(tmp_path, 30), "mltable", partition_keys=("store",),
                           mini_batch_size=10)
    assert proc.returncode == 0, proc.stderr
    keys = {}
    for id_, _, key in (line.split() for line in out.read_text().splitlines()):
        keys.setdefault(key, []).append(int(id_))
    assert keys == {f"s{k}": [i for i in range(30) if i % 3 == k] for k in range(3)}
    progress = read_progress(tmp_path / "work" / "batches.jsonl")
    assert [progress.batches[i].partition for i in range(3)] == [{"store": "s0"}, {"store": "s1"}, {"store": "s2"}]


FAILING = """\
    from pathlib import Path

    def init():
        pass

    def run(mini_batch):
        names = [Path(p).name for p in mini_batch]
        if any(n in BAD for n in names):
            raise ValueError("cannot score " + ",".join(names))
        return names
    BAD = {BAD}
"""


def test_failing_batch_within_threshold_keeps_the_others(tmp_path: Path) -> None:
    script = FAILING.replace("{BAD}", "{'f02.txt'}")
    proc, out = run_driver(tmp_path, script, files(tmp_path, 6), mini_batch_size=2, mini_batch_error_threshold=1,
                           max_retries=1)
    assert proc.returncode == 0, proc.stderr
    assert out.read_text().splitlines() == ["f00.txt", "f01.txt", "f04.txt", "f05.txt"]
    progress = read_progress(tmp_path / "work" / "batches.jsonl")
    failed = progress.batches[1]
    assert (failed.state, failed.retries) == ("failed", 1)
    assert failed.error == "ValueError: cannot score f02.txt,f03.txt"
    assert progress.counts()["completed"] == 2


def test_failures_beyond_threshold_fail_the_step(tmp_path: Path) -> None:
    script = FAILING.replace("{BAD}", "{'f00.txt', 'f02.txt'}")
    proc, _ = run_driver(tmp_path, script, files(tmp_path, 6), mini_batch_size=2, mini_batch_error_threshold=1,
                         max_retries=0)
    assert proc.returncode == 1
    assert "2 failed mini-batches exceed mini_batch_error_threshold 1" in proc.stderr.splitlines()[-1]
    # item threshold: 2 failed files (one batch) is within error_threshold 2, 4 is beyond it
    other = tmp_path / "items"
    other.mkdir()
    proc, _ = run_driver(other, script, files(other, 6), mini_batch_size=2, error_threshold=3, max_retries=0)
    assert proc.returncode == 1 and "4 failed items exceed error_threshold 3" in proc.stderr


def test_minus_one_ignores_every_failure(tmp_path: Path) -> None:
    script = FAILING.replace("{BAD}", "{'f00.txt', 'f02.txt', 'f04.txt'}")
    proc, out = run_driver(tmp_path, script, files(tmp_path, 6), mini_batch_size=2, max_retries=0)
    assert proc.returncode == 0 and out.read_text() == ""


FLAKY = """\
    import os, time
    from pathlib import Path

    def init():
        global marks
        marks = Path(os.environ["MARKS"])
        marks.mkdir(exist_ok=True)
        (marks / f"init-{os.getpid()}").write_text("")

    def run(mini_batch):
        name = Path(mini_batch[0]).name
        tries = len(list(marks.glob(name + "-*")))
        (marks / f"{name}-{tries}").write_text("")
        if name == "f01.txt" and tries == 0:
            raise RuntimeError("flaky once")
        if name == "f02.txt" and tries == 0:
            time.sleep(30)
        return [name]
"""


def test_retries_and_timeouts(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("MARKS", str(tmp_path / "marks"))
    proc, out = run_driver(tmp_path, FLAKY, files(tmp_path, 4), mini_batch_size=1, max_retries=2,
                           batch_timeout_s=2.0, max_concurrency_per_instance=2, mini_batch_error_threshold=0)
    assert proc.returncode == 0, proc.stderr
    assert out.read_text().splitlines() == ["f00.txt", "f01.txt", "f02.txt", "f03.txt"]
    progress = read_progress(tmp_path / "work" / "batches.jsonl")
    assert [progress.batches[i].retries for i in range(4)] == [0, 1, 1, 0]
    states = [json.loads(line) for line in (tmp_path / "work" / "batches.jsonl").read_text().splitlines()]
    retried = [s for s in states if s.get("state") == "retrying"]
    assert {s["batch"]: s["error"] for s in retried} == {
        1: "RuntimeError: flaky once", 2: "timed out after 2 s (retry_settings.timeout)"}
    # the timed-out worker was killed and replaced: a third process ran init()
    assert len(list((tmp_path / "marks").glob("init-*"))) == 3


def test_rerun_after_failure_runs_only_the_failed_batches(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("CALLS", str(tmp_path / "calls"))
    data = files(tmp_path, 6)
    broken = FILE_SCRIPT.replace('    def run(mini_batch):\n', '    def run(mini_batch):\n'
                                 '        if Path(mini_batch[0]).stem == "f02" and os.environ.get("BREAK"):\n'
                                 '            raise OSError("disk full")\n')
    monkeypatch.setenv("BREAK", "1")
    proc, out = run_driver(tmp_path, broken, data, mini_batch_size=2, max_retries=0)
    assert proc.returncode == 0 and len(out.read_text().splitlines()) == 4
    for p in (tmp_path / "calls").iterdir():
        p.unlink()
    monkeypatch.delenv("BREAK")
    proc, out = run_driver(tmp_path, broken, data, mini_batch_size=2, max_retries=0)
    assert proc.returncode == 0, proc.stderr
    assert out.read_text().splitlines() == [f"x f{i:02d}.txt {i * 10}" for i in range(6)]
    assert sorted(p.name for p in (tmp_path / "calls").iterdir() if p.name.startswith("run-")) == ["run-f02"]
    assert read_progress(tmp_path / "work" / "batches.jsonl").counts()["reused"] == 2
    # a changed input file changes its batch's identity: only that batch runs again
    (data / "f05.txt").write_text("50\n")
    for p in (tmp_path / "calls").iterdir():
        p.unlink()
    proc, out = run_driver(tmp_path, broken, data, mini_batch_size=2, max_retries=0)
    assert sorted(p.name for p in (tmp_path / "calls").iterdir() if p.name.startswith("run-")) == ["run-f04"]
    assert out.read_text().splitlines()[-1] == "x f05.txt 500"


def test_driver_needs_only_the_standard_library() -> None:
    import ast

    from designer.engine.parallel import driver_source

    tree = ast.parse(driver_source().read_text())
    top = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            top.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            top.add(node.module.split(".")[0])
    assert top - {"__future__"} <= set(sys.stdlib_module_names)


def test_mini_yaml_reads_mltable_files() -> None:
    import importlib.util

    from designer.engine.parallel import driver_source

    spec = importlib.util.spec_from_file_location("designer_parallel_driver", driver_source())
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    text = """\
type: mltable   # a comment
paths:
  - file: ./a.csv
  - pattern: ./parts/*.csv
  - folder: 'data'
transformations:
  - read_delimited:
      delimiter: ";"
      header: from_first_file
      encoding: ascii
  - take: 10
  - keep_columns: [a, b]
"""
    import yaml

    assert module.mini_yaml(text) == yaml.safe_load(text)
    assert module.mini_yaml("transformations:\n  - read_parquet\n") == {"transformations": ["read_parquet"]}


def test_small_reader_handles_parquet_json_lines_and_patterns(tmp_path: Path) -> None:
    import importlib.util

    from designer.engine.parallel import driver_source

    spec = importlib.util.spec_from_file_location("designer_parallel_driver_r", driver_source())
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    (tmp_path / "parts").mkdir()
    pd.DataFrame({"a": [1, 2]}).to_parquet(tmp_path / "parts" / "p1.parquet")
    pd.DataFrame({"a": [3]}).to_parquet(tmp_path / "parts" / "p2.parquet")
    (tmp_path / "MLTable").write_text("paths:\n  - pattern: ./parts/*.parquet\ntransformations:\n  - read_parquet\n")
    frame, size, found = module.read_mltable(tmp_path)
    assert list(frame["a"]) == [1, 2, 3] and len(found) == 2 and size > 0
    lines = tmp_path / "j"
    lines.mkdir()
    (lines / "x.jsonl").write_text('{"a": 1, "b": "x"}\n{"a": 2, "b": "y"}\n')
    (lines / "MLTable").write_text("paths:\n  - folder: .\ntransformations:\n  - read_json_lines:\n"
                                   "      encoding: utf8\n      include_path_column: true\n")
    with_path = (lines / "MLTable").read_text()
    (lines / "MLTable").write_text(with_path.replace("folder: .", "file: ./x.jsonl"))
    frame, _, _ = module.read_mltable(lines)
    assert list(frame["b"]) == ["x", "y"] and frame["Path"].iloc[0].endswith("x.jsonl")
