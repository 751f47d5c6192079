"""Reading a conda environment file into what uv installs: a Python version and PyPI requirements.

Conda and PyPI mostly share package names and version specifiers; the few that differ are in two
small tables below (renames, and conda-only system packages with no PyPI wheel, which are skipped
with a note rather than failing the build). The ``pip:`` section is taken as written; ``-r file``
lines are read in, and local paths made absolute, so the environment's hash covers what they say.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from designer.errors import Problem, SpecError
from designer.spec.yaml_io import SourceMap, parse_yaml, read_yaml

# conda name -> PyPI name, for the renames that matter in published pipelines
CONDA_TO_PYPI: dict[str, str] = {
    "pytorch": "torch",
    "pytorch-cpu": "torch",
    "pytorch-gpu": "torch",
    "py-xgboost": "xgboost",
    "py-xgboost-cpu": "xgboost",
    "py-xgboost-gpu": "xgboost",
    "py-lightgbm": "lightgbm",
    "tensorflow-gpu": "tensorflow",
    "python-graphviz": "graphviz",
    "pytables": "tables",
    "py-opencv": "opencv-python",
    "opencv": "opencv-python",
    "matplotlib-base": "matplotlib",
    "msgpack-python": "msgpack",
    "ruamel_yaml": "ruamel.yaml",
    "dask-core": "dask",
    "numpy-base": "numpy",
    "pyqt": "PyQt5",
    "pillow-simd": "pillow",
    "pytorch-lightning": "lightning",
}

# conda packages that are system libraries or toolchains (no PyPI wheel); a venv does not need them
CONDA_ONLY: frozenset[str] = frozenset({
    "cudatoolkit", "cudatoolkit-dev", "cudnn", "cuda", "cuda-toolkit", "cuda-nvcc", "pytorch-cuda",
    "nccl", "magma", "mkl", "mkl-service", "mkl_fft", "mkl_random", "mkl-include", "intel-openmp",
    "openmpi", "mpich", "impi_rt", "blas", "libblas", "libcblas", "liblapack", "openblas", "libopenblas",
    "libgcc", "libgcc-ng", "libstdcxx-ng", "libgfortran-ng", "gcc", "gxx", "gfortran", "make", "cmake-binary",
    "ca-certificates", "openssl", "readline", "sqlite", "tk", "xz", "zlib", "bzip2", "libffi", "ncurses",
    "ld_impl_linux-64", "libuuid", "git", "nodejs", "graphviz", "ffmpeg", "jpeg", "libjpeg-turbo", "libpng",
    "libprotobuf", "arrow-cpp", "libarrow", "vs2015_runtime", "vc", "libopencv", "cpuonly", "pywin32",
})
CONDA_ONLY_PREFIXES = ("_", "cuda-", "libcu", "libnv", "r-", "magma-")

_CONDA_DEP = re.compile(r"^\s*(?:(?P<channel>[\w.\-/]+)::)?(?P<name>[A-Za-z0-9_.\-]+)\s*(?P<spec>.*?)\s*$")
_PY_VERSION = re.compile(r"^(?:==?|\s)?\s*(?P<v>\d+\.\d+)(?:\.[\d*]+)?(?:\.\*)?(?:=.*)?$")


@dataclass
class CondaEnv:
    """What a conda file asks for, in PyPI terms."""

    python: str | None = None                       # "3.10", or None for "the machine's Python"
    requirements: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # lines for the build log (skipped packages, ...)


def pypi_requirement(dep: str) -> tuple[str | None, str | None]:
    """Turn one conda dependency string into a PyPI requirement.

    Returns ``(requirement, note)``: requirement is None when the package is skipped (the note says
    why). ``pandas=1.5`` -> ``pandas==1.5.*``; ``numpy=1.23.5=py310h1`` -> ``numpy==1.23.5``;
    ``conda-forge::pytorch>=2`` -> ``torch>=2``.
    """
    m = _CONDA_DEP.match(dep)
    if m is None:
        return None, f"skipped conda dependency '{dep}': not a package name"
    name, spec = m.group("name"), m.group("spec").strip()
    lname = name.lower()
    if lname in CONDA_ONLY or lname.startswith(CONDA_ONLY_PREFIXES):
        return None, f"skipped conda package '{dep}': a system library with no PyPI wheel; a venv does not need it"
    pypi = CONDA_TO_PYPI.get(lname, name)
    renamed = f" (conda '{name}' is '{pypi}' on PyPI)" if pypi != name else ""
    if not spec:
        return pypi, (f"conda package '{dep}' installed as '{pypi}'{renamed}" if renamed else None)
    if spec.startswith(("==", ">=", "<=", "!=", "~=", ">", "<")):
        # '==1.2.3=build' keeps the version and drops the build string; '>=1,<2' passes as written
        out = f"{pypi}=={spec[2:].split('=')[0].strip()}" if spec.startswith("==") else f"{pypi}{spec}"
    else:
        # 'name=1.5' (or 'name 1.5') is conda's fuzzy match: 1.5, 1.5.x; a third '=build' part is dropped
        version = spec.lstrip("= ").split("=")[0].strip()
        if not version:
            return pypi, None
        out = f"{pypi}=={version}" if ("*" in version or version.count(".") >= 2) else f"{pypi}=={version}.*"
    if "|" in out:
        return pypi, f"conda dependency '{dep}': alternatives ('|') have no PyPI form; installing '{pypi}' unpinned"
    return out.replace(" ", ""), (f"conda package '{dep}' installed as '{out}'{renamed}" if renamed else None)


def _python_version(spec: str, notes: list[str]) -> str | None:
    m = _PY_VERSION.match(spec.strip())
    if m:
        return m.group("v")
    if spec.strip():
        notes.append(f"python '{spec.strip()}' is a range; using this machine's Python (write python=X.Y to choose one)")
    return None


def _pip_lines(items: list[Any], base: Path, seen: set[Path]) -> list[str]:
    """The ``pip:`` entries as requirement lines: ``-r file`` read in, local paths made absolute."""
    out: list[str] = []
    for raw in items:
        line = str(raw).strip()
        if not line or line.startswith("#"):
            continue
        head, _, rest = line.partition(" ")
        if head in ("-r", "--requirement") and rest.strip():
            path = (base / rest.strip()).resolve()
            if path in seen:
                continue
            seen.add(path)
            try:
                text = path.read_text(encoding="utf-8")
            except OSError as exc:
                raise SpecError([Problem(str(path), None, None, "pip", "env.requirements_missing",
                                         f"'-r {rest.strip()}' names a file that cannot be read ({exc.strerror}); "
                                         "put the requirements file next to the conda file")]) from None
            lines = [ln.split(" #")[0] for ln in text.splitlines()]
            out.extend(_pip_lines(lines, path.parent, seen))
            continue
        if head in ("-e", "--editable") and rest.strip().startswith((".", "/")):
            out.append(f"{head} {(base / rest.strip()).resolve()}")
            continue
        if line.startswith(("./", "../")):
            out.append(str((base / line).resolve()))
            continue
        out.append(line)
    return out


def conda_from_mapping(data: Any, source: SourceMap, base: Path, path: tuple[str | int, ...] = ()) -> CondaEnv:
    """Read a parsed conda file (``data``, located by ``source``; ``path`` is where it sits in that file).

    Raises :class:`SpecError` naming the file, line and field when its shape is wrong.
    """
    if not isinstance(data, dict):
        raise SpecError([source.problem(path, "env.conda_shape", f"the conda file is a {type(data).__name__}; "
                                        "expected a mapping with 'dependencies:' (and optionally 'name:', 'channels:')")])
    deps = data.get("dependencies") or []
    if not isinstance(deps, list):
        raise SpecError([source.problem((*path, "dependencies"), "env.conda_shape",
                                        "'dependencies' must be a list such as [python=3.10, pandas, {pip: [...]}]")])
    env = CondaEnv()
    pip: list[str] = []
    for i, dep in enumerate(deps):
        if isinstance(dep, dict):
            if set(dep) != {"pip"} or not isinstance(dep["pip"], list):
                raise SpecError([source.problem((*path, "dependencies", i), "env.conda_shape",
                                                f"dependency {i + 1} is a mapping with keys {sorted(map(str, dep))}; "
                                                "expected only 'pip:' with a list of requirements")])
            pip.extend(_pip_lines(dep["pip"], base, set()))
            continue
        text = str(dep).strip()
        name = _CONDA_DEP.match(text)
        if name is not None and name.group("name").lower() == "python":
            env.python = _python_version(name.group("spec"), env.notes)
            continue
        req, note = pypi_requirement(text)
        if note:
            env.notes.append(note)
        if req is not None:
            env.requirements.append(req)
    env.requirements.extend(pip)
    return env


def read_conda_file(path: Path) -> CondaEnv:
    """Read the conda file at ``path``.

    Raises :class:`SpecError` (file, line, field) when it is missing, not YAML, or of the wrong shape.
    """
    doc = read_yaml(path)
    return conda_from_mapping(doc.data, doc.source, path.parent)


def read_conda_text(text: str, file: str, base: Path) -> CondaEnv:
    """Read a conda file given as text (a registered environment's copy, a recipe)."""
    doc = parse_yaml(text, file)
    return conda_from_mapping(doc.data, doc.source, base)


def read_requirements(path: Path) -> list[str]:
    """The lines of a pip requirements file (comments dropped, ``-r`` read in)."""
    return _pip_lines([ln.split(" #")[0] for ln in path.read_text(encoding="utf-8").splitlines()], path.parent, {path})
