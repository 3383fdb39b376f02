"""Screenshots of the main pages in light and dark mode: `python -m tests.screenshots` (`make screenshots`).

Uses site/ when it is newer than every source (taxonomy/, bib/, docs/, scripts/, mkdocs.yml),
else builds it first with `mkdocs build --strict`. Serves it on 127.0.0.1, drives Debian's
chromium at 1280x900 with every off-host request blocked, and writes
screenshots/<page>-<light|dark>.png. Pages the site does not have yet are skipped with a note.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import urlsplit

from tests.e2e import CHROMIUM, CHROMIUM_ARGS, DESKTOP, HOST, MOBILE, serve
from tests.helpers import ROOT, mkdocs_build

SOURCES = ("taxonomy", "bib", "docs", "scripts", "mkdocs.yml", "CHANGELOG.md")
PAGES = {
    "home": "",
    "topic": "topics/scalable-oversight/",
    "paper": "papers/ouyang2022training/",
    "browse": "browse/",
    "stats": "stats/",
    "author": "authors/jan-leike/",
}
SCHEMES = {"light": "default", "dark": "slate"}
# On a phone (390 px), light mode: how browse and a paper page read there.
PHONE_PAGES = {
    "browse-phone": "browse/",
    "paper-phone": "papers/ouyang2022training/",
    "home-phone": "",
    # With two papers in the citation basket, its button shows at the bottom.
    "author-phone": "authors/jan-leike/?basket=ouyang2022training,irving2018ai",
}


def newest_source() -> float:
    newest = 0.0
    for name in SOURCES:
        path = ROOT / name
        files = (
            [path] if path.is_file() else (p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        )
        for f in files:
            newest = max(newest, f.stat().st_mtime)
    return newest


def ensure_site(site: Path, rebuild: bool) -> None:
    index = site / "index.html"
    if not rebuild and index.exists() and index.stat().st_mtime >= newest_source():
        print(f"using {site} (up to date)")
        return
    print(f"building {site} …", flush=True)
    result = mkdocs_build(ROOT, site)
    if result.returncode != 0:
        sys.exit(f"mkdocs build failed:\n{result.stderr[-4000:]}")


def shoot(site: Path, out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        sys.exit(f"{CHROMIUM} is missing: run `bash scripts/setup-system.sh` (never `playwright install`)")
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        shots = [
            (name, path, scheme, md_scheme, False)
            for name, path in PAGES.items()
            for scheme, md_scheme in SCHEMES.items()
        ]
        shots += [(name, path, "light", "default", True) for name, path in PHONE_PAGES.items()]
        for name, path, scheme, md_scheme, phone in shots:
            if not (site / path.split("?")[0] / "index.html").is_file():
                print(f"skip {name}: the site has no /{path} page yet")
                continue
            context = browser.new_context(
                viewport=MOBILE if phone else DESKTOP,
                is_mobile=phone,
                color_scheme=scheme,
                reduced_motion="reduce",
                service_workers="block",
            )
            context.route(
                "**/*",
                lambda route: (
                    route.continue_() if urlsplit(route.request.url).hostname in (HOST, None) else route.abort()
                ),
            )
            page = context.new_page()
            page.goto(base + path, wait_until="networkidle")
            page.wait_for_selector("[data-md-component=content]")
            actual = page.locator("body").get_attribute("data-md-color-scheme")
            if actual != md_scheme:  # the palette did not follow the media query: use its toggle
                page.locator('label.md-header__button[for^="__palette"]').filter(visible=True).first.click()
                page.wait_for_function(f"document.body.dataset.mdColorScheme === {md_scheme!r}")
            png = page.screenshot(animations="disabled", caret="hide")
            target = out / (f"{name}.png" if phone else f"{name}-{scheme}.png")
            partial = target.with_name(target.name + ".tmp")
            partial.write_bytes(png)
            partial.replace(target)
            written.append(target)
            print(f"wrote {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}")
            context.close()
        browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.screenshots", description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="built site to use or build (default: site/)")
    parser.add_argument(
        "--out", type=Path, default=ROOT / "screenshots", help="where the PNGs go (default: screenshots/)"
    )
    parser.add_argument("--rebuild", action="store_true", help="build the site even when it looks up to date")
    args = parser.parse_args(argv)
    ensure_site(args.site.resolve(), args.rebuild)
    written = shoot(args.site.resolve(), args.out.resolve())
    print(f"{len(written)} screenshot(s) in {args.out}")
    return 0 if written else 1


if __name__ == "__main__":
    sys.exit(main())
