"""Exports are usable by real tools: bibtex accepts the .bib, citeproc renders the CSL-JSON,
papers.json follows its schema, and feeds are well-formed Atom with stable ids."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import bibtexparser
import jsonschema
import pytest

from survey_site import render
from survey_site.pipeline import Project, assemble, load
from survey_site.render.pages import section_bibtex, survey_bibtex
from survey_site.render.urls import paper_source

from .helpers import ROOT, SITE

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def real_files() -> dict[str, str]:
    survey = assemble(load(Project(ROOT)))
    return render.render_site(survey, SITE)


@pytest.fixture(scope="module")
def real_survey():  # type: ignore[no-untyped-def]
    return assemble(load(Project(ROOT)))


def run_bibtex(tmp_path: Path, bib: str) -> str:
    if not shutil.which("bibtex"):
        pytest.fail("bibtex is missing: `make test` installs Debian's texlive-binaries (scripts/setup-system.sh)")
    (tmp_path / "corpus.bib").write_text(bib, encoding="utf-8")
    (tmp_path / "doc.aux").write_text("\\citation{*}\n\\bibstyle{plain}\n\\bibdata{corpus}\n", encoding="utf-8")
    result = subprocess.run(["bibtex", "doc"], cwd=tmp_path, capture_output=True, text=True)
    log = (tmp_path / "doc.blg").read_text(encoding="utf-8", errors="replace")
    assert result.returncode in (0, 1), result.stdout  # 1 = warnings only; 2 and up are errors
    assert "error message" not in log, log
    return (tmp_path / "doc.bbl").read_text(encoding="utf-8", errors="replace")


def test_bibtex_accepts_the_corpus_export(tmp_path: Path, real_files: dict[str, str], real_survey) -> None:  # type: ignore[no-untyped-def]
    bbl = run_bibtex(tmp_path, real_files["downloads/corpus.bib"])
    assert bbl.count("\\bibitem") == len(real_survey.papers)


def test_biber_accepts_the_corpus_export(tmp_path: Path, real_files: dict[str, str], real_survey) -> None:  # type: ignore[no-untyped-def]
    if not shutil.which("biber"):
        pytest.fail("biber is missing: `make test` installs Debian's biber (scripts/setup-system.sh)")
    (tmp_path / "corpus.bib").write_text(real_files["downloads/corpus.bib"], encoding="utf-8")
    result = subprocess.run(
        ["biber", "--tool", "--validate-datamodel", "--output-file", str(tmp_path / "out.bib"), "corpus.bib"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    log = result.stdout + result.stderr
    assert result.returncode == 0, log
    assert "ERROR" not in log, log
    assert (tmp_path / "out.bib").read_text(encoding="utf-8").count("@") >= len(real_survey.papers)


def test_bibtex_accepts_every_cite_this_section_entry(tmp_path: Path, real_survey) -> None:  # type: ignore[no-untyped-def]
    entries = [section_bibtex(real_survey, node, SITE) for node in real_survey.nodes.values()] + [
        survey_bibtex(real_survey)
    ]
    bbl = run_bibtex(tmp_path, "\n".join(entries))
    assert bbl.count("\\bibitem") == len(real_survey.nodes) + 1


def test_exports_leave_out_site_fields(real_files: dict[str, str], real_survey) -> None:  # type: ignore[no-untyped-def]
    library = bibtexparser.parse_string(real_files["downloads/corpus.bib"])
    assert len(library.entries) == len(real_survey.papers) and not library.failed_blocks
    for entry in library.entries:
        assert not {"tldr", "added", "origin", "code"} & set(entry.fields_dict)


def test_citeproc_renders_every_csl_item(real_files: dict[str, str], real_survey) -> None:  # type: ignore[no-untyped-def]
    import citeproc
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    items = json.loads(real_files["downloads/corpus.csl.json"])
    assert len(items) == len(real_survey.papers)
    style = CitationStylesStyle(
        str(Path(citeproc.__file__).parent / "data" / "styles" / "harvard-cite-them-right.csl"), validate=False
    )
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    rendered = [str(entry) for entry in bibliography.bibliography()]
    assert len(rendered) == len(items) and all(text.strip() for text in rendered)
    by_id = {i["id"]: i for i in items}
    assert by_id["lin2022truthfulqa"]["DOI"] == "10.18653/v1/2022.acl-long.229"
    assert by_id["ouyang2022training"]["type"] == "paper-conference"
    assert by_id["irving2018ai"]["type"] == "article" and by_id["irving2018ai"]["number"] == "1805.00899"


def test_papers_json_follows_its_schema(real_files: dict[str, str], real_survey) -> None:  # type: ignore[no-untyped-def]
    schema = json.loads(real_files["downloads/papers.schema.json"])
    jsonschema.Draft202012Validator.check_schema(schema)
    document = json.loads(real_files["downloads/papers.json"])
    jsonschema.validate(document, schema)
    assert len(document["papers"]) == len(real_survey.papers)
    paper = next(p for p in document["papers"] if p["key"] == "irving2018ai")
    assert paper["topics"] == ["debate"] and paper["page"] == "papers/irving2018ai/"


def test_feeds_are_atom_with_stable_ids(real_files: dict[str, str], real_survey) -> None:  # type: ignore[no-untyped-def]
    root = ET.fromstring(real_files["feeds/all.atom.xml"].encode())
    entries = root.findall(f"{ATOM}entry")
    assert 0 < len(entries) <= 50
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert all(re.fullmatch(r"https://example\.org/site/papers/[a-z0-9]+/", i or "") for i in ids)
    newest = max(p.added for p in real_survey.papers.values())
    assert root.findtext(f"{ATOM}updated") == f"{newest}T00:00:00+00:00"  # from the data, not the clock
    since = ET.fromstring(real_files["feeds/since-survey.atom.xml"].encode())
    terms = {c.get("term") for e in since.findall(f"{ATOM}entry") for c in e.findall(f"{ATOM}category")}
    assert terms <= {"contributed"}  # the feed of works since the survey holds only those
    for node in real_survey.nodes:
        ET.fromstring(real_files[f"feeds/topics/{node}.atom.xml"].encode())


def test_paper_page_has_library_formatted_references(mini: Path) -> None:
    from survey_site.pipeline import generate

    generate(Project(mini), SITE)
    page = (mini / "docs" / paper_source("lin2022truthfulqa")).read_text()
    texts = [html.unescape(t) for t in re.findall(r'<code class="sv-cite-plain">(.*?)</code>', page, re.S)]
    assert texts[0].startswith(
        "Stephanie Lin, Jacob Hilton, and Owain Evans. TruthfulQA: measuring how models mimic human falsehoods."
    )
    assert texts[1].startswith(
        "Lin, S., Hilton, J. and Evans, O. (2022) “TruthfulQA: Measuring How Models Mimic Human Falsehoods”"
    )
    assert (mini / ".cache").is_dir()  # formatted once, cached for the next build
