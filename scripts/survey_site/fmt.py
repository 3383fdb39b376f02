"""`survey fmt`: one canonical form for bib/ and taxonomy/, so PRs differ only in what changed.

bib/: entries sorted by key, fields in canonical order, two-space indent, braces.
taxonomy/: keys in schema order, summaries as folded blocks wrapped at 96 columns,
strings plain where YAML reads them back unchanged and double-quoted otherwise.
Comments in YAML are not kept (the format has no place for them).
"""

from __future__ import annotations

import dataclasses
import json
import re
import textwrap
from pathlib import Path

import yaml

from .bibliography import BibEntry, parse_bib
from .diagnostics import Diagnostic
from .evidence import FILE as EVIDENCE_FILE
from .evidence import format_evidence, parse_evidence
from .render.bibtex import format_entry
from .taxonomy import NODE_KEYS, WATCH_KEYS, chapter_shape_problems
from .tree import BIB_DIR, TAXONOMY_DIR, regular_files
from .write import replace_files
from .yamldata import Map, Scalar, Seq, load_yaml

WRAP = 96
# Plain (unquoted) only for text that cannot be misread: no YAML indicators, no comment mark.
_PLAIN_SAFE = re.compile(r"^[A-Za-z0-9][^#:\n\"'`{}\[\]&*!|>%@]*$")


def yaml_scalar(text: str) -> str:
    if _PLAIN_SAFE.match(text) and text == text.strip() and _reads_back(text):
        return text
    return json.dumps(text, ensure_ascii=False)


def _reads_back(text: str) -> bool:
    try:
        return bool(yaml.safe_load(f"k: {text}") == {"k": text})
    except (yaml.YAMLError, ValueError, OverflowError):  # `2023-02-29` is a date YAML cannot build
        return False


def _folded(text: str, indent: str) -> list[str]:
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    lines: list[str] = []
    for i, paragraph in enumerate(paragraphs):
        if i:
            lines += ["", ""]  # two blank lines fold back to one paragraph break
        lines += [
            indent + line
            for line in textwrap.wrap(
                paragraph, max(WRAP - len(indent), 40), break_long_words=False, break_on_hyphens=False
            )
        ]
    return lines


def dump_node(
    node: Map, indent: str = "", first_prefix: str | None = None, order: tuple[str, ...] = NODE_KEYS
) -> list[str]:
    """Lines for one node mapping, keys in `order`; `first_prefix` replaces the indent of its first line (`- `)."""
    lines: list[str] = []
    ordered = sorted(node.entries, key=lambda kv: order.index(kv[0].value) if kv[0].value in order else len(order))
    for key, value in ordered:
        prefix = first_prefix if (first_prefix is not None and not lines) else indent
        name = key.value
        if isinstance(value, Scalar):
            if name == "summary":
                lines.append(f"{prefix}{name}: >-")
                lines += _folded(value.value, indent + "  ")
            else:
                lines.append(f"{prefix}{name}: {yaml_scalar(value.value)}")
        elif isinstance(value, Seq):
            if not value.items:
                lines.append(f"{prefix}{name}: []")
                continue
            lines.append(f"{prefix}{name}:")
            for item in value.items:
                if isinstance(item, Map):
                    lines += dump_node(item, indent + "    ", first_prefix=indent + "  - ")
                elif isinstance(item, Scalar):
                    lines.append(f"{indent}  - {yaml_scalar(item.value)}")
                else:  # never drop what cannot be written: callers check the shape first
                    raise ValueError(f"cannot write a nested list under `{name}`")
        elif isinstance(value, Map):  # not part of the schema; validation reports it, fmt keeps it
            lines.append(f"{prefix}{name}:")
            lines += dump_node(value, indent + "  ", order=WATCH_KEYS if name == "watch" else NODE_KEYS)
    return lines


def format_yaml_text(data: bytes, path: str) -> str | None:
    """Canonical text of a taxonomy file, or None when it does not load whole or has a shape error (validate says why).

    A value the schema has no place for (a list inside `papers`) would not survive the
    rewrite, so a file with any shape error is left exactly as it is.
    """
    value, problems = load_yaml(data, path)
    if value is None or any(p.is_error for p in problems) or not isinstance(value, Map):
        return None
    if any(p.is_error for p in chapter_shape_problems(value, path)):
        return None
    return "\n".join(dump_node(value)) + "\n"


