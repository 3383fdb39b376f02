"""The pipeline end to end on the fixture project: build, rebuild, refuse bad data."""

from __future__ import annotations

from pathlib import Path

import pytest

from survey_site.diagnostics import DataError
from survey_site.pipeline import Project, generate
from survey_site.render.urls import paper_source

from .helpers import SITE, run_cli


def test_second_build_rewrites_nothing(mini: Path) -> None:
    first = generate(Project(mini), SITE)
    assert "topics/debate/index.md" in first.written
    docs = mini / "docs"
    before = {p: p.stat().st_mtime_ns for p in docs.rglob("*") if p.is_file()}
    second = generate(Project(mini), SITE)
    assert second.written == () and second.removed == ()
    assert {p: p.stat().st_mtime_ns for p in docs.rglob("*") if p.is_file()} == before


def test_every_node_and_paper_gets_its_page(mini: Path) -> None:
    generate(Project(mini), SITE)
    for node in (
        "outer-alignment",
        "scalable-oversight",
        "debate",
        "constitutional-ai",
        "alignment-evaluation",
        "factuality-evaluation",
    ):
        assert (mini / "docs" / "topics" / node / "index.md").is_file()
    for key in ("ouyang2022training", "irving2018ai", "bai2022constitutional", "lin2022truthfulqa"):
        assert (mini / "docs" / paper_source(key)).is_file()


def test_bad_data_writes_nothing_and_keeps_previous_output(mini: Path) -> None:
    generate(Project(mini), SITE)
    docs = mini / "docs"
    before = {p: p.read_bytes() for p in docs.rglob("*") if p.is_file()}
    bib = mini / "bib" / "04-outer-alignment.bib"
    bib.write_text(bib.read_text().replace("year = {2018}", "year = {20l8}"))
    with pytest.raises(DataError) as info:
        generate(Project(mini), SITE)
    assert any("20l8" in d.message for d in info.value.diagnostics)
    assert {p: p.read_bytes() for p in docs.rglob("*") if p.is_file()} == before


def test_removed_node_page_is_removed(mini: Path) -> None:
    generate(Project(mini), SITE)
    path = mini / "taxonomy" / "08-alignment-evaluation.yaml"
    path.write_text(path.read_text().replace("      - ouyang2022training\n", ""))
    result = generate(Project(mini), SITE)
    assert "topics/factuality-evaluation/index.md" in result.written
    assert result.removed == ()


