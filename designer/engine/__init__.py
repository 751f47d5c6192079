"""The engine: turns a validated pipeline into a run. Never imports nicegui or sqlmodel.

The public API (imported lazily, so ``import designer.engine.events`` stays light)::

    from designer.engine import Runner, RunHandle, RunResult, StepResult, run_pipeline

- ``Runner(settings, run_root, sink, cache, executors=None, *, state_dir=None, cancel_requested=None,
  grace_s=5.0, resolver=None)``
- ``await runner.start(document, *, source, parameters, force_rerun, pipeline_file) -> RunHandle``
- ``handle.run_id``, ``handle.cancel()``, ``await handle.wait() -> RunResult``
- ``run_pipeline(document, *, settings, run_root, sink, cache, ...) -> RunResult`` (plain Python)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from designer.engine.runner import RunHandle, Runner, RunResult, StepResult, run_pipeline

__all__ = ["RunHandle", "RunResult", "Runner", "StepResult", "run_pipeline"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from designer.engine import runner

        return getattr(runner, name)
    raise AttributeError(f"module 'designer.engine' has no attribute '{name}'")
