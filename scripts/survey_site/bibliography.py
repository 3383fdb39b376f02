"""Load `bib/*.bib` into `BibEntry` records, accounting for every byte.

bibtexparser 2 never raises: a duplicate key or field becomes a "failed block",
text after a stray brace becomes an implicit comment, and a file of garbage reads
as zero entries. Each of those is turned into a located error here, so no paper
is ever dropped without a message.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import logging
import re
import types
from collections.abc import Iterable, Mapping
from pathlib import Path

from bibtexparser import model as bibmodel
from bibtexparser.entrypoint import parse_string

from .diagnostics import Diagnostic
from .yamldata import decode_utf8

MAX_BIB_BYTES = 16_000_000
# bibtexparser logs each parse failure itself; we report them as diagnostics instead.
logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)
_BLOCK_START = re.compile(r"^[ \t]*@", re.MULTILINE)
_NUMBER = re.compile(r"^\d+$")
_BRACE_OR_ESCAPE = re.compile(r"\\.|[{}]", re.DOTALL)


@dataclasses.dataclass(frozen=True)
class BibField:
    name: str  # lower case
    value: str  # as written, without the enclosing braces or quotes
    line: int


@dataclasses.dataclass(frozen=True)
class BibEntry:
    key: str
    entry_type: str  # lower case
    fields: tuple[BibField, ...]
    path: str
    line: int

    def get(self, name: str, default: str | None = None) -> str | None:
        return self.field_map.get(name, default)

    def line_of(self, name: str) -> int:
        for f in self.fields:
            if f.name == name:
                return f.line
        return self.line

    @functools.cached_property
    def field_map(self) -> Mapping[str, str]:
        """Name -> value, the first of a repeated name (which the parser reports); read-only, made once."""
        return types.MappingProxyType({f.name: f.value for f in reversed(self.fields)})


def entry_ids(value: str | None) -> list[str]:
    """The retired keys of an entry's `ids` field (biblatex's key-alias field)."""
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def work_identities(fields: Mapping[str, str]) -> list[tuple[str, str]]:
    """What makes two entries the same work: (kind, value) for the arXiv id (without version), DOI and title.

    The one home of the same-work rule: `survey validate` refuses a duplicate by it, and
    `survey add` refuses to add a work the corpus already holds by it.
    """
    from .text import normalized_title

    found = []
    if fields.get("eprint"):
        found.append(("arXiv id", re.sub(r"v\d+$", "", fields["eprint"].lower())))
    if fields.get("doi"):
        found.append(("DOI", fields["doi"].lower()))
    if fields.get("title"):
        found.append(("title", normalized_title(fields["title"])))
    return [(kind, value) for kind, value in found if value]


def key_aliases(entries: Iterable[BibEntry]) -> dict[str, str]:
    """Retired key (in an entry's `ids`) -> the live key it redirects to."""
    return {old: e.key for e in entries for old in entry_ids(e.get("ids"))}


def load_bib_file(path: Path, display_path: str) -> tuple[list[BibEntry], list[Diagnostic]]:
    """One file's entries and problems; a file read before with the same bytes is not parsed again.

    Within one process only: `make serve` rebuilds after every save, and a save changes one file.
    """
    data = path.read_bytes()
    key = (display_path, hashlib.sha256(data).digest())
    if key not in _PARSED:
        if len(_PARSED) >= _PARSED_FILES:
            _PARSED.clear()
        _PARSED[key] = parse_bib(data, display_path)
    entries, problems = _PARSED[key]
    return list(entries), list(problems)


# Records are frozen, so a parse can be handed out again; the lists are copied.
_PARSED: dict[tuple[str, bytes], tuple[list[BibEntry], list[Diagnostic]]] = {}
_PARSED_FILES = 64  # a few versions of every chapter file


def parse_bib(data: bytes, path: str) -> tuple[list[BibEntry], list[Diagnostic]]:
    """Parse one .bib file. Every block that is not a clean entry is an error with its line."""
    if len(data) > MAX_BIB_BYTES:
        return [], [
            Diagnostic(
                path,
                1,
                1,
                f"the file is {len(data):,} bytes; a bib file may be at most {MAX_BIB_BYTES:,}",
                "split the chapter's entries or remove pasted content",
                code="file-too-large",
            )
        ]
    text, problems = decode_utf8(data, path)
    if text is None:
        return [], problems
    # No middlewares: we strip delimiters ourselves and refuse macros, which is
    # both faster and stricter than letting the parser resolve them silently.
    library = parse_string(text, parse_stack=[])
    entries: list[BibEntry] = []
    diagnostics: list[Diagnostic] = []
    at_blocks = 0
    for block in library.blocks:
        line = (block.start_line or 0) + 1
        if isinstance(block, (bibmodel.Entry, bibmodel.DuplicateFieldKeyBlock)):
            # For a repeated field the parser sets the whole entry aside; read it so the
            # repeat is reported at its own line and the entry is not lost to later checks.
            at_blocks += 1
            source = block.ignore_error_block if isinstance(block, bibmodel.DuplicateFieldKeyBlock) else block
            if not isinstance(source, bibmodel.Entry):  # the parser sets an entry aside, never anything else
                raise TypeError(f"bibtexparser set aside a {type(source).__name__}, not an entry")
            entry, entry_problems = _entry(source, path)
            diagnostics.extend(entry_problems)
            if entry is not None:
                entries.append(entry)
        elif isinstance(block, bibmodel.DuplicateBlockKeyBlock):
            at_blocks += 1
            diagnostics.append(
                Diagnostic(
                    path,
                    line,
                    1,
                    f"duplicate citation key `{block.key}` in this file",
                    "each work appears once; give a different work its own key, or merge the two entries",
                    code="duplicate-citation-key",
                )
            )
        elif isinstance(block, bibmodel.ParsingFailedBlock):
            at_blocks += 1
            diagnostics.append(
                Diagnostic(
                    path,
                    line,
                    1,
                    f"cannot parse this entry: {_parse_error(block.error)}",
                    "check for an unbalanced brace, a missing comma between fields, or an entry cut short",
                    code="syntax",
                )
            )
        elif isinstance(block, bibmodel.ImplicitComment):
            if block.comment.strip():
                diagnostics.append(
                    Diagnostic(
                        path,
                        line,
                        1,
                        f"text outside any entry: `{_first_line(block.comment.strip())[:60]}`",
                        "remove it; a stray closing brace above often causes this",
                        code="stray-text",
                    )
                )
        else:  # @string, @preamble, @comment
            at_blocks += 1
            kind = type(block).__name__.replace("Explicit", "").lower()
            diagnostics.append(
                Diagnostic(
                    path,
                    line,
                    1,
                    f"`@{kind}` blocks are not used in this corpus",
                    "write values out in full inside each entry",
                    code="block-type",
                )
            )
    written = len(_BLOCK_START.findall(text))
    if written != at_blocks and not any(d.code == "syntax" for d in diagnostics):
        diagnostics.append(
            Diagnostic(
                path,
                1,
                1,
                f"found {written} `@` block starts but read {at_blocks} blocks",
                "an entry may be nested inside another or cut in half",
                code="block-count",
            )
        )
    return entries, diagnostics


def _parse_error(error: Exception) -> str:
    reason = getattr(error, "abort_reason", None) or str(error) or type(error).__name__
    return _first_line(reason)


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else text


def _entry(block: bibmodel.Entry, path: str) -> tuple[BibEntry | None, list[Diagnostic]]:
    diagnostics: list[Diagnostic] = []
    line = (block.start_line or 0) + 1
    fields: list[BibField] = []
    seen: dict[str, int] = {}
    for f in block.fields:
        name = f.key.lower()
        field_line = (f.start_line or block.start_line or 0) + 1
        if name in seen:
            diagnostics.append(
                Diagnostic(
                    path,
                    field_line,
                    1,
                    f"field `{name}` is repeated in entry `{block.key}`",
                    f"keep one `{name}` (the first is on line {seen[name]})",
                    code="duplicate-field",
                )
            )
            continue
        seen[name] = field_line
        value, problem = _unwrap(f.value)
        if problem:
            hint = (
                "end each field with a comma: `name = {value},`"
                if "comma" in problem
                else "enclose the whole value in braces, e.g. `title = {...}`"
            )
            diagnostics.append(
                Diagnostic(
                    path, field_line, 1, f"field `{name}` of `{block.key}`: {problem}", hint, code="field-syntax"
                )
            )
        # Kept even when malformed (the error above stops the build), so that later
        # checks do not add a misleading "missing field" on top.
        fields.append(BibField(name, value, field_line))
    return BibEntry(block.key, block.entry_type.lower(), tuple(fields), path, line), diagnostics


def _unwrap(raw: str) -> tuple[str, str | None]:
    """Strip one level of `{...}` or `"..."`; refuse macros and `#` concatenation."""
    value = raw.strip()
    if _NUMBER.fullmatch(value):
        return value, None
    if len(value) >= 2 and value[0] == "{" and value[-1] == "}" and _balanced(value[1:-1]):
        return value[1:-1], None
    if len(value) >= 2 and value[0] == '"' and value[-1] == '"' and '"' not in _outside_braces(value[1:-1]):
        return value[1:-1], None
    if "#" in _outside_braces(value.replace('"', "")) and not value.startswith("{"):
        return value, "`#` concatenation and @string macros are not supported"
    if value[:1] in '{"':
        return value, "text follows the closing delimiter; is a comma missing after this field?"
    return value, f"`{value[:40]}` is a macro or unquoted text"


def _balanced(text: str) -> bool:
    if "{" not in text and "}" not in text:
        return True  # most values: no need to walk them
    depth = 0
    for mark in _BRACE_OR_ESCAPE.findall(text):  # the braces alone, with `\{` and `\}` taken out as escapes
        if mark == "{":
            depth += 1
        elif mark == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def _outside_braces(text: str) -> str:
    out, depth = [], 0
    for ch in text:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif depth == 0:
            out.append(ch)
    return "".join(out)
