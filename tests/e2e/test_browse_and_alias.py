"""Browse with facets (state in the URL, shareable) and old URLs landing on new pages."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from survey_site import permalinks
from survey_site.pipeline import Project, assemble, load

from ..helpers import FIXTURE, ROOT, make_site_project, mkdocs_build
from . import serve

pytestmark = pytest.mark.e2e
SURVEY = assemble(load(Project(ROOT)))


def expected_titles(topic: str, year_from: int) -> list[str]:
    keys = [
        k for k in SURVEY.papers if topic in {n.id for t in SURVEY.topics_of.get(k, ()) for n in SURVEY.breadcrumb(t)}
    ]
    return [SURVEY.papers[k].title for k in keys if SURVEY.papers[k].year and int(SURVEY.papers[k].year) >= year_from]


PAGE = 100  # rows site.js lays out at once


def count_text(matching: int) -> str:
    shown = f"Showing {PAGE} of " if matching > PAGE else ""
    return f"{shown}{matching} matching paper{'s' if matching != 1 else ''} ({len(SURVEY.papers)} in all)"


def visible_titles(page: object) -> list[str]:
    return [t.strip() for t in page.locator("#sv-browse tbody tr.sv-show td:first-child a").all_inner_texts()]


def test_browse_filters_by_topic_and_year_and_the_url_reproduces_it(open_page, viewport: str) -> None:
    page = open_page("browse/")
    form = page.locator("#sv-filters")
    expect(form).to_be_visible()
    expect(form.locator("output")).to_have_text(count_text(len(SURVEY.papers)))
    assert len(visible_titles(page)) == min(PAGE, len(SURVEY.papers))
    page.select_option("select[name=topic]", "scalable-oversight")
    page.select_option("select[name=from]", "2022")
    want = expected_titles("scalable-oversight", 2022)
    assert 0 < len(want) < len(expected_titles("scalable-oversight", 0))  # the year facet really narrows it
    expect(form.locator("output")).to_have_text(count_text(len(want)))
    assert sorted(visible_titles(page)) == sorted(want)
    assert re.search(r"[?&]topic=scalable-oversight\b", page.url) and re.search(r"[?&]from=2022\b", page.url)
    shared = page.url
    page.goto(shared, wait_until="load")  # what someone who was sent the link sees
    page.wait_for_selector("#sv-filters:not([hidden])")
    assert page.locator("select[name=topic]").input_value() == "scalable-oversight"
    assert sorted(visible_titles(page)) == sorted(want)


def test_browse_text_search_finds_an_author_beyond_those_shown(open_page, viewport: str) -> None:
    page = open_page("browse/?text=welinder")  # Peter Welinder is the 17th author of InstructGPT
    expect(page.locator("#sv-filters output")).to_contain_text("matching paper")
    assert "Training Language Models to Follow Instructions with Human Feedback" in visible_titles(page)


def test_an_old_browse_link_with_q_filters_without_opening_site_search(open_page, viewport: str) -> None:
    """`?q=` is also Material's own search parameter: it would open the search overlay over the table."""
    page = open_page("browse/?q=welinder")
    expect(page.locator("#sv-filters output")).to_contain_text("matching paper")
    assert "Training Language Models to Follow Instructions with Human Feedback" in visible_titles(page)
    assert not page.locator("#__search").is_checked(), "the site search overlay opened over browse"
    page.wait_for_timeout(300)
    assert "text=welinder" in page.url and "q=" not in page.url.replace("text=", "")


