"""Every built-in component and template loads offline with the official azure-ai-ml SDK, with no error."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

REGISTRY = Path(__file__).resolve().parents[2] / "components_registry"
COMPONENTS = sorted(p for p in REGISTRY.glob("*/component.yml") if not p.parent.name.startswith("_"))
TEMPLATES = sorted(REGISTRY.glob("templates/*/pipeline.yml"))
CATEGORIES = {
    "Data Input and Output",
    "Data Transformation",
    "Feature Selection",
    "Statistical Functions",
    "Machine Learning Algorithms",
    "Model Training",
    "Model Scoring and Evaluation",
    "Python Language",
}

azure_ml = pytest.importorskip("azure.ai.ml", reason="azure-ai-ml is not installed (pip install azure-ai-ml)")


def _problems(entity) -> dict:
    result = entity._validate()
    return {} if result.passed else result.error_messages


def test_library_size():
    assert len(COMPONENTS) >= 30
    assert len(TEMPLATES) >= 5


@pytest.mark.parametrize("path", COMPONENTS, ids=lambda p: p.parent.name)
def test_component_loads_with_azure_sdk(path: Path):
    component = azure_ml.load_component(str(path))
    assert _problems(component) == {}
    assert component.name == path.parent.name


@pytest.mark.parametrize("path", COMPONENTS, ids=lambda p: p.parent.name)
def test_component_follows_house_conventions(path: Path):
    spec = yaml.safe_load(path.read_text())
    folder = path.parent
    assert re.fullmatch(r"[a-z][a-z0-9_]*", spec["name"])
    assert spec["version"] == "1"
    assert spec["$schema"].endswith("/commandComponent.schema.json")
    assert spec["is_deterministic"] is True
    assert spec["tags"]["category"] in CATEGORIES
    assert spec["tags"]["icon"]
    assert spec["description"] and "\n" not in spec["description"].strip()
    assert spec["code"] == "./src" and (folder / "src" / "main.py").is_file()
    assert "../_shared/designer_io.py" in spec["additional_includes"]
    assert (folder / "README.md").is_file()
    command = spec["command"]
    for name, decl in (spec.get("inputs") or {}).items():
        assert decl.get("description"), f"input {name} has no description"
        ref = re.compile(r"\$\{\{\s*inputs\." + name + r"\s*\}\}")
        assert ref.search(command), f"input {name} is not used in the command"
        blocks = "".join(re.findall(r"\$\[\[(.*?)\]\]", command, flags=re.S))
        if decl.get("optional"):
            assert ref.search(blocks), f"optional input {name} is not inside $[[ ]]"
            assert not ref.search(re.sub(r"\$\[\[.*?\]\]", "", command, flags=re.S))
        if decl["type"] in ("string", "integer", "number", "boolean") and not decl.get("optional"):
            assert "default" in decl or name in REQUIRED_PARAMETERS, f"parameter {name} has no default"
        if "enum" in decl:
            assert decl["default"] in decl["enum"]
    for name, decl in (spec.get("outputs") or {}).items():
        assert decl.get("description"), f"output {name} has no description"
        assert re.search(r"\$\{\{\s*outputs\." + name + r"\s*\}\}", command)


# Parameters that genuinely have no sensible default.
REQUIRED_PARAMETERS = {"columns", "left_keys"}


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.parent.name)
def test_template_loads_with_azure_sdk(path: Path):
    job = azure_ml.load_job(str(path))
    assert _problems(job) == {}
    spec = yaml.safe_load(path.read_text())
    assert spec["settings"]["default_compute"] == "azureml:serverless"
    assert spec["display_name"] and spec["description"]
    assert (path.parent / "README.md").is_file()
    layout = json.loads((path.parent / "pipeline.layout.json").read_text())
    assert set(layout["nodes"]) == set(spec["jobs"])
    for job_spec in spec["jobs"].values():
        ref = job_spec["component"]
        assert ref.startswith("azureml:") and ref.endswith(":1")
        assert (REGISTRY / ref.split(":")[1] / "component.yml").is_file()
