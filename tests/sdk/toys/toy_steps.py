"""Toy components for the SDK tests: small, typed, and quick to run."""

from __future__ import annotations

from pathlib import Path

from designer import Input, Output, component, log_metric


@component
def make_numbers(count: int, numbers: Output(type="uri_file"), start: int = 0) -> None:
    """Write ``count`` numbers, one a line.

    Args:
        count: how many numbers to write
        numbers: the file to write them to
        start: the first number
    """
    Path(numbers).write_text("".join(f"{start + i}\n" for i in range(count)))


@component(display_name="Add up")
def add_up(numbers: Input(type="uri_file"), total: Output(type="uri_folder"), scale: float | None = None,
           label: str = "sum", verbose: bool = False) -> None:
    """Add up the numbers of a file and log the total as a metric."""
    values = [int(line) for line in Path(numbers).read_text().split()]
    result = sum(values) * (scale if scale is not None else 1)
    log_metric("total", result)
    if verbose:
        print(f"{label}: {result}")
    (Path(total) / f"{label}.txt").write_text(str(result))


@component
def copy_folder(source: Input(type="uri_folder"), target: Output(type="uri_folder")) -> None:
    """Copy every file of a folder."""
    for path in Path(source).iterdir():
        (Path(target) / path.name).write_bytes(path.read_bytes())


@component
def count_to(n: int, digits: Output(type="uri_folder")) -> None:
    """Write n.txt with the numbers up to n."""
    (Path(digits) / "n.txt").write_text(" ".join(str(i) for i in range(n)))
