"""The table view's reads: a page at a time, sorted, statistics over a bounded sample said as such."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from designer.ui.reads import tables
from designer.ui.reads.previews import NoPreview


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    df = pd.DataFrame({"id": range(300), "age": [None if i % 10 == 0 else 20 + (i * 7) % 50 for i in range(300)],
                       "city": [["Oslo", "Rome", "Lima"][i % 3] for i in range(300)]})
    df.to_parquet(tmp_path / "data.parquet")
    df.to_csv(tmp_path / "copy.csv", index=False)
    return tmp_path


@pytest.mark.parametrize("name", ["data.parquet", "copy.csv"])
def test_a_page_and_its_types(folder: Path, name: str) -> None:
    page = tables.read_page(folder / name, offset=290, limit=50)
    assert not isinstance(page, NoPreview)
    assert [r["id"] for r in page.rows] == list(range(290, 300))
    assert page.total_rows == 300
    assert [(c.name, c.type) for c in page.columns] == [("id", "integer"), ("age", "integer"), ("city", "text")]


def test_a_folder_pages_its_main_table_sorted(folder: Path) -> None:
    page = tables.read_page(folder, limit=3, sort="age", descending=True)
    assert not isinstance(page, NoPreview)
    assert page.path.name == "data.parquet" and page.sorted_over is None
    assert [r["age"] for r in page.rows] == [69, 69, 69]
    last = tables.read_page(folder, offset=297, limit=3, sort="age")
    assert not isinstance(last, NoPreview)
    assert [r["age"] for r in last.rows] == [None, None, None]  # missing values sort last


def test_sorting_a_big_table_sorts_a_bounded_sample_and_says_so(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tables, "SORT_ROWS", 100)
    page = tables.read_page(folder / "copy.csv", limit=5, sort="id", descending=True)
    assert not isinstance(page, NoPreview)
    assert page.sorted_over == 100 and [r["id"] for r in page.rows] == [99, 98, 97, 96, 95]


def test_statistics_over_a_sample(folder: Path) -> None:
    stats = tables.read_stats(folder, rows=100)
    assert not isinstance(stats, NoPreview)
    assert stats.sampled and stats.rows == 100 and stats.total_rows == 300
    age = {c.name: c for c in stats.columns}["age"]
    assert (age.count, age.missing) == (90, 10)
    assert sum(n for _, n in age.histogram) == 90
    city = {c.name: c for c in stats.columns}["city"]
    assert city.mean is None and city.distinct == 3 and city.histogram[0] == ("Oslo", 34)


def test_no_table_is_a_sentence(tmp_path: Path) -> None:
    (tmp_path / "model.pkl").write_bytes(b"\x00")
    assert isinstance(tables.read_page(tmp_path), NoPreview)
    (tmp_path / "bad.csv").write_bytes(b'a,b\n"1,2\n')
    found = tables.read_stats(tmp_path / "bad.csv")
    assert isinstance(found, NoPreview) or found.rows <= 1
    missing = tables.read_page(tmp_path / "nope")
    assert isinstance(missing, NoPreview) and "no table" in missing.message
