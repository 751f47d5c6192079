"""Run one ``@component`` function inside a step: ``python _designer_entry.py MODULE:FUNCTION --name value ...``.

This file is self-contained (standard library only). ``to_yaml`` copies it next to the component's
code as ``_designer_entry.py``, so the generated command runs wherever the code runs, Azure ML
included, even where the ``designer`` package is not installed: then a minimal stand-in for
``designer`` (decorators that return the function, ``Input``/``Output`` records, ``log_metric``, which
writes through ``_designer_metrics.py``, the copy of ``designer/metrics_record.py`` written
next to it) lets the module import. ``python -m designer.sdk.entry`` does the same with the package installed.

Arguments come in ``--name value`` pairs, one per input and output the command passes; an optional
input left empty is not passed (its ``$[[...]]`` block was dropped), so the function's default
applies. Values are converted by the parameter's annotation: ``int``, ``float`` and ``bool``
(``True``/``False`` as Azure ML writes them); everything else, data paths included, stays ``str``.
The function writes its outputs into the paths it is given; an exception fails the step.
"""

from __future__ import annotations

import importlib
import inspect
import os
import re
import sys
import types
import typing
from typing import Any

SDK_STEP_ENV = "DESIGNER_SDK_STEP"
RUNNER_FILE = "_designer_entry.py"  # the name this file is copied under into a Python component's code folder
_SCALARS: dict[str, type] = {"bool": bool, "int": int, "float": float, "str": str}


def _stand_in() -> None:
    """Install a minimal ``designer`` module for steps whose environment does not have the package."""
    mod = types.ModuleType("designer")

    class _Port:
        def __init__(self, type: str = "uri_folder", **options: Any) -> None:
            self.type = type
            self.__dict__.update(options)

    class Input(_Port):
        pass

    class Output(_Port):
        pass

    def decorator(func: Any = None, /, **_: Any) -> Any:
        return func if func is not None else (lambda f: f)

    def load_component(*_: Any, **__: Any) -> Any:
        def unavailable(*_: Any, **__: Any) -> Any:
            raise RuntimeError("the designer package is not installed here; building pipelines needs it")

        return unavailable

    def log_metric(name: str, value: float, step: int | None = None) -> None:
        import _designer_metrics  # type: ignore[import-not-found]  # written next to this file by to_yaml

        if _designer_metrics.append(name, value, step):
            return
        try:
            import mlflow  # type: ignore[import-not-found]  # Azure ML steps log metrics with mlflow
        except ImportError:
            print(f"log_metric({name!r}): no run to log to", file=sys.stderr)
            return
        mlflow.log_metric(name, value, step=step)

    for key, value in {"component": decorator, "pipeline": decorator, "Input": Input, "Output": Output,
                       "load_component": load_component, "log_metric": log_metric}.items():
        setattr(mod, key, value)
    sys.modules["designer"] = mod
    sys.modules["designer.sdk"] = mod


def _scalar(annotation: Any, default: Any) -> type | None:
    """``bool``/``int``/``float``/``str`` when the annotation (or else the default) is one of them."""
    if isinstance(annotation, str):
        names = [n for n in re.findall(r"[A-Za-z_]+", annotation) if n not in ("None", "Optional", "typing")]
        if len(names) == 1 and names[0] in _SCALARS:
            return _SCALARS[names[0]]
    elif annotation in _SCALARS.values():
        return typing.cast(type, annotation)
    elif typing.get_origin(annotation) is typing.Annotated:
        return _scalar(typing.get_args(annotation)[0], default)
    elif typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _scalar(args[0], default) if len(args) == 1 else None
    if annotation is inspect.Parameter.empty and type(default) in _SCALARS.values():
        return type(default)
    return None


def _convert(text: str, target: type | None) -> Any:
    if target is bool:
        return text.strip().lower() == "true"
    if target is int:
        return int(float(text)) if re.fullmatch(r"\s*[-+]?\d+(\.0*)?([eE]\+?\d+)?\s*", text) else int(text)
    if target is float:
        return float(text)
    return text


def arguments(func: Any, given: dict[str, str]) -> dict[str, Any]:
    """Keyword arguments for ``func`` from ``--name value`` texts; raises SystemExit for an unknown name."""
    try:
        sig = inspect.signature(func, eval_str=True)
    except Exception:  # annotations that cannot be evaluated here: fall back to their text
        sig = inspect.signature(func)
    unknown = sorted(set(given) - set(sig.parameters))
    if unknown:
        raise SystemExit(f"{func.__name__}() has no parameter {', '.join(unknown)}; the component YAML and the "
                         "function disagree: write the YAML again (to_yaml)")
    out: dict[str, Any] = {}
    for name, param in sig.parameters.items():
        if name in given:
            out[name] = _convert(given[name], _scalar(param.annotation, param.default))
        elif param.default is inspect.Parameter.empty:
            out[name] = None  # an optional input without a default, left empty
    return out


def main(argv: list[str] | None = None) -> int:
    """Import ``MODULE``, call ``FUNCTION`` with the converted arguments; returns the exit code."""
    args = sys.argv[1:] if argv is None else argv
    if not args or ":" not in args[0]:
        print("usage: python _designer_entry.py MODULE:FUNCTION [--name value]...", file=sys.stderr)
        return 2
    target, rest = args[0], args[1:]
    if len(rest) % 2 or not all(key.startswith("--") for key in rest[::2]):
        print(f"expected '--name value' pairs after {target}, found: {' '.join(rest)}", file=sys.stderr)
        return 2
    os.environ[SDK_STEP_ENV] = target  # a pipeline run started while importing the module is refused
    if os.getcwd() not in sys.path:
        sys.path.insert(0, os.getcwd())
    try:
        import designer  # noqa: F401
    except ImportError:
        _stand_in()
    module_name, _, qualname = target.partition(":")
    obj: Any = importlib.import_module(module_name)
    for part in qualname.split("."):
        obj = getattr(obj, part)
    func = getattr(obj, "func", None) or getattr(obj, "__wrapped__", obj)
    func(**arguments(func, {key[2:]: value for key, value in zip(rest[::2], rest[1::2], strict=True)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
