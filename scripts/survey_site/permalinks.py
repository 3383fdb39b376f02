"""The permalink registry: every URL the site has published must keep resolving.

`permalinks.txt` (committed, sorted) lists site-relative URLs with their explicit
anchors. A listed URL resolves when its page is live, or when an alias (a retired
node id in `aliases:`, a retired citation key in a bib entry's `ids`) redirects it,
and its anchor still exists on the page it lands on.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from pathlib import Path

from .authors import ALIASES_FILE, slugs_of_entries
from .bibliography import key_aliases as retired_keys
from .diagnostics import Diagnostic
from .loaded import LoadedData
from .render import WHOLE_DATA_PAGES
from .write import replace_files

REGISTRY = "permalinks.txt"
# Pages the generator always publishes beside topics and papers.
FIXED_PAGES = tuple(WHOLE_DATA_PAGES.values())


@dataclasses.dataclass(frozen=True)
class SiteIndex:
    """What resolves now: live pages, their anchors, and where aliases lead."""

    node_anchors: dict[str, set[str]]
    paper_anchors: dict[str, set[str]]
    node_aliases: dict[str, str]
    key_aliases: dict[str, str]
    author_slugs: frozenset[str] = frozenset()
    author_aliases: dict[str, str] = dataclasses.field(default_factory=dict)  # retired slug -> live slug


def index_of(data: LoadedData) -> SiteIndex:
    key_aliases = retired_keys(data.entries)
    retired_of: dict[str, list[str]] = {}
    for old, new in key_aliases.items():
        retired_of.setdefault(new, []).append(old)
    node_anchors: dict[str, set[str]] = {}
    for node in data.nodes:
        anchors = {"top", "papers", "cite"}
        if node.children:
            anchors.add("subtopics")
        for ref in node.papers:
            anchors.add(ref.value)
            anchors.update(retired_of.get(ref.value, ()))
        node_anchors[node.id.value] = anchors
    paper_anchors = {
        e.key: {"top", "topics", "provenance", "cite", *(["tldr"] if e.get("tldr") else [])} for e in data.entries
    }
    node_aliases = {alias.value: node.id.value for node in data.nodes for alias in node.aliases}
    return SiteIndex(
        node_anchors,
        paper_anchors,
        node_aliases,
        key_aliases,
        frozenset(slugs_of_entries(data.entries)),
        {row.old: row.new for row in data.author_aliases},
    )


def published_urls(index: SiteIndex) -> list[str]:
    """Every URL and explicit anchor the site publishes now, sorted."""
    urls = set(FIXED_PAGES)
    for node_id, anchors in index.node_anchors.items():
        urls.add(f"/topics/{node_id}/")
        urls.update(f"/topics/{node_id}/#{a}" for a in anchors if a != "top")
    for key, anchors in index.paper_anchors.items():
        urls.add(f"/papers/{key}/")
        urls.update(f"/papers/{key}/#{a}" for a in anchors if a in ("cite",))
    urls.update(f"/authors/{slug}/" for slug in index.author_slugs)
    return sorted(urls)


def read_registry(root: Path) -> tuple[list[tuple[str, int]], list[Diagnostic]]:
    path = root / REGISTRY
    if not path.exists():
        return [], []  # a project that has never published anything (tests check the real one has it)
    lines = path.read_text(encoding="utf-8").splitlines()
    return [(line.strip(), n) for n, line in enumerate(lines, 1) if line.strip() and not line.startswith("#")], []


def check_registry(listed: Iterable[tuple[str, int]], index: SiteIndex) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for url, line in listed:
        problem, hint = _resolve(url, index)
        if problem:
            out.append(
                Diagnostic(
                    REGISTRY, line, 1, f"published URL `{url}` would stop resolving: {problem}", hint, code="permalink"
                )
            )
    return out


def _resolve(url: str, index: SiteIndex) -> tuple[str, str]:
    path, _, anchor = url.partition("#")
    if path in FIXED_PAGES:
        return "", ""
    parts = path.strip("/").split("/")
    if len(parts) != 2 or parts[0] not in ("topics", "papers", "authors") or not path.endswith("/"):
        return "not a page this site generates", "registry lines look like `/topics/<id>/` or `/papers/<key>/#cite`"
    kind, ident = parts
    if kind == "authors":
        if ident in index.author_slugs or index.author_aliases.get(ident) in index.author_slugs:
            return "", ""
        return (
            f"no author `{ident}` (a name was corrected, or its last paper removed)",
            f"add `{ident}<TAB>new-slug` to {ALIASES_FILE}, so the old page redirects to the author's page now",
        )
    if kind == "topics":
        live = ident if ident in index.node_anchors else index.node_aliases.get(ident)
        if live is None:
            return (
                f"no topic `{ident}`",
                f"add `{ident}` to the `aliases:` of the topic that replaces it, so the old URL redirects there",
            )
        if anchor and anchor not in index.node_anchors[live]:
            where = f"`{live}`" + (f" (which `{ident}` now redirects to)" if live != ident else "")
            return (
                f"anchor `#{anchor}` is gone from topic {where}",
                "keep the paper in that topic, or give the renamed key its old one in `ids`",
            )
        return "", ""
    live = ident if ident in index.paper_anchors else index.key_aliases.get(ident)
    if live is None:
        return (
            f"no paper `{ident}`",
            f"add `ids = {{{ident}}}` to the entry that replaces it, so the old URL redirects there",
        )
    if anchor and anchor not in index.paper_anchors[live]:
        return f"anchor `#{anchor}` is gone from paper `{live}`", "restore the section, or keep the anchor"
    return "", ""


def update_registry(root: Path, index: SiteIndex) -> tuple[int, int]:
    """Add the URLs published now; never drop a line. Returns (added, total)."""
    listed, _ = read_registry(root)
    have = {url for url, _ in listed}
    now = published_urls(index)
    merged = sorted(have | set(now))
    replace_files(root, {root / REGISTRY: "".join(f"{u}\n" for u in merged).encode("utf-8")})
    return len(set(now) - have), len(merged)
