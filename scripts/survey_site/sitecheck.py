"""Post-build check of everything published in `site/`.

Every HTML, SVG and XML file is parsed with an HTML5 parser (Lexbor, through
selectolax), the way a browser reads it: entities are decoded before a URL is judged,
and URLs are judged by `urlpolicy`, the same rules the renderer applies. A page may run
only the scripts `scriptpolicy` allows, and must carry the CSP that says so. A second
lock behind the escaping: if data or a hand-written page ever became script, the build
fails instead of shipping it.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser, LexborNode

from . import forking, scriptpolicy
from .urlpolicy import browser_form, is_safe_link

MARKUP_SUFFIXES = frozenset(
    {".html", ".htm", ".xhtml", ".shtml", ".svg", ".svgz", ".xml", ".xsl", ".xslt", ".mht", ".mhtml"}
)
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
URL_ATTRIBUTES = frozenset(
    {
        "href",
        "src",
        "action",
        "formaction",
        "xlink:href",
        "poster",
        "data",
        "background",
        "cite",
        "codebase",
        "ping",
        "manifest",
        "icon",
        "lowsrc",
        "dynsrc",
        "longdesc",
        "usemap",
    }
)
EMBEDS = frozenset(
    {
        "iframe",
        "object",
        "embed",
        "base",
        "frame",
        "frameset",
        "applet",
        "portal",
        "fencedframe",
        # Parsed one way with scripting off (this check) and another in a browser: mXSS.
        "noscript",
        "template",
    }
)
ANIMATIONS = frozenset({"animate", "set", "animatemotion", "animatetransform", "animatecolor"})
_REFRESH_URL = re.compile(r"url\s*=\s*['\"]?([^'\"]*)", re.I)


def check_site(
    site: Path, base_path: str = "/", theme_dir: Path | None = None, only: frozenset[str] | None = None
) -> list[str]:
    """Every problem in the built site; `base_path` is the path part of site_url (404.html uses it).

    `only` (site-relative paths) limits the check to those files: what a dirty rebuild wrote.
    """
    theme = theme_dir or _installed_theme()
    paths = sorted(site.rglob("*")) if only is None else [site / rel for rel in sorted(only) if (site / rel).exists()]
    return [problem for path in paths for problem in _check_path(site, path, base_path, theme)]


def _check_path(site: Path, path: Path, base_path: str, theme: Path | None) -> list[str]:
    rel = path.relative_to(site).as_posix()
    if path.is_symlink():
        return [f"{rel}: a symbolic link is published"]
    if path.suffix.lower() not in MARKUP_SUFFIXES or not path.is_file():
        return []
    text = path.read_bytes().decode("utf-8", "replace")
    return check_document(rel, text, path.suffix.lower() in HTML_SUFFIXES, site, base_path, theme)


class CheckBesideTheBuild:
    """`check_site` of a whole build, run in a forked process while the build goes on.

    The build tells it each page it is about to write (`about_to_write`); the child checks a
    page once the build has moved on to the next one, so the file is on disk, and at
    `problems` checks everything else in the site folder, giving exactly `check_site`'s list.
    Started only where forking is safe (see forking.py); `start` gives None elsewhere, and a
    child that fails leaves the whole check to this process.
    """

    def __init__(self, site: Path, base_path: str, theme: Path | None, child: int, requests: int, result: int) -> None:
        self._site, self._base_path, self._theme = site, base_path, theme
        self._child, self._requests, self._result = child, requests, result
        self._failed = False

    @classmethod
    def start(cls, site: Path, base_path: str = "/", theme_dir: Path | None = None) -> CheckBesideTheBuild | None:
        if not forking.can_fork():
            return None
        theme = theme_dir or _installed_theme()
        request_read, request_write = os.pipe()
        child, result_read = forking.start_child(
            lambda: _check_as_told(site, base_path, theme, request_read), close_in_child=(request_write,)
        )
        os.close(request_read)
        return cls(site, base_path, theme, child, request_write, result_read)

    def about_to_write(self, rel: str) -> None:
        """The build will write this site-relative file next."""
        self._send(rel)

    def problems(self) -> list[str]:
        """Every problem in the site folder, as `check_site` lists them; ends the child."""
        self._send(None)
        self._close_requests()
        received = forking.read_result(self._result, self._child)
        if self._failed or received is None:
            return check_site(self._site, self._base_path, self._theme)
        return list(json.loads(received))

    def abandon(self) -> None:
        """The build failed: the child stops at the end of its requests, without checking the rest."""
        self._failed = True
        self._close_requests()
        forking.read_result(self._result, self._child)

    def _send(self, rel: str | None) -> None:
        if self._failed:
            return
        try:
            os.write(self._requests, (json.dumps(rel) + "\n").encode("utf-8"))
        except OSError:  # the child has gone: the check is done here instead
            self._failed = True

    def _close_requests(self) -> None:
        if self._requests >= 0:
            os.close(self._requests)
            self._requests = -1


def _check_as_told(site: Path, base_path: str, theme: Path | None, requests: int) -> bytes:  # pragma: no cover - child
    """The child's work: check each file once the next request shows it is written, then the rest."""
    checked: dict[str, list[str]] = {}
    pending: str | None = None
    with os.fdopen(requests, "rb") as lines:
        for line in lines:
            if pending is not None and (site / pending).exists():
                checked[pending] = _check_path(site, site / pending, base_path, theme)
            pending = json.loads(line)
            if pending is None:
                break
        else:
            raise RuntimeError("the build ended without asking for the result")
    problems: list[str] = []
    for path in sorted(site.rglob("*")):
        found = checked.get(path.relative_to(site).as_posix())
        problems += _check_path(site, path, base_path, theme) if found is None else found
    return json.dumps(problems).encode("utf-8")


