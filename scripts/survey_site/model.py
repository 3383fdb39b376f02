"""Immutable records of the survey, its taxonomy and its papers. No I/O here.

LaTeX decoding and name parsing happen once, in `paper_from_entry`, so every
renderer works on plain Unicode.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import TypeVar

from bibtexparser.middlewares.names import InvalidNameError, parse_single_name_into_parts, split_multiple_persons_names

from .bibliography import BibEntry
from .evidence import EvidenceRow
from .text import latex_to_text

K = TypeVar("K")
V = TypeVar("V")

# Fields that only the site uses; exports strip them unless asked.
SITE_FIELDS = ("tldr", "code", "added", "origin")
ORIGINS = ("survey-v1", "contributed")


@dataclasses.dataclass(frozen=True)
class Author:
    first: str
    von: str
    last: str
    jr: str

    @property
    def family(self) -> str:
        return f"{self.von} {self.last}".strip()

    @property
    def display(self) -> str:
        name = " ".join(p for p in (self.first, self.von, self.last) if p)
        return f"{name}, {self.jr}" if self.jr else name


@dataclasses.dataclass(frozen=True)
class Paper:
    key: str
    entry_type: str
    title: str
    authors: tuple[Author, ...]
    year: str
    venue: str
    venue_short: str
    arxiv: str | None
    doi: str | None
    url: str | None
    code: str | None
    tldr: str | None
    added: str
    origin: str
    fields: tuple[tuple[str, str], ...]  # raw BibTeX fields, as written
    source_path: str
    source_line: int

    def field(self, name: str) -> str | None:
        for k, v in self.fields:
            if k == name:
                return v
        return None

    @property
    def arxiv_url(self) -> str | None:
        return f"https://arxiv.org/abs/{self.arxiv}" if self.arxiv else None

    @property
    def pdf_url(self) -> str | None:
        return f"https://arxiv.org/pdf/{self.arxiv}" if self.arxiv else None

    @property
    def doi_url(self) -> str | None:
        return f"https://doi.org/{self.doi}" if self.doi else None


@dataclasses.dataclass(frozen=True)
class Node:
    id: str
    title: str
    paper_section: str | None
    summary: str
    papers: tuple[str, ...]
    children: tuple[str, ...]
    parent: str | None
    aliases: tuple[str, ...]
    chapter: str  # id of the chapter (root) node
    depth: int
    source_path: str
    source_line: int
    origin: str = "survey"  # "survey": the survey's own taxonomy; "site": added by this site
    added: str | None = None  # the date a site node was added

    @property
    def is_site_node(self) -> bool:
        return self.origin == "site"


@dataclasses.dataclass(frozen=True)
class SurveyMeta:
    title: str
    authors: tuple[str, ...]
    affiliation: str
    year: str
    arxiv: str
    citation_key: str
    journal: str
    licence: str
    data_version: str
    description: str

    @property
    def arxiv_url(self) -> str:
        return f"https://arxiv.org/abs/{self.arxiv}"


@dataclasses.dataclass(frozen=True)
class SiteConfig:
    """What the renderers need from mkdocs.yml, the one place these are set."""

    name: str
    url: str  # ends with "/"


@dataclasses.dataclass(frozen=True)
class Survey:
    meta: SurveyMeta
    nodes: Mapping[str, Node]  # in reading (pre-)order
    roots: tuple[str, ...]
    papers: Mapping[str, Paper]  # in corpus order
    topics_of: Mapping[str, tuple[str, ...]]  # citation key -> node ids, reading order
    aliases: Mapping[str, str]  # retired node id -> live node id
    key_aliases: Mapping[str, str]  # retired citation key -> live key
    evidence: Mapping[str, EvidenceRow] = dataclasses.field(default_factory=dict)  # key -> what confirmed it

    def breadcrumb(self, node_id: str) -> tuple[Node, ...]:
        trail = []
        node: Node | None = self.nodes[node_id]
        while node is not None:
            trail.append(node)
            node = self.nodes[node.parent] if node.parent else None
        return tuple(reversed(trail))

    def subtree_papers(self, node_id: str) -> tuple[str, ...]:
        """Keys under a node and its descendants, first appearance order, no repeats."""
        seen: dict[str, None] = {}
        stack = [node_id]
        while stack:
            node = self.nodes[stack.pop(0)]
            for key in node.papers:
                seen.setdefault(key, None)
            stack[0:0] = list(node.children)
        return tuple(seen)


def freeze(mapping: Mapping[K, V]) -> Mapping[K, V]:
    return MappingProxyType(dict(mapping))


# Short venue names for facets and lists; first match wins, so specific before general.
_VENUE_SHORT = [
    (re.compile(r"Findings of the Association for Computational Linguistics:?\s*(\w+)", re.I), r"Findings of \1"),
    (re.compile(r"Advances in Neural Information Processing Systems|NeurIPS", re.I), "NeurIPS"),
    (re.compile(r"International Conference on Learning Representations", re.I), "ICLR"),
    (re.compile(r"International Conference on Machine Learning", re.I), "ICML"),
    (re.compile(r"Transactions of the Association for Computational Linguistics", re.I), "TACL"),
    (re.compile(r"Transactions on Machine Learning Research", re.I), "TMLR"),
    (re.compile(r"Empirical Methods in Natural Language Processing", re.I), "EMNLP"),
    (re.compile(r"North American Chapter of the Association for Computational Linguistics", re.I), "NAACL"),
    (re.compile(r"European Chapter of the Association for Computational Linguistics", re.I), "EACL"),
    (re.compile(r"Annual Meeting of the Association for Computational Linguistics", re.I), "ACL"),
    (re.compile(r"International Conference on Computational Linguistics", re.I), "COLING"),
    (re.compile(r"AAAI/ACM Conference on AI, Ethics,? and Society", re.I), "AIES"),
    (re.compile(r"AAAI Conference on Artificial Intelligence", re.I), "AAAI"),
    (re.compile(r"Fairness, Accountability,? and Transparency", re.I), "FAccT"),
    (re.compile(r"International Joint Conference on Artificial Intelligence", re.I), "IJCAI"),
    (re.compile(r"Computational Linguistics$", re.I), "Computational Linguistics"),
]


def short_venue(venue: str, entry_type: str, has_arxiv: bool) -> str:
    if not venue:
        return "arXiv" if has_arxiv else ("Web" if entry_type == "misc" else "")
    for pattern, short in _VENUE_SHORT:
        match = pattern.search(venue)
        if match:
            return match.expand(short) if "\\" in short else short
    return venue


def venue_of(fields: Mapping[str, str]) -> str:
    for name in ("journal", "booktitle", "howpublished", "institution", "school", "publisher"):
        if fields.get(name):
            return latex_to_text(fields[name])
    return ""


_SIMPLE_LIST = re.compile(r"^[^{}\\]*$")


def parse_authors(value: str) -> tuple[Author, ...]:
    """Split a BibTeX name list; raises InvalidNameError for a malformed one.

    Lists of plain `Family, Given` names (no braces, no backslashes) take a fast path
    that applies BibTeX's own rule: in the part before the comma, leading lower-case
    words are the `von` part. Anything else goes to bibtexparser's full parser.
    """
    return _parse_authors_cached(value)


@functools.lru_cache(maxsize=65536)
def _parse_authors_cached(value: str) -> tuple[Author, ...]:
    if _SIMPLE_LIST.match(value):
        names = re.split(r"\s+and\s+", value.strip())
        plain = all(name.count(",") == 1 and name.strip() and not name.lower().startswith("and ") for name in names)
        if plain:
            fast = []
            for name in names:
                family, given = (" ".join(part.split()) for part in name.split(","))
                words = family.split()
                split = 0
                while split < len(words) - 1 and words[split][:1].islower():
                    split += 1
                if not words or not given:
                    break
                fast.append(Author(latex_to_text(given), " ".join(words[:split]), " ".join(words[split:]), ""))
            else:
                return tuple(fast)
    authors = []
    for name in split_multiple_persons_names(value):
        if not name.strip() or name.strip().lower().startswith("and ") or name.strip().lower() == "and":
            raise InvalidNameError(value, "an empty name (a doubled `and`?)")
        if name.strip() == "others":
            authors.append(Author("", "", "others", ""))
            continue
        parts = parse_single_name_into_parts(name)
        authors.append(
            Author(
                latex_to_text(" ".join(parts.first)),
                latex_to_text(" ".join(parts.von)),
                latex_to_text(" ".join(parts.last)),
                latex_to_text(" ".join(parts.jr)),
            )
        )
    return tuple(authors)


def paper_from_entry(entry: BibEntry) -> Paper:
    """Decode one (already validated) entry into a display-ready record."""
    fields = entry.field_map
    try:
        authors = parse_authors(fields.get("author", "")) if fields.get("author") else ()
    except InvalidNameError:
        authors = ()
    arxiv = fields.get("eprint") if fields.get("archiveprefix", "").lower() == "arxiv" else None
    venue = venue_of(fields)
    return Paper(
        key=entry.key,
        entry_type=entry.entry_type,
        title=latex_to_text(fields.get("title", "")),
        authors=authors,
        year=fields.get("year", ""),
        venue=venue,
        venue_short=short_venue(venue, entry.entry_type, arxiv is not None),
        arxiv=arxiv,
        doi=fields.get("doi"),
        url=fields.get("url"),
        code=fields.get("code"),
        tldr=latex_to_text(fields["tldr"]) if fields.get("tldr") else None,
        added=fields.get("added", ""),
        origin=fields.get("origin", ""),
        fields=tuple((f.name, f.value) for f in entry.fields),
        source_path=entry.path,
        source_line=entry.line,
    )


def expected_key_base(fields: Mapping[str, str]) -> str | None:
    """The key rule's base for an entry, or None when the fields cannot give one.

    Authorless works (a company blog post) take the publisher-like field instead.
    """
    from .text import citation_key_base

    title = fields.get("title")
    if not title:
        return None
    family = ""
    if fields.get("author"):
        try:
            authors = parse_authors(fields["author"])
        except InvalidNameError:
            return None
        if authors:
            family = authors[0].family
    else:
        family = fields.get("howpublished") or fields.get("organization") or fields.get("institution") or ""
    if not family:
        return None
    return citation_key_base(family, fields.get("year", ""), title)
