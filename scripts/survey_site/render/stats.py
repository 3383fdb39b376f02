"""The stats page and the downloads page."""

from __future__ import annotations

from collections import Counter
from urllib.parse import quote

from ..model import Survey
from .charts import bar_chart, stacked_bar_chart
from .pages import front_matter
from .templating import render, safe
from .urls import rel, topic_url


def stats_page(survey: Survey) -> str:
    papers = list(survey.papers.values())
    cited_year = Counter(p.year for p in papers if p.year and p.origin == "survey-v1")
    since_year = Counter(p.year for p in papers if p.year and p.origin != "survey-v1")
    per_year = [(y, cited_year[y], since_year[y]) for y in sorted(cited_year.keys() | since_year.keys())]
    per_chapter = []
    for root in survey.roots:
        keys = survey.subtree_papers(root)
        cited = sum(1 for k in keys if survey.papers[k].origin == "survey-v1")
        per_chapter.append((survey.nodes[root].title, cited, len(keys) - cited))
    series = ("Cited by the survey", "Added since")
    venues = Counter(p.venue_short for p in papers if p.venue_short)
    top_venues = sorted(venues.items(), key=lambda kv: (-kv[1], kv[0]))[:15]
    undated = sum(1 for p in papers if not p.year)
    # Each bar opens Browse filtered to what it counts.
    browse = rel("stats/", "browse/")
    year_links = [f"{browse}?from={y}&to={y}" for y, _, _ in per_year]
    chapter_links = [f"{browse}?topic={quote(r)}" for r in survey.roots]
    venue_links = [f"{browse}?venue={quote(v)}" for v, _ in top_venues]
    return render(
        "stats.md",
        front_matter=safe(front_matter(title="Statistics", description="Papers per year, per chapter and per venue.")),
        papers=len(papers),
        topics=len(survey.nodes),
        data_version=survey.meta.data_version,
        undated=undated,
        per_year=safe(
            stacked_bar_chart(
                "chart-years",
                "Papers per year",
                "Papers in the corpus by year of the cited version, "
                "split into works the survey cites and works this site added since.",
                series,
                per_year,
                year_links,
            )
        ),
        per_chapter=safe(
            stacked_bar_chart(
                "chart-chapters",
                "Papers per chapter",
                "Papers under each chapter of the survey, subtopics included, "
                "split by origin; a paper listed in two chapters counts in both.",
                series,
                per_chapter,
                chapter_links,
            )
        ),
        venues=safe(
            bar_chart(
                "chart-venues",
                "Top venues",
                f"The {len(top_venues)} most frequent venues; arXiv means an arXiv-only preprint, "
                "Web a blog or forum post.",
                top_venues,
                venue_links,
            )
        ),
    )


def downloads_page(survey: Survey) -> str:
    url = "downloads/"
    return render(
        "downloads.md",
        front_matter=safe(front_matter(title="Downloads", description="The corpus as BibTeX, CSL-JSON and JSON.")),
        papers=len(survey.papers),
        feed=rel(url, "feeds/all.atom.xml"),
        nodes=[
            (n, rel(url, topic_url(n.id)), len(survey.subtree_papers(n.id)), rel(url, f"feeds/topics/{n.id}.atom.xml"))
            for n in survey.nodes.values()
        ],
        indent=safe("&emsp;"),
    )