@pytest.fixture(scope="module")
def renamed_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The fixture project after a release renamed a topic and a key, keeping both old ids."""
    project = tmp_path_factory.mktemp("renamed") / "project"
    shutil.copytree(FIXTURE, project)
    permalinks.update_registry(project, permalinks.index_of(load(Project(project))))
    tax = project / "taxonomy" / "04-outer-alignment.yaml"
    tax.write_text(
        tax.read_text()
        .replace("      - id: debate\n", "      - id: ai-debate\n        aliases:\n          - debate\n")
        .replace("- irving2018ai", "- irving2019ai")
    )
    bib = project / "bib" / "04-outer-alignment.bib"
    bib.write_text(
        bib.read_text()
        .replace("@misc{irving2018ai,", "@misc{irving2019ai,")
        .replace("  year = {2018},\n  eprint = {1805.00899},", "  year = {2019},\n  eprint = {1805.00899},")
        .replace(
            "  url = {https://arxiv.org/abs/1805.00899},",
            "  url = {https://arxiv.org/abs/1805.00899},\n  ids = {irving2018ai},",
        )
    )
    make_site_project(project)
    result = mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    with serve(project / "site") as url:
        yield url


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("topics/debate/", "topics/ai-debate/"),
        ("papers/irving2018ai/#cite", "papers/irving2019ai/#cite"),
        ("topics/debate/#irving2018ai", "topics/ai-debate/#irving2018ai"),
    ],
)
def test_old_url_lands_on_the_new_page(pages, viewport: str, renamed_site: str, old: str, new: str) -> None:
    page = pages.new(mobile=viewport == "mobile")
    page.goto(renamed_site + old)
    page.wait_for_url(renamed_site + new)
    page.wait_for_selector("[data-md-component=content]")
    target = new.split("#")[1] if "#" in new else "top"
    expect(page.locator(f"[id='{target}']").first).to_be_attached()


def test_browse_shows_more_rows_on_request(open_page, viewport: str) -> None:
    page = open_page("browse/")
    button = page.locator("button.sv-more")
    shown = PAGE
    while shown < len(SURVEY.papers):
        step = min(PAGE, len(SURVEY.papers) - shown)
        expect(button).to_have_text(f"Show {step} more")
        button.click()
        shown += step
        assert len(visible_titles(page)) == shown
    expect(page.locator("#sv-filters output")).to_have_text(
        f"{len(SURVEY.papers)} matching papers ({len(SURVEY.papers)} in all)"
    )
    expect(button).to_be_hidden()


def test_browse_titles_read_in_a_wide_column_or_a_card(open_page, viewport: str) -> None:
    """No title squeezed: on a desktop the title column is the widest and most titles take at most two
    lines; on a phone each row is a card whose title spans the card, and nothing scrolls sideways."""
    page = open_page("browse/")
    page.wait_for_selector("#sv-filters:not([hidden])")
    boxes = page.evaluate("""() => [...document.querySelectorAll('#sv-browse tbody tr.sv-show')].slice(0, 40).map(tr => {
        const title = tr.querySelector('td.sv-col-title'), link = title.querySelector('a');
        const line = parseFloat(getComputedStyle(link).lineHeight) || 16;
        return {title: title.getBoundingClientRect().width, row: tr.getBoundingClientRect().width,
                lines: Math.round(link.getBoundingClientRect().height / line),
                others: [...tr.querySelectorAll('td:not(.sv-col-title)')].map(td => td.getBoundingClientRect().width)};
    })""")
    assert boxes
    if viewport == "desktop":
        assert all(b["title"] >= 250 for b in boxes), [b["title"] for b in boxes]
        assert all(b["title"] >= max(b["others"]) for b in boxes)
        assert sum(b["lines"] <= 2 for b in boxes) >= 0.8 * len(boxes), [b["lines"] for b in boxes]
    else:
        assert all(b["title"] >= 0.9 * b["row"] and b["row"] >= 300 for b in boxes), boxes[:3]
    wrap = page.locator(".sv-table-wrap")
    assert wrap.evaluate("el => el.scrollWidth <= el.clientWidth + 1")  # no sideways scrolling of the table


def test_browse_sorts_by_column_and_the_url_keeps_the_order(open_page, viewport: str) -> None:
    page = open_page("browse/")
    page.wait_for_selector("#sv-filters:not([hidden])")
    years = [p.year for p in SURVEY.papers.values() if p.year]

    def sort_by(column: str, mode: str) -> None:  # the column's header on a desktop; the Order menu on a phone
        if viewport == "desktop":
            page.locator(f"th.sv-col-{column} button").click()
        else:
            page.select_option("select[name=sort]", mode)

    sort_by("year", "year-desc")
    first_years = page.locator("#sv-browse tbody tr.sv-show td.sv-col-year").all_inner_texts()[:20]
    assert first_years == sorted(first_years, reverse=True) and first_years[0] == max(years)
    assert re.search(r"[?&]sort=year-desc\b", page.url)
    sort_by("year", "year-asc")  # on a desktop, the year header again: oldest first
    assert page.locator("#sv-browse tbody tr.sv-show td.sv-col-year").first.inner_text() == min(years)
    sort_by("title", "title")
    titles = [t.strip().lower() for t in visible_titles(page)[:30]]
    assert titles == sorted(titles)
    shared = page.url
    assert re.search(r"[?&]sort=title\b", shared)
    page.goto(shared, wait_until="load")
    page.wait_for_selector("#sv-filters:not([hidden])")
    assert page.locator("select[name=sort]").input_value() == "title"
    assert [t.strip().lower() for t in visible_titles(page)[:30]] == titles


def test_browse_text_search_reads_the_tldr(open_page, viewport: str) -> None:
    """Words that appear only in a paper's TL;DR (not its title, authors or venue) find it."""

    def shown_elsewhere(word: str, paper: object) -> bool:
        return word in f"{paper.title} {paper.venue} {' '.join(a.display for a in paper.authors)}".lower()

    for paper in SURVEY.papers.values():
        words = [w for w in re.findall(r"[a-z]{7,}", (paper.tldr or "").lower()) if not shown_elsewhere(w, paper)]
        if len(words) >= 2:
            break
    query = " ".join(words[:2])
    page = open_page("browse/")
    page.wait_for_selector("#sv-filters:not([hidden])")
    page.fill("input[name=text]", query)
    page.wait_for_function("document.querySelector('#sv-filters output').textContent.indexOf('(') >= 0")
    page.wait_for_timeout(200)
    assert paper.title in visible_titles(page)
    assert re.search(r"[?&]text=", page.url)


