"""The root ``designer`` command: its groups, ``--version``, and how failures end (exit 2, no traceback)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from designer import __version__
from designer.cli import components, compute, environments, init, run, runs, ui, validate
from designer.cli.output import err, out, print_error, print_problems
from designer.errors import DesignerError, SpecError

app = typer.Typer(
    name="designer",
    help="Design, run and inspect machine-learning pipelines (Azure ML CLI v2 YAML) on this machine.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# The order of --help: what a person does first comes first.
for group in (validate, run, runs, components, environments, compute, init, ui):
    group.register(app)


def _version_callback(value: bool) -> None:
    if value:
        out.print(f"designer {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version_callback, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Pipeline Designer."""


def main() -> None:
    """Entry point of the ``designer`` console script: run the command; a DesignerError exits 2 without a traceback."""
    try:
        app()
    except SpecError as exc:
        print_problems(exc.problems)
        sys.exit(2)
    except DesignerError as exc:
        print_error(str(exc))
        sys.exit(2)
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
