"""Pure functions from the model to `{relative path: text}`. No I/O, no clock."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from .. import authors
from ..model import SiteConfig, Survey
from . import pages
from .author_pages import author_page, authors_index_page
from .browse import browse_page
from .escape import h
from .exports import export_files
from .feeds import feed_files
from .redirects import redirect_page
from .stats import downloads_page, stats_page
from .urls import author_source, author_url, paper_source, paper_url, topic_source, topic_url

NAV_FILE = ".site-nav.json"
# Pages made from all the data at once (no one source file to edit), with the URLs they publish.
WHOLE_DATA_PAGES = {
    "index.md": "/",
    "topics/index.md": "/topics/",
    "browse.md": "/browse/",
    "stats.md": "/stats/",
    "downloads/index.md": "/downloads/",
    "papers/index.md": "/papers/",
    "authors/index.md": "/authors/",
}


def render_site(
    survey: Survey, site: SiteConfig, changelog: str = "", references: Mapping[str, Mapping[str, str]] | None = None
) -> dict[str, str]:
    """Every generated file. `references` holds formatted citations per key (see references.py)."""
    references = references or {}
    files: dict[str, str] = {
        "changelog.md": pages.changelog_page(changelog),
        "index.md": pages.home_page(survey),
        "topics/index.md": pages.topics_index_page(survey),
        "browse.md": browse_page(survey),
        "stats.md": stats_page(survey),
        "downloads/index.md": downloads_page(survey),
    }
    files.update(export_files(survey))
    # For the MkDocs hook (a dotfile, so MkDocs does not publish it): it can wire the nav
    # even when a no-change build skipped loading the data.
    files[NAV_FILE] = (
        json.dumps({"nav": nav(survey), "data_version": survey.meta.data_version}, ensure_ascii=False, indent=1) + "\n"
    )
    files.update(feed_files(survey, site))
    # What a paper shows on its own page and in every topic that lists it, made once.
    cards = {key: pages.paper_card(paper) for key, paper in survey.papers.items()}
    files["papers/index.md"] = pages.papers_index_page(survey, cards)
    for node in survey.nodes.values():
        files[topic_source(node.id)] = pages.topic_page(survey, node, site, cards)
    related = pages.related_map(survey)
    for paper in survey.papers.values():
        files[paper_source(paper.key)] = pages.paper_page(
            survey, paper, site, references.get(paper.key, {}), related[paper.key], cards[paper.key]
        )
    people = authors.people(survey.papers.values())
    files["authors/index.md"] = authors_index_page(survey, people)
    for person in people.values():
        files[author_source(person.slug)] = author_page(survey, person, people, cards)
    for old, live in survey.author_aliases.items():
        files[f"authors/{old}/index.html"] = redirect_page(
            author_url(old), author_url(live), people[live].name, site.url
        )
    for old, live in survey.aliases.items():
        files[f"topics/{old}/index.html"] = redirect_page(
            topic_url(old), topic_url(live), survey.nodes[live].title, site.url
        )
    for old, live in survey.key_aliases.items():
        files[f"papers/{old}/index.html"] = redirect_page(
            paper_url(old), paper_url(live), survey.papers[live].title, site.url
        )
    return files


def nav(survey: Survey) -> list[dict[str, Any]]:
    """MkDocs `nav` for the taxonomy: a section per node with children, its page as the index."""

    def entry(node_id: str) -> dict[str, Any]:
        node = survey.nodes[node_id]
        title = h(node.title)  # MkDocs renders nav titles as HTML
        if not node.children:
            return {title: topic_source(node_id)}
        return {title: [topic_source(node_id), *[entry(c) for c in node.children]]}

    return [{"Topics": ["topics/index.md", *[entry(root) for root in survey.roots]]}]
