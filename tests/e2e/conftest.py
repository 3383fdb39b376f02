"""Browser fixtures: the built site on 127.0.0.1, Debian's chromium, and pages that police themselves.

Every page made here records console errors, uncaught exceptions and every request; at
teardown the test errors if the page logged an error or asked for anything not on
127.0.0.1 (the site must work fully offline: no CDN, no web fonts, no API calls).
Off-host requests are also aborted, so a test never waits on the network.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from . import CHROMIUM, CHROMIUM_ARGS, DESKTOP, HOST, MOBILE, serve


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """Base URL (ending in a slash) of the real built site, served from 127.0.0.1."""
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} is missing: run `bash scripts/setup-system.sh` (or `make test`), never `playwright install`"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@dataclass
class PageLog:
    """What one page did that a test should know about."""

    label: str
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    off_host: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        out = [f"[{self.label}] console/page error: {e}" for e in self.errors]
        out += [f"[{self.label}] request leaves {HOST}: {u}" for u in self.off_host]
        return out


def _on_host(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about", "chrome-error"):
        return True
    return parts.hostname == HOST


class Pages:
    """Factory for browser pages on the served site; `new(mobile=True)` is a 390 px wide phone."""

    def __init__(self, browser: object, base_url: str) -> None:
        self.browser = browser
        self.base_url = base_url
        self.logs: list[PageLog] = []
        self._contexts: list[object] = []

    def new(self, *, mobile: bool = False, color_scheme: str = "light", permissions: tuple[str, ...] = ()) -> object:
        context = self.browser.new_context(
            base_url=self.base_url,
            viewport=MOBILE if mobile else DESKTOP,
            is_mobile=mobile,
            has_touch=mobile,
            color_scheme=color_scheme,
            reduced_motion="reduce",
            service_workers="block",
        )
        self._contexts.append(context)
        if permissions:
            context.grant_permissions(list(permissions), origin=self.base_url.rstrip("/"))
        log = PageLog(label=f"{'mobile' if mobile else 'desktop'}/{color_scheme}#{len(self.logs) + 1}")
        self.logs.append(log)

        def route(route: object) -> None:
            if _on_host(route.request.url):
                route.continue_()
            else:
                route.abort("blockedbyclient")

        def on_request(request: object) -> None:
            log.requests.append(request.url)
            if not _on_host(request.url):
                log.off_host.append(
                    f"{request.method} {request.url} ({request.resource_type}, from {request.frame.url if request.frame else '?'})"
                )

        context.route("**/*", route)
        context.on("request", on_request)

        def on_console(message: object) -> None:
            if message.type == "error":
                where = message.location or {}
                if "ERR_BLOCKED_BY_CLIENT" in message.text and not _on_host(where.get("url", "")):
                    return  # our own block of an off-host request, reported below as such
                log.errors.append(f"{message.text} (at {where.get('url', '?')}:{where.get('lineNumber', '?')})")

        def on_websocket(socket: object) -> None:
            if not _on_host(socket.url):
                log.off_host.append(f"WebSocket {socket.url}")

        page = context.new_page()
        page.on("console", on_console)
        page.on("pageerror", lambda exc: log.errors.append(f"uncaught {exc.name}: {exc.message} (on {page.url})"))
        page.on("websocket", on_websocket)
        return page

    def close(self) -> None:
        for context in self._contexts:
            context.close()
        self._contexts.clear()

    def problems(self) -> list[str]:
        return [p for log in self.logs for p in log.problems()]

    def assert_clean(self) -> None:
        problems = self.problems()
        assert not problems, "the site misbehaved in the browser:\n  " + "\n  ".join(problems)


@pytest.fixture
def pages(browser: object, site_url: str) -> Iterator[Pages]:
    """Make pages with `pages.new(mobile=..., color_scheme=..., permissions=...)`; checked at teardown."""
    factory = Pages(browser, site_url)
    yield factory
    factory.close()  # closing first catches errors logged while the page was going away
    factory.assert_clean()


@pytest.fixture(params=["desktop", "mobile"])
def viewport(request: pytest.FixtureRequest) -> str:
    """Run a test at desktop width (1280 px) and on a 390 px wide phone."""
    return request.param


@pytest.fixture
def page(pages: Pages, viewport: str) -> object:
    """One light-mode page at the parametrized viewport."""
    return pages.new(mobile=viewport == "mobile")


@pytest.fixture
def open_page(page: object, site_url: str) -> Callable[[str], object]:
    """`open_page("topics/")` loads a site path (relative to the site root) in `page` and returns the page."""

    def go(path: str) -> object:
        response = page.goto(site_url + path.lstrip("/"), wait_until="load")
        assert response is not None and response.ok, f"{path}: HTTP {response.status if response else 'no response'}"
        # Material mounts its components (search, palette, copy buttons) after load.
        page.wait_for_selector("[data-md-component=content]")
        return page

    return go
