"""The page templates (render/templates/) and the one rule they follow: every value is escaped.

`{{ value }}` is HTML-escaped by default (our `h`, so the entities match the rest of the
site); only what a renderer marks as already safe (`Markup`: pre-rendered HTML, SVG, a
Markdown heading, front matter) passes as it is. Templates hold the page anatomy; the
Python beside them computes values. A maintainer can change a page without reading Python.
"""

from __future__ import annotations

import functools
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, Template
from markupsafe import Markup

from .escape import h


def _escaped(value: Any) -> Any:
    if isinstance(value, Markup):
        return value
    return h(value if isinstance(value, str) else str(value))


@functools.cache
def environment() -> Environment:
    return Environment(
        loader=PackageLoader("survey_site.render", "templates"),
        autoescape=False,  # noqa: S701 - every value is escaped by `finalize` (the site's own entities); see above
        finalize=_escaped,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        # Markdown writes explicit anchors as `{#cite}`: Jinja's own `{# ... #}` comments would swallow them.
        comment_start_string="<#",
        comment_end_string="#>",
    )


@functools.cache
def _template(name: str) -> Template:
    return environment().get_template(name)


def render(template: str, **values: Any) -> str:
    """One template filled in; the result has no trailing newline (callers join pages from parts)."""
    return _template(template).render(**values).removesuffix("\n")


safe = Markup
