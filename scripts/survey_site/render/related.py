"""Papers to read next: for every paper, up to RELATED_LIMIT others, by the rule RELATED_RULE.

`make serve` asks again after every save, and a save changes a paper or two: `related_map` takes
what its last call worked from (a RelatedIndex) and scores again only the papers whose picks the
changes can reach. The answer is the same as a fresh one (tests/test_related.py).
"""

from __future__ import annotations

import dataclasses
import heapq
import re
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from itertools import chain

from ..model import Paper, Survey

RELATED_LIMIT = 6


RELATED_RULE = (
    "Related by content first: 4 points per shared topic, 2 per uncommon word the titles and TL;DRs share "
    "(at most 3 words), then 1 per shared author (at most 2) and 1 if published within two years; at least 4 points."
)
_WORD = re.compile(r"[a-z][a-z0-9-]{3,}")


# Words too general to say two alignment papers are about the same thing.
_COMMON_WORDS = frozenset(
    [
        "with",
        "from",
        "that",
        "this",
        "their",
        "these",
        "those",
        "they",
        "them",
        "into",
        "over",
        "under",
        "than",
        "then",
        "when",
        "what",
        "which",
        "while",
        "where",
        "using",
        "used",
        "uses",
        "based",
        "large",
        "language",
        "languages",
        "model",
        "models",
        "llms",
        "llm",
        "learning",
        "training",
        "trained",
        "train",
        "data",
        "paper",
        "work",
        "works",
        "study",
        "studies",
        "show",
        "shows",
        "showing",
        "find",
        "finds",
        "found",
        "results",
        "approach",
        "method",
        "methods",
        "new",
        "more",
        "most",
        "less",
        "many",
        "much",
        "such",
        "also",
        "both",
        "each",
        "other",
        "about",
        "across",
        "between",
        "without",
        "within",
        "through",
        "toward",
        "towards",
        "against",
        "via",
        "make",
        "makes",
        "made",
        "does",
        "doing",
        "have",
        "having",
        "been",
        "being",
        "were",
        "will",
        "would",
        "could",
        "should",
    ]
)


Name = tuple[str, str]  # (family, first) of a person
Picks = tuple[tuple[str, tuple[str, ...]], ...]  # (key of the paper to read next, reasons)


@dataclasses.dataclass(frozen=True)
class Features:
    """What the rule reads of one paper."""

    topics: tuple[str, ...]
    names: frozenset[Name]
    year: int | None
    words: frozenset[str]  # content words of the title and TL;DR, common ones included


@dataclasses.dataclass(frozen=True)
class RelatedIndex:
    """What one call of related_map worked from, and what it picked, for the next call."""

    features: Mapping[str, Features]
    by_topic: Mapping[str, list[str]]
    by_author: Mapping[Name, list[str]]
    frequency: Mapping[str, int]  # papers per content word
    picks: Mapping[str, Picks]


def features_of(survey: Survey, key: str, paper: Paper) -> Features:
    return Features(
        survey.topics_of.get(key, ()),
        frozenset((a.family, a.first) for a in paper.authors if a.is_person),
        int(paper.year) if paper.year else None,
        frozenset(_WORD.findall(f"{paper.title} {paper.tldr or ''}".lower())) - _COMMON_WORDS,
    )


