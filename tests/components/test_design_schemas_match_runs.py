"""What designer/spec/schemas.py derives before a run is what the steps really write (schema.json
now records each output's columns and types, and the designer reads it as the last run's schema)."""

from __future__ import annotations

from components_harness import ref

from designer.registry import Registry
from designer.spec.loader import load_document
from designer.spec.schemas import derive, read_table_folder

PEOPLE = "name,age,height,member\nAda,36,1.7,true\nAlan,41,1.8,false\nGrace,85,1.6,true\n"


def test_derived_schemas_are_what_the_steps_write(run_pipeline):
    jobs = {
        **{d: {"component": "sample_dataset", "inputs": {"dataset": d}}
           for d in ("iris", "wine", "breast_cancer", "diabetes", "digits")},
        "imported": {"component": "import_data",
                     "inputs": {"source": {"type": "uri_file", "path": "./people.csv"}, "label_column": "member"}},
        "typed": {"component": "enter_data_manually", "inputs": {"label_column": "city"}},
        "split": {"component": "split_data", "inputs": {"input_data": ref("iris"), "fraction": 0.5}},
        "keep": {"component": "select_columns",
                 "inputs": {"input_data": ref("split", "output_data_1"), "columns": "species, label, petal_width",
                            "mode": "keep"}},
        "drop": {"component": "select_columns",
                 "inputs": {"input_data": ref("imported"), "columns": "height", "mode": "remove"}},
        "renamed": {"component": "edit_metadata",
                    "inputs": {"input_data": ref("drop"), "columns": "age", "new_names": "years",
                               "data_type": "float"}},
        "joined": {"component": "join_data",
                   "inputs": {"left_data": ref("renamed"), "right_data": ref("typed"), "left_keys": "name",
                              "join_type": "left"}},
        "side": {"component": "add_columns", "inputs": {"input_data_1": ref("keep"), "input_data_2": ref("keep")}},
        "dedupe": {"component": "remove_duplicate_rows", "inputs": {"input_data": ref("side")}},
    }
    result = run_pipeline(jobs, files={"people.csv": PEOPLE})
    assert result.status == "completed", result.describe()
    doc = load_document(result.workspace.parent / "pipeline1" / "pipeline.yml", Registry()).document
    schemas = derive(doc)
    compared = 0
    for job in jobs:
        derived = schemas.output(job, "output_data" if job != "split" else "output_data_1")
        written = read_table_folder(result.out(job, "output_data" if job != "split" else "output_data_1"))
        assert written is not None, job
        assert derived is not None and not derived.open, job
        assert derived.names == written.names, job
        assert derived.label == written.label, job
        assert [c.type for c in derived.columns] == [c.type for c in written.columns], job
        compared += 1
    assert compared == len(jobs)
