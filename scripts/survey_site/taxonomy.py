"""Load `taxonomy/NN-<chapter>.yaml` files and `taxonomy/survey.yaml`.

Each chapter file holds one node; nodes nest through `children`. The loader
checks shapes (which keys, which types) and returns records plus diagnostics;
cross-file rules (unique ids, known papers) live in `validate`.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from pathlib import Path

from .diagnostics import Diagnostic
from .model import SurveyMeta
from .text import INVISIBLE, KEY_PATTERN, NEW_ARXIV, YEAR, braces_balanced, is_date
from .tree import regular_files
from .yamldata import Map, Scalar, Seq, Value, describe, load_yaml

CHAPTER_FILE = re.compile(r"^(\d{2})-([a-z][a-z0-9-]{1,48})\.yaml$")
NODE_KEYS = ("id", "title", "origin", "added", "paper_section", "summary", "papers", "watch", "children", "aliases")
# `watch`: what `survey suggest` looks for on the topic's behalf (a node without one is watched
# through its nearest ancestor's): arXiv search `terms`, arXiv `categories` that narrow them,
# and `cites`, the topic's core papers, whose new citing works are candidates too.
WATCH_KEYS = ("terms", "categories", "cites")
# `origin`: `survey` (a node of the survey's own taxonomy, the default) or `site` (a node
# this site added where the field grew past the survey; it carries the date it was `added`).
NODE_ORIGINS = ("survey", "site")
REQUIRED_NODE_KEYS = ("id", "title", "summary")
MAX_NODE_DEPTH = 6  # the survey nests three levels; a page's breadcrumb and the tree stay readable
SURVEY_KEYS = (
    "title",
    "authors",
    "affiliation",
    "year",
    "arxiv",
    "citation_key",
    "journal",
    "licence",
    "data_version",
    "description",
)


# A string from the data with the place it was written.
Ref = Scalar


@dataclasses.dataclass(frozen=True)
class WatchSpec:
    """A node's `watch:` as written; `validate` checks its values."""

    terms: tuple[Ref, ...]
    categories: tuple[Ref, ...]
    cites: tuple[Ref, ...]
    line: int
    column: int


@dataclasses.dataclass(frozen=True)
class NodeSpec:
    id: Ref
    title: str | None  # None when missing or not text (the loader has said so)
    paper_section: Ref | None
    summary: str | None
    origin: Ref | None  # None: the survey's own node
    added: Ref | None
    papers: tuple[Ref, ...]
    children: tuple[str, ...]
    aliases: tuple[Ref, ...]
    parent: str | None
    chapter: str
    depth: int
    path: str
    line: int
    watch: WatchSpec | None = None


def load_taxonomy(folder: Path, display_root: Path) -> tuple[list[NodeSpec], list[Diagnostic]]:
    """Every chapter file, in file-name order, flattened to nodes in reading order."""
    specs: list[NodeSpec] = []
    diagnostics: list[Diagnostic] = []
    paths, _ = regular_files(folder, ".yaml", display_root)  # links and folders are reported by tree_problems
    for path in paths:
        if path.name == "survey.yaml":
            continue
        shown = _display(path, display_root)
        match = CHAPTER_FILE.fullmatch(path.name)
        if not match:
            diagnostics.append(
                Diagnostic(
                    shown,
                    1,
                    1,
                    f"file name `{path.name}` does not follow `NN-<chapter-id>.yaml`",
                    "rename it, e.g. `04-outer-alignment.yaml`",
                    code="chapter-file-name",
                )
            )
            continue
        value, problems = load_yaml(path.read_bytes(), shown)
        diagnostics.extend(problems)
        if value is None:
            continue
        if not isinstance(value, Map):
            diagnostics.append(
                Diagnostic(
                    shown,
                    value.line,
                    value.column,
                    f"a chapter file holds one node (a mapping), not {describe(value)}",
                    "start the file with `id:`, `title:` and `summary:`",
                    code="type",
                )
            )
            continue
        first = len(specs)
        _node(value, shown, None, None, 0, specs, diagnostics)
        root = specs[first] if len(specs) > first else None  # _node appends the chapter before its descendants
        if root is not None and root.id.value != match.group(2):
            diagnostics.append(
                Diagnostic(
                    shown,
                    root.id.line,
                    root.id.column,
                    f"the file is named for `{match.group(2)}` but its node is `{root.id.value}`",
                    f"rename the file to `{match.group(1)}-{root.id.value}.yaml`",
                    code="chapter-file-mismatch",
                )
            )
    return specs, diagnostics


def chapter_shape_problems(value: Map, shown: str) -> list[Diagnostic]:
    """What the loader would say about one chapter's shape (keys, types, depth): tools that rewrite check this first."""
    diagnostics: list[Diagnostic] = []
    _node(value, shown, None, None, 0, [], diagnostics)
    return diagnostics


