"""The scripts a page may run, and the Content-Security-Policy that enforces it.

Every inline script the site ships is one of the theme's three, written by Material's
`base.html` (pinned in requirements.lock), or the one-line script of a redirect page.
They are matched by their exact text, so by hash. Files are matched by path: the
theme's bundle (compared byte for byte with the installed theme) and our `site.js`.
Each page carries a CSP `<meta>` that allows exactly those, so a script that slipped
past every check would still not run.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import re

# Material 9.8's inline scripts (templates/base.html), byte for byte. `{base}` is the
# relative path from the page to the site root ("." or "../.."), or the site's path on 404.
THEME_SCOPE = (
    '__md_scope=new URL("{base}",location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),'
    '__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),'
    '__md_set=(e,_,t=localStorage,a=__md_scope)=>{{try{{t.setItem(a.pathname+"."+e,JSON.stringify(_))}}catch(e){{}}}}'
)
THEME_PALETTE = (
    'var palette=__md_get("__palette");if(palette&&palette.color){if("(prefers-color-scheme)"===palette.color.media)'
    '{var media=matchMedia("(prefers-color-scheme: light)"),input=document.querySelector(media.matches?'
    "\"[data-md-color-media='(prefers-color-scheme: light)']\":\"[data-md-color-media='(prefers-color-scheme: dark)']\");"
    'palette.color.media=input.getAttribute("data-md-color-media"),palette.color.scheme=input.getAttribute("data-md-color-scheme"),'
    'palette.color.primary=input.getAttribute("data-md-color-primary"),palette.color.accent=input.getAttribute("data-md-color-accent")}'
    'for(var[key,value]of Object.entries(palette.color))document.body.setAttribute("data-md-color-"+key,value)}'
)
THEME_TARGET = (
    "var target=document.getElementById(location.hash.slice(1));"
    'target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))'
)
OUR_SCRIPT_FILES = frozenset({"assets/site.js"})
THEME_BUNDLE = re.compile(r"^assets/javascripts/bundle\.[0-9a-f]{8}\.min\.js$")


def sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def base_for(page_path: str) -> str:
    """What Material writes as the site base for a page at `page_path` (e.g. `papers/x/index.html`)."""
    depth = page_path.count("/")
    return "/".join([".."] * depth) if depth else "."


@functools.lru_cache(maxsize=64)  # one per folder depth
def theme_inline_hashes(base: str) -> frozenset[str]:
    return frozenset({sha256(THEME_SCOPE.format(base=base)), sha256(THEME_PALETTE), sha256(THEME_TARGET)})


def policy(script_hashes: frozenset[str] | set[str]) -> str:
    """The page's CSP: its own files and exactly these inline scripts; nothing from another host."""
    hashes = " ".join(f"'{h}'" for h in sorted(script_hashes))
    return (
        "default-src 'self'; "
        f"script-src 'self' {hashes}; "
        "style-src 'self' 'unsafe-inline'; "  # Material sets style attributes
        "img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self'; "
        "object-src 'none'; frame-src 'none'; base-uri 'self'; form-action 'self'"
    )


def csp_meta(script_hashes: frozenset[str] | set[str]) -> str:
    return f'<meta http-equiv="Content-Security-Policy" content="{policy(script_hashes)}">'


_CHARSET = re.compile(r"<meta charset=\"utf-8\">", re.I)


def with_csp(html: str, script_hashes: frozenset[str] | set[str]) -> str:
    """The page with its CSP `<meta>` right after the charset, before any script."""
    match = _CHARSET.search(html)
    if match is None:
        raise ValueError('the page has no <meta charset="utf-8">: cannot place its Content-Security-Policy')
    return html[: match.end()] + csp_meta(script_hashes) + html[match.end() :]
