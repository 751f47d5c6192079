"""Data input and output components, run through `designer run`."""

from __future__ import annotations

import io
import json

import pandas as pd
from components_harness import ref

CSV = "id;name;score;passed\n1;Ada;9.5;yes\n2;Alan;7.0;no\n3;Grace;8.25;yes\n"


def test_sample_datasets_and_import_export(run_pipeline):
    parquet = io.BytesIO()
    pd.DataFrame({"x": [1.5, 2.5], "y": ["a", "b"]}).to_parquet(parquet, index=False)
    result = run_pipeline(
        {
            "iris": {"component": "sample_dataset", "inputs": {"dataset": "iris"}},
            "wine": {"component": "sample_dataset", "inputs": {"dataset": "wine"}},
            "cancer": {"component": "sample_dataset", "inputs": {"dataset": "breast_cancer"}},
            "diabetes": {"component": "sample_dataset", "inputs": {"dataset": "diabetes"}},
            "digits": {"component": "sample_dataset", "inputs": {"dataset": "digits"}},
            "csv": {
                "component": "import_data",
                "inputs": {
                    "source": {"type": "uri_file", "path": "./scores.csv"},
                    "separator": ";",
                    "label_column": "passed",
                },
            },
            "parquet": {
                "component": "import_data",
                "inputs": {"source": {"type": "uri_file", "path": "./x.parquet"}},
            },
            "typed": {
                "component": "enter_data_manually",
                "inputs": {"data": "city,population\nParis,2.1\nLyon,0.5", "label_column": "population"},
            },
            "export_csv": {
                "component": "export_data",
                "inputs": {"input_data": ref("csv"), "file_name": "scores"},
            },
            "export_json": {
                "component": "export_data",
                "inputs": {"input_data": ref("typed"), "file_format": "json", "file_name": "cities"},
            },
            "export_parquet": {
                "component": "export_data",
                "inputs": {"input_data": ref("iris"), "file_format": "parquet"},
            },
        },
        files={"scores.csv": CSV, "x.parquet": parquet.getvalue()},
    )
    assert result.status == "completed", result.describe()
    assert result.returncode == 0

    shapes = {
        "iris": (150, 5),
        "wine": (178, 14),
        "cancer": (569, 31),
        "diabetes": (442, 11),
        "digits": (1797, 65),
    }
    labels = {
        "iris": "species",
        "wine": "cultivar",
        "cancer": "diagnosis",
        "diabetes": "progression",
        "digits": "digit",
    }
    for step, shape in shapes.items():
        df = result.table(step)
        schema = result.schema(step)
        assert df.shape == shape, step
        assert schema["label"] == labels[step]
        assert len(schema["features"]) == shape[1] - 1
        assert labels[step] not in schema["features"]
    iris = result.table("iris")
    assert sorted(iris["species"].unique()) == ["setosa", "versicolor", "virginica"]
    assert list(iris.columns[:4]) == ["sepal_length", "sepal_width", "petal_length", "petal_width"]
    assert set(result.table("cancer")["diagnosis"]) == {"malignant", "benign"}
    assert result.table("digits")["digit"].nunique() == 10

    scores = result.table("csv")
    assert list(scores.columns) == ["id", "name", "score", "passed"]
    assert scores["score"].tolist() == [9.5, 7.0, 8.25]
    assert result.schema("csv")["label"] == "passed"
    assert result.table("parquet")["y"].tolist() == ["a", "b"]

    typed = result.table("typed")
    assert typed["population"].tolist() == [2.1, 0.5]
    assert result.schema("typed")["label"] == "population"

    exported = result.out("export_csv", "exported")
    assert [p.name for p in exported.iterdir()] == ["scores.csv"]
    assert pd.read_csv(exported / "scores.csv")["name"].tolist() == ["Ada", "Alan", "Grace"]
    cities = json.loads((result.out("export_json", "exported") / "cities.json").read_text())
    assert cities == [{"city": "Paris", "population": 2.1}, {"city": "Lyon", "population": 0.5}]
    assert pd.read_parquet(result.out("export_parquet", "exported") / "data.parquet").shape == (150, 5)


def test_data_io_errors_are_one_clear_sentence(run_pipeline):
    result = run_pipeline(
        {
            "bad_label": {
                "component": "import_data",
                "inputs": {
                    "source": {"type": "uri_file", "path": "./scores.csv"},
                    "separator": ";",
                    "label_column": "scor",
                },
            },
            "ragged": {"component": "enter_data_manually", "inputs": {"data": "a,b\n1,2,3\n4,5"}},
            "typed": {"component": "enter_data_manually", "inputs": {"data": "a,b\n1,2"}},
            "bad_name": {
                "component": "export_data",
                "inputs": {"input_data": ref("typed"), "file_name": "../outside"},
            },
        },
        files={"scores.csv": CSV},
        keep_going=True,
    )
    assert result.status == "failed"
    assert result.returncode == 1
    for step in ("bad_label", "ragged", "bad_name"):
        assert result.step(step)["status"] == "failed", step
    assert result.error("bad_label") == (
        "Error: label column 'scor' is not in the imported file (did you mean 'score'?); "
        "available columns: id, name, score, passed"
    )
    assert "line 2 of the typed data has 3 values but line 1 has 2" in result.error("ragged")
    assert "file name '../outside' is not allowed" in result.error("bad_name")
