"""What keeps `make serve`'s dirty rebuilds (`mkdocs serve --dirty`) as correct as a full build.

A dirty build re-renders only the pages whose Markdown is newer than their HTML. The generator
rewrites exactly the pages whose text changed (write-if-changed), so every page an edit touches
(the paper, the topics that list it, the index pages, related papers) is rebuilt. What no page's
own text shows is site-wide: the navigation (taxonomy titles and order), the data version in
every footer, the configuration and theme overrides; and a removed page leaves its HTML behind.
When any of those changes, the hook empties the site folder and the rebuild is a full one.

Material's search plugin keeps the previous index on a dirty rebuild but assumes one page was
rebuilt; `merge_search_entries` keeps the previous entries of every page not rebuilt instead.

MkDocs' server watches docs/ whole with a polling observer, which lists every file twice a
second: at 5,000 papers that is 31,000 paths and about 0.4 s of CPU a listing, taken from the
build it competes with. The generated folders change only when the generator writes them,
after a change in bib/ or taxonomy/ (watched themselves), so `watched_docs_paths` leaves them out.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .tree import GENERATED_DIRS

DIRTY_WARNING = "A 'dirty' build is being performed"


def site_fingerprint(root: Path, docs_dir: Path, generated_nav: str) -> str:
    """A digest of what every page shows besides its own text: nav and data version, config, overrides."""
    digest = hashlib.sha256(generated_nav.encode("utf-8"))
    overrides = docs_dir / "overrides"
    sources = [
        root / "mkdocs.yml",
        *(sorted(p for p in overrides.rglob("*") if p.is_file()) if overrides.is_dir() else []),
    ]
    for path in sources:
        digest.update(str(path.relative_to(root)).encode() + b"\0")
        digest.update(path.read_bytes() if path.is_file() else b"")
    return digest.hexdigest()


def must_rebuild_all(
    previous_fingerprint: str | None, fingerprint: str, previous_pages: frozenset[str], pages: frozenset[str]
) -> bool:
    """A full rebuild when site-wide inputs changed, or a page went away (its HTML would stay)."""
    return previous_fingerprint != fingerprint or not previous_pages <= pages


def merge_search_entries(
    previous: Iterable[dict[str, Any]], current: list[dict[str, Any]], rebuilt: set[str]
) -> list[dict[str, Any]]:
    """The previous index's entries of pages not rebuilt, then this build's (entries are per page and anchor)."""
    kept = [entry for entry in previous if str(entry.get("location", "")).split("#", 1)[0] not in rebuilt]
    return kept + current


def watched_docs_paths(docs_dir: Path) -> list[tuple[Path, bool]]:
    """(path, recursive) to watch in docs/: its top level, and each hand-written folder in full."""
    folders = sorted(
        p for p in docs_dir.iterdir() if p.is_dir() and not p.is_symlink() and p.name not in GENERATED_DIRS
    )
    return [(docs_dir, False), *((folder, True) for folder in folders)]
