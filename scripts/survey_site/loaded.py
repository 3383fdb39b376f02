"""What the loaders read, handed to every check: one record, imported by the stages that need it."""

from __future__ import annotations

import dataclasses

from .authors import AuthorAlias
from .bibliography import BibEntry
from .candidates import Candidate, Rejection
from .diagnostics import Diagnostic
from .evidence import EvidenceRow
from .model import SurveyMeta
from .taxonomy import NodeSpec


@dataclasses.dataclass(frozen=True)
class LoadedData:
    """Everything the loaders read, before any cross-check."""

    meta: SurveyMeta | None
    nodes: tuple[NodeSpec, ...]
    entries: tuple[BibEntry, ...]
    bib_files: tuple[str, ...]  # display paths of bib/*.bib, sorted
    taxonomy_files: tuple[str, ...]
    load_problems: tuple[Diagnostic, ...] = ()  # what the loaders found
    permalinks: tuple[tuple[str, int], ...] = ()  # (url, line) from permalinks.txt
    evidence: tuple[EvidenceRow, ...] = ()  # rows of bib/EVIDENCE.tsv
    author_aliases: tuple[AuthorAlias, ...] = ()  # rows of bib/AUTHOR-ALIASES.tsv
    candidates: tuple[Candidate, ...] = ()  # bib/CANDIDATES.yaml: works suggested, not yet reviewed
    candidates_checked: str | None = None  # the day `survey suggest` last ran
    rejections: tuple[Rejection, ...] = ()  # bib/REJECTED.tsv
