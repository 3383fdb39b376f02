"""The citation basket: tick papers on any page, carry them across pages, share them by address,
and take their BibTeX (checked with a real BibTeX parser) or CSL-JSON. Nothing leaves the browser
but requests for the site's own exports (the conftest fails any off-host request)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import bibtexparser
import pytest
from playwright.sync_api import Page, expect

from .test_journeys import PAPER_KEY, SITE_FIELDS, TOPIC_ID

pytestmark = pytest.mark.e2e


def basket_of(page: Page) -> list[str]:
    values = parse_qs(urlsplit(page.url).query).get("basket", [""])
    return [k for k in values[0].split(",") if k]


def open_basket(page: Page) -> object:
    bar = page.locator(".sv-basket-bar button")
    expect(bar).to_be_visible()
    bar.click()
    dialog = page.locator("dialog.sv-basket")
    expect(dialog).to_be_visible()
    return dialog


def test_basket_round_trip_across_pages(open_page, viewport: str, site_url: str) -> None:
    page = open_page(f"topics/{TOPIC_ID}/")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    expect(page.locator(".sv-basket-bar")).to_be_hidden()  # an empty basket stays out of the way
    boxes = page.locator("li.sv-paper input.sv-pick")
    picked = [boxes.nth(i).get_attribute("data-key") for i in range(2)]
    for i in range(2):
        boxes.nth(i).check()
    assert basket_of(page) == picked
    expect(page.locator(".sv-basket-bar button")).to_have_text("Citation basket (2)")

    # Another page: the basket follows, and a browse row adds a third paper.
    page.goto(site_url + "browse/?text=2203.02155")  # the paper's arXiv id: its row is shown
    page.wait_for_selector(f'tr[data-key="{PAPER_KEY}"].sv-show input.sv-pick')
    assert basket_of(page) == picked
    if PAPER_KEY in picked:
        picked.remove(PAPER_KEY)
        page.locator(f'tr[data-key="{PAPER_KEY}"] input.sv-pick').uncheck()
    page.locator(f'tr[data-key="{PAPER_KEY}"] input.sv-pick').check()
    picked.append(PAPER_KEY)
    assert basket_of(page) == picked

    # The paper page's own box shows it is in; the dialog lists all three by title.
    page.goto(site_url + f"papers/{PAPER_KEY}/")
    expect(page.locator(".sv-kicker input.sv-pick")).to_be_checked()
    dialog = open_basket(page)
    expect(dialog.locator("ol li")).to_have_count(len(picked))
    expect(dialog.locator(f'li[data-key="{PAPER_KEY}"] a')).to_have_text(re.compile(r"Training Language Models"))

    with page.expect_download() as download:
        dialog.get_by_role("button", name="Download BibTeX").click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks, [b.error for b in library.failed_blocks]
    assert [e.key for e in library.entries] == picked
    assert not [f for e in library.entries for f in SITE_FIELDS if f in e.fields_dict], "site fields leaked"
    assert download.value.suggested_filename == "basket.bib"

    dialog.get_by_role("button", name="Copy BibTeX").click()
    expect(dialog.locator(".sv-basket-status")).to_have_text(f"Copied {len(picked)} BibTeX entries.")
    copied = bibtexparser.parse_string(page.evaluate("navigator.clipboard.readText()"))
    assert [e.key for e in copied.entries] == picked

    with page.expect_download() as csl:
        dialog.get_by_role("button", name="Download CSL-JSON").click()
    items = json.loads(Path(csl.value.path()).read_text(encoding="utf-8"))
    assert [item["id"] for item in items] == picked

    # Removing from the dialog updates the address and the page's box.
    dialog.locator(f'li[data-key="{PAPER_KEY}"] button').click()
    assert basket_of(page) == picked[:-1]
    dialog.get_by_role("button", name="Close").click()
    expect(page.locator(".sv-kicker input.sv-pick")).not_to_be_checked()


def test_a_shared_address_restores_the_basket_in_a_fresh_browser(pages, site_url: str) -> None:
    first = pages.new()
    first.goto(site_url + f"topics/{TOPIC_ID}/")
    boxes = first.locator("li.sv-paper input.sv-pick")
    expect(boxes.first).to_be_attached()
    keys = [boxes.nth(i).get_attribute("data-key") for i in (0, 2)]
    for i in (0, 2):
        boxes.nth(i).check()
    shared = first.url

    second = pages.new(mobile=True)  # no localStorage of the first: only the address carries it
    second.goto(shared)
    expect(second.locator(".sv-basket-bar button")).to_have_text("Citation basket (2)")
    ticked = second.locator("li.sv-paper input.sv-pick:checked")
    assert sorted(ticked.evaluate_all("els => els.map(e => e.dataset.key)")) == sorted(keys)
    dialog = open_basket(second)
    expect(dialog.locator("ol li")).to_have_count(2)
    dialog.get_by_role("button", name="Empty").click()
    assert basket_of(second) == []
    expect(second.locator("li.sv-paper input.sv-pick:checked")).to_have_count(0)


def test_a_failed_export_says_so_and_a_stale_key_is_named(page, site_url: str) -> None:
    # The CSL-JSON export is broken (served, but not JSON); the BibTeX one is fine.
    page.route("**/downloads/corpus.csl.json", lambda route: route.fulfill(status=200, body="<html>not JSON"))
    page.goto(site_url + f"papers/{PAPER_KEY}/?basket={PAPER_KEY},no2099such")
    dialog = open_basket(page)
    with page.expect_download() as download:
        dialog.get_by_role("button", name="Download BibTeX").click()
    keys = [e.key for e in bibtexparser.parse_string(Path(download.value.path()).read_text()).entries]
    assert keys == [PAPER_KEY]
    expect(dialog.locator(".sv-basket-status")).to_contain_text("left out: no2099such")
    # A message, not silence.
    dialog.get_by_role("button", name="Download CSL-JSON").click()
    expect(dialog.locator(".sv-basket-status")).to_contain_text("Could not download")


def test_browse_download_reports_a_failed_export(open_page, viewport: str) -> None:
    page = open_page("browse/?text=debate")
    page.route("**/downloads/corpus.bib", lambda route: route.fulfill(status=200, body=""))
    page.locator(".sv-take button[data-format=bib]").click()
    expect(page.locator(".sv-take-status")).to_contain_text("Could not download")
    # "Add to citation basket" takes exactly the rows shown.
    shown = page.locator("#sv-browse tbody tr.sv-show").evaluate_all("rows => rows.map(r => r.dataset.key)")
    page.locator(".sv-take button[data-format=basket]").click()
    assert basket_of(page) == shown and shown
    assert parse_qs(urlsplit(page.url).query)["text"] == ["debate"]  # the filters stay in the address too
