"""Where the generator puts a page's Markdown, against the URL MkDocs publishes it at (fixed by DESIGN.md)."""

from __future__ import annotations

import pytest
from mkdocs.structure.files import File

from survey_site.render.urls import author_source, author_url, paper_source, paper_url, rel, topic_source, topic_url


def published_at(source: str) -> str:
    return File(source, "docs", "site", use_directory_urls=True).url


@pytest.mark.parametrize("name", ["ouyang2022training", "long-ouyang", "index", "readme", "x"])
def test_each_source_is_published_at_its_url(name: str) -> None:
    assert published_at(paper_source(name)) == paper_url(name)
    assert published_at(author_source(name)) == author_url(name)
    assert published_at(topic_source(name)) == topic_url(name)


def test_a_page_named_index_does_not_take_the_place_of_its_folders_list() -> None:
    assert paper_source("index") != "papers/index.md"
    assert author_source("index") != "authors/index.md"
    assert published_at("papers/index.md") == "papers/"


@pytest.mark.parametrize(
    ("start", "target", "expected"),
    [
        ("papers/a/", "papers/b/", "../b/"),
        ("papers/a/", "authors/x/", "../../authors/x/"),
        ("", "papers/a/", "papers/a/"),
        ("papers/a/", "", "../../"),
        ("papers/a/", "papers/a/", "./"),
        ("topics/t/", "downloads/t.bib", "../../downloads/t.bib"),
    ],
)
def test_relative_links_between_page_urls(start: str, target: str, expected: str) -> None:
    assert rel(start, target) == expected
