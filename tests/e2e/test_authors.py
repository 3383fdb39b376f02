"""Author pages in the browser: a name on a paper page leads to every paper of that author, by year."""

from __future__ import annotations

import re
from functools import cache

import pytest
from playwright.sync_api import expect

from survey_site.authors import Person, people
from survey_site.pipeline import Project, assemble, load

from .test_journeys import PAPER_KEY, ROOT, heading, heading_text

pytestmark = pytest.mark.e2e


@cache
def corpus_people() -> dict[str, Person]:
    return people(assemble(load(Project(ROOT))).papers.values())


def test_a_name_on_a_paper_page_opens_that_authors_papers_by_year(open_page, viewport: str) -> None:
    page = open_page(f"papers/{PAPER_KEY}/")
    name = page.locator("table.sv-meta td a").first
    shown = name.inner_text()
    name.click()
    expect(page).to_have_url(re.compile(r"/authors/[^/]+/$"))
    slug = page.url.rstrip("/").rsplit("/", 1)[1]
    person = corpus_people()[slug]
    assert person.name == shown or shown in person.spellings
    expect(heading(page)).to_have_text(heading_text(person.name))
    # Every paper of theirs, once, under year headings that run newest first.
    items = page.locator("li.sv-paper")
    expect(items).to_have_count(len(person.papers))
    assert sorted(items.evaluate_all("els => els.map(e => e.id)")) == sorted(person.papers)
    years = [int(y) for y in re.findall(r"\d{4}", " ".join(page.locator("article h2[id^=y]").all_inner_texts()))]
    assert years == sorted(years, reverse=True) and years
    own = page.locator(f"li.sv-paper#{PAPER_KEY}")
    expect(own.locator(".sv-paper__topics a").first).to_be_visible()
    # Its topics lead on to the topic page, at the paper's own entry.
    own.locator(".sv-paper__topics a").first.click()
    expect(page).to_have_url(re.compile(r"/topics/[^/]+/$"))
    expect(page.locator(f"li.sv-paper#{PAPER_KEY}")).to_be_attached()


def test_the_authors_index_reaches_every_author_and_a_phone_reads_it(open_page, viewport: str) -> None:
    page = open_page("authors/")
    links = page.locator("ul.sv-author-index a")
    expect(links).to_have_count(len(corpus_people()))
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"the authors index scrolls sideways ({width}px)"
    page.locator("nav.sv-letters a", has_text=re.compile(r"^L$")).click()
    expect(page).to_have_url(re.compile(r"#l$"))


def test_a_frequent_author_lists_co_authors_who_share_two_papers(open_page, viewport: str) -> None:
    prolific = max(corpus_people().values(), key=lambda p: (len(p.papers), p.slug))
    page = open_page(f"authors/{prolific.slug}/")
    shared = page.locator("ul.sv-coauthors .sv-count").all_inner_texts()
    assert shared and all(int(n.strip("()")) >= 2 for n in shared), shared
    counts = [int(n.strip("()")) for n in shared]
    assert counts == sorted(counts, reverse=True)
