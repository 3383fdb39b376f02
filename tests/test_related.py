"""Papers to read next: scored again where a change reaches, the answer is a fresh one's."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from survey_site.model import Author, Survey, freeze
from survey_site.pipeline import Project, assemble, load
from survey_site.render import related
from survey_site.render.related import related_map

from .helpers import FIXTURE

FIXTURE_SURVEY = assemble(load(Project(FIXTURE)))
TOPICS = sorted(FIXTURE_SURVEY.nodes)
# Words enough that a word is in about two titles: the rare-word limit of 40 papers is 2, so edits
# push words across it and back.
WORDS = [f"{stem}{n}" for stem in ("debate", "reward", "steer", "honest", "jailbreak", "probe") for n in range(5)]
PEOPLE = [Author(first=f"Ann{n}", von="", last=f"Lee{n}", jr="") for n in range(12)]


def _corpus(size: int = 40) -> Survey:
    """The fixture's taxonomy with `size` made-up papers: topics, authors, years and words overlap."""
    paper = FIXTURE_SURVEY.papers["irving2018ai"]
    papers = {
        f"p{i}": dataclasses.replace(
            paper,
            key=f"p{i}",
            title=f"{WORDS[i % len(WORDS)]} {WORDS[(i * 7) % len(WORDS)]}",
            tldr=None,
            year=str(2016 + i % 9),
            authors=tuple(PEOPLE[(i * k) % len(PEOPLE)] for k in range(1, 2 + i % 3)),
        )
        for i in range(size)
    }
    topics_of = {
        f"p{i}": tuple(dict.fromkeys((TOPICS[i % len(TOPICS)], TOPICS[(i // 3) % len(TOPICS)]))) for i in range(size)
    }
    return dataclasses.replace(FIXTURE_SURVEY, papers=freeze(papers), topics_of=freeze(topics_of))


SURVEY = _corpus()
KEYS = sorted(SURVEY.papers)


def _edit(survey: Survey, kind: str, key: str, word: str, topic: str, source: str) -> Survey:
    paper = survey.papers[key]
    if kind == "title":
        changed = dataclasses.replace(paper, title=f"{paper.title} {word}")
    elif kind == "tldr":
        changed = dataclasses.replace(paper, tldr=word)
    elif kind == "year":
        changed = dataclasses.replace(paper, year=str(int(paper.year or 2020) + 3))
    elif kind == "authors":
        changed = dataclasses.replace(paper, authors=survey.papers[source].authors + paper.authors[1:])
    else:  # listed under another topic as well, or no longer under its first one
        topics = survey.topics_of.get(key, ())
        moved = topics[1:] if kind == "drop topic" else tuple(dict.fromkeys((*topics, topic)))
        return dataclasses.replace(survey, topics_of=freeze({**survey.topics_of, key: moved}))
    return dataclasses.replace(survey, papers=freeze({**survey.papers, key: changed}))


def _as_keys(picked: dict) -> dict[str, list[tuple[str, list[str]]]]:
    return {key: [(other.key, why) for other, why in picks] for key, picks in picked.items()}


edits = st.lists(
    st.tuples(
        st.sampled_from(["title", "tldr", "year", "authors", "add topic", "drop topic"]),
        st.sampled_from(KEYS),
        st.sampled_from(WORDS),
        st.sampled_from(TOPICS),
        st.sampled_from(KEYS),
    ),
    min_size=1,
    max_size=6,
)


@settings(max_examples=60, deadline=None)
@given(steps=edits)
# A word shared only with a co-author's paper: that paper is reached through the author alone.
@example(steps=[("title", "p4", "jailbreak0", TOPICS[0], "p0")])
def test_picks_after_edits_are_those_of_a_fresh_call(steps: list[tuple[str, str, str, str, str]]) -> None:
    survey = SURVEY
    _, index = related_map(survey)
    for step in steps:
        survey = _edit(survey, *step)
        picked, index = related_map(survey, index)
        fresh, fresh_index = related_map(survey)
        assert _as_keys(picked) == _as_keys(fresh)
        assert index == fresh_index
        # The papers themselves are this survey's, not the ones the earlier call saw.
        assert all(other is survey.papers[other.key] for picks in picked.values() for other, _ in picks)


def test_an_edit_scores_again_only_the_papers_it_reaches(monkeypatch: pytest.MonkeyPatch) -> None:
    _, index = related_map(SURVEY)
    scored: list[str] = []
    pick = related._pick
    monkeypatch.setattr(related, "_pick", lambda key, *rest: scored.append(key) or pick(key, *rest))
    key = next(k for k in KEYS if SURVEY.topics_of.get(k))
    related_map(_edit(SURVEY, "year", key, "", "", key), index)
    neighbours = {k for t in SURVEY.topics_of[key] for k in index.by_topic[t]}
    neighbours |= {k for name in index.features[key].names for k in index.by_author[name]}
    assert key in scored and set(scored) <= neighbours and len(scored) < len(KEYS)
    scored.clear()
    related_map(SURVEY, index)  # nothing changed: nothing is scored again
    assert scored == []
