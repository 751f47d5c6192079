"""Where things live on disk, and the settings of a workspace.

A workspace is a folder: pipelines, user components, and ``.designer/`` (the run store database,
run folders, registered components). ``designer.toml`` at its root is optional; ``DESIGNER_*``
environment variables override it. With no file at all: SQLite under ``.designer/`` and one compute
target ``local`` sized to the machine's cores.

Example ``designer.toml``::

    [store]
    url = "postgresql+psycopg://user@host/designer"   # default: sqlite under .designer/

    [artifacts]
    root = "/shared/designer-artifacts"                # default: .designer/runs

    [compute.local]
    max_parallel = 4

    [compute.gpu]
    kind = "dask"
    address = "tcp://10.0.0.5:8786"
    resources = { GPU = 1 }
    workers = ["gpu-node-1"]                           # optional: only these Dask workers
    retries = 1                                        # optional: run again when its worker dies
"""

from __future__ import annotations

import os
import stat
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from designer.errors import ConfigError

LOCAL = "local"
SETTINGS_FILE = "designer.toml"
STATE_DIR = ".designer"
# the variables a step environment depends on (mode, cache folder, where the per-user cache is)
ENV_VARIABLES = ("DESIGNER_ENVIRONMENTS", "DESIGNER_ENV_CACHE", "XDG_CACHE_HOME", "HOME")

# What `designer init` writes as designer.toml: every key commented out, to show what can be set.
SAMPLE_SETTINGS = """\
# Pipeline Designer workspace settings. Every key is optional; DESIGNER_* variables override them.
#
# [store]
# url = "sqlite:///.designer/designer.db"     # or a PostgreSQL URL
#
# [compute.local]
# max_parallel = 2
#
# [compute.gpu]                               # a Dask cluster target (pip install 'pipeline-designer[dask]')
# kind = "dask"
# address = "tcp://127.0.0.1:8786"
# resources = { GPU = 1 }
"""


@dataclass(frozen=True)
class ComputeTarget:
    """Where steps run: ``local`` processes, or a Dask scheduler with worker resources."""

    name: str
    kind: Literal["local", "dask"] = "local"
    max_parallel: int = 1
    address: str | None = None
    resources: dict[str, float] = field(default_factory=dict)
    # dask only: run only on these workers (names or addresses), and how often a step whose worker
    # died is run again (a job's ``properties: {retries: "N"}`` overrides it)
    workers: tuple[str, ...] = ()
    retries: int = 0


def _cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def compute_name(value: Any) -> str | None:
    """``azureml:gpu`` / ``gpu`` -> ``gpu``; ``azureml:serverless`` -> ``local``; None stays None."""
    if value is None:
        return None
    text = str(value).strip()
    if text.startswith("azureml:"):
        text = text[len("azureml:"):]
    if text in ("", "serverless"):
        return LOCAL
    return text


def _parse_resources(text: str) -> dict[str, float]:
    out: dict[str, float] = {}
    for part in text.split(","):
        if not part.strip():
            continue
        key, sep, value = part.partition("=")
        if not sep:
            raise ConfigError(f"resource '{part}' must look like NAME=AMOUNT (e.g. GPU=1)")
        try:
            out[key.strip()] = float(value)
        except ValueError:
            raise ConfigError(f"resource '{key.strip()}' has amount '{value}'; expected a number") from None
    return out


@dataclass
class Settings:
    """Everything configurable about a workspace."""

    db_url: str
    artifact_root: str
    compute: dict[str, ComputeTarget]
    heartbeat_s: float = 2.0
    stale_after_s: float = 15.0
    # The workspace folder and the variables that steer environments: the engine reads the
    # [environments] table of its designer.toml (designer.engine.environments.env_settings).
    root: Path | None = None
    environ: dict[str, str] = field(default_factory=dict)

    def target(self, value: Any) -> tuple[ComputeTarget, str | None]:
        """The target a job's ``compute`` names, and a warning when it falls back to ``local``."""
        name = compute_name(value) or LOCAL
        if name in self.compute:
            return self.compute[name], None
        return self.compute[LOCAL], f"compute target '{name}' is not configured; running on 'local'"


def _read_toml(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}; fix the TOML syntax") from None


def _target(name: str, raw: dict[str, Any], source: str) -> ComputeTarget:
    kind = raw.get("kind", "local" if name == LOCAL else "dask")
    if kind not in ("local", "dask"):
        raise ConfigError(f"{source}: compute.{name}.kind is '{kind}'; expected 'local' or 'dask'")
    if name == LOCAL and kind != "local":
        raise ConfigError(f"{source}: the target 'local' must be of kind 'local'")
    address = raw.get("address")
    if kind == "dask" and not address:
        raise ConfigError(f"{source}: compute.{name} is a dask target without 'address'; expected e.g. address = \"tcp://127.0.0.1:8786\"")
    resources = raw.get("resources") or {}
    if isinstance(resources, str):
        resources = _parse_resources(resources)
    if not isinstance(resources, dict):
        raise ConfigError(f"{source}: compute.{name}.resources must be a table such as {{ GPU = 1 }}")
    try:
        max_parallel = int(raw.get("max_parallel", _cores() if kind == "local" else 64))
    except (TypeError, ValueError):
        raise ConfigError(f"{source}: compute.{name}.max_parallel must be a whole number") from None
    if max_parallel < 1:
        raise ConfigError(f"{source}: compute.{name}.max_parallel must be at least 1")
    workers = raw.get("workers") or []
    if isinstance(workers, str):
        workers = [w.strip() for w in workers.split(",") if w.strip()]
    if not isinstance(workers, list):
        raise ConfigError(f"{source}: compute.{name}.workers must be a list of worker names such as [\"gpu-1\"]")
    try:
        retries = int(raw.get("retries", 0))
    except (TypeError, ValueError):
        raise ConfigError(f"{source}: compute.{name}.retries must be a whole number") from None
    if retries < 0:
        raise ConfigError(f"{source}: compute.{name}.retries must be 0 or more")
    return ComputeTarget(name=name, kind=kind, max_parallel=max_parallel, address=address,
                         resources={str(k): float(v) for k, v in resources.items()},
                         workers=tuple(str(w) for w in workers), retries=retries)


