"""Property tests: any string in any field renders safely, or is refused with a message.

`make test` runs a fixed, derandomised sample; `make fuzz` (HYPOTHESIS_PROFILE=fuzz) many more.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import markdown
from hypothesis import given
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data

from survey_site.bibliography import BibEntry, BibField, parse_bib
from survey_site.entry_rules import check_entry
from survey_site.model import Author, Node, Paper
from survey_site.pipeline import Project, assemble, load
from survey_site.render import exports, feeds, pages
from survey_site.render.escape import h, md_inline
from survey_site.text import INVISIBLE

from .helpers import FIXTURE, SITE, bibtexparser_names

SURVEY = assemble(load(Project(FIXTURE)))
# What our templates themselves produce; anything else in the HTML came from data.
ALLOWED_TAGS = {
    "nav",
    "a",
    "span",
    "h1",
    "h2",
    "p",
    "div",
    "table",
    "tbody",
    "tr",
    "th",
    "td",
    "ul",
    "li",
    "pre",
    "code",
    "ol",
    "details",
    "summary",
    "em",
    "strong",
}
ALLOWED_ATTRS = {
    "class",
    "aria-label",
    "aria-current",
    "href",
    "rel",
    "id",
    "scope",
    "data-year",
    "data-order",
    "download",
    "title",
    "data-search-exclude",
    "data-access-date",
    "data-key",  # the citation key a paper page's byline carries for the basket
    "data-sorted",
}
MD = markdown.Markdown(extensions=["attr_list", "admonition", "tables", "toc"])


class Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.attrs: set[str] = set()
        self.hrefs: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attrs.update(k for k, _ in attrs)
        self.hrefs += [v or "" for k, v in attrs if k == "href"]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def html_of(page: str) -> tuple[dict, Collect]:
    body, meta = get_data(page)
    MD.reset()
    collect = Collect()
    collect.feed(MD.convert(body))
    return meta, collect


def squash(text: str) -> str:
    return " ".join(text.split())


text_values = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=80).filter(lambda t: t.strip())


def refused(value: str) -> bool:
    """Whether the validator refuses this value in a title (so it never reaches a page)."""
    entry = BibEntry(
        "doe2020x",
        "misc",
        (
            BibField("title", value, 2),
            BibField("author", "Doe, Jane", 3),
            BibField("year", "2020", 4),
            BibField("url", "https://example.org/", 5),
            BibField("added", "2026-11-24", 6),
            BibField("origin", "contributed", 7),
        ),
        "t.bib",
        1,
    )
    return any(d.code == "invisible" for d in check_entry(entry))


def hostile_paper(title: str, tldr: str, venue: str, name: str) -> Paper:
    base = SURVEY.papers["irving2018ai"]
    return Paper(
        key=base.key,
        entry_type="misc",
        title=squash(title),
        authors=(Author(squash(name), "", "Doe", ""),),
        year="2018",
        venue=squash(venue),
        venue_short=squash(venue),
        arxiv=base.arxiv,
        doi=None,
        url=base.url,
        code=None,
        tldr=squash(tldr),
        added="2026-11-24",
        origin="contributed",
        fields=base.fields,
        source_path=base.source_path,
        source_line=base.source_line,
    )


@given(title=text_values, tldr=text_values, venue=text_values, name=text_values)
def test_any_paper_text_renders_as_text(title: str, tldr: str, venue: str, name: str) -> None:
    if any(INVISIBLE.search(v) for v in (title, tldr, venue, name)):
        assert refused(title + tldr + venue + name)  # never reaches a page
        return
    paper = hostile_paper(title, tldr, venue, name)
    meta, html = html_of(pages.paper_page(SURVEY, paper, SITE))
    assert meta["title"] == h(squash(title))  # front matter survives, escaped for Material's raw use
    assert html.tags <= ALLOWED_TAGS, html.tags - ALLOWED_TAGS
    assert html.attrs <= ALLOWED_ATTRS, html.attrs - ALLOWED_ATTRS
    assert all(href.startswith(("https://", "http://", "../", "#", "./")) for href in html.hrefs)
    text = squash("".join(html.text))
    assert squash(title) in text and squash(tldr) in text


@given(title=text_values, summary=st.text(min_size=1, max_size=200))
def test_any_topic_text_renders_as_text(title: str, summary: str) -> None:
    if INVISIBLE.search(title + summary):
        assert refused(title + summary)
        return
    node = SURVEY.nodes["debate"]
    hostile = Node(**{**node.__dict__, "title": squash(title), "summary": summary})
    nodes = dict(SURVEY.nodes)
    nodes["debate"] = hostile
    survey = type(SURVEY)(**{**SURVEY.__dict__, "nodes": nodes})
    meta, html = html_of(pages.topic_page(survey, hostile, SITE))
    assert meta["title"] == h(squash(title))
    assert html.tags <= ALLOWED_TAGS | {"h3", "h4", "h5", "h6", "hr", "blockquote", "br"}, html.tags
    assert html.attrs <= ALLOWED_ATTRS, html.attrs - ALLOWED_ATTRS
    assert all(not href.lower().lstrip().startswith(("javascript:", "data:", "vbscript:", "//")) for href in html.hrefs)
    assert squash(title) in squash("".join(html.text))


@given(text=text_values)
def test_markdown_inline_escape_keeps_text(text: str) -> None:
    if INVISIBLE.search(text):
        assert refused(text)
        return
    MD.reset()
    collect = Collect()
    collect.feed(MD.convert("# " + md_inline(text) + " {#x}"))
    assert collect.tags == {"h1"} and collect.attrs == {"id"}
    assert squash("".join(collect.text)) == squash(text)


@given(title=text_values, tldr=text_values)
def test_feed_and_json_round_trip_any_text(title: str, tldr: str) -> None:
    paper = hostile_paper(title, tldr, "Venue", "Ann")
    printable = all(c in "\t\n\r" or ord(c) >= 0x20 for c in title + tldr) and not any(
        0xFFFE <= ord(c) <= 0xFFFF for c in title + tldr
    )
    if printable:  # XML 1.0 cannot carry control characters; the validator refuses them in data
        xml = feeds.atom_feed(SURVEY, SITE, [paper], "feeds/x.xml", "t", "")
        entry = ET.fromstring(xml.encode()).find("{http://www.w3.org/2005/Atom}entry")
        assert entry is not None and entry.findtext("{http://www.w3.org/2005/Atom}title") == squash(title)
    record = json.loads(json.dumps(exports.paper_record(SURVEY, paper)))
    assert record["title"] == squash(title) and record["tldr"] == squash(tldr)


@given(value=st.text(max_size=60))
def test_any_field_value_is_read_or_refused_never_lost(value: str) -> None:
    entry = "@misc{doe2020x,\n  title = {" + value + "},\n  author = {Doe, Jane},\n  year = {2020},\n}\n"
    entries, problems = parse_bib(entry.encode("utf-8"), "t.bib")
    if problems:
        assert all(p.path == "t.bib" and p.line >= 1 and p.message for p in problems)
    else:  # read back exactly as written: nothing trimmed, nothing decoded, nothing lost
        assert len(entries) == 1 and entries[0].get("title") == value and entries[0].get("author") == "Doe, Jane"


# Name lists written with the characters that steer BibTeX's name rules: cases, commas,
# its whitespace and other whitespace, apostrophes, `and`, ties, braces and an escape.
NAME_PIECES = st.sampled_from(
    [
        "Smith",
        "van",
        "der",
        "'t",
        "de",
        "Le",
        "Émile",
        "émile",
        "李",
        "O'Neil",
        "3M",
        "Jr",
        ",",
        ", ",
        " ",
        "  ",
        "\t",
        "\n",
        "\u00a0",
        " and ",
        " AND ",
        "and",
        " others",
        "~",
        "{",
        "}",
        "{\\'e}",
        '\\"o',
        "\\",
        "\\ ",
        '{\\"O}',
        "{\\c{c}}",
        "{van}",
        "{Barnes and Noble}",
        "{a,b}",
        "\\{",
        "--",
        ".",
    ]
)


@given(st.lists(NAME_PIECES, min_size=1, max_size=12).map("".join))
def test_name_lists_read_as_bibtexparser_reads_them(names: str) -> None:
    from bibtexparser.middlewares.names import InvalidNameError

    from survey_site.decode import parse_authors

    try:
        ours: tuple[Author, ...] | str = parse_authors(names)
    except InvalidNameError:
        ours = "refused"
    try:
        theirs: tuple[Author, ...] | str = bibtexparser_names(names)
    except InvalidNameError:
        theirs = "refused"
    assert ours == theirs