def format_survey_yaml(data: bytes, path: str, updates: dict[str, str] | None = None) -> str | None:
    """Canonical text of survey.yaml, with `updates` (key -> new text) applied; None when it has any error."""
    value, problems = load_yaml(data, path)
    if not isinstance(value, Map) or any(p.is_error for p in problems) or _survey_shape_errors(value):
        return None
    updates = updates or {}
    lines = []
    for key, item in value.entries:
        if key.value in updates:
            item = Scalar(updates[key.value], item.line, item.column)
        if isinstance(item, Seq):
            lines.append(f"{key.value}:")
            lines += [f"  - {yaml_scalar(i.value)}" for i in item.items if isinstance(i, Scalar)]
        elif isinstance(item, Scalar):
            if "\n" in item.value or len(item.value) > WRAP - len(key.value) - 2:
                lines.append(f"{key.value}: >-")
                lines += _folded(item.value, "  ")
            elif key.value == "data_version":
                lines.append(
                    f"{key.value}: {json.dumps(item.value)}"
                )  # quoted: YAML 1.1 would read a bare date as a date
            else:
                lines.append(f"{key.value}: {yaml_scalar(item.value)}")
    return "\n".join(lines) + "\n"


def _survey_shape_errors(value: Map) -> bool:
    """survey.yaml holds text values and one list of text (`authors`); anything else is not rewritten."""
    for key, item in value.entries:
        if isinstance(item, Map) or (
            isinstance(item, Seq) and (key.value != "authors" or not all(isinstance(i, Scalar) for i in item.items))
        ):
            return True
    return False


def format_bib_entries(entries: list[BibEntry]) -> str:
    blocks = [
        format_entry(e.entry_type, e.key, [(f.name, f.value) for f in e.fields])
        for e in sorted(entries, key=lambda e: e.key)
    ]
    return "\n".join(blocks)


def format_bib_text(data: bytes, path: str) -> str | None:
    entries, problems = parse_bib(data, path)
    if any(p.is_error for p in problems):
        return None  # never rewrite a file we could not read whole: that is how entries get lost
    return format_bib_entries(entries)


def format_evidence_text(data: bytes, path: str) -> str | None:
    rows, problems = parse_evidence(data, path)
    if any(p.is_error for p in problems):
        return None
    return format_evidence(rows)


@dataclasses.dataclass(frozen=True)
class FmtResult:
    changed: tuple[str, ...]
    skipped: tuple[str, ...]  # files with errors, left as they are


def format_project(root: Path, check_only: bool) -> FmtResult:
    changed, skipped = [], []
    rewrites: dict[Path, bytes | None] = {}
    targets = [(p, format_bib_text) for p in regular_files(root / BIB_DIR, ".bib", root)[0]]
    if (root / EVIDENCE_FILE).is_file() and not (root / EVIDENCE_FILE).is_symlink():
        targets.append((root / EVIDENCE_FILE, format_evidence_text))
    for p in regular_files(root / TAXONOMY_DIR, ".yaml", root)[0]:
        targets.append((p, format_survey_yaml if p.name == "survey.yaml" else format_yaml_text))
    for path, formatter in targets:
        rel = path.relative_to(root).as_posix()
        data = path.read_bytes()
        text = formatter(data, rel)
        if text is None:
            skipped.append(rel)
            continue
        if text.encode("utf-8") != data:
            changed.append(rel)
            rewrites[path] = text.encode("utf-8")
    if rewrites and not check_only:
        replace_files(root, rewrites)
    return FmtResult(tuple(changed), tuple(skipped))


def canonical_form_problems(root: Path) -> list[Diagnostic]:
    """Files that `survey fmt` would rewrite, as problems (validation includes `fmt --check`)."""
    return [
        Diagnostic(
            path, 1, 1, "the file is not in canonical form", "run `survey fmt` and commit the result", code="fmt"
        )
        for path in format_project(root, check_only=True).changed
    ]