def check_document(rel: str, text: str, is_html: bool, site: Path, base_path: str, theme: Path | None) -> list[str]:
    problems: list[str] = []
    tree = LexborHTMLParser(text)
    root = tree.root
    if root is None:
        return problems
    base = base_path if rel == "404.html" else scriptpolicy.base_for(rel)
    allowed_inline = scriptpolicy.theme_inline_hashes(base) | _redirect_hashes(tree)
    seen_inline: set[str] = set()
    for node in root.traverse(include_text=False):
        tag = (node.tag or "").lower()
        attributes = node.attributes
        if tag not in _SPECIAL_TAGS and not any(map(_may_be_unsafe, attributes.items())):
            continue  # most elements: nothing below could object to them (a shortcut, same verdicts)
        attrs = {str(k).lower(): (v or "") for k, v in attributes.items()}
        where = f"{rel}: <{tag}>"
        problems += _element_problems(node, tag, attrs, where)
        if tag == "script":
            if not is_html:
                problems.append(f"{where} a script in a non-HTML document")
                continue
            problem = _script_problem(rel, node, attrs, allowed_inline, site, theme, seen_inline, base_path)
            if problem:
                problems.append(f"{where} {problem}")
    if is_html and seen_inline | _external_scripts(root):
        expected = scriptpolicy.policy(seen_inline & allowed_inline)
        csp = [
            n.attributes.get("content")
            for n in tree.css("meta[http-equiv]")
            if (n.attributes.get("http-equiv") or "").lower() == "content-security-policy"
        ]
        if csp != [expected]:
            problems.append(f"{rel}: the page's Content-Security-Policy is missing or not the expected one")
    return problems


_SPECIAL_TAGS = EMBEDS | ANIMATIONS | {"meta", "style", "script"}


@functools.lru_cache(maxsize=1 << 17)  # a site repeats its attributes (classes, nav links) on every page
def _may_be_unsafe(attribute: tuple[str, str | None]) -> bool:
    """Whether `_attribute_problem` could find fault with this attribute (it decides)."""
    name, value = str(attribute[0]).lower(), attribute[1] or ""
    if name.startswith("on") or name in ("srcset", "style"):
        return True
    return name in URL_ATTRIBUTES and bool(value) and not is_safe_link(value)


def _element_problems(node: LexborNode, tag: str, attrs: dict[str, str], where: str) -> list[str]:
    """What makes one element unsafe, scripts aside: embeds, handlers, unsafe links, animated links, refreshes."""
    problems = [f"{where} element"] if tag in EMBEDS else []
    problems += [p for name, value in attrs.items() if (p := _attribute_problem(name, value, where))]
    if tag in ANIMATIONS and (
        attrs.get("attributename", "").lower() in ("href", "xlink:href")
        or any("script:" in browser_form(attrs.get(a, "")).lower() for a in ("values", "to", "from", "by"))
    ):
        problems.append(f"{where} animates a link target")
    if tag == "meta" and attrs.get("http-equiv", "").lower() == "refresh":
        match = _REFRESH_URL.search(attrs.get("content", ""))
        if match and not is_safe_link(match.group(1)):
            problems.append(f"{where} refreshes to an unsafe link: {_show(match.group(1))}")
    if tag == "style" and _style_runs_code(node.text(deep=True)):
        problems.append(f"{where} style sheet can run code")
    return problems


