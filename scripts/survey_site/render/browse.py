"""The browse page: every paper in one table, filterable by text and facets.

The table is plain HTML, so reading works without JavaScript; site.js adds the
filter form and keeps its state in the URL query (`?text=&from=&to=&venue=&topic=&origin=`).
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from functools import partial

from markupsafe import Markup

from ..model import Paper, Survey
from .memo import Memo, make_now
from .pages import authors_html, front_matter
from .templating import render, safe
from .urls import paper_url, rel, topic_url

URL = "browse/"


@dataclasses.dataclass(frozen=True)
class BrowseRow:
    paper: Paper
    href: str
    authors: Markup  # linked names
    lineage: str  # every topic the paper is under, ancestors included (for the topic facet)
    text: str  # searchable text the row does not show (the visible cells are searched too, by site.js)
    topics: tuple[tuple[str, str], ...]  # (href, title) of the topics that list it


def browse_row(survey: Survey, paper: Paper) -> BrowseRow:
    topics = survey.topics_of.get(paper.key, ())
    hidden = [a.family for a in paper.authors[3:] if a.is_person]
    hidden += [paper.arxiv or "", paper.doi or "", paper.key, paper.venue, paper.tldr or ""]
    return BrowseRow(
        paper=paper,
        href=rel(URL, paper_url(paper.key)),
        authors=authors_html(paper.authors, 4, "../"),
        lineage=" ".join(sorted({a.id for t in topics for a in survey.breadcrumb(t)})),
        text=" ".join(x for x in hidden if x).lower(),
        topics=tuple((rel(URL, topic_url(t)), survey.nodes[t].title) for t in topics),
    )


def _browse_row_inputs(survey: Survey, paper: Paper) -> tuple[object, ...]:
    topics = survey.topics_of.get(paper.key, ())
    return (
        "browse row",
        paper,
        tuple((t, tuple(a.id for a in survey.breadcrumb(t)), survey.nodes[t].title) for t in topics),
    )


def browse_page(survey: Survey, kept: Memo = make_now) -> str:
    """`kept`: see memo.py (a row is made again only when its paper or topics changed)."""
    papers = list(survey.papers.values())
    venues = Counter(p.venue_short for p in papers if p.venue_short)
    origins = Counter(p.origin for p in papers)
    return render(
        "browse.md",
        front_matter=safe(
            front_matter(
                title="Browse papers", description=f"All {len(papers)} papers of the survey companion, with filters."
            )
        ),
        total=len(papers),
        cited=origins["survey-v1"],
        since=origins["contributed"],
        years=sorted({p.year for p in papers if p.year}),
        # Venues shared by several papers by count; the long tail of one-off venues apart, alphabetically.
        venues=sorted(((v, n) for v, n in venues.items() if n > 1), key=lambda kv: (-kv[1], kv[0])),
        single_venues=sorted(v for v, n in venues.items() if n == 1),
        nodes=list(survey.nodes.values()),
        indent="\u2002",
        rows=[kept(_browse_row_inputs(survey, p), partial(browse_row, survey, p)) for p in papers],
    )
