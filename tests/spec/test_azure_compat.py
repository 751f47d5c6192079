"""Every pipeline and component the project ships, and every file it writes, loads with azure-ai-ml.

"Loads" means ``load_job``/``load_component`` and then ``_validate()`` report nothing (DESIGN.md).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from designer.spec import load_document
from designer.spec.yaml_io import read_yaml, write_yaml

azure_ml = pytest.importorskip("azure.ai.ml", reason="azure-ai-ml is a test dependency")

ROOT = Path(__file__).resolve().parents[2]
SHIPPED_DIRS = [ROOT / "components_registry", ROOT / "tests" / "fixtures" / "good", ROOT / "tests" / "engine" / "pipelines"]


def _yaml_files() -> list[Path]:
    out: list[Path] = []
    for base in SHIPPED_DIRS:
        if base.is_dir():
            out.extend(p for p in sorted(base.rglob("*.yml")) if "node_modules" not in p.parts and not p.name.startswith("."))
    return out


def _kind(path: Path) -> str | None:
    data = read_yaml(path).data
    if not isinstance(data, dict):
        return None
    if data.get("type") == "pipeline":
        return "component" if "pipelineComponent" in str(data.get("$schema", "")) else "job"
    if data.get("type") == "command" and "command" in data:
        return "component"
    return None


def _check(path: Path, kind: str) -> None:
    obj = azure_ml.load_job(path) if kind == "job" else azure_ml.load_component(path)
    result = obj._validate()
    assert result.passed, f"{path}: {result.error_messages}"


FILES = [(p, k) for p in _yaml_files() if (k := _kind(p)) is not None]


@pytest.mark.parametrize(("path", "kind"), FILES, ids=[str(p.relative_to(ROOT)) for p, _ in FILES])
def test_shipped_file_loads_in_azure_sdk(path: Path, kind: str) -> None:
    _check(path, kind)


@pytest.mark.parametrize(("path", "kind"), FILES, ids=[str(p.relative_to(ROOT)) for p, _ in FILES])
def test_file_we_write_loads_in_azure_sdk(path: Path, kind: str, tmp_path: Path) -> None:
    """Load with our model, save it next to the original (so relative paths hold), load with Azure."""
    doc = load_document(path, as_component=(kind == "component")).document
    target = path.parent / f".written-{path.name}"
    try:
        write_yaml(target, doc.to_dict())
        _check(target, kind)
        again = load_document(target, as_component=(kind == "component")).document
        assert again.to_dict() == doc.to_dict()
    finally:
        target.unlink(missing_ok=True)
        shutil.rmtree(tmp_path, ignore_errors=True)


def test_there_is_something_to_check() -> None:
    assert len(FILES) >= 5
