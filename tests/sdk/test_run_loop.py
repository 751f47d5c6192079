"""The debugging loop from the SDK: run.steps[name].why / .reason, p.run(only=...), p.run(from_step=...)."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from designer import pipeline
from designer.errors import RunError


@pytest.fixture
def two_steps(toys: ModuleType) -> Any:
    @pipeline
    def two_steps(count: int = 3, scale: float | None = None) -> dict[str, Any]:
        made = toys.make_numbers(count=count, start=1)
        total = toys.add_up(numbers=made.outputs.numbers, scale=scale)
        return {"total": total.outputs.total}

    return two_steps


def test_why_only_and_from_step_from_the_sdk(two_steps: Any, project: Path) -> None:
    with pytest.raises(RunError, match="upstream step 'make_numbers' has no successful run"):
        two_steps().run(only="add_up")
    first = two_steps(count=3).run()
    assert first.steps["make_numbers"].why == "Ran because there is no earlier run of this step."
    second = two_steps(count=4).run()
    made = second.steps["make_numbers"]
    assert made.reason is not None and made.reason["because"][0]["name"] == "count"
    assert "Re-ran because parameter `count` changed from `3` to `4`" in made.why
    assert "upstream step `make_numbers`'s output changed" in second.steps["add_up"].why

    only = two_steps(count=4).run(only="add_up")
    assert only.ok and set(only.steps) == {"add_up"} and only.partial == "only add_up"
    assert (only.steps["add_up"].outputs["total"] / "sum.txt").read_text() == "10"  # 1+2+3+4 from the last run

    part = two_steps(count=4).run(from_step="make_numbers")
    assert {n: s.state for n, s in part.steps.items()} == {"make_numbers": "completed", "add_up": "completed"}
    assert part.partial == "from make_numbers"
    again = two_steps(count=4).run()
    assert again.steps["add_up"].why == f"Reused from run {part.id} (step `add_up`)."
