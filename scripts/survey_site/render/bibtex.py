"""BibTeX text in the corpus's one canonical form (used by exports and `survey fmt`)."""

from __future__ import annotations

from collections.abc import Iterable

from ..model import SITE_FIELDS, Paper

FIELD_ORDER = (
    "title",
    "author",
    "editor",
    "booktitle",
    "journal",
    "howpublished",
    "institution",
    "school",
    "organization",
    "publisher",
    "series",
    "volume",
    "number",
    "pages",
    "edition",
    "chapter",
    "address",
    "type",
    "year",
    "month",
    "isbn",
    "issn",
    "doi",
    "eprint",
    "archiveprefix",
    "primaryclass",
    "url",
    "note",
    "language",
    "code",
    "tldr",
    "added",
    "origin",
)
_RANK = {name: i for i, name in enumerate(FIELD_ORDER)}


def ordered_fields(fields: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """Known fields in canonical order; any others after them, alphabetically."""
    return sorted(fields, key=lambda kv: (_RANK.get(kv[0], len(_RANK)), kv[0]))


def format_entry(entry_type: str, key: str, fields: Iterable[tuple[str, str]]) -> str:
    lines = [f"@{entry_type}{{{key},"]
    for name, value in ordered_fields(fields):
        lines.append(f"  {name} = {{{' '.join(value.split())}}},")
    lines.append("}")
    return "\n".join(lines) + "\n"


def paper_bibtex(paper: Paper, site_fields: bool = False) -> str:
    """A reader's BibTeX for one paper: site-only fields stripped unless asked."""
    fields = paper.fields if site_fields else tuple((k, v) for k, v in paper.fields if k not in SITE_FIELDS)
    return format_entry(paper.entry_type, paper.key, fields)
