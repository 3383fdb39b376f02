"""The rules one BibTeX entry must follow, one small function each.

Every rule reads one entry and reports through `EntryReport`, with its own code (listed in
`diagnostics.CODES`), in the spirit of bibtexparser's middlewares: to find the rule that
said something, search this file for its code. `ENTRY_RULES` is the order they run in;
the output is sorted by place afterwards, so the order changes nothing a contributor sees.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Callable

from bibtexparser.middlewares.names import InvalidNameError

from .bibliography import BibEntry, BibField
from .decode import expected_key_base, parse_authors
from .diagnostics import Diagnostic
from .model import ORIGINS, SITE_FIELDS
from .text import (
    INVISIBLE,
    KEY_PATTERN,
    MAX_BRACE_DEPTH,
    NEW_ARXIV,
    YEAR,
    brace_depth,
    braces_balanced,
    is_date,
    key_matches_rule,
)

OLD_ARXIV = re.compile(r"^[a-z]+(-[a-z]+)?(\.[A-Z]{2})?/(\d{2})(\d{2})\d{3}(v\d+)?$")
DOI = re.compile(r"^10\.\d{4,9}/[^\s\"<>]+$")
URL = re.compile(r"^https?://[^\s\"'<>`\\{}|^]+$")
# Required fields per entry type (the standard BibTeX ones, plus author and year,
# which a citation site cannot do without). `misc` needs one of a few pointers.
REQUIRED: dict[str, tuple[str, ...]] = {
    "article": ("author", "title", "journal", "year"),
    "inproceedings": ("author", "title", "booktitle", "year"),
    "incollection": ("author", "title", "booktitle", "publisher", "year"),
    "book": ("title", "publisher", "year"),
    "techreport": ("author", "title", "institution", "year"),
    "phdthesis": ("author", "title", "school", "year"),
    "mastersthesis": ("author", "title", "school", "year"),
    "misc": ("title",),
}
MISC_POINTER = ("howpublished", "url", "eprint")
STANDARD_FIELDS = frozenset(
    [
        "address",
        "annote",
        "author",
        "booktitle",
        "chapter",
        "edition",
        "editor",
        "howpublished",
        "institution",
        "journal",
        "month",
        "note",
        "number",
        "organization",
        "pages",
        "publisher",
        "school",
        "series",
        "title",
        "type",
        "volume",
        "year",
        "doi",
        "eprint",
        "archiveprefix",
        "primaryclass",
        "url",
        "isbn",
        "issn",
        "language",
        "ids",
    ]
) | frozenset(SITE_FIELDS)
ONE_LINE_FIELDS = ("tldr", "url", "code", "doi", "eprint", "year", "added", "origin")
MAX_TLDR = 200
# Bounds on contributed text: a field longer than this is a paste, not a value.
MAX_FIELD_CHARS = 4_000
MAX_AUTHOR_CHARS = 50_000


@dataclasses.dataclass
class EntryReport:
    """Where a rule's findings go, located at the entry or at one of its fields."""

    entry: BibEntry
    out: list[Diagnostic]

    def at(self, name: str | None, message: str, hint: str, *, code: str) -> None:
        line = self.entry.line_of(name) if name else self.entry.line
        self.out.append(Diagnostic(self.entry.path, line, 1, message, hint, code=code))

    def at_field(self, field: BibField, message: str, hint: str, *, code: str) -> None:
        self.out.append(Diagnostic(self.entry.path, field.line, 1, message, hint, code=code))


def entry_type_is_known(entry: BibEntry, report: EntryReport) -> None:
    if entry.entry_type not in REQUIRED:
        close = difflib.get_close_matches(entry.entry_type, REQUIRED.keys(), n=1)
        hint = f"did you mean `@{close[0]}`?" if close else "use one of: " + ", ".join("@" + t for t in REQUIRED)
        report.at(None, f"unknown entry type `@{entry.entry_type}` for `{entry.key}`", hint, code="entry-type")


