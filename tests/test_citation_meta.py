"""Paper pages carry what reference managers read: Highwire tags, schema.org JSON-LD, OpenGraph.

Read back from a real MkDocs build with real extractors: extruct for JSON-LD and OpenGraph
(what crawlers use), the HTML5 parser for the `citation_*` tags (what Zotero's Embedded
Metadata translator and Google Scholar read).
"""

from __future__ import annotations

import json
from pathlib import Path

import extruct
import pytest
from selectolax.lexbor import LexborHTMLParser

from survey_site.pipeline import Project, assemble, load
from survey_site.render.citation_meta import json_ld

from .helpers import SITE, make_site_project, mkdocs_build


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import shutil

    from .helpers import FIXTURE

    project = tmp_path_factory.mktemp("meta") / "project"
    shutil.copytree(FIXTURE, project)
    make_site_project(project)
    result = mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.stderr[-2000:]
    return project


def meta(html: str) -> list[tuple[str, str]]:
    tree = LexborHTMLParser(html)
    return [
        (n.attributes.get("name") or "", n.attributes.get("content") or "") for n in tree.css("meta[name^=citation_]")
    ]


@pytest.mark.slow
def test_highwire_tags_name_every_author_and_the_venue(built: Path) -> None:
    html = (built / "site" / "papers" / "ouyang2022training" / "index.html").read_text()
    tags = meta(html)
    paper = assemble(load(Project(built))).papers["ouyang2022training"]
    assert ("citation_title", paper.title) in tags
    authors = [v for k, v in tags if k == "citation_author"]
    assert authors == [a.display for a in paper.authors if a.last != "others"] and len(authors) > 10
    assert ("citation_publication_date", "2022") in tags
    assert ("citation_conference_title", "Advances in Neural Information Processing Systems") in tags
    assert ("citation_arxiv_id", "2203.02155") in tags and (
        "citation_pdf_url",
        "https://arxiv.org/pdf/2203.02155",
    ) in tags


@pytest.mark.slow
def test_json_ld_and_opengraph_are_read_by_a_real_extractor(built: Path) -> None:
    html = (built / "site" / "papers" / "lin2022truthfulqa" / "index.html").read_text()
    data = extruct.extract(html, base_url="https://example.org/", syntaxes=["json-ld", "opengraph"], uniform=True)
    article = data["json-ld"][0]
    assert article["@type"] == "ScholarlyArticle"
    assert article["name"].startswith("TruthfulQA")
    assert article["identifier"]["value"] == "10.18653/v1/2022.acl-long.229"
    assert article["author"][0]["name"] == "Stephanie Lin"
    og = data["opengraph"][0]
    assert (
        og["@type"] == "article"
        and og["og:title"].startswith("TruthfulQA")
        and og["og:url"].endswith("/papers/lin2022truthfulqa/")
    )


def test_json_ld_cannot_close_its_script_element() -> None:
    survey = assemble(load(Project(Path(__file__).parent / "fixtures" / "mini")))
    paper = survey.papers["irving2018ai"]
    hostile = type(paper)(**{**paper.__dict__, "title": "x</script><script>alert(1)</script> & <!--"})
    text = json_ld(hostile, SITE)
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["name"] == "x</script><script>alert(1)</script> & <!--"


def test_byline_names_the_first_author_then_venue_and_year() -> None:
    """The line above a paper's title, which Material's search also shows under the result's title."""
    import dataclasses

    from survey_site.model import Author
    from survey_site.render.pages import byline

    paper = assemble(load(Project(Path(__file__).parent / "fixtures" / "mini"))).papers["irving2018ai"]
    a, b, c = (
        Author("Geoffrey", "", "Irving", ""),
        Author("Paul", "", "Christiano", ""),
        Author("Dario", "", "Amodei", ""),
    )
    others = Author("", "", "others", "")
    venue = f"{paper.venue_short} {paper.year}".strip()
    cases = {
        (a,): f"Irving · {venue}",
        (a, b): f"Irving and Christiano · {venue}",
        (a, b, c): f"Irving et al. · {venue}",
        (a, others): f"Irving et al. · {venue}",
        (Author("Ludwig", "van", "Beethoven", ""),): f"van Beethoven · {venue}",
    }
    for authors, expected in cases.items():
        assert byline(dataclasses.replace(paper, authors=authors)) == expected
    assert byline(dataclasses.replace(paper, authors=(), venue_short="", year="")) == ""
