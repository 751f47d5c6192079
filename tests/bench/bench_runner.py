"""Benchmark of the local runner, printed as a table (a script, not a timed test).

    python tests/bench/bench_runner.py [--quick]

Every figure is set beside the spawn floor: ``python -c pass`` spawned one by one from Python.

- per-step overhead: a chain of trivial steps (each ``python -c pass``) through the engine, per step;
- a 1+100+1 fan of trivial steps vs spawning the same 102 processes one by one;
- a fully cached re-run of a 50-step chain, end to end, in-process and as ``designer run``;
- ``designer run`` start-up (``--help``, and a one-step fully cached run end to end);
- peak memory (``resource.getrusage``) of this process (the runner) and of its children.
"""

from __future__ import annotations

import asyncio
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from designer.engine.memory import MemoryCache, MemorySink
from designer.engine.runner import Runner, RunResult
from designer.workspace import ComputeTarget, Settings, load_settings

# This measures the runner, not environments (bench_environments.py does): steps use the designer's
# own interpreter.
os.environ.setdefault("DESIGNER_ENVIRONMENTS", "current")

TRIVIAL = "python -c pass"


def write_chain(path: Path, n: int, command: str = TRIVIAL) -> Path:
    lines = ["type: pipeline", "settings:", "  default_compute: azureml:serverless", "jobs:"]
    for i in range(n):
        lines += [f"  s{i:03d}:", "    type: command", "    environment: azureml:x@latest",
                  f"    command: {command}", "    outputs:", "      out:"]
        if i:
            lines += ["    inputs:", f"      x: ${{{{parent.jobs.s{i - 1:03d}.outputs.out}}}}"]
    path.write_text("\n".join(lines) + "\n")
    return path


def write_fan(path: Path, width: int, command: str = TRIVIAL) -> Path:
    lines = ["type: pipeline", "settings:", "  default_compute: azureml:serverless", "jobs:",
             "  root:", "    type: command", "    environment: azureml:x@latest", f"    command: {command}",
             "    outputs:", "      out:"]
    for i in range(width):
        lines += [f"  f{i:03d}:", "    type: command", "    environment: azureml:x@latest", f"    command: {command}",
                  "    inputs:", "      x: ${{parent.jobs.root.outputs.out}}", "    outputs:", "      out:"]
    lines += ["  join:", "    type: command", "    environment: azureml:x@latest", f"    command: {command}",
              "    inputs:"]
    lines += [f"      x{i:03d}: ${{{{parent.jobs.f{i:03d}.outputs.out}}}}" for i in range(width)]
    path.write_text("\n".join(lines) + "\n")
    return path


def spawn_one_by_one(n: int) -> float:
    """Seconds to spawn ``python -c pass`` ``n`` times, one after the other."""
    start = time.perf_counter()
    for _ in range(n):
        subprocess.run([sys.executable, "-c", "pass"], check=True)
    return time.perf_counter() - start


def settings_for(root: Path) -> Settings:
    base = load_settings(root, environ={})
    return Settings(db_url=base.db_url, artifact_root=str(root / ".designer" / "runs"),
                    compute={"local": ComputeTarget("local", "local", base.compute["local"].max_parallel)})


def engine_run(root: Path, pipeline: Path, cache: MemoryCache, force: bool = False) -> tuple[float, RunResult]:
    runner = Runner(settings_for(root), root / ".designer" / "runs", MemorySink(), cache)
    start = time.perf_counter()
    result = asyncio.run(runner.run(pipeline, force_rerun=force))
    took = time.perf_counter() - start
    assert result.state == "completed", result.error
    return took, result


def cli(root: Path, *args: str) -> float:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DESIGNER_") or k == "DESIGNER_ENVIRONMENTS"}
    exe = Path(sys.executable).with_name("designer")
    start = time.perf_counter()
    proc = subprocess.run([str(exe), *args, "--workspace", str(root)], capture_output=True, text=True, env=env,
                          cwd=root)
    took = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"designer {' '.join(args)} failed: {proc.stderr}")
    return took


