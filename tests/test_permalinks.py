"""Published URLs keep resolving: renames need aliases, aliases make redirect pages."""

from __future__ import annotations

import re
from pathlib import Path

import bibtexparser
import pytest

from survey_site import permalinks
from survey_site.diagnostics import DataError
from survey_site.pipeline import Project, generate, load

from .helpers import ROOT, SITE, run_cli


@pytest.fixture
def mini(mini: Path) -> Path:
    """The fixture project with its published URLs registered, as a released site has."""
    permalinks.update_registry(mini, permalinks.index_of(load(Project(mini))))
    return mini


def rename_node(project: Path, alias: bool) -> None:
    path = project / "taxonomy" / "04-outer-alignment.yaml"
    text = path.read_text().replace(
        "      - id: debate\n", "      - id: ai-debate\n" + ("        aliases:\n          - debate\n" if alias else "")
    )
    path.write_text(text)


def rename_key(project: Path, alias: bool) -> None:
    bib = project / "bib" / "04-outer-alignment.bib"
    text = (
        bib.read_text()
        .replace("@misc{irving2018ai,", "@misc{irving2019ai,")
        .replace("  year = {2018},\n  eprint = {1805.00899},", "  year = {2019},\n  eprint = {1805.00899},")
    )
    if alias:
        text = text.replace(
            "  url = {https://arxiv.org/abs/1805.00899},",
            "  url = {https://arxiv.org/abs/1805.00899},\n  ids = {irving2018ai},",
        )
    bib.write_text(text)
    tax = project / "taxonomy" / "04-outer-alignment.yaml"
    tax.write_text(tax.read_text().replace("- irving2018ai", "- irving2019ai"))


def test_renamed_node_without_alias_fails_the_build(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rename_node(mini, alias=False)
    with pytest.raises(DataError):
        generate(Project(mini), SITE)
    code, _, err = run_cli(["--root", str(mini), "validate"], capsys)
    assert code == 1
    line = (mini / "permalinks.txt").read_text().splitlines().index("/topics/debate/") + 1
    assert (
        f"permalinks.txt:{line}:1: published URL `/topics/debate/` would stop resolving: no topic `debate` "
        "(add `debate` to the `aliases:` of the topic that replaces it, so the old URL redirects there)"
    ) in err.splitlines()


def test_renamed_node_with_alias_builds_and_redirects(mini: Path) -> None:
    rename_node(mini, alias=True)
    generate(Project(mini), SITE)
    page = (mini / "docs" / "topics" / "debate" / "index.html").read_text()
    assert '<meta http-equiv="refresh" content="0; url=../ai-debate/">' in page
    assert '<link rel="canonical" href="https://example.org/site/topics/ai-debate/">' in page
    assert (mini / "docs" / "topics" / "ai-debate" / "index.md").is_file()


def test_renamed_key_without_alias_fails_the_build(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rename_key(mini, alias=False)
    code, _, err = run_cli(["--root", str(mini), "validate"], capsys)
    assert code == 1
    assert any(
        "published URL `/papers/irving2018ai/` would stop resolving: no paper `irving2018ai`" in line
        for line in err.splitlines()
    )
    assert any(
        "`/topics/debate/#irving2018ai` would stop resolving: anchor `#irving2018ai` is gone" in line
        for line in err.splitlines()
    )


def test_renamed_key_with_alias_builds_and_redirects(mini: Path) -> None:
    rename_key(mini, alias=True)
    generate(Project(mini), SITE)
    page = (mini / "docs" / "papers" / "irving2018ai" / "index.html").read_text()
    assert '<meta http-equiv="refresh" content="0; url=../irving2019ai/">' in page
    # the old anchor on the topic page still exists
    assert '<span id="irving2018ai"></span>' in (mini / "docs" / "topics" / "debate" / "index.md").read_text()


def test_dropped_anchor_fails(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tax = mini / "taxonomy" / "08-alignment-evaluation.yaml"
    tax.write_text(tax.read_text().replace("      - ouyang2022training\n", ""))
    code, _, err = run_cli(["--root", str(mini), "validate"], capsys)
    assert code == 1
    assert "`/topics/factuality-evaluation/#ouyang2022training` would stop resolving" in err


def test_update_adds_and_never_drops(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    registry = mini / "permalinks.txt"
    before = registry.read_text().splitlines()
    rename_node(mini, alias=True)
    code, _, _ = run_cli(["--root", str(mini), "permalinks", "--update"], capsys)
    after = registry.read_text().splitlines()
    assert code == 0
    assert set(before) <= set(after)
    assert "/topics/ai-debate/" in after and after == sorted(after)


def test_real_registry_is_sorted_and_current(capsys: pytest.CaptureFixture[str]) -> None:
    lines = (ROOT / "permalinks.txt").read_text().splitlines()
    assert lines == sorted(lines) and len(lines) == len(set(lines))
    code, _, err = run_cli(["--root", str(ROOT), "permalinks"], capsys)
    assert code == 0, err


def test_cite_box_of_a_topic_page(mini: Path) -> None:
    generate(Project(mini), SITE)
    page = (mini / "docs" / "topics" / "scalable-oversight" / "index.md").read_text()
    assert "## Cite this section {#cite}" in page
    permalink = re.search(r'class="sv-permalink" href="([^"]+)"', page).group(1)
    assert permalink == "https://example.org/site/topics/scalable-oversight/"
    entry_html = re.search(r'<code class="language-bibtex sv-cite-bibtex">(.*?)</code>', page, re.S).group(1)
    import html

    library = bibtexparser.parse_string(html.unescape(entry_html))
    assert not library.failed_blocks and len(library.entries) == 1
    entry = library.entries[0]
    assert entry.key == "shen2023alignment:scalable-oversight"
    assert entry["url"] == permalink
    assert entry["title"] == "Scalable Oversight (topic page)"
    # The page is the site's writing: the site is the author, and the survey is named as what it accompanies.
    assert entry["author"] == f"{{{SITE.name}}}" and "Shen" not in entry["author"]
    assert "Shen et al. (2023)" in entry["howpublished"] and "arXiv:2309.15025" in entry["howpublished"]
    data_version = re.search(r"Data version (\d{4}-\d{2}-\d{2})", entry["note"]).group(1)
    assert entry["year"] == data_version[:4]
    assert "urldate" not in entry.fields_dict  # the reader's browser adds the day it was read
    plain = re.search(r'<code class="sv-cite-plain">(.*?)</code>', page, re.S).group(1)
    assert html.unescape(plain).startswith(f"{SITE.name} ({data_version[:4]}). Scalable Oversight")
    assert "data-access-date" in page


def test_a_numbered_section_offers_its_latex_cite_and_an_unnumbered_one_none(mini: Path) -> None:
    from survey_site.pipeline import assemble

    generate(Project(mini), SITE)
    survey = assemble(load(Project(mini)))
    numbered = [n for n in survey.nodes.values() if n.paper_section]
    assert numbered and len(numbered) < len(survey.nodes)
    for node in survey.nodes.values():
        page = (mini / "docs" / "topics" / node.id / "index.md").read_text()
        latex = re.findall(r'<code class="language-latex sv-cite-latex">(.*?)</code>', page)
        if node.paper_section:
            assert latex == [rf"\cite[\S{node.paper_section}]{{{survey.meta.citation_key}}}"], node.id
        else:
            assert latex == [], f"{node.id} has no confirmed section number, yet offers {latex}"
