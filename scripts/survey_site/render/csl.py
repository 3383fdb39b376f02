"""CSL-JSON records (what Zotero, Pandoc and citeproc read) from the model."""

from __future__ import annotations

from typing import Any

from ..model import Paper
from ..text import latex_to_text

_TYPES = {
    "article": "article-journal",
    "inproceedings": "paper-conference",
    "incollection": "chapter",
    "book": "book",
    "techreport": "report",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
}


def csl_item(paper: Paper) -> dict[str, Any]:
    item: dict[str, Any] = {"id": paper.key, "type": _TYPES.get(paper.entry_type, "webpage"), "title": paper.title}
    authors = []
    for author in paper.authors:
        if not author.is_person:
            continue
        if not author.first and not author.von and not author.jr:
            authors.append({"literal": author.last})  # an organisation, or a mononym
        else:
            name = {"family": author.family, "given": author.first}
            if author.jr:
                name["suffix"] = author.jr
            authors.append(name)
    if authors:
        item["author"] = authors
    if paper.year:
        parts = [int(paper.year)]
        month = paper.field("month")
        if month and month.isdigit():
            parts.append(int(month))
        item["issued"] = {"date-parts": [parts]}
    if paper.entry_type == "misc" and paper.arxiv and not paper.field("howpublished"):
        item.update({"type": "article", "publisher": "arXiv", "number": paper.arxiv})
    elif paper.venue:
        key = (
            "publisher"
            if paper.entry_type in ("book", "techreport") and not paper.field("journal")
            else "container-title"
        )
        item[key] = paper.venue
    for field, csl in (("volume", "volume"), ("number", "issue"), ("pages", "page"), ("series", "collection-title")):
        value = paper.field(field)
        if value:
            item[csl] = latex_to_text(value).replace("–", "-")
    if paper.entry_type not in ("book", "techreport") and paper.field("publisher"):
        item["publisher"] = latex_to_text(paper.field("publisher") or "")
    if paper.doi:
        item["DOI"] = paper.doi
    url = paper.url or paper.arxiv_url
    if url:
        item["URL"] = url
    return item
