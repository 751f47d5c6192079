"""In-memory implementations of the engine's two protocols, for tests and for embedding the engine.

:class:`MemorySink` keeps every :class:`~designer.engine.events.Event` of a run in a list;
:class:`MemoryCache` keeps :class:`~designer.engine.cache.CacheEntry` records in a dict. They are
real implementations (as kedro ships ``MemoryDataset``), not mocks: a runner given them behaves as it
does with the store, except that nothing outlives the process::

    from designer.engine.memory import MemoryCache, MemorySink
    from designer.engine.runner import Runner

    sink, cache = MemorySink(), MemoryCache()
    result = await Runner(settings, run_root, sink, cache).run("pipeline.yml")
    sink.states("train")  # ['running', 'completed']
"""

from __future__ import annotations

from typing import TypeVar

from designer.engine.cache import CacheEntry
from designer.engine.events import Event, StepStateChanged

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