def required_fields_are_there(entry: BibEntry, report: EntryReport) -> None:
    fields = entry.field_map
    for name in REQUIRED.get(entry.entry_type, ()):
        if not fields.get(name, "").strip():
            report.at(
                None,
                f"`@{entry.entry_type}` entry `{entry.key}` is missing `{name}`",
                _required_hint(name),
                code="missing-field",
            )


def misc_names_its_creator(entry: BibEntry, report: EntryReport) -> None:
    fields = entry.field_map
    if entry.entry_type == "misc" and not (fields.get("author") or fields.get("howpublished")):
        report.at(
            None,
            f"`@misc` entry `{entry.key}` has neither `author` nor `howpublished`",
            "add the author, or for an unsigned post the site that published it as `howpublished`",
            code="misc-author",
        )


def misc_says_where_to_find_it(entry: BibEntry, report: EntryReport) -> None:
    if entry.entry_type == "misc" and not any(entry.field_map.get(p) for p in MISC_POINTER):
        report.at(
            None,
            f"`@misc` entry `{entry.key}` says nowhere where to find it",
            "add `url`, `howpublished`, or `eprint` with `archiveprefix = {arXiv}`",
            code="misc-pointer",
        )


def field_names_are_known(entry: BibEntry, report: EntryReport) -> None:
    for f in entry.fields:
        if f.name == "crossref":
            report.at_field(
                f,
                f"`crossref` in `{entry.key}` is not supported",
                "write the fields of the referenced entry (booktitle, year, ...) into this entry",
                code="crossref",
            )
        elif f.name not in STANDARD_FIELDS:
            close = difflib.get_close_matches(f.name, STANDARD_FIELDS, n=1)
            report.at_field(
                f,
                f"unknown field `{f.name}` in `{entry.key}`",
                f"did you mean `{close[0]}`?" if close else "remove it, or use `note`",
                code="unknown-field",
            )
        elif not f.value.strip():
            report.at_field(
                f, f"field `{f.name}` of `{entry.key}` is empty", "remove the field or fill it in", code="empty-field"
            )


def field_text_reads_as_written(entry: BibEntry, report: EntryReport) -> None:
    """No hidden characters, and a value that stays on its line."""
    for f in entry.fields:
        bad = INVISIBLE.search(f.value)
        if bad:
            report.at_field(
                f,
                f"field `{f.name}` of `{entry.key}` contains the invisible character U+{ord(bad.group()):04X}",
                "delete it; retype the text if it was pasted",
                code="invisible",
            )
        if "\n\n" in f.value or ("\n" in f.value and f.name in ONE_LINE_FIELDS):
            report.at_field(
                f, f"field `{f.name}` of `{entry.key}` spans lines", "write it on one line", code="multiline"
            )


def field_braces_are_sound(entry: BibEntry, report: EntryReport) -> None:
    for f in entry.fields:
        if not braces_balanced(f.value):
            report.at_field(
                f,
                f"field `{f.name}` of `{entry.key}` has unbalanced braces",
                "every `{` needs its `}`; in BibTeX `\\{` still counts as a brace, so write a literal brace as "
                "`\\textbraceleft{}`",
                code="braces",
            )
        elif brace_depth(f.value) > MAX_BRACE_DEPTH:
            report.at_field(
                f,
                f"field `{f.name}` of `{entry.key}` nests braces {brace_depth(f.value)} deep",
                f"at most {MAX_BRACE_DEPTH} levels; protect words with one pair of braces",
                code="nesting",
            )


def field_length_is_bounded(entry: BibEntry, report: EntryReport) -> None:
    for f in entry.fields:
        limit = MAX_AUTHOR_CHARS if f.name == "author" else MAX_FIELD_CHARS
        if len(f.value) > limit:
            report.at_field(
                f,
                f"field `{f.name}` of `{entry.key}` is {len(f.value):,} characters",
                f"at most {limit:,}; a field holds a value, not pasted text",
                code="field-too-long",
            )


