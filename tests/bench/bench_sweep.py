"""Benchmark of sweep trials and parallel mini-batches against running the same script directly.

    python tests/bench/bench_sweep.py [--quick]

- per trial: a grid sweep of N trials run one at a time (``max_concurrent_trials: 1``) through the
  engine, whose trial script writes one metric line, per trial; the floor is spawning that same
  script N times one by one;
- per mini-batch: a parallel step over N files with ``mini_batch_size: 1`` on one worker, per batch
  after the driver's start-up; the floors are calling ``run()`` directly in one process (the
  script's own cost) and spawning ``python -c pass`` (what one process per batch would cost).

Figures are medians of ``repeat`` rounds, quoted as ratios against the floors of the same run.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from designer.engine.memory import MemoryCache, MemorySink
from designer.engine.runner import Runner
from designer.workspace import ComputeTarget, Settings, load_settings

# This measures trials and mini-batches, not environments (bench_environments.py does): they run in
# the designer's own interpreter, like the direct runs they are compared with.
os.environ.setdefault("DESIGNER_ENVIRONMENTS", "current")

TRIAL = """\
import json, os, sys
x = int(sys.argv[1])
with open(os.environ["DESIGNER_METRICS"], "a") as fh:
    fh.write(json.dumps({"name": "score", "value": -abs(x - 3)}) + "\\n")
"""

SCORE = """\
from pathlib import Path

def init():
    pass

def run(mini_batch):
    return [Path(p).name for p in mini_batch]
"""


def settings_for(root: Path) -> Settings:
    base = load_settings(root, environ={})
    return Settings(db_url=base.db_url, artifact_root=str(root / ".designer" / "runs"),
                    compute={"local": ComputeTarget("local", "local", base.compute["local"].max_parallel)})


def engine_run(root: Path, pipeline: Path) -> tuple[float, dict[str, float | None]]:
    runner = Runner(settings_for(root), root / ".designer" / "runs", MemorySink(), MemoryCache())
    start = time.perf_counter()
    result = asyncio.run(runner.run(pipeline, force_rerun=True))
    took = time.perf_counter() - start
    assert result.state == "completed", result.error
    return took, {n: r.duration_s for n, r in result.steps.items()}


def sweep_ws(root: Path, n: int) -> Path:
    (root / "src").mkdir(parents=True)
    (root / "src" / "trial.py").write_text(TRIAL)
    (root / "trial.yml").write_text(
        "type: command\nname: trial\ninputs:\n  x: {type: integer}\ncode: ./src\nenvironment: azureml:x@latest\n"
        "command: python trial.py ${{inputs.x}}\n")
    values = ", ".join(str(i) for i in range(n))
    (root / "pipe.yml").write_text(
        "type: pipeline\njobs:\n  sweep:\n    type: sweep\n    trial: ./trial.yml\n    sampling_algorithm: grid\n"
        f"    search_space:\n      x: {{type: choice, values: [{values}]}}\n"
        "    objective: {goal: maximize, primary_metric: score}\n"
        f"    limits: {{max_total_trials: {n}, max_concurrent_trials: 1}}\n")
    return root / "pipe.yml"


def parallel_ws(root: Path, n: int) -> Path:
    (root / "src").mkdir(parents=True)
    (root / "src" / "score.py").write_text(SCORE)
    (root / "data").mkdir()
    for i in range(n):
        (root / "data" / f"f{i:04d}.txt").write_text(str(i))
    (root / "pipe.yml").write_text(
        "type: pipeline\njobs:\n  score:\n    type: parallel\n    inputs:\n      data: {type: uri_folder, path: ./data}\n"
        "    outputs:\n      rows: {type: uri_file}\n    input_data: ${{inputs.data}}\n    mini_batch_size: \"1\"\n"
        "    task:\n      type: run_function\n      code: ./src\n      entry_script: score.py\n"
        "      environment: azureml:x@latest\n      append_row_to: ${{outputs.rows}}\n")
    return root / "pipe.yml"


def direct_trials(root: Path, n: int) -> float:
    env = dict(os.environ, DESIGNER_METRICS=str(root / "direct.jsonl"))
    start = time.perf_counter()
    for i in range(n):
        subprocess.run([sys.executable, str(root / "src" / "trial.py"), str(i)], check=True, env=env)
    return (time.perf_counter() - start) / n


def direct_batches(root: Path) -> float:
    code = (f"import sys, time; sys.path.insert(0, {str(root / 'src')!r}); import score; score.init()\n"
            f"from pathlib import Path\nfiles = sorted(Path({str(root / 'data')!r}).iterdir())\n"
            "t = time.perf_counter()\nfor f in files: score.run([str(f)])\n"
            "print((time.perf_counter() - t) / len(files))\n")
    return float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)


def spawn_floor(n: int = 20) -> float:
    start = time.perf_counter()
    for _ in range(n):
        subprocess.run([sys.executable, "-c", "pass"], check=True)
    return (time.perf_counter() - start) / n


def driver_startup(root: Path) -> float:
    """Seconds from the driver's start to its first batch starting, read from its batch records."""
    run_dir = max((root / ".designer" / "runs").iterdir())
    started = json.loads((run_dir / "score" / "parallel.json").read_text())
    records = [json.loads(line) for line in Path(started["state_file"]).read_text().splitlines()]
    pending = min(r["at"] for r in records if r.get("state") == "pending")
    first = min(r["at"] for r in records if r.get("state") == "running")
    return first - pending


