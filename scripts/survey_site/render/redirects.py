"""Redirect pages for retired topic ids and citation keys: plain HTML any static host serves."""

from __future__ import annotations

from ..scriptpolicy import csp_meta, sha256
from .escape import h
from .urls import rel


def redirect_script(target: str) -> str:
    """Carries a #fragment along (meta refresh drops it); without JS the refresh still works."""
    return f"location.replace({_js_string(target)} + location.hash)"


def redirect_page(from_url: str, to_url: str, title: str, site_url: str) -> str:
    target = rel(from_url, to_url)
    script = redirect_script(target)
    return "\n".join(
        [
            "<!doctype html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            csp_meta({sha256(script)}),
            f"<title>Moved: {h(title)}</title>",
            f'<link rel="canonical" href="{h(site_url + to_url)}">',
            '<meta name="robots" content="noindex">',
            f'<meta http-equiv="refresh" content="0; url={h(target)}">',
            f"<script>{script}</script>",
            "</head>",
            "<body>",
            f'<p>This page has moved to <a href="{h(target)}">{h(title)}</a>.</p>',
            "</body>",
            "</html>",
            "",
        ]
    )


def _js_string(text: str) -> str:
    # Targets are built from validated ids, but escape as if they were not.
    safe = "".join(c if c.isalnum() or c in "./-_" else f"\\u{ord(c):04x}" for c in text)
    return f'"{safe}"'
