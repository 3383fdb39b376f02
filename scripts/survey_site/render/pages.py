"""Markdown pages: home, topics index, topic pages and paper pages. Pure functions.

Pages mix Markdown headings (so MkDocs builds the TOC and explicit anchors) with
raw HTML blocks for data-bearing parts; every data value is escaped for the
spot it lands in (`h` for HTML, `md_inline` for Markdown, `yaml_string` for
front matter), and links pass `safe_url`.
"""

from __future__ import annotations

import dataclasses
import functools
import json
from collections.abc import Iterable, Mapping

from markupsafe import Markup

from ..authors import author_slug
from ..model import Author, Node, Paper, SiteConfig, Survey, SurveyMeta
from ..text import latex_to_text
from .bibtex import format_entry, paper_bibtex
from .charts import taxonomy_svg
from .citation_meta import highwire_tags, json_ld, opengraph_tags
from .escape import h, md_inline, safe_url, summary_html, yaml_string
from .memo import Memo, make_now
from .related import RELATED_RULE
from .templating import render, safe
from .urls import author_url, paper_url, rel, topic_url

AUTHORS_IN_LISTS = 8


# Material puts these front-matter values into the HTML unescaped (<title>, the nav,
# <meta name="description" content="...">), so they are HTML-escaped here, once.
HTML_META = frozenset({"title", "description"})


def front_matter(**values: str | int | list[tuple[str, str]] | dict[str, bool | int]) -> str:
    lines = ["---"]
    for key, value in values.items():
        if isinstance(value, dict):  # Material's per-page settings, e.g. search: {exclude: true}
            pairs = ", ".join(f"{name}: {json.dumps(setting)}" for name, setting in value.items())
            lines.append(f"{key}: {{{pairs}}}")
        elif isinstance(value, int):
            lines.append(f"{key}: {value}")
        elif isinstance(value, list):  # (name, text) pairs, as a flow sequence of quoted strings
            pairs = ", ".join(f"[{yaml_string(a)}, {yaml_string(b)}]" for a, b in value)
            lines.append(f"{key}: [{pairs}]")
        else:
            lines.append(f"{key}: {yaml_string(h(value) if key in HTML_META else value)}")
    lines.append("---\n")
    return "\n".join(lines)


def authors_html(authors: Iterable[Author], limit: int | None, root: str) -> Markup:
    """ "A, B, … Z" with each name linked to its author page: at most `limit` names, the last
    author kept, "et al." for `and others`. `root` is the relative path to the site root."""
    authors = list(authors)
    names = []
    for author in authors:
        if author.is_person:
            slug = author_slug(author)
            shown = h(author.display)
            names.append(f'<a href="{root}{author_url(slug)}">{shown}</a>' if slug else shown)
    more = len(names) < len(authors)
    if limit is not None and len(names) > limit:
        listed = ", ".join(names[: limit - 1])
        return safe(f"{listed}, … {names[-1]}" if not more else f"{listed} et al.")
    text = ", ".join(names)
    return safe(text + " et al." if more else text)


def paper_links(paper: Paper) -> tuple[tuple[str, str], ...]:
    """(label, url) for every outbound link a paper has, in a fixed order."""
    links = []
    if paper.arxiv_url:
        links.append(("arXiv", paper.arxiv_url))
        links.append(("PDF", paper.pdf_url or ""))
    if paper.doi_url:
        links.append(("DOI", paper.doi_url))
    if paper.url and paper.url != paper.arxiv_url:
        links.append(("Web", paper.url))
    if paper.code:
        links.append(("Code", paper.code))
    return tuple((label, url) for label, url in links if safe_url(url))


def venue_line(paper: Paper) -> str:
    parts = [p for p in (paper.venue_short, paper.year) if p]
    return " ".join(parts)


def byline(paper: Paper) -> str:
    """ "Ouyang et al. · NeurIPS 2022": the line above a paper's title, and its search result's teaser."""
    families = [a.family for a in paper.authors if a.is_person]
    if len(families) > 2 or (families and len(families) < len(paper.authors)):
        who = f"{families[0]} et al."
    else:
        who = " and ".join(families)
    return " · ".join(part for part in (who, venue_line(paper)) if part)


