"""The store as the engine's CacheIndex: newest entry wins, commits replace, invalidation forgets."""

from __future__ import annotations

from designer.engine.cache import CacheEntry
from designer.store import Store


def entry(run_id: str, step: str = "train", fp: str = "f" * 64, at: float = 1.0, digest: str = "h1") -> CacheEntry:
    return CacheEntry(fp, run_id, step, {"model": f"/runs/{run_id}/{step}/outputs/model"}, {"model": digest}, at)


def test_lookup_misses_then_hits_the_newest(store: Store) -> None:
    assert store.lookup("f" * 64) is None
    store.commit(entry("r1", at=10.0))
    store.commit(entry("r2", at=20.0))
    store.commit(entry("r0", at=5.0))
    store.commit(entry("r9", fp="e" * 64, at=99.0))
    assert store.lookup("f" * 64) == entry("r2", at=20.0)  # read-your-writes: lookup waits for the queue
    assert store.lookup("e" * 64) == entry("r9", fp="e" * 64, at=99.0)


def test_commit_replaces_the_same_run_and_step(store: Store) -> None:
    store.commit(entry("r1", at=10.0, digest="old"))
    store.commit(entry("r1", at=11.0, digest="new"))
    store.invalidate("f" * 64, "r1", "train")
    assert store.lookup("f" * 64) is None  # there was only one entry


def test_invalidate_forgets_one_entry_and_uncovers_the_older(store: Store) -> None:
    store.commit(entry("r1", at=10.0))
    store.commit(entry("r2", at=20.0))
    store.invalidate("f" * 64, "r2", "train")
    assert store.lookup("f" * 64) == entry("r1", at=10.0)
    store.invalidate("f" * 64, "r2", "train")  # twice is harmless
    store.invalidate("f" * 64, "r1", "other-step")  # no such entry: nothing happens
    assert store.lookup("f" * 64) == entry("r1", at=10.0)


def test_entries_survive_reopening(db_url: str) -> None:
    with Store.open(db_url) as s:
        s.commit(entry("r1", at=10.0))
    with Store.open(db_url) as s:
        assert s.lookup("f" * 64) == entry("r1", at=10.0)
