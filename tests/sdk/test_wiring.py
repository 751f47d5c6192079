"""Wiring mistakes fail at the call, with the validator's wording and the caller's file and line."""

from __future__ import annotations

import inspect
from pathlib import Path
from types import ModuleType

import pytest

from designer import Input, load_component, pipeline
from designer.errors import DesignerError, SpecError
from designer.sdk import WiringError


def _line_of(marker: str) -> int:
    """The line of this file that contains ``marker``."""
    lines = inspect.getsource(inspect.getmodule(_line_of)).splitlines()  # type: ignore[arg-type]
    return next(i for i, text in enumerate(lines, 1) if marker in text and "_line_of" not in text)


def test_unknown_input_names_the_component_and_the_closest_input(toys: ModuleType) -> None:
    @pipeline
    def p() -> None:
        toys.make_numbers(cout=3)  # marker: unknown input

    with pytest.raises(WiringError) as info:
        p()
    err = info.value
    assert str(err) == ("component 'make_numbers' has no input 'cout'; did you mean 'count'?; its inputs are: "
                        "count, start")
    assert isinstance(err, SpecError) and isinstance(err, DesignerError)
    problem = err.problem
    assert (problem.file, problem.line) == (__file__, _line_of("marker: unknown input"))
    assert (problem.path, problem.code) == ("jobs.make_numbers.inputs.cout", "input.unknown")


def test_missing_required_input(toys: ModuleType) -> None:
    @pipeline
    def p() -> None:
        toys.make_numbers(start=3)

    with pytest.raises(WiringError, match=r"step 'make_numbers' does not set required input 'count' \(integer\) of "
                                          r"component 'make_numbers'; pass count=\.\.\.") as info:
        p()
    assert info.value.problem.code == "input.missing_required"


@pytest.mark.parametrize(("value", "message"), [
    ("three", "expected an integer for input 'count', found 'three'"),
    (2.5, "expected an integer for input 'count', found 2.5"),
    (True, "expected an integer for input 'count', found true"),
    ([1, 2], "input 'count' of component 'make_numbers' is an integer parameter; expected a value, found a list"),
])
def test_wrong_type_of_value(toys: ModuleType, value: object, message: str) -> None:
    @pipeline
    def p() -> None:
        toys.make_numbers(count=value)

    with pytest.raises(WiringError, match=None) as info:
        p()
    assert message in str(info.value)
    assert info.value.problem.code == "input.bad_value"


def test_enum_and_bounds_come_from_the_validator(project: Path) -> None:
    (project / "src" / "bounded.py").write_text(
        "from designer import component, Input\n\n@component\n"
        "def fit(rate: Input(type='number', min=0, max=1) = 0.1,"
        " solver: Input(type='string', enum=['lbfgs', 'sgd']) = 'sgd'):\n    pass\n")
    import bounded  # type: ignore[import-not-found]

    @pipeline
    def too_big() -> None:
        bounded.fit(rate=2)

    @pipeline
    def misspelt() -> None:
        bounded.fit(solver="lbgfs")

    with pytest.raises(WiringError, match="component 'fit': 2 is above the maximum 1 of 'rate'"):
        too_big()
    with pytest.raises(WiringError, match=r"'lbgfs' is not one of the allowed values of 'solver' \(lbfgs, sgd\); "
                                          r"did you mean 'lbfgs'\?"):
        misspelt()


def test_incompatible_data_types(toys: ModuleType) -> None:
    @pipeline
    def p() -> None:
        folder = toys.count_to(n=3)
        toys.add_up(numbers=folder.outputs.digits)

    with pytest.raises(WiringError) as info:
        p()
    assert str(info.value) == ("output 'count_to.digits' is uri_folder but input 'numbers' of component 'add_up' "
                               "expects uri_file; these types do not connect")
    assert info.value.problem.code == "binding.type_mismatch"


def test_data_into_a_parameter(toys: ModuleType) -> None:
    @pipeline
    def p() -> None:
        numbers = toys.make_numbers(count=3)
        toys.make_numbers(count=numbers.outputs.numbers)

    with pytest.raises(WiringError, match=r"input 'count' of component 'make_numbers' is an integer parameter but output "
                                          r"'make_numbers\.numbers' is uri_file data; connect it to a data input"):
        p()


