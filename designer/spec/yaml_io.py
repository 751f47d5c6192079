"""Read YAML with line numbers and duplicate-key detection; write stable, readable YAML.

Reading composes the YAML node tree with PyYAML's *safe* loader and builds plain Python values from
it, recording the line and column of every key so that validation can point at them. A key that
appears twice in one mapping is reported (the later value does not silently win).

Writing produces block-style YAML with keys in the order they are given, strings quoted only where
YAML needs it, and ``${{...}}`` bindings always quoted so that flow-style readers never trip on ``{}``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from designer.errors import Problem, SpecError

PathKey = tuple[str | int, ...]


@dataclass
class SourceMap:
    """Where things are in one YAML file: ``positions[(key, subkey, ...)] = (line, column)``, 1-based."""

    file: str
    positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)

    def locate(self, path: PathKey) -> tuple[int | None, int | None]:
        """Return the line and column of ``path``, or of its nearest known ancestor."""
        p = tuple(path)
        while p:
            if p in self.positions:
                return self.positions[p]
            p = p[:-1]
        return self.positions.get((), (None, None))  # type: ignore[return-value]

    def problem(self, path: PathKey, code: str, message: str, severity: str = "error") -> Problem:
        """Build a :class:`Problem` located at ``path`` in this file."""
        line, col = self.locate(path)
        return Problem(
            file=self.file,
            line=line,
            column=col,
            path=".".join(str(x) for x in path),
            code=code,
            message=message,
            severity="warning" if severity == "warning" else "error",
        )


@dataclass
class YamlDocument:
    """A parsed YAML file: its data, where each key is, and the problems found while reading it."""

    data: Any
    source: SourceMap
    problems: list[Problem] = field(default_factory=list)


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Builder:
    def __init__(self, loader: yaml.SafeLoader, source: SourceMap) -> None:
        self.loader = loader
        self.source = source
        self.problems: list[Problem] = []
        self._depth = 0

    def build(self, node: yaml.Node, path: PathKey) -> Any:
        self._depth += 1
        try:
            if self._depth > 200:
                raise SpecError([self.source.problem(path, "yaml.too_deep", "the document nests deeper than 200 levels")])
            if isinstance(node, yaml.MappingNode):
                return self._mapping(node, path)
            if isinstance(node, yaml.SequenceNode):
                return [self.build(child, (*path, i)) for i, child in enumerate(node.value)]
            return self.loader.construct_object(node, deep=True)
        finally:
            self._depth -= 1

    def _mapping(self, node: yaml.MappingNode, path: PathKey) -> dict[Any, Any]:
        self.loader.flatten_mapping(node)
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = self.loader.construct_object(key_node, deep=True)
            if isinstance(key, list | dict | set):
                line, col = _mark(key_node)
                self.problems.append(
                    Problem(self.source.file, line, col, ".".join(map(str, path)), "yaml.bad_key",
                            "a mapping key must be a plain value, found a list or mapping")
                )
                continue
            if key is None:
                key = "null"
            if not isinstance(key, str | int | float | bool):
                key = str(key)
            skey = str(key) if not isinstance(key, int) or isinstance(key, bool) else key
            child_path = (*path, str(skey))
            if str(skey) in {str(k) for k in out}:
                line, col = _mark(key_node)
                first = self.source.positions.get(child_path, (None, None))[0]
                self.problems.append(
                    Problem(self.source.file, line, col, ".".join(map(str, child_path)), "yaml.duplicate_key",
                            f"key '{skey}' appears twice in the same mapping (first on line {first}); "
                            "expected each key once: rename or remove one of them")
                )
                continue
            self.source.positions[child_path] = _mark(key_node)
            out[str(skey)] = self.build(value_node, child_path)
        return out


def parse_yaml(text: str, file: str = "<input>") -> YamlDocument:
    """Parse one YAML document from ``text``.

    Returns a :class:`YamlDocument` (duplicate keys are listed in its ``problems``).
    Raises :class:`SpecError` for a syntax error, an empty document or several documents.
    """
    source = SourceMap(file)
    try:
        loader = yaml.SafeLoader(text)
    except yaml.YAMLError as exc:  # the reader rejects control characters up front
        raise SpecError([Problem(file, None, None, "", "yaml.syntax",
                                 f"YAML syntax error: {getattr(exc, 'reason', exc)}; remove the special character")]) from None
    try:
        try:
            node = loader.get_single_node()
        except yaml.composer.ComposerError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 if mark else None
            raise SpecError([Problem(file, line, None, "", "yaml.multiple_documents",
                                     "found more than one YAML document; expected exactly one")]) from None
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
            line = mark.line + 1 if mark else None
            col = mark.column + 1 if mark else None
            what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            ctx = getattr(exc, "context", None)
            msg = f"YAML syntax error: {what}" + (f" ({ctx})" if ctx else "")
            raise SpecError([Problem(file, line, col, "", "yaml.syntax", msg + "; check indentation and quoting")]) from None
        if node is None:
            raise SpecError([Problem(file, 1, 1, "", "yaml.empty", "the file is empty; expected a YAML mapping with 'type:' and more")])
        source.positions[()] = _mark(node)
        builder = _Builder(loader, source)
        try:
            data = builder.build(node, ())
        except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 1 if mark else None
            raise SpecError([Problem(file, line, None, "", "yaml.value", f"a value cannot be read: {exc}".splitlines()[0])]) from None
        except RecursionError:
            raise SpecError([Problem(file, None, None, "", "yaml.too_deep", "the document nests too deeply")]) from None
    finally:
        loader.dispose()
    return YamlDocument(data=data, source=source, problems=builder.problems)


def read_yaml(path: str | Path) -> YamlDocument:
    """Read and parse the YAML file at ``path``.

    Raises :class:`SpecError` when it cannot be read or parsed.
    """
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SpecError([Problem(str(p), None, None, "", "file.not_found", f"file '{p}' does not exist")]) from None
    except IsADirectoryError:
        raise SpecError([Problem(str(p), None, None, "", "file.is_directory", f"'{p}' is a folder; expected a YAML file")]) from None
    except UnicodeDecodeError:
        raise SpecError([Problem(str(p), None, None, "", "file.encoding", f"'{p}' is not UTF-8 text")]) from None
    except OSError as exc:
        raise SpecError([Problem(str(p), None, None, "", "file.unreadable", f"cannot read '{p}': {exc.strerror}")]) from None
    return parse_yaml(text, str(p))


# ----------------------------------------------------------------------------------------------- writing


class _Dumper(yaml.SafeDumper):
    """Block style, insertion order, readable multi-line strings."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # Indent list items under their key, as people write them.
        super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    if "${{" in value or "$[[" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="'")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


def _represent_dict(dumper: yaml.SafeDumper, value: dict[Any, Any]) -> yaml.MappingNode:
    return dumper.represent_mapping("tag:yaml.org,2002:map", value.items(), flow_style=False)


def _represent_none(dumper: yaml.SafeDumper, value: None) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:null", "")


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(dict, _represent_dict)
_Dumper.add_representer(type(None), _represent_none)


def dump_yaml(data: Any) -> str:
    """Return ``data`` as block-style YAML text in the given key order."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)


def write_yaml(path: str | Path, data: Any) -> None:
    """Write ``data`` to ``path`` atomically (a temp file renamed into place)."""
    p = Path(path)
    tmp = p.with_name(f".{p.name}.tmp")
    tmp.write_text(dump_yaml(data), encoding="utf-8")
    tmp.replace(p)
