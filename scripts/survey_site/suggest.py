"""`survey suggest`: new works per topic from arXiv and OpenAlex, ranked, with the reasons.

Each topic with a `watch:` (and, through it, each descendant without one) is searched on
arXiv with its terms and categories; works that cite the survey or a topic's core papers
(`watch: cites:`) come from OpenAlex's `cites:` filter. What the corpus already holds
(by arXiv id, DOI, their aliases or title) and what a curator rejected is dropped. The
rest is scored, explained, merged with the candidates still waiting for review and
returned as one `CandidateFile`; the CLI writes it only when every request succeeded.

Parsing and ranking are pure functions over the APIs' answers; `find_candidates` is the
only part that asks the network, through the injected `PoliteClient`.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .add import AddError, free_key, taken_keys
from .apiclient import ApiError, PoliteClient
from .bibliography import BibEntry
from .candidates import Candidate, CandidateFile, identities, normalize_id, sort_candidates
from .loaded import LoadedData
from .render.escape import md_inline, safe_url
from .sources import SourceError, arxiv_entry_fields, arxiv_feed_entries, bibtex_name, protect_title
from .taxonomy import NodeSpec

ARXIV_API = "https://export.arxiv.org/api/query"
OPENALEX_WORKS = "https://api.openalex.org/works"
OPENALEX_BATCH = 50  # OpenAlex takes up to 50 values OR-ed in one filter
OPENALEX_SELECT = "id,doi,display_name,publication_date,authorships,primary_location,locations,referenced_works"
SURVEY = "the survey"  # how a reason names the survey among the cited works
# Points: a search match is worth less than a citation, which says the authors build on the topic.
POINTS_QUERY, POINTS_TITLE_TERM, POINTS_CORE, POINTS_SURVEY = 2, 1, 3, 2
PR_BODY_LIMIT = 60_000  # GitHub refuses a pull request body over 65,536 characters


@dataclasses.dataclass(frozen=True)
class Watch:
    """One topic's watch, as the searches use it."""

    topic: str
    terms: tuple[str, ...]
    categories: tuple[str, ...]
    cites: tuple[str, ...]  # citation keys of its core papers


@dataclasses.dataclass(frozen=True)
class Sighting:
    """One work as one search saw it: what `survey add` needs, where it belongs, and why."""

    id: str
    ids: frozenset[str]
    title: str
    authors: tuple[str, ...]
    date: str
    entry_type: str
    fields: tuple[tuple[str, str], ...]
    topic: str
    points: int
    reasons: tuple[str, ...]


# -- watches --------------------------------------------------------------------------------------------


def watches(nodes: Sequence[NodeSpec]) -> list[Watch]:
    """The topics that carry a `watch`, in reading order."""
    return [
        Watch(
            n.id.value,
            tuple(t.value for t in n.watch.terms),
            tuple(c.value for c in n.watch.categories),
            tuple(k.value for k in n.watch.cites),
        )
        for n in nodes
        if n.watch is not None
    ]


def watched_through(nodes: Sequence[NodeSpec]) -> dict[str, str]:
    """Each node -> the topic whose watch covers it (its own, else its nearest ancestor's); unwatched nodes are absent."""
    by_id = {n.id.value: n for n in nodes}
    covered: dict[str, str] = {}
    for node in nodes:
        current: NodeSpec | None = node
        while current is not None and current.watch is None:
            current = by_id.get(current.parent) if current.parent else None
        if current is not None:
            covered[node.id.value] = current.id.value
    return covered


def arxiv_query(watch: Watch) -> str:
    """arXiv's search_query: any term in the title or abstract, within the categories if given."""
    phrases = " OR ".join(f'ti:"{t}" OR abs:"{t}"' for t in watch.terms)
    query = f"({phrases})"
    if watch.categories:
        query += " AND (" + " OR ".join(f"cat:{c}" for c in watch.categories) + ")"
    return query


# -- arXiv ----------------------------------------------------------------------------------------------