@dataclasses.dataclass(frozen=True)
class PaperCard:
    """What several pages show of one paper, computed once per build (render_site makes them all)."""

    bibtex: str
    links: tuple[tuple[str, str], ...]
    venue: str
    # The short author line of lists, names linked, for a page two folders deep (topics/x/, authors/x/).
    list_authors_html: Markup


def paper_card(paper: Paper) -> PaperCard:
    return PaperCard(
        paper_bibtex(paper),
        paper_links(paper),
        venue_line(paper),
        authors_html(paper.authors, AUTHORS_IN_LISTS, "../../"),
    )


@dataclasses.dataclass(frozen=True)
class PaperItem:
    """What one entry of a topic's paper list shows (render/templates/paper_item.html)."""

    paper: Paper
    position: int
    old_keys: tuple[str, ...]
    href: str
    authors: Markup  # linked names
    venue: str  # "NeurIPS 2024"
    links: tuple[tuple[str, str], ...]  # (label, url), see paper_links
    bibtex: str
    topics: tuple[tuple[str, str], ...] = ()  # (href, title): shown where a list spans topics (author pages)


def paper_item_data(
    paper: Paper,
    from_url: str,
    position: int,
    old_keys: tuple[str, ...] = (),
    card: PaperCard | None = None,
    topics: tuple[tuple[str, str], ...] = (),
) -> PaperItem:
    card = card or paper_card(paper)
    depth = from_url.count("/")
    return PaperItem(
        paper,
        position,
        old_keys,
        rel(from_url, paper_url(paper.key)),
        card.list_authors_html if depth == 2 else authors_html(paper.authors, AUTHORS_IN_LISTS, "../" * depth),
        card.venue,
        card.links,
        card.bibtex,
        topics,
    )


def paper_item(paper: Paper, from_url: str, position: int, old_keys: tuple[str, ...] = ()) -> str:
    """One paper in a topic's list, as an HTML `<li>` carrying its own anchor (and its retired keys')."""
    return render("paper_item.html", item=paper_item_data(paper, from_url, position, old_keys))


def breadcrumb(survey: Survey, node: Node) -> str:
    url = topic_url(node.id)
    return render(
        "breadcrumb.html",
        home=rel(url, ""),
        topics=rel(url, "topics/"),
        ancestors=[(rel(url, topic_url(a.id)), a.title) for a in survey.breadcrumb(node.id)[:-1]],
        title=node.title,
    )


def section_label(survey: Survey, node: Node) -> str:
    """'§4' for a node with a confirmed section, else the chapter it sits in; nothing for a site's node."""
    if node.is_site_node:
        return ""
    if node.paper_section:
        return f"§{node.paper_section}"
    chapter = survey.nodes[node.chapter]
    if chapter.paper_section and chapter.id != node.id:
        return f"in §{chapter.paper_section} {chapter.title}"
    return ""


def survey_bibtex(survey: Survey) -> str:
    return _survey_bibtex(survey.meta)


@functools.lru_cache(maxsize=8)  # the same on every page
def _survey_bibtex(meta: SurveyMeta) -> str:
    return format_entry(
        "article",
        meta.citation_key,
        [
            ("title", meta.title),
            ("author", " and ".join(meta.authors)),
            ("journal", meta.journal),
            ("year", meta.year),
            ("eprint", meta.arxiv),
            ("archiveprefix", "arXiv"),
            ("url", meta.arxiv_url),
        ],
    )