def best(fn: Any, repeat: int) -> float:
    return min(fn() for _ in range(repeat))


def main() -> None:
    quick = "--quick" in sys.argv
    chain_n, fan_w, repeat = (20, 40, 2) if quick else (50, 100, 3)
    tmp = Path(tempfile.mkdtemp(prefix="designer-bench-"))
    rows: list[tuple[str, str, str, str]] = []
    try:
        spawn = statistics.median(spawn_one_by_one(20) / 20 for _ in range(repeat))
        rows.append(("spawn floor: python -c pass, one by one", f"{spawn * 1000:.1f} ms", "1.00x", ""))

        # per-step overhead: a chain runs one step at a time, so the total divides cleanly
        ws = tmp / "chain"
        ws.mkdir()
        chain = write_chain(ws / "chain.yml", chain_n)
        per_step = []
        for _ in range(repeat):
            took, _ = engine_run(ws, chain, MemoryCache(), force=True)
            per_step.append(took / chain_n)
        step_cost = min(per_step)
        rows.append((f"per step, {chain_n}-step chain through the engine", f"{step_cost * 1000:.1f} ms",
                     f"{step_cost / spawn:.2f}x", "aim <= 1.2x"))

        # the fan
        ws = tmp / "fan"
        ws.mkdir()
        fan = write_fan(ws / "fan.yml", fan_w)
        before = resource.getrusage(resource.RUSAGE_SELF)
        fan_t = min(engine_run(ws, fan, MemoryCache(), force=True)[0] for _ in range(repeat))
        after = resource.getrusage(resource.RUSAGE_SELF)
        cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) / (repeat * (fan_w + 2))
        serial = spawn * (fan_w + 2)
        rows.append((f"1+{fan_w}+1 fan through the engine ({settings_for(ws).compute['local'].max_parallel} parallel)",
                     f"{fan_t:.3f} s", f"{fan_t / serial:.2f}x", f"vs {serial:.3f} s one by one; aim < 1x"))
        rows.append(("runner's own CPU per step in the fan (user + sys)", f"{cpu * 1000:.1f} ms",
                     f"{cpu / spawn:.2f}x", "what the engine adds, children excluded"))

        # fully cached re-run of the chain, in-process (plan + lookups + verification, no store)
        ws = tmp / "cached"
        ws.mkdir()
        chain50 = write_chain(ws / "chain.yml", 50)
        cache = MemoryCache()
        engine_run(ws, chain50, cache)
        cached_t = best(lambda: engine_run(ws, chain50, cache)[0], repeat)
        rows.append(("fully cached 50-step chain, in-process API", f"{cached_t:.3f} s", "", "aim < 0.3 s"))

        # the same through `designer run` with the real store (process start, imports, SQLite)
        cli(ws, "run", str(chain50), "--json")
        cli_cached = best(lambda: cli(ws, "run", str(chain50), "--json"), repeat)
        rows.append(("fully cached 50-step chain, `designer run` end to end", f"{cli_cached:.3f} s", "",
                     "aim < 0.3 s"))

        # start-up
        one = write_chain(ws / "one.yml", 1)
        cli(ws, "run", str(one), "--json")
        help_t = best(lambda: cli(ws, "run", "--help"), repeat)
        one_t = best(lambda: cli(ws, "run", str(one), "--json"), repeat)
        rows.append(("`designer run --help`", f"{help_t:.3f} s", "", "aim < 0.3 s"))
        rows.append(("`designer run` of a cached 1-step pipeline", f"{one_t:.3f} s", "", "start-up + store"))

        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        rows.append(("peak memory, runner process (RSS)", f"{own:.0f} MiB", "", ""))
        rows.append(("peak memory, largest child (RSS)", f"{children:.0f} MiB", "", ""))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'value':>10}  {'vs floor':>8}  note")
    for name, value, ratio, note in rows:
        print(f"{name:<{width}}  {value:>10}  {ratio:>8}  {note}")
    print(f"\n{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} (other work on the machine inflates figures)")


if __name__ == "__main__":
    main()
