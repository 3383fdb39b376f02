"""Metadata from arXiv (its Atom API) and Crossref (its REST API), as BibTeX fields.

Network access goes through a `requests.Session` with a timeout; tests pass a
session whose adapter serves recorded responses from tests/data/responses/.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import requests
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as defused_fromstring

from . import __version__

ARXIV_API = "https://export.arxiv.org/api/query"
CROSSREF_API = "https://api.crossref.org/works/"
TIMEOUT = (5, 30)  # connect, read (seconds)
USER_AGENT = f"survey-site/{__version__} (companion site of arXiv:2309.15025; survey add)"
_ATOM = "{http://www.w3.org/2005/Atom}"
_ARXIV = "{http://arxiv.org/schemas/atom}"
_PARTICLES = {
    "van",
    "von",
    "der",
    "den",
    "de",
    "del",
    "della",
    "di",
    "da",
    "le",
    "la",
    "du",
    "dos",
    "das",
    "ter",
    "ten",
}


class SourceError(Exception):
    """A look-up that failed in a way the contributor can act on."""


def session() -> requests.Session:
    s = requests.Session()
    s.headers["User-Agent"] = USER_AGENT
    return s


def _get(
    http: requests.Session, url: str, params: dict[str, str] | None, what: str, record: Path | None, name: str
) -> bytes:
    try:
        response = http.get(url, params=params, timeout=TIMEOUT)
    except requests.exceptions.Timeout:
        raise SourceError(
            f"{what} did not answer within {TIMEOUT[1]} s; try again, or add the entry with --bibtex"
        ) from None
    except requests.exceptions.ConnectionError:
        raise SourceError(f"cannot reach {what} (offline?); add the entry with --bibtex FILE instead") from None
    if response.status_code == 404:
        raise SourceError(f"{what} does not know this identifier")
    if response.status_code != 200:
        raise SourceError(f"{what} answered HTTP {response.status_code}; try again later")
    if record is not None:
        record.mkdir(parents=True, exist_ok=True)
        (record / name).write_bytes(response.content)
    return response.content


def protect_title(title: str) -> str:
    """Brace words BibTeX styles would lower-case wrongly: acronyms and mixed case (LLMs, GPT-4)."""
    words = []
    for word in title.split():
        core = word.strip(".,:;?!()\"'")
        if core and any(c.isupper() for c in core[1:]) and "{" not in word:
            word = word.replace(core, "{" + core + "}", 1)
        words.append(word)
    return " ".join(words)


def bibtex_name(display: str) -> str:
    """'Samuel R. Bowman' -> 'Bowman, Samuel R.'; particles stay with the family name."""
    parts = display.split()
    if len(parts) < 2:
        return display
    split = len(parts) - 1
    while split > 1 and parts[split - 1].lower() in _PARTICLES:
        split -= 1
    return f"{' '.join(parts[split:])}, {' '.join(parts[:split])}"


def arxiv_fields(arxiv_id: str, http: requests.Session, record: Path | None = None) -> dict[str, str]:
    arxiv_id = re.sub(r"^(arxiv:|https?://arxiv\.org/abs/)", "", arxiv_id.strip(), flags=re.I)
    arxiv_id = re.sub(r"v\d+$", "", arxiv_id)
    body = _get(
        http, ARXIV_API, {"id_list": arxiv_id}, "the arXiv API", record, f"arxiv-{arxiv_id.replace('/', '_')}.xml"
    )
    return parse_arxiv(body, arxiv_id)


def parse_arxiv(body: bytes, arxiv_id: str) -> dict[str, str]:
    entries = arxiv_feed_entries(body)
    entry = entries[0] if entries else None
    if entry is None or entry.findtext(f"{_ATOM}title", "").strip() in ("", "Error"):
        raise SourceError(f"arXiv has no paper {arxiv_id}")
    return arxiv_entry_fields(entry, arxiv_id)


def arxiv_feed_entries(body: bytes) -> list[ET.Element]:
    """The `<entry>` elements of an arXiv API answer (an Atom feed)."""
    try:
        feed = defused_fromstring(body)  # an answer from the network: no entity expansion, no DTD
    except (ET.ParseError, DefusedXmlException) as exc:
        raise SourceError(f"the arXiv API sent something that is not XML ({exc})") from None
    if feed.tag != f"{_ATOM}feed":
        raise SourceError("the arXiv API sent XML that is not an Atom feed")
    return list(feed.findall(f"{_ATOM}entry"))


def arxiv_entry_fields(entry: ET.Element, arxiv_id: str) -> dict[str, str]:
    """BibTeX fields of one arXiv feed entry (the work `arxiv_id`, without version)."""
    title = " ".join(entry.findtext(f"{_ATOM}title", "").split())
    authors = [
        bibtex_name(" ".join((a.findtext(f"{_ATOM}name") or "").split())) for a in entry.findall(f"{_ATOM}author")
    ]
    published = entry.findtext(f"{_ATOM}published", "")
    fields = {
        "title": protect_title(title),
        "author": " and ".join(authors),
        "year": published[:4],
        "eprint": arxiv_id,
        "archiveprefix": "arXiv",
        "url": f"https://arxiv.org/abs/{arxiv_id}",
    }
    primary = entry.find(f"{_ARXIV}primary_category")
    if primary is not None and primary.get("term"):
        fields["primaryclass"] = primary.get("term", "")
    doi = entry.findtext(f"{_ARXIV}doi")
    if doi:
        fields["doi"] = doi.strip()
    return fields


_CROSSREF_TYPES = {
    "journal-article": ("article", "journal"),
    "proceedings-article": ("inproceedings", "booktitle"),
    "book-chapter": ("incollection", "booktitle"),
    "book": ("book", None),
    "monograph": ("book", None),
    "report": ("techreport", None),
    "posted-content": ("misc", "howpublished"),
    "dissertation": ("phdthesis", None),
}


def crossref_fields(doi: str, http: requests.Session, record: Path | None = None) -> tuple[str, dict[str, str]]:
    doi = re.sub(r"^(doi:|https?://(dx\.)?doi\.org/)", "", doi.strip(), flags=re.I)
    body = _get(
        http,
        CROSSREF_API + doi,
        None,
        "the Crossref API",
        record,
        "crossref-" + re.sub(r"[^A-Za-z0-9.-]", "_", doi) + ".json",
    )
    return parse_crossref(body, doi)


def parse_crossref(body: bytes, doi: str) -> tuple[str, dict[str, str]]:
    import json

    try:
        message = json.loads(body)["message"]
    except (ValueError, KeyError) as exc:
        raise SourceError(f"the Crossref API sent an unexpected answer ({exc})") from None
    entry_type, venue_field = _CROSSREF_TYPES.get(message.get("type", ""), ("misc", "howpublished"))
    fields: dict[str, str] = {"title": protect_title(" ".join((message.get("title") or [""])[0].split()))}
    authors = []
    for person in message.get("author", []):
        if person.get("family"):
            authors.append(f"{person['family']}, {person.get('given', '')}".rstrip(", "))
        elif person.get("name"):
            authors.append("{" + person["name"] + "}")
    if authors:
        fields["author"] = " and ".join(authors)
    container = (message.get("container-title") or [""])[0]
    if venue_field and container:
        fields[venue_field] = container
    parts = (message.get("issued") or {}).get("date-parts") or [[None]]
    if parts[0] and parts[0][0]:
        fields["year"] = str(parts[0][0])
    for source, target in (("volume", "volume"), ("issue", "number"), ("page", "pages")):
        if message.get(source):
            fields[target] = str(message[source]).replace("-", "--") if target == "pages" else str(message[source])
    publisher = message.get("publisher")
    if publisher:
        key = {"techreport": "institution", "phdthesis": "school"}.get(entry_type, "publisher")
        fields[key] = publisher
    fields["doi"] = message.get("DOI", doi)
    fields["url"] = f"https://doi.org/{fields['doi']}"
    return entry_type, fields
