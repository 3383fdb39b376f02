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


# BibTeX's own whitespace, and its `and` between names (any case). `~` is not whitespace to the
# list splitter; it is to the name parser, so a name with one goes to bibtexparser.
_NAME_SPACE = re.compile(r"[ \t\r\n]+")
_AND = re.compile(r"[ \t\r\n]+and[ \t\r\n]+", re.IGNORECASE)
# What steers how BibTeX splits a list into names and a name into words: braces, escapes, whitespace.
_STEERING = re.compile(r"\\.?|[{}]|[ \t\r\n]", re.DOTALL)


def parse_authors(value: str) -> tuple[Author, ...]:
    """Split a BibTeX name list; raises InvalidNameError for a malformed one.

    Where braces stay inside words and escapes inside braces (`M{\\"u}ller`, not `M\\"uller`),
    BibTeX splits at plain whitespace: the list is split with one regular expression and
    each `von Last, First` name read by `_plain_name`. Anything else goes to bibtexparser's
    full parser. Both give the same names (tests/test_text.py, tests/test_properties.py).
    """
    return _parse_authors_cached(value)


@functools.lru_cache(maxsize=65536)
def _parse_authors_cached(value: str) -> tuple[Author, ...]:
    if ("{" in value or "}" in value or "\\" in value) and not _braces_stay_in_words(value):
        names = split_multiple_persons_names(value)  # `{Barnes and Noble}` is one name
    else:
        stripped = value.strip(" \t\r\n")
        names = _AND.split(stripped) if stripped else []
    authors = []
    for name in names:
        bare = name.strip()
        if not bare or bare.lower().startswith("and ") or bare.lower() == "and":
            raise InvalidNameError(value, "an empty name (a doubled `and`?)")
        if bare == "others":
            authors.append(Author("", "", "others", ""))
            continue
        authors.append(_one_name(name))
    return tuple(authors)


@functools.lru_cache(maxsize=1 << 17)  # a corpus names most people on several papers
def _one_name(name: str) -> Author:
    return _plain_name(name) or _full_name(name)


def _braces_stay_in_words(text: str) -> bool:
    """Every brace group opens and closes within one word, and every escape is inside braces."""
    depth = 0
    for mark in _STEERING.findall(text):
        if mark == "{":
            depth += 1
        elif mark == "}":
            depth -= 1
            if depth < 0:
                return False
        elif mark[0] == "\\":
            # Outside braces an escape can take part in `and` or in a word's case; before a
            # space it is no escape to the name parser. Both are the full parser's to read.
            if depth == 0 or len(mark) == 1 or mark[1] in " \t\r\n":
                return False
        elif depth:  # whitespace inside braces: not a word break
            return False
    return depth == 0


def _plain_name(name: str) -> Author | None:
    """A name read as bibtexparser reads it, when its words split at plain whitespace; else None.

    `First von Last` or `von Last, First`; a `Jr` part (two commas) or a tie goes to the full parser.
    """
    commas = name.count(",")
    if commas > 1 or "~" in name:
        return None
    family, _, given = name.partition(",")
    if ("{" in name or "}" in name or "\\" in name) and not (
        _braces_stay_in_words(family) and _braces_stay_in_words(given)  # so a comma is not inside braces
    ):
        return None
    words = [w for w in _NAME_SPACE.split(family) if w]
    if commas:
        first = [w for w in _NAME_SPACE.split(given) if w]
        if not words or not first:
            return None  # an empty part: the full parser says what is wrong
        # The von part runs to the last lower-case word before the final one.
        lowers = _lower_case_words(words[:-1])
        if lowers is None:
            return None
        split = lowers[-1] + 1 if lowers else 0
        von, last = words[:split], words[split:]
    elif len(words) <= 2:
        if not words:
            return None
        first, von, last = words[:-1], [], words[-1:]
    else:
        # First runs to the first lower-case word, von from there to the last one, and Last
        # is the rest, never empty.
        lowers = _lower_case_words(words)
        if lowers is None:
            return None
        if lowers:
            start, end = lowers[0] - len(words), lowers[-1] - len(words)
            end = min(end, -2)
            first, von, last = words[:start], words[start : end + 1], words[end + 1 :]
        else:
            first, von, last = words[:-1], [], words[-1:]
    return Author(latex_to_text(" ".join(first)), latex_to_text(" ".join(von)), latex_to_text(" ".join(last)), "")


def _lower_case_words(words: list[str]) -> list[int] | None:
    """The positions of the lower-case words; None if a word's case is BibTeX's special-character rule's to say."""
    lowers = []
    for i, word in enumerate(words):
        lower = _starts_lower(word)
        if lower is None:
            return None
        if lower:
            lowers.append(i)
    return lowers


def _starts_lower(word: str) -> bool | None:
    """A word's case is its first letter's ('t Hooft: lower; a letter without case counts as lower).

    None when a brace or an escape comes first: BibTeX's rules for special characters apply.
    """
    for char in word:
        if char.isalpha():
            return not char.isupper()
        if char in "{\\":
            return None
    return False


def _full_name(name: str) -> Author:
    parts = parse_single_name_into_parts(name)
    return Author(
        latex_to_text(" ".join(parts.first)),
        latex_to_text(" ".join(parts.von)),
        latex_to_text(" ".join(parts.last)),
        latex_to_text(" ".join(parts.jr)),
    )


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