def year_is_a_year(entry: BibEntry, report: EntryReport) -> None:
    year = entry.get("year")
    if year is not None and not YEAR.fullmatch(year):
        report.at(
            "year",
            f"year `{year}` of `{entry.key}` is not a four-digit year",
            "write e.g. `year = {2023}`",
            code="year-format",
        )


def month_is_a_month(entry: BibEntry, report: EntryReport) -> None:
    month = entry.get("month")
    if month and not re.fullmatch(r"[1-9]|1[0-2]", month):
        report.at(
            "month",
            f"month `{month}` of `{entry.key}` is not a number 1-12",
            "write e.g. `month = {9}`, or leave it out",
            code="month",
        )


def arxiv_fields_agree(entry: BibEntry, report: EntryReport) -> None:
    eprint, prefix = entry.get("eprint"), entry.get("archiveprefix")
    if eprint is not None:
        if prefix is None or prefix.lower() != "arxiv":
            report.at(
                "eprint",
                f"`eprint` of `{entry.key}` has no `archiveprefix = {{arXiv}}`",
                "add `archiveprefix = {arXiv}`",
                code="arxiv-prefix-missing",
            )
        if not (NEW_ARXIV.fullmatch(eprint) or OLD_ARXIV.fullmatch(eprint)):
            report.at(
                "eprint",
                f"`{eprint}` is not an arXiv identifier",
                "write the bare id, e.g. `2203.02155` or `cs/0112017`",
                code="arxiv-id",
            )
    elif prefix is not None:
        report.at(
            "archiveprefix",
            f"`archiveprefix` of `{entry.key}` has no `eprint`",
            "add the arXiv id as `eprint`",
            code="arxiv-eprint-missing",
        )


def year_is_not_before_arxiv(entry: BibEntry, report: EntryReport) -> None:
    """A preprint cannot predate its own submission. A venue version may: proceedings sometimes
    appear months before the authors post to arXiv, but not years."""
    eprint, year = entry.get("eprint") or "", entry.get("year") or ""
    new, old = NEW_ARXIV.fullmatch(eprint), OLD_ARXIV.fullmatch(eprint)
    if not (new or old) or not YEAR.fullmatch(year):
        return
    yy, mm = (new.group(1), new.group(2)) if new else (old.group(3), old.group(4))  # type: ignore[union-attr]
    arxiv_year = (1900 if int(yy) >= 91 else 2000) + int(yy)
    published = any(entry.get(n) for n in ("journal", "booktitle", "school", "institution"))
    earliest = arxiv_year - 1 if published else arxiv_year
    if int(year) < earliest:
        report.at(
            "year",
            f"year {year} of `{entry.key}` is before its arXiv id {eprint} (submitted {arxiv_year}-{mm})",
            f"the year is at least {earliest}: use the year of the cited version",
            code="year-before-arxiv",
        )


def doi_is_bare(entry: BibEntry, report: EntryReport) -> None:
    doi = entry.get("doi")
    if doi is not None and not DOI.fullmatch(doi):
        hint = (
            "write the bare DOI without the https://doi.org/ prefix"
            if doi.lower().startswith(("http", "doi:"))
            else "a DOI looks like `10.18653/v1/2022.acl-long.229`"
        )
        report.at("doi", f"`{doi}` is not a DOI", hint, code="doi")


def links_are_web_links(entry: BibEntry, report: EntryReport) -> None:
    for name in ("url", "code"):
        value = entry.get(name)
        if value is not None and not URL.fullmatch(value):
            report.at(
                name,
                f"`{name}` of `{entry.key}` must be an http(s) URL, not `{value[:60]}`",
                "links may only use https:// (or http://); other schemes are refused",
                code="url",
            )


