"""Helpers for the environment tests."""

from __future__ import annotations

from pathlib import Path


def write_conda(folder: Path, name: str, python: str, *pins: str) -> Path:
    """A conda file with ``python=<python>`` and ``pins`` under ``pip:``."""
    path = folder / name
    lines = ["name: test", "channels: [conda-forge]", "dependencies:", f"  - python={python}", "  - pip:"]
    lines += [f"    - {p}" for p in pins]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


PROBE_PY = '''\
import json, os, sys
out = sys.argv[1]
info = {"python": "%d.%d" % sys.version_info[:2], "executable": sys.executable, "prefix": sys.prefix}
try:
    import six
    info["six"] = six.__version__
except ImportError:
    info["six"] = None
os.makedirs(out, exist_ok=True)
with open(os.path.join(out, "probe.json"), "w") as fh:
    json.dump(info, fh)
print("probe", json.dumps(info))
'''


def probe_component(folder: Path, name: str, environment: str) -> Path:
    """A component ``name`` whose step writes its Python version and six's version to ``out/probe.json``.

    ``environment`` is the YAML text of its ``environment:`` value (indented as a mapping or a reference).
    """
    src = folder / "src"
    src.mkdir(parents=True, exist_ok=True)
    (src / "probe.py").write_text(PROBE_PY, encoding="utf-8")
    path = folder / f"{name}.yml"
    path.write_text(
        "$schema: https://azuremlschemas.azureedge.net/latest/commandComponent.schema.json\n"
        f"type: command\nname: {name}\nversion: '1'\n"
        "outputs:\n  out: {type: uri_folder}\n"
        "code: ./src\n"
        f"environment: {environment}\n"
        "command: python probe.py ${{outputs.out}}\n", encoding="utf-8")
    return path


def pipeline(folder: Path, steps: dict[str, str], name: str = "pipeline.yml") -> Path:
    """A pipeline job with one independent step per ``{job: component file}``."""
    lines = ["$schema: https://azuremlschemas.azureedge.net/latest/pipelineJob.schema.json", "type: pipeline",
             "display_name: envs", "jobs:"]
    for job, comp in steps.items():
        lines += [f"  {job}:", "    type: command", f"    component: ./{comp}"]
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
