"""One metrics record format: the SDK, the built-in components' helpers and the stand-in all write it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import designer.metrics_record as metrics_record
from designer.engine.metrics import read_metrics

ROOT = Path(__file__).resolve().parents[2]
RECORD = Path(metrics_record.__file__).read_bytes()


def _records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def _shape(rec: dict[str, Any]) -> dict[str, str]:
    return {k: type(v).__name__ for k, v in rec.items()}


def test_the_copies_for_steps_without_the_package_are_byte_identical(toys: ModuleType, project: Path) -> None:
    assert (ROOT / "components_registry" / "_shared" / "designer_metrics.py").read_bytes() == RECORD
    toys.add_up.to_yaml()
    assert (project / "src" / "_designer_metrics.py").read_bytes() == RECORD


def test_every_component_with_the_io_helpers_ships_the_record_module() -> None:
    for yml in sorted((ROOT / "components_registry").glob("*/component.yml")):
        text = yml.read_text()
        if "_shared/designer_io.py" in text:
            assert "_shared/designer_metrics.py" in text, yml


def test_three_writers_write_the_same_record(toys: ModuleType, project: Path, tmp_path: Path) -> None:
    toys.add_up.to_yaml()
    numbers = tmp_path / "n.txt"
    numbers.write_text("1\n2\n3\n")
    written: dict[str, Path] = {}
    for label, flags in (("sdk", []), ("stand-in", ["-S"])):  # -S: no site-packages, no 'designer'
        out = tmp_path / label
        out.mkdir()
        written[label] = tmp_path / f"{label}.jsonl"
        done = subprocess.run([sys.executable, *flags, "_designer_entry.py", "toy_steps:add_up", "--numbers",
                               str(numbers), "--total", str(out)], cwd=project / "src", capture_output=True,
                              text=True, timeout=60,
                              env={"PATH": "/usr/bin:/bin", "DESIGNER_METRICS": str(written[label])})
        assert done.returncode == 0, done.stderr
    written["component"] = tmp_path / "component.jsonl"
    code = ("import sys; sys.path.insert(0, sys.argv[1]); import numpy, designer_io; "
            "designer_io.log_metric('total', numpy.float64(6.0)); designer_io.log_metric('bad', float('nan'))")
    done = subprocess.run([sys.executable, "-c", code, str(ROOT / "components_registry" / "_shared")],
                          capture_output=True, text=True, timeout=120,
                          env={"PATH": "/usr/bin:/bin", "DESIGNER_METRICS": str(written["component"])})
    assert done.returncode == 0, done.stderr
    shapes = {label: _shape(_records(path)[0]) for label, path in written.items()}
    assert shapes["sdk"] == shapes["stand-in"] == shapes["component"] == {
        "name": "str", "value": "float", "step": "NoneType", "timestamp": "float"}
    component = _records(written["component"])
    assert component[1]["value"] is None  # NaN: JSON has no such number
    assert [m[:2] for m in read_metrics(written["component"], tmp_path / "none")] == [("total", 6.0)]