def section_bibtex(survey: Survey, node: Node, site: SiteConfig) -> str:
    """A topic page is written by this site, so the site is its author; the survey is cited on its own.

    No access date here: the build is deterministic, so site.js adds `urldate` in the reader's browser.
    """
    meta = survey.meta
    where = f" (its Section {node.paper_section})" if node.paper_section else ""
    return format_entry(
        "misc",
        f"{meta.citation_key}:{node.id}",
        [
            ("title", f"{node.title} (topic page)"),
            ("author", f"{{{site.name}}}"),
            ("howpublished", f"{site.name}, a companion site to {_survey_reference(survey)}"),
            ("year", meta.data_version[:4]),
            ("url", site.url + topic_url(node.id)),
            (
                "note",
                f"Data version {meta.data_version}. Summary and paper list by the site; cite the survey{where} as well",
            ),
        ],
    )


def section_plain(survey: Survey, node: Node, site: SiteConfig) -> str:
    meta = survey.meta
    where = f" The survey treats it in Section {node.paper_section}." if node.paper_section else ""
    return (
        f"{site.name} ({meta.data_version[:4]}). {node.title} [topic page]. Companion site to "
        f"{_survey_reference(survey)}. Data version {meta.data_version}. {site.url + topic_url(node.id)}{where}"
    )


def _survey_reference(survey: Survey) -> str:
    """ "Shen et al. (2023), Large Language Model Alignment: A Survey, arXiv:2309.15025"."""
    meta = survey.meta
    first = meta.authors[0].partition(", ")[0] if meta.authors else ""
    who = f"{first} et al." if len(meta.authors) > 2 else " and ".join(a.partition(", ")[0] for a in meta.authors)
    return f"{who} ({meta.year}), {meta.title}, arXiv:{meta.arxiv}"


REFERENCE_STYLES = (("plain", "Plain (the BibTeX style)"), ("harvard", "Harvard (Cite Them Right)"))


def topic_page(survey: Survey, node: Node, site: SiteConfig, cards: Mapping[str, PaperCard] | None = None) -> str:
    url = topic_url(node.id)
    retired: dict[str, list[str]] = {}
    for old, live in sorted(survey.key_aliases.items()):
        retired.setdefault(live, []).append(old)
    cited = [k for k in node.papers if survey.papers[k].origin == "survey-v1"]
    since = [k for k in node.papers if survey.papers[k].origin != "survey-v1"]
    subtree = survey.subtree_papers(node.id)

    def items(keys: list[str]) -> list[PaperItem]:
        return [
            paper_item_data(survey.papers[k], url, i, tuple(retired.get(k, ())), cards.get(k) if cards else None)
            for i, k in enumerate(keys)
        ]

    return render(
        "topic.md",
        front_matter=safe(
            front_matter(
                title=node.title,
                description=_first_sentence(node.summary),
                survey_source=node.source_path,
                survey_line=node.source_line,
                survey_kind="topic",
                survey_id=node.id,
                # A topic's name should find the topic before the papers that have the name in their titles.
                search={"boost": 4},
            )
        ),
        breadcrumb=safe(breadcrumb(survey, node)),
        heading=safe(md_inline(node.title)),
        label=section_label(survey, node),
        survey=survey,
        node=node,
        summary=safe(summary_html(node.summary)),
        subtopics=[(survey.nodes[c], rel(url, topic_url(c)), len(survey.subtree_papers(c))) for c in node.children],
        count=len(subtree),
        downloads=rel(url, f"downloads/topics/{node.id}"),
        feed=rel(url, f"feeds/topics/{node.id}.atom.xml"),
        contribute=rel(url, "contribute/"),
        cited=items(cited),
        since=items(since),
        subtree_since=sum(1 for k in subtree if survey.papers[k].origin != "survey-v1"),
        browse=rel(url, "browse/") + f"?topic={node.id}&origin=contributed",
        plural=_plural,
        kind="section",
        permalink=site.url + url,
        entry=section_bibtex(survey, node, site),
        texts=[("Plain text", section_plain(survey, node, site))],
        survey_bibtex=survey_bibtex(survey),
        # Unreviewed works from public APIs: shown only where maintainers turned it on, links only if safe.
        suggested=[(w, safe_url(w.url)) for w in (survey.suggested.get(node.id, ()) if site.show_suggestions else ())],
    )


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _first_sentence(text: str) -> str:
    flat = " ".join(text.split())
    end = flat.find(". ")
    return flat if end < 0 else flat[: end + 1]


