"""Post-build check of the built site: no script that is not ours, no event-handler
attribute, no `javascript:`/`data:` link, nothing embedded. A second lock behind the
escaping: if data ever became markup, the build fails instead of shipping it.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

# Inline scripts the theme and our redirect pages write, recognised by how they start.
KNOWN_INLINE = ("var palette=__md_get(", "var target=document.getElementById(", "__md_scope=new URL(", "location.replace(")
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "poster", "srcset", "data"})
EMBEDS = frozenset({"iframe", "object", "embed", "base", "frame", "frameset", "applet"})
# Pages without any of these byte patterns cannot hold a forbidden attribute or element.
_PREFILTER = re.compile(rb"\son[a-z]+\s*=|=\s*[\"']?\s*(?:javascript|data|vbscript):|<(?:iframe|object|embed|base|frame|applet)\b", re.I)
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.I | re.S)
_ATTR = re.compile(r"""([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""")


class _Scanner(HTMLParser):
    def __init__(self, page: Path, site: Path, base_path: str):
        super().__init__(convert_charrefs=True)
        self.page, self.site, self.base_path = page, site, base_path
        self.problems: list[str] = []

    def _where(self) -> str:
        return f"{self.page.relative_to(self.site).as_posix()}:{self.getpos()[0]}"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in EMBEDS:
            self.problems.append(f"{self._where()}: <{tag}> element")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{self._where()}: event attribute `{name}` on <{tag}>")
            if name in URL_ATTRIBUTES and value and re.match(r"^\s*(javascript|data|vbscript):", value, re.I):
                self.problems.append(f"{self._where()}: `{name}` of <{tag}> uses the `{value.split(':')[0].strip()}:` scheme")


def _script_problems(page: Path, site: Path, base_path: str, attrs: dict[str, str], body: str) -> list[str]:
    where = page.relative_to(site).as_posix()
    src = attrs.get("src")
    if src:
        if re.match(r"^[a-z][a-z0-9+.-]*:|^//", src, re.I):
            return [f"{where}: script from another host: {src}"]
        path = src.split("?")[0]
        target = site / path[len(base_path):].lstrip("/") if path.startswith("/") and path.startswith(base_path) else page.parent / path
        return [] if target.resolve().is_file() else [f"{where}: script not in the site: {src}"]
    if attrs.get("type") == "application/json":
        return []  # data, not code (the theme's config)
    if not body.strip().startswith(KNOWN_INLINE):
        return [f"{where}: unknown inline script `{body.strip()[:40]}`"]
    return []


def check_site(site: Path, base_path: str = "/") -> list[str]:
    """Every problem in the built site; `base_path` is the path part of site_url (for 404.html)."""
    problems: list[str] = []
    for page in sorted(site.rglob("*.html")):
        raw = page.read_bytes()
        text = raw.decode("utf-8", "replace")
        for match in _SCRIPT.finditer(text):
            attrs = {k.lower(): v.strip("'\"") for k, v in _ATTR.findall(match.group(1))}
            problems += _script_problems(page, site, base_path, attrs, match.group(2))
        if _PREFILTER.search(raw):
            scanner = _Scanner(page, site, base_path)
            scanner.feed(text)
            problems += scanner.problems
    return problems
