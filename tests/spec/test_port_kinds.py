"""Port kinds: the person's wrong wires from issue #15 are refused in words by validate, the canvas
edit op and the SDK; right wires and every shipped template still pass."""

from __future__ import annotations

from pathlib import Path

import pytest

from designer.registry import Registry
from designer.spec import edit
from designer.spec.kinds import check_wire, column_params, input_kind, output_kind, parse_kind
from designer.spec.loader import load_text
from designer.spec.validate import errors_of, validate, validate_document, validate_loaded

REGISTRY = Registry()
TEMPLATES = sorted((Path(__file__).resolve().parents[2] / "components_registry" / "templates").glob("*/pipeline.yml"))

# The six-step walk, with two wires as the person of issue #15 made them.
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
  algo:
    component: azureml:logistic_regression:1
  train:
    component: azureml:train_model:1
    inputs:
      untrained_model: {untrained}
      training_data: ${{{{parent.jobs.split.outputs.output_data_1}}}}
  score:
    component: azureml:score_model:1
    inputs:
      trained_model: {trained}
      input_data: ${{{{parent.jobs.split.outputs.output_data_2}}}}
  evaluate:
    component: azureml:evaluate_model:1
    inputs:
      scored_data: ${{{{parent.jobs.score.outputs.scored_data}}}}
"""
RIGHT = WALK.format(untrained="${{parent.jobs.algo.outputs.untrained_model}}",
                    trained="${{parent.jobs.train.outputs.trained_model}}")
WRONG = WALK.format(untrained="${{parent.jobs.split.outputs.output_data_1}}",
                    trained="${{parent.jobs.data.outputs.output_data}}")

TRAIN_SENTENCE = ("Train Model needs an *untrained* model (a model definition) for 'untrained_model': connect the "
                  "output of an algorithm such as Logistic Regression or Decision Forest (Split Data's "
                  "'output_data_1' gives a table).")
SCORE_SENTENCE = ("Score Model needs a *trained* model for 'trained_model': connect the output of Train Model "
                  "(Sample Dataset's 'output_data' gives a table).")


def load(text: str, tmp_path: Path):
    return load_text(text, str(tmp_path / "pipeline.yml"), REGISTRY)


def test_validate_refuses_the_persons_wrong_wires_in_words(tmp_path):
    problems = errors_of(validate_loaded(load(WRONG, tmp_path)))
    by_path = {p.path: p for p in problems}
    assert by_path["jobs.train.inputs.untrained_model"].message == TRAIN_SENTENCE
    assert by_path["jobs.score.inputs.trained_model"].message == SCORE_SENTENCE
    assert {p.code for p in problems} == {"binding.kind_mismatch"}
    assert by_path["jobs.train.inputs.untrained_model"].line == 16


def test_validate_accepts_the_right_wires(tmp_path):
    assert errors_of(validate_loaded(load(RIGHT, tmp_path))) == []


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.parent.name)
def test_every_template_still_validates(path):
    assert errors_of(validate(path, REGISTRY)) == []


def test_canvas_connect_refuses_with_the_sentence(tmp_path):
    doc = load(RIGHT, tmp_path).document
    edit.disconnect(doc, "train", "untrained_model")
    with pytest.raises(edit.EditRefused) as err:
        edit.connect(doc, "split", "output_data_1", "train", "untrained_model")
    assert str(err.value) == TRAIN_SENTENCE
    with pytest.raises(edit.EditRefused) as err:
        edit.connect(doc, "data", "output_data", "score", "trained_model")
    assert str(err.value) == SCORE_SENTENCE
    assert doc.jobs["train"].input_binding("untrained_model") is None  # nothing written when refused
    edit.connect(doc, "algo", "untrained_model", "train", "untrained_model")
    assert errors_of(validate_document(doc)) == []


def test_a_scored_table_stays_scored_through_a_transform(tmp_path):
    # Score -> Select Columns -> Evaluate is right: Select Columns passes its input's kind on ...
    text = RIGHT.replace("""      scored_data: ${{parent.jobs.score.outputs.scored_data}}""",
                         """      scored_data: ${{parent.jobs.pick.outputs.output_data}}
  pick:
    component: azureml:select_columns:1
    inputs:
      input_data: ${{parent.jobs.score.outputs.scored_data}}
      columns: species, Scored Labels""")
    assert errors_of(validate_loaded(load(text, tmp_path))) == []
    # ... while a plain table through the same transform is still no scored table
    unscored = text.replace("input_data: ${{parent.jobs.score.outputs.scored_data}}",
                            "input_data: ${{parent.jobs.split.outputs.output_data_2}}")
    [problem] = errors_of(validate_loaded(load(unscored, tmp_path)))
    assert problem.message.startswith("Evaluate Model needs a *scored* table")
    assert "Select Columns's 'output_data' gives a table" in problem.message


def test_components_without_kinds_keep_azures_type_rule(tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "component.yml").write_text("""\
type: command
name: my_table
command: echo hi > ${{outputs.out}}/x.csv
environment: {image: python:3.11-slim}
outputs:
  out: {type: uri_folder}
