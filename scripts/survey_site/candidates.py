"""The curation files: `bib/CANDIDATES.yaml` (works `survey suggest` found) and `bib/REJECTED.tsv`.

CANDIDATES.yaml is written by `survey suggest` and reviewed in its weekly pull request:
each candidate has an id, the key it would get, its title, authors and date, the topic
it is suggested for, a score with the reasons for it, and the BibTeX fields `survey
accept` hands to `survey add`. REJECTED.tsv keeps every curator's "no", with the date of
the decision and the reason, so a work is never suggested again. Both are read here into
records plus located diagnostics, like every other data file.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterable, Mapping

from .bibliography import work_identities
from .diagnostics import Diagnostic
from .text import KEY_PATTERN, is_date
from .tsvdata import tsv_rows
from .yamldata import Map, Scalar, Seq, Value, describe, load_yaml

CANDIDATES_FILE = "bib/CANDIDATES.yaml"
REJECTED_FILE = "bib/REJECTED.tsv"
REJECTED_HEADER = ("id", "decided", "title", "reason")
REJECTED_PREAMBLE = (
    "# Works a curator decided not to add: `survey reject ID --reason ...` writes a row, and",
    "# `survey suggest` never proposes them again. One row per work, tab-separated.",
)
CANDIDATES_PREAMBLE = (
    "# Candidate works for the site, found by `survey suggest` (the weekly pull request opens with them).",
    '# Review each: `survey accept KEY --topic TOPIC --tldr "..."` or `survey reject ID --reason "..."`.',
)
CANDIDATE_KEYS = ("id", "key", "title", "authors", "date", "topic", "score", "reasons", "accept", "type", "fields")
_ARXIV_ID = re.compile(r"^(\d{4}\.\d{4,5}|[a-z-]+(\.[A-Z]{2})?/\d{7})$")
_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(.+)$", re.I)
_ARXIV_URL = re.compile(r"^https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/([^?#]+?)(?:\.pdf)?$", re.I)
_OPENALEX = re.compile(r"^(?:openalex:|https?://openalex\.org/)?(W\d+)$", re.I)
_DOI = re.compile(r"^(?:doi:|https?://(?:dx\.)?doi\.org/)?(10\.\d{4,9}/\S+)$", re.I)


@dataclasses.dataclass(frozen=True)
class Candidate:
    id: str  # "arxiv:2402.06782", "doi:10.1/x" or "openalex:W123": see normalize_id
    key: str  # the citation key the work would get
    title: str
    authors: tuple[str, ...]  # display names, as the API gave them
    date: str  # YYYY-MM-DD, the first public version
    topic: str  # the suggested topic id ("" when no topic stands out)
    score: int
    reasons: tuple[str, ...]
    entry_type: str
    fields: tuple[tuple[str, str], ...]  # BibTeX fields for `survey add`
    line: int = 0

    @property
    def field_map(self) -> dict[str, str]:
        return dict(self.fields)

    @property
    def url(self) -> str:
        fields = self.field_map
        if fields.get("eprint"):
            return f"https://arxiv.org/abs/{fields['eprint']}"
        if fields.get("doi"):
            return f"https://doi.org/{fields['doi']}"
        return fields.get("url", "")

    @property
    def accept_command(self) -> str:
        topic = self.topic or "TOPIC"
        return f'survey accept {self.key} --topic {topic} --tldr "..."'


@dataclasses.dataclass(frozen=True)
class CandidateFile:
    checked: str | None  # the day of the last `survey suggest` run: the next one looks from there
    candidates: tuple[Candidate, ...]


@dataclasses.dataclass(frozen=True)
class Rejection:
    id: str
    decided: str
    title: str
    reason: str
    line: int = 0


def normalize_id(text: str) -> str | None:
    """One spelling per identifier: `arxiv:<id without version>`, `doi:<lower case>` or `openalex:W<n>`.

    An arXiv DOI (10.48550/arXiv.N) and an arXiv address are the arXiv id they name.
    """
    text = text.strip()
    bare = re.sub(r"^arxiv:", "", text, flags=re.I)
    bare = re.sub(r"v\d+$", "", bare)
    if _ARXIV_ID.fullmatch(bare):
        return f"arxiv:{bare.lower()}"
    url = _ARXIV_URL.fullmatch(text)
    if url:
        return normalize_id(url.group(1))
    openalex = _OPENALEX.fullmatch(text)
    if openalex:
        return f"openalex:{openalex.group(1).upper()}"
    doi = _DOI.fullmatch(text)
    if doi:
        arxiv = _ARXIV_DOI.fullmatch(doi.group(1))
        return normalize_id(arxiv.group(1)) if arxiv else f"doi:{doi.group(1).lower()}"
    return None


def identities(fields: Mapping[str, str]) -> frozenset[str]:
    """Every name a work is known by: its ids (with their aliases) and its normalised title.

    Built on `work_identities`, the corpus's same-work rule, plus the aliases an API may
    give instead: the arXiv DOI of an eprint, an arXiv address in `url`.
    """
    found: set[str] = set()
    for kind, value in work_identities(fields):
        if kind == "title":
            found.add(f"title:{value}")
        else:
            normal = normalize_id(value if kind == "DOI" else f"arxiv:{value}")
            if normal:
                found.add(normal)
    for name in ("url", "openalex"):
        normal = normalize_id(fields.get(name, ""))
        if normal:
            found.add(normal)
    return frozenset(found)


# -- CANDIDATES.yaml ------------------------------------------------------------------------------------


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML string: nothing from an API is read as YAML


def format_candidates(file: CandidateFile) -> str:
    """The canonical file: candidates best first (score, then newest, then id)."""
    lines = [*CANDIDATES_PREAMBLE]
    lines.append(f"checked: {_quoted(file.checked)}" if file.checked else "checked: null")
    ordered = sort_candidates(file.candidates)
    lines.append("candidates:" if ordered else "candidates: []")
    for c in ordered:
        lines.append(f"  - id: {_quoted(c.id)}")
        lines.append(f"    key: {_quoted(c.key)}")
        lines.append(f"    title: {_quoted(c.title)}")
        lines.append("    authors:" if c.authors else "    authors: []")
        lines += [f"      - {_quoted(a)}" for a in c.authors]
        lines.append(f"    date: {_quoted(c.date)}")
        lines.append(f"    topic: {_quoted(c.topic)}")
        lines.append(f"    score: {c.score}")
        lines.append("    reasons:" if c.reasons else "    reasons: []")
        lines += [f"      - {_quoted(r)}" for r in c.reasons]
        lines.append(f"    accept: {_quoted(c.accept_command)}")
        lines.append(f"    type: {_quoted(c.entry_type)}")
        lines.append("    fields:")
        lines += [f"      {name}: {_quoted(value)}" for name, value in c.fields]
    return "\n".join(lines) + "\n"


def sort_candidates(candidates: Iterable[Candidate]) -> list[Candidate]:
    return sorted(candidates, key=lambda c: (-c.score, _negated_date(c.date), c.id))


def _negated_date(date: str) -> str:
    return "".join(chr(0x10FFFF - ord(ch)) for ch in date)  # newest first inside an ascending sort


def parse_candidates(data: bytes, path: str = CANDIDATES_FILE) -> tuple[CandidateFile, list[Diagnostic]]:
    value, problems = load_yaml(data, path)
    empty = CandidateFile(None, ())
    if value is None:
        return empty, problems
    if not isinstance(value, Map):
        return empty, [*problems, _shape(path, value, f"the file holds {describe(value)}, not a mapping")]
    checked_value = value.get("checked")
    checked = checked_value.value if isinstance(checked_value, Scalar) and checked_value.value != "null" else None
    if checked is not None and not is_date(checked):
        problems.append(_shape(path, checked_value or value, f"`checked` is not a date YYYY-MM-DD: `{checked[:20]}`"))
        checked = None
    items = value.get("candidates")
    candidates: list[Candidate] = []
    if isinstance(items, Seq):
        for item in items.items:
            candidate = _candidate(item, path, problems)
            if candidate is not None:
                candidates.append(candidate)
    elif items is not None and not (isinstance(items, Scalar) and items.value in ("", "[]")):
        problems.append(_shape(path, items, "`candidates` must be a list"))
    return CandidateFile(checked, tuple(candidates)), problems


def _candidate(item: Value, path: str, problems: list[Diagnostic]) -> Candidate | None:
    if not isinstance(item, Map):
        problems.append(_shape(path, item, f"a candidate must be a mapping, not {describe(item)}"))
        return None
    text: dict[str, str] = {}
    for name in ("id", "key", "title", "date", "topic", "score", "type"):
        field = item.get(name)
        if not isinstance(field, Scalar):
            problems.append(_shape(path, field or item, f"a candidate needs `{name}` as text"))
            return None
        text[name] = field.value
    lists: dict[str, tuple[str, ...]] = {}
    for name in ("authors", "reasons"):
        field = item.get(name)
        if not isinstance(field, Seq) or not all(isinstance(i, Scalar) for i in field.items):
            problems.append(_shape(path, field or item, f"a candidate needs `{name}` as a list of text"))
            return None
        lists[name] = tuple(i.value for i in field.items if isinstance(i, Scalar))
    fields = item.get("fields")
    if not isinstance(fields, Map) or not all(isinstance(v, Scalar) for _, v in fields.entries):
        problems.append(_shape(path, fields or item, "a candidate needs `fields` as a mapping of BibTeX fields"))
        return None
    start = len(problems)
    if normalize_id(text["id"]) != text["id"]:
        problems.append(_shape(path, item.get("id") or item, f"candidate id `{text['id'][:60]}` is not an id"))
    if not KEY_PATTERN.fullmatch(text["key"]):
        problems.append(_shape(path, item.get("key") or item, f"candidate key `{text['key'][:60]}` is not a key"))
    if not is_date(text["date"]):
        problems.append(_shape(path, item.get("date") or item, f"candidate date `{text['date'][:20]}` is not a date"))
    if not text["score"].isdigit():
        problems.append(
            _shape(path, item.get("score") or item, f"candidate score `{text['score'][:20]}` is not a number")
        )
    if len(problems) > start:
        return None
    return Candidate(
        id=text["id"],
        key=text["key"],
        title=text["title"],
        authors=lists["authors"],
        date=text["date"],
        topic=text["topic"],
        score=int(text["score"]),
        reasons=lists["reasons"],
        entry_type=text["type"],
        fields=tuple((k.value, v.value) for k, v in fields.entries if isinstance(v, Scalar)),
        line=item.line,
    )


def _shape(path: str, where: Value | Scalar, message: str) -> Diagnostic:
    return Diagnostic(
        path,
        where.line,
        where.column,
        message,
        "this file is written by `survey suggest`; edit it only with `survey accept` and `survey reject`",
        code="candidates",
    )


# -- REJECTED.tsv ---------------------------------------------------------------------------------------


def one_line(text: str) -> str:
    """A value for one TSV cell: no tab, no line break."""
    return " ".join(text.split())


def format_rejections(rows: Iterable[Rejection]) -> str:
    lines = [*REJECTED_PREAMBLE, "\t".join(REJECTED_HEADER)]
    for row in sorted(rows, key=lambda r: r.id):
        lines.append("\t".join((row.id, row.decided, one_line(row.title), one_line(row.reason))))
    return "\n".join(lines) + "\n"


def parse_rejections(data: bytes, path: str = REJECTED_FILE) -> tuple[list[Rejection], list[Diagnostic]]:
    body, problems = tsv_rows(
        data,
        path,
        REJECTED_HEADER,
        "write `id<TAB>YYYY-MM-DD<TAB>title<TAB>reason`, separated by single tabs",
        header_code="rejected-header",
        row_code="rejected-row",
    )
    rows: list[Rejection] = []
    seen: dict[str, int] = {}
    for number, cells in body:
        work, decided, title, reason = (c.strip() for c in cells)
        if normalize_id(work) != work:
            problems.append(
                _row(
                    path,
                    number,
                    f"`{work[:60]}` is not a work id",
                    "write `arxiv:2402.06782`, `doi:10.1234/abc` or `openalex:W123` (`survey reject` writes it)",
                    code="rejected-id",
                )
            )
        if not is_date(decided):
            problems.append(
                _row(
                    path,
                    number,
                    f"decision date `{decided[:20]}` is not a date",
                    "write YYYY-MM-DD",
                    code="rejected-date",
                )
            )
        if not reason:
            problems.append(
                _row(
                    path,
                    number,
                    f"the rejection of `{work[:60]}` gives no reason",
                    "say why, in a few words",
                    code="rejected-reason",
                )
            )
        if work in seen:
            problems.append(
                _row(
                    path,
                    number,
                    f"`{work[:60]}` is rejected twice (first at line {seen[work]})",
                    "keep one row",
                    code="rejected-duplicate",
                )
            )
        seen.setdefault(work, number)
        rows.append(Rejection(work, decided, title, reason, number))
    return rows, problems


def _row(path: str, line: int, message: str, hint: str, *, code: str) -> Diagnostic:
    return Diagnostic(path, line, 1, message, hint, code=code)