def related_map(
    survey: Survey, previous: RelatedIndex | None = None
) -> tuple[dict[str, list[tuple[Paper, list[str]]]], RelatedIndex]:
    """Papers to read next, for every paper at once (indexes built once, not per page), and the index.

    The rule is RELATED_RULE, stated on each page. A word counts when fewer than 2% of the
    papers (and at most 40) use it: rare enough to say what a paper is about. Candidates share
    a topic or an author; ties go to the closer year, then the key. With `previous` (the index
    of an earlier call), only papers the differences can reach are scored again.
    """
    features = {key: features_of(survey, key, p) for key, p in survey.papers.items()}
    frequency = Counter(chain.from_iterable(f.words for f in features.values()))
    rare_limit = min(40, max(2, len(features) // 50))
    rare = {key: {w for w in f.words if frequency[w] <= rare_limit} for key, f in features.items()}
    by_topic: dict[str, list[str]] = {}
    by_author: dict[Name, list[str]] = {}
    for key, f in features.items():
        for topic in f.topics:
            by_topic.setdefault(topic, []).append(key)
        for name in f.names:
            by_author.setdefault(name, []).append(key)
    picks: dict[str, Picks]
    to_score: Iterable[str]
    if previous is None or previous.features.keys() != features.keys():
        picks, to_score = {}, features
    else:  # the same papers: the same rare-word limit
        changed = [key for key, f in features.items() if f != previous.features[key]]
        picks = dict(previous.picks)
        to_score = _reached(changed, features, previous, by_topic, by_author, frequency, rare_limit)
    for key in to_score:
        picks[key] = _pick(key, features, by_topic, by_author, rare)
    result = {key: [(survey.papers[other], list(why)) for other, why in picks[key]] for key in features}
    return result, RelatedIndex(features, by_topic, by_author, frequency, picks)


def _reached(
    changed: Collection[str],
    features: Mapping[str, Features],
    previous: RelatedIndex,
    by_topic: Mapping[str, list[str]],
    by_author: Mapping[Name, list[str]],
    frequency: Mapping[str, int],
    rare_limit: int,
) -> set[str]:
    """The papers whose picks can differ: the changed ones, those that share (or shared) a topic or an
    author with one (their candidates), and those holding a word that became rare or stopped being."""
    reached = set(changed)
    for key in changed:
        for f, topics, authors in (
            (previous.features[key], previous.by_topic, previous.by_author),
            (features[key], by_topic, by_author),
        ):
            for topic in f.topics:
                reached.update(topics.get(topic, ()))
            for name in f.names:
                reached.update(authors.get(name, ()))
    words = set(chain.from_iterable(previous.features[k].words | features[k].words for k in changed))
    flipped = {w for w in words if (previous.frequency.get(w, 0) <= rare_limit) != (frequency.get(w, 0) <= rare_limit)}
    if flipped:
        reached.update(key for key, f in features.items() if not flipped.isdisjoint(f.words))
    return reached


def _pick(
    key: str,
    features: Mapping[str, Features],
    by_topic: Mapping[str, list[str]],
    by_author: Mapping[Name, list[str]],
    rare: Mapping[str, set[str]],
) -> Picks:
    mine = features[key]
    # Counter over chained lists counts in C; the scoring loop then sees each candidate once.
    topic_hits = Counter(chain.from_iterable(by_topic[t] for t in mine.topics))
    author_hits = Counter(chain.from_iterable(by_author[name] for name in mine.names))
    year, words = mine.year, rare[key]
    scored = []
    for other in topic_hits.keys() | author_hits.keys():
        if other == key:
            continue
        o_year = features[other].year
        gap = abs(o_year - year) if o_year is not None and year is not None else 99
        t, a = topic_hits[other], author_hits[other]
        w = min(3, len(words & rare[other])) if words else 0
        score = 4 * t + 2 * w + min(a, 2) + (1 if gap <= 2 else 0)
        if score >= 4:
            scored.append((-score, gap, other, t, w, a))
    picks = []
    for _, gap, other, t, w, a in heapq.nsmallest(RELATED_LIMIT, scored):
        reasons = []
        if t:
            reasons.append("same topic" if t == 1 else f"{t} shared topics")
        if w:
            reasons.append("similar words" if w > 1 else "a shared word")
        if a:
            reasons.append("shared author" if a == 1 else f"{a} shared authors")
        if gap <= 2:
            reasons.append("close in time")
        picks.append((other, tuple(reasons)))
    return tuple(picks)
