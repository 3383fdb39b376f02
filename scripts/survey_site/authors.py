"""Authors as the site knows them: a URL slug per name, and the people behind `/authors/<slug>/`.

The slug is the identity. It is made from the name as written (given names, then
family name), folded to ASCII and lower case: "Long Ouyang" is `long-ouyang`,
"Ana Marasović" is `ana-marasovic`. So a slug never depends on which other papers are
in the corpus (it stays put as the corpus grows), and one slug is one page (spellings
that fold alike, "José" and "Jose", share it, with every spelling shown). BibTeX gives
no way to tell apart two people who write their names identically; neither does this.

When a name is corrected, its old slug is kept alive by a line in
`bib/AUTHOR-ALIASES.tsv` (`old-slug<TAB>new-slug`), which redirects the old page.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable

from bibtexparser.middlewares.names import InvalidNameError

from .bibliography import BibEntry
from .decode import parse_authors
from .diagnostics import Diagnostic
from .model import Author, Paper
from .tsvdata import tsv_rows

ALIASES_FILE = "bib/AUTHOR-ALIASES.tsv"
ALIASES_HEADER = ("old", "new")
ALIAS_HINT = "write the retired slug, a tab, then the slug the name has now, e.g. `jon-doe<TAB>john-doe`"
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$|^[^\W_]+(?:-[^\W_]+)*$")
_NOT_WORD = re.compile(r"[\W_]+")


@functools.lru_cache(maxsize=65536)
def author_slug(author: Author) -> str:
    """`long-ouyang` for Long Ouyang. Letters without an ASCII form (CJK names) are kept as they are.

    Cached: one build asks for each name's slug in every list that shows it (cards, browse, the
    indexes, co-author sets, the permalink check), and the Unicode folding is the costly part.
    """
    name = " ".join(part for part in (author.first, author.von, author.last, author.jr) if part)
    # Decomposed, an accent is a combining mark, never ASCII: dropped with the rest.
    ascii_only = name if name.isascii() else unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = _NOT_WORD.sub("-", ascii_only.lower()).strip("-")
    if len(slug.replace("-", "")) * 2 < len(_NOT_WORD.sub("", name)):
        # Most of the name is in a script with no ASCII form: keep that script's letters.
        slug = _NOT_WORD.sub("-", unicodedata.normalize("NFC", name).lower()).strip("-")
    return slug


@dataclasses.dataclass(frozen=True)
class Person:
    """Everyone written with one slug, and their papers in corpus order."""

    slug: str
    name: str  # the spelling used most (ties: the one with more accents, then the first in corpus order)
    spellings: tuple[str, ...]  # every other spelling, sorted
    family: str  # for sorting the index
    papers: tuple[str, ...]  # citation keys


def people(papers: Iterable[Paper]) -> dict[str, Person]:
    """slug -> Person, sorted by family name then slug."""
    keys: dict[str, list[str]] = defaultdict(list)
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    first_seen: dict[str, dict[str, int]] = defaultdict(dict)
    family: dict[str, str] = {}
    for paper in papers:
        for author in paper.authors:
            if not author.is_person:
                continue
            slug = author_slug(author)
            if not slug:
                continue
            if not keys[slug] or keys[slug][-1] != paper.key:  # a name written twice on one paper counts once
                keys[slug].append(paper.key)
            spellings[slug][author.display] += 1
            first_seen[slug].setdefault(author.display, len(first_seen[slug]))
            family.setdefault(slug, author.family)
    out = {}
    for slug in sorted(keys, key=lambda s: (_sort_key(family[s]), s)):
        counted = spellings[slug]
        # Ties go to the spelling with more accents (folding only ever loses them), then to the first seen.
        name = min(counted, key=lambda n: (-counted[n], -sum(not c.isascii() for c in n), first_seen[slug][n]))
        out[slug] = Person(slug, name, tuple(sorted(n for n in counted if n != name)), family[slug], tuple(keys[slug]))
    return out


def coauthor_counts(papers: Iterable[Paper]) -> dict[str, Counter[str]]:
    """slug -> for each co-author's slug, the number of papers the two share. One pass over the corpus."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for paper in papers:
        slugs = {author_slug(a) for a in paper.authors if a.is_person} - {""}
        for slug in slugs:
            counts[slug].update(slugs - {slug})
    return dict(counts)


def _sort_key(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text)
    return "".join(c for c in folded if not unicodedata.combining(c)).casefold()


def index_letter(person: Person) -> str:
    """The letter a person is filed under in the index: their family name's first letter, A–Z, else "#"."""
    first = _sort_key(person.family)[:1].upper()
    return first if "A" <= first <= "Z" else "#"


@dataclasses.dataclass(frozen=True)
class AuthorAlias:
    old: str
    new: str
    line: int


def parse_aliases(data: bytes, path: str = ALIASES_FILE) -> tuple[list[AuthorAlias], list[Diagnostic]]:
    """Rows of `bib/AUTHOR-ALIASES.tsv`: a header `old<TAB>new`, then one retired slug per row."""
    rows, problems = tsv_rows(
        data, path, ALIASES_HEADER, ALIAS_HINT, header_code="author-alias-header", row_code="author-alias-row"
    )
    aliases = []
    for number, (old, new) in rows:
        if SLUG.match(old) and SLUG.match(new):
            aliases.append(AuthorAlias(old, new, number))
        else:
            problems.append(
                Diagnostic(
                    path, number, 1, f"`{old}` or `{new}` is not an author slug", ALIAS_HINT, code="author-alias-row"
                )
            )
    return aliases, problems


def check_aliases(aliases: Iterable[AuthorAlias], live: Collection[str], path: str = ALIASES_FILE) -> list[Diagnostic]:
    """Each retired slug is gone from the corpus, and leads to a live one."""
    out = []
    seen: set[str] = set()
    for alias in aliases:
        if alias.old in seen:
            problem, hint = f"`{alias.old}` is retired twice", "keep one row per retired slug"
        elif alias.old in live:
            problem = f"`{alias.old}` is still an author in the corpus, so it cannot redirect"
            hint = "remove this row, or finish renaming that author in bib/"
        elif alias.new not in live:
            problem = f"`{alias.new}` is not an author in the corpus"
            hint = "point the row at the slug the author's page has now (see /authors/)"
        else:
            seen.add(alias.old)
            continue
        seen.add(alias.old)
        out.append(Diagnostic(path, alias.line, 1, problem, hint, code="author-alias"))
    return out


def slugs_of_entries(entries: Iterable[BibEntry]) -> set[str]:
    """Every author slug the corpus publishes (entries whose names do not parse are the validator's to report)."""
    slugs: set[str] = set()
    for entry in entries:
        value = entry.field_map.get("author")
        if not value:
            continue
        try:
            slugs.update(author_slug(a) for a in parse_authors(value) if a.is_person)
        except InvalidNameError:
            continue
    slugs.discard("")
    return slugs