def test_pipeline_inputs_are_checked_like_values(toys: ModuleType) -> None:
    @pipeline
    def p(how_many: str = "lots", data: Input(type="uri_folder") = None) -> None:
        toys.make_numbers(count=how_many)

    @pipeline
    def q(data: Input(type="uri_folder")) -> None:
        toys.add_up(numbers=data)

    @pipeline
    def r(n: int = 3) -> None:
        toys.copy_folder(source=n)

    with pytest.raises(WiringError, match="via pipeline input 'how_many': expected an integer for input 'count', "
                                          "found 'lots'"):
        p()
    with pytest.raises(WiringError, match="pipeline input 'data' is uri_folder but input 'numbers' of component "
                                          "'add_up' expects uri_file"):
        q(data="./somewhere")
    with pytest.raises(WiringError, match="input 'source' of component 'copy_folder' is uri_folder data but pipeline "
                                          "input 'n' is an integer parameter"):
        r()


def test_positional_arguments_and_outputs_from_elsewhere(toys: ModuleType) -> None:
    @pipeline
    def positional() -> None:
        toys.make_numbers(3)

    with pytest.raises(WiringError, match=r"component 'make_numbers' takes its inputs by name, e\.g\. "
                                          r"make_numbers\(count=\.\.\., start=\.\.\.\)"):
        positional()

    leaked = {}

    @pipeline
    def first() -> None:
        leaked["out"] = toys.make_numbers(count=1).outputs.numbers

    @pipeline
    def second() -> None:
        toys.add_up(numbers=leaked["out"])

    first()
    with pytest.raises(WiringError, match=r"output 'make_numbers\.numbers' belongs to pipeline 'first', not 'second'"):
        second()


def test_unknown_output_and_ambiguous_step(toys: ModuleType) -> None:
    @pipeline
    def typo() -> None:
        toys.make_numbers(count=1).outputs.number  # noqa: B018

    @pipeline
    def whole_step() -> None:
        split = load_component("azureml:split_data:1")(input_data="./data")
        toys.copy_folder(source=split)

    with pytest.raises(WiringError, match=r"step 'make_numbers' \(component 'make_numbers'\) has no output 'number'; "
                                          r"did you mean 'numbers'\?; its outputs are: numbers"):
        typo()
    with pytest.raises(WiringError, match=r"has 2 outputs \(output_data_1, output_data_2\); pass one of them, e\.g\. "
                                          r"split_data\.outputs\.output_data_1"):
        whole_step()


def test_a_step_with_one_output_can_be_passed_whole(toys: ModuleType) -> None:
    @pipeline
    def p() -> None:
        toys.add_up(numbers=toys.make_numbers(count=2))

    assert p().steps["add_up"].inputs["numbers"].binding == "${{parent.jobs.make_numbers.outputs.numbers}}"


def test_pipeline_calls_are_checked(toys: ModuleType) -> None:
    @pipeline
    def p(count: int, start: int = 0) -> None:
        toys.make_numbers(count=count, start=start)

    with pytest.raises(WiringError, match=r"pipeline 'p' has no input 'strat'; did you mean 'start'\?"):
        p(count=1, strat=2)
    with pytest.raises(WiringError, match=r"pipeline 'p' needs input 'count' \(integer\); pass count=\.\.\."):
        p()
    with pytest.raises(WiringError, match="pipeline 'p': expected an integer for input 'count', found 'x'"):
        p(count="x")

    @pipeline
    def q(data: Input(type="uri_folder")) -> None:
        toys.copy_folder(source=data)

    with pytest.raises(WiringError, match="input 'data' of pipeline 'q' is uri_folder but is given uri_file data"):
        q(data=Input(type="uri_file", path="x.csv"))


def test_pipeline_parameters_are_not_python_values(toys: ModuleType) -> None:
    @pipeline
    def p(count: int = 2) -> None:
        if count > 1:
            toys.make_numbers(count=count)

    with pytest.raises(WiringError, match="pipeline input 'count' has no value while the pipeline is built"):
        p()


def test_return_values_that_are_not_outputs(toys: ModuleType) -> None:
    @pipeline
    def returns_input(count: int = 2) -> dict:
        toys.make_numbers(count=count)
        return {"count": count}

    @pipeline
    def returns_text() -> str:
        return "done"

    with pytest.raises(WiringError, match="pipeline inputs cannot be passed through as outputs"):
        returns_input()
    with pytest.raises(WiringError, match="pipeline 'returns_text' returned 'done'; expected nothing, a step output"):
        returns_text()


def test_step_names(toys: ModuleType) -> None:
    @pipeline
    def p() -> None:
        a = toys.make_numbers(count=1)
        b = toys.make_numbers(count=2)
        assert (a.name, b.name) == ("make_numbers", "make_numbers_2")
        b.name = "second"
        with pytest.raises(WiringError, match="already has a step named 'second'"):
            a.name = "second"
        with pytest.raises(WiringError, match="step name 'Bad Name' is not valid"):
            a.name = "Bad Name"

    assert list(p().steps) == ["make_numbers", "second"]
