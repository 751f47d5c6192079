"""Every environment spelling Azure ML accepts resolves to one definition; bad ones say what to do."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from env_helpers import write_conda

from designer.engine.environments import (
    IMAGE_HINT,
    EnvSettings,
    Interpreters,
    PythonNotFound,
    RegisteredEnvironments,
    find_recipe,
    resolve,
)
from designer.engine.environments.conda import pypi_requirement
from designer.errors import ConfigError, SpecError
from designer.spec.yaml_io import read_yaml


@pytest.mark.parametrize(("conda", "pypi"), [
    ("pandas=1.5", "pandas==1.5.*"),
    ("pandas=1.5.3", "pandas==1.5.3"),
    ("numpy==1.23.5=py310h1", "numpy==1.23.5"),
    ("scipy~=1.10.0", "scipy~=1.10.0"),
    ("scikit-learn>=1.0,<2", "scikit-learn>=1.0,<2"),
    ("conda-forge::pytorch>=2.0", "torch>=2.0"),
    ("py-xgboost=1.7", "xgboost==1.7.*"),
    ("pytorch", "torch"),
    ("six 1.16.*", "six==1.16.*"),
])
def test_conda_dependencies_become_pypi_requirements(conda: str, pypi: str) -> None:
    assert pypi_requirement(conda)[0] == pypi


@pytest.mark.parametrize("system", ["cudatoolkit=11.8", "mkl", "openmpi=4.1", "_libgcc_mutex", "cuda-nvcc"])
def test_conda_only_system_packages_are_skipped_with_a_note(system: str) -> None:
    req, note = pypi_requirement(system)
    assert req is None
    assert note is not None and "skipped" in note


def test_conda_file_path_image_and_inline_mapping(workspace: Path, settings: EnvSettings) -> None:
    write_conda(workspace, "env.yml", "3.10", "six==1.16.0")
    by_path = resolve({"conda_file": "./env.yml"}, workspace, settings)
    assert by_path.python == "3.10"
    assert by_path.requirements == ("six==1.16.0",)
    with_image = resolve({"image": "python:3.11-slim", "conda_file": "env.yml"}, workspace, settings)
    assert with_image.digest() == by_path.digest()  # the image is not used: same environment
    assert any("python:3.11-slim" in n and "not used" in n for n in with_image.notes)
    inline = resolve({"conda_file": {"dependencies": ["python=3.10", {"pip": ["six==1.16.0"]}]}}, workspace, settings)
    assert inline.digest() == by_path.digest()


def test_conda_section_is_mapped_and_system_packages_noted(workspace: Path, settings: EnvSettings) -> None:
    (workspace / "env.yml").write_text(
        "dependencies:\n  - python=3.12\n  - cudatoolkit=11.8\n  - pytorch=2.1\n  - pip:\n    - packaging==23.2\n",
        encoding="utf-8")
    d = resolve({"conda_file": "env.yml"}, workspace, settings)
    assert d.requirements == ("torch==2.1.*", "packaging==23.2")
    assert any("cudatoolkit" in n for n in d.notes)


def test_pip_requirements_file_is_read_in(workspace: Path, settings: EnvSettings) -> None:
    (workspace / "reqs.txt").write_text("tomli==2.0.1  # pinned\n", encoding="utf-8")
    (workspace / "env.yml").write_text("dependencies:\n  - python=3.10\n  - pip:\n    - -r reqs.txt\n", encoding="utf-8")
    assert resolve({"conda_file": "env.yml"}, workspace, settings).requirements == ("tomli==2.0.1",)


def test_build_context_reads_what_the_dockerfile_installs(workspace: Path, settings: EnvSettings) -> None:
    ctx = workspace / "ctx"
    ctx.mkdir()
    write_conda(ctx, "conda_dependencies.yaml", "3.10", "six==1.16.0")
    (ctx / "Dockerfile").write_text("FROM mcr.microsoft.com/azureml/openmpi5.0-ubuntu24.04\n"
                                    "COPY conda_dependencies.yaml /tmp/\n"
                                    "RUN conda env create -p /env -f /tmp/conda_dependencies.yaml\n", encoding="utf-8")
    d = resolve({"build": {"path": "./ctx"}}, workspace, settings)
    assert (d.python, d.requirements) == ("3.10", ("six==1.16.0",))
    req_ctx = workspace / "req"
    req_ctx.mkdir()
    (req_ctx / "requirements.txt").write_text("packaging==23.2\n", encoding="utf-8")
    (req_ctx / "Dockerfile").write_text("FROM python:3.12-slim\nCOPY requirements.txt .\n"
                                        "RUN pip install -r requirements.txt\n", encoding="utf-8")
    d = resolve({"build": {"path": "req"}}, workspace, settings)
    assert (d.python, d.requirements) == ("3.12", ("packaging==23.2",))
    bare = workspace / "bare"
    bare.mkdir()
    (bare / "Dockerfile").write_text("FROM ubuntu:24.04\nRUN apt-get install -y curl\n", encoding="utf-8")
    d = resolve({"build": {"path": "bare"}}, workspace, settings)
    assert d.requirements == () and d.hint == IMAGE_HINT


def test_image_alone_is_this_machines_python_with_a_log_line_and_hint(workspace: Path, settings: EnvSettings) -> None:
    d = resolve({"image": "mcr.microsoft.com/azureml/openmpi5.0-ubuntu24.04:latest"}, workspace, settings)
    assert d.python is None and d.requirements == ()
    assert any("was not used" in n for n in d.notes)
    assert d.hint is not None and "conda_file" in d.hint


@pytest.mark.parametrize("ref", [
    "azureml:AzureML-sklearn-1.5@latest",
    "azureml:AzureML-sklearn-1.5:7",
    "azureml://registries/azureml/environments/sklearn-1.5/labels/latest",
    "azureml://registries/azureml/environments/sklearn-1.5/versions/7",
])
def test_curated_sklearn_in_both_spellings(ref: str, workspace: Path, settings: EnvSettings) -> None:
    d = resolve(ref, workspace, settings)
    assert d.python == "3.10"
    assert "pandas~=1.5.3" in d.requirements and "scikit-learn~=1.5.0" in d.requirements
    assert d.source == "curated sklearn-1.5"


@pytest.mark.parametrize(("name", "python"), [("lightgbm-3.3", "3.10"), ("tensorflow-2.16-cuda12", "3.11"),
                                              ("acpt-pytorch-2.8-cuda12.6", "3.10"), ("AzureML-AutoML", "3.10")])
def test_shipped_curated_recipes(name: str, python: str) -> None:
    recipe = find_recipe(name)
    assert recipe is not None and recipe.python == python and recipe.packages


def test_unknown_curated_lists_the_known_ones_and_how_to_add_one(workspace: Path, settings: EnvSettings) -> None:
    with pytest.raises(SpecError) as err:
        resolve("azureml:AzureML-sklearn-1.6@latest", workspace, settings)
    text = str(err.value)
    assert "sklearn-1.6" in text and "did you mean 'sklearn-1.5'" in text
    assert "lightgbm-3.3" in text and "[environments.curated.sklearn-1.6]" in text
    assert err.value.problems[0].code == "env.unknown_curated"


def test_workspace_recipe_adds_and_overrides(workspace: Path, env_cache: Path) -> None:
    (workspace / "designer.toml").write_text(
        '[environments.curated.team-env]\npython = "3.12"\npackages = ["six==1.16.0"]\n'
        '[environments.curated."sklearn-1.5"]\npython = "3.10"\npackages = ["pandas==1.5.3"]\n', encoding="utf-8")
    s = EnvSettings.load(workspace)
    assert resolve("azureml://registries/azureml/environments/team-env/labels/latest", workspace, s).python == "3.12"
    assert resolve("azureml:AzureML-team-env@latest", workspace, s).requirements == ("six==1.16.0",)
    assert resolve("azureml:AzureML-sklearn-1.5@latest", workspace, s).requirements == ("pandas==1.5.3",)


def test_current_mode_from_toml_and_variable(workspace: Path, env_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (workspace / "designer.toml").write_text('[environments]\nmode = "current"\n', encoding="utf-8")
    s = EnvSettings.load(workspace)
    assert (s.mode, s.mode_source) == ("current", "designer.toml")
    assert resolve("azureml:AzureML-nothing-such@latest", workspace, s).kind == "current"
    assert EnvSettings.load(workspace, {"DESIGNER_ENVIRONMENTS": "build"}).mode == "build"
    with pytest.raises(ConfigError, match="expected 'build'"):
        EnvSettings.load(workspace, {"DESIGNER_ENVIRONMENTS": "mine"})


def test_registered_name_version_and_latest(workspace: Path, settings: EnvSettings) -> None:
    write_conda(workspace, "conda.yml", "3.10", "six==1.15.0")
    (workspace / "env.yml").write_text("name: team\nversion: 1\nconda_file: conda.yml\n", encoding="utf-8")
    reg = RegisteredEnvironments(settings.registered_dir)
    reg.register(workspace / "env.yml")
    write_conda(workspace, "conda.yml", "3.12", "six==1.16.0")
    (workspace / "env.yml").write_text("name: team\nversion: 2\nconda_file: conda.yml\n", encoding="utf-8")
    reg.register(workspace / "env.yml")
    (workspace / "conda.yml").unlink()  # the snapshot keeps its own copy
    assert resolve("azureml:team:1", workspace, settings).requirements == ("six==1.15.0",)
    latest = resolve("azureml:team@latest", workspace, settings)
    assert (latest.python, latest.source) == ("3.12", "registered azureml:team:2")
    assert resolve("azureml:team", workspace, settings).python == "3.12"
    arm = "/subscriptions/x/resourceGroups/y/providers/Microsoft.MachineLearningServices/workspaces/w/environments/team/versions/1"
    assert resolve(arm, workspace, settings).python == "3.10"


@pytest.mark.parametrize(("spec", "code", "words"), [
    ("azureml:never-registered:1", "env.not_registered", "designer environments register"),
    ({"conda_file": "missing.yml"}, "env.conda_missing", "missing.yml"),
    ({"build": {"path": "./no-such-context"}}, "env.build_missing", "no-such-context"),
    ({"dependencies": ["python=3.10"]}, "env.conda_at_top", "belongs in the conda file"),
    ({"image": "x", "build": {"path": "."}}, "env.build_and_image", "keep one"),
    ("docker.io/python", "env.reference", "azureml:<name>:<version>"),
])
def test_bad_definitions_are_one_clear_problem(spec: object, code: str, words: str, workspace: Path,
                                               settings: EnvSettings) -> None:
    with pytest.raises(SpecError) as err:
        resolve(spec, workspace, settings)
    assert err.value.problems[0].code == code
    assert words in str(err.value)


def test_bad_conda_yaml_names_file_and_line(workspace: Path, settings: EnvSettings) -> None:
    (workspace / "env.yml").write_text("dependencies:\n  - python=3.10\n  - pip: [six\n", encoding="utf-8")
    with pytest.raises(SpecError) as err:
        resolve({"conda_file": "env.yml"}, workspace, settings)
    problem = err.value.problems[0]
    assert problem.file.endswith("env.yml") and problem.line is not None and problem.code == "yaml.syntax"


def test_problems_about_the_reference_point_at_the_component_line(workspace: Path, settings: EnvSettings) -> None:
    comp = workspace / "component.yml"
    comp.write_text("name: a\ntype: command\ncommand: echo\nenvironment: azureml:nope:1\n", encoding="utf-8")
    doc = read_yaml(comp)
    with pytest.raises(SpecError) as err:
        resolve(doc.data["environment"], workspace, settings, source=doc.source, at=("environment",))
    assert (err.value.problems[0].file, err.value.problems[0].line) == (str(comp), 4)


def _fake_shim(folder: Path, name: str) -> None:
    folder.mkdir(parents=True)
    shim = folder / name
    shim.write_text(f"#!/bin/sh\necho 'pyenv: {name}: command not found' >&2\nexit 127\n", encoding="utf-8")
    shim.chmod(shim.stat().st_mode | stat.S_IEXEC)


def test_pyenv_versions_are_found_even_when_its_shim_refuses(tmp_path: Path) -> None:
    root = Path(os.environ.get("PYENV_ROOT") or Path.home() / ".pyenv")
    if not list((root / "versions").glob("3.10*/bin/python3.10")):
        pytest.fail(f"this test needs Python 3.10 under {root}/versions (the CI machine has it)")
    _fake_shim(tmp_path / "shims", "python3.10")
    found = Interpreters(None, {"PATH": str(tmp_path / "shims"), "PYENV_ROOT": str(root),
                                "HOME": str(tmp_path)}).find("3.10")
    assert found.origin == "pyenv" and found.version.startswith("3.10.")


def test_a_missing_python_version_is_named(tmp_path: Path) -> None:
    with pytest.raises(PythonNotFound, match=r"Python 3\.4 is not installed.*python=3\.4"):
        Interpreters(None, {"PATH": "", "HOME": str(tmp_path)}).find("3.4")
