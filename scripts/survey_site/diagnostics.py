"""Problems found in the data, as records that carry their location.

Loaders and checks return lists of `Diagnostic`; nothing in the pipeline prints
or raises for a contributor's mistake. The CLI formats them at the end.
"""

from __future__ import annotations

import dataclasses
import enum
import re
from collections.abc import Iterable


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclasses.dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem: where it is, what is wrong, and what to write instead."""

    path: str
    line: int
    column: int
    message: str
    hint: str = ""
    severity: Severity = dataclasses.field(default=Severity.ERROR, compare=False)
    code: str = dataclasses.field(default="", compare=False)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def human(self) -> str:
        """`path:line:col: message (hint)`, the format contributors see, always one line.

        Messages quote data (keys, ids, values). Control and line-break characters in them
        are shown as escapes, so a value cannot start a line of its own: in a CI log, a
        line starting with `::` would be taken as a workflow command.
        """
        where = f"{self.path}:{self.line}:{self.column}"
        label = "" if self.is_error else "warning: "
        text = f"{where}: {label}{self.message}"
        return printable(f"{text} ({self.hint})" if self.hint else text)

    def github(self) -> str:
        """A GitHub Actions workflow command, so the problem shows on the PR's line."""
        kind = "error" if self.is_error else "warning"
        body = self.message + (f" ({self.hint})" if self.hint else "")
        return (
            f"::{kind} file={_escape_property(self.path)},line={self.line},"
            f"col={self.column},title={_escape_property(self.code or 'survey')}::"
            f"{_escape_data(body)}"
        )


_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u0085]")


