"""Ready pipelines to start from: copying a template into a workspace (``designer init`` and the home page).

One way to make a pipeline from a template, whoever asks: the folder is copied without caches, and
components it names by a path into the built-in library are rewritten as ``azureml:<name>:<version>``,
so the copy works from its new place.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from designer.errors import SpecError
from designer.registry import Registry, builtin_dir, templates_dir
from designer.spec.documents import save_document
from designer.spec.loader import load_document, parse_component_ref
from designer.spec.model import PipelineJob
from designer.workspace import SAMPLE_SETTINGS, SETTINGS_FILE, Workspace

PIPELINE_FILE = "pipeline.yml"


def template_folders() -> list[Path]:
    """The installed templates (folders holding a ``pipeline.yml``), sorted by name."""
    root = templates_dir()
    return sorted(p.parent for p in root.glob(f"*/{PIPELINE_FILE}")) if root.is_dir() else []


def copy_template(template: Path, dest: Path, registry: Registry) -> Path:
    """Copy the template folder ``template`` to ``dest`` (which must not exist); returns the copy's pipeline.

    Raises FileExistsError when ``dest`` exists and OSError when copying fails. A template that does
    not load is copied as it is (the designer then shows its problems).
    """
    shutil.copytree(template, dest, ignore=shutil.ignore_patterns("__pycache__"))
    pipeline = dest / PIPELINE_FILE
    _retarget_builtin_refs(template / PIPELINE_FILE, pipeline, registry)
    return pipeline


def _retarget_builtin_refs(original: Path, copy: Path, registry: Registry) -> None:
    try:
        doc = load_document(original, registry).document
    except SpecError:
        return
    if not isinstance(doc, PipelineJob):
        return
    library = builtin_dir().resolve()
    changed = False
    for job in doc.jobs.values():
        ref, comp = job.component, job.resolved
        if ref is None or ref.form != "file" or comp is None or not comp.name:
            continue
        if library in (original.parent / str(ref.path)).resolve().parents:
            job.component = parse_component_ref(f"azureml:{comp.name}:{comp.version or '1'}")
            changed = True
    if changed:
        doc.loc.base_dir = copy.parent
        save_document(copy, doc)


def scaffold_workspace(folder: Path) -> tuple[Workspace, list[Path]]:
    """Fill ``folder`` with every template not yet there and a commented settings file.

    Returns the workspace and the pipelines it created (existing folders and settings are kept).
    Raises ConfigError for bad settings and OSError when the folder cannot be written.
    """
    folder.mkdir(parents=True, exist_ok=True)
    settings = folder / SETTINGS_FILE
    if not settings.exists():
        settings.write_text(SAMPLE_SETTINGS, encoding="utf-8")
    ws = Workspace(folder)
    ws.ensure()
    registry = Registry.for_workspace(ws)
    created = [copy_template(t, folder / t.name, registry) for t in template_folders() if not (folder / t.name).exists()]
    return ws, created
