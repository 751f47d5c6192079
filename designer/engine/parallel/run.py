"""A parallel step inside a run: plan it, and turn it into the driver's command.

:func:`designer.engine.plan.plan_parallel` attaches the parsed :class:`~designer.spec.parallel.ParallelSpec`
to the step's plan. :func:`prepare_parallel` is called by the step lifecycle where a command step renders its
command: it copies the standalone driver into the step's folder (not into the code snapshot, which is
shared and content-addressed), writes the driver's config with the step's resolved paths, and returns
``python designer_parallel_driver.py --config ...``. The step's process is then the driver; its exit
code says whether the step stayed within its error thresholds.

Per-batch reuse: every finished mini-batch's rows are kept under ``<state>/batches/``, keyed by the
step's identity without its split input (component, code, other inputs, environment variables) and
the content hash of the batch, so a re-run after a failure processes only the batches that failed.

Live progress: :class:`ProgressWatch` follows the driver's ``batches.jsonl`` while it runs and emits a
:class:`~designer.engine.events.StepProgress` (batches done / running / failed / total) when the counts
change, at most every :data:`PROGRESS_S`.
"""

from __future__ import annotations

import asyncio
import json
import shlex
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from designer.engine.artifacts import StepDirs
from designer.engine.cache import Unhashable, component_spec, fingerprint
from designer.engine.commandline import render_command
from designer.engine.events import StepProgress
from designer.engine.parallel import (
    DRIVER_NAME,
    STATE_FILE,
    Progress,
    ProgressFollower,
    driver_config,
    install_driver,
)

if TYPE_CHECKING:
    from designer.engine.context import RunContext
    from designer.engine.plan import StepPlan


def _scope(run: RunContext, step: StepPlan, values: dict[str, Any]) -> str:
    spec = step.spec
    try:
        return fingerprint({
            "component": component_spec(step.component.to_dict()),
            "code": run.snapshots.code_hash(step.code, step.includes),
            "inputs": {n: v for n, v in sorted(values.items()) if n != spec.input_data},
            "env": step.env,
        })
    except (Unhashable, OSError):
        return f"run:{run.run_id}"  # cannot be identified: reuse nothing rather than something wrong


def prepare_parallel(run: RunContext, step: StepPlan, values: dict[str, Any], out_paths: dict[str, Path],
                     dirs: StepDirs, cwd: Path) -> str:
    """Install the driver and its config for ``step``; return the command that runs it."""
    spec = step.spec
    outputs = {n: str(p) for n, p in out_paths.items()}
    args = render_command(spec.task.program_arguments, values, outputs) if spec.task.program_arguments else ""
    append_to = spec.task.append_row_to
    state_root = Path(run.hasher.memo_file).parent if run.hasher.memo_file else dirs.root
    config = driver_config(
        spec,
        entry_script=cwd / spec.task.entry_script,
        input_path=str(values.get(spec.input_data) or ""),
        input_type=step.decl(spec.input_data).type,
        work_dir=dirs.root / "parallel",
        state_file=dirs.root / STATE_FILE,
        program_arguments=args,
        append_row_to=outputs.get(append_to) if append_to else None,
        append_row_is_folder=bool(append_to) and step.outputs.get(str(append_to)) != "uri_file",
        # force_rerun and is_deterministic: false mean "run it again", batch by batch too
        reuse_dir=state_root / "batches" if step.deterministic and not run.plan.force_rerun else None,
        log_dir=dirs.logs / "workers",
        max_workers=step.target.max_parallel,
        scope=_scope(run, step, values),
    )
    driver = install_driver(dirs.root)
    config_file = dirs.root / "parallel.json"
    config_file.write_text(json.dumps(config, indent=2), encoding="utf-8")
    assert driver.name == DRIVER_NAME
    return f"python {shlex.quote(str(driver))} --config {shlex.quote(str(config_file))}"


PROGRESS_S = 0.5  # a parallel step's progress reaches the sink at most this often (never once per batch)


class ProgressWatch:
    """Reads a running parallel step's state file and emits :class:`StepProgress` when its counts change.

    :meth:`follow` runs beside the driver's process (cancel it when the process ends), reading off
    the event loop every :data:`PROGRESS_S`; :meth:`finish` reads the rest once the driver ended
    and emits the final counts, so the last word is always the driver's.
    """

    def __init__(self, run: RunContext, step: str, state_file: Path) -> None:
        self.run = run
        self.step = step
        self.follower = ProgressFollower(state_file)
        self._sent: tuple[int, int, int, int] | None = None

    def _emit(self, progress: Progress) -> None:
        counts = progress.event_counts()
        if counts == self._sent or counts[3] == 0:
            return
        self._sent = counts
        done, running, failed, total = counts
        self.run.emit(StepProgress(self.run.run_id, self.step, "batches", done, running, failed, total, time.time()))

    async def follow(self) -> None:
        """Emit the step's progress as it changes until cancelled."""
        while True:
            self._emit(await asyncio.to_thread(self.follower.poll))
            await asyncio.sleep(PROGRESS_S)

    async def finish(self) -> None:
        """Read what the driver wrote last and emit the final counts (if they changed)."""
        progress = await asyncio.to_thread(self.follower.poll)
        if progress.total:
            # nothing runs once the driver has ended, whatever its last records said
            c = progress.counts()
            counts = (c["completed"] + c["reused"], 0, c["failed"], progress.total)
            if counts != self._sent:
                self._sent = counts
                self.run.emit(StepProgress(self.run.run_id, self.step, "batches", counts[0], 0, counts[2],
                                           counts[3], time.time()))


def reused_progress(run_id: str, step: str, folder: Path) -> StepProgress | None:
    """The progress of a parallel step reused whole from the run whose step folder is ``folder``: its
    mini-batches as that run's driver recorded them in ``batches.jsonl`` (None when there is none).
    Blocking: reads a file."""
    progress = ProgressFollower(folder / STATE_FILE).poll()
    if not progress.total:
        return None
    c = progress.counts()
    return StepProgress(run_id, step, "batches", c["completed"] + c["reused"], 0, c["failed"], progress.total,
                        time.time())
