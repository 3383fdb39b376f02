"""Formatted references for paper pages, by pybtex (BibTeX `plain`) and citeproc-py (Harvard).

Both libraries take several milliseconds per entry, far more than the rest of the
generator, so results are kept in a content-addressed cache (`.cache/`): a changed
entry is formatted again, an unchanged one never is. The render stage receives the
results as plain data and stays pure.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterable, Mapping
from pathlib import Path

from . import forking
from .model import Paper
from .render.bibtex import paper_bibtex
from .render.csl import csl_item
from .write import replace_files

CACHE_VERSION = "1"
# From this many papers to format, half are formatted in a forked process meanwhile: a fresh
# clone formats every paper (about 3 s for the real corpus in one process).
PARALLEL_FROM = 50


@functools.lru_cache(maxsize=1 << 17)  # `make serve` looks every paper up again after each save
def _digest(paper: Paper) -> str:
    text = CACHE_VERSION + paper_bibtex(paper) + json.dumps(csl_item(paper), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def format_plain(papers: Iterable[Paper]) -> dict[str, str]:
    from pybtex.database import parse_string
    from pybtex.plugin import find_plugin

    papers = list(papers)
    if not papers:
        return {}
    data = parse_string("\n".join(paper_bibtex(p) for p in papers), "bibtex")
    style = find_plugin("pybtex.style.formatting", "plain")()
    backend = find_plugin("pybtex.backends", "text")()
    return {entry.key: entry.text.render(backend) for entry in style.format_entries(data.entries.values())}


def format_harvard(papers: Iterable[Paper]) -> dict[str, str]:
    import citeproc
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    style = CitationStylesStyle(
        str(Path(citeproc.__file__).parent / "data" / "styles" / "harvard-cite-them-right.csl"), validate=False
    )
    out = {}
    for paper in papers:
        bibliography = CitationStylesBibliography(style, CiteProcJSON([csl_item(paper)]), formatter.plain)
        bibliography.register(Citation([CitationItem(paper.key)]))
        out[paper.key] = str(bibliography.bibliography()[0])
    return out


def format_both(papers: list[Paper]) -> tuple[dict[str, str], dict[str, str]]:
    """Both styles. With many papers, a forked child formats every other one meanwhile.

    Each paper is formatted on its own, so the split changes no text. Only where forking is
    safe: a POSIX system and a process with one thread (a one-shot build, the first build of
    `mkdocs serve`; not its later rebuilds, which have server threads and format a few papers).
    A child that fails leaves its share to this process.
    """
    if len(papers) < PARALLEL_FROM or not forking.can_fork():
        return _format_here(papers)
    mine, theirs = papers[::2], papers[1::2]
    child, readable = forking.start_child(lambda: json.dumps(_format_here(theirs), ensure_ascii=False).encode("utf-8"))
    try:
        plain, harvard = _format_here(mine)
    finally:
        received = forking.read_result(readable, child)
    their_plain, their_harvard = json.loads(received) if received else _format_here(theirs)
    return {**plain, **their_plain}, {**harvard, **their_harvard}


def _format_here(papers: list[Paper]) -> tuple[dict[str, str], dict[str, str]]:
    return format_plain(papers), format_harvard(papers)


def formatted_references(papers: Mapping[str, Paper], cache_dir: Path | None) -> dict[str, dict[str, str]]:
    """{key: {style: text}} for every paper, formatting only what the cache lacks."""
    cache_file = cache_dir / f"references-v{CACHE_VERSION}.json" if cache_dir else None
    cache: dict[str, dict[str, str]] = {}
    if cache_file and cache_file.exists():
        try:
            cache = json.loads(cache_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            cache = {}  # a damaged cache is only a slower build
    digests = {key: _digest(p) for key, p in papers.items()}
    missing = [p for key, p in papers.items() if digests[key] not in cache]
    if missing:
        plain, harvard = format_both(missing)
        for paper in missing:
            cache[digests[paper.key]] = {"plain": plain.get(paper.key, ""), "harvard": harvard.get(paper.key, "")}
        if cache_file:
            cache_file.parent.mkdir(parents=True, exist_ok=True)
            live = {d: cache[d] for d in digests.values()}  # drop entries no paper uses any more
            data = json.dumps(live, sort_keys=True, ensure_ascii=False).encode("utf-8")
            replace_files(cache_file.parent, {cache_file: data})
    return {key: cache[digest] for key, digest in digests.items()}
