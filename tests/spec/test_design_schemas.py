"""Design-time schemas (designer/spec/schemas.py): the six-step walk's columns are known before any
run, and a column parameter naming a column that is not there is a problem with the closest name."""

from __future__ import annotations

from pathlib import Path

from designer.registry import Registry
from designer.spec.loader import load_text
from designer.spec.schemas import Column, Schema, column_problems, derive, port_schemas, read_table_folder
from designer.spec.validate import errors_of, validate_loaded

REGISTRY = Registry()
IRIS = ["sepal_length", "sepal_width", "petal_length", "petal_width", "species"]

WALK = """\
type: pipeline
settings: {{default_compute: azureml:serverless}}
jobs:
  data:
    component: azureml:sample_dataset:1
    inputs: {{dataset: iris}}
  split:
    component: azureml:split_data:1
    inputs:
      input_data: ${{{{parent.jobs.data.outputs.output_data}}}}
      mode: stratified
      stratify_column: {stratify}
  algo:
    component: azureml:logistic_regression:1
  train:
    component: azureml:train_model:1
    inputs:
      untrained_model: ${{{{parent.jobs.algo.outputs.untrained_model}}}}
      training_data: ${{{{parent.jobs.split.outputs.output_data_1}}}}
      label_column: {label}
  score:
    component: azureml:score_model:1
    inputs:
      trained_model: ${{{{parent.jobs.train.outputs.trained_model}}}}
      input_data: ${{{{parent.jobs.split.outputs.output_data_2}}}}
  evaluate:
    component: azureml:evaluate_model:1
    inputs:
      scored_data: ${{{{parent.jobs.score.outputs.scored_data}}}}
"""


def load(text: str, tmp_path: Path):
    return load_text(text, str(tmp_path / "pipeline.yml"), REGISTRY)


def test_the_six_step_walk_knows_its_columns_before_running(tmp_path):
    doc = load(WALK.format(stratify="species", label="species"), tmp_path).document
    s = derive(doc)
    data = s.output("data", "output_data")
    assert data.names == IRIS and data.label == "species" and not data.open
    assert data.type_of("sepal_length") == "number" and data.type_of("species") == "text"
    for part in ("output_data_1", "output_data_2"):
        assert s.output("split", part) == data
    assert s.input("train", "training_data") == data
    scored = s.output("score", "scored_data")
    assert scored.names == [*IRIS, "Scored Labels"] and scored.open  # probability columns depend on the classes
    assert s.output("train", "trained_model") is None  # a model is no table
    panel = port_schemas(doc, "train")
    assert [c["name"] for c in panel["inputs.training_data"]["columns"]] == IRIS
    assert column_problems(doc, s) == []
    assert validate_loaded(load(WALK.format(stratify="species", label="species"), tmp_path)) == []


def test_a_misspelt_column_is_a_problem_with_the_closest_name(tmp_path):
    loaded = load(WALK.format(stratify="Species", label="specis"), tmp_path)
    problems = {p.path: p for p in validate_loaded(loaded)}
    label = problems["jobs.train.inputs.label_column"]
    assert label.message == "column 'specis' is not in the table on 'training_data'; did you mean 'species'?"
    assert label.code == "column.unknown" and label.line == 20
    # a warning: shown on the node before running; the run still gets the step's own sentence
    assert label.severity == "warning" and errors_of(list(problems.values())) == []
    assert problems["jobs.split.inputs.stratify_column"].message.endswith("did you mean 'species'?")
    assert len(problems) == 2


def test_feature_lists_allow_keywords_and_name_each_wrong_column(tmp_path):
    text = WALK.format(stratify="species", label="species") + "      label_column: species\n"
    text = text.replace("      label_column: species\n  score:",
                        "      label_column: species\n      feature_columns: petal_length, petal_widht, numeric\n  score:")
    [problem] = validate_loaded(load(text, tmp_path))
    assert problem.message == "column 'petal_widht' is not in the table on 'training_data'; did you mean 'petal_width'?"


