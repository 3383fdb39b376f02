"""The real data: it validates, and the real site builds with --strict with a page per node and paper."""

from __future__ import annotations

from pathlib import Path

import pytest

from survey_site.pipeline import Project, assemble, check, load

from .helpers import ROOT, run_cli

# The permanent node ids of ../shared/survey-outline.md (they are URLs people cite).
OUTLINE_IDS = [
    "why-alignment",
    "social-ethical-risks",
    "undesirable-content",
    "unfaithful-content",
    "malicious-uses",
    "societal-impacts",
    "advanced-llm-risks",
    "what-is-alignment",
    "outer-alignment",
    "non-recursive-oversight",
    "rl-based-methods",
    "sl-based-methods",
    "scalable-oversight",
    "task-decomposition",
    "constitutional-ai",
    "debate",
    "market-making",
    "proxy-tasks",
    "inner-alignment",
    "mechanistic-interpretability",
    "attacks",
    "privacy-attacks",
    "backdoor-attacks",
    "adversarial-attacks",
    "alignment-evaluation",
    "factuality-evaluation",
    "ethics-evaluation",
    "toxicity-evaluation",
    "toxicity-task-specific",
    "toxicity-llm-centered",
    "bias-evaluation",
    "bias-task-specific",
    "bias-llm-centered",
    "hate-speech-detection",
    "general-evaluation",
    "future-directions",
    "related-surveys",
]


def test_real_data_has_no_errors(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(["--root", str(ROOT), "validate"], capsys)
    assert code == 0, err


def test_taxonomy_has_every_outline_node_in_order() -> None:
    """The survey's own nodes keep their ids and order; every other node says it is the site's, with no section."""
    survey = assemble(load(Project(ROOT)))
    assert [n.id for n in survey.nodes.values() if not n.is_site_node] == OUTLINE_IDS
    for node in survey.nodes.values():
        if node.is_site_node:
            assert node.added and node.paper_section is None, node.id
    chapters = {n.id: n.paper_section for n in survey.nodes.values() if n.depth == 0}
    assert chapters == {
        "why-alignment": "2",
        "what-is-alignment": "3",
        "outer-alignment": "4",
        "inner-alignment": "5",
        "mechanistic-interpretability": "6",
        "attacks": "7",
        "alignment-evaluation": "8",
        "future-directions": "9",
        "related-surveys": None,
    }
    assert survey.nodes["debate"].parent == "scalable-oversight"
    assert survey.nodes["hate-speech-detection"].parent == "bias-evaluation"


def test_corpus_origins() -> None:
    """The works the survey cites are exactly those of the reading-list table; everything else was contributed."""
    import csv

    data = load(Project(ROOT))
    assert not [d for d in check(data) if d.is_error]
    survey = assemble(data)
    table = Path(__file__).parent / "data" / "reading_list_works.tsv"
    lines = [line for line in table.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    cited = {row["citation_key"] for row in csv.DictReader(lines, delimiter="\t")}
    assert {k for k, p in survey.papers.items() if p.origin == "survey-v1"} == cited
    assert {p.origin for k, p in survey.papers.items() if k not in cited} <= {"contributed"}


@pytest.mark.slow
def test_real_site_builds_strict_with_every_page(built_site: Path) -> None:
    survey = assemble(load(Project(ROOT)))
    for node_id in survey.nodes:
        assert (built_site / "topics" / node_id / "index.html").is_file(), node_id
    for key in survey.papers:
        assert (built_site / "papers" / key / "index.html").is_file(), key
    assert (built_site / "index.html").is_file()


@pytest.mark.slow
def test_edit_links_lead_to_the_data(built_site: Path) -> None:
    topic = (built_site / "topics" / "debate" / "index.html").read_text()
    assert (
        'href="https://github.com/shen-survey-site/llm-alignment/edit/main/taxonomy/04-outer-alignment.yaml"' in topic
    )
    assert "/blob/main/taxonomy/04-outer-alignment.yaml#L" in topic  # the node's line, where GitHub can show it
    assert "issues/new?template=correct-entry.yml&amp;page=debate" in topic
    paper = (built_site / "papers" / "irving2018ai" / "index.html").read_text()
    assert 'href="https://github.com/shen-survey-site/llm-alignment/edit/main/bib/04-outer-alignment.bib"' in paper
    assert "page=irving2018ai" in paper
    assert (
        "/edit/main/docs/browse.md" not in (built_site / "browse" / "index.html").read_text()
    )  # generated: no file to edit


@pytest.mark.slow
def test_papers_index_lists_every_paper_newest_year_first(built_site: Path) -> None:
    from selectolax.lexbor import LexborHTMLParser

    survey = assemble(load(Project(ROOT)))
    page = LexborHTMLParser((built_site / "papers" / "index.html").read_text())
    linked = [a.attributes.get("href") or "" for a in page.css("ul.sv-paper-index li > a:first-child")]
    assert sorted(h.removeprefix("./").strip("/") for h in linked) == sorted(survey.papers)
    years = [
        int((h.attributes.get("id") or "")[1:]) for h in page.css("h2") if (h.attributes.get("id") or "")[1:].isdigit()
    ]
    assert years == sorted(years, reverse=True) and len(years) > 5


@pytest.mark.slow
def test_reader_facing_details(built_site: Path) -> None:
    from selectolax.lexbor import LexborHTMLParser

    home = LexborHTMLParser((built_site / "index.html").read_text())
    site_name = "LLM Alignment Survey Companion"
    assert home.css_first("title").text() == site_name  # once, not "Name - Name"
    nav = " ".join(a.attributes.get("href") or "" for a in home.css("nav.md-nav a"))
    assert (
        "benchmarks/" not in nav and (built_site / "benchmarks" / "index.html").is_file()
    )  # a developers' page, off the nav
    paper = LexborHTMLParser((built_site / "papers" / "irving2018ai" / "index.html").read_text())
    crumb = paper.css_first("nav.sv-breadcrumb")
    assert crumb is not None and crumb.css("span[aria-current=page]")[0].text() == "AI Safety via Debate"
    assert [a.attributes.get("href") for a in crumb.css("a")] == ["../../", "../"]
    missing = LexborHTMLParser((built_site / "404.html").read_text())
    links = {a.text(): a.attributes.get("href") for a in missing.css("ul.sv-404 a")}
    assert {"Topics", "Papers", "Browse", "Home"} <= set(links) and links["Topics"].endswith("/topics/")


def test_related_papers_are_related_by_content_not_by_authors_alone() -> None:
    from survey_site.render.related import related_map

    survey = assemble(load(Project(ROOT)))
    related, _ = related_map(survey)
    for key, picks in related.items():
        for other, why in picks:
            reasons = " ".join(why)
            assert "topic" in reasons or "word" in reasons, (key, other.key, why)
    instructgpt = [o.key for o, _ in related["ouyang2022training"]]
    topics = set(survey.topics_of["ouyang2022training"])
    assert all(set(survey.topics_of.get(k, ())) & topics for k in instructgpt[:2])  # its closest are topic mates
