"""What a reader does on the site, in a real browser, at desktop width and on a 390 px phone.

Each journey starts with `open_page(path)` (a site path relative to the root) and gets a
fresh page that fails the test on any console error or off-host request (see conftest).
To add a journey, write `def test_<what>(open_page, viewport): page = open_page("browse/")`.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from urllib.parse import urljoin

import bibtexparser
import pytest
import yaml
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
PAPER_KEY = "ouyang2022training"
PAPER_URL = re.compile(rf"/papers/{PAPER_KEY}/(\?[^#]*)?(#.*)?$")
TOPIC_ID = "scalable-oversight"
SITE_FIELDS = ("tldr", "added", "origin", "code")  # DESIGN.md: exports strip site fields


@cache
def topic_titles() -> dict[str, str]:
    """Node id -> title, straight from taxonomy/*.yaml (the source the pages are made from)."""
    titles: dict[str, str] = {}

    def walk(node: dict) -> None:
        titles[node["id"]] = node["title"]
        for child in node.get("children") or ():
            walk(child)

    for path in sorted((ROOT / "taxonomy").glob("[0-9]*.yaml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return titles


def heading(page: Page) -> object:
    return page.locator("article.md-content__inner h1").first


def heading_text(title: str) -> re.Pattern[str]:
    """An H1's text: the title, then Material's permalink sign."""
    return re.compile(rf"^\s*{re.escape(title)}\s*¶?\s*$")


REDIRECT = re.compile(r"""http-equiv=["']?refresh""", re.I)


def real_pages(site: Path, folder: str) -> int:
    """Pages under site/<folder>/*/ that are not alias redirects (meta refresh)."""
    return sum(
        1 for p in (site / folder).glob("*/index.html") if not REDIRECT.search(p.read_text(encoding="utf-8")[:4000])
    )


def open_search(page: Page, viewport: str) -> object:
    """Material's search box; on a phone it hides behind the magnifier in the header."""
    if viewport == "mobile":
        page.locator('label.md-header__button[for="__search"]').click()
    box = page.locator(".md-search__input")
    expect(box).to_be_visible()
    box.click()
    return box


def test_home(open_page, viewport: str, built_site: Path) -> None:
    page = open_page("")
    expect(page).to_have_title(re.compile("LLM Alignment Survey Companion"))
    expect(heading(page)).to_contain_text("Large Language Model Alignment: A Survey")
    counts = page.locator(".sv-counts")
    expect(counts).to_be_visible()
    match = re.search(r"(\d+)\s+papers\b.*?(\d+)\s+topics\b", counts.inner_text(), re.S)
    assert match, f"counts line reads {counts.inner_text()!r}"
    assert int(match.group(1)) == real_pages(built_site, "papers"), "paper count differs from the number of paper pages"
    assert int(match.group(2)) == len(topic_titles()) == real_pages(built_site, "topics"), (
        "topic count differs from the taxonomy"
    )


def test_taxonomy_link_opens_topic(open_page, viewport: str) -> None:
    page = open_page("")
    # An HTML list or an SVG tree whose boxes are <a> elements (href or xlink:href: `*|href` matches both).
    # The drawing on a desktop, the list on a phone: whichever is shown.
    links = page.locator(f'.md-content :is(ul.sv-tree, svg) a[*|href$="topics/{TOPIC_ID}/"]').filter(visible=True)
    expect(links.first).to_be_visible()
    shown = page.locator('.md-content :is(ul.sv-tree, svg) a[*|href*="topics/"]').count()
    assert shown >= len(topic_titles()), f"the taxonomy on the home page links {shown} topics of {len(topic_titles())}"
    links.first.click()
    page.wait_for_url(f"**/topics/{TOPIC_ID}/")
    expect(heading(page)).to_have_text(heading_text(topic_titles()[TOPIC_ID]))
    expect(page.locator(".sv-breadcrumb")).to_contain_text("Topics")