def arxiv_sightings(body: bytes, watch: Watch, since: str) -> list[Sighting]:
    """The works of one arXiv answer first published on or after `since`."""
    try:
        entries = arxiv_feed_entries(body)
    except SourceError as exc:
        raise ApiError(str(exc)) from None
    found = []
    for entry in entries:
        atom = "{http://www.w3.org/2005/Atom}"
        if entry.findtext(f"{atom}title", "").strip() == "Error":
            raise ApiError(
                f"the arXiv API refused the query of `{watch.topic}`: {entry.findtext(f'{atom}summary', '')}"
            )
        arxiv_id = normalize_id(entry.findtext(f"{atom}id", "").strip())
        date = entry.findtext(f"{atom}published", "")[:10]
        if arxiv_id is None or not arxiv_id.startswith("arxiv:"):
            raise ApiError("the arXiv API sent an entry without an arXiv id")
        if date < since:
            continue
        fields = arxiv_entry_fields(entry, arxiv_id.removeprefix("arxiv:"))
        title = " ".join(entry.findtext(f"{atom}title", "").split())
        in_title = [t for t in watch.terms if t.lower() in title.lower()]
        reason = f"arXiv search of `{watch.topic}` matched"
        if in_title:
            reason += " (" + ", ".join(f"“{t}”" for t in in_title) + " in the title)"
        found.append(
            Sighting(
                id=arxiv_id,
                ids=identities(fields) | {arxiv_id},
                title=title,
                authors=tuple(
                    " ".join((a.findtext(f"{atom}name") or "").split()) for a in entry.findall(f"{atom}author")
                ),
                date=date,
                entry_type="misc",
                fields=tuple(fields.items()),
                topic=watch.topic,
                points=POINTS_QUERY + POINTS_TITLE_TERM * len(in_title),
                reasons=(reason,),
            )
        )
    return found


# -- OpenAlex -------------------------------------------------------------------------------------------


def openalex_results(body: bytes, what: str) -> list[dict[str, Any]]:
    """The `results` of an OpenAlex list answer, or ApiError when it is not one."""
    try:
        data = json.loads(body)
        results = data["results"]
    except (ValueError, KeyError, TypeError) as exc:
        raise ApiError(f"OpenAlex sent an answer that is not a list of works ({what}: {exc})") from None
    if not isinstance(results, list) or not all(isinstance(r, dict) for r in results):
        raise ApiError(f"OpenAlex sent an answer that is not a list of works ({what})")
    return results


def lookup_dois(targets: Mapping[str, str]) -> list[str]:
    """The DOIs to look up for `targets` (name -> DOI), each once, in a fixed order."""
    return sorted({doi.lower() for doi in targets.values()})


def openalex_ids(results: Iterable[Mapping[str, Any]], targets: Mapping[str, str]) -> dict[str, str]:
    """OpenAlex id -> the name (citation key or SURVEY) whose DOI it has."""
    by_doi: dict[str, list[str]] = {}
    for name, doi in targets.items():
        by_doi.setdefault(doi.lower(), []).append(name)
    found: dict[str, str] = {}
    for work in results:
        wid = normalize_id(str(work.get("id") or ""))
        doi = str(work.get("doi") or "").lower().removeprefix("https://doi.org/")
        for name in by_doi.get(doi, []):
            if wid:
                found[wid.removeprefix("openalex:")] = name
    return found


def doi_of(entry_fields: Mapping[str, str]) -> str | None:
    """The DOI OpenAlex knows a corpus work by: its own, else the arXiv DOI of its eprint."""
    if entry_fields.get("doi"):
        return entry_fields["doi"].lower()
    if entry_fields.get("eprint"):
        return f"10.48550/arxiv.{re.sub(r'v[0-9]+$', '', entry_fields['eprint'].lower())}"
    return None


