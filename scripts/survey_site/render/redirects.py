"""Redirect pages for retired topic ids and citation keys: plain HTML any static host serves."""

from __future__ import annotations

from ..scriptpolicy import csp_meta, sha256
from .templating import render, safe
from .urls import rel


def redirect_script(target: str) -> str:
    """Carries a #fragment along (meta refresh drops it); without JS the refresh still works."""
    return f"location.replace({_js_string(target)} + location.hash)"


def redirect_page(from_url: str, to_url: str, title: str, site_url: str) -> str:
    target = rel(from_url, to_url)
    script = redirect_script(target)
    return render(
        "redirect.html",
        csp=safe(csp_meta({sha256(script)})),
        title=title,
        canonical=site_url + to_url,
        target=target,
        script=safe(script),  # built from _js_string: every character outside [A-Za-z0-9./-_] is a \u escape
    )


def _js_string(text: str) -> str:
    # Targets are built from validated ids, but escape as if they were not.
    safe = "".join(c if c.isalnum() or c in "./-_" else f"\\u{ord(c):04x}" for c in text)
    return f'"{safe}"'
