"""`make serve`'s dirty rebuilds: when to rebuild everything, and how the search index is kept whole."""

from __future__ import annotations

from pathlib import Path

from survey_site import serving


def test_a_site_wide_change_or_a_removed_page_rebuilds_everything() -> None:
    pages = frozenset({"index.md", "papers/a/index.md"})
    assert not serving.must_rebuild_all("f", "f", pages, pages)
    assert not serving.must_rebuild_all("f", "f", pages, pages | {"papers/b/index.md"})  # a new page is just built
    assert serving.must_rebuild_all("f", "g", pages, pages)  # nav, data version, config or overrides
    assert serving.must_rebuild_all("f", "f", pages, frozenset({"index.md"}))  # its HTML would stay behind
    assert serving.must_rebuild_all(None, "f", frozenset(), pages)  # the first build


def test_fingerprint_follows_nav_config_and_overrides(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n")
    overrides = tmp_path / "docs" / "overrides"
    overrides.mkdir(parents=True)
    (overrides / "main.html").write_text("a")
    first = serving.site_fingerprint(tmp_path, tmp_path / "docs", '{"nav": []}')
    assert first == serving.site_fingerprint(tmp_path, tmp_path / "docs", '{"nav": []}')
    assert first != serving.site_fingerprint(tmp_path, tmp_path / "docs", '{"nav": [1]}')
    (overrides / "main.html").write_text("b")
    assert first != serving.site_fingerprint(tmp_path, tmp_path / "docs", '{"nav": []}')


def test_search_keeps_every_page_not_rebuilt() -> None:
    previous = [
        {"location": "", "title": "Home"},
        {"location": "papers/a/", "title": "A"},
        {"location": "papers/a/#cite", "title": "Cite"},
        {"location": "papers/ab/", "title": "AB"},
        {"location": "topics/t/", "title": "T"},
    ]
    current = [{"location": "papers/a/", "title": "A, edited"}, {"location": "topics/t/", "title": "T2"}]
    merged = serving.merge_search_entries(previous, current, {"papers/a/", "topics/t/"})
    assert [e["title"] for e in merged] == ["Home", "AB", "A, edited", "T2"]
