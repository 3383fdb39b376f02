"""Author pages (`/authors/<slug>/`) and their A–Z index (`/authors/`). Pure functions."""

from __future__ import annotations

from collections.abc import Mapping

from ..authors import Person, index_letter
from ..model import Paper, Survey
from .pages import PaperCard, front_matter, paper_card, paper_item_data
from .templating import render, safe
from .urls import author_url, rel, topic_url

INDEX_URL = "authors/"
COAUTHORS_SHOWN = 12


def author_page(
    survey: Survey,
    person: Person,
    people: Mapping[str, Person],
    cards: Mapping[str, PaperCard] | None,
    shared: Mapping[str, int],
) -> str:
    """`shared`: the papers each co-author shares with this person (authors.coauthor_counts)."""
    url = author_url(person.slug)
    papers = [survey.papers[k] for k in person.papers]
    # Newest first; within a year by title, so the order does not depend on where an entry sits in bib/.
    papers.sort(key=lambda p: (-(int(p.year) if p.year else 0), p.title.casefold(), p.key))
    years: dict[str, list[object]] = {}
    for position, paper in enumerate(papers):
        topics = tuple((rel(url, topic_url(t)), survey.nodes[t].title) for t in survey.topics_of.get(paper.key, ()))
        card = cards.get(paper.key) if cards else paper_card(paper)
        years.setdefault(paper.year or "Undated", []).append(
            paper_item_data(paper, url, position, card=card, topics=topics)
        )
    # Frequent co-authors only: on a single shared paper, the paper's own author line says it all.
    coauthors = sorted(
        ((slug, n) for slug, n in shared.items() if n >= 2),
        key=lambda kv: (-kv[1], people[kv[0]].family.casefold(), kv[0]),
    )
    dated = sorted(int(p.year) for p in papers if p.year)
    span = "" if not dated else str(dated[0]) if dated[0] == dated[-1] else f"{dated[0]}–{dated[-1]}"
    count = f"{len(papers)} paper{'' if len(papers) == 1 else 's'}"
    return render(
        "author.md",
        front_matter=safe(
            front_matter(
                title=person.name,
                description=f"{count} by {person.name} in the LLM alignment survey companion's corpus.",
                survey_kind="author",
                survey_id=person.slug,
            )
        ),
        home=rel(url, ""),
        index=rel(url, INDEX_URL),
        person=person,
        kicker=" · ".join(part for part in (count, span) if part),
        origins=_origins(papers),
        years=list(years.items()),
        coauthors=[(people[slug].name, rel(url, author_url(slug)), n) for slug, n in coauthors[:COAUTHORS_SHOWN]],
        more_coauthors=max(0, len(coauthors) - COAUTHORS_SHOWN),
        browse=rel(url, "browse/"),
    )


def _origins(papers: list[Paper]) -> str:
    """ "2 cited by the survey and 1 added since", leaving out a zero."""
    cited = sum(1 for p in papers if p.origin == "survey-v1")
    parts = [
        f"{cited} cited by the survey" if cited else "",
        f"{len(papers) - cited} added since" if cited < len(papers) else "",
    ]
    return " and ".join(p for p in parts if p)


def authors_index_page(survey: Survey, people: Mapping[str, Person]) -> str:
    """Every author A–Z by family name, with their paper count; one section per initial letter."""
    letters: dict[str, list[tuple[str, str, int]]] = {}
    for person in people.values():  # already sorted by family name
        letters.setdefault(index_letter(person), []).append(
            (person.name, rel(INDEX_URL, author_url(person.slug)), len(person.papers))
        )
    # (heading, anchor, names): A–Z, then names that start with anything else.
    ordered = [
        ("Other", "other", names) if letter == "#" else (letter, letter.lower(), names)
        for letter, names in sorted(letters.items(), key=lambda kv: (kv[0] == "#", kv[0]))
    ]
    return render(
        "authors_index.md",
        front_matter=safe(
            front_matter(
                title="Authors",
                description=f"The {len(people)} authors of the survey companion's {len(survey.papers)} papers.",
                # Every name in one list would outrank the author pages themselves in search.
                search={"exclude": True},
            )
        ),
        people=len(people),
        papers=len(survey.papers),
        letters=ordered,
        papers_index=rel(INDEX_URL, "papers/"),
    )