def paper_page(
    survey: Survey,
    paper: Paper,
    site: SiteConfig,
    references: Mapping[str, str] | None = None,
    related: list[tuple[Paper, list[str]]] | None = None,
    card: PaperCard | None = None,
) -> str:
    url = paper_url(paper.key)
    card = card or paper_card(paper)
    # (label, text, link); the authors' names link to their pages.
    rows: list[tuple[str, str, str | None]] = [("Authors", authors_html(paper.authors, None, rel(url, "")), None)]
    if paper.venue:
        rows.append(("Venue", paper.venue, None))
    if paper.year:
        rows.append(("Year", paper.year, None))
    for name, label in (("volume", "Volume"), ("number", "Number"), ("pages", "Pages"), ("publisher", "Publisher")):
        value = paper.field(name)
        if value:
            rows.append((label, latex_to_text(value), None))
    if paper.arxiv:
        rows.append(("arXiv", paper.arxiv, paper.arxiv_url))
    if paper.doi and paper.doi_url:
        rows.append(("DOI", paper.doi, paper.doi_url))
    provenance = (
        f"Cited by the survey (v1, arXiv:{survey.meta.arxiv}); on this site since {paper.added}."
        if paper.origin == "survey-v1"
        else f"Added to this site on {paper.added}; not cited by the survey."
    )
    checked = survey.evidence.get(paper.key)
    evidence = [(u, _host(u)) for u in (checked.evidence if checked else ()) if safe_url(u)]
    references = references or {}
    return render(
        "paper.md",
        front_matter=safe(
            front_matter(
                title=paper.title,
                description=paper.tldr or f"{paper.title} ({card.venue})",
                survey_source=paper.source_path,
                survey_line=paper.source_line,
                survey_kind="paper",
                survey_id=paper.key,
                survey_citation=highwire_tags(paper, site),
                survey_og=opengraph_tags(paper, site),
                survey_jsonld=json_ld(paper, site),
            )
        ),
        home=rel(url, ""),
        papers=rel(url, "papers/"),
        paper=paper,
        byline=byline(paper),
        key=paper.key,
        heading=safe(md_inline(paper.title)),
        rows=rows,
        links=card.links,
        topics=[
            (
                survey.nodes[t],
                rel(url, topic_url(t)) + "#" + paper.key,
                " › ".join(n.title for n in survey.breadcrumb(t)),
            )
            for t in survey.topics_of.get(paper.key, ())
        ],
        related=[(o.title, rel(url, paper_url(o.key)), venue_line(o), ", ".join(why)) for o, why in related or ()],
        related_rule=RELATED_RULE,
        provenance=provenance,
        checked_fields=", ".join(checked.checked) if checked else "",
        evidence=evidence,
        kind="paper",
        permalink=site.url + url,
        entry=card.bibtex,
        texts=[(label, references[style]) for style, label in REFERENCE_STYLES if references.get(style)],
        survey_bibtex=survey_bibtex(survey),
    )


def _host(url: str) -> str:
    return url.split("//", 1)[-1].split("/", 1)[0]


def topics_index_page(survey: Survey) -> str:
    url = "topics/"
    return render(
        "topics_index.md",
        front_matter=safe(front_matter(title="Topics", description=f"The taxonomy of {survey.meta.title}")),
        topics=len(survey.nodes),
        chapters=len(survey.roots),
        site_nodes=sum(1 for n in survey.nodes.values() if n.is_site_node),
        roots=survey.roots,
        tree_item=lambda node_id: safe(_tree_item(survey, node_id, url)),
    )


