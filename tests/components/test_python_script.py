"""Execute Python Script through `designer run`: the user's code on two tables, and clear failures."""

from __future__ import annotations

from components_harness import ref

JOIN_SCRIPT = """import pandas as pd


def azureml_main(dataframe1=None, dataframe2=None):
    means = dataframe1.groupby("species", as_index=False)["petal_length"].mean()
    out = means.merge(dataframe2, on="species")
    out["ratio"] = out["petal_length"] / out["reference"]
    return out,
"""

FAILING_SCRIPT = """def ratio(df):
    return df["petal_length"] / df["petal_widht"]


def azureml_main(dataframe1=None, dataframe2=None):
    dataframe1["ratio"] = ratio(dataframe1)
    return dataframe1
"""


def test_script_runs_on_two_tables_and_fails_clearly(run_pipeline):
    iris = ref("iris")
    result = run_pipeline(
        {
            "iris": {"component": "sample_dataset", "inputs": {"dataset": "iris"}},
            "reference": {
                "component": "enter_data_manually",
                "inputs": {"data": "species,reference\nsetosa,1\nversicolor,4\nvirginica,5"},
            },
            "passthrough": {"component": "execute_python_script", "inputs": {"dataframe1": iris}},
            "joined": {
                "component": "execute_python_script",
                "inputs": {"dataframe1": iris, "dataframe2": ref("reference"), "script": JOIN_SCRIPT},
            },
            "new_feature": {
                "component": "execute_python_script",
                "inputs": {
                    "dataframe1": iris,
                    "script": "def azureml_main(dataframe1, dataframe2=None):\n"
                    "    return dataframe1.assign(area=dataframe1.petal_length * dataframe1.petal_width)\n",
                },
            },
            "failing": {
                "component": "execute_python_script",
                "inputs": {"dataframe1": iris, "script": FAILING_SCRIPT},
            },
            "syntax": {
                "component": "execute_python_script",
                "inputs": {
                    "dataframe1": iris,
                    "script": "def azureml_main(dataframe1, dataframe2)\n    return dataframe1\n",
                },
            },
            "wrong_return": {
                "component": "execute_python_script",
                "inputs": {"script": "def azureml_main(dataframe1=None, dataframe2=None):\n    return 42\n"},
            },
            "no_function": {"component": "execute_python_script", "inputs": {"script": "x = 1\n"}},
        },
        keep_going=True,
    )
    assert result.status == "failed"
    assert result.table("passthrough", "result_data").equals(result.table("iris"))
    assert result.schema("passthrough", "result_data")["label"] == "species"

    joined = result.table("joined", "result_data")
    assert joined["species"].tolist() == ["setosa", "versicolor", "virginica"]
    assert joined["ratio"].round(3).tolist() == [1.462, 1.065, 1.110]

    assert "area" in result.schema("new_feature", "result_data")["features"]

    log = result.log("failing")
    assert "line 2, in ratio" in log and "KeyError" in log
    assert result.error("failing") == (
        'Error: your script failed on line 2 (\'return df["petal_length"] / df["petal_widht"]\') with KeyError: '
        "'petal_widht'; fix the script and run again"
    )
    assert "syntax error on line 1 (expected ':')" in result.error("syntax")
    assert "azureml_main returned int, not a pandas DataFrame" in result.error("wrong_return")
    assert "your script does not define azureml_main" in result.error("no_function")
    for step in ("failing", "syntax", "wrong_return", "no_function"):
        assert result.step(step)["status"] == "failed"
