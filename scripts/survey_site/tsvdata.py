"""The project's tab-separated data files (bib/EVIDENCE.tsv, bib/AUTHOR-ALIASES.tsv): rows with their line numbers.

`#` lines are comments and blank lines are skipped; the first other line is the header.
"""

from __future__ import annotations

from .diagnostics import Diagnostic
from .yamldata import decode_utf8


def tsv_rows(
    data: bytes, path: str, header: tuple[str, ...], row_hint: str, *, header_code: str, row_code: str
) -> tuple[list[tuple[int, list[str]]], list[Diagnostic]]:
    """(line, stripped cells) of every row with exactly the header's number of cells; the rest as diagnostics."""
    text, problems = decode_utf8(data, path)
    if text is None:
        return [], problems
    rows: list[tuple[int, list[str]]] = []
    header_seen = False
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip() or raw.startswith("#"):
            continue
        cells = raw.split("\t")
        if not header_seen:
            header_seen = True
            if tuple(c.strip() for c in cells) != header:
                shown = "<TAB>".join(header)
                problems.append(
                    Diagnostic(
                        path,
                        number,
                        1,
                        f"the first row is not the header `{shown}`",
                        "restore the header row",
                        code=header_code,
                    )
                )
            continue
        if len(cells) != len(header):
            problems.append(
                Diagnostic(
                    path,
                    number,
                    1,
                    f"a row has {len(cells)} tab-separated cells, not {len(header)}",
                    row_hint,
                    code=row_code,
                )
            )
            continue
        rows.append((number, [c.strip() for c in cells]))
    return rows, problems
