"""While a wire is dragged the canvas lights up the ports it fits (static/src/wiring.js); it must agree
with the rule Python enforces when the wire is dropped (spec/kinds.py's check_wire, then Azure's
types_compatible), for every output and input of the built-in components and for every pair of
data types. Runs the real ES module in node."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

from designer.registry import Registry
from designer.spec.kinds import check_wire
from designer.spec.model import DATA_TYPES, Job, types_compatible
from designer.ui.canvas import wiring_prop
from designer.ui.session import node_dict

WIRING_JS = Path(__file__).resolve().parents[2] / "static" / "src" / "wiring.js"


def _js_fits(pairs: list[tuple[dict[str, Any], dict[str, Any]]]) -> list[bool]:
    node = shutil.which("node")
    assert node, "node is needed to run static/src/wiring.js (it builds the canvas too)"
    script = (
        f"import {{ portsFit }} from {json.dumps(WIRING_JS.as_uri())};\n"
        "let data = ''; process.stdin.on('data', (c) => (data += c)); process.stdin.on('end', () => {\n"
        "  const { pairs, types } = JSON.parse(data);\n"
        "  console.log(JSON.stringify(pairs.map(([o, i]) => portsFit(o, i, types))));\n"
        "});\n"
    )
    done = subprocess.run([node, "--input-type=module", "-e", script], capture_output=True, text=True, timeout=120,
                          input=json.dumps({"pairs": pairs, "types": wiring_prop()}), check=False)
    assert done.returncode == 0, done.stderr
    result: list[bool] = json.loads(done.stdout)
    return result


def test_the_canvas_lights_up_exactly_the_wires_python_accepts() -> None:
    registry = Registry()
    entries = registry.latest()  # the built-in components
    comps = {e.name: e.component for e in entries}
    nodes = {name: node_dict(Job(name=name, resolved=comp), (0, 0), []) for name, comp in comps.items()}
    pairs: list[tuple[dict[str, Any], dict[str, Any]]] = []
    expected: list[bool] = []
    names: list[str] = []
    for src, src_node in nodes.items():
        for out in src_node["outputs"]:
            for dst, dst_node in nodes.items():
                for inp in dst_node["inputs"]:
                    fits = check_wire(comps[src], out["name"], comps[dst], inp["name"]) is None and \
                        types_compatible(out["type"], inp["type"])
                    pairs.append((out, inp))
                    expected.append(fits)
                    names.append(f"{src}.{out['name']} -> {dst}.{inp['name']}")
    assert len(pairs) > 500 and any(expected) and not all(expected)
    got = _js_fits(pairs)
    wrong = [n for n, e, g in zip(names, expected, got, strict=True) if e != g]
    assert wrong == []


def test_ports_without_kinds_follow_azures_type_rule() -> None:
    types = [*DATA_TYPES, "string"]
    pairs = [({"type": a, "kinds": []}, {"type": b, "accepts": []}) for a in types for b in types]
    got = _js_fits(pairs)
    for (out, inp), fits in zip(pairs, got, strict=True):
        assert fits == types_compatible(out["type"], inp["type"]), (out["type"], inp["type"])
