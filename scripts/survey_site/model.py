"""Immutable records of the survey, its taxonomy and its papers. No I/O, no parsing here.

The records are made by `decode.py` (LaTeX decoding and name parsing happen once there),
so every renderer works on plain Unicode.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping
from types import MappingProxyType
from typing import TypeVar

from .evidence import EvidenceRow

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
    def is_person(self) -> bool:
        """False for BibTeX's `and others` (et al.), which names nobody."""
        return self.last != "others"

    # Cached: every list, index and related-papers pass asks each name again (200,000 times at 5,000 papers).
    @functools.cached_property
    def family(self) -> str:
        return f"{self.von} {self.last}".strip()

    @functools.cached_property
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

    def __hash__(self) -> int:
        # Papers are memo keys, alone and inside the inputs of every page that shows them
        # (render.memo): the hash of all fields is taken once. Never pickled (str hashes are per process).
        cached: int | None = self.__dict__.get("_hash")
        if cached is None:
            cached = hash(tuple(getattr(self, f.name) for f in dataclasses.fields(self)))
            object.__setattr__(self, "_hash", cached)
        return cached

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
    show_suggestions: bool = False  # `extra: show_suggestions: true`: topic pages list unreviewed candidates


@dataclasses.dataclass(frozen=True)
class SuggestedWork:
    """A work `survey suggest` found for a topic, which no curator has reviewed (untrusted API text)."""

    title: str
    authors: str
    date: str
    url: str


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
    author_aliases: Mapping[str, str] = dataclasses.field(default_factory=dict)  # retired author slug -> live slug
    suggested: Mapping[str, tuple[SuggestedWork, ...]] = dataclasses.field(default_factory=dict)  # topic -> works

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