def printable(text: str) -> str:
    """Text safe to print as one log line: control and line-break characters become escapes."""
    return _UNPRINTABLE.sub(
        lambda m: {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(m.group(), f"\\u{ord(m.group()):04x}"), text
    )


def _escape_data(text: str) -> str:
    # The escaping GitHub's toolkit applies to workflow command data.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.is_error for d in diagnostics)


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Stable, location-ordered output so reports are reproducible."""
    return sorted(set(diagnostics))


class DataError(Exception):
    """Raised by the pipeline when the data has errors; carries every problem."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        errors = sum(1 for d in diagnostics if d.is_error)
        super().__init__(f"{errors} error(s) in the data")


# Every diagnostic code, with the one problem it names. Each code names one rule, so a
# contributor can find "the rule that said this" and a CI filter can match it; the
# contributor page lists this table (tests/test_diagnostic_codes.py keeps both in step).
CODES: dict[str, str] = {
    # Files and their shape
    "symlink": "a symbolic link in bib/, taxonomy/ or docs/",
    "not-a-file": "something named like a data file that is not a plain file",
    "file-type": "a file in docs/ of a type the site does not publish",
    "generated-committed": "a generated page or the build's manifest committed to git",
    "file-too-large": "one data file over its size limit",
    "input-too-large": "all of bib/ over the total size limit",
    "encoding": "a file that is not UTF-8",
    "empty-file": "an empty taxonomy file",
    "missing-file": "taxonomy/survey.yaml is missing",
    "bib-file-name": "a bib file named for no chapter",
    "chapter-file-name": "a taxonomy file not named `NN-<chapter-id>.yaml`",
    "chapter-file-mismatch": "a taxonomy file named for another chapter than the one it holds",
    "fmt": "a file not in the canonical form of `survey fmt`",
    # YAML
    "yaml-syntax": "YAML that does not parse",
    "yaml-error": "a YAML problem the parser could not place",
    "yaml-alias": "a YAML anchor or alias",
    "yaml-merge-key": "a YAML merge key (`<<`)",
    "tag": "a YAML tag (`!!python/...`)",
    "key-type": "a YAML mapping key that is not plain text",
    "duplicate-yaml-key": "the same key twice in one YAML mapping",
    "unknown-yaml-key": "a key the taxonomy or survey.yaml schema does not have",
    "type": "a YAML value of the wrong type (a list where text belongs, ...)",
    # Taxonomy nodes
    "node-missing-key": "a topic without `id`, `title` or `summary`",
    "node-id": "a topic id that breaks the id rule",
    "node-id-reserved": "a topic id that is a reserved word",
    "duplicate-node": "two topics with the same id",
    "alias-id": "a topic alias that breaks the id rule",
    "alias-shadows-node": "a topic alias that is a live topic's id",
    "alias-claimed-twice": "one alias claimed by two topics",
    "cycle": "a topic that lists itself as a child",
    "node-depth": "topics nested deeper than the limit",
    "empty-title": "a topic with an empty title",
    "empty-summary": "a topic with an empty summary",
    "summary-too-long": "a topic summary over the length limit",
    "empty-topic": "a topic with no papers and no subtopics (a warning)",
    "section": "a `paper_section` that is not a section number",
    "node-origin": "a topic `origin` other than `survey` or `site`",
    "node-added-missing": "a topic the site added, without its `added` date",
    "node-added-format": "a topic `added` date that is not a date",
    "node-added-survey": "an `added` date on one of the survey's own topics",
    "site-node-section": "a `paper_section` on a topic the site added",
    "duplicate-paper": "the same key listed twice in one topic",
    "unknown-citation-key": "a topic lists a key that has no entry in bib/",
    "watch-terms": "a topic `watch` without search `terms`",
    "watch-term": "a `watch` term that is not a plain search phrase",
    "watch-category": "a `watch` category that is not an arXiv category",
    "watch-cites": "a `watch` core paper that is not an entry in bib/",
    # survey.yaml
    "survey-missing-key": "a field missing from survey.yaml",
    "survey-field": "a survey.yaml value of the wrong form (key, arXiv id, year)",
    "survey-author": "a survey author not written `Family, Given`",
    "data-version-format": "a `data_version` that is not a date",
    "data-version-behind": "a `data_version` older than the newest `added` date",
    # BibTeX blocks and fields
    "syntax": "a BibTeX entry that cannot be parsed",
    "stray-text": "text outside any BibTeX entry",
    "block-type": "an `@string`, `@preamble` or `@comment` block",
    "block-count": "BibTeX blocks that were started but not read (a nested or cut entry)",
    "field-syntax": "a BibTeX field written wrongly (a missing comma, an unbraced value)",
    "duplicate-field": "the same field twice in one entry",
    "duplicate-citation-key": "two entries with the same key (also differing only in case)",
    "duplicate-work": "two entries with the same arXiv id, DOI or title",
    "unused-entry": "an entry that no topic lists",
    "wrong-file": "an entry filed in another chapter's bib file",
    "entry-type": "an unknown entry type",
    "missing-field": "an entry without a field its type requires",
    "misc-author": "an `@misc` entry with neither `author` nor `howpublished`",
    "misc-pointer": "an `@misc` entry that says nowhere where to find it",
    "unknown-field": "a field name the corpus does not use",
    "empty-field": "an empty field",
    "multiline": "a one-line value that spans lines",
    "invisible": "an invisible, bidi or control character in a value",
    "braces": "unbalanced braces in a value",
    "nesting": "braces nested deeper than the limit",
    "field-too-long": "a field over the length limit",
    "crossref": "a `crossref` field",
    "key-charset": "a citation key that is not lower-case ASCII letters and digits",
    "key-rule": "a citation key that does not follow <family><year><first title word>",
    "ids-not-a-key": "a retired key in `ids` that is not a citation key",
    "ids-live-key": "a retired key in `ids` that is a live key",
    "ids-claimed-twice": "one retired key claimed by two entries",
    "year-format": "a year that is not four digits",
    "year-before-arxiv": "a year before the entry's own arXiv id",
    "month": "a month that is not 1-12",
    "arxiv-id": "an `eprint` that is not an arXiv id",
    "arxiv-prefix-missing": "an `eprint` without `archiveprefix = {arXiv}`",
    "arxiv-eprint-missing": "an `archiveprefix` without `eprint`",
    "doi": "a `doi` that is not a bare DOI",
    "url": "a `url` or `code` that is not an http(s) link",
    "author": "an author list BibTeX cannot read",
    "origin-missing": "an entry without `origin`",
    "origin-value": "an `origin` other than `survey-v1` or `contributed`",
    "added-missing": "an entry without `added`",
    "added-format": "an `added` that is not a date",
    "tldr": "a TL;DR over 200 characters",
    # Evidence (bib/EVIDENCE.tsv)
    "evidence-missing": "a contributed entry without an evidence row",
    "evidence-header": "EVIDENCE.tsv without its header row",
    "author-alias-header": "AUTHOR-ALIASES.tsv without its header row `old<TAB>new`",
    "author-alias-row": "an AUTHOR-ALIASES.tsv row that is not two author slugs",
    "author-alias": "a retired author slug that is still live, retired twice, or leads to no author",
    "evidence-row": "an evidence row without exactly three cells",
    "evidence-duplicate": "two evidence rows for one key",
    "evidence-unknown-key": "an evidence row for a key that is not in bib/",
    "evidence-no-page": "an evidence row that names no page",
    "evidence-url": "an evidence address that is not an http(s) link",
    "evidence-no-fields": "an evidence row that lists no checked field",
    "evidence-unknown-field": "an evidence row that lists a name that is not a BibTeX field",
    "evidence-field-absent": "an evidence row that lists a field the entry does not have",
    # Curation (bib/CANDIDATES.yaml, bib/REJECTED.tsv)
    "candidates": "a bib/CANDIDATES.yaml that is not in the shape `survey suggest` writes",
    "candidate-topic": "a candidate suggested for a topic that does not exist",
    "rejected-header": "REJECTED.tsv without its header row",
    "rejected-row": "a rejection row without exactly four cells",
    "rejected-id": "a rejection row whose first cell is not a work id",
    "rejected-date": "a rejection row whose decision date is not a date",
    "rejected-reason": "a rejection row without a reason",
    "rejected-duplicate": "two rejection rows for one work",
    # Permalinks
    "permalink": "a published URL or anchor that would stop resolving",
}