""")
    text = RIGHT.replace("untrained_model: ${{parent.jobs.algo.outputs.untrained_model}}",
                         "untrained_model: ${{parent.jobs.mine.outputs.out}}")
    text += "  mine:\n    component: ./mine/component.yml\n"
    # uri_folder into custom_model: Azure accepts it, and so do we (the user's component says no kind)
    assert errors_of(validate_loaded(load(text, tmp_path))) == []
    # an Azure type mismatch is still refused by type
    wrong = RIGHT.replace("trained_model: ${{parent.jobs.train.outputs.trained_model}}",
                          "trained_model: ${{parent.jobs.algo.outputs.untrained_model}}")
    [problem] = errors_of(validate_loaded(load(wrong, tmp_path)))
    assert problem.code == "binding.kind_mismatch"  # both built-in: the sentence, not "custom_model ... mlflow_model"
    assert "Score Model needs a *trained* model" in problem.message


def test_sdk_refuses_the_wrong_wires_with_the_sentence():
    from designer import load_component, pipeline
    from designer.sdk.wiring import WiringError

    comps = {n: load_component(f"azureml:{n}:1") for n in
             ("sample_dataset", "split_data", "logistic_regression", "train_model", "score_model")}

    @pipeline
    def wrong_train():
        data = comps["sample_dataset"](dataset="iris")
        split = comps["split_data"](input_data=data.outputs.output_data)
        comps["train_model"](untrained_model=split.outputs.output_data_1, training_data=split.outputs.output_data_1)

    @pipeline
    def wrong_score():
        data = comps["sample_dataset"](dataset="iris")
        comps["score_model"](trained_model=data.outputs.output_data, input_data=data.outputs.output_data)

    @pipeline
    def right():
        data = comps["sample_dataset"](dataset="iris")
        split = comps["split_data"](input_data=data.outputs.output_data)
        algo = comps["logistic_regression"]()
        train = comps["train_model"](untrained_model=algo.outputs.untrained_model,
                                     training_data=split.outputs.output_data_1)
        comps["score_model"](trained_model=train.outputs.trained_model, input_data=split.outputs.output_data_2)

    with pytest.raises(WiringError) as err:
        wrong_train()
    assert str(err.value) == TRAIN_SENTENCE
    assert err.value.problem.code == "binding.kind_mismatch"
    assert err.value.problem.file == __file__
    with pytest.raises(WiringError) as err:
        wrong_score()
    assert str(err.value) == SCORE_SENTENCE
    right()


def test_kinds_are_read_from_tags():
    train = REGISTRY.resolve("train_model", "1")
    score = REGISTRY.resolve("score_model", "1")
    join = REGISTRY.resolve("join_data", "1")
    assert input_kind(train, "untrained_model").text == "untrained_model"
    assert output_kind(train, "trained_model").text == "trained_model"
    assert input_kind(score, "trained_model").kinds == ("trained_model", "trained_clustering_model")
    assert output_kind(train, "training_data") is None  # an input, not an output
    params = column_params(train)
    assert {n: (p.multiple, p.table) for n, p in params.items()} == {
        "label_column": (False, "training_data"), "feature_columns": (True, "training_data")}
    assert column_params(join)["right_keys"].table == "right_data"
    assert parse_kind("not a kind!") is None
    clustering = REGISTRY.resolve("train_clustering_model", "1")
    assert check_wire(clustering, "trained_model", score, "trained_model") is None


def test_every_built_in_data_port_declares_a_kind():
    # a built-in without kinds would silently fall back to the loose type rule
    free_form = {("execute_python_script", "result_data"), ("apply_sql_transformation", "output_data"),
                 ("import_data", "source")}
    missing = []
    for entry in REGISTRY.latest():
        comp = entry.component
        if entry.source != "builtin":
            continue
        for name, decl in comp.inputs.items():
            if not decl.is_param and input_kind(comp, name) is None and (entry.name, name) not in free_form:
                missing.append(f"{entry.name}.{name}")
        for name in comp.outputs:
            if output_kind(comp, name) is None and (entry.name, name) not in free_form:
                missing.append(f"{entry.name}.{name}")
    assert missing == []
