"""Every internal link in the built site points at a file that exists, and every #fragment at an id on that page.

Pages are read with the standard library's HTMLParser (not regexes). A link is internal when
it has no scheme, or when it is an absolute URL under the site's own `site_url` (permalinks,
canonical links): those must resolve inside the built tree too. Links to other hosts,
mailto:, data: and the like are out of scope (the scheduled link check covers other hosts).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

import pytest

LINK_ATTRIBUTES = ("href", "src", "xlink:href", "poster")
NOT_LINKS = ("mailto:", "tel:", "data:", "javascript:", "blob:", "about:")
FALLBACK_BASE = "http://site.invalid/"  # when the site has no canonical URL


@dataclass
class ParsedPage:
    ids: set[str] = field(default_factory=set)
    links: list[tuple[int, str, str, str]] = field(default_factory=list)  # (line, tag, attribute, value)
    canonical: str | None = None


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = ParsedPage()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value for name, value in attrs if value is not None}
        if "id" in values:
            self.page.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.page.ids.add(values["name"])
        if tag == "link" and values.get("rel") == "canonical" and "href" in values:
            self.page.canonical = values["href"]
        line = self.getpos()[0]
        for name in LINK_ATTRIBUTES:
            if name in values:
                self.page.links.append((line, tag, name, values[name].strip()))
        for candidate in values.get("srcset", "").split(","):
            if candidate.strip():
                self.page.links.append((line, tag, "srcset", candidate.split()[0]))


def parse_html(text: str) -> ParsedPage:
    parser = _PageParser()
    parser.feed(text)
    parser.close()
    return parser.page


@dataclass
class Problem:
    page: str
    line: int
    tag: str
    attribute: str
    link: str
    reason: str

    def __str__(self) -> str:
        return f"{self.page}:{self.line}: <{self.tag} {self.attribute}={self.link!r}> {self.reason}"


class Site:
    """The built tree: pages parsed on demand, links resolved against the site's own URL."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._pages: dict[str, ParsedPage] = {}

    @cached_property
    def html_files(self) -> list[str]:
        return sorted(p.relative_to(self.root).as_posix() for p in self.root.rglob("*.html"))

    def page(self, rel: str) -> ParsedPage:
        if rel not in self._pages:
            self._pages[rel] = parse_html((self.root / rel).read_text(encoding="utf-8"))
        return self._pages[rel]

    @cached_property
    def base(self) -> str:
        """The site's own URL (from the home page's canonical link), ending in a slash."""
        canonical = self.page("index.html").canonical if (self.root / "index.html").exists() else None
        if not canonical:
            return FALLBACK_BASE
        return canonical if canonical.endswith("/") else canonical.rsplit("/", 1)[0] + "/"

    def target(self, page_rel: str, link: str) -> tuple[str, str] | None:
        """(file path relative to the root, fragment) for an internal link; None for an external one.

        A path outside the site comes back with a leading "../" so it never exists.
        """
        if link.lower().startswith(NOT_LINKS):
            return None
        page_url = self.base + (
            page_rel.removesuffix("index.html")
            if page_rel.endswith("/index.html") or page_rel == "index.html"
            else page_rel
        )
        url = urljoin(page_url, link)
        parts = urlsplit(url)
        base = urlsplit(self.base)
        if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
            return None  # another host
        path = unquote(parts.path)
        if not path.startswith(base.path):
            return "../" + path.lstrip("/"), parts.fragment
        rel = path[len(base.path) :]
        if rel == "" or rel.endswith("/"):
            rel += "index.html"
        elif (self.root / rel).is_dir():
            rel += "/index.html"
        return str(PurePosixPath(rel)), unquote(parts.fragment)

    def problems(self) -> tuple[list[Problem], list[Problem]]:
        """(links to missing files, fragments missing from their target page)."""
        missing, fragments = [], []
        for rel in self.html_files:
            for line, tag, attribute, link in self.page(rel).links:
                if not link or link == "#":
                    continue
                resolved = self.target(rel, link)
                if resolved is None:
                    continue
                target, fragment = resolved
                if target.startswith("../") or not (self.root / target).is_file():
                    missing.append(Problem(rel, line, tag, attribute, link, f"-> {target} does not exist"))
                elif fragment and target.endswith(".html") and fragment not in self.page(target).ids:
                    fragments.append(Problem(rel, line, tag, attribute, link, f"-> no id={fragment!r} in {target}"))
        return missing, fragments


