"""The hook's pre-rendered blocks (prerendered.py) give the HTML that Markdown gives, anchors included."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from mkdocs.structure.pages import _RawHTMLPreprocessor
from mkdocs.utils.meta import get_data

from survey_site import pipeline, prerendered, render
from survey_site.siteconfig import load_site_config

from .helpers import ROOT

# mkdocs.yml's markdown_extensions
EXTENSIONS = ["attr_list", "admonition", "tables", "toc"]
CONFIGS = {"toc": {"permalink": True}}


def _markdown(source: str) -> tuple[str, set[str]]:
    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=CONFIGS)
    raw = _RawHTMLPreprocessor()
    raw._register(md)
    return md.convert(source), raw.present_anchor_ids


def _through_the_hook(source: str) -> tuple[str, set[str], str]:
    """What the page becomes with the hook: HTML as the template sees it, anchors, and what search sees."""
    stashed = prerendered.stash(source)
    html, anchors = _markdown(stashed.markdown)
    restored = prerendered.restore(html, stashed.blocks)
    return (
        prerendered.fill(restored.html, restored.insides),
        anchors | prerendered.anchor_ids(stashed.blocks),
        restored.html,
    )


def _real_pages() -> dict[str, str]:
    survey = pipeline.assemble(pipeline.load(pipeline.Project(ROOT)))
    files = render.render_site(survey, load_site_config(ROOT), (ROOT / "CHANGELOG.md").read_text(encoding="utf-8"))
    return {path: text for path, text in files.items() if path.endswith(".md")}


@pytest.fixture(scope="module")
def real_pages() -> dict[str, str]:
    return _real_pages()


def test_every_generated_page_renders_to_the_same_html_and_anchors(real_pages: dict[str, str]) -> None:
    stashed_blocks = 0
    for path, text in real_pages.items():
        body, _ = get_data(text)
        plain, plain_anchors = _markdown(body)
        html, anchors, _ = _through_the_hook(body)
        assert html == plain, path
        assert anchors == plain_anchors, path
        stashed_blocks += len(prerendered.stash(body).blocks)
    assert stashed_blocks > len(real_pages)  # the mechanism is in use, not bypassed


def test_search_sees_excluded_blocks_hollow(real_pages: dict[str, str]) -> None:
    topic = next(
        text for path, text in sorted(real_pages.items()) if path.startswith("topics/") and "sv-papers" in text
    )
    _, for_search = _through_the_hook(get_data(topic)[0])[::2]
    assert 'class="sv-paper"' not in for_search  # the paper list (data-search-exclude) is left out
    assert "data-search-exclude><!--" in for_search
    assert "<h1" in for_search


def test_blocks_markdown_would_change_are_left_to_markdown() -> None:
    page = "\n".join(
        [
            "# Title",
            "",
            "<p>kept</p>",
            "",
            "```",
            "<div>in a fence</div>",
            "```",
            "",
            "<div>a\ttab</div>",
            "",
            "<span>inline, not a block</span>",
            "",
            "<div>",
            "<div>unbalanced</div>",
            "",
            "<p>inside the unclosed div for Markdown: not taken</p>",
        ]
    )
    stashed = prerendered.stash(page)
    assert stashed.blocks == ("<p>kept</p>",)
    assert _through_the_hook(page)[0] == _markdown(page)[0]


def test_a_page_that_holds_the_token_is_left_alone() -> None:
    page = f"<p>{prerendered.MARKER}0</p>\n"
    assert prerendered.stash(page) == prerendered.Stashed(page, ())


def test_a_lost_token_is_an_error() -> None:
    with pytest.raises(ValueError, match="kept 0 of 1"):
        prerendered.restore("<p>nothing</p>", ("<p>x</p>",))


def test_golden_pages_render_the_same(tmp_path: Path) -> None:
    golden = ROOT / "tests" / "golden" / "mini"
    for path in sorted(golden.rglob("*.md")):
        body = get_data(path.read_text(encoding="utf-8"))[0]
        assert _through_the_hook(body)[0] == _markdown(body)[0], path


def test_only_an_attribute_named_data_search_exclude_hollows_an_element() -> None:
    block = '<ul class="x">\n<li title="a data-search-exclude b" data-text="data-search-exclude">kept</li>\n</ul>'
    stashed = prerendered.stash(block)
    restored = prerendered.restore(_markdown(stashed.markdown)[0], stashed.blocks)
    assert restored.html == block and restored.insides == ()
    nested = '<div class="wrap">\n<table data-search-exclude>\n<tr><td>row</td></tr>\n</table>\n</div>'
    restored = prerendered.restore(_markdown(prerendered.stash(nested).markdown)[0], (nested,))
    assert "row" not in restored.html and prerendered.fill(restored.html, restored.insides) == nested
