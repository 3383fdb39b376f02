"""axe-core (bundled by axe-playwright-python) on representative pages, in light and dark mode.

Fails on any violation of impact "serious" or "critical"; the message names the rule,
its help page, and each offending node with axe's own explanation. Violations in Material's
own markup that we do not override are listed in MATERIAL_THEME (rule id -> CSS targets) and
reported as warnings instead; delete an entry once an override in docs/overrides/ fixes it.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.e2e

PAGES = {
    "home": "",
    "topics-index": "topics/",
    "topic": "topics/scalable-oversight/",
    "site-topic": "topics/weak-to-strong/",  # a topic this site added
    "paper": "papers/ouyang2022training/",
    "contributed-paper": "papers/burns2024weak/",  # a work added since the survey, with its evidence
    "browse": "browse/",
    "papers-index": "papers/",
    "authors-index": "authors/",
    "author": "authors/jan-leike/",  # an author of several papers, cited and added
    "stats": "stats/",
}
BLOCKING = ("serious", "critical")
MATERIAL_THEME = {
    # partials/search.html: <div class="md-search" role="dialog"> has no accessible name.
    "aria-dialog-name": {".md-search"},
    # Material's footer copyright line (#7f7f7f on #171717 in the default palette): 4.47:1, just under 4.5:1.
    "color-contrast": {".md-copyright"},
}


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


def split_theme(violations: list[dict]) -> tuple[list[dict], list[dict]]:
    """(ours, theme's): a violation's nodes are the theme's only when their targets are listed in MATERIAL_THEME."""
    ours, theme = [], []
    for v in violations:
        known = MATERIAL_THEME.get(v["id"], set())
        mine = [n for n in v["nodes"] if " ".join(map(str, n["target"])) not in known]
        theirs = [n for n in v["nodes"] if n not in mine]
        if mine:
            ours.append({**v, "nodes": mine})
        if theirs:
            theme.append({**v, "nodes": theirs})
    return ours, theme


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['impact'].upper()} {v['id']}: {v['help']} ({v['helpUrl']}), {len(v['nodes'])} node(s)")
        for node in v["nodes"][:10]:
            lines.append(f"    at {' '.join(map(str, node['target']))}")
            lines.append(f"       {node['html'][:300]}")
            summary = (node.get("failureSummary") or "").replace("\n", "\n       ")
            if summary:
                lines.append(f"       {summary}")
        if len(v["nodes"]) > 10:
            lines.append(f"    … and {len(v['nodes']) - 10} more")
    return "\n".join(lines)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_no_serious_violations(pages, site_url: str, built_site: Path, axe: Axe, path: str, scheme: str) -> None:
    if not (built_site / path / "index.html").is_file():
        pytest.skip(f"the site has no /{path} page")
    page = pages.new(color_scheme=scheme)
    page.goto(site_url + path, wait_until="load")
    page.wait_for_selector("[data-md-component=content]")
    expected = "slate" if scheme == "dark" else "default"
    assert page.locator("body").get_attribute("data-md-color-scheme") == expected
    results = axe.run(page, options={"resultTypes": ["violations"]})
    ours, theme = split_theme([v for v in results.response["violations"] if v.get("impact") in BLOCKING])
    if theme:
        warnings.warn(f"axe on /{path} ({scheme}), Material theme markup:\n{describe(theme)}", stacklevel=1)
    assert not ours, f"axe on /{path} ({scheme}):\n{describe(ours)}"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_open_citation_basket_has_no_serious_violations(pages, site_url: str, axe: Axe, scheme: str) -> None:
    page = pages.new(color_scheme=scheme)
    page.goto(site_url + "papers/ouyang2022training/?basket=ouyang2022training,irving2018ai", wait_until="load")
    page.locator(".sv-basket-bar button").click()
    page.locator("dialog.sv-basket[open]").wait_for()
    results = axe.run(page, options={"resultTypes": ["violations"]})
    ours, _ = split_theme([v for v in results.response["violations"] if v.get("impact") in BLOCKING])
    assert not ours, f"axe with the basket open ({scheme}):\n{describe(ours)}"