def _display(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _unknown_key(key: Scalar, allowed: tuple[str, ...], path: str, what: str) -> Diagnostic:
    close = difflib.get_close_matches(key.value, allowed, n=1)
    hint = f"did you mean `{close[0]}`?" if close else f"allowed keys: {', '.join(allowed)}"
    return Diagnostic(path, key.line, key.column, f"unknown key `{key.value}` in {what}", hint, code="unknown-yaml-key")


def _text(value: Value | None, key: str, path: str, diagnostics: list[Diagnostic]) -> Scalar | None:
    if value is None:
        return None
    if not isinstance(value, Scalar):
        diagnostics.append(
            Diagnostic(
                path,
                value.line,
                value.column,
                f"`{key}` must be text, not {describe(value)}",
                f"write `{key}: ...` on one line, or as a `>-` block",
                code="type",
            )
        )
        return None
    return value


def _text_list(value: Value | None, key: str, path: str, diagnostics: list[Diagnostic]) -> tuple[Ref, ...]:
    if value is None:
        return ()
    if isinstance(value, Scalar) and value.value in ("", "~", "null"):
        return ()
    if not isinstance(value, Seq):
        diagnostics.append(
            Diagnostic(
                path,
                value.line,
                value.column,
                f"`{key}` must be a list, not {describe(value)}",
                f"write each item on its own line as `- item` under `{key}:`",
                code="type",
            )
        )
        return ()
    items = []
    for item in value.items:
        if not isinstance(item, Scalar):
            diagnostics.append(
                Diagnostic(
                    path,
                    item.line,
                    item.column,
                    f"each item of `{key}` must be text, not {describe(item)}",
                    code="type",
                )
            )
            continue
        items.append(Ref(item.value, item.line, item.column))
    return tuple(items)


def _watch(value: Value | None, path: str, diagnostics: list[Diagnostic]) -> WatchSpec | None:
    if value is None:
        return None
    if not isinstance(value, Map):
        diagnostics.append(
            Diagnostic(
                path,
                value.line,
                value.column,
                f"`watch` must be a mapping, not {describe(value)}",
                "write `terms:` (and optionally `categories:` and `cites:`) as lists under `watch:`",
                code="type",
            )
        )
        return None
    for key, _ in value.entries:
        if key.value not in WATCH_KEYS:
            diagnostics.append(_unknown_key(key, WATCH_KEYS, path, "`watch`"))
    return WatchSpec(
        terms=_text_list(value.get("terms"), "terms", path, diagnostics),
        categories=_text_list(value.get("categories"), "categories", path, diagnostics),
        cites=_text_list(value.get("cites"), "cites", path, diagnostics),
        line=value.line,
        column=value.column,
    )


def _node(
    value: Map,
    path: str,
    parent: str | None,
    chapter: str | None,
    depth: int,
    out: list[NodeSpec],
    diagnostics: list[Diagnostic],
) -> None:
    for key, _ in value.entries:
        if key.value not in NODE_KEYS:
            diagnostics.append(_unknown_key(key, NODE_KEYS, path, "a taxonomy node"))
    missing = [k for k in REQUIRED_NODE_KEYS if value.get(k) is None]
    for k in missing:
        diagnostics.append(
            Diagnostic(
                path,
                value.line,
                value.column,
                f"node is missing `{k}`",
                f"add `{k}: ...` to this node",
                code="node-missing-key",
            )
        )
    id_value = _text(value.get("id"), "id", path, diagnostics)
    if id_value is None:
        return
    title = _text(value.get("title"), "title", path, diagnostics)
    summary = _text(value.get("summary"), "summary", path, diagnostics)
    section = _text(value.get("paper_section"), "paper_section", path, diagnostics)
    origin = _text(value.get("origin"), "origin", path, diagnostics)
    added = _text(value.get("added"), "added", path, diagnostics)
    node_id = id_value.value
    children_value = value.get("children")
    child_maps: list[Map] = []
    if children_value is not None and not (
        isinstance(children_value, Scalar) and children_value.value in ("", "~", "null")
    ):
        if not isinstance(children_value, Seq):
            diagnostics.append(
                Diagnostic(
                    path,
                    children_value.line,
                    children_value.column,
                    f"`children` must be a list of nodes, not {describe(children_value)}",
                    "write each child as `- id: ...` under `children:`",
                    code="type",
                )
            )
        else:
            for child in children_value.items:
                if isinstance(child, Map):
                    child_maps.append(child)
                else:
                    diagnostics.append(
                        Diagnostic(
                            path,
                            child.line,
                            child.column,
                            f"a child must be a node (a mapping), not {describe(child)}",
                            "write `- id: ...` with `title` and `summary` below it",
                            code="type",
                        )
                    )
    child_ids = tuple(ident.value for c in child_maps if isinstance(ident := c.get("id"), Scalar))
    out.append(
        NodeSpec(
            id=Ref(node_id, id_value.line, id_value.column),
            title=title.value if title else None,
            paper_section=Ref(section.value, section.line, section.column) if section and section.value else None,
            summary=summary.value if summary else None,
            origin=origin,
            added=added,
            papers=_text_list(value.get("papers"), "papers", path, diagnostics),
            children=child_ids,
            aliases=_text_list(value.get("aliases"), "aliases", path, diagnostics),
            parent=parent,
            chapter=chapter or node_id,
            depth=depth,
            path=path,
            line=value.line,
            watch=_watch(value.get("watch"), path, diagnostics),
        )
    )
    if child_maps and depth + 1 > MAX_NODE_DEPTH:
        child = child_maps[0]
        diagnostics.append(
            Diagnostic(
                path,
                child.line,
                child.column,
                f"topics nest deeper than {MAX_NODE_DEPTH} levels below a chapter",
                "attach these topics to a shallower node",
                code="node-depth",
            )
        )
        return
    for child in child_maps:
        _node(child, path, node_id, chapter or node_id, depth + 1, out, diagnostics)


def load_survey_meta(path: Path, display_root: Path) -> tuple[SurveyMeta | None, list[Diagnostic]]:
    shown = _display(path, display_root)
    if path.is_symlink() or (path.exists() and not path.is_file()):
        return None, []  # reported by tree_problems; never read through a link
    if not path.exists():
        return None, [
            Diagnostic(shown, 1, 1, "taxonomy/survey.yaml is missing", "restore it from git", code="missing-file")
        ]
    value, diagnostics = load_yaml(path.read_bytes(), shown)
    if value is None:
        return None, diagnostics
    if not isinstance(value, Map):
        return None, [
            *diagnostics,
            Diagnostic(shown, value.line, value.column, "survey.yaml must be a mapping", code="type"),
        ]
    for written, _ in value.entries:
        if written.value not in SURVEY_KEYS:
            diagnostics.append(_unknown_key(written, SURVEY_KEYS, shown, "survey.yaml"))
    fields: dict[str, object] = {}
    for key in SURVEY_KEYS:
        item = value.get(key)
        if item is None:
            diagnostics.append(
                Diagnostic(
                    shown, value.line, value.column, f"survey.yaml is missing `{key}`", code="survey-missing-key"
                )
            )
            fields[key] = "" if key != "authors" else ()
        elif key == "authors":
            fields[key] = tuple(r.value for r in _text_list(item, key, shown, diagnostics))
        else:
            scalar = _text(item, key, shown, diagnostics)
            fields[key] = scalar.value if scalar else ""
    if not is_date(str(fields["data_version"])):
        item = value.get("data_version")
        diagnostics.append(
            Diagnostic(
                shown,
                item.line if item else 1,
                item.column if item else 1,
                "`data_version` must be a date YYYY-MM-DD",
                "the date of the last data change, e.g. 2026-11-24",
                code="data-version-format",
            )
        )
    diagnostics += _survey_field_problems(value, shown)
    return SurveyMeta(**fields), diagnostics  # type: ignore[arg-type]


# What each survey.yaml value may be: it lands in every page's citation and BibTeX.
_SURVEY_RULES: dict[str, tuple[re.Pattern[str], str]] = {
    "citation_key": (KEY_PATTERN, "a citation key: lower-case ASCII letters and digits, e.g. `shen2023alignment`"),
    "arxiv": (NEW_ARXIV, "a bare arXiv id, e.g. `2309.15025`"),
    "year": (YEAR, "a four-digit year"),
}


def _survey_field_problems(value: Map, path: str) -> list[Diagnostic]:
    out = []
    for key, item in value.entries:
        texts = (
            [i for i in item.items if isinstance(i, Scalar)]
            if isinstance(item, Seq)
            else [item]
            if isinstance(item, Scalar)
            else []
        )
        for text in texts:
            bad = INVISIBLE.search(text.value)
            if bad:
                out.append(
                    Diagnostic(
                        path,
                        text.line,
                        text.column,
                        f"`{key.value}` contains the invisible character U+{ord(bad.group()):04X}",
                        "delete it; retype the text if it was pasted",
                        code="invisible",
                    )
                )
            elif "\n" in text.value and key.value != "description":
                out.append(
                    Diagnostic(
                        path,
                        text.line,
                        text.column,
                        f"`{key.value}` spans lines",
                        "write it on one line",
                        code="multiline",
                    )
                )
            elif not braces_balanced(text.value):
                out.append(
                    Diagnostic(
                        path,
                        text.line,
                        text.column,
                        f"`{key.value}` has unbalanced braces",
                        "every `{` needs its `}`; the value goes into BibTeX",
                        code="braces",
                    )
                )
        rule = _SURVEY_RULES.get(key.value)
        if rule and isinstance(item, Scalar) and not rule[0].fullmatch(item.value):
            out.append(
                Diagnostic(
                    path,
                    item.line,
                    item.column,
                    f"`{key.value}` is not {rule[1].split(':')[0].split(',')[0]}: `{item.value[:40]}`",
                    f"write {rule[1]}",
                    code="survey-field",
                )
            )
        if key.value == "authors" and isinstance(item, Seq):
            for author in item.items:
                if isinstance(author, Scalar) and not _SURVEY_AUTHOR.fullmatch(author.value):
                    out.append(
                        Diagnostic(
                            path,
                            author.line,
                            author.column,
                            f"author `{author.value[:40]}` is not `Family, Given`",
                            "one person per item, e.g. `Shen, Tianhao`",
                            code="survey-author",
                        )
                    )
    return out


_SURVEY_AUTHOR = re.compile(r"[^,{}\\\n]+, [^,{}\\\n]+")
