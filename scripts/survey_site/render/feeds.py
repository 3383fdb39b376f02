"""Atom feeds of works by the date they joined the site, with the citation key as stable id."""

from __future__ import annotations

import datetime
from functools import partial

from feedgen.feed import FeedGenerator

from ..model import Paper, SiteConfig, Survey
from .memo import Memo, make_now
from .pages import venue_line
from .urls import paper_url, topic_url

FEED_SIZE = 50  # the site-wide feed
TOPIC_FEED_SIZE = 20  # per topic: a topic grows slowly, and 500 topic feeds of 50 cost seconds


ORIGIN_LABELS = {"survey-v1": "Cited by the survey", "contributed": "Added since the survey"}
SINCE_FEED = "feeds/since-survey.atom.xml"


def _date(iso: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(iso).replace(tzinfo=datetime.UTC)


def atom_feed(
    survey: Survey,
    site: SiteConfig,
    papers: list[Paper],
    feed_path: str,
    title: str,
    page_url: str,
    size: int = FEED_SIZE,
) -> str:
    newest = _newest(papers, size)
    fg = FeedGenerator()
    fg.id(site.url + feed_path)
    fg.title(title)
    fg.subtitle(f"Works added to the companion site of {survey.meta.title}")
    fg.link(href=site.url + page_url, rel="alternate")
    fg.link(href=site.url + feed_path, rel="self")
    fg.language("en")
    # Dates come from the data, never the clock: the feed changes only when the data does.
    fg.updated(_date(max((p.added for p in papers), default=survey.meta.data_version)))
    fg.generator("survey-site")
    for paper in newest:
        entry = fg.add_entry(order="append")
        entry.id(site.url + paper_url(paper.key))
        entry.title(paper.title)
        entry.link(href=site.url + paper_url(paper.key))
        entry.updated(_date(paper.added))
        entry.published(_date(paper.added))
        for author in [a for a in paper.authors if a.is_person][:8]:  # enough to recognise the work
            entry.author(name=author.display)
        entry.category(term=paper.origin, label=ORIGIN_LABELS.get(paper.origin, paper.origin))
        summary = f"{venue_line(paper)}. {paper.tldr or ''}".strip()
        entry.summary(summary)
    return bytes(fg.atom_str(pretty=True)).decode("utf-8")


def _newest(papers: list[Paper], size: int) -> list[Paper]:
    return sorted(papers, key=lambda p: (p.added, p.key), reverse=True)[:size]


def feed_files(survey: Survey, site: SiteConfig, kept: Memo = make_now) -> dict[str, str]:
    def feed(papers: list[Paper], path: str, title: str, page_url: str, size: int = FEED_SIZE) -> str:
        # A feed shows only its newest papers (and dates itself by the newest): those are its inputs.
        newest = _newest(papers, size)
        inputs = ("feed", site, survey.meta, path, title, page_url, size, tuple(newest))
        return kept(inputs, partial(atom_feed, survey, site, newest, path, title, page_url, size))

    files = {
        "feeds/all.atom.xml": feed(list(survey.papers.values()), "feeds/all.atom.xml", f"{site.name}: new papers", "")
    }
    files[SINCE_FEED] = feed(
        [p for p in survey.papers.values() if p.origin != "survey-v1"],
        SINCE_FEED,
        f"{site.name}: works since the survey",
        "browse/",
    )
    for node in survey.nodes.values():
        papers = [survey.papers[k] for k in survey.subtree_papers(node.id)]
        path = f"feeds/topics/{node.id}.atom.xml"
        files[path] = feed(papers, path, f"{site.name}: {node.title}", topic_url(node.id), TOPIC_FEED_SIZE)
    return files
