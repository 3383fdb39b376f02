"""Search finds the page a reader means, and only through that page's own text.

The index checks read the built `search/search_index.json`; the rankings type into
Material's search box in Debian's chromium, at desktop width and on a phone.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import bibtexparser
import pytest
from playwright.sync_api import Page, expect

from .test_journeys import PAPER_KEY, TOPIC_ID, open_search, topic_titles

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]


@cache
def index_docs(site: Path) -> tuple[dict, ...]:
    return tuple(json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"])


@cache
def paper_fields(key: str) -> dict[str, str]:
    for path in sorted((ROOT / "bib").glob("*.bib")):
        library = bibtexparser.parse_string(path.read_text(encoding="utf-8"))
        for entry in library.entries:
            if entry.key == key:
                return {f.key: str(f.value) for f in entry.fields}
    raise LookupError(key)


def family_name(fields: dict[str, str]) -> str:
    first = fields["author"].split(" and ")[0]
    return first.split(",")[0].strip() if "," in first else first.split()[-1]


def test_menus_related_lists_and_breadcrumbs_are_not_indexed(built_site: Path) -> None:
    docs = index_docs(built_site)
    locations = [d["location"] for d in docs]
    # The browse page's facet menus list every year, venue and topic.
    browse = " ".join(d["text"] for d in docs if d["location"].startswith("browse/"))
    assert "title A–Z" not in browse and "newest first" not in browse, browse[:500]
    assert not any(re.fullmatch(r"papers/(#.*)?", loc) for loc in locations), (
        "the /papers/ index (every title and author) is in the search index"
    )
    related = [loc for loc in locations if loc.endswith("#related")]
    assert not related, f"{len(related)} Related papers sections are indexed, e.g. {related[:3]}"
    crumbs = [
        d["location"]
        for d in docs
        if d["location"].startswith(("papers/", "topics/")) and re.search(r"\bHome ›", d["text"])
    ]
    assert not crumbs, f"breadcrumbs are indexed: {crumbs[:3]}"
    # A topic page is found by its own words, not by the titles of the papers it lists.
    titles = {d["title"] for d in docs if re.fullmatch(r"papers/[^/]+/", d["location"])}
    topic_text = " ".join(d["text"] for d in docs if d["location"].startswith(f"topics/{TOPIC_ID}/"))
    listed = [t for t in titles if len(t) > 30 and t in topic_text]
    assert not listed, f"topic {TOPIC_ID} indexes its papers' titles: {listed[:3]}"
    # ...while every paper and topic page is still in the index.
    for folder in ("papers", "topics"):
        pages = {p.parent.name for p in (built_site / folder).glob("*/index.html") if "refresh" not in p.read_text()}
        indexed = {loc.split("/")[1] for loc in locations if loc.startswith(f"{folder}/")}
        assert pages <= indexed, f"{folder} missing from search: {sorted(pages - indexed)[:5]}"


def first_result(page: Page, viewport: str, query: str) -> str:
    box = open_search(page, viewport)
    box.press_sequentially(query, delay=10)
    first = page.locator("li.md-search-result__item a.md-search-result__link").first
    expect(first).to_be_attached(timeout=15_000)
    # Results refine as each key arrives; wait until the list is for the whole query.
    expect(page.locator(".md-search-result__meta")).to_contain_text(re.compile(r"\d[\d.]*k? matching"))
    page.wait_for_timeout(300)
    return (first.get_attribute("href") or "").split("?")[0]


def first_result_text(page: Page) -> str:
    return " ".join(page.locator("li.md-search-result__item").first.inner_text().split())


def test_topic_name_finds_the_topic_first(open_page, viewport: str) -> None:
    page = open_page("")
    href = first_result(page, viewport, topic_titles()[TOPIC_ID])
    assert href.endswith(f"/topics/{TOPIC_ID}/"), href


def test_exact_title_finds_the_paper_first(open_page, viewport: str) -> None:
    page = open_page("")
    fields = paper_fields(PAPER_KEY)
    href = first_result(page, viewport, fields["title"].strip("{}"))
    assert href.endswith(f"/papers/{PAPER_KEY}/"), href
    # The result says whose paper it is and when, not "Home › Papers › <key>".
    text = first_result_text(page)
    assert f"{family_name(fields)} et al." in text and fields["year"] in text, text
    assert "Home" not in text and PAPER_KEY not in text, text


def test_arxiv_id_finds_the_paper_first(open_page, viewport: str) -> None:
    page = open_page("")
    href = first_result(page, viewport, paper_fields(PAPER_KEY)["eprint"])
    assert href.endswith(f"/papers/{PAPER_KEY}/"), href


def test_family_name_finds_that_authors_page_first(open_page, viewport: str) -> None:
    """Not the contributor guide that uses the key as an example, nor a topic or paper naming them."""
    name = family_name(paper_fields(PAPER_KEY))
    page = open_page("")
    href = first_result(page, viewport, name)
    match = re.search(r"/authors/([^/]+)/$", href)
    assert match, f"searching {name!r} first offers {href}, not an author page"
    assert name.lower() in match.group(1).split("-"), f"{match.group(1)} is not named {name}"
    # The result says how much of their work is here.
    assert re.search(r"\d+ papers? · \d{4}", first_result_text(page)), first_result_text(page)
