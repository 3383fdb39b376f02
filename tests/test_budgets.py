"""Size budgets of the real site (issue: performance): pages stay light, search stays small.

Budgets that grow with the corpus are per paper, so a contribution never breaks them;
the rest are fixed per page.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from survey_site.pipeline import Project, load

from .helpers import ROOT

PAGE_BUDGET = 200 * 1024  # any page that does not list the whole corpus
BROWSE_BASE, BROWSE_PER_PAPER = 60 * 1024, 1024  # the one page with a row per paper
# The indexes that list every paper (with its linked authors) and every author (about five per paper).
INDEX_BASE, INDEX_PER_PAPER = 40 * 1024, 700
CORPUS_INDEXES = ("papers/index.html", "authors/index.html")
SEARCH_BASE, SEARCH_PER_PAPER = 512 * 1024, 4 * 1024


def corpus_size() -> int:
    return len(load(Project(ROOT)).entries)


@pytest.mark.slow
def test_every_html_page_is_within_budget(built_site: Path) -> None:
    papers = corpus_size()
    sizes = {p.relative_to(built_site).as_posix(): p.stat().st_size for p in built_site.rglob("*.html")}
    assert len(sizes) > papers  # a page per paper, and more
    budgets = dict.fromkeys(sizes, PAGE_BUDGET)
    budgets["browse/index.html"] = BROWSE_BASE + BROWSE_PER_PAPER * papers
    budgets.update(dict.fromkeys(CORPUS_INDEXES, INDEX_BASE + INDEX_PER_PAPER * papers))
    too_big = {page: (size, budgets[page]) for page, size in sizes.items() if size > budgets[page]}
    assert not too_big, f"pages over budget (size, budget): {too_big}"


@pytest.mark.slow
def test_search_index_is_within_budget(built_site: Path) -> None:
    size = (built_site / "search" / "search_index.json").stat().st_size
    budget = SEARCH_BASE + SEARCH_PER_PAPER * corpus_size()
    assert size <= budget, f"search index is {size} bytes, budget {budget}"
