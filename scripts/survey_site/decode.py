"""The model stage's decoding: BibTeX entries into `Paper` records, once.

LaTeX accents are decoded and name lists parsed here, and only here, so every renderer
works on plain Unicode; `model.py` holds the records themselves.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping

from bibtexparser.middlewares.names import InvalidNameError, parse_single_name_into_parts, split_multiple_persons_names

from .bibliography import BibEntry
from .model import Author, Paper
from .text import latex_to_text

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
    (re.compile(r"NAACL Student Research Workshop", re.I), "NAACL SRW"),
    (re.compile(r"AAAI/ACM Conference on AI, Ethics,? and Society", re.I), "AIES"),
    (re.compile(r"AAAI Conference on Web and Social Media", re.I), "ICWSM"),
    (re.compile(r"AAAI Conference on Artificial Intelligence", re.I), "AAAI"),
    (re.compile(r"Fairness, Accountability,? and Transparency", re.I), "FAccT"),
    (re.compile(r"International Joint Conference on Artificial Intelligence", re.I), "IJCAI"),
    (re.compile(r"Computational Linguistics$", re.I), "Computational Linguistics"),
    (re.compile(r"^Conference on Language Modeling", re.I), "COLM"),
    (re.compile(r"USENIX Security Symposium", re.I), "USENIX Security"),
    (re.compile(r"International Conference on Computer Vision", re.I), "ICCV"),
    (re.compile(r"International Conference on World Wide Web", re.I), "WWW"),
    (re.compile(r"CHI Conference on Human Factors in Computing Systems", re.I), "CHI"),
    (re.compile(r"Conference on Artificial Intelligence and Statistics", re.I), "AISTATS"),
    (re.compile(r"Network and Distributed System Security Symposium", re.I), "NDSS"),
    (re.compile(r"Conference on Secure and Trustworthy Machine Learning", re.I), "SaTML"),
    (re.compile(r"ACM Workshop on Artificial Intelligence and Security", re.I), "AISec"),
    (re.compile(r"Equity and Access in Algorithms, Mechanisms,? and Optimization", re.I), "EAAMO"),
    (re.compile(r"Principles of Knowledge Representation and Reasoning", re.I), "KR"),
    (re.compile(r"Joint Conference on Lexical and Computational Semantics", re.I), "*SEM"),
    (re.compile(r"^Proceedings of the National Academy of Sciences", re.I), "PNAS"),
    (re.compile(r"\(Canadian AI \d{4}\)", re.I), "Canadian AI"),
    (re.compile(r"Proceedings of the First AGI Conference", re.I), "AGI"),
    (re.compile(r"Workshop on Trustworthy Natural Language Processing", re.I), "TrustNLP"),
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
