"""The engine's shipped in-memory protocol implementations and its bounded log readers."""

from __future__ import annotations

from pathlib import Path

from engine_helpers import Harness, toy_pipeline

from designer.engine.artifacts import read_chunk, read_tail
from designer.engine.cache import CacheEntry, CacheIndex
from designer.engine.events import STEP_FINAL, EventSink, StepStateChanged
from designer.engine.memory import MemoryCache, MemorySink


def test_memory_sink_and_cache_serve_a_real_run(harness: Harness) -> None:
    path = toy_pipeline(harness, "p", {"a": {"in": {"x": 1}}, "b": {"in": {"x": "@a"}}})
    first = harness.run(path)
    assert first.ok
    assert harness.sink.states("a")[-1] == "completed"
    assert all(isinstance(e, StepStateChanged) for e in harness.sink.of(StepStateChanged))
    again = harness.run(path)
    assert harness.sink.states("b") == ["cached"]
    assert again.steps["b"].reused_from == first.run_id
    sink: EventSink = MemorySink()  # both satisfy the protocols (mypy checks the assignment)
    cache: CacheIndex = MemoryCache()
    assert sink is not None and cache is not None


def test_memory_cache_keeps_the_newest_and_invalidates_only_that_entry() -> None:
    cache = MemoryCache()
    cache.commit(CacheEntry("f", "r1", "s"))
    cache.commit(CacheEntry("f", "r2", "s"))
    cache.invalidate("f", "r1", "s")  # an older entry: the newer one stays
    entry = cache.lookup("f")
    assert entry is not None and entry.run_id == "r2"
    cache.invalidate("f", "r2", "s")
    assert cache.lookup("f") is None
    assert cache.invalidated == [("f", "r1", "s"), ("f", "r2", "s")]


def test_step_final_holds_the_end_states_and_not_preparing() -> None:
    assert {"completed", "failed", "canceled", "cached", "skipped"} == STEP_FINAL
    assert "preparing" not in STEP_FINAL


def test_read_tail_reads_at_most_max_bytes(tmp_path: Path) -> None:
    log = tmp_path / "big.txt"
    with open(log, "w", encoding="utf-8") as fh:
        for i in range(200_000):
            fh.write(f"line {i}\n")
    assert read_tail(log, lines=3) == "line 199997\nline 199998\nline 199999"
    # a window of 20 bytes holds "line 199998\nline 199999\n" only partly: the cut line is dropped
    assert read_tail(log, lines=10, max_bytes=20) == "line 199999"
    assert read_tail(tmp_path / "missing.txt", lines=5) == ""
    assert read_tail(log, lines=0) == ""


def test_read_chunk_follows_a_growing_file_without_splitting_characters(tmp_path: Path) -> None:
    log = tmp_path / "live.txt"
    log.write_bytes("aé€😀b".encode())  # 1 + 2 + 3 + 4 + 1 bytes
    seen, offset = "", 0
    while True:
        text, new = read_chunk(log, offset, max_bytes=4)
        if new == offset:
            break
        seen, offset = seen + text, new
    assert seen == "aé€😀b"
    assert "\ufffd" not in seen
    with open(log, "ab") as fh:
        fh.write(b"\nmore\n")
    text, offset2 = read_chunk(log, offset, max_bytes=1000)
    assert text == "\nmore\n" and offset2 == log.stat().st_size
    log.write_text("new", encoding="utf-8")  # replaced by a shorter file: start again
    assert read_chunk(log, offset2, max_bytes=1000) == ("new", 3)
    assert read_chunk(tmp_path / "missing.txt", 7, max_bytes=10) == ("", 7)
