"""Site URLs (fixed by DESIGN.md) and relative links between generated pages."""

from __future__ import annotations


def topic_url(node_id: str) -> str:
    return f"topics/{node_id}/"


def paper_url(key: str) -> str:
    return f"papers/{key}/"


def author_url(slug: str) -> str:
    return f"authors/{slug}/"


def author_source(slug: str) -> str:
    return f"authors/{slug}/index.md"


def topic_source(node_id: str) -> str:
    return f"topics/{node_id}/index.md"


def paper_source(key: str) -> str:
    return f"papers/{key}/index.md"


def rel(from_url: str, to_url: str) -> str:
    """Relative href from one directory-style page URL to another URL or file.

    Plain string work (posixpath.relpath normalises through the file system's rules and
    was a measurable share of rendering 10,000 pages).
    """
    start = [p for p in from_url.split("/") if p]
    target = [p for p in to_url.split("/") if p]
    common = 0
    while common < len(start) and common < len(target) and start[common] == target[common]:
        common += 1
    parts = [".."] * (len(start) - common) + target[common:]
    if not parts:
        return "./"
    text = "/".join(parts)
    return text + "/" if to_url.endswith("/") or not to_url or not target[common:] else text
