"""Each step's environment: resolved from any spelling Azure ML accepts, built once with uv, cached.

The seam the step lifecycle uses::

    from designer.engine.environments import EnvBuilder, EnvSettings, resolve

    settings = EnvSettings.load(workspace_root)
    definition = resolve(step_env_spec, base_dir, settings)      # raises SpecError: file, line, field
    built = await EnvBuilder(settings.cache_dir).ensure(definition, log=step_log)
    # built.python, built.bin_dir (first on PATH), built.lock, built.lock_hash (in the fingerprint)

In ``current`` mode (``[environments] mode = "current"`` or ``DESIGNER_ENVIRONMENTS=current``) every
step gets the designer's own interpreter.
"""

from __future__ import annotations

from designer.engine.environments.build import BuiltEnv, EnvBuilder, EnvBuildError, current_env, uv_binary
from designer.engine.environments.curated import find_recipe, known_names
from designer.engine.environments.definition import (
    EnvDefinition,
    EnvSettings,
    Recipe,
    default_cache_dir,
    env_settings,
)
from designer.engine.environments.interpreters import Interpreter, Interpreters, PythonNotFound
from designer.engine.environments.registered import RegisteredEnv, RegisteredEnvironments
from designer.engine.environments.resolve import IMAGE_HINT, resolve

__all__ = [
    "IMAGE_HINT", "BuiltEnv", "EnvBuildError", "EnvBuilder", "EnvDefinition", "EnvSettings", "Interpreter",
    "Interpreters", "PythonNotFound", "Recipe", "RegisteredEnv", "RegisteredEnvironments", "current_env",
    "default_cache_dir", "env_settings", "find_recipe", "known_names", "resolve", "uv_binary",
]
