"""Papers and authors share their folder's rendering of the theme's navigation (sharednav.py)."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import jinja2
import pytest

from survey_site import sharednav

from .helpers import make_site_project, mkdocs_build


@dataclasses.dataclass(eq=False)
class FakePage:
    url: str


@dataclasses.dataclass
class FakeNav:
    pages: list[FakePage]


def render_counting(shared: sharednav.SharedNav, page: FakePage | None, nav: FakeNav, renders: list[str]) -> str:
    def caller() -> str:
        renders.append(page.url if page else "-")
        return f"nav for {page.url if page else '-'}"

    return str(shared(page, nav, caller=caller))


def test_pages_outside_the_nav_share_their_folders_rendering() -> None:
    home, topics, authors = FakePage(""), FakePage("topics/"), FakePage("authors/")
    nav = FakeNav([home, topics, authors])
    shared, renders = sharednav.SharedNav(), []  # type: ignore[var-annotated]
    first = render_counting(shared, FakePage("papers/a/"), nav, renders)
    assert render_counting(shared, FakePage("papers/b/"), nav, renders) == first
    assert render_counting(shared, FakePage("authors/x/"), nav, renders) == "nav for authors/x/"
    assert render_counting(shared, FakePage("authors/y/"), nav, renders) == "nav for authors/x/"
    assert renders == ["papers/a/", "authors/x/"]


def test_nav_pages_the_home_page_and_pages_above_a_nav_link_are_rendered_each_time() -> None:
    home, topics, deep = FakePage(""), FakePage("topics/"), FakePage("guide/part/one/")
    nav = FakeNav([home, topics, deep])
    shared, renders = sharednav.SharedNav(), []  # type: ignore[var-annotated]
    for page in (topics, topics, home, FakePage(""), FakePage("guide/part/"), FakePage("guide/part/"), None):
        render_counting(shared, page, nav, renders)
    assert renders == ["topics/", "topics/", "", "", "guide/part/", "guide/part/", "-"]


def test_a_new_nav_starts_afresh() -> None:
    shared, renders = sharednav.SharedNav(), []  # type: ignore[var-annotated]
    page = FakePage("papers/a/")
    render_counting(shared, page, FakeNav([FakePage("")]), renders)
    render_counting(shared, page, FakeNav([FakePage("")]), renders)  # another nav with the same pages
    render_counting(shared, page, FakeNav([FakePage(""), page]), renders)  # now in the nav
    assert renders == ["papers/a/", "papers/a/", "papers/a/"]


def test_install_routes_the_theme_template_through_the_shared_rendering(tmp_path: Path) -> None:
    theme = tmp_path / "theme" / "partials"
    theme.mkdir(parents=True)
    (theme / "nav.html").write_text("<nav>{{ page.url }} {{ tick() }}</nav>")
    (tmp_path / "theme" / "main.html").write_text('{% include "partials/nav.html" %}')
    env = sharednav.install(
        jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path / "theme")), autoescape=True)
    )
    ticks = iter(range(100))
    env.globals["tick"] = lambda: next(ticks)
    nav = FakeNav([FakePage("")])
    main = env.get_template("main.html")
    rendered = [main.render(page=FakePage(url), nav=nav) for url in ("papers/a/", "papers/b/", "", "")]
    # Shared as rendered: not escaped a second time where autoescaping is on.
    assert rendered == ["<nav>papers/a/ 0</nav>", "<nav>papers/a/ 0</nav>", "<nav> 1</nav>", "<nav> 2</nav>"]


def _html(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*.html"))}


@pytest.mark.slow
def test_a_built_site_is_the_same_with_and_without_sharing(mini: Path, tmp_path: Path) -> None:
    """Byte for byte, every page: shared links are relative to a page's folder, and a wrong key shows."""
    project = make_site_project(mini)
    shared = mkdocs_build(project, tmp_path / "shared")
    assert shared.returncode == 0, shared.stderr[-3000:]
    shim = project / "scripts" / "mkdocs_hooks.py"
    shim.write_text(re.sub(r"\n\s*on_env,", "", shim.read_text(encoding="utf-8")), encoding="utf-8")
    plain = mkdocs_build(project, tmp_path / "plain")
    assert plain.returncode == 0, plain.stderr[-3000:]
    with_sharing, without = _html(tmp_path / "shared"), _html(tmp_path / "plain")
    assert with_sharing.keys() == without.keys()
    assert any(name.startswith("papers/") for name in without) and any(name.startswith("authors/") for name in without)
    assert [name for name in without if with_sharing[name] != without[name]] == []
