"""Contributed text is untrusted: it is escaped wherever it lands, or refused.

Payloads go into every field of the fixture project, the real MkDocs build runs, and the
built HTML, feed and JSON are inspected: the payload is visible as text and never became
an element, an attribute or a link.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from survey_site.sitecheck import check_site
from survey_site.text import latex_to_text

from .helpers import make_site_project, mkdocs_build, run_cli

TITLE = '{AI} Safety <script>alert(1)</script> & "quotes" | pipe {: onclick="x" } [link](javascript:alert(2)) {{ config.site_name }} --8<-- "mkdocs.yml"'
AUTHOR = "Mallory, <img src=x onerror=alert(3)>"
VENUE = "Proc. <iframe src=//evil.example></iframe> Conf | x"
TLDR = '" onmouseover="alert(4) *bold* <b>b</b> ]]> & </code>'
SUMMARY = 'A topic <script>alert(5)</script> with [bad](javascript:alert(6)) and {: onclick="y" } and ![img](https://evil.example/x.png)'


class TextAndTags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: set[str] = set()
        self.attrs: set[str] = set()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attrs.update(name for name, _ in attrs)
        self.hrefs += [v or "" for k, v in attrs if k in ("href", "src")]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(path: Path) -> TextAndTags:
    parser = TextAndTags()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import shutil

    from .helpers import FIXTURE

    project = tmp_path_factory.mktemp("hostile") / "project"
    shutil.copytree(FIXTURE, project)
    bib = project / "bib" / "04-outer-alignment.bib"
    text = bib.read_text()
    text = text.replace("title = {{AI} Safety via Debate}", "title = {" + TITLE + "}")
    text = text.replace(
        "author = {Irving, Geoffrey and Christiano, Paul and Amodei, Dario}",
        "author = {Irving, Geoffrey and " + AUTHOR + "}",
    )
    text = text.replace(
        "  year = {2018},\n  eprint = {1805.00899},",
        "  year = {2018},\n  howpublished = {" + VENUE + "},\n  eprint = {1805.00899},",
    )
    text = text.replace("tldr = {Proposes training agents", "tldr = {" + TLDR + " Proposes training agents")
    bib.write_text(text)
    tax = project / "taxonomy" / "04-outer-alignment.yaml"
    tax.write_text(tax.read_text().replace("Two models argue and a judge decides.", SUMMARY))
    make_site_project(project)
    result = mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    return project


def test_key_rule_still_holds_for_hostile_title(hostile_site: Path) -> None:
    """The key rule reads the title's first significant word through the markup: the hostile title keeps `irving2018ai`."""
    from survey_site.decode import expected_key_base
    from survey_site.pipeline import Project, check, load

    data = load(Project(hostile_site))
    entry = next(e for e in data.entries if e.key == "irving2018ai")
    assert entry.get("title") == TITLE  # the payload is really there
    assert expected_key_base(entry.field_map) == "irving2018ai"
    assert not [d for d in check(data) if d.code in ("key-rule", "key-charset")]
    assert (hostile_site / "site" / "papers" / "irving2018ai" / "index.html").is_file()


def test_no_script_handler_or_unsafe_link_in_built_html(hostile_site: Path) -> None:
    assert check_site(hostile_site / "site", "/llm-alignment/") == []


@pytest.mark.parametrize("page", ["papers/irving2018ai/index.html", "topics/debate/index.html", "browse/index.html"])
def test_payload_is_text_not_markup(hostile_site: Path, page: str) -> None:
    parsed = parse(hostile_site / "site" / page)
    text = " ".join(" ".join(parsed.text).split())
    assert "<script>alert(1)</script>" in text  # shown to the reader as text
    assert "iframe" not in parsed.tags and "img" not in parsed.tags
    assert not {a for a in parsed.attrs if a.startswith("on")}
    assert not [h for h in parsed.hrefs if h.lower().startswith(("javascript:", "data:", "//evil", "https://evil"))]


def test_summary_markdown_is_restricted(hostile_site: Path) -> None:
    parsed = parse(hostile_site / "site" / "topics" / "debate" / "index.html")
    text = " ".join(" ".join(parsed.text).split())
    assert 'A topic <script>alert(5)</script> with bad and {: onclick="y" }' in text
    assert not [h for h in parsed.hrefs if "evil" in h or h.startswith("javascript")]


def test_pipe_and_newline_do_not_break_the_browse_table(hostile_site: Path) -> None:
    html = (hostile_site / "site" / "browse" / "index.html").read_text()
    body = html[html.index('<table class="sv-browse"') : html.index("</table>", html.index('<table class="sv-browse"'))]
    rows = [r for r in body.split("<tr")[2:]]
    papers = len(list((hostile_site / "site" / "papers").glob("*/index.html")))  # one row per paper page, counted
    assert papers and len(rows) == papers and all(r.count("<td") == 5 for r in rows)


def test_feed_and_json_carry_the_payload_escaped(hostile_site: Path) -> None:
    feed = ET.parse(hostile_site / "site" / "feeds" / "all.atom.xml").getroot()
    titles = [e.findtext("{http://www.w3.org/2005/Atom}title") for e in feed.iter("{http://www.w3.org/2005/Atom}entry")]
    assert latex_to_text(TITLE) in titles
    papers = json.loads((hostile_site / "site" / "downloads" / "papers.json").read_text())["papers"]
    paper = next(p for p in papers if p["key"] == "irving2018ai")
    assert paper["title"] == latex_to_text(TITLE)
    assert paper["tldr"].startswith('" onmouseover="alert(4)')


@pytest.mark.parametrize(
    "field,value",
    [
        ("url", "javascript:alert(1)"),
        ("url", "data:text/html,x"),
        ("code", "vbscript:x"),
        ("url", "//evil.example/x"),
        ("url", "https://ok.example/a b"),
    ],
)
def test_unsafe_links_are_refused(mini: Path, capsys: pytest.CaptureFixture[str], field: str, value: str) -> None:
    bib = mini / "bib" / "04-outer-alignment.bib"
    bib.write_text(bib.read_text().replace("url = {https://arxiv.org/abs/1805.00899},", f"{field} = {{{value}}},"))
    code, _, err = run_cli(["--root", str(mini), "validate"], capsys)
    assert code == 1 and f"`{field}` of `irving2018ai` must be an http(s) URL" in err


@pytest.mark.parametrize("char", ["\u202e", "\u200b", "\x07"])
def test_invisible_characters_are_refused(mini: Path, capsys: pytest.CaptureFixture[str], char: str) -> None:
    bib = mini / "bib" / "04-outer-alignment.bib"
    bib.write_text(bib.read_text().replace("{{AI} Safety via Debate}", "{{AI} Safety" + char + " via Debate}"))
    code, _, err = run_cli(["--root", str(mini), "validate"], capsys)
    assert code == 1 and f"contains the invisible character U+{ord(char):04X}" in err


def test_nfd_title_is_the_same_work_as_nfc(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bib = mini / "bib" / "04-outer-alignment.bib"
    bib.write_text(
        bib.read_text()
        + "\n@misc{tramer2018ai,\n  title = {{AI} Safe\u0301ty via Debate},\n  author = {Trame\u0300r, Florian},\n"
        "  year = {2018},\n  url = {https://example.org/},\n  added = {2026-11-24},\n  origin = {contributed},\n}\n"
    )
    code, _, err = run_cli(["--root", str(mini), "validate"], capsys)
    assert code == 1 and "has the same title as `irving2018ai`" in err