def test_a_chart_bar_opens_browse_filtered_to_what_it_counts(open_page, viewport: str) -> None:
    page = open_page("stats/")
    year = max(p.year for p in SURVEY.papers.values() if p.year)
    # A phone gets the charts as lists: the 700 px drawing would shrink its labels to about 5 px.
    drawing, listed = page.locator("#chart-years"), page.locator("#chart-years-list")
    if viewport == "mobile":
        expect(drawing).to_be_hidden()
        expect(listed).to_be_visible()
        sizes = listed.locator("li a").evaluate_all("links => links.map(a => parseFloat(getComputedStyle(a).fontSize))")
        assert min(sizes) >= 12, sizes
        listed.locator(f'a[href$="from={year}&to={year}"]').click()
    else:
        expect(listed).to_be_hidden()
        page.locator(f'#chart-years a[*|href$="from={year}&to={year}"]').first.click()
    page.wait_for_url(re.compile(rf"/browse/\?from={year}&to={year}"))
    page.wait_for_selector("#sv-filters:not([hidden])")
    expect(page.locator("#sv-filters output")).to_have_text(
        count_text(sum(1 for p in SURVEY.papers.values() if p.year == year))
    )


def test_venue_facet_counts_shared_venues_and_sets_one_offs_apart(open_page, viewport: str) -> None:
    page = open_page("browse/")
    page.wait_for_selector("#sv-filters:not([hidden])")
    counts = Counter(p.venue_short for p in SURVEY.papers.values() if p.venue_short)
    named = page.eval_on_selector_all(
        "select[name=venue] > option:not([value=''])", "os => os.map(o => [o.value, o.textContent])"
    )
    single = page.eval_on_selector_all(
        "select[name=venue] optgroup option", "os => os.map(o => [o.value, o.textContent])"
    )
    # Shared venues first, most papers first, each with its count; then the one-offs, A to Z, under their own label.
    assert [v for v, _ in named] == [
        v for v, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])) if counts[v] > 1
    ]
    assert all(text == f"{v} ({counts[v]})" for v, text in named)
    assert [v for v, _ in single] == sorted(v for v, n in counts.items() if n == 1)
    page.select_option("select[name=venue]", named[1][0])
    expect(page.locator("#sv-filters output")).to_have_text(count_text(counts[named[1][0]]))
    if single:
        page.select_option("select[name=venue]", single[0][0])
        expect(page.locator("#sv-filters output")).to_have_text(count_text(1))


def test_download_these_n_gives_exactly_the_filtered_papers(open_page, viewport: str) -> None:
    import json

    import bibtexparser

    page = open_page("browse/?topic=scalable-oversight&from=2022&sort=year-desc")
    page.wait_for_selector("#sv-filters:not([hidden])")
    shown_keys = page.eval_on_selector_all(
        "#sv-browse tbody tr.sv-show", "rows => rows.map(r => r.dataset.key)"
    )  # the shown order: newest first
    want = {k for k in SURVEY.papers if SURVEY.papers[k].title in expected_titles("scalable-oversight", 2022)}
    assert set(shown_keys) == want and len(want) < len(SURVEY.papers)
    take = page.locator(".sv-take")
    expect(take).to_contain_text(f"Download these {len(want)}")

    with page.expect_download() as bib_download:
        take.get_by_role("button", name="BibTeX").click()
    library = bibtexparser.parse_string(Path(bib_download.value.path()).read_text(encoding="utf-8"))
    assert not library.failed_blocks, [b.error for b in library.failed_blocks]
    assert [e.key for e in library.entries] == shown_keys  # every one, in the order shown, nothing else
    assert bib_download.value.suggested_filename == "papers.bib"

    with page.expect_download() as csl_download:
        take.get_by_role("button", name="CSL-JSON").click()
    items = json.loads(Path(csl_download.value.path()).read_text(encoding="utf-8"))
    assert [item["id"] for item in items] == shown_keys
    assert all(item["title"] for item in items)