def _tree_item(survey: Survey, node_id: str, from_url: str, with_line: bool = True) -> str:
    """One topic of the list tree, with its subtopics nested inside it (one line of HTML).

    `with_line`: the summary's first sentence under the title (the Topics page); the home
    page's phone list leaves it out to stay short.
    """
    node = survey.nodes[node_id]
    keys = survey.subtree_papers(node_id)
    return render(
        "tree_item.html",
        node=node,
        href=rel(from_url, topic_url(node_id)),
        count=len(keys),
        since=sum(1 for k in keys if survey.papers[k].origin != "survey-v1"),
        line=_first_sentence(node.summary) if with_line else "",
        children=[safe(_tree_item(survey, c, from_url, with_line)) for c in node.children],
    )


LATEST_ON_HOME = 10


def latest_additions(papers: Iterable[Paper], limit: int) -> list[Paper]:
    """Newest on the site first; within one day, the newest work first, so a batch reads sensibly."""
    return sorted(papers, key=lambda p: (p.added, p.year, p.key), reverse=True)[:limit]


def home_page(survey: Survey) -> str:
    meta = survey.meta
    papers = list(survey.papers.values())
    cited = sum(1 for p in papers if p.origin == "survey-v1")
    return render(
        "home.md",
        # No `title`: Material then writes <title> as the site's name once, not "Name - Name".
        front_matter=safe(front_matter(description=f"Companion site for {meta.title}")),
        heading=safe(md_inline(meta.title)),
        meta=meta,
        byline=", ".join(_display_name(a) for a in meta.authors),
        papers=len(papers),
        cited=cited,
        since=len(papers) - cited,
        topics=len(survey.nodes),
        site_nodes=sum(1 for n in survey.nodes.values() if n.is_site_node),
        latest=[
            (paper_url(p.key), p.title, venue_line(p), p.added, p.origin != "survey-v1")
            for p in latest_additions(papers, LATEST_ON_HOME)
        ],
        tree=safe(taxonomy_svg(survey, "")),
        # The drawing's labels shrink to a few pixels on a phone: there it gives way to this list.
        tree_list=[safe(_tree_item(survey, root, "", with_line=False)) for root in survey.roots],
        survey_bibtex=survey_bibtex(survey),
    )


def papers_index_page(survey: Survey, cards: Mapping[str, PaperCard] | None = None, kept: Memo = make_now) -> str:
    """`/papers/`: every paper by year, newest first, then by title. `kept`: see memo.py."""
    papers = sorted(survey.papers.values(), key=lambda p: (-(int(p.year) if p.year else 0), p.title.casefold(), p.key))
    years: dict[str, list[tuple[str, str, str, str, str, bool]]] = {}
    for paper in papers:
        card = cards[paper.key] if cards else paper_card(paper)
        # The card's venue line is made from the paper alone: the paper is the row's whole input.
        years.setdefault(paper.year or "Undated", []).append(
            kept(("index row", paper), functools.partial(_papers_index_row, paper, card.venue))
        )
    cited = sum(1 for p in papers if p.origin == "survey-v1")
    url = "papers/"
    return render(
        "papers_index.md",
        front_matter=safe(
            front_matter(
                title="Papers",
                description=f"All {len(papers)} papers of the survey companion.",
                # Every title and author in one list would outrank the paper pages themselves in search.
                search={"exclude": True},
            )
        ),
        papers=papers,
        cited=cited,
        since=len(papers) - cited,
        browse=rel(url, "browse/"),
        years=list(years.items()),
    )


def _papers_index_row(paper: Paper, venue: str) -> tuple[str, str, str, str, str, bool]:
    return (
        paper.key,
        rel("papers/", paper_url(paper.key)),
        paper.title,
        authors_html(paper.authors, AUTHORS_IN_LISTS, "../"),
        venue,
        paper.origin != "survey-v1",
    )


def _display_name(bibtex_name: str) -> str:
    family, _, given = bibtex_name.partition(", ")
    return f"{given} {family}".strip()


def changelog_page(changelog: str) -> str:
    """CHANGELOG.md (maintainers' text, not contributed data) as a site page."""
    body = changelog.split("\n", 1)[1] if changelog.startswith("# ") else changelog
    return front_matter(title="Changelog") + "\n# Changelog {#top}\n" + body
