"""Metadata for reference managers and crawlers on every paper page.

Highwire Press `citation_*` tags (what Zotero's and Google Scholar's importers read), a
schema.org `ScholarlyArticle` in JSON-LD, and OpenGraph. Values are plain text here; the
page head (docs/overrides/main.html) escapes them for the attribute they land in, and the
JSON-LD is encoded so that it cannot end its `<script>` element.
"""

from __future__ import annotations

import json
from typing import Any

from ..model import Paper, SiteConfig
from ..text import latex_to_text as latex_free
from .urls import paper_url


def highwire_tags(paper: Paper, site: SiteConfig) -> list[tuple[str, str]]:
    """(name, content) pairs, in the order Google Scholar's inclusion guidelines list them."""
    tags = [("citation_title", paper.title)]
    tags += [("citation_author", author.display) for author in paper.authors if author.is_person]
    if paper.year:
        tags.append(("citation_publication_date", paper.year))
    journal, booktitle = paper.field("journal"), paper.field("booktitle")
    if journal:
        tags.append(("citation_journal_title", latex_free(journal)))
    elif booktitle:
        tags.append(("citation_conference_title", latex_free(booktitle)))
    for name, tag in (("volume", "citation_volume"), ("number", "citation_issue"), ("publisher", "citation_publisher")):
        value = paper.field(name)
        if value:
            tags.append((tag, latex_free(value)))
    pages = paper.field("pages")
    if pages and "--" in pages:
        first, _, last = pages.partition("--")
        tags += [("citation_firstpage", first.strip()), ("citation_lastpage", last.strip())]
    if paper.doi:
        tags.append(("citation_doi", paper.doi))
    if paper.arxiv:
        tags.append(("citation_arxiv_id", paper.arxiv))
    if paper.pdf_url:
        tags.append(("citation_pdf_url", paper.pdf_url))
    tags.append(("citation_abstract_html_url", site.url + paper_url(paper.key)))
    return tags


def opengraph_tags(paper: Paper, site: SiteConfig) -> list[tuple[str, str]]:
    tags = [
        ("og:type", "article"),
        ("og:title", paper.title),
        ("og:url", site.url + paper_url(paper.key)),
        ("og:site_name", site.name),
    ]
    if paper.tldr:
        tags.append(("og:description", paper.tldr))
    return tags


def json_ld(paper: Paper, site: SiteConfig) -> str:
    """A schema.org ScholarlyArticle, as JSON safe to place inside `<script type="application/ld+json">`."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "@id": site.url + paper_url(paper.key),
        "url": site.url + paper_url(paper.key),
        "name": paper.title,
        "headline": paper.title,
        "author": [{"@type": "Person", "name": a.display} for a in paper.authors if a.is_person],
    }
    if paper.year:
        data["datePublished"] = paper.year
    if paper.venue:
        data["isPartOf"] = {"@type": "PublicationIssue" if paper.field("journal") else "Event", "name": paper.venue}
    if paper.tldr:
        data["description"] = paper.tldr
    same_as = [u for u in (paper.arxiv_url, paper.doi_url) if u]
    if same_as:
        data["sameAs"] = same_as
    if paper.doi:
        data["identifier"] = {"@type": "PropertyValue", "propertyID": "DOI", "value": paper.doi}
    text = json.dumps(data, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    # `</script>`, `<!--` and `&` cannot appear: the HTML parser would read them before JSON does.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
