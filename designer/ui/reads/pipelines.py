"""The workspace's pipeline files and the templates gallery, as the home page lists them (blocking).

One bad file never breaks the list: a file that is not a regular file (a FIFO named ``*.yml``), is
too large, or that the YAML loader refuses for any reason (a syntax error, an alias bomb, nesting
deep enough for a ``RecursionError``) is listed as one unreadable entry with the reason.
"""

from __future__ import annotations

import logging
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from designer.errors import SpecError
from designer.registry import templates_dir
from designer.spec.yaml_io import parse_yaml
from designer.ui.files import FileRefused, read_head
from designer.ui.format import human_size
from designer.workspace import Workspace

log = logging.getLogger(__name__)
MAX_LISTED_BYTES = 1_000_000  # a pipeline file larger than this is listed without reading it


@dataclass(frozen=True)
class PipelineInfo:
    """One pipeline file of the workspace, as the home page lists it; ``problem`` says why it
    cannot be read (then ``readable`` is False)."""

    rel: str
    title: str
    description: str
    steps: int
    modified: float
    readable: bool = True
    problem: str | None = None


@dataclass(frozen=True)
class TemplateInfo:
    """One ready pipeline of the gallery."""

    slug: str
    title: str
    description: str
    folder: Path


def _title(path: Path) -> str:
    return path.stem.replace("_", " ").replace("-", " ").capitalize()


def pipeline_info(workspace: Workspace, path: Path) -> PipelineInfo:
    """What the home page shows of one pipeline file; never raises (a bad file says why)."""
    rel = workspace.relative(path)
    try:
        st = path.stat()
    except OSError as exc:
        return PipelineInfo(rel, _title(path), "", 0, 0.0, False, f"cannot be read: {exc.strerror or exc}")
    if not stat.S_ISREG(st.st_mode):
        return PipelineInfo(rel, _title(path), "", 0, st.st_mtime, False, "not a regular file")
    if st.st_size > MAX_LISTED_BYTES:
        return PipelineInfo(rel, _title(path), "", 0, st.st_mtime, False,
                            f"too large to list ({human_size(st.st_size)})")
    try:
        data = parse_yaml(read_head(path, MAX_LISTED_BYTES).decode("utf-8"), str(path)).data
    except SpecError as exc:
        first = exc.problems[0].message if exc.problems else str(exc)
        return PipelineInfo(rel, _title(path), "", 0, st.st_mtime, False, first)
    except (OSError, FileRefused, UnicodeDecodeError) as exc:
        return PipelineInfo(rel, _title(path), "", 0, st.st_mtime, False, f"cannot be read: {exc}")
    except Exception as exc:  # whatever the loader raises (RecursionError...) is this file's problem only
        log.warning("pipeline file %s cannot be listed: %r", path, exc)
        return PipelineInfo(rel, _title(path), "", 0, st.st_mtime, False, "cannot be read as YAML")
    if not isinstance(data, dict):
        return PipelineInfo(rel, _title(path), "", 0, st.st_mtime, False, "not a YAML mapping")
    jobs = data.get("jobs")
    return PipelineInfo(rel=rel, title=str(data.get("display_name") or _title(path)),
                        description=str(data.get("description") or ""),
                        steps=len(jobs) if isinstance(jobs, dict) else 0, modified=st.st_mtime)


def list_pipelines(workspace: Workspace) -> list[PipelineInfo]:
    """Every pipeline job file of the workspace with its title and size, newest first (blocking)."""
    return sorted((pipeline_info(workspace, path) for path in workspace.pipelines()), key=lambda p: -p.modified)


def list_templates() -> list[TemplateInfo]:
    """The templates gallery: ``templates/<slug>/pipeline.yml`` with its README (blocking)."""
    out: list[TemplateInfo] = []
    root = templates_dir()
    if not root.is_dir():
        return out
    for yml in sorted(root.glob("*/pipeline.yml")):
        folder = yml.parent
        title, description = "", ""
        readme = folder / "README.md"
        if readme.is_file():
            title, description = readme_summary(readme.read_text(encoding="utf-8", errors="replace"))
        if not title or not description:
            try:
                data = parse_yaml(yml.read_text(encoding="utf-8"), str(yml)).data
            except (SpecError, OSError, UnicodeDecodeError):
                data = {}
            if isinstance(data, dict):
                title = title or str(data.get("display_name") or "")
                description = description or str(data.get("description") or "")
        out.append(TemplateInfo(folder.name, title or folder.name.replace("_", " ").capitalize(), description, folder))
    return out


def readme_summary(text: str) -> tuple[str, str]:
    """The first heading and the first paragraph of a README, as plain text."""
    title, para, lines = "", "", text.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("# ") and not title:
            title = line[2:].strip()
            continue
        if title and line.strip() and not line.startswith(("#", "```", "|", "!", "<")):
            chunk = []
            for more in lines[i:]:
                if not more.strip():
                    break
                chunk.append(more.strip())
            para = " ".join(chunk)
            break
    para = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", para)
    para = re.sub(r"[*_`]", "", para)
    return title, para