def load_settings(root: Path, environ: dict[str, str] | None = None) -> Settings:
    """Read ``designer.toml`` in ``root`` and apply ``DESIGNER_*`` overrides.

    Raises :class:`ConfigError` with the file and key at fault.
    """
    env = dict(os.environ if environ is None else environ)
    toml_path = root / SETTINGS_FILE
    data = _read_toml(toml_path)
    source = str(toml_path)
    state = root / STATE_DIR
    db_url = env.get("DESIGNER_DB_URL") or data.get("store", {}).get("url") or f"sqlite:///{state / 'designer.db'}"
    artifact_root = env.get("DESIGNER_ARTIFACT_ROOT") or data.get("artifacts", {}).get("root") or str(state / "runs")
    raw_compute: dict[str, dict[str, Any]] = {k: dict(v) for k, v in (data.get("compute") or {}).items()}
    for key, value in env.items():
        if not key.startswith("DESIGNER_COMPUTE_"):
            continue
        rest = key[len("DESIGNER_COMPUTE_"):]
        for fld in ("MAX_PARALLEL", "ADDRESS", "RESOURCES", "KIND", "WORKERS", "RETRIES"):
            if rest.endswith("_" + fld):
                target = rest[: -len(fld) - 1].lower()
                raw_compute.setdefault(target, {})[fld.lower()] = value
    if "DESIGNER_MAX_PARALLEL" in env:
        raw_compute.setdefault(LOCAL, {})["max_parallel"] = env["DESIGNER_MAX_PARALLEL"]
    raw_compute.setdefault(LOCAL, {})
    compute = {name: _target(name, raw, source) for name, raw in raw_compute.items()}
    steer = {k: v for k, v in env.items() if k in ENV_VARIABLES}
    return Settings(db_url=db_url, artifact_root=artifact_root, compute=compute, root=root, environ=steer)


class Workspace:
    """A workspace folder and its settings. Building one reads settings but writes nothing."""

    def __init__(self, root: str | Path, environ: dict[str, str] | None = None) -> None:
        self.root = Path(root).resolve()
        if not self.root.is_dir():
            raise ConfigError(f"workspace folder '{self.root}' does not exist; create it or pass --workspace DIR")
        self.settings = load_settings(self.root, environ)

    @classmethod
    def discover(cls, root: str | Path | None = None) -> Workspace:
        """The workspace named by ``root``, else ``DESIGNER_WORKSPACE``, else the current folder."""
        return cls(root or os.environ.get("DESIGNER_WORKSPACE") or Path.cwd())

    @property
    def state_dir(self) -> Path:
        """``<root>/.designer``."""
        return self.root / STATE_DIR

    @property
    def runs_dir(self) -> Path:
        """Where run folders live (the artifact root, when it is a local path)."""
        root = self.settings.artifact_root
        if root.startswith("file://"):
            root = root[len("file://"):]
        return Path(root) if "://" not in root else self.state_dir / "runs"

    @property
    def components_dir(self) -> Path:
        """Where registered component snapshots live."""
        return self.state_dir / "components"

    def ensure(self) -> None:
        """Create ``.designer/`` and its folders."""
        self.runs_dir.mkdir(parents=True, exist_ok=True)
        self.components_dir.mkdir(parents=True, exist_ok=True)

    def relative(self, path: str | Path) -> str:
        """``path`` relative to the workspace when inside it, else absolute."""
        p = Path(path).resolve()
        try:
            return str(p.relative_to(self.root))
        except ValueError:
            return str(p)

    def inside(self, rel: str | Path) -> Path:
        """Resolve ``rel`` against the workspace, refusing anything that escapes it (``..``, symlinks).

        Raises :class:`ConfigError` when the path leaves the workspace.
        """
        p = (self.root / rel).resolve()
        if p != self.root and self.root not in p.parents:
            raise ConfigError(f"'{rel}' is outside the workspace")
        return p

    def pipelines(self) -> list[Path]:
        """Pipeline job YAML files in the workspace (not under dot-folders), sorted."""
        out: list[Path] = []
        for p in sorted(self.root.rglob("*.y*ml")):
            rel = p.relative_to(self.root)
            if any(part.startswith(".") or part in ("node_modules", "__pycache__") for part in rel.parts):
                continue
            try:
                # only regular files, and only their first 4 kB: a FIFO named *.yml must not block the
                # reader, nor a huge file be read whole just to list it
                if not stat.S_ISREG(p.stat().st_mode):
                    continue
                fd = os.open(p, os.O_RDONLY | os.O_NONBLOCK)
                try:
                    head = os.read(fd, 4000).decode("utf-8", errors="replace")
                finally:
                    os.close(fd)
            except OSError:
                continue
            if "type: pipeline" in head and "jobs:" in head and "pipelineComponent" not in head:
                out.append(p)
        return out
