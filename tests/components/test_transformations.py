"""Data transformation components, run through `designer run`, with their results checked cell by cell."""

from __future__ import annotations

import math

import pytest
from components_harness import ref

PEOPLE = """id,name,age,city,income,group
1,Ada,36,London,52000,a
2,Alan,41,Manchester,,b
3,Grace,,New York,61000,a
2,Alan,41,Manchester,,b
4,Linus,29,Helsinki,45000,b
5,Barbara,55,Boston,120000,a"""

COUNTRIES = """city,country
London,UK
Manchester,UK
Boston,USA
Paris,France"""


def data_jobs() -> dict:
    return {
        "people": {"component": "enter_data_manually", "inputs": {"data": PEOPLE, "label_column": "group"}},
        "countries": {"component": "enter_data_manually", "inputs": {"data": COUNTRIES}},
        "iris": {"component": "sample_dataset", "inputs": {"dataset": "iris"}},
    }


def test_column_and_row_transformations(run_pipeline):
    people = ref("people")
    jobs = {
        **data_jobs(),
        "keep": {
            "component": "select_columns",
            "inputs": {"input_data": people, "columns": "name, age, label"},
        },
        "drop": {
            "component": "select_columns",
            "inputs": {"input_data": people, "columns": "city, income", "mode": "remove"},
        },
        "rename": {
            "component": "edit_metadata",
            "inputs": {"input_data": people, "columns": "name, age", "new_names": "full_name, years"},
        },
        "relabel": {
            "component": "edit_metadata",
            "inputs": {"input_data": people, "columns": "city", "role": "label"},
        },
        "as_text": {
            "component": "edit_metadata",
            "inputs": {"input_data": people, "columns": "id", "data_type": "string"},
        },
        "fill_mean": {
            "component": "clean_missing_data",
            "inputs": {
                "input_data": people,
                "columns": "age, income",
                "strategy": "replace_with_mean",
                "add_indicator_columns": True,
            },
        },
        "drop_rows": {"component": "clean_missing_data", "inputs": {"input_data": people}},
        "fill_value": {
            "component": "clean_missing_data",
            "inputs": {
                "input_data": people,
                "columns": "income",
                "strategy": "replace_with_value",
                "replacement_value": "0",
            },
        },
        "dedupe": {"component": "remove_duplicate_rows", "inputs": {"input_data": people}},
        "dedupe_id_last": {
            "component": "remove_duplicate_rows",
            "inputs": {"input_data": people, "columns": "id", "keep": "last"},
        },
        "minmax": {
            "component": "normalize_data",
            "inputs": {"input_data": ref("drop_rows"), "method": "minmax"},
        },
        "zscore": {"component": "normalize_data", "inputs": {"input_data": ref("iris")}},
        "robust": {
            "component": "normalize_data",
            "inputs": {"input_data": ref("iris"), "method": "robust", "columns": "sepal_length"},
        },
        "onehot": {
            "component": "convert_to_indicator_values",
            "inputs": {"input_data": ref("dedupe"), "columns": "city"},
        },
        "onehot_default": {
            "component": "convert_to_indicator_values",
            "inputs": {"input_data": ref("dedupe"), "drop_first": True},
        },
        "bins": {
            "component": "group_data_into_bins",
            "inputs": {
                "input_data": ref("iris"),
                "columns": "petal_length",
                "method": "custom_edges",
                "edges": "0, 2, 5, 10",
            },
        },
        "quantile_bins": {
            "component": "group_data_into_bins",
            "inputs": {"input_data": ref("iris"), "bins": 4, "labels": "interval"},
        },
        "join": {
            "component": "join_data",
            "inputs": {
                "left_data": people,
                "right_data": ref("countries"),
                "left_keys": "city",
                "join_type": "left",
            },
        },
        "join_inner": {
            "component": "join_data",
            "inputs": {
                "left_data": people,
                "right_data": ref("countries"),
                "left_keys": "city",
                "keep_right_keys": True,
            },
        },
        "stack": {"component": "add_rows", "inputs": {"input_data_1": people, "input_data_2": people}},
        "stack_loose": {
            "component": "add_rows",
            "inputs": {
                "input_data_1": people,
                "input_data_2": ref("countries"),
                "allow_different_columns": True,
            },
        },
        "side_by_side": {
            "component": "add_columns",
            "inputs": {"input_data_1": ref("keep"), "input_data_2": ref("drop")},
        },
        "sql": {
            "component": "apply_sql_transformation",
            "inputs": {
                "t1": ref("dedupe"),
                "t2": ref("countries"),
                "query": "SELECT t2.country, COUNT(*) AS people, AVG(t1.age) AS mean_age FROM t1 "
                "JOIN t2 ON t1.city = t2.city GROUP BY t2.country ORDER BY t2.country",
            },
        },
        "log": {"component": "apply_math_operation", "inputs": {"input_data": people, "columns": "income"}},
        "double": {
            "component": "apply_math_operation",
            "inputs": {
                "input_data": people,
                "columns": "age",
                "operation": "multiply",
                "operand": 2,
                "output_mode": "replace",
            },
        },
        "clip": {
            "component": "clip_values",
            "inputs": {
                "input_data": people,
                "columns": "age",
                "thresholds": "constant",
                "upper_value": 50,
                "add_indicator_columns": True,
            },
        },
        "clip_pct": {
            "component": "clip_values",
            "inputs": {"input_data": ref("iris"), "substitute": "missing"},
        },
    }
    result = run_pipeline(jobs)
    assert result.status == "completed", result.describe()

    keep = result.table("keep")
    assert list(keep.columns) == ["name", "age", "group"]
    assert result.schema("keep")["label"] == "group"
    assert list(result.table("drop").columns) == ["id", "name", "age", "group"]

    assert list(result.table("rename").columns) == ["id", "full_name", "years", "city", "income", "group"]
    relabel = result.schema("relabel")
    assert (
        relabel["label"] == "city"
        and "city" not in relabel["features"]
        and "group" not in relabel["features"]
    )
    assert result.table("as_text")["id"].tolist() == ["1", "2", "3", "2", "4", "5"]

    filled = result.table("fill_mean")
    assert filled["age"].tolist()[2] == pytest.approx((36 + 41 + 41 + 29 + 55) / 5)
    assert filled["income"].tolist()[1] == pytest.approx((52000 + 61000 + 45000 + 120000) / 4)
    assert filled["age_is_missing"].tolist() == [0, 0, 1, 0, 0, 0]
    assert filled["income_is_missing"].tolist() == [0, 1, 0, 1, 0, 0]
    assert result.table("drop_rows")["id"].tolist() == [1, 4, 5]
    assert result.table("fill_value")["income"].tolist() == [52000, 0, 61000, 0, 45000, 120000]

    assert result.table("dedupe")["id"].tolist() == [1, 2, 3, 4, 5]
    assert result.table("dedupe_id_last")["name"].tolist() == ["Ada", "Grace", "Alan", "Linus", "Barbara"]

    minmax = result.table("minmax")
    assert minmax["age"].tolist() == pytest.approx([(36 - 29) / 26, 0.0, 1.0])
    assert minmax["income"].min() == 0 and minmax["income"].max() == 1
    zscore = result.table("zscore")
    assert zscore["sepal_length"].mean() == pytest.approx(0, abs=1e-9)
    assert zscore["petal_width"].std(ddof=0) == pytest.approx(1)
    assert zscore["species"].nunique() == 3  # the label is left alone
    robust = result.table("robust")
    assert robust["sepal_length"].median() == pytest.approx(0)
    assert robust["sepal_width"].tolist() == result.table("iris")["sepal_width"].tolist()

    onehot = result.table("onehot")
    assert "city" not in onehot.columns
    indicators = [c for c in onehot.columns if c.startswith("city_")]
    assert sorted(indicators) == [
        "city_Boston",
        "city_Helsinki",
        "city_London",
        "city_Manchester",
        "city_New York",
    ]
    assert onehot[indicators].sum(axis=1).tolist() == [1] * 5
    assert set(indicators) <= set(result.schema("onehot")["features"])
    default = result.table("onehot_default")
    assert "name" not in default.columns and "city" not in default.columns
    assert "city_Boston" not in default.columns  # drop_first removes the first (sorted) category
    assert "group" in default.columns  # never the label

    bins = result.table("bins")
    expected = [0 if v <= 2 else 1 if v <= 5 else 2 for v in result.table("iris")["petal_length"]]
    assert bins["petal_length_bin"].tolist() == expected
    quantile = result.table("quantile_bins")
    assert {f"{c}_bin" for c in ["sepal_length", "sepal_width", "petal_length", "petal_width"]} <= set(
        quantile.columns
    )
    assert quantile["sepal_length_bin"].nunique() == 4

    join = result.table("join")
    assert join["country"].fillna("-").tolist() == ["UK", "UK", "-", "UK", "-", "USA"]
    assert "city_right" not in join.columns
    inner = result.table("join_inner")
    assert inner["name"].tolist() == ["Ada", "Alan", "Alan", "Barbara"]
    assert "city_right" in inner.columns

    assert len(result.table("stack")) == 12
    loose = result.table("stack_loose")
    assert len(loose) == 10 and loose["country"].notna().sum() == 4
    side = result.table("side_by_side")
    assert list(side.columns) == ["name", "age", "group", "id", "name_2", "age_2", "group_2"]

    sql = result.table("sql")
    assert sql["country"].tolist() == ["UK", "USA"]
    assert sql["people"].tolist() == [2, 1]
    assert sql["mean_age"].tolist() == pytest.approx([38.5, 55])

    log = result.table("log")
    assert log["log1p_income"].iloc[0] == pytest.approx(math.log1p(52000))
    assert math.isnan(log["log1p_income"].iloc[1])
    assert result.table("double")["age"].tolist()[:2] == [72, 82]
    clip = result.table("clip")
    assert clip["age"].max() == 50
    assert clip["age_clipped"].tolist() == [0, 0, 0, 0, 0, 1]
    clipped = result.table("clip_pct")
    assert clipped["sepal_length"].isna().sum() > 0
    assert clipped["species"].isna().sum() == 0