def openalex_sighting(
    work: Mapping[str, Any], cited_names: Mapping[str, str], core_topic: Mapping[str, str], all_watches: Sequence[Watch]
) -> Sighting | None:
    """One citing work; `cited_names` maps OpenAlex ids to corpus names, `core_topic` a core key to its topic."""
    wid = normalize_id(str(work.get("id") or ""))
    title = " ".join(str(work.get("display_name") or work.get("title") or "").split())
    if wid is None or not title:
        return None
    fields, entry_type = _openalex_fields(work, title)
    names = sorted(  # the survey first, then the corpus keys
        {
            cited_names[r.rsplit("/", 1)[-1]]
            for r in _strings(work.get("referenced_works"))
            if r.rsplit("/", 1)[-1] in cited_names
        },
        key=lambda name: (name != SURVEY, name),
    )
    keys = [n for n in names if n != SURVEY]
    if not names:
        return None  # OpenAlex's filter says it cites one; its own list no longer does
    points = POINTS_CORE * len(keys) + (POINTS_SURVEY if SURVEY in names else 0)
    topics = [core_topic[k] for k in keys if k in core_topic]
    topic = (
        max(topics, key=lambda t: (topics.count(t), -_order(t, all_watches)))
        if topics
        else _title_topic(title, all_watches)
    )
    cited = ", ".join(SURVEY if n == SURVEY else f"`{n}`" for n in names)
    primary = (
        normalize_id(fields["eprint"])
        if fields.get("eprint")
        else (f"doi:{fields['doi'].lower()}" if fields.get("doi") else wid)
    )
    return Sighting(
        id=primary or wid,
        ids=identities(fields) | {wid},
        title=title,
        authors=tuple(_author_names(work)),
        date=str(work.get("publication_date") or "")[:10],
        entry_type=entry_type,
        fields=tuple(fields.items()),
        topic=topic,
        points=points,
        reasons=(f"cites {cited} (OpenAlex)",),
    )


def _strings(value: Any) -> list[str]:
    return [v for v in _items(value) if isinstance(v, str)]


def _items(value: Any) -> list[Any]:
    """A list from an API answer, or nothing: a value of another type is not iterated."""
    return value if isinstance(value, list) else []


def _order(topic: str, all_watches: Sequence[Watch]) -> int:
    return next((i for i, w in enumerate(all_watches) if w.topic == topic), len(all_watches))


def _title_topic(title: str, all_watches: Sequence[Watch]) -> str:
    """For a work that cites only the survey: the topic with most of its terms in the title, if any."""
    scored = [(sum(t.lower() in title.lower() for t in w.terms), -i, w.topic) for i, w in enumerate(all_watches)]
    best = max(scored, default=(0, 0, ""))
    return best[2] if best[0] else ""


def _author_names(work: Mapping[str, Any]) -> list[str]:
    names = []
    for authorship in _items(work.get("authorships")):
        author = authorship.get("author") if isinstance(authorship, dict) else None
        name = author.get("display_name") if isinstance(author, dict) else None
        if isinstance(name, str) and name.strip():
            names.append(" ".join(name.split()))
    return names


def _openalex_fields(work: Mapping[str, Any], title: str) -> tuple[dict[str, str], str]:
    """BibTeX fields of an OpenAlex work: arXiv works as `survey add --arxiv` writes them, others by venue."""
    authors = _author_names(work)
    year = str(work.get("publication_date") or "")[:4]
    doi = str(work.get("doi") or "").removeprefix("https://doi.org/")
    arxiv = None
    for location in _items(work.get("locations")):
        url = location.get("landing_page_url") if isinstance(location, dict) else None
        normal = normalize_id(url) if isinstance(url, str) else None
        if normal and normal.startswith("arxiv:"):
            arxiv = normal.removeprefix("arxiv:")
            break
    doi_id = normalize_id(doi) if doi else None
    if doi_id and doi_id.startswith("arxiv:"):
        arxiv, doi = doi_id.removeprefix("arxiv:"), ""
    fields = {"title": protect_title(title), "author": " and ".join(bibtex_name(a) for a in authors), "year": year}
    location = work.get("primary_location")
    source = location.get("source") if isinstance(location, dict) else None
    venue = str(source.get("display_name") or "") if isinstance(source, dict) else ""
    kind = str(source.get("type") or "") if isinstance(source, dict) else ""
    entry_type = "misc"
    if arxiv:
        fields.update({"eprint": arxiv, "archiveprefix": "arXiv", "url": f"https://arxiv.org/abs/{arxiv}"})
    elif kind == "journal" and venue:
        entry_type, fields["journal"] = "article", venue
    elif kind == "conference" and venue:
        entry_type, fields["booktitle"] = "inproceedings", venue
    if doi:
        fields["doi"] = doi
        fields.setdefault("url", f"https://doi.org/{doi}")
    return fields, entry_type