def main() -> None:
    quick = "--quick" in sys.argv
    trials_n, batches_n, repeat = (6, 40, 2) if quick else (12, 200, 3)
    tmp = Path(tempfile.mkdtemp(prefix="designer-bench-sweep-"))
    rows: list[tuple[str, str, str]] = []
    spawn = statistics.median(spawn_floor() for _ in range(repeat))
    rows.append(("spawn floor: python -c pass, one by one", f"{spawn * 1000:.1f} ms", "1.00x spawn"))

    sweep = sweep_ws(tmp / "sweep", trials_n)
    floor_trial = statistics.median(direct_trials(tmp / "sweep", trials_n) for _ in range(repeat))
    per_trial = []
    for _ in range(repeat):
        _, durations = engine_run(tmp / "sweep", sweep)
        per_trial.append((durations["sweep"] or 0.0) / trials_n)
    trial_cost = statistics.median(per_trial)
    rows.append((f"trial script run directly ({trials_n} one by one)", f"{floor_trial * 1000:.1f} ms", "1.00x direct"))
    rows.append((f"per trial, {trials_n}-trial grid sweep, one at a time", f"{trial_cost * 1000:.1f} ms",
                 f"{trial_cost / floor_trial:.2f}x direct"))

    par = parallel_ws(tmp / "par", batches_n)
    floor_batch = statistics.median(direct_batches(tmp / "par") for _ in range(repeat))
    per_batch, startups = [], []
    for _ in range(repeat):
        _, durations = engine_run(tmp / "par", par)
        start = driver_startup(tmp / "par")
        startups.append(start)
        per_batch.append(((durations["score"] or 0.0) - start) / batches_n)
    batch_cost = statistics.median(per_batch)
    rows.append((f"run() called directly ({batches_n} batches, one process)", f"{floor_batch * 1e6:.1f} us",
                 "1.00x direct"))
    rows.append((f"per mini-batch, {batches_n} one-file batches, 1 worker", f"{batch_cost * 1000:.2f} ms",
                 f"{batch_cost / spawn:.3f}x spawn"))
    rows.append(("parallel step start-up (driver to first batch)", f"{statistics.median(startups) * 1000:.0f} ms",
                 f"{statistics.median(startups) / spawn:.1f}x spawn"))
    width = max(len(r[0]) for r in rows)
    for name, value, ratio in rows:
        print(f"{name:<{width}}  {value:>10}  {ratio}")


if __name__ == "__main__":
    main()
