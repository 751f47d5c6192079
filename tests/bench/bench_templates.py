"""Each template, end to end through ``designer run`` in a fresh workspace (budget: under 60 s each).

Run: ``python tests/bench/bench_templates.py`` — prints one line per template and exits 1 when one
fails to complete (a benchmark, not a test: the figures go to the closing note).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "components_registry" / "templates"


def main() -> int:
    failed = 0
    print(f"{'template':<24} {'seconds':>8}  {'steps':>5}  status")
    for pipeline in sorted(TEMPLATES.glob("*/pipeline.yml")):
        with tempfile.TemporaryDirectory(prefix="bench-template-") as ws:
            started = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "designer", "run", str(pipeline), "--json", "--workspace", ws],
                                  capture_output=True, text=True)
            took = time.perf_counter() - started
            try:
                result = json.loads(done.stdout)
            except json.JSONDecodeError:
                result = {"status": f"no JSON (exit {done.returncode})", "steps": {}}
            ok = result["status"] == "completed" and took < 60
            failed += result["status"] != "completed"
            print(f"{pipeline.parent.name:<24} {took:8.1f}  {len(result['steps']):>5}  {result['status']}"
                  f"{'' if ok else '  (over budget)' if result['status'] == 'completed' else ''}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
