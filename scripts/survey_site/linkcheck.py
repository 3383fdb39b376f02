"""`survey linkcheck`: find dead external links in bib/ and suggest archived copies.

Run weekly by .github/workflows/links.yml, never in tests against the network:
tests pass a session that serves recorded answers.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor

import requests

from .bibliography import BibEntry

WAYBACK_API = "https://archive.org/wayback/available"
TIMEOUT = (5, 20)


@dataclasses.dataclass(frozen=True)
class LinkResult:
    url: str
    where: tuple[str, ...]  # "bib/04-outer-alignment.bib:13 (irving2018ai, url)"
    status: str  # "ok", "HTTP 404", "unreachable", ...
    archived: str | None = None

    @property
    def dead(self) -> bool:
        return self.status != "ok"


def external_links(entries: Iterable[BibEntry]) -> dict[str, list[str]]:
    links: dict[str, list[str]] = {}
    for entry in entries:
        for name in ("url", "code", "doi"):
            value = entry.get(name)
            if not value:
                continue
            url = f"https://doi.org/{value}" if name == "doi" else value
            links.setdefault(url, []).append(f"{entry.path}:{entry.line_of(name)} ({entry.key}, {name})")
    return links


def check_link(http: requests.Session, url: str) -> str:
    try:
        response = http.head(url, allow_redirects=True, timeout=TIMEOUT)
        if response.status_code in (403, 405, 429) or response.status_code >= 500:
            response = http.get(url, allow_redirects=True, timeout=TIMEOUT, stream=True)  # some hosts refuse HEAD
            response.close()
    except requests.exceptions.Timeout:
        return "timed out"
    except requests.exceptions.RequestException:
        return "unreachable"
    if response.status_code == 429:
        return "ok"  # rate-limited, not dead
    return "ok" if response.status_code < 400 else f"HTTP {response.status_code}"


def archived_copy(http: requests.Session, url: str) -> str | None:
    try:
        answer = http.get(WAYBACK_API, params={"url": url}, timeout=TIMEOUT).json()
    except (requests.exceptions.RequestException, ValueError):
        return None
    closest = (answer.get("archived_snapshots") or {}).get("closest") or {}
    if closest.get("available") and str(closest.get("url", "")).startswith(("http://", "https://")):
        return str(closest["url"]).replace("http://", "https://", 1)
    return None


def check_links(
    entries: Iterable[BibEntry], new_session: Callable[[], requests.Session], workers: int = 8
) -> list[LinkResult]:
    """Check every link with `workers` threads; each thread has its own session (requests' are not thread-safe)."""
    links = external_links(entries)
    urls = sorted(links)
    local = threading.local()

    def check(url: str) -> str:
        if not hasattr(local, "http"):
            local.http = new_session()
        return check_link(local.http, url)

    with ThreadPoolExecutor(max_workers=workers) as pool:
        statuses = list(pool.map(check, urls))
    http = new_session()
    results = []
    for url, status in zip(urls, statuses, strict=True):
        archived = archived_copy(http, url) if status != "ok" else None
        results.append(LinkResult(url, tuple(links[url]), status, archived))
    return results


def report(results: list[LinkResult]) -> str:
    dead = [r for r in results if r.dead]
    lines = ["# Dead links", "", f"{len(dead)} of {len(results)} external links did not answer.", ""]
    if dead:
        lines += ["| link | status | used at | archived copy |", "| --- | --- | --- | --- |"]
        for r in dead:
            lines.append(f"| {r.url} | {r.status} | {'<br>'.join(r.where)} | {r.archived or 'none found'} |")
    return "\n".join(lines) + "\n"
