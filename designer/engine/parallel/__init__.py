"""Parallel steps: the standalone driver script, its config, and reading its per-batch records.

The driver (:mod:`designer.engine.parallel.driver`) runs inside the step's environment, which may
not have the designer installed, so it is copied next to the step's code
(:func:`install_driver`) and started as ``python designer_parallel_driver.py --config <file>``. It
writes one JSON line per mini-batch state change; :func:`read_progress` turns that file into
counts for live progress and a per-batch table.
"""

from __future__ import annotations

import json
import shlex
import shutil
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from designer.engine.artifacts import read_chunk, read_tail
from designer.spec.parallel import ParallelSpec

DRIVER_NAME = "designer_parallel_driver.py"
STATE_FILE = "batches.jsonl"  # in the step's folder: one JSON line per mini-batch state change
BATCH_STATES = ("pending", "running", "retrying", "completed", "reused", "failed")


def driver_source() -> Path:
    """The path of the driver script inside the installed package."""
    return Path(__file__).with_name("driver.py")


def install_driver(folder: Path) -> Path:
    """Copy the driver into ``folder`` (the step's working directory); return the copy's path."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / DRIVER_NAME
    shutil.copyfile(driver_source(), target)
    return target


def driver_config(spec: ParallelSpec, *, entry_script: Path, input_path: str, input_type: str, work_dir: Path,
                  state_file: Path, program_arguments: str = "", append_row_to: str | None = None,
                  append_row_is_folder: bool = False, reuse_dir: Path | None = None, log_dir: Path | None = None,
                  max_workers: int | None = None, scope: str = "") -> dict[str, Any]:
    """The JSON config the driver reads, from a parsed spec and the step's resolved paths.

    ``program_arguments`` is the already rendered text (``${{inputs.x}}`` replaced); it is split
    as a shell would. ``max_workers`` caps ``instance_count x max_concurrency_per_instance`` by the
    compute target. ``scope`` goes into every batch's reuse key (e.g. the step's environment lock).
    """
    workers = spec.workers if max_workers is None else max(1, min(spec.workers, max_workers))
    return {
        "entry_script": str(entry_script),
        "program_arguments": shlex.split(program_arguments),
        "input_path": input_path,
        "kind": "table" if input_type == "mltable" else "files",
        "mini_batch_size": spec.mini_batch_size,
        "partition_keys": list(spec.partition_keys),
        "workers": workers,
        "error_threshold": spec.error_threshold,
        "mini_batch_error_threshold": spec.mini_batch_error_threshold,
        "max_retries": spec.max_retries,
        "timeout": spec.batch_timeout_s,
        "logging_level": spec.logging_level,
        "environment_variables": dict(spec.environment_variables),
        "append_row_to": append_row_to,
        "append_row_is_folder": append_row_is_folder,
        "work_dir": str(work_dir),
        "state_file": str(state_file),
        "reuse_dir": None if reuse_dir is None else str(reuse_dir),
        "log_dir": None if log_dir is None else str(log_dir),
        "scope": scope,
    }


@dataclass
class BatchRecord:
    """The latest state of one mini-batch."""

    index: int
    state: str
    items: int = 0
    retries: int = 0
    duration_s: float | None = None
    error: str | None = None
    partition: dict[str, Any] | None = None
    worker: int | None = None  # the worker process (pid) that last took it


@dataclass
class Progress:
    """Mini-batches by state, each batch's latest record, and the driver's summary once it ended."""

    batches: dict[int, BatchRecord] = field(default_factory=dict)
    summary: dict[str, Any] | None = None

    def counts(self) -> dict[str, int]:
        """How many batches are in each state."""
        out = dict.fromkeys(BATCH_STATES, 0)
        for b in self.batches.values():
            out[b.state] = out.get(b.state, 0) + 1
        return out

    @property
    def total(self) -> int:
        """How many mini-batches the input was cut into."""
        return len(self.batches)

    @property
    def done(self) -> int:
        """Batches finished well (run now or reused from an earlier run)."""
        c = self.counts()
        return c["completed"] + c["reused"]

    def event_counts(self) -> tuple[int, int, int, int]:
        """``(done, running, failed, total)`` as a :class:`~designer.engine.events.StepProgress` counts them."""
        c = self.counts()
        return c["completed"] + c["reused"], c["running"] + c["retrying"], c["failed"], self.total


def _take(progress: Progress, line: str) -> None:
    """Apply one JSON line of the driver's state file to ``progress`` (a cut or malformed line is skipped)."""
    try:
        item = json.loads(line)
    except ValueError:
        return
    if not isinstance(item, Mapping):
        return
    if item.get("summary"):
        progress.summary = dict(item)
        return
    try:
        index = int(item["batch"])
    except (KeyError, TypeError, ValueError):
        return
    progress.batches[index] = BatchRecord(
        index, str(item.get("state")), int(item.get("items") or 0), int(item.get("retries") or 0),
        item.get("duration_s"), item.get("error"), item.get("partition"), item.get("worker"))


def read_progress(state_file: Path, *, max_bytes: int = 8 * 1024 * 1024) -> Progress:
    """Read the driver's JSON-lines state file (at most ``max_bytes`` from its end).

    A line that is cut or malformed (the driver may be writing it) is skipped. Returns a
    :class:`Progress`; an absent file gives an empty one.
    """
    progress = Progress()
    data = read_tail(state_file, lines=1 << 30, max_bytes=max_bytes)  # "" when absent
    for line in data.splitlines():
        _take(progress, line)
    return progress


class ProgressFollower:
    """Follows the driver's state file as it grows: each :meth:`poll` reads only the new lines.

    A live step's progress is read every half second; re-reading a file of 10,000 batch records
    each time would cost more than the batches. A line still being written waits for the next poll.
    """

    CHUNK = 1 << 20

    def __init__(self, state_file: Path) -> None:
        self.state_file = state_file
        self.progress = Progress()
        self._offset = 0
        self._partial = ""
        # a cancelled follower's thread may still be reading when the final read starts
        self._lock = threading.Lock()

    def poll(self) -> Progress:
        """Take the lines written since the last call; return the progress so far (blocking: file
        reads; safe to call from several threads)."""
        with self._lock:
            return self._poll()

    def _poll(self) -> Progress:
        while True:
            text, offset = read_chunk(self.state_file, self._offset, max_bytes=self.CHUNK)
            if offset < self._offset or (offset == len(text.encode()) and self._offset and text):
                # the file was started again (a new driver): start again too
                self.progress, self._partial = Progress(), ""
            self._offset = offset
            if not text:
                return self.progress
            lines = (self._partial + text).split("\n")
            self._partial = lines.pop()
            for line in lines:
                if line.strip():
                    _take(self.progress, line)