def listing(problems: list[Problem], limit: int = 150) -> str:
    lines = [str(p) for p in problems[:limit]]
    if len(problems) > limit:
        lines.append(f"… and {len(problems) - limit} more")
    by_link = len({p.link for p in problems})
    return f"{len(problems)} broken link(s) ({by_link} distinct targets):\n  " + "\n  ".join(lines)


@pytest.fixture(scope="module")
def site(built_site: Path) -> Site:
    return Site(built_site)


@pytest.fixture(scope="module")
def problems(site: Site) -> tuple[list[Problem], list[Problem]]:
    return site.problems()


def test_internal_links_point_at_files(problems: tuple[list[Problem], list[Problem]]) -> None:
    missing, _ = problems
    assert not missing, listing(missing)


def test_fragments_point_at_ids(problems: tuple[list[Problem], list[Problem]]) -> None:
    _, fragments = problems
    assert not fragments, listing(fragments)


def test_checker_sees_the_site(site: Site) -> None:
    """Guards the checker itself: it must find our pages and resolve their links, not skip them."""
    assert site.base.startswith("https://"), f"no canonical link on the home page (base {site.base})"
    topics = [f for f in site.html_files if f.startswith("topics/") and f != "topics/index.html"]
    papers = [f for f in site.html_files if f.startswith("papers/")]
    assert len(topics) > 10 and len(papers) > 100, (len(topics), len(papers))
    home_targets = {t for _, _, _, link in site.page("index.html").links if (t := site.target("index.html", link))}
    assert {(t, "") for t in topics} <= home_targets, "the home page does not link every topic"
    paper = site.page("papers/ouyang2022training/index.html")
    resolved = [site.target("papers/ouyang2022training/index.html", link) for _, _, _, link in paper.links]
    assert ("papers/ouyang2022training/index.html", "") in resolved, (
        "the paper's permalink (absolute, under site_url) was not checked"
    )
    assert any(
        target.startswith("topics/") and fragment == "ouyang2022training" for target, fragment in filter(None, resolved)
    )


@pytest.mark.parametrize(
    ("page", "link", "expected"),
    [
        ("index.html", "topics/debate/", ("topics/debate/index.html", "")),
        ("papers/x/index.html", "../../topics/debate/#irving2018ai", ("topics/debate/index.html", "irving2018ai")),
        ("papers/x/index.html", "#cite", ("papers/x/index.html", "cite")),
        ("topics/index.html", "../assets/site.css?v=1", ("assets/site.css", "")),
        ("404.html", "/llm-alignment/assets/x.js", ("assets/x.js", "")),
        ("404.html", "/elsewhere/x.js", ("../elsewhere/x.js", "")),
        ("index.html", "https://example.org/", None),
        ("index.html", "mailto:a@b.c", None),
        ("index.html", "https://shen-survey-site.github.io/llm-alignment/papers/x/", ("papers/x/index.html", "")),
    ],
)
def test_resolution(tmp_path: Path, page: str, link: str, expected: tuple[str, str] | None) -> None:
    checker = Site(tmp_path)
    checker.base = "https://shen-survey-site.github.io/llm-alignment/"
    assert checker.target(page, link) == expected


def test_parser_reads_ids_and_links() -> None:
    parsed = parse_html(
        '<p id="a"><a name="b" href="x/#c">x</a><svg><a xlink:href="y/"><text>y</text></a></svg>'
        '<img srcset="i.png 1x, j.png 2x"><script>var s = "<a href=\'no/\'>";</script>'
    )
    assert parsed.ids == {"a", "b"}
    assert [value for *_, value in parsed.links] == ["x/#c", "y/", "i.png", "j.png"]
