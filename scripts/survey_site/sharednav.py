"""The theme's sidebar navigation, rendered once per folder for pages outside the nav.

Material renders the whole navigation into every page: at the real site's 2,657 pages, a
tenth of a build. For a page that is not in the nav (a paper, an author) the result depends
only on the page's folder: no entry is active, and every link is made relative to the page's
URL, which for such a page gives the same text as for its siblings. So papers share one
rendering and authors another. Every other page (the nav's own pages, the 404 page) is
rendered as the theme renders it.

Nothing here is a copy of the theme: `install` puts a one-line template in place of
`partials/nav.html` that includes the theme's own (or an override's) under a prefix.
"""

from __future__ import annotations

import posixpath
from typing import Any

import jinja2

NAV_TEMPLATE = "partials/nav.html"
THEME_PREFIX = "survey-theme"
_SHARED = f'{{%- call survey_shared_nav(page, nav) -%}}{{% include "{THEME_PREFIX}/{NAV_TEMPLATE}" %}}{{%- endcall -%}}'


class SharedNav:
    """Called from the template with the page and the nav; `caller()` renders the theme's nav.

    One per build: MkDocs makes a new environment and nav for each.
    """

    def __init__(self) -> None:
        self._nav: Any = None
        self._nav_urls: tuple[str, ...] = ()
        self._in_nav: set[int] = set()
        self._by_folder: dict[str, Any] = {}

    def __call__(self, page: Any, nav: Any, caller: Any) -> Any:
        key = self._folder(page, nav)
        if key is None:
            return caller()
        if key not in self._by_folder:
            self._by_folder[key] = caller()  # as the theme rendered it (Markup where autoescaping is on)
        return self._by_folder[key]

    def _folder(self, page: Any, nav: Any) -> str | None:
        """The key of the pages this page shares its navigation with, or None if it shares with none."""
        if page is None or nav is None or not isinstance(getattr(page, "url", None), str):
            return None
        if nav is not self._nav:  # a rendering made for another nav is not this one's
            self._nav, self._by_folder = nav, {}
            self._in_nav = {id(p) for p in nav.pages}
            self._nav_urls = tuple(p.url for p in nav.pages)
        url: str = page.url
        if not url or id(page) in self._in_nav:
            return None
        # A nav link below this page's own URL would be written relative to the page itself.
        if any(target.startswith(url) for target in self._nav_urls):
            return None
        return posixpath.dirname(url.rstrip("/"))


def install(env: jinja2.Environment) -> jinja2.Environment:
    """Route the theme's `partials/nav.html` through a SharedNav kept for this environment's build."""
    theme = env.loader
    if theme is None:
        return env
    env.loader = jinja2.ChoiceLoader(
        [jinja2.DictLoader({NAV_TEMPLATE: _SHARED}), theme, jinja2.PrefixLoader({THEME_PREFIX: theme})]
    )
    env.globals["survey_shared_nav"] = SharedNav()
    return env
