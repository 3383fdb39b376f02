"""Size budgets of the real site (issue: performance): pages stay light, search stays small."""

from __future__ import annotations

from pathlib import Path

import pytest

PAGE_BUDGET = 200 * 1024
SEARCH_BUDGET = 1.5 * 1024 * 1024


@pytest.mark.slow
def test_every_html_page_is_within_budget(built_site: Path) -> None:
    sizes = {p.relative_to(built_site).as_posix(): p.stat().st_size for p in built_site.rglob("*.html")}
    assert len(sizes) > 270
    too_big = {page: size for page, size in sizes.items() if size > PAGE_BUDGET}
    assert not too_big, f"pages over {PAGE_BUDGET} bytes: {too_big}"


@pytest.mark.slow
def test_search_index_is_within_budget(built_site: Path) -> None:
    size = (built_site / "search" / "search_index.json").stat().st_size
    assert size <= SEARCH_BUDGET, f"search index is {size} bytes"
