"""Downloads: BibTeX, CSL-JSON and papers.json for the corpus and for each topic."""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import partial
from typing import Any

from ..model import Paper, Survey
from .bibtex import paper_bibtex
from .csl import csl_item
from .memo import Memo, make_now
from .urls import paper_url

PAPERS_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "papers.json of the LLM Alignment Survey companion site",
    "type": "object",
    "required": ["data_version", "survey", "papers"],
    "additionalProperties": False,
    "properties": {
        "data_version": {"type": "string", "format": "date", "description": "Date of the last data change."},
        "survey": {
            "type": "object",
            "description": "The survey: title, arXiv id, citation key.",
            "required": ["title", "arxiv", "citation_key"],
            "properties": {
                "title": {"type": "string"},
                "arxiv": {"type": "string"},
                "citation_key": {"type": "string"},
            },
        },
        "papers": {"type": "array", "items": {"$ref": "#/$defs/paper"}},
    },
    "$defs": {
        "paper": {
            "type": "object",
            "additionalProperties": False,
            "required": ["key", "entry_type", "title", "authors", "year", "venue", "topics", "origin", "added", "page"],
            "properties": {
                "key": {"type": "string", "pattern": "^[a-z][a-z0-9]*$", "description": "Citation key; permanent."},
                "entry_type": {"type": "string", "description": "BibTeX entry type, e.g. inproceedings."},
                "title": {"type": "string", "description": "Plain Unicode title (LaTeX decoded)."},
                "authors": {"type": "array", "items": {"type": "string"}, "description": "Display names in order."},
                "year": {"type": "string", "description": "Four-digit year of the cited version, or empty."},
                "venue": {"type": "string", "description": "Journal, proceedings or publisher; empty for preprints."},
                "venue_short": {
                    "type": "string",
                    "description": "Short venue used for facets (NeurIPS, ACL, arXiv, ...).",
                },
                "arxiv": {"type": ["string", "null"]},
                "doi": {"type": ["string", "null"]},
                "url": {"type": ["string", "null"], "format": "uri"},
                "code": {"type": ["string", "null"], "format": "uri"},
                "tldr": {"type": ["string", "null"], "description": "One line written for this site."},
                "topics": {
                    "type": "array",
                    "items": {"type": "string"},
                    "description": "Topic ids that list the paper.",
                },
                "origin": {"enum": ["survey-v1", "contributed"]},
                "added": {"type": "string", "format": "date"},
                "page": {"type": "string", "description": "Site-relative URL of the paper page."},
            },
        }
    },
}


def _compact(value: Any) -> str:
    # One JSON value per line, compact: the C encoder (indent= would use the slow pure-Python one).
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def csl_file(items: list[str]) -> str:
    """A CSL-JSON array from pre-serialised items, one item per line."""
    return "[\n" + ",\n".join(items) + "\n]\n"


def paper_record(survey: Survey, paper: Paper) -> dict[str, Any]:
    return {
        "key": paper.key,
        "entry_type": paper.entry_type,
        "title": paper.title,
        "authors": [a.display for a in paper.authors if a.is_person],
        "year": paper.year,
        "venue": paper.venue,
        "venue_short": paper.venue_short,
        "arxiv": paper.arxiv,
        "doi": paper.doi,
        "url": paper.url,
        "code": paper.code,
        "tldr": paper.tldr,
        "topics": list(survey.topics_of.get(paper.key, ())),
        "origin": paper.origin,
        "added": paper.added,
        "page": paper_url(paper.key),
    }


def _record_json(survey: Survey, paper: Paper) -> str:
    return _compact(paper_record(survey, paper))


def _csl_json(paper: Paper) -> str:
    return _compact(csl_item(paper))


def papers_json(survey: Survey, kept: Memo = make_now) -> str:
    meta = survey.meta
    head = _compact(
        {
            "data_version": meta.data_version,
            "survey": {"title": meta.title, "arxiv": meta.arxiv, "citation_key": meta.citation_key},
        }
    )
    rows = ",\n".join(
        kept(("record", p, survey.topics_of.get(p.key, ())), partial(_record_json, survey, p))
        for p in survey.papers.values()
    )
    return head[:-1] + ',"papers":[\n' + rows + "\n]}\n"


def schema_json() -> str:
    return json.dumps(PAPERS_SCHEMA, indent=1) + "\n"


def export_files(survey: Survey, bibtex: Mapping[str, str] | None = None, kept: Memo = make_now) -> dict[str, str]:
    """Every download. `bibtex`: each paper's entry, when the caller has made them; `kept`: see memo.py."""
    # Each paper's BibTeX and CSL item is made once; topic files are joins of them.
    if bibtex is None:
        bibtex = {key: paper_bibtex(p) for key, p in survey.papers.items()}
    csl = {key: kept(("csl", p), partial(_csl_json, p)) for key, p in survey.papers.items()}
    corpus = list(survey.papers)
    files = {
        "downloads/corpus.bib": "\n".join(bibtex[k] for k in corpus),
        "downloads/corpus.csl.json": csl_file([csl[k] for k in corpus]),
        "downloads/papers.json": papers_json(survey, kept),
        "downloads/papers.schema.json": schema_json(),
    }
    for node_id in survey.nodes:
        keys = survey.subtree_papers(node_id)
        files[f"downloads/topics/{node_id}.bib"] = "\n".join(bibtex[k] for k in keys)
        files[f"downloads/topics/{node_id}.csl.json"] = csl_file([csl[k] for k in keys])
    return files
