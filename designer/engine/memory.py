"""In-memory implementations of the engine's two protocols, for tests and for embedding the engine.

:class:`MemorySink` keeps every :class:`~designer.engine.events.Event` of a run in a list;
:class:`MemoryCache` keeps :class:`~designer.engine.cache.CacheEntry` records in a dict;
:class:`MemoryHistory` is a sink that remembers runs across runs, the engine's
:class:`~designer.engine.why.StepHistory` (why a step re-ran, ``--only``, resumed runs). They are
real implementations (as kedro ships ``MemoryDataset``), not mocks: a runner given them behaves as it
does with the store, except that nothing outlives the process::

    from designer.engine.memory import MemoryCache, MemorySink
    from designer.engine.runner import Runner

    sink, cache = MemorySink(), MemoryCache()
    result = await Runner(settings, run_root, sink, cache).run("pipeline.yml")
    sink.states("train")  # ['running', 'completed']
"""

from __future__ import annotations

from typing import Any, TypeVar

from designer.engine.cache import CacheEntry
from designer.engine.events import Event, RunFinished, RunStarted, StepStateChanged
from designer.engine.why import EarlierStep

E = TypeVar("E")


class MemorySink:
    """An :class:`~designer.engine.events.EventSink` that keeps every event, in order, in :attr:`events`."""

    def __init__(self) -> None:
        self.events: list[Event] = []

    def emit(self, event: Event) -> None:
        """Append ``event`` to :attr:`events`."""
        self.events.append(event)

    def of(self, kind: type[E]) -> list[E]:
        """The events of type ``kind`` (for example ``StepStateChanged``), in order."""
        return [e for e in self.events if isinstance(e, kind)]

    def changes(self, step: str) -> list[StepStateChanged]:
        """The state changes of step ``step``, in order."""
        return [e for e in self.events if isinstance(e, StepStateChanged) and e.step == step]

    def states(self, step: str) -> list[str]:
        """The states step ``step`` went through, in order."""
        return [e.state for e in self.changes(step)]


class MemoryCache:
    """A :class:`~designer.engine.cache.CacheIndex` in a dict: the newest entry per fingerprint.

    :attr:`invalidated` lists every ``(fingerprint, run_id, step)`` the runner found untrustworthy.
    """

    def __init__(self) -> None:
        self.entries: dict[str, CacheEntry] = {}
        self.invalidated: list[tuple[str, str, str]] = []

    def lookup(self, fingerprint: str) -> CacheEntry | None:
        """The entry committed last under ``fingerprint``, or None."""
        return self.entries.get(fingerprint)

    def commit(self, entry: CacheEntry) -> None:
        """Keep ``entry`` as the newest one for its fingerprint."""
        self.entries[entry.fingerprint] = entry

    def invalidate(self, fingerprint: str, run_id: str, step: str) -> None:
        """Forget the entry of ``run_id``/``step`` under ``fingerprint`` (a newer one is kept)."""
        self.invalidated.append((fingerprint, run_id, step))
        entry = self.entries.get(fingerprint)
        if entry is not None and (entry.run_id, entry.step) == (run_id, step):
            del self.entries[fingerprint]


class MemoryHistory:
    """An EventSink that remembers every run it saw, and answers as a :class:`~designer.engine.why.StepHistory`.

    Give the same one to every runner (``Runner(..., sink=FanOut(sink, history), history=history)``).
    """

    def __init__(self) -> None:
        self._runs: list[tuple[str, str, float]] = []  # (run id, pipeline file, started at), in order
        self._state: dict[str, str] = {}
        self._steps: dict[tuple[str, str], dict[str, Any]] = {}

    def emit(self, event: Event) -> None:
        """Remember what a run and its steps did."""
        if isinstance(event, RunStarted):
            self._runs.append((event.run_id, event.pipeline_file, event.at))
            self._state[event.run_id] = "running"
        elif isinstance(event, StepStateChanged):
            row = self._steps.setdefault((event.run_id, event.step), {"outputs": {}})
            row["state"] = event.state
            for key in ("fingerprint", "ingredients"):
                if getattr(event, key) is not None:
                    row[key] = getattr(event, key)
            if event.outputs:
                row["outputs"] = dict(event.outputs)
        elif isinstance(event, RunFinished):
            self._state[event.run_id] = event.state

    def earlier_step(self, pipeline_file: str, step: str, *, before_run: str | None = None,
                     successful: bool = False) -> EarlierStep | None:
        """The newest earlier run of ``step`` (see :class:`~designer.engine.why.StepHistory`)."""
        for run_id, file, _ in reversed(self._runs):
            row = self._steps.get((run_id, step))
            if file != pipeline_file or run_id == before_run or row is None:
                continue
            state = str(row.get("state"))
            if (successful and state in ("completed", "cached")) or (not successful and row.get("ingredients")):
                return EarlierStep(run_id, step, state, row.get("fingerprint"), row.get("ingredients"),
                                   dict(row["outputs"]))
        return None

    def earlier_run(self, pipeline_file: str, *, before_run: str | None = None) -> tuple[str, str] | None:
        """``(run id, state)`` of the newest run of ``pipeline_file`` other than ``before_run``."""
        for run_id, file, _ in reversed(self._runs):
            if file == pipeline_file and run_id != before_run:
                return run_id, self._state.get(run_id, "running")
        return None