def test_paper_from_topic(open_page, viewport: str) -> None:
    page = open_page(f"topics/{TOPIC_ID}/")
    first = page.locator("a.sv-paper__title").first
    expect(first).to_be_visible()
    title, href = first.inner_text().strip(), first.get_attribute("href")
    assert href and "papers/" in href, href
    target = urljoin(page.url, href)
    first.click()
    page.wait_for_url(target)
    expect(heading(page)).to_have_text(heading_text(title))
    # and back up to the topic through the paper's "Topics" list
    expect(page.locator(f'ul.sv-topics a[href*="topics/{TOPIC_ID}/"]')).to_have_count(1)


def test_copy_paper_bibtex(open_page, viewport: str) -> None:
    page = open_page(f"papers/{PAPER_KEY}/")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    block = page.locator("#cite ~ .sv-cite pre:has(> code.sv-cite-bibtex)")
    expect(block).to_have_count(1)
    # Material adds a copy button to every `pre > code` (9.8: md-code__button[data-md-type=copy]; earlier: md-clipboard).
    button = block.locator('button.md-clipboard, button.md-code__button[data-md-type="copy"]')
    expect(button).to_have_count(1)
    if viewport == "desktop":
        block.hover()  # where Material shows the button; a phone has no hover
    button.click()
    expect(page.locator(".md-dialog")).to_contain_text("Copied")
    text = page.evaluate("navigator.clipboard.readText()")
    assert text.strip() == block.locator("code").inner_text().strip(), "copied text differs from the BibTeX shown"
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks, [b.error for b in library.failed_blocks]
    assert [e.key for e in library.entries] == [PAPER_KEY], text
    entry = library.entries[0]
    assert "2203.02155" in entry.fields_dict["eprint"].value
    assert not [f for f in SITE_FIELDS if f in entry.fields_dict], (
        f"site-only fields leaked into the copied BibTeX:\n{text}"
    )


@pytest.mark.parametrize("query", ["Ouyang", "2203.02155"], ids=["author", "arxiv-id"])
def test_search_finds_paper(open_page, viewport: str, query: str) -> None:
    page = open_page("")
    box = open_search(page, viewport)
    box.press_sequentially(query, delay=20)
    hit = page.locator(f'a.md-search-result__link[href*="papers/{PAPER_KEY}/"]')
    expect(hit.first).to_be_attached(timeout=15_000)
    hit.first.click()
    page.wait_for_url(PAPER_URL)
    expect(heading(page)).to_contain_text("Training Language Models to Follow Instructions")


def test_dark_mode(open_page, viewport: str) -> None:
    page = open_page("")
    body = page.locator("body")
    expect(body).to_have_attribute("data-md-color-scheme", "default")
    toggle = page.locator('label.md-header__button[for^="__palette"], form[data-md-component=palette] label').filter(
        visible=True
    )
    expect(toggle).to_have_count(1)
    toggle.click()
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    # The choice sticks across pages (Material keeps it in local storage).
    open_page(f"topics/{TOPIC_ID}/")
    expect(body).to_have_attribute("data-md-color-scheme", "slate")


def test_home_taxonomy_and_header_are_readable_at_each_width(open_page, viewport: str) -> None:
    """A phone gets the taxonomy as a list (the drawing's labels would be a few pixels tall)
    and the site's whole name in the header; a desktop gets the drawing."""
    page = open_page("")
    drawing = page.locator(".sv-taxonomy svg")
    listed = page.locator(".sv-taxonomy .sv-tree-list")
    if viewport == "mobile":
        expect(drawing).to_be_hidden()
        expect(listed).to_be_visible()
        titles = topic_titles()
        expect(listed.locator("a")).to_have_count(len(titles))
        listed.locator("a", has_text=titles[TOPIC_ID]).first.click()
        expect(page).to_have_url(re.compile(rf"/topics/{TOPIC_ID}/$"))
    else:
        expect(drawing).to_be_visible()
        expect(listed).to_be_hidden()
    name = page.locator(".md-header__topic:first-child .md-ellipsis")
    assert name.evaluate("e => e.scrollWidth <= e.clientWidth && e.scrollHeight <= e.clientHeight"), "site name cut off"
