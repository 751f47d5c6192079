"""Read YAML with line numbers and duplicate-key detection; write stable, readable YAML.

Over 400 lines on purpose: reading and writing YAML are one job (round-trips), and the reader's limits
(aliases, depth, size) must sit next to the composer they bound.

Reading composes the YAML node tree from the events of libyaml's parser (PyYAML's own parser when
libyaml is missing) with the *safe* resolver and constructors, and builds plain Python values from
it, recording the line and column of every key so that validation can point at them. A key that
appears twice in one mapping is reported (the later value does not silently win).

Reading has a bounded cost whatever the input (each limit fails with a message naming file and line):
only regular files are opened, never waiting on a FIFO, and at most :data:`MAX_FILE_BYTES`; nesting
stops at :data:`MAX_DEPTH` levels while the node tree is composed (PyYAML's composer recurses and
would raise RecursionError); and aliases may add at most :data:`MAX_ALIAS_NODES` nodes and
:data:`MAX_ALIAS_BYTES` of text beyond what is written out, measured on the composed tree before
anything is expanded (a few hundred bytes of nested aliases otherwise expand to gigabytes).

Writing produces block-style YAML with keys in the order they are given, strings quoted only where
YAML needs it, and ``${{...}}`` bindings always quoted so that flow-style readers never trip on ``{}``.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from designer.errors import Problem, SpecError

PathKey = tuple[str | int, ...]

MAX_FILE_BYTES = 5 << 20  # a pipeline of several thousand steps fits many times over
MAX_DEPTH = 100  # levels of nested mappings and lists; real pipelines use fewer than 15
MAX_ALIAS_NODES = 10_000  # nodes that aliases may add to a document beyond those written out
MAX_ALIAS_BYTES = 1 << 20  # text that aliases may add


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


class _TooDeep(Exception):
    def __init__(self, mark: Any) -> None:
        self.mark = mark


class _Loader(yaml.SafeLoader):
    """The safe loader with a depth limit where the node tree is composed (the composer recurses)."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        self.kept_anchors: dict[str, yaml.Node] = {}

    def compose_document(self) -> Any:
        # As PyYAML's, but keeping the anchors (it forgets them) for the alias budget's message.
        self.get_event()
        node = self.compose_node(None, None)
        self.get_event()
        self.kept_anchors, self.anchors = self.anchors, {}
        return node

    def compose_node(self, parent: Any, index: Any) -> Any:
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _TooDeep(self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


class _BadAlias(yaml.MarkedYAMLError):
    pass


def _compose_events(loader: Any) -> tuple[yaml.Node | None, dict[str, yaml.Node]]:
    """Compose the single document of ``loader`` (libyaml's parser) into nodes, without recursion.

    libyaml's own composer recurses in C (deep nesting crashes the interpreter) and PyYAML's in
    Python is slow; this loop over libyaml's events builds the same nodes as PyYAML's composer,
    stops at :data:`MAX_DEPTH`, and returns the root (None for an empty stream) and the anchors.
    """
    ev = yaml.events
    loader.get_event()  # stream start
    if loader.check_event(ev.StreamEndEvent):
        loader.get_event()
        return None, {}
    document = loader.get_event()  # document start
    anchors: dict[str, yaml.Node] = {}
    stack: list[yaml.CollectionNode] = []
    pending: list[yaml.Node | None] = []  # per open mapping: the key waiting for its value
    root: yaml.Node | None = None

    def attach(node: yaml.Node) -> None:
        nonlocal root
        if not stack:
            root = node
        elif isinstance(stack[-1], yaml.SequenceNode):
            stack[-1].value.append(node)
        elif pending[-1] is None:
            pending[-1] = node
        else:
            stack[-1].value.append((pending[-1], node))
            pending[-1] = None

    def anchor(event: Any, node: yaml.Node) -> None:
        if event.anchor is not None:
            if event.anchor in anchors:
                first = anchors[event.anchor].start_mark.line + 1
                raise _BadAlias(None, None, f"anchor '&{event.anchor}' is defined twice (first on line {first})",
                                event.start_mark)
            anchors[event.anchor] = node

    while True:
        event = loader.get_event()
        # libyaml's marks are its own Mark type, with the same fields as PyYAML's
        start: Any = event.start_mark
        end: Any = event.end_mark
        if isinstance(event, ev.DocumentEndEvent):
            break
        if isinstance(event, ev.AliasEvent):
            if event.anchor not in anchors:
                raise _BadAlias(None, None, f"found undefined alias {event.anchor!r}", start)
            attach(anchors[event.anchor])
        elif isinstance(event, ev.ScalarEvent):
            tag = event.tag
            if tag is None or tag == "!":
                tag = loader.resolve(yaml.ScalarNode, event.value, event.implicit)
            node: yaml.Node = yaml.ScalarNode(tag, event.value, start, end, style=event.style)
            anchor(event, node)
            attach(node)
        elif isinstance(event, ev.SequenceStartEvent | ev.MappingStartEvent):
            if len(stack) >= MAX_DEPTH:
                raise _TooDeep(start)
            is_seq = isinstance(event, ev.SequenceStartEvent)
            kind = yaml.SequenceNode if is_seq else yaml.MappingNode
            tag = event.tag
            if tag is None or tag == "!":
                tag = loader.resolve(kind, None, event.implicit)
            node = kind(tag, [], start, None, flow_style=event.flow_style)
            anchor(event, node)
            attach(node)
            stack.append(node)  # type: ignore[arg-type]
            pending.append(None)
        else:  # sequence or mapping end
            stack.pop().end_mark = end
            pending.pop()
    if not loader.check_event(ev.StreamEndEvent):
        raise yaml.composer.ComposerError("expected a single document in the stream", document.start_mark,
                                          "but found another document", loader.get_event().start_mark)
    return root, anchors


_CLoader: Any = getattr(yaml, "CSafeLoader", None)


def _check_aliases(root: yaml.Node, anchors: dict[str, yaml.Node], file: str) -> None:
    """Raise SpecError when expanding the aliases of ``root`` would exceed the alias budget.

    The composed tree shares one node per anchor; the sizes of its full expansion are counted on that
    shared tree in one pass (memoised per node), so the check costs as much as the written document.
    """
    size: dict[int, int] = {}  # expanded node count of each node
    text: dict[int, int] = {}  # expanded scalar characters of each node
    refs: dict[int, int] = {}  # how many places refer to each node (more than one: an alias)
    unique_nodes = unique_text = 0
    order: list[yaml.Node] = []
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    active: set[int] = set()
    while stack:  # iterative post-order: no recursion on deep documents
        node, done = stack.pop()
        key = id(node)
        if done:
            active.discard(key)
            kids = _children(node)
            size[key] = min(1 + sum(size[id(k)] for k in kids), 1 << 62)
            text[key] = min((len(node.value) if isinstance(node, yaml.ScalarNode) else 0)
                            + sum(text[id(k)] for k in kids), 1 << 62)
            order.append(node)
            continue
        refs[key] = refs.get(key, 0) + 1
        if key in size:
            continue
        if key in active:  # `&a [*a]`: a structure that contains itself
            line = node.start_mark.line + 1
            raise SpecError([Problem(file, line, node.start_mark.column + 1, "", "yaml.recursive_alias",
                                     "an alias refers to the node it is inside; expected anchors that refer to "
                                     "finished nodes only")])
        active.add(key)
        unique_nodes += 1
        if isinstance(node, yaml.ScalarNode):
            unique_text += len(node.value)
        stack.append((node, True))
        stack.extend((k, False) for k in reversed(_children(node)))
    extra_nodes = size[id(root)] - unique_nodes
    extra_text = text[id(root)] - unique_text
    if extra_nodes <= MAX_ALIAS_NODES and extra_text <= MAX_ALIAS_BYTES:
        return
    names = {id(n): a for a, n in anchors.items()}
    worst = max((n for n in order if refs.get(id(n), 0) > 1),
                key=lambda n: (refs[id(n)] - 1) * (size[id(n)] + text[id(n)]), default=root)
    anchor = f"anchor '&{names[id(worst)]}'" if id(worst) in names else "an anchor"
    what = (f"{extra_nodes:,} nodes" if extra_nodes > MAX_ALIAS_NODES else f"{extra_text:,} characters")
    raise SpecError([Problem(file, worst.start_mark.line + 1, worst.start_mark.column + 1, "", "yaml.alias_budget",
                             f"YAML aliases would add {what} to this document ({anchor}, referred to by "
                             f"{refs[id(worst)] - 1} aliases, adds the most); expected at most {MAX_ALIAS_NODES:,} nodes and "
                             f"{MAX_ALIAS_BYTES:,} characters from aliases: write the values out or use fewer aliases")])


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


class _Builder:
    def __init__(self, loader: yaml.SafeLoader, source: SourceMap) -> None:
        self.loader = loader
        self.source = source
        self.problems: list[Problem] = []
        self._depth = 0

    def build(self, node: yaml.Node, path: PathKey) -> Any:
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                line, col = _mark(node)
                raise SpecError([Problem(self.source.file, line, col, ".".join(map(str, path)), "yaml.too_deep",
                                         f"the document nests deeper than {MAX_DEPTH} levels; expected a flatter "
                                         "structure")])
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
        seen: set[str] = set()  # the keys so far, as text: one set per mapping keeps the check linear
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
            if str(skey) in seen:
                line, col = _mark(key_node)
                first = self.source.positions.get(child_path, (None, None))[0]
                self.problems.append(
                    Problem(self.source.file, line, col, ".".join(map(str, child_path)), "yaml.duplicate_key",
                            f"key '{skey}' appears twice in the same mapping (first on line {first}); "
                            "expected each key once: rename or remove one of them")
                )
                continue
            seen.add(str(skey))
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
        # libyaml's parser when it is there (several times faster), PyYAML's otherwise.
        loader: Any = _CLoader(text) if _CLoader is not None else _Loader(text)
    except yaml.YAMLError as exc:  # the reader rejects control characters up front
        raise SpecError([Problem(file, None, None, "", "yaml.syntax",
                                 f"YAML syntax error: {getattr(exc, 'reason', exc)}; remove the special character")]) from None
    try:
        try:
            if _CLoader is not None:
                node, anchors = _compose_events(loader)
            else:
                node = loader.get_single_node()
                anchors = loader.kept_anchors
        except _TooDeep as exc:
            raise SpecError([Problem(file, exc.mark.line + 1, exc.mark.column + 1, "", "yaml.too_deep",
                                     f"the document nests deeper than {MAX_DEPTH} levels (lists and mappings "
                                     "inside each other); expected a flatter structure")]) from None
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
            if "maximum nesting depth" in what:  # libyaml's own limit (1,000) met while scanning ahead
                raise SpecError([Problem(file, line, col, "", "yaml.too_deep",
                                         f"the document nests deeper than {MAX_DEPTH} levels (lists and mappings "
                                         "inside each other); expected a flatter structure")]) from None
            ctx = getattr(exc, "context", None)
            msg = f"YAML syntax error: {what}" + (f" ({ctx})" if ctx else "")
            raise SpecError([Problem(file, line, col, "", "yaml.syntax", msg + "; check indentation and quoting")]) from None
        if node is None:
            raise SpecError([Problem(file, 1, 1, "", "yaml.empty", "the file is empty; expected a YAML mapping with 'type:' and more")])
        _check_aliases(node, anchors, file)
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


def read_regular_text(path: str | Path, *, max_bytes: int = MAX_FILE_BYTES, what: str = "a YAML file") -> str:
    """Return the UTF-8 text of the regular file at ``path``, reading at most ``max_bytes``.

    Never blocks: the file is opened non-blocking and checked with ``fstat`` before any read, so a
    FIFO, a device or a socket is refused instead of waited on. Raises :class:`SpecError` (codes
    ``file.not_found``, ``file.is_directory``, ``file.not_regular``, ``file.too_large``,
    ``file.encoding``, ``file.unreadable``) with a message naming the file.
    """
    p = Path(path)

    def fail(code: str, message: str) -> SpecError:
        return SpecError([Problem(str(p), None, None, "", code, message)])

    try:
        fd = os.open(p, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except FileNotFoundError:
        raise fail("file.not_found", f"file '{p}' does not exist") from None
    except OSError as exc:
        raise fail("file.unreadable", f"cannot read '{p}': {exc.strerror}") from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise fail("file.is_directory", f"'{p}' is a folder; expected {what}")
        if not stat.S_ISREG(st.st_mode):
            kind = "a FIFO" if stat.S_ISFIFO(st.st_mode) else "a socket" if stat.S_ISSOCK(st.st_mode) else "a device"
            raise fail("file.not_regular", f"'{p}' is {kind}, not a regular file; expected {what}")
        if st.st_size > max_bytes:
            raise fail("file.too_large", f"'{p}' is {st.st_size:,} bytes; expected {what} of at most {max_bytes:,} bytes")
        chunks: list[bytes] = []
        size = 0
        while size <= max_bytes:  # the size may change after fstat: never read past the limit
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > max_bytes:
            raise fail("file.too_large", f"'{p}' grew past {max_bytes:,} bytes while it was read; expected {what} "
                                         f"of at most {max_bytes:,} bytes")
    except OSError as exc:
        raise fail("file.unreadable", f"cannot read '{p}': {exc.strerror}") from None
    finally:
        os.close(fd)
    try:
        return b"".join(chunks).decode("utf-8")
    except UnicodeDecodeError as exc:
        line = b"".join(chunks)[:exc.start].count(b"\n") + 1
        raise SpecError([Problem(str(p), line, None, "", "file.encoding",
                                 f"'{p}' is not UTF-8 text (byte {exc.start:,}, line {line}); save it as UTF-8")]) from None


def read_yaml(path: str | Path) -> YamlDocument:
    """Read and parse the YAML file at ``path`` (a regular file of at most :data:`MAX_FILE_BYTES`).

    Raises :class:`SpecError` when it cannot be read or parsed.
    """
    return parse_yaml(read_regular_text(path), str(Path(path)))


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
