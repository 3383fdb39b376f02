"""`bib/EVIDENCE.tsv`: for each contributed entry, which fields were checked and against which pages.

One row per citation key, tab-separated: `key`, `checked` (field names, space-separated),
`evidence` (the addresses of the public pages that confirmed them, space-separated).
Lines starting with `#` are comments; the first other line is the header. Facts only:
no page text is copied here.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping

from .diagnostics import Diagnostic
from .tsvdata import tsv_rows

FILE = "bib/EVIDENCE.tsv"
HEADER = ("key", "checked", "evidence")
PREAMBLE = (
    "# Evidence for contributed entries: which fields were checked, against which public pages.",
    "# One row per citation key; `survey add --evidence URL` writes it, `survey validate` checks it.",
)
_URL = re.compile(r"^https?://[^\s\"'<>`\\{}|^]+$")


@dataclasses.dataclass(frozen=True)
class EvidenceRow:
    key: str
    checked: tuple[str, ...]
    evidence: tuple[str, ...]
    line: int


def parse_evidence(data: bytes, path: str = FILE) -> tuple[list[EvidenceRow], list[Diagnostic]]:
    rows, problems = tsv_rows(
        data,
        path,
        HEADER,
        "write `key<TAB>fields checked<TAB>URLs`, separated by single tabs",
        header_code="evidence-header",
        row_code="evidence-row",
    )
    return [
        EvidenceRow(key, tuple(checked.split()), tuple(urls.split()), n) for n, (key, checked, urls) in rows
    ], problems


def check_evidence(
    rows: Iterable[tuple[EvidenceRow, Mapping[str, str] | None]],
    contributed: Iterable[tuple[str, str, int]],
    known_fields: frozenset[str],
    path: str = FILE,
) -> list[Diagnostic]:
    """`rows` pairs each row with its entry's fields (None for an unknown key); `contributed` is (key, bib path, line)."""
    out: list[Diagnostic] = []
    seen: dict[str, int] = {}
    for row, fields in rows:
        if row.key in seen:
            out.append(
                Diagnostic(
                    path,
                    row.line,
                    1,
                    f"`{row.key}` has a second evidence row (first at line {seen[row.key]})",
                    "merge the two rows into one",
                    code="evidence-duplicate",
                )
            )
            continue
        seen[row.key] = row.line
        if fields is None:
            out.append(
                Diagnostic(
                    path,
                    row.line,
                    1,
                    f"evidence row for `{row.key}`, which is not an entry in bib/",
                    "fix the key, or remove the row of a removed entry",
                    code="evidence-unknown-key",
                )
            )
            continue
        if not row.evidence:
            out.append(
                Diagnostic(
                    path,
                    row.line,
                    1,
                    f"the evidence row of `{row.key}` names no page",
                    "add the address of the page that confirmed the fields",
                    code="evidence-no-page",
                )
            )
        for url in row.evidence:
            if not _URL.fullmatch(url):
                out.append(
                    Diagnostic(
                        path,
                        row.line,
                        1,
                        f"evidence `{url[:60]}` of `{row.key}` is not an http(s) address",
                        "give the page's full https:// address",
                        code="evidence-url",
                    )
                )
        if not row.checked:
            out.append(
                Diagnostic(
                    path,
                    row.line,
                    1,
                    f"the evidence row of `{row.key}` lists no checked field",
                    "list the fields the pages confirmed, e.g. `title author year eprint`",
                    code="evidence-no-fields",
                )
            )
        for name in row.checked:
            if name not in known_fields:
                out.append(
                    Diagnostic(
                        path,
                        row.line,
                        1,
                        f"`{name}` in the evidence row of `{row.key}` is not a BibTeX field",
                        "list field names such as title, author, year, booktitle, eprint, doi",
                        code="evidence-unknown-field",
                    )
                )
            elif name not in fields:
                out.append(
                    Diagnostic(
                        path,
                        row.line,
                        1,
                        f"the evidence row of `{row.key}` lists `{name}`, which the entry does not have",
                        "list only fields the entry has",
                        code="evidence-field-absent",
                    )
                )
    for key, bib_path, line in contributed:
        if key not in seen:
            out.append(
                Diagnostic(
                    bib_path,
                    line,
                    1,
                    f"contributed entry `{key}` has no row in {path}",
                    "say which pages confirmed it: `survey add --evidence URL` writes the row, or add "
                    "`key<TAB>fields<TAB>URLs` by hand",
                    code="evidence-missing",
                )
            )
    return out


def format_evidence(rows: Iterable[EvidenceRow]) -> str:
    """The canonical file: preamble, header, rows sorted by key."""
    lines = [*PREAMBLE, "\t".join(HEADER)]
    for row in sorted(rows, key=lambda r: r.key):
        lines.append(f"{row.key}\t{' '.join(row.checked)}\t{' '.join(row.evidence)}")
    return "\n".join(lines) + "\n"
