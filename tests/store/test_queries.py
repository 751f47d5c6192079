"""The runs page's queries over 10,000 runs: filters, counts and server-side paging."""

from __future__ import annotations

import shutil
import statistics
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert

from designer.store import Store
from designer.store import tables as t

N = 10_000
STATES = ("completed", "completed", "completed", "failed", "canceled", "interrupted", "running")
PIPELINES = ("train_model", "score_batch", "etl_daily", "Train 100% data_v2")


def _row(i: int) -> dict[str, Any]:
    name = PIPELINES[i % len(PIPELINES)]
    return {"id": f"2025{i:06d}-{i * 7919 % 1000003:07x}", "pipeline_file": f"pipelines/{name}.yml",
            "pipeline_name": name, "source": ("cli", "ui", "sdk")[i % 3], "state": STATES[i % len(STATES)],
            "parameters": {"i": i}, "started_at": 1_700_000_000.0 + i * 60 + (i % 13),
            "ended_at": None, "heartbeat_at": None, "pid": 1000 + i, "host": "h", "error": None,
            "run_dir": f"/runs/{i}", "rerun_of": None, "cancel_requested": False,
            "steps_total": 5, "steps_done": 5, "steps_reused": i % 5}


ROWS = [_row(i) for i in range(N)]


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory, migrated_db: Path) -> Iterator[Store]:
    """A store holding ``N`` runs, inserted in bulk."""
    path = tmp_path_factory.mktemp("big") / "designer.db"
    shutil.copyfile(migrated_db, path)
    store = Store.open(f"sqlite:///{path}")
    with store.engine.begin() as conn:
        conn.execute(insert(t.runs), ROWS)
    yield store
    store.close()


def newest_first(rows: list[dict[str, Any]]) -> list[str]:
    return [r["id"] for r in sorted(rows, key=lambda r: (r["started_at"], r["id"]), reverse=True)]


def test_first_page_is_fast_and_newest_first(big: Store) -> None:
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        page = big.list_runs()
        times.append(time.perf_counter() - t0)
    print(f"\nlist_runs first page of {N}: median {statistics.median(times) * 1e3:.1f} ms")
    assert [r.id for r in page] == newest_first(ROWS)[:50]
    assert page[0].parameters == {"i": N - 1} and page[0].steps_reused == (N - 1) % 5
    assert statistics.median(times) < 0.05
    t0 = time.perf_counter()
    deep = big.list_runs(offset=9_000, limit=50)
    print(f"list_runs page at offset 9000: {(time.perf_counter() - t0) * 1e3:.1f} ms")
    assert [r.id for r in deep] == newest_first(ROWS)[9_000:9_050]


@pytest.mark.parametrize(("state", "pipeline", "text"), [
    (None, None, None), ("failed", None, None), (None, "etl_daily", None), ("running", "train_model", None),
    (None, None, "SCORE"), (None, None, "100%"), (None, None, "_v2"), ("completed", None, "train"),
    (None, None, "2025000042-"), ("no-such-state", None, None), (None, None, "zzz"),
])
def test_filters_count_and_page_together(big: Store, state: str | None, pipeline: str | None,
                                         text: str | None) -> None:
    def wanted(r: dict[str, Any]) -> bool:
        hay = f"{r['id']} {r['pipeline_name']} {r['pipeline_file']}".lower()
        return ((state is None or r["state"] == state) and (pipeline is None or r["pipeline_name"] == pipeline)
                and (text is None or text.lower() in hay))

    expected = newest_first([r for r in ROWS if wanted(r)])
    assert big.count_runs(state=state, pipeline=pipeline, text=text) == len(expected)
    pages: list[str] = []
    offset = 0
    while offset < min(len(expected), 300):
        page = big.list_runs(state=state, pipeline=pipeline, text=text, offset=offset, limit=100)
        assert page, offset
        pages += [r.id for r in page]
        offset += 100
    assert pages == expected[:len(pages)]
    assert big.list_runs(state=state, pipeline=pipeline, text=text, offset=len(expected)) == []


def test_pipelines_lists_distinct_names(big: Store) -> None:
    assert big.pipelines() == sorted(PIPELINES)


def test_get_run_reads_one_record(big: Store) -> None:
    run = big.get_run(ROWS[7]["id"])
    assert run is not None and run.pipeline_name == PIPELINES[7 % 4] and run.state == STATES[0]
    assert run.duration is None
