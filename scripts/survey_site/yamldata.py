"""Load YAML as plain strings, lists and mappings that remember their line numbers.

PyYAML's loaders retype plain scalars by YAML 1.1 rules (`NO` -> False,
`1.10` -> 1.1, `012` -> 10, `2020-01-01` -> a date) and keep the last of two
duplicate keys without a word. We compose the node graph instead and convert it
ourselves: every scalar stays the exact text the contributor wrote, duplicate
keys and aliases are errors, and each value keeps its position for messages.
"""

from __future__ import annotations

import dataclasses

import yaml

from .diagnostics import Diagnostic

try:  # libyaml's composer is several times faster; the pure one is a fallback.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_YAML_BYTES = 2_000_000

# Tags the resolver gives plain values; anything else was written by hand (`!!python/...`).
_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "null", "int", "float", "bool", "timestamp", "seq", "map")
)


@dataclasses.dataclass(frozen=True)
class Scalar:
    value: str
    line: int
    column: int


@dataclasses.dataclass(frozen=True)
class Seq:
    items: tuple[Value, ...]
    line: int
    column: int


@dataclasses.dataclass(frozen=True)
class Map:
    # Keys in file order, each with its own position for "unknown key" messages.
    entries: tuple[tuple[Scalar, Value], ...]
    line: int
    column: int

    def get(self, key: str) -> Value | None:
        for k, v in self.entries:
            if k.value == key:
                return v
        return None


Value = Scalar | Seq | Map


def decode_utf8(data: bytes, path: str) -> tuple[str | None, list[Diagnostic]]:
    """Decode bytes as UTF-8, or say at which line the first bad byte sits."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [
            Diagnostic(
                path,
                line,
                column,
                f"the file is not UTF-8: byte 0x{data[exc.start]:02x} cannot be decoded",
                "save the file as UTF-8",
                code="encoding",
            )
        ]
    if text.startswith("\ufeff"):
        text = text[1:]
    return text, []


def load_yaml(data: bytes, path: str) -> tuple[Value | None, list[Diagnostic]]:
    """Parse one YAML document into `Value`s; problems come back as diagnostics."""
    if len(data) > MAX_YAML_BYTES:
        return None, [
            Diagnostic(
                path,
                1,
                1,
                f"the file is {len(data):,} bytes; taxonomy files may be at most {MAX_YAML_BYTES:,}",
                "split the chapter into smaller files or remove the pasted content",
                code="file-too-large",
            )
        ]
    text, problems = decode_utf8(data, path)
    if text is None:
        return None, problems
    if not text.strip():
        return None, [_empty_file(path)]
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        return None, [_yaml_error(exc, path, text)]
    except yaml.YAMLError as exc:  # errors without a mark are rare; still located at the file
        return None, [Diagnostic(path, 1, 1, f"YAML error: {exc}", code="yaml-error")]
    if node is None:
        return None, [_empty_file(path)]
    diagnostics: list[Diagnostic] = []
    value = _convert(node, path, diagnostics, set())
    return value, diagnostics


def _empty_file(path: str) -> Diagnostic:
    """A file with nothing in it, or only comments."""
    return Diagnostic(
        path,
        1,
        1,
        "the file is empty",
        "a taxonomy file holds one mapping with `id`, `title` and `summary`",
        code="empty-file",
    )


def _yaml_error(exc: yaml.MarkedYAMLError, path: str, text: str) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 1
    column = mark.column + 1 if mark else 1
    problem = (exc.problem or exc.context or "invalid YAML").strip()
    hint = "check the indentation and quoting on this line"
    if "\t" in problem or "'\\t'" in problem or (mark and _tab_near(text, mark.line)):
        problem = "a tab character is used for indentation"
        hint = "YAML allows only spaces for indentation: replace the tab with spaces"
    elif "found duplicate anchor" in problem:
        hint = "anchors and aliases are not allowed in taxonomy files"
    return Diagnostic(path, line, column, f"YAML syntax error: {problem}", hint, code="yaml-syntax")


def _tab_near(text: str, line_index: int) -> bool:
    lines = text.splitlines()
    return (
        0 <= line_index < len(lines)
        and "\t" in lines[line_index][: len(lines[line_index]) - len(lines[line_index].lstrip())]
    )


def _convert(node: yaml.Node, path: str, diagnostics: list[Diagnostic], seen: set[int]) -> Value:
    line, column = node.start_mark.line + 1, node.start_mark.column + 1
    if id(node) in seen:
        # The same node reached twice means an alias: refuse it rather than expand it,
        # which is how "billion laughs" documents blow up.
        diagnostics.append(
            Diagnostic(
                path,
                line,
                column,
                "YAML aliases (`*name`) are not allowed",
                "write the value out in full",
                code="yaml-alias",
            )
        )
        return Scalar("", line, column)
    seen.add(id(node))
    if node.tag not in _PLAIN_TAGS:
        diagnostics.append(
            Diagnostic(path, line, column, f"YAML tag `{node.tag}` is not allowed", "remove the tag", code="tag")
        )
    if isinstance(node, yaml.ScalarNode):
        return Scalar(node.value, line, column)
    if isinstance(node, yaml.SequenceNode):
        return Seq(tuple(_convert(item, path, diagnostics, seen) for item in node.value), line, column)
    if isinstance(node, yaml.MappingNode):
        entries: list[tuple[Scalar, Value]] = []
        keys: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = _convert(key_node, path, diagnostics, seen)
            if id(value_node) in seen:
                # Report the alias where it is used (the key), not where its anchor was.
                diagnostics.append(
                    Diagnostic(
                        path,
                        key_node.start_mark.line + 1,
                        key_node.start_mark.column + 1,
                        "YAML aliases (`*name`) are not allowed",
                        "write the value out in full",
                        code="yaml-alias",
                    )
                )
                continue
            value = _convert(value_node, path, diagnostics, seen)
            if not isinstance(key, Scalar):
                diagnostics.append(
                    Diagnostic(path, key.line, key.column, "a mapping key must be plain text", code="key-type")
                )
                continue
            if key.value == "<<":
                diagnostics.append(
                    Diagnostic(
                        path,
                        key.line,
                        key.column,
                        "YAML merge keys (`<<`) are not allowed",
                        "write the keys out in full",
                        code="yaml-merge-key",
                    )
                )
                continue
            if key.value in keys:
                diagnostics.append(
                    Diagnostic(
                        path,
                        key.line,
                        key.column,
                        f"duplicate key `{key.value}` (first given on line {keys[key.value]})",
                        "keep one of them: YAML would silently drop the first",
                        code="duplicate-yaml-key",
                    )
                )
                continue
            keys[key.value] = key.line
            entries.append((key, value))
        return Map(tuple(entries), line, column)
    raise TypeError(f"unexpected YAML node {node!r}")  # a PyYAML bug, not user input


def describe(value: Value | None) -> str:
    """How a value reads in an error message: 'a list', 'a mapping', 'text'."""
    if isinstance(value, Map):
        return "a mapping"
    if isinstance(value, Seq):
        return "a list"
    return "text"
