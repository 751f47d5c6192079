"""``Input`` and ``Output``: port declarations in a function signature, and data values in a call.

Used as an annotation, ``Input(type="uri_folder")`` declares a data input of a component or pipeline
and ``Output(type="uri_file")`` an output; ``Input(type="integer", min=1)`` declares a parameter
with limits. Used as a value, ``Input(type="uri_file", path="./data.csv")`` names data for a step or
pipeline input. These are plain records; nothing here imports the model (a step process imports
this module and must start fast).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

# designer.spec.model's lists, repeated because a step process must not import the model
PARAM_TYPES = ("string", "integer", "number", "boolean")
DATA_TYPES = ("uri_folder", "uri_file", "mltable", "mlflow_model", "custom_model", "triton_model", "path")


@dataclass(frozen=True)
class Input:
    """A typed input: a declaration (as an annotation) or a data value (with ``path``).

    ``type`` is a data type (``uri_folder``, ``uri_file``, ``mltable``, ``mlflow_model``,
    ``custom_model``) or a parameter type (``string``, ``integer``, ``number``, ``boolean``).
    """

    type: str = "uri_folder"
    path: str | Path | None = None
    optional: bool = False
    default: Any = None
    description: str | None = None
    min: int | float | None = None
    max: int | float | None = None
    enum: list[Any] | None = None
    mode: str | None = None

    def __post_init__(self) -> None:
        from designer.sdk.wiring import check_port_type

        check_port_type("Input", self.type, PARAM_TYPES + DATA_TYPES)

    @property
    def is_data(self) -> bool:
        """True for file, folder and model types."""
        return self.type in DATA_TYPES


@dataclass(frozen=True)
class Output:
    """A typed output declaration (as an annotation): ``Output(type="uri_file")``."""

    type: str = "uri_folder"
    description: str | None = None
    mode: str | None = None

    def __post_init__(self) -> None:
        from designer.sdk.wiring import check_port_type

        check_port_type("Output", self.type, DATA_TYPES)
