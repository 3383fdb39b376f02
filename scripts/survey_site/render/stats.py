"""The stats page and the downloads page."""

from __future__ import annotations

from collections import Counter

from ..model import Survey
from .charts import bar_chart, stacked_bar_chart
from .escape import h
from .pages import front_matter
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
    out = [
        front_matter(title="Statistics", description="Papers per year, per chapter and per venue."),
        "# Statistics {#top}",
        "",
        f"<p>{len(papers)} papers in {len(survey.nodes)} topics; data version {h(survey.meta.data_version)}."
        + (f" {undated} web posts carry no confirmed year and are left out of the first chart." if undated else "")
        + "</p>",
        "",
        "## Papers per year {#per-year}",
        "",
        stacked_bar_chart(
            "chart-years",
            "Papers per year",
            "Papers in the corpus by year of the cited version, "
            "split into works the survey cites and works this site added since.",
            series,
            per_year,
        ),
        "",
        "## Papers per chapter {#per-chapter}",
        "",
        stacked_bar_chart(
            "chart-chapters",
            "Papers per chapter",
            "Papers under each chapter of the survey, subtopics included, "
            "split by origin; a paper listed in two chapters counts in both.",
            series,
            per_chapter,
        ),
        "",
        "## Top venues {#venues}",
        "",
        bar_chart(
            "chart-venues",
            "Top venues",
            f"The {len(top_venues)} most frequent venues; arXiv means an arXiv-only preprint, "
            "Web a blog or forum post.",
            top_venues,
        ),
        "",
    ]
    return "\n".join(out)


def downloads_page(survey: Survey) -> str:
    url = "downloads/"
    out = [
        front_matter(title="Downloads", description="The corpus as BibTeX, CSL-JSON and JSON."),
        "# Downloads {#top}",
        "",
        "<p>Everything on this site as data. BibTeX and CSL-JSON leave out this site's own fields "
        "(<code>tldr</code>, <code>code</code>, <code>added</code>, <code>origin</code>); <code>papers.json</code> keeps them.</p>",
        "",
        "## The whole corpus {#corpus}",
        "",
        "<ul>",
        f'<li><a href="corpus.bib" download>corpus.bib</a>: BibTeX, {len(survey.papers)} entries.</li>',
        '<li><a href="corpus.csl.json" download>corpus.csl.json</a>: CSL-JSON, for Zotero, Pandoc and citeproc.</li>',
        '<li><a href="papers.json" download>papers.json</a>: every paper with its topics, TL;DR and provenance; '
        'its schema is <a href="papers.schema.json">papers.schema.json</a> (JSON Schema 2020-12).</li>',
        f'<li><a href="{h(rel(url, "feeds/all.atom.xml"))}">Atom feed</a> of new papers.</li>',
        "</ul>",
        "",
        "## By topic {#topics}",
        "",
        '<table><thead><tr><th scope="col">Topic</th><th scope="col">Papers</th><th scope="col">Files</th></tr></thead><tbody>',
    ]
    for node in survey.nodes.values():
        count = len(survey.subtree_papers(node.id))
        out.append(
            f'<tr><td>{"&emsp;" * node.depth}<a href="{h(rel(url, topic_url(node.id)))}">{h(node.title)}</a></td><td>{count}</td>'
            f'<td><a href="topics/{h(node.id)}.bib" download>.bib</a> · <a href="topics/{h(node.id)}.csl.json" download>CSL-JSON</a> · '
            f'<a href="{h(rel(url, f"feeds/topics/{node.id}.atom.xml"))}">Atom</a></td></tr>'
        )
    out += ["</tbody></table>", ""]
    return "\n".join(out)
