"""Pure functions from the model to `{relative path: text}`. No I/O, no clock."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any, TypeVar

from .. import authors
from ..authors import Person
from ..model import Node, Paper, SiteConfig, Survey
from . import pages
from .author_pages import author_page, authors_index_page
from .browse import browse_page
from .escape import h
from .exports import export_files
from .feeds import feed_files
from .redirects import redirect_page
from .related import RelatedIndex, related_map
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
    survey: Survey,
    site: SiteConfig,
    changelog: str = "",
    references: Mapping[str, Mapping[str, str]] | None = None,
    *,
    reuse: bool = False,
) -> dict[str, str]:
    """Every generated file. `references` holds formatted citations per key (see references.py).

    With `reuse` (`make serve`), pages and parts whose inputs are those of the last render in this
    process are handed back from it instead of being made again (see memo.py); the output is the same.
    """
    references = references or {}
    previous: dict[tuple[object, ...], Any] = _KEPT.copy() if reuse else {}
    made: dict[tuple[object, ...], Any] | None = {} if reuse else None
    _KEPT.clear()

    def kept(inputs: tuple[object, ...], make: Callable[[], T]) -> T:
        part: T | None = previous.get(inputs)
        if part is None:
            part = make()
        if made is not None:
            made[inputs] = part
        return part

    # What a paper shows on its own page and in every list that shows it, made once.
    cards = {key: kept(("card", paper), partial(pages.paper_card, paper)) for key, paper in survey.papers.items()}
    files: dict[str, str] = {
        "changelog.md": pages.changelog_page(changelog),
        "index.md": pages.home_page(survey),
        "topics/index.md": pages.topics_index_page(survey),
        "browse.md": browse_page(survey, kept),
        "stats.md": stats_page(survey),
        "downloads/index.md": downloads_page(survey),
    }
    files.update(export_files(survey, {key: card.bibtex for key, card in cards.items()}, kept))
    # For the MkDocs hook (a dotfile, so MkDocs does not publish it): it can wire the nav
    # even when a no-change build skipped loading the data.
    files[NAV_FILE] = (
        json.dumps({"nav": nav(survey), "data_version": survey.meta.data_version}, ensure_ascii=False, indent=1) + "\n"
    )
    files.update(feed_files(survey, site, kept))
    files["papers/index.md"] = pages.papers_index_page(survey, cards, kept)
    retired: dict[str, tuple[str, ...]] = {}
    for old, live in sorted(survey.key_aliases.items()):
        retired[live] = (*retired.get(live, ()), old)
    for node in survey.nodes.values():
        files[topic_source(node.id)] = kept(
            _topic_page_inputs(survey, node, site, retired), partial(pages.topic_page, survey, node, site, cards)
        )
    # Papers to read next: under `make serve`, scored again only where the changes reach.
    related, index = related_map(survey, _RELATED[0] if reuse and _RELATED else None)
    _RELATED[:] = [index] if reuse else []
    for paper in survey.papers.values():
        mine, picks = references.get(paper.key, {}), related[paper.key]
        files[paper_source(paper.key)] = kept(
            _paper_page_inputs(survey, paper, site, mine, picks),
            partial(pages.paper_page, survey, paper, site, mine, picks, cards[paper.key]),
        )
    # Who wrote what changes with a few saves only (a title edit leaves it as it was).
    authors_of = ("authors", tuple((p.key, p.authors) for p in survey.papers.values()))
    people = kept((*authors_of, "people"), partial(authors.people, survey.papers.values()))
    shared = kept((*authors_of, "co-authors"), partial(authors.coauthor_counts, survey.papers.values()))
    files["authors/index.md"] = authors_index_page(survey, people)
    topic_titles = {
        key: tuple((t, survey.nodes[t].title) for t in survey.topics_of.get(key, ())) for key in survey.papers
    }
    # Each person's co-authors as their page shows them (in a page's inputs), made once as well.
    coauthors = kept((*authors_of, "co-author rows"), partial(_coauthor_rows, people, shared))
    for person in people.values():
        files[author_source(person.slug)] = kept(
            _author_page_inputs(survey, person, coauthors[person.slug], topic_titles),
            partial(author_page, survey, person, people, cards, shared[person.slug]),
        )
    for old, live in survey.author_aliases.items():
        files[f"authors/{old}/index.html"] = redirect_page(
            author_url(old), author_url(live), people[live].name, site.url
        )
    _KEPT.update(made or {})
    for old, live in survey.aliases.items():
        files[f"topics/{old}/index.html"] = redirect_page(
            topic_url(old), topic_url(live), survey.nodes[live].title, site.url
        )
    for old, live in survey.key_aliases.items():
        files[f"papers/{old}/index.html"] = redirect_page(
            paper_url(old), paper_url(live), survey.papers[live].title, site.url
        )
    return files


# What the last render with `reuse` made, by everything each part is made from (see memo.py):
# topic, paper and author pages, paper cards, feeds, and each paper's rows in the lists
# and downloads of the whole corpus. The output is the same
# (tests/test_render_memo.py). A build without `reuse` keeps nothing.
_KEPT: dict[tuple[object, ...], object] = {}
_RELATED: list[RelatedIndex] = []  # the last render's related-papers index, with `reuse`
T = TypeVar("T")


def has_kept() -> bool:
    """Whether a render with `reuse` has run in this process (and the next one can reuse it)."""
    return bool(_KEPT)


def _topic_page_inputs(
    survey: Survey, node: Node, site: SiteConfig, retired: Mapping[str, tuple[str, ...]]
) -> tuple[object, ...]:
    subtree = survey.subtree_papers(node.id)
    return (
        "topic",
        node,
        site,
        survey.meta,
        tuple((survey.papers[k], retired.get(k)) for k in node.papers),
        tuple((survey.nodes[c], len(survey.subtree_papers(c))) for c in node.children),
        len(subtree),
        sum(1 for k in subtree if survey.papers[k].origin != "survey-v1"),
        tuple((a.id, a.title) for a in survey.breadcrumb(node.id)),
    )


def _paper_page_inputs(
    survey: Survey,
    paper: Paper,
    site: SiteConfig,
    references: Mapping[str, str],
    related: list[tuple[Paper, list[str]]],
) -> tuple[object, ...]:
    checked = survey.evidence.get(paper.key)
    return (
        "paper",
        paper,
        site,
        survey.meta,
        tuple(sorted(references.items())),
        tuple((other.key, other.title, pages.venue_line(other), tuple(why)) for other, why in related),
        tuple((t, tuple(n.title for n in survey.breadcrumb(t))) for t in survey.topics_of.get(paper.key, ())),
        (checked.checked, checked.evidence) if checked else None,
    )


def nav(survey: Survey) -> list[dict[str, Any]]:
    """MkDocs `nav` for the taxonomy: a section per node with children, its page as the index."""

    def entry(node_id: str) -> dict[str, Any]:
        node = survey.nodes[node_id]
        title = h(node.title)  # MkDocs renders nav titles as HTML
        if not node.children:
            return {title: topic_source(node_id)}
        return {title: [topic_source(node_id), *[entry(c) for c in node.children]]}

    return [{"Topics": ["topics/index.md", *[entry(root) for root in survey.roots]]}]


def _coauthor_rows(
    people: Mapping[str, Person], shared: Mapping[str, Mapping[str, int]]
) -> dict[str, tuple[tuple[str, int, str, str], ...]]:
    """Per person: (slug, papers together, name, family name) of each co-author, sorted."""
    return {
        slug: tuple(sorted((c, n, people[c].name, people[c].family) for c, n in counts.items()))
        for slug, counts in shared.items()
    }


def _author_page_inputs(
    survey: Survey,
    person: Person,
    coauthors: tuple[tuple[str, int, str, str], ...],
    topic_titles: Mapping[str, tuple[tuple[str, str], ...]],
) -> tuple[object, ...]:
    return (
        "author",
        person,
        tuple(survey.papers[k] for k in person.papers),
        tuple(topic_titles[k] for k in person.papers),
        coauthors,
    )
