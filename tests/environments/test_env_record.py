"""The environments record of a run (``<run>/environments.json``) is written at most every half second
while the run goes on, and whole when it ends: a 1,000-step run used to write it whole after each step."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from designer.engine.environments import EnvSettings
from designer.engine.environments import steps as env_steps
from designer.engine.environments.locks import RECORD_FILE, read_run_locks
from designer.engine.environments.steps import RunEnvironments, current_env


def _environments(tmp_path: Path) -> RunEnvironments:
    return RunEnvironments(EnvSettings("current", tmp_path / "cache", {}, tmp_path / "registered", "test"))


def test_a_thousand_steps_write_the_record_a_few_times_and_it_ends_whole(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    writes: list[int] = []
    real_replace = Path.replace

    def counting_replace(self: Path, target: Path) -> Path:  # type: ignore[override]
        if Path(target).name == RECORD_FILE:
            writes.append(len(json.loads(self.read_text(encoding="utf-8"))["steps"]))
        return real_replace(self, target)

    monkeypatch.setattr(Path, "replace", counting_replace)
    envs, built = _environments(tmp_path), current_env()

    async def run() -> list[int]:
        seen_while_running = []
        for i in range(1000):
            envs.note(f"step_{i:04d}", built)
            envs.save_record(tmp_path)
            if i in (0, 500):  # the run goes on: the loop fires the pending write when it is due
                locks = read_run_locks(tmp_path)
                seen_while_running.append(len(locks.steps) if locks else 0)
                await asyncio.sleep(env_steps.RECORD_EVERY_S + 0.1)
        locks = read_run_locks(tmp_path)
        seen_while_running.append(len(locks.steps) if locks else 0)
        envs.flush_record()
        return seen_while_running

    seen = asyncio.run(run())
    assert writes[0] == 1  # the first step's record is written at once
    assert len(writes) < 20, f"{len(writes)} writes for 1,000 steps"
    assert writes[-1] == 1000
    locks = read_run_locks(tmp_path)
    assert locks is not None and len(locks.steps) == 1000 and locks.of("step_0999") is not None
    assert seen[0] == 1 and seen[-1] == 501, seen  # a reader sees the record grow during the run, not only at its end


def test_nothing_pending_writes_nothing_and_a_later_change_is_written_after_the_interval(tmp_path: Path) -> None:
    envs, built = _environments(tmp_path), current_env()
    envs.flush_record()
    assert not (tmp_path / RECORD_FILE).exists()

    async def run() -> tuple[int, int]:
        envs.note("a", built)
        envs.save_record(tmp_path)
        envs.note("b", built)
        envs.save_record(tmp_path)  # within the interval: waits
        now = len(json.loads((tmp_path / RECORD_FILE).read_text(encoding="utf-8"))["steps"])
        await asyncio.sleep(env_steps.RECORD_EVERY_S + 0.1)
        later = len(json.loads((tmp_path / RECORD_FILE).read_text(encoding="utf-8"))["steps"])
        return now, later

    assert asyncio.run(run()) == (1, 2)
