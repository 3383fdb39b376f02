"""A browser is the oracle: XSS vectors in hand-written pages, static files and every data field.

Vectors come from the published cheat sheets (OWASP's XSS filter evasion sheet, PortSwigger's
cross-site scripting cheat sheet), written here as our own fixtures. Each vector must either
be refused with a located error (by `survey validate` or by the build), or be neutralized:
the site builds, and Debian's chromium loads every page, clicks every link and fires no
dialog. Every vector calls alert() with its own number, so a dialog names the vector.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from survey_site.diagnostics import DataError
from survey_site.pipeline import Project, check, load
from tests.helpers import FIXTURE, make_site_project, mkdocs_build

from . import serve

pytestmark = pytest.mark.e2e

# Raw HTML and Markdown appended to a hand-written page (docs/contribute.md).
PAGE_VECTORS = [
    "<script>alert(101)</script>",
    "<script>var palette=__md_get(0);alert(102)</script>",
    "<img src=x onerror=alert(103)>",
    '<a href="&#106;avascript:alert(104)">a</a>',
    '<a href="java&#10;script:alert(105)">a</a>',
    '<a href="JaVaScRiPt:alert(106)">a</a>',
    '<a href="&#x6A;avascript&#x3A;alert(107)">a</a>',
    '<a href=" &#09;javascript:alert(108)">a</a>',
    '<svg><a><animate attributeName="href" values="javascript:alert(109)"/><text y="20">s</text></a></svg>',
    '<svg><a><set attributeName="href" to="javascript:alert(110)"/><text y="20">s</text></a></svg>',
    '<iframe src="javascript:alert(111)"></iframe>',
    '<object data="javascript:alert(112)"></object>',
    '<embed src="javascript:alert(113)">',
    '<form action="javascript:alert(114)"><button>go</button></form>',
    '<form><button formaction="javascript:alert(115)">go</button></form>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(116)">',
    "<details open ontoggle=alert(117)><summary>d</summary></details>",
    "<input autofocus onfocus=alert(118)>",
    '<math><mtext><a href="javascript:alert(119)">m</a></mtext></math>',
    '<base href="javascript:alert(120)//">',
    "[md link](javascript:alert(121))",
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxMjIpPC9zY3JpcHQ+">a</a>',
    '<script src="data:,alert(123)"></script>',
    '<script src="//evil.example/x.js"></script>',
    '<div style="background:url(javascript:alert(125))">d</div>',
    '<noscript><p title="</noscript><img src=x onerror=alert(126)>"></p></noscript>',
    "<svg><script>alert(127)</script></svg>",
    '<a href="vbscript:alert(128)">v</a>',
    "<svg/onload=alert(129)>",
    '<body onload="alert(130)">',
]

# Files dropped into docs/.
FILE_VECTORS = {
    "figures/a.svg": '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(201)</script></svg>',
    "figures/b.svg": '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(202)"/>',
    "figures/c.svg": (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        '<a xlink:href="javascript:alert(203)"><text y="20">x</text></a></svg>'
    ),
    "notes/page.htm": "<script>alert(204)</script>",
    "notes/page.html": "<script>alert(205)</script>",
    "notes/helper.js": "alert(206)",
    "notes/page.xhtml": "<script>alert(207)</script>",
}

# Data fields: (file, text to replace, replacement). Escaped wherever they land, or refused.
DATA_VECTORS = [
    (
        "bib/04-outer-alignment.bib",
        "title = {{AI} Safety via Debate}",
        "title = {{AI} Safety <script>alert(301)</script> via Debate}",
    ),
    (
        "bib/04-outer-alignment.bib",
        "author = {Irving, Geoffrey and",
        "author = {Irving, <img src=x onerror=alert(302)> and",
    ),
    (
        "bib/04-outer-alignment.bib",
        "  year = {2018},\n  eprint = {1805.00899},",
        '  year = {2018},\n  howpublished = {"><svg onload=alert(303)>},\n  eprint = {1805.00899},',
    ),
    (
        "bib/04-outer-alignment.bib",
        "tldr = {Proposes training agents",
        'tldr = {" onmouseover="alert(304) {: onclick="alert(305)" } Proposes training agents',
    ),
    (
        "bib/08-alignment-evaluation.bib",
        "title = {{TruthfulQA}",
        "title = {{TruthfulQA} </textarea><script>alert(306)</script>",
    ),
    (
        "bib/08-alignment-evaluation.bib",
        "tldr = {Questions crafted so popular misconceptions are tempting;",
        "tldr = {]]><script>alert(307)</script> --><script>alert(308)</script>",
    ),
    (
        "taxonomy/04-outer-alignment.yaml",
        "Two models argue and a judge decides.",
        "Two models argue [a](javascript:alert(309)) [b](JAVASCRIPT:alert(310)) [c](&#106;avascript:alert(311)) "
        "[d](data:text/html,alert(312)) [e](/\\\\evil.example) <script>alert(313)</script> <svg/onload=alert(314)> "
        "![i](x.png) {: onclick=alert(315) }",
    ),
    (
        "taxonomy/04-outer-alignment.yaml",
        "title: Debate",
        'title: "Debate <b onmouseover=alert(316)>b</b> {{ config.site_name }}"',
    ),
    (
        "taxonomy/survey.yaml",
        "affiliation: Tianjin University",
        'affiliation: "Tianjin <script>alert(317)</script> University"',
    ),
]
REFUSED_DATA = [  # each must be refused by `survey validate` with its location
    ("bib/04-outer-alignment.bib", "url = {https://arxiv.org/abs/1805.00899}", "url = {javascript:alert(401)}"),
    ("bib/04-outer-alignment.bib", "eprint = {1805.00899}", 'eprint = {1805.00899"><script>alert(402)</script>}'),
    (
        "bib/08-alignment-evaluation.bib",
        "doi = {10.18653/v1/2022.acl-long.229}",
        'doi = {10.18653/"><script>alert(403)</script>}',
    ),
    (
        "bib/08-alignment-evaluation.bib",
        "code = {https://github.com/sylinrl/TruthfulQA}",
        "code = {data:text/html,<script>alert(404)</script>}",
    ),
    (
        "taxonomy/survey.yaml",
        "citation_key: shen2023alignment",
        'citation_key: "shen2023alignment}<script>alert(405)</script>"',
    ),
    ("taxonomy/04-outer-alignment.yaml", "      - id: debate", '      - id: "debate<script>alert(406)"'),
]


def edit(project: Path, path: str, old: str, new: str) -> None:
    target = project / path
    text = target.read_text(encoding="utf-8")
    assert old in text, (path, old)
    target.write_text(text.replace(old, new, 1), encoding="utf-8")


def fresh(tmp: Path, name: str) -> Path:
    import shutil

    project = tmp / name
    shutil.copytree(FIXTURE, project)
    return make_site_project(project)


# Click link i the way a reader would. Its own handlers run; then, unless the browser itself
# parses its target as a `javascript:` URL (which would run script), the default action is
# cancelled, so the loop stays on the page and clicks the next link.
CLICK_LINK = """(i) => {
  const link = document.querySelectorAll("a[href], area[href], a[*|href]")[i];
  if (!link) return false;
  const raw = link.href && link.href.baseVal !== undefined ? link.href.baseVal : link.getAttribute("href");
  let scheme = "";
  try { scheme = new URL(raw, document.baseURI).protocol; } catch (e) { scheme = ""; }
  window.addEventListener("click", (event) => { if (scheme !== "javascript:") event.preventDefault(); }, {once: true});
  link.dispatchEvent(new MouseEvent("click", {bubbles: true, cancelable: true, view: window}));
  return true;
}"""


def click_everything(browser: object, base_url: str, site: Path) -> tuple[list[str], int]:
    """Load every page, then click every link on it; returns the dialogs seen and the number of clicks.

    Pages load with all their scripts, so anything that fires on load is seen. For the clicks,
    the theme's bundle is held back (its instant navigation would swap the page under the
    loop) and every navigation away is cancelled, so one page's links are all clicked in place;
    a `javascript:` link still runs, and its dialog is recorded.
    """
    dialogs: list[str] = []
    clicks = 0
    for hold_bundle in (False, True):
        context = browser.new_context(base_url=base_url, service_workers="block")  # type: ignore[attr-defined]
        context.set_default_timeout(5000)
        loaded = {"now": False}  # once a page has loaded, no navigation may leave it

        def route(route: object, hold_bundle: bool = hold_bundle, loaded: dict[str, bool] = loaded) -> None:
            request = route.request  # type: ignore[attr-defined]
            if not request.url.startswith(base_url) or (hold_bundle and "/assets/javascripts/bundle." in request.url):
                route.abort("blockedbyclient")  # type: ignore[attr-defined]
            elif request.is_navigation_request() and loaded["now"]:
                route.abort("aborted")  # type: ignore[attr-defined]
            else:
                route.continue_()  # type: ignore[attr-defined]

        context.route("**/*", route)
        page = context.new_page()
        page.on("dialog", lambda dialog, page=page: (dialogs.append(f"{page.url}: {dialog.message}"), dialog.dismiss()))
        for html in sorted(site.rglob("*.html")):
            loaded["now"] = False
            page.goto(base_url + html.relative_to(site).as_posix(), wait_until="load")
            loaded["now"] = True
            page.wait_for_timeout(30)
            if not hold_bundle:
                continue
            count = page.evaluate('document.querySelectorAll("a[href], area[href], a[*|href]").length')
            for index in range(count):
                if page.evaluate(CLICK_LINK, index):
                    clicks += 1
            page.wait_for_timeout(30)
        context.close()
    return dialogs, clicks


def test_vectors_in_hand_written_pages_and_files_are_refused_by_the_build(tmp_path: Path) -> None:
    refused = []
    for number, vector in enumerate(PAGE_VECTORS):
        project = fresh(tmp_path, f"page{number}")
        edit(project, "docs/contribute.md", "# Contribute {#top}", "# Contribute {#top}\n\n" + vector + "\n")
        result = mkdocs_build(project, project / "site")
        assert result.returncode != 0, f"vector was published: {vector}"
        assert re.search(r"contribute/index\.html: <\w+>", result.stderr), (vector, result.stderr[-1500:])
        refused.append(vector)
    for name, body in FILE_VECTORS.items():
        project = fresh(tmp_path, "file-" + name.replace("/", "-"))
        (project / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (project / "docs" / name).write_text(body, encoding="utf-8")
        result = mkdocs_build(project, project / "site")
        assert result.returncode != 0, f"file was published: {name}"
        assert f"{name}" in result.stderr, (name, result.stderr[-1500:])
        refused.append(name)
    assert len(refused) == len(PAGE_VECTORS) + len(FILE_VECTORS)


def test_refused_data_vectors_are_located(tmp_path: Path) -> None:
    project = fresh(tmp_path, "refused")
    for path, old, new in REFUSED_DATA:
        edit(project, path, old, new)
    problems = [d for d in check(load(Project(project))) if d.is_error]
    for path, _, new in REFUSED_DATA:
        line = next(
            n
            for n, text in enumerate((project / path).read_text().splitlines(), 1)
            if new.split("\n")[0].strip() in text
        )
        assert any(d.path == path and d.line == line for d in problems), (
            path,
            line,
            new,
            [d.human() for d in problems],
        )
    with pytest.raises(DataError):
        from survey_site.pipeline import generate
        from tests.helpers import SITE

        generate(Project(project), SITE)


def test_data_vectors_are_neutralized_and_no_page_fires_a_dialog(tmp_path: Path, browser: object) -> None:
    project = fresh(tmp_path, "data")
    for path, old, new in DATA_VECTORS:
        edit(project, path, old, new)
    result = mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    total = len(PAGE_VECTORS) + len(FILE_VECTORS) + len(DATA_VECTORS) + len(REFUSED_DATA)
    assert total >= 40
    with serve(project / "site") as url:
        dialogs, clicks = click_everything(browser, url, project / "site")
    assert clicks > 100
    assert dialogs == []
    # The payloads are on the pages as text, so the test exercised them.
    html = (project / "site" / "papers" / "irving2018ai" / "index.html").read_text()
    assert "&lt;script&gt;alert(301)&lt;/script&gt;" in html


def test_the_csp_stops_a_script_that_a_check_missed(tmp_path: Path, browser: object) -> None:
    """The second lock alone: an injected inline script, published without the build's check, does not run."""
    project = fresh(tmp_path, "csp")
    assert mkdocs_build(project, project / "site").returncode == 0
    page_file = project / "site" / "contribute" / "index.html"
    page_file.write_text(page_file.read_text().replace("</article>", "<script>alert(501)</script></article>", 1))
    with serve(project / "site") as url:
        context = browser.new_context()  # type: ignore[attr-defined]
        page = context.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        console: list[str] = []
        page.on("console", lambda m: console.append(m.text))
        page.goto(url + "contribute/", wait_until="load")
        page.wait_for_timeout(200)
        context.close()
    assert dialogs == []
    assert any("Content Security Policy" in line for line in console), console