# -- ranking --------------------------------------------------------------------------------------------


def rank(
    sightings: Iterable[Sighting],
    entries: Sequence[BibEntry],
    rejected_ids: Iterable[str],
    pending: Iterable[Candidate],
    since: str,
) -> list[Candidate]:
    """Merge what the searches saw into candidates: one per work, known and rejected works dropped.

    Sightings of one work (sharing any id or the title) add up their points and reasons; the
    topic is the one its strongest sighting gave. Candidates still pending review stay, with
    the reasons of this run added.
    """
    known = set().union(*(identities(e.field_map) for e in entries)) | set(rejected_ids)
    groups: list[list[Sighting]] = []
    for sighting in sorted(sightings, key=lambda s: (s.id, s.topic, s.reasons)):
        if sighting.ids & known or sighting.date < since:
            continue
        matching = [g for g in groups if any(sighting.ids & other.ids for other in g)]
        merged = [sighting] + [s for g in matching for s in g]
        groups = [g for g in groups if g not in matching] + [merged]
    waiting = {c.id: c for c in pending if not (identities(c.field_map) | {c.id}) & known}
    in_corpus = taken_keys(entries)
    # A candidate keeps the key its pull request showed, unless the corpus has taken it since.
    keep = {c.id: c.key if c.key not in in_corpus else "" for c in waiting.values()}
    taken = in_corpus | {k for k in keep.values() if k}
    out: list[Candidate] = []
    for group in groups:
        best = max(group, key=lambda s: (s.points, s.id.startswith("arxiv:"), s.topic))
        source = next((s for s in group if s.id.startswith("arxiv:")), best)  # arXiv metadata, as `survey add --arxiv`
        fields = dict(source.fields)
        for other in group:  # a venue DOI from OpenAlex completes an arXiv entry
            if "doi" not in fields and dict(other.fields).get("doi"):
                fields["doi"] = dict(other.fields)["doi"]
        reasons = {r for s in group for r in s.reasons}
        points = sum(s.points for s in group)
        earlier = next((waiting.pop(i) for i in sorted({s.id for s in group}) if i in waiting), None)
        key = keep.get(earlier.id, "") if earlier else ""
        if earlier is not None:
            reasons |= set(earlier.reasons)
            points = max(points, earlier.score)
        try:
            key = key or free_key(fields, taken)
        except AddError:
            continue  # no title, year or author: nothing `survey add` could take
        taken.add(key)
        out.append(
            Candidate(
                id=source.id,
                key=key,
                title=source.title,
                authors=source.authors,
                date=source.date,
                topic=best.topic,
                score=points,
                reasons=tuple(sorted(reasons)),
                entry_type=source.entry_type,
                fields=tuple(fields.items()),
            )
        )
    for candidate in waiting.values():
        key = keep[candidate.id] or free_key(candidate.field_map, taken)
        taken.add(key)
        out.append(dataclasses.replace(candidate, key=key, line=0))
    return sort_candidates(out)


# -- the run --------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Options:
    since: str
    checked: str  # today's date, recorded as the start of the next run's window
    max_results: int = 50
    mailto: str | None = None
    api_key: str | None = None


def find_candidates(data: LoadedData, client: PoliteClient, options: Options) -> CandidateFile:
    """Ask arXiv and OpenAlex; raises ApiError on the first request that fails for good."""
    all_watches = watches(data.nodes)
    sightings: list[Sighting] = []
    for watch in all_watches:
        params = {
            "search_query": arxiv_query(watch),
            "sortBy": "submittedDate",
            "sortOrder": "descending",
            "start": "0",
            "max_results": str(options.max_results),
        }
        body = client.get(ARXIV_API, params, f"the arXiv API (topic `{watch.topic}`)")
        sightings += arxiv_sightings(body, watch, options.since)
    sightings += _citing_works(data, client, options, all_watches)
    candidates = rank(sightings, data.entries, (r.id for r in data.rejections), data.candidates, options.since)
    return CandidateFile(options.checked, tuple(candidates))


