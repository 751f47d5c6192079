"""Output previews: tables, images, JSON, text, folders, and readable answers for bad files."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pytest

from designer.ui.format import human_size
from designer.ui.reads.previews import (
    FolderPreview,
    ImagePreview,
    NoPreview,
    TablePreview,
    TextPreview,
    cell,
    find_images,
    preview,
)

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def test_csv_shows_first_rows_types_and_count(tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    df = pd.DataFrame({"age": range(100), "income": [i * 1.5 for i in range(100)],
                       "name": [f"n{i}" for i in range(100)], "ok": [i % 2 == 0 for i in range(100)]})
    df.loc[3, "income"] = math.nan
    df.to_csv(path, index=False)

    result = preview(path, max_rows=5)

    assert isinstance(result, TablePreview)
    assert result.format == "CSV"
    assert [(c.name, c.type) for c in result.columns] == [
        ("age", "integer"), ("income", "number"), ("name", "text"), ("ok", "boolean")]
    assert len(result.rows) == 5
    assert result.rows[0] == {"age": 0, "income": 0.0, "name": "n0", "ok": True}
    assert result.rows[3]["income"] is None  # NaN is not valid JSON
    assert result.total_rows == 100
    json.dumps(result.rows)


def test_parquet_shows_schema_and_row_count_without_reading_everything(tmp_path: Path) -> None:
    path = tmp_path / "t.parquet"
    pd.DataFrame({"x": range(5000), "when": pd.date_range("2024-01-01", periods=5000, freq="h"),
                  "label": ["a", "b"] * 2500}).to_parquet(path)

    result = preview(path, max_rows=3)

    assert isinstance(result, TablePreview)
    assert result.format == "Parquet"
    assert result.total_rows == 5000
    assert [(c.name, c.type) for c in result.columns] == [("x", "integer"), ("when", "datetime"), ("label", "text")]
    assert result.rows[1] == {"x": 1, "when": "2024-01-01T01:00:00", "label": "b"}
    json.dumps(result.rows)


def test_table_folder_previews_its_data_file(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    pd.DataFrame({"a": [1, 2]}).to_parquet(folder / "data.parquet")
    (folder / "schema.json").write_text('{"label": "a", "features": null}')

    result = preview(folder)

    assert isinstance(result, FolderPreview)
    assert [e.name for e in result.entries] == ["data.parquet", "schema.json"]
    assert isinstance(result.main, TablePreview)
    assert result.main.total_rows == 2


def test_folder_listing_is_bounded_and_skips_staging(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    (folder / "sub").mkdir(parents=True)
    (folder / ".tmp-x").mkdir()
    for i in range(30):
        (folder / "sub" / f"f{i:02}.bin").write_bytes(b"\0" * i)

    result = preview(folder, max_entries=10)

    assert isinstance(result, FolderPreview)
    assert result.truncated
    assert len(result.entries) == 10
    assert result.entries[0].name == "sub" and result.entries[0].is_dir
    assert result.entries[1].name == "sub/f00.bin"
    assert result.total_size == sum(range(30))
    assert result.main is None


def test_json_is_pretty_printed(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    path.write_text('{"accuracy":0.9,"labels":["a","b"]}')

    result = preview(path)

    assert isinstance(result, TextPreview)
    assert result.language == "json"
    assert result.text == '{\n  "accuracy": 0.9,\n  "labels": [\n    "a",\n    "b"\n  ]\n}'


def test_text_is_cut_at_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "log.txt"
    path.write_text("x" * 5000)

    result = preview(path, max_bytes=1000)

    assert isinstance(result, TextPreview)
    assert result.truncated and len(result.text) == 1000 and result.size == 5000


def test_images_and_binaries(tmp_path: Path) -> None:
    (tmp_path / "plot.png").write_bytes(PNG)
    (tmp_path / "model.pkl").write_bytes(b"\x80\x04\x95\x00\x00binary")

    assert isinstance(preview(tmp_path / "plot.png"), ImagePreview)
    binary = preview(tmp_path / "model.pkl")
    assert isinstance(binary, NoPreview) and "Binary file" in binary.message


def test_single_file_folder_previews_that_file(tmp_path: Path) -> None:
    (tmp_path / "o").mkdir()
    (tmp_path / "o" / "o").write_text("hello\n")

    result = preview(tmp_path / "o")

    assert isinstance(result, FolderPreview) and isinstance(result.main, TextPreview)
    assert result.main.text == "hello\n"


@pytest.mark.parametrize("content", ["", "a,b\n1,\"unterminated\n"])
def test_bad_csv_is_explained_not_raised(tmp_path: Path, content: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(content)

    result = preview(path)

    assert isinstance(result, NoPreview | TextPreview | TablePreview)
    if isinstance(result, NoPreview):
        assert result.message.endswith(".")


def test_broken_parquet_and_missing_file(tmp_path: Path) -> None:
    (tmp_path / "x.parquet").write_text("not parquet")

    broken = preview(tmp_path / "x.parquet")
    missing = preview(tmp_path / "nope.csv")

    assert isinstance(broken, NoPreview) and "Parquet" in broken.message
    assert isinstance(missing, NoPreview) and "not on disk" in missing.message


def test_find_images_sorted_and_limited(tmp_path: Path) -> None:
    (tmp_path / "outputs" / "plots").mkdir(parents=True)
    (tmp_path / "outputs" / ".tmp-x").mkdir()
    (tmp_path / "outputs" / ".tmp-x" / "half.png").write_bytes(PNG)
    for name in ("b.png", "a.png", "c.txt"):
        (tmp_path / "outputs" / "plots" / name).write_bytes(PNG)

    images = find_images(tmp_path)

    assert [i.name for i in images] == ["outputs/plots/a.png", "outputs/plots/b.png"]
    assert find_images(tmp_path, limit=1)[0].name == "outputs/plots/a.png"
    assert find_images(tmp_path / "missing") == []


def test_cell_and_sizes() -> None:
    import numpy as np

    assert cell(np.int64(3)) == 3 and isinstance(cell(np.int64(3)), int)
    assert cell(float("inf")) is None
    assert cell(pd.NaT) is None
    assert cell(pd.NA) is None
    assert cell(pd.Timestamp("2024-01-02")) == "2024-01-02T00:00:00"
    assert cell(b"abc") == "<3 bytes of binary data>"
    assert cell([1, 2]) == "[1, 2]"
    assert human_size(1) == "1 byte"
    assert human_size(1536) == "1.5 KB"
    assert human_size(None) == ""