def test_split_and_sample(run_pipeline):
    iris = ref("iris")
    result = run_pipeline(
        {
            "iris": {"component": "sample_dataset", "inputs": {"dataset": "iris"}},
            "random": {"component": "split_data", "inputs": {"input_data": iris, "fraction": 0.7}},
            "random_again": {"component": "split_data", "inputs": {"input_data": iris, "fraction": 0.7}},
            "stratified": {
                "component": "split_data",
                "inputs": {"input_data": iris, "mode": "stratified", "fraction": 0.6},
            },
            "expression": {
                "component": "split_data",
                "inputs": {
                    "input_data": iris,
                    "mode": "expression",
                    "expression": "petal_length > 5 and species != 'setosa'",
                },
            },
            "head": {
                "component": "partition_and_sample",
                "inputs": {"input_data": iris, "mode": "head", "rows": 10},
            },
            "sample": {
                "component": "partition_and_sample",
                "inputs": {"input_data": iris, "fraction": 0.2, "stratify_column": "species"},
            },
            "folds": {
                "component": "partition_and_sample",
                "inputs": {
                    "input_data": iris,
                    "mode": "assign_folds",
                    "folds": 3,
                    "stratify_column": "species",
                },
            },
            "fold_1": {
                "component": "partition_and_sample",
                "inputs": {"input_data": ref("folds"), "mode": "pick_fold", "fold": 1},
            },
        }
    )
    assert result.status == "completed", result.describe()
    first, second = result.table("random", "output_data_1"), result.table("random", "output_data_2")
    assert (len(first), len(second)) == (105, 45)
    assert first.equals(result.table("random_again", "output_data_1"))  # same seed, same split
    both = sorted(map(tuple, first.values.tolist() + second.values.tolist()))
    assert both == sorted(map(tuple, result.table("iris").values.tolist()))  # every row once
    train = result.table("stratified", "output_data_1")
    test = result.table("stratified", "output_data_2")
    assert train["species"].value_counts().tolist() == [30, 30, 30]
    assert test["species"].value_counts().tolist() == [20, 20, 20]
    assert result.schema("stratified", "output_data_1")["label"] == "species"
    iris = result.table("iris")
    expected = iris[(iris.petal_length > 5) & (iris.species != "setosa")]
    assert len(result.table("expression", "output_data_1")) == len(expected) == 42
    assert len(result.table("expression", "output_data_2")) == 150 - len(expected)

    assert result.table("head")["sepal_length"].tolist() == iris["sepal_length"].head(10).tolist()
    assert result.table("sample")["species"].value_counts().tolist() == [10, 10, 10]
    folds = result.table("folds")
    assert folds["fold"].value_counts().tolist() == [50, 50, 50]
    assert "fold" not in result.schema("folds")["features"]
    picked = result.table("fold_1")
    assert len(picked) == 50 and set(picked["fold"]) == {1}