def _citing_works(
    data: LoadedData, client: PoliteClient, options: Options, all_watches: Sequence[Watch]
) -> list[Sighting]:
    fields_of = {e.key: e.field_map for e in data.entries}
    targets: dict[str, str] = {}
    if data.meta is not None and data.meta.arxiv:
        targets[SURVEY] = f"10.48550/arxiv.{data.meta.arxiv.lower()}"
    core_topic: dict[str, str] = {}
    for watch in all_watches:
        for key in watch.cites:
            doi = doi_of(fields_of.get(key, {}))
            if doi:
                targets[key] = doi
                core_topic.setdefault(key, watch.topic)
    extra = {k: v for k, v in (("mailto", options.mailto), ("api_key", options.api_key)) if v}
    names: dict[str, str] = {}
    dois = lookup_dois(targets)
    for start in range(0, len(dois), OPENALEX_BATCH):
        batch = dois[start : start + OPENALEX_BATCH]
        params = {"filter": "doi:" + "|".join(batch), "select": "id,doi", "per-page": str(OPENALEX_BATCH), **extra}
        names.update(
            openalex_ids(
                openalex_results(client.get(OPENALEX_WORKS, params, "OpenAlex (looking up the corpus)"), "look-up"),
                targets,
            )
        )
    found: list[Sighting] = []
    ids = sorted(names)
    for start in range(0, len(ids), OPENALEX_BATCH):
        params = {
            "filter": f"cites:{'|'.join(ids[start : start + OPENALEX_BATCH])},from_publication_date:{options.since}",
            "sort": "publication_date:desc",
            "select": OPENALEX_SELECT,
            "per-page": str(options.max_results),
            **extra,
        }
        for work in openalex_results(client.get(OPENALEX_WORKS, params, "OpenAlex (citing works)"), "citing works"):
            sighting = openalex_sighting(work, names, core_topic, all_watches)
            if sighting is not None:
                found.append(sighting)
    return found


# -- the pull request's description ---------------------------------------------------------------------


def _cell(text: str) -> str:
    """API text for one Markdown table cell: no markup, no line break, no @-mention."""
    return md_inline(text).replace("@", "&#64;")


def pr_body(file: CandidateFile, since: str, new_ids: Iterable[str]) -> str:
    new = set(new_ids)
    lines = [
        f"`survey suggest` looked for works published since {since} (arXiv searches of the topics' `watch` terms, "
        "and OpenAlex for works citing the survey or a topic's core papers).",
        "",
        f"**{len(file.candidates)} candidate(s)** wait for review, {len(new & {c.id for c in file.candidates})} new in this run. "
        "Nothing here is merged automatically: a curator accepts or rejects each one.",
        "",
        "| # | Title | Authors | Date | Topic | Why | Accept |",
        "|---|---|---|---|---|---|---|",
    ]
    footer = [
        "",
        "To add a work (same checks and evidence row as `survey add`; write the TL;DR yourself):",
        '`survey accept KEY --topic TOPIC --tldr "..."`. To decline one for good: '
        '`survey reject ID --reason "..."`. Commit the result to this branch.',
    ]
    size = sum(len(line) + 1 for line in lines + footer)
    for number, c in enumerate(file.candidates, start=1):
        authors = ", ".join(c.authors[:3]) + (" et al." if len(c.authors) > 3 else "")
        url = safe_url(c.url)
        title = f"[{_cell(c.title)}]({url})" if url else _cell(c.title)
        row = (
            f"| {number}{' (new)' if c.id in new else ''} | {title} | {_cell(authors)} | {c.date} | "
            f"{'`' + c.topic + '`' if c.topic else 'to choose'} | {_cell('; '.join(c.reasons))} | `{c.key}` |"
        )
        if size + len(row) + 1 > PR_BODY_LIMIT:
            lines.append(f"| … | {len(file.candidates) - number + 1} more in `bib/CANDIDATES.yaml` | | | | | |")
            break
        lines.append(row)
        size += len(row) + 1
    return "\n".join(lines + footer) + "\n"
