"""Benchmark of step environments, printed as a table (a script, not a timed test).

    python tests/bench/bench_environments.py [--quick]

- per-step cost of a cached environment: a chain of trivial steps (``python -c pass``) run with
  ``--force-rerun`` in an environment built with uv vs in ``current`` mode, and against spawning
  ``python -c pass`` once (the floor, measured in the same run);
- resolving a run's environments when all are built (the issue's budget: under 50 ms), beside the
  floor of planning the same pipeline;
- a fresh environment with pandas and scikit-learn built from uv's warm cache, beside the floor of
  ``uv venv`` alone.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from designer.engine.environments import EnvBuilder, EnvDefinition, uv_binary
from designer.engine.memory import MemoryCache, MemorySink
from designer.engine.runner import Runner
from designer.workspace import Workspace


def write_chain(root: Path, n: int, envs: int) -> Path:
    for e in range(envs):
        (root / f"env{e}.yml").write_text(f"dependencies:\n  - python=3.12\n  - pip:\n    - six==1.16.0\n"
                                          f"    - packaging=={21 + e}.0\n", encoding="utf-8")
    lines = ["type: pipeline", "jobs:"]
    for i in range(n):
        lines += [f"  s{i:03d}:", "    type: command", f"    environment: {{conda_file: ./env{i % envs}.yml}}",
                  "    command: python -c pass", "    outputs:", "      out:"]
        if i:
            lines += ["    inputs:", f"      x: ${{{{parent.jobs.s{i - 1:03d}.outputs.out}}}}"]
    path = root / "chain.yml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run_chain(root: Path, file: Path, mode: str) -> float:
    os.environ["DESIGNER_ENVIRONMENTS"] = mode
    ws = Workspace(root)
    runner = Runner(ws.settings, ws.runs_dir, MemorySink(), MemoryCache(), state_dir=ws.state_dir)
    started = time.perf_counter()
    result = asyncio.run(runner.run(file, force_rerun=True))
    took = time.perf_counter() - started
    assert result.ok, result.error
    return took


def spawn_floor(python: str, times: int = 7) -> float:
    """Median seconds to spawn ``python -c pass`` (the floor every per-step figure is measured against)."""
    took = []
    for _ in range(times):
        t0 = time.perf_counter()
        subprocess.run([python, "-c", "pass"], check=True)
        took.append(time.perf_counter() - t0)
    return statistics.median(took)


def main() -> None:
    quick = "--quick" in sys.argv
    n = 10 if quick else 30
    rows: list[tuple[str, str, str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        os.environ["DESIGNER_ENV_CACHE"] = str(root / "env-cache")
        file = write_chain(root, n, envs=3)
        run_chain(root, file, "build")  # builds the three environments once
        build = statistics.median(run_chain(root, file, "build") for _ in range(3))
        current = statistics.median(run_chain(root, file, "current") for _ in range(3))
        rows.append((f"chain of {n} trivial steps, per step", f"{build / n * 1000:.1f} ms (built env)",
                     f"{current / n * 1000:.1f} ms (current mode)", f"{build / current:.2f}x"))
        floor_s = spawn_floor(sys.executable)
        rows.append(("python -c pass, one spawn (the floor)", f"{floor_s * 1000:.1f} ms", "", ""))
        rows.append((f"chain of {n} trivial steps, per step, built env", f"{build / n * 1000:.1f} ms",
                     f"{floor_s * 1000:.1f} ms (python -c pass)", f"{build / n / floor_s:.2f}x"))
        extra = (build - current) / n
        rows.append(("a built env's extra cost per step (built - current)", f"{extra * 1000:+.1f} ms",
                     f"{floor_s * 1000:.1f} ms (python -c pass)", f"{extra / floor_s:+.2f}x"))

        os.environ["DESIGNER_ENVIRONMENTS"] = "build"
        ws = Workspace(root)
        runner = Runner(ws.settings, ws.runs_dir, MemorySink(), MemoryCache(), state_dir=ws.state_dir)
        plans, resolves = [], []
        for _ in range(5):
            t0 = time.perf_counter()
            plan = runner.plan(file)
            t1 = time.perf_counter()
            runner.environments(plan)  # a fresh RunEnvironments: resolve + interpreter + cache lookups
            t2 = time.perf_counter()
            plans.append(t1 - t0)
            resolves.append(t2 - t1)
        resolve_ms, plan_ms = statistics.median(resolves) * 1000, statistics.median(plans) * 1000
        rows.append((f"resolve {n} steps' environments, all built", f"{resolve_ms:.1f} ms (budget 50 ms)",
                     f"{plan_ms:.1f} ms (planning)", f"{resolve_ms / plan_ms:.2f}x"))
        rows.append((f"resolve {n} steps' environments, all built", f"{resolve_ms:.1f} ms",
                     f"{floor_s * 1000:.1f} ms (python -c pass)", f"{resolve_ms / 1000 / floor_s:.2f}x"))

        uv = uv_binary()
        py = EnvBuilder(root / "c0").interpreters.find("3.11").path
        t0 = time.perf_counter()
        subprocess.run([uv, "venv", "-q", "--python", str(py), str(root / "bare")], check=True)
        floor = time.perf_counter() - t0
        fresh = EnvDefinition(python="3.11", requirements=("pandas==2.2.3", "scikit-learn==1.5.2"), source="bench")
        asyncio.run(EnvBuilder(root / "warm").ensure(fresh, root / "warm.log"))  # warms uv's own cache
        t0 = time.perf_counter()
        built = asyncio.run(EnvBuilder(root / "fresh").ensure(fresh, root / "fresh.log"))
        took = time.perf_counter() - t0
        rows.append((f"fresh pandas+scikit-learn env ({len(built.lock)} packages), warm uv cache",
                     f"{took:.2f} s", f"{floor:.2f} s (uv venv alone)", f"{took / floor:.1f}x"))
    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'figure':<28}  {'floor':<28}  ratio")
    for r in rows:
        print(f"{r[0]:<{width}}  {r[1]:<28}  {r[2]:<28}  {r[3]}")


if __name__ == "__main__":
    main()
