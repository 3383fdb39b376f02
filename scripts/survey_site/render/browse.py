"""The browse page: every paper in one table, filterable by text and facets.

The table is plain HTML, so reading works without JavaScript; site.js adds the
filter form and keeps its state in the URL query (`?q=&from=&to=&venue=&topic=&origin=`).
"""

from __future__ import annotations

from collections import Counter

from ..model import Survey
from .escape import h
from .pages import authors_text, front_matter
from .urls import paper_url, rel, topic_url

URL = "browse/"
SINCE_BADGE = ' <span class="sv-badge" title="Added by this site; not cited by the survey">since the survey</span>'


def _facet_options(values: list[tuple[str, str]]) -> str:
    return "".join(f'<option value="{h(v)}">{h(label)}</option>' for v, label in values)


def browse_page(survey: Survey) -> str:
    papers = list(survey.papers.values())
    years = sorted({p.year for p in papers if p.year})
    venues = Counter(p.venue_short for p in papers if p.venue_short)
    origins = Counter(p.origin for p in papers)
    out = [
        front_matter(
            title="Browse papers", description=f"All {len(papers)} papers of the survey companion, with filters."
        ),
        "# Browse papers {#top}",
        "",
        f'<p class="sv-browse-intro">{len(papers)} papers: {origins["survey-v1"]} cited by the survey and '
        f"{origins['contributed']} added since, marked “since the survey”. Filter by words in the title, an author, an arXiv id, "
        "or by year, venue, topic and origin; the address bar keeps the filter, so a filtered view can be shared.</p>",
        "",
        '<form class="sv-filters" id="sv-filters" hidden>',
        '<label>Search <input type="search" name="q" placeholder="title, author, arXiv id" autocomplete="off"></label>',
        f'<label>From <select name="from"><option value="">any</option>{_facet_options([(y, y) for y in years])}</select></label>',
        f'<label>To <select name="to"><option value="">any</option>{_facet_options([(y, y) for y in years])}</select></label>',
        '<label>Venue <select name="venue"><option value="">any</option>'
        + _facet_options([(v, f"{v} ({n})") for v, n in sorted(venues.items(), key=lambda kv: (-kv[1], kv[0]))])
        + "</select></label>",
        '<label>Topic <select name="topic"><option value="">any</option>'
        + _facet_options([(n.id, "\u2002" * n.depth + n.title) for n in survey.nodes.values()])
        + "</select></label>",
        '<label>Origin <select name="origin"><option value="">any</option>'
        f'<option value="survey-v1">cited by the survey ({origins["survey-v1"]})</option>'
        f'<option value="contributed">added since ({origins["contributed"]})</option></select></label>',
        '<button type="reset">Clear</button>',
        '<output name="count" aria-live="polite"></output>',
        "</form>",
        "",
        '<div class="sv-table-wrap">',  # scrolls sideways on a phone instead of spilling over the page
        '<table class="sv-browse" id="sv-browse" data-search-exclude>',  # search finds the paper pages instead
        '<thead><tr><th scope="col">Title</th><th scope="col">Authors</th><th scope="col">Year</th>'
        '<th scope="col">Venue</th><th scope="col">Topics</th></tr></thead>',
        "<tbody>",
    ]
    for paper in papers:
        topics = survey.topics_of.get(paper.key, ())
        lineage = sorted({a.id for t in topics for a in survey.breadcrumb(t)})
        # Searchable text the row does not show (the visible cells are searched too, by site.js).
        hidden = [a.family for a in paper.authors[3:] if a.last != "others"] + [
            paper.arxiv or "",
            paper.doi or "",
            paper.key,
            paper.venue,
        ]
        text = " ".join(x for x in hidden if x).lower()
        links = ", ".join(f'<a href="{h(rel(URL, topic_url(t)))}">{h(survey.nodes[t].title)}</a>' for t in topics)
        out.append(
            f'<tr data-year="{h(paper.year)}" data-venue="{h(paper.venue_short)}" data-topics="{h(" ".join(lineage))}" '
            f'data-origin="{h(paper.origin)}" data-text="{h(text)}">'
            f'<td><a href="{h(rel(URL, paper_url(paper.key)))}">{h(paper.title)}</a>{SINCE_BADGE if paper.origin != "survey-v1" else ""}</td>'
            f"<td>{h(authors_text(paper.authors, 4))}</td><td>{h(paper.year)}</td><td>{h(paper.venue_short)}</td><td>{links}</td></tr>"
        )
    out += ["</tbody>", "</table>", "</div>", ""]
    return "\n".join(out)