def _attribute_problem(name: str, value: str, where: str) -> str:
    if name.startswith("on"):
        return f"{where} has the event attribute `{name}`"
    if name in URL_ATTRIBUTES and value and not is_safe_link(value):
        return f"{where} `{name}` is not a safe link: {_show(value)}"
    if name == "srcset" and any(not is_safe_link(part.split()[0]) for part in value.split(",") if part.strip()):
        return f"{where} `srcset` holds an unsafe link: {_show(value)}"
    if name == "style" and _style_runs_code(value):
        return f"{where} `style` can run code: {_show(value)}"
    return ""


def _script_problem(
    rel: str,
    node: LexborNode,
    attrs: dict[str, str],
    allowed: frozenset[str],
    site: Path,
    theme: Path | None,
    seen_inline: set[str],
    base_path: str,
) -> str:
    src = attrs.get("src")
    if src:
        target = _site_path(rel, browser_form(src), base_path)
        if target is None:
            return f"loads a script from outside the site: {_show(src)}"
        if target in scriptpolicy.OUR_SCRIPT_FILES:
            return ""
        if scriptpolicy.THEME_BUNDLE.match(target):
            ours = site / target
            original = theme / target if theme else None
            if original is not None and original.is_file() and ours.is_file() and _digest(ours) == _digest(original):
                return ""
            return f"loads {target}, which is not the theme's own bundle"
        return f"loads a script that is not the theme's or ours: {target}"
    if attrs.get("type", "").lower() == "application/json" and attrs.get("id") == "__config":
        return ""  # the theme's configuration: data, never run
    if attrs.get("type", "").lower() == "application/ld+json":  # citation metadata: data, never run
        try:
            json.loads(node.text(deep=True))
        except ValueError:
            return "holds JSON-LD that is not JSON"
        return ""
    body = node.text(deep=True)
    digest = scriptpolicy.sha256(body)
    seen_inline.add(digest)
    return "" if digest in allowed else f"unknown inline script `{_show(body.strip()[:60])}`"


def _external_scripts(root: LexborNode) -> set[str]:
    return {n.attributes.get("src") or "" for n in root.css("script[src]")}


def _redirect_hashes(tree: LexborHTMLParser) -> frozenset[str]:
    """A redirect page may run the one script that carries its own canonical target."""
    from .render.redirects import redirect_script

    refresh = [n for n in tree.css("meta[http-equiv]") if (n.attributes.get("http-equiv") or "").lower() == "refresh"]
    if not refresh:
        return frozenset()
    match = _REFRESH_URL.search(refresh[0].attributes.get("content") or "")
    return frozenset({scriptpolicy.sha256(redirect_script(match.group(1)))}) if match else frozenset()


def _site_path(page: str, src: str, base_path: str) -> str | None:
    """The site-relative path a same-site script URL points to, or None for another host."""
    if not is_safe_link(src) or re.match(r"^[a-z][a-z0-9+.-]*:", src, re.I):
        return None
    path = src.split("?")[0].split("#")[0]
    parts = page.split("/")[:-1]
    if path.startswith("/"):  # 404.html links from the site's path, wherever it is served
        if not path.startswith(base_path):
            return None
        path, parts = path[len(base_path) :], []
    for part in path.split("/"):
        if part == "..":
            if not parts:
                return None
            parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts)


def _style_runs_code(css: str) -> bool:
    flat = browser_form(css).lower().replace("\\", "")
    return "javascript:" in flat or "expression(" in flat or "-moz-binding" in flat


def _digest(path: Path) -> str:
    status = path.stat()
    return _digest_of(str(path), status.st_size, status.st_mtime_ns)


@functools.lru_cache(maxsize=64)  # every page loads the theme's bundle: read and hash it once per version
def _digest_of(path: str, size: int, mtime_ns: int) -> str:  # noqa: ARG001 - size and mtime_ns key the cache
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _show(value: str) -> str:
    return repr(value[:80])


def _installed_theme() -> Path | None:
    try:
        import material
    except ImportError:  # pragma: no cover - the theme is a runtime dependency
        return None
    return Path(material.__file__).parent / "templates"