def test_sources_read_the_data_files(tmp_path):
    (tmp_path / "people.csv").write_text("name,age,height,member\nAda,36,1.7,true\nAlan,41,,false\n")
    text = """\
type: pipeline
jobs:
  imported:
    component: azureml:import_data:1
    inputs:
      source: {type: uri_file, path: ./people.csv}
      label_column: membr
  typed:
    component: azureml:enter_data_manually:1
  direct:
    component: azureml:select_columns:1
    inputs:
      input_data: {type: uri_folder, path: ./people.csv}
      columns: name, age
  renamed:
    component: azureml:edit_metadata:1
    inputs:
      input_data: ${{parent.jobs.direct.outputs.output_data}}
      columns: age
      new_names: years
      data_type: float
  joined:
    component: azureml:join_data:1
    inputs:
      left_data: ${{parent.jobs.renamed.outputs.output_data}}
      right_data: ${{parent.jobs.typed.outputs.output_data}}
      left_keys: name
  side:
    component: azureml:add_columns:1
    inputs:
      input_data_1: ${{parent.jobs.direct.outputs.output_data}}
      input_data_2: ${{parent.jobs.direct.outputs.output_data}}
  sql:
    component: azureml:apply_sql_transformation:1
    inputs:
      t1: ${{parent.jobs.direct.outputs.output_data}}
      query: select name from t1
"""
    doc = load(text, tmp_path).document
    s = derive(doc)
    imported = s.output("imported", "output_data")
    assert [(c.name, c.type) for c in imported.columns] == [
        ("name", "text"), ("age", "integer"), ("height", "number"), ("member", "boolean")]
    typed = s.output("typed", "output_data")  # Enter Data Manually's default text
    assert [(c.name, c.type) for c in typed.columns] == [("name", "text"), ("age", "integer"), ("city", "text")]
    assert s.output("direct", "output_data").names == ["name", "age"]
    assert [(c.name, c.type) for c in s.output("renamed", "output_data").columns] == [
        ("name", "text"), ("years", "number")]
    assert s.output("joined", "output_data").names == ["name", "years", "age", "city"]
    assert s.output("side", "output_data").names == ["name", "age", "name_2", "age_2"]
    assert s.output("sql", "output_data") is None  # SQL can make anything: unknown until it has run
    [problem] = column_problems(doc, s)
    assert problem.path == "jobs.imported.inputs.label_column"
    assert problem.message == "column 'membr' is not in the table; did you mean 'member'?"


def test_unknown_outputs_fall_back_to_the_last_runs_schema(tmp_path):
    text = """\
type: pipeline
jobs:
  typed:
    component: azureml:enter_data_manually:1
  sql:
    component: azureml:apply_sql_transformation:1
    inputs:
      t1: ${{parent.jobs.typed.outputs.output_data}}
      query: select name, age * 2 as double_age from t1
  pick:
    component: azureml:select_columns:1
    inputs:
      input_data: ${{parent.jobs.sql.outputs.output_data}}
      columns: name, dubble_age
"""
    doc = load(text, tmp_path).document
    assert column_problems(doc) == []  # nothing known about the SQL output: nothing to say
    last_run = tmp_path / "run" / "sql" / "outputs" / "output_data"
    last_run.mkdir(parents=True)
    (last_run / "schema.json").write_text(
        '{"label": null, "features": null, "columns": [{"name": "name", "type": "text"},'
        ' {"name": "double_age", "type": "integer"}]}')
    asked = []

    def recorded(job: str, output: str) -> Schema | None:
        asked.append((job, output))
        return read_table_folder(tmp_path / "run" / job / "outputs" / output)

    s = derive(doc, recorded)
    assert s.output("sql", "output_data") == Schema((Column("name", "text"), Column("double_age", "integer")),
                                                    origin="recorded")
    assert ("typed", "output_data") not in asked  # derivable outputs never ask the last run
    [problem] = column_problems(doc, s)
    assert problem.message == "column 'dubble_age' is not in the table on 'input_data'; did you mean 'double_age'?"


def test_import_data_reads_as_its_parameters_say(tmp_path):
    (tmp_path / "scores.csv").write_text("id;name;score\n1;Ada;3.5\n")
    text = """\
type: pipeline
jobs:
  imported:
    component: azureml:import_data:1
    inputs:
      source: {type: uri_file, path: ./scores.csv}
      separator: ";"
  dedupe:
    component: azureml:remove_duplicate_rows:1
    inputs:
      input_data: ${{parent.jobs.imported.outputs.output_data}}
      columns: ID
"""
    doc = load(text, tmp_path).document
    assert [(c.name, c.type) for c in derive(doc).output("imported", "output_data").columns] == [
        ("id", "integer"), ("name", "text"), ("score", "number")]
    [problem] = column_problems(doc)
    assert problem.message == "column 'ID' is not in the table on 'input_data'; did you mean 'id'?"


def test_a_changed_data_file_is_read_again(tmp_path):
    data = tmp_path / "d.csv"
    data.write_text("a,b\n1,2\n")
    assert read_table_folder(data).names == ["a", "b"]
    data.write_text("a,b,c_longer\n1,2,3\n")  # another size: the memo never answers for the old file
    assert read_table_folder(data).names == ["a", "b", "c_longer"]
