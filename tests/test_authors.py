"""Author pages: one stable slug per name, every name linked, and retired slugs kept alive by redirects."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from survey_site import permalinks
from survey_site.authors import author_slug, people
from survey_site.decode import parse_authors
from survey_site.model import Paper
from survey_site.pipeline import Project, generate, load
from survey_site.render.urls import author_source, paper_source

from .helpers import SITE, run_cli


def paper(key: str, authors: str) -> Paper:
    return Paper(
        key, "misc", key, parse_authors(authors), "2024", "", "", None, None, None, None, None, "", "", (), "", 1
    )


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Ouyang, Long", "long-ouyang"),
        ("Marasović, Ana", "ana-marasovic"),
        ("Daum{\\'e} III, Hal", "hal-daume-iii"),
        ("Daumé, III, Hal", "hal-daume-iii"),  # BibTeX's `jr` part
        ("van der Maaten, Laurens", "laurens-van-der-maaten"),
        ("Bowman, Samuel R.", "samuel-r-bowman"),
        ("{OpenAI}", "openai"),
        ("El-Showk, Sheer", "sheer-el-showk"),
        ("王, 小明", "小明-王"),  # no ASCII form: the script's own letters
    ],
)
def test_slug_is_the_name_folded_to_url_words(name: str, slug: str) -> None:
    (author,) = parse_authors(name)
    assert author_slug(author) == slug


def test_spellings_that_fold_alike_are_one_person_named_by_the_commonest_spelling() -> None:
    found = people(
        [
            paper("a", "Munos, Remi and Leike, Jan"),
            paper("b", "Munos, Rémi and others"),
            paper("c", "Munos, Rémi and Munos, Rémi"),  # written twice on one paper: counted once
        ]
    )
    assert list(found) == ["jan-leike", "remi-munos"]  # by family name
    remi = found["remi-munos"]
    assert remi.name == "Rémi Munos" and remi.spellings == ("Remi Munos",)
    assert remi.papers == ("a", "b", "c")
    assert "others" not in found


def test_a_tie_goes_to_the_accented_spelling() -> None:
    found = people([paper("a", "Munos, Remi"), paper("b", "Munos, Rémi")])
    assert found["remi-munos"].name == "Rémi Munos"


def test_every_author_has_a_page_and_every_linked_name_reaches_one(mini: Path) -> None:
    generate(Project(mini), SITE)
    docs = mini / "docs"
    pages = {p.relative_to(docs).as_posix() for p in (docs / "authors").rglob("*.md")} - {"authors/index.md"}
    assert author_source("long-ouyang") in pages and author_source("dario-amodei") in pages
    linked: set[str] = set()
    for page in docs.rglob("*.md"):
        for target in re.findall(r'href="((?:\.\./)*)authors/([^/"]+)/"', page.read_text()):
            linked.add(target[1])
    with_page = {author_source(slug) for slug in linked}
    assert with_page == pages, (
        f"linked without a page: {sorted(with_page - pages)}; pages nobody links: {sorted(pages - with_page)}"
    )
    index = (docs / "authors" / "index.md").read_text()
    assert all(f'href="{slug}/"' in index for slug in linked)
    # The paper page's author row links each name; the author page lists the paper under its year, with its topics.
    ouyang = (docs / paper_source("ouyang2022training")).read_text()
    assert (
        '<a href="../../authors/long-ouyang/">Long Ouyang</a>, <a href="../../authors/jeff-wu/">Jeff Wu</a>' in ouyang
    )
    amodei = (docs / author_source("dario-amodei")).read_text()
    assert amodei.index("## 2022 {#y2022}") < amodei.index("bai2022constitutional") < amodei.index("## 2018 {#y2018}")
    assert amodei.index("## 2018 {#y2018}") < amodei.index('href="../../papers/irving2018ai/"')
    assert 'Topics: <a href="../../topics/debate/">Debate</a>' in amodei


def rename_irving(project: Path) -> None:
    bib = project / "bib" / "04-outer-alignment.bib"
    bib.write_text(bib.read_text().replace("Irving, Geoffrey", "Irving, Geoffrey Q."))


@pytest.fixture
def released(mini: Path) -> Path:
    """The fixture with its URLs registered, author pages among them."""
    permalinks.update_registry(mini, permalinks.index_of(load(Project(mini))))
    assert "/authors/geoffrey-irving/" in (mini / "permalinks.txt").read_text().splitlines()
    return mini


def test_a_corrected_name_needs_an_alias_for_its_old_page(released: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rename_irving(released)
    code, _, err = run_cli(["--root", str(released), "validate"], capsys)
    line = (released / "permalinks.txt").read_text().splitlines().index("/authors/geoffrey-irving/") + 1
    assert code == 1
    assert (
        f"permalinks.txt:{line}:1: published URL `/authors/geoffrey-irving/` would stop resolving: no author "
        "`geoffrey-irving` (a name was corrected, or its last paper removed) (add `geoffrey-irving<TAB>new-slug` "
        "to bib/AUTHOR-ALIASES.tsv, so the old page redirects to the author's page now)"
    ) in err.splitlines()


def test_an_alias_row_redirects_the_old_author_page(released: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rename_irving(released)
    (released / "bib" / "AUTHOR-ALIASES.tsv").write_text("old\tnew\ngeoffrey-irving\tgeoffrey-q-irving\n")
    code, _, err = run_cli(["--root", str(released), "validate"], capsys)
    assert code == 0, err
    generate(Project(released), SITE)
    page = (released / "docs" / "authors" / "geoffrey-irving" / "index.html").read_text()
    assert '<meta http-equiv="refresh" content="0; url=../geoffrey-q-irving/">' in page
    assert (released / "docs" / author_source("geoffrey-q-irving")).is_file()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("slug\tnew\n", "bib/AUTHOR-ALIASES.tsv:1:1: the first row is not the header `old<TAB>new`"),
        ("old\tnew\ngeoffrey-irving\n", "bib/AUTHOR-ALIASES.tsv:2:1: a row has 1 tab-separated cells, not 2"),
        (
            "old\tnew\n\nGeoffrey Irving\tx\n",
            "bib/AUTHOR-ALIASES.tsv:3:1: `Geoffrey Irving` or `x` is not an author slug",
        ),
        ("old\tnew\ngeoffrey-irving\tlong-ouyang\n", "`geoffrey-irving` is still an author in the corpus"),
        ("old\tnew\nno-such-person\tnobody-either\n", "`nobody-either` is not an author in the corpus"),
        ("old\tnew\njo-doe\tlong-ouyang\njo-doe\tjeff-wu\n", "AUTHOR-ALIASES.tsv:3:1: `jo-doe` is retired twice"),
    ],
)
def test_a_bad_alias_file_is_reported_at_its_line(
    mini: Path, capsys: pytest.CaptureFixture[str], text: str, expected: str
) -> None:
    (mini / "bib" / "AUTHOR-ALIASES.tsv").write_text(text)
    code, _, err = run_cli(["--root", str(mini), "validate"], capsys)
    assert code == 1
    assert expected in err, err
    assert "Traceback" not in err
