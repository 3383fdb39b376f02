"""Which links the site may publish, judged the way browsers read a URL.

Before looking at the scheme, the WHATWG URL parser strips leading and trailing C0
controls and spaces, and removes every ASCII tab, line feed and carriage return from
inside the URL; it also reads a backslash as a slash in the first characters of a
special URL. So `java\\nscript:` is `javascript:` and `/\\evil.example` is the
protocol-relative `//evil.example`. The renderer, the validator and the post-build
check all ask this module, so they cannot disagree.
"""

from __future__ import annotations

import re

ALLOWED_SCHEMES = frozenset({"http", "https"})
_EDGES = "".join(chr(c) for c in range(0x21))  # C0 controls and space
_INSIDE = re.compile("[\t\n\r]")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


def browser_form(url: str) -> str:
    """The URL as a browser sees it before parsing: edges trimmed, tabs and newlines removed."""
    return _INSIDE.sub("", url.strip(_EDGES))


def scheme_of(url: str) -> str | None:
    match = _SCHEME.match(browser_form(url))
    return match.group(1).lower() if match else None


def is_safe_link(url: str, allow_relative: bool = True) -> bool:
    """http(s), or (when allowed) a relative link that stays on this host."""
    seen = browser_form(url)
    if not seen:
        return False
    scheme = scheme_of(seen)
    if scheme is not None:
        return scheme in ALLOWED_SCHEMES and seen[len(scheme) + 1 : len(scheme) + 3].replace("\\", "/") == "//"
    if not allow_relative:
        return False
    # `//host`, `\\host`, `/\host` and `\/host` all leave the site.
    return seen[:2].replace("\\", "/") != "//"


def is_safe_absolute(url: str) -> bool:
    """An http(s) URL written plainly: no whitespace or quote characters anywhere in it."""
    return (
        url == browser_form(url) and not any(c in url for c in " \"'<>`\\") and is_safe_link(url, allow_relative=False)
    )