def authors_can_be_read(entry: BibEntry, report: EntryReport) -> None:
    author = entry.get("author")
    if not author:
        return
    try:
        parse_authors(author)
    except InvalidNameError as exc:
        report.at(
            "author",
            f"author list of `{entry.key}` is not a valid BibTeX name list: {exc.args[-1] if exc.args else exc}",
            "separate names with ` and `, write each as `Family, Given`, protect organisations in braces",
            code="author",
        )


def key_follows_the_rule(entry: BibEntry, report: EntryReport) -> None:
    if not KEY_PATTERN.fullmatch(entry.key):
        report.at(
            None,
            f"citation key `{entry.key}` breaks the key rule",
            "keys are lower-case ASCII letters and digits",
            code="key-charset",
        )
        return
    base = expected_key_base(entry.field_map)
    if base and not key_matches_rule(entry.key, base):
        report.at(
            None,
            f"citation key `{entry.key}` does not follow <family><year><first title word>",
            f"expected `{base}` (or `{base}b`, `{base}c` on a collision)",
            code="key-rule",
        )


def origin_is_known(entry: BibEntry, report: EntryReport) -> None:
    origin = entry.get("origin")
    if origin is None:
        report.at(
            None,
            f"entry `{entry.key}` is missing `origin`",
            "add `origin = {contributed}` (or `survey-v1` for works the survey cites)",
            code="origin-missing",
        )
    elif origin not in ORIGINS:
        report.at(
            "origin",
            f"origin `{origin}` of `{entry.key}` is not one of: {', '.join(ORIGINS)}",
            "use `contributed` for new works",
            code="origin-value",
        )


def added_is_a_date(entry: BibEntry, report: EntryReport) -> None:
    added = entry.get("added")
    if added is None:
        report.at(
            None,
            f"entry `{entry.key}` is missing `added`",
            "add the date it joined the site, e.g. `added = {2026-11-24}`",
            code="added-missing",
        )
    elif not is_date(added):
        report.at(
            "added",
            f"`added` of `{entry.key}` is not a date YYYY-MM-DD: `{added}`",
            "write e.g. `added = {2026-11-24}`",
            code="added-format",
        )


def tldr_is_one_short_line(entry: BibEntry, report: EntryReport) -> None:
    tldr = entry.get("tldr")
    if tldr is not None and len(tldr) > MAX_TLDR:
        report.at(
            "tldr",
            f"`tldr` of `{entry.key}` is {len(tldr)} characters",
            f"keep it to one line of at most {MAX_TLDR}",
            code="tldr",
        )


ENTRY_RULES: tuple[Callable[[BibEntry, EntryReport], None], ...] = (
    entry_type_is_known,
    required_fields_are_there,
    misc_names_its_creator,
    misc_says_where_to_find_it,
    field_names_are_known,
    field_text_reads_as_written,
    field_braces_are_sound,
    field_length_is_bounded,
    year_is_a_year,
    month_is_a_month,
    arxiv_fields_agree,
    year_is_not_before_arxiv,
    doi_is_bare,
    links_are_web_links,
    authors_can_be_read,
    key_follows_the_rule,
    origin_is_known,
    added_is_a_date,
    tldr_is_one_short_line,
)


def check_entry(entry: BibEntry) -> list[Diagnostic]:
    """Every rule on one entry."""
    out: list[Diagnostic] = []
    report = EntryReport(entry, out)
    for rule in ENTRY_RULES:
        rule(entry, report)
    return out


def _required_hint(name: str) -> str:
    if name == "booktitle":
        return "add `booktitle = {...}` with the proceedings' name"
    if name == "journal":
        return "add `journal = {...}`; an arXiv-only preprint is `@misc` with `eprint` and `archiveprefix = {arXiv}`"
    if name == "year":
        return "add `year = {YYYY}`, the year of the cited version"
    return f"add `{name} = {{...}}`"
