"""Benchmark of the run pages in headless Chromium, printed as a table (a script, not a timed test).

    python tests/bench/bench_runs.py [--runs 10000] [--steps 100] [--repeat 3]

- the runs list (``/runs``) with ``--runs`` runs in the store, and with 10 for comparison: the
  server's answer (HTML with the first page of runs) and the first paint of the table in Chromium
  (from navigation to the first run row on screen);
- the page of one run of ``--steps`` steps (``/runs/<id>``): from navigation to the run's state shown
  and to every step's card laid out on the canvas; then the timeline tab drawn.

The store is filled through the run store's own writer (one transaction of engine events), with
log files on disk for the big run. Budget: the runs list paints in under 1 s whatever the number of runs.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

CHROMIUM = os.environ.get("DESIGNER_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
T0 = time.time() - 30 * 86400

RELAY = {
    "$schema": "https://azuremlschemas.azureedge.net/latest/commandComponent.schema.json",
    "type": "command", "name": "relay", "version": "1", "display_name": "Relay",
    "tags": {"category": "Bench", "icon": "east"},
    "inputs": {"data": {"type": "uri_folder", "optional": True}}, "outputs": {"out": {"type": "uri_folder"}},
    "environment": {"image": "python:3.11-slim"}, "command": "echo relay && mkdir -p ${{outputs.out}}",
}


def wide_pipeline(steps: int, columns: int = 10) -> dict[str, Any]:
    """``steps`` relay jobs in ``columns`` columns, each fed by one job of the column before."""
    per_column = max(1, steps // columns)
    jobs: dict[str, Any] = {}
    for i in range(steps):
        job: dict[str, Any] = {"type": "command", "component": "./relay.yml"}
        if i >= per_column:
            job["inputs"] = {"data": f"${{{{parent.jobs.s{i - per_column:03}.outputs.out}}}}"}
        jobs[f"s{i:03}"] = job
    return {"$schema": "https://azuremlschemas.azureedge.net/latest/pipelineJob.schema.json", "type": "pipeline",
            "display_name": f"Wide {steps}", "settings": {"default_compute": "azureml:serverless"}, "jobs": jobs}


def fill(workspace: Path, runs: int, steps: int) -> str:
    """Write ``runs`` small finished runs and one run of ``steps`` steps; return the big run's id."""
    from designer.engine.events import (
        ArtifactRecorded,
        MetricLogged,
        RunFinished,
        RunStarted,
        StepInfo,
        StepStateChanged,
    )
    from designer.store import Store
    from designer.store.database import writer
    from designer.store.writer import apply
    from designer.workspace import Workspace

    ws = Workspace(workspace)
    ws.ensure()
    store = Store.open(ws.settings.db_url)
    events: list[Any] = []
    states = ["completed"] * 7 + ["failed", "canceled", "completed"]
    names = ["Churn model", "Column check", "Forecast", "Segment customers"]
    for i in range(runs):
        run_id = f"b{i:06}"
        at = T0 + i * 60
        infos = tuple(StepInfo(s, s, s, "local", ()) for s in ("make", "train", "score"))
        events.append(RunStarted(run_id, str(workspace / "wide.yml"), names[i % len(names)], ["cli", "ui", "sdk"][i % 3],
                                 {"rows": i % 50}, infos, str(ws.runs_dir / run_id), at, 1))
        for n, s in enumerate(("make", "train", "score")):
            events.append(StepStateChanged(run_id, s, "running", at + n))
            events.append(StepStateChanged(run_id, s, "cached" if i % 4 == 0 and n == 0 else "completed", at + n + 1))
        events.append(RunFinished(run_id, states[i % len(states)], at + 4))
    big = "big-run"
    (workspace / "relay.yml").write_text(json.dumps(RELAY, indent=2))
    pipeline = wide_pipeline(steps)
    (workspace / "wide.yml").write_text(json.dumps(pipeline, indent=2))
    at = time.time() - 3600
    infos = []
    for name, job in pipeline["jobs"].items():
        ups = tuple(v.split(".")[2] for v in job.get("inputs", {}).values())
        infos.append(StepInfo(name, name, "relay", "local", ups))
    events.append(RunStarted(big, str(workspace / "wide.yml"), pipeline["display_name"], "cli", {}, tuple(infos),
                             str(ws.runs_dir / big), at, 1))
    for n, info in enumerate(infos):
        start = at + (n // 10) * 2 + (n % 10) * 0.05
        logs = ws.runs_dir / big / info.step / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        (logs / "stdout.txt").write_text("relay\n")
        out = ws.runs_dir / big / info.step / "outputs" / "out"
        out.mkdir(parents=True, exist_ok=True)
        events.append(StepStateChanged(big, info.step, "running", start, command="echo relay"))
        for up in info.upstream:
            events.append(ArtifactRecorded(big, info.step, "data", "input", "uri_folder",
                                           str(ws.runs_dir / big / up / "outputs" / "out"), 0, "h", big, up))
        events.append(ArtifactRecorded(big, info.step, "out", "output", "uri_folder", str(out), 0, "h", big, info.step))
        events.append(MetricLogged(big, info.step, "rows", float(n), None, start + 1))
        events.append(StepStateChanged(big, info.step, "failed" if n == steps - 1 else "completed", start + 1.5,
                                       exit_code=1 if n == steps - 1 else 0, outputs={"out": str(out)}))
    events.append(RunFinished(big, "failed", at + steps, error="step failed"))
    with writer(store.engine).begin() as conn:
        apply(conn, events, "bench")
    store.close()
    return big


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve(workspace: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    process = subprocess.Popen([sys.executable, "-m", "designer", "ui", "--workspace", str(workspace), "--port",
                                str(port)], cwd=workspace, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url + "/runs", timeout=2).read()
            return process, url
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("designer ui did not start")


def http_ms(url: str) -> float:
    start = time.perf_counter()
    urllib.request.urlopen(url, timeout=30).read()
    return (time.perf_counter() - start) * 1000


def median(values: list[float]) -> float:
    return statistics.median(values)


def paint(browser: Any, url: str, selector: str, repeat: int) -> tuple[list[float], list[float]]:
    """Milliseconds from navigation to ``selector`` on screen: ``repeat`` times in a fresh browser
    context (cold cache), and ``repeat`` times more in one context that has seen the page (warm)."""
    cold: list[float] = []
    warm: list[float] = []
    for _ in range(repeat):
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        cold.append(_visit(context, url, selector))
        context.close()
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    _visit(context, url, selector)
    for _ in range(repeat):
        warm.append(_visit(context, url, selector))
    context.close()
    return cold, warm


def _visit(context: Any, url: str, selector: str) -> float:
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url, wait_until="commit")
    page.locator(selector).first.wait_for(timeout=30_000)
    elapsed = (time.perf_counter() - start) * 1000
    page.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10_000)
    parser.add_argument("--steps", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory(prefix="bench-runs-") as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        servers = []
        try:
            for count in (10, args.runs):
                ws = Path(tmp) / f"ws-{count}"
                ws.mkdir()
                started = time.perf_counter()
                big = fill(ws, count, args.steps)
                rows.append((f"fill the store: {count:,} runs + a {args.steps}-step run",
                             f"{time.perf_counter() - started:.1f} s"))
                process, url = serve(ws)
                servers.append(process)
                http_ms(url + "/runs")  # warm up: imports, first page build
                server = [http_ms(url + "/runs") for _ in range(args.repeat)]
                cold, warm = paint(browser, url + "/runs", "[data-testid=run-row]", args.repeat)
                rows.append((f"/runs with {count:,} runs: server answer (median)", f"{median(server):.0f} ms"))
                rows.append((f"/runs with {count:,} runs: first paint, cold cache (median)", f"{median(cold):.0f} ms"))
                rows.append((f"/runs with {count:,} runs: first paint, warm cache (median)",
                             f"{median(warm):.0f} ms  (budget 1000 ms)"))
                if count == args.runs:
                    floor_cold, floor_warm = paint(browser, url + "/runs/compare", "[data-testid=not-found]",
                                                   args.repeat)
                    rows.append(("floor: the frame and one line of text, cold / warm cache (median)",
                                 f"{median(floor_cold):.0f} / {median(floor_warm):.0f} ms"))
                if count != args.runs:
                    continue
                run_url = f"{url}/runs/{big}"
                http_ms(run_url)
                status_ms, nodes_ms, timeline_ms = [], [], []
                for _ in range(args.repeat):
                    context = browser.new_context(viewport={"width": 1280, "height": 800})
                    page = context.new_page()
                    start = time.perf_counter()
                    page.goto(run_url, wait_until="commit")
                    page.locator("[data-testid=run-status]").wait_for(timeout=30_000)
                    status_ms.append((time.perf_counter() - start) * 1000)
                    page.wait_for_function(
                        """n => { const nodes = document.querySelectorAll('.vue-flow__node');
                                  return nodes.length === n && [...nodes].every(x => x.style.visibility === 'visible'); }""",
                        arg=args.steps, timeout=60_000)
                    nodes_ms.append((time.perf_counter() - start) * 1000)
                    t = time.perf_counter()
                    page.get_by_test_id("tab-timeline").click()
                    page.locator("[data-testid=run-timeline] canvas").wait_for(timeout=30_000)
                    timeline_ms.append((time.perf_counter() - t) * 1000)
                    context.close()
                rows.append((f"/runs/<id> of {args.steps} steps: run state shown (median)", f"{median(status_ms):.0f} ms"))
                rows.append((f"/runs/<id> of {args.steps} steps: all {args.steps} cards laid out (median)",
                             f"{median(nodes_ms):.0f} ms"))
                rows.append((f"/runs/<id> of {args.steps} steps: timeline tab drawn (median)",
                             f"{median(timeline_ms):.0f} ms"))
        finally:
            for process in servers:
                process.terminate()
                process.wait(timeout=10)
            browser.close()
    width = max(len(label) for label, _ in rows)
    load = os.getloadavg()[0]
    print(f"\nRun pages ({os.cpu_count()} CPUs, load average {load:.1f} at the end, repeat {args.repeat})")
    for label, value in rows:
        print(f"  {label.ljust(width)}  {value}")


if __name__ == "__main__":
    main()