def test_transformation_errors_are_one_clear_sentence(run_pipeline):
    people = ref("people")
    errors = {
        "select_typo": (
            {"component": "select_columns", "inputs": {"input_data": people, "columns": "nmae"}},
            "Error: column 'nmae' is not in the table (did you mean 'name'?); "
            "available columns: id, name, age, city, income, group",
        ),
        "bad_type": (
            {
                "component": "edit_metadata",
                "inputs": {"input_data": people, "columns": "name", "data_type": "integer"},
            },
            "Error: column 'name' cannot become integer: the value 'Ada' in row 1 is not a number",
        ),
        "bad_expression": (
            {
                "component": "split_data",
                "inputs": {"input_data": people, "mode": "expression", "expression": "agee > 3"},
            },
            "uses 'agee', which is not a column (did you mean 'age'?)",
        ),
        "bad_sql": (
            {
                "component": "apply_sql_transformation",
                "inputs": {"t1": people, "query": "SELECT nme FROM t1"},
            },
            "Error: the SQL query failed: Binder Error",
        ),
        "missing_t2": (
            {"component": "apply_sql_transformation", "inputs": {"t1": people, "query": "SELECT * FROM t2"}},
            "(input t2 is not connected)",
        ),
        "math_on_text": (
            {"component": "apply_math_operation", "inputs": {"input_data": people, "columns": "city"}},
            "Error: column 'city' holds text, but Apply Math Operation needs numbers",
        ),
        "rows_mismatch": (
            {"component": "add_rows", "inputs": {"input_data_1": people, "input_data_2": ref("countries")}},
            "is in the first table but not in the second",
        ),
        "columns_mismatch": (
            {
                "component": "add_columns",
                "inputs": {"input_data_1": people, "input_data_2": ref("countries")},
            },
            "Error: the first table has 6 rows but the second has 4",
        ),
        "join_key": (
            {
                "component": "join_data",
                "inputs": {"left_data": people, "right_data": ref("countries"), "left_keys": "town"},
            },
            "Error: column 'town' is not in the left table",
        ),
        "fill_without_value": (
            {
                "component": "clean_missing_data",
                "inputs": {"input_data": people, "strategy": "replace_with_value"},
            },
            "needs a replacement_value",
        ),
        "mean_of_text": (
            {
                "component": "clean_missing_data",
                "inputs": {"input_data": people, "columns": "city", "strategy": "replace_with_median"},
            },
            "",  # city has no gaps: nothing to clean, so this one succeeds
        ),
        "no_folds": (
            {"component": "partition_and_sample", "inputs": {"input_data": people, "mode": "pick_fold"}},
            "pick_fold needs the 'fold' column",
        ),
        "normalize_text": (
            {"component": "normalize_data", "inputs": {"input_data": people, "columns": "name"}},
            "column 'name' holds text, but Normalize Data needs numbers",
        ),
        "bad_edges": (
            {
                "component": "group_data_into_bins",
                "inputs": {"input_data": people, "method": "custom_edges", "edges": "10, 5"},
            },
            "custom_edges needs at least two edges in increasing order",
        ),
        "too_many_categories": (
            {
                "component": "convert_to_indicator_values",
                "inputs": {"input_data": people, "columns": "name", "max_categories": 2},
            },
            "column 'name' has 5 distinct values, more than max_categories (2)",
        ),
        "clip_order": (
            {
                "component": "clip_values",
                "inputs": {"input_data": people, "lower_percentile": 90, "upper_percentile": 10},
            },
            "lower_percentile must be smaller than upper_percentile",
        ),
        "dedupe_typo": (
            {"component": "remove_duplicate_rows", "inputs": {"input_data": people, "columns": "ID"}},
            "column 'ID' is not in the table (did you mean 'id'?)",
        ),
    }
    jobs = {**data_jobs(), **{name: job for name, (job, _) in errors.items()}}
    result = run_pipeline(jobs, keep_going=True)
    assert result.status == "failed"
    assert result.returncode == 1
    for name, (_, message) in errors.items():
        if not message:
            assert result.step(name)["status"] == "completed", result.log(name)
            continue
        assert result.step(name)["status"] == "failed", name
        error = result.error(name)
        assert message in error, f"{name}: {error!r}\n{result.log(name)}"
        assert [line for line in result.log(name).splitlines() if line.startswith("Error: ")] == [error]
