"""Site URLs (fixed by DESIGN.md) and relative links between generated pages."""

from __future__ import annotations

import posixpath


def topic_url(node_id: str) -> str:
    return f"topics/{node_id}/"


def paper_url(key: str) -> str:
    return f"papers/{key}/"


def topic_source(node_id: str) -> str:
    return f"topics/{node_id}/index.md"


def paper_source(key: str) -> str:
    return f"papers/{key}/index.md"


def rel(from_url: str, to_url: str) -> str:
    """Relative href from one directory-style page URL to another URL or file."""
    start = from_url.rstrip("/") or "."
    target = posixpath.relpath(to_url.rstrip("/") or ".", start)
    if to_url.endswith("/") or not to_url:
        target = "./" if target == "." else target + "/"
    return target