def test_validate_cli_exit_codes_and_github_format(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(["--root", str(mini), "validate"], capsys)
    assert code == 0 and "ok" in err
    bib = mini / "bib" / "04-outer-alignment.bib"
    bib.write_text(bib.read_text().replace("url = {https://arxiv.org/abs/1805.00899}", "url = {ftp://x}"))
    code, out, _ = run_cli(["--root", str(mini), "validate", "--format", "github"], capsys)
    assert code == 1
    assert out.strip() == (
        "::error file=bib/04-outer-alignment.bib,line=19,col=1,title=url::"
        "`url` of `irving2018ai` must be an http(s) URL, not `ftp://x` "
        "(links may only use https:// (or http://); other schemes are refused)"
    )


def test_empty_topic_says_so_and_offers_no_empty_downloads(mini: Path) -> None:
    tax = mini / "taxonomy" / "04-outer-alignment.yaml"
    tax.write_text(
        tax.read_text() + "      - id: market-making\n        title: Market Making\n        summary: >-\n"
        "          Arguments traded on a prediction market.\n"
    )
    generate(Project(mini), SITE)
    page = (mini / "docs" / "topics" / "market-making" / "index.md").read_text()
    assert "No papers yet." in page and "Suggest one" in page
    assert "download" not in page and "atom.xml" not in page and "Since the survey" not in page
    parent = (mini / "docs" / "topics" / "scalable-oversight" / "index.md").read_text()
    assert "downloads/topics/scalable-oversight.bib" in parent  # a topic with papers keeps its downloads


def test_site_topic_is_marked_and_claims_no_section(mini: Path) -> None:
    generate(Project(mini), SITE)
    page = (mini / "docs" / "topics" / "short-form-factuality" / "index.md").read_text()
    assert 'Added by this site on <time datetime="2026-11-30">2026-11-30</time>' in page
    assert "Survey §" not in page and "Survey in §" not in page
    assert "### Cited by the survey" not in page and "### Since the survey {#since}" in page
    parent = (mini / "docs" / "topics" / "factuality-evaluation" / "index.md").read_text()
    assert (
        '<a href="../short-form-factuality/">Short-form Factuality</a> <span class="sv-badge sv-badge--site">added by this site</span>'
        in parent
    )
    survey_topic = (mini / "docs" / "topics" / "debate" / "index.md").read_text()
    assert "### Cited by the survey {#survey-papers}" in survey_topic
    assert "No work published after the survey has been added here yet." in survey_topic


def test_home_counts_both_origins_and_leads_with_latest(mini: Path) -> None:
    generate(Project(mini), SITE)
    home = (mini / "docs" / "index.md").read_text()
    assert ">4 cited by the survey</a>" in home and ">1 added since</a>" in home
    assert home.index("## Latest additions") < home.index("## The taxonomy at a glance")
    first = home[home.index('<ul class="sv-latest">') :].splitlines()[1]
    assert "papers/wei2024measuring/" in first and "since the survey" in first  # the newest addition leads


def test_a_lost_manifest_does_not_stop_the_build(mini: Path) -> None:
    generate(Project(mini), SITE)
    (mini / "docs" / ".generated-files").unlink()
    result = generate(Project(mini), SITE)  # once: ConflictError blaming .site-nav.json
    assert result.survey is not None and (mini / "docs" / ".generated-files").is_file()
    assert generate(Project(mini), SITE).survey is None  # and the next build is a no-change build again


def test_a_changed_template_is_not_skipped_as_no_change(
    mini: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The no-change digest covers the page templates, not only the Python: editing one rebuilds."""
    import shutil

    from survey_site import pipeline

    package = Path(pipeline.__file__).parent
    copy = tmp_path / "survey_site"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(pipeline, "__file__", str(copy / "pipeline.py"))
    before = pipeline.input_digest(Project(mini), SITE)
    template = copy / "render" / "templates" / "paper.md"
    template.write_text(template.read_text() + "\n")
    assert pipeline.input_digest(Project(mini), SITE) != before


def test_a_serve_session_renders_once_even_when_the_docs_are_up_to_date(mini: Path) -> None:
    from survey_site import render

    generate(Project(mini), SITE)
    render._KEPT.clear()
    assert generate(Project(mini), SITE).unchanged == -1  # a build: nothing changed, nothing rendered
    assert not render.has_kept()
    # `make serve`'s first build renders (and writes nothing), so that the first save reuses its pages.
    first = generate(Project(mini), SITE, reuse=True)
    assert first.written == () and first.unchanged > 0 and render.has_kept()
    assert generate(Project(mini), SITE, reuse=True).unchanged == -1
    render._KEPT.clear()


def test_checks_kept_for_the_next_save_find_what_a_fresh_check_finds(mini: Path) -> None:
    from survey_site import validate
    from survey_site.pipeline import check, load

    data = load(Project(mini))
    fresh = check(data)
    assert check(data, reuse=True) == fresh
    assert validate._ENTRY_PROBLEMS and check(data, reuse=True) == fresh
    bib = mini / "bib" / "04-outer-alignment.bib"
    bib.write_text(bib.read_text().replace("year = {2018}", "year = {20l8}"))
    broken = load(Project(mini))
    found = check(broken, reuse=True)
    assert found == check(broken) and any("20l8" in d.message for d in found)
    check(broken)
    assert not validate._ENTRY_PROBLEMS  # a check without reuse keeps nothing


@pytest.mark.parametrize("enabled_before", [True, False])
def test_the_collector_is_off_while_records_are_built_and_as_before_after(
    mini: Path, monkeypatch: pytest.MonkeyPatch, enabled_before: bool
) -> None:
    import gc

    from survey_site import pipeline, render, validate

    seen: dict[str, bool] = {}

    def spy(name: str, fn):  # type: ignore[no-untyped-def]
        def inner(*args, **kwargs):  # type: ignore[no-untyped-def]
            seen[name] = gc.isenabled()
            return fn(*args, **kwargs)

        return inner

    monkeypatch.setattr(pipeline, "validate", spy("check", validate.validate))
    monkeypatch.setattr(pipeline, "formatted_references", spy("references", pipeline.formatted_references))
    monkeypatch.setattr(render, "render_site", spy("render", render.render_site))
    (gc.enable if enabled_before else gc.disable)()
    try:
        generate(Project(mini), SITE)
        after = gc.isenabled()
    finally:
        gc.enable()
    # Off for our own records; on while pybtex and citeproc-py format what the cache lacks.
    assert seen == {"check": False, "references": enabled_before, "render": False}
    assert after is enabled_before


def test_a_serve_session_decodes_again_only_the_entries_that_changed(mini: Path) -> None:
    from survey_site import pipeline
    from survey_site.pipeline import assemble, load

    first = assemble(load(Project(mini)), reuse=True)
    bib = mini / "bib" / "04-outer-alignment.bib"
    bib.write_text(bib.read_text().replace("{{AI} Safety via Debate}", "{{AI} Safety via Debate, Revisited}"))
    again = assemble(load(Project(mini)), reuse=True)
    assert again.papers["irving2018ai"].title == "AI Safety via Debate, Revisited"
    # The bib reader hands out the same entries for a file that did not change: their papers are the same records.
    unchanged = [k for k, p in first.papers.items() if p.source_path != "bib/04-outer-alignment.bib"]
    assert unchanged and all(again.papers[k] is first.papers[k] for k in unchanged)
    fresh = assemble(load(Project(mini)))
    assert fresh.papers == again.papers and not any(fresh.papers[k] is again.papers[k] for k in unchanged)
    assert not pipeline._DECODED  # an assemble without reuse keeps nothing
