"""The safety check of a whole build, run in a forked process while the pages are written (sitecheck.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from .helpers import ROOT

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="forking is POSIX's")

# A fresh interpreter, so that no thread of the test session (browser tests' servers) keeps it from
# forking. It builds a small site the way MkDocs does: static files, then each page announced and
# written, then the templates and the sitemap.
_SESSION = r"""
import json, os, sys, tempfile, threading
from pathlib import Path
from survey_site import sitecheck

SAFE = '<!doctype html><html><head><title>t</title></head><body><p class="x">fine</p></body></html>'
PAGES = {
    "index.html": SAFE,
    "papers/a/index.html": SAFE.replace("fine", '<a href="javascript:alert(1)">bad link</a>'),
    "papers/b/index.html": SAFE,
    "authors/c/index.html": SAFE.replace("fine", "<script>alert(2)</script>"),
    "authors/d/index.html": SAFE.replace("fine", '<img src="x.png" onerror="alert(3)">'),
}
LATER = {"404.html": SAFE.replace("fine", "<iframe></iframe>"), "sitemap.xml": "<urlset></urlset>"}


def build(site, check, pages=PAGES):
    site.mkdir()
    (site / "assets").mkdir()
    (site / "assets" / "pic.svg").write_text('<svg><script>alert(4)</script></svg>')
    for rel, html in pages.items():
        if check is not None:
            check.about_to_write(rel)
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(html)
    for rel, text in LATER.items():
        (site / rel).write_text(text)
    (site / "papers" / "link.html").symlink_to(site / "index.html")


out = {}
work = Path(tempfile.mkdtemp())
build(work / "plain", None)
out["expected"] = sitecheck.check_site(work / "plain", "/")

# The child does the work: this process's own check is broken once the child is forked.
check = sitecheck.CheckBesideTheBuild.start(work / "beside", "/")
real_check_path = sitecheck._check_path
sitecheck._check_path = lambda *args: ["checked in the parent"]
build(work / "beside", check)
out["beside"] = check.problems()
sitecheck._check_path = real_check_path

# A child that dies leaves the whole check to this process.
check = sitecheck.CheckBesideTheBuild.start(work / "killed", "/")
os.kill(check._child, 9)
build(work / "killed", check)
out["killed"] = check.problems()

# A failed build ends the child and waits for it.
check = sitecheck.CheckBesideTheBuild.start(work / "failed", "/")
check.about_to_write("index.html")
check.abandon()
try:
    os.waitpid(check._child, os.WNOHANG)
    out["reaped"] = False
except ChildProcessError:
    out["reaped"] = True

done = threading.Event()
thread = threading.Thread(target=done.wait)  # as under `mkdocs serve`, whose server threads run beside a rebuild
thread.start()
out["with_threads"] = sitecheck.CheckBesideTheBuild.start(work / "threads", "/") is None
done.set()
thread.join()
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def session() -> dict:  # type: ignore[type-arg]
    result = subprocess.run([sys.executable, "-c", _SESSION], capture_output=True, text=True, check=False, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def test_the_check_beside_the_build_finds_what_check_site_finds(session: dict) -> None:  # type: ignore[type-arg]
    expected = session["expected"]
    # Every kind planted: a page's link, script and handler, a later template, a static file, a symlink.
    for where in ("papers/a/", "authors/c/", "authors/d/", "404.html", "assets/pic.svg", "papers/link.html"):
        assert any(p.startswith(where) for p in expected), (where, expected)
    assert session["beside"] == expected
    assert "checked in the parent" not in session["beside"]  # the child did the work


def test_a_dead_child_leaves_the_check_to_the_build(session: dict) -> None:  # type: ignore[type-arg]
    assert session["killed"] == session["expected"]


def test_a_failed_build_ends_the_child(session: dict) -> None:  # type: ignore[type-arg]
    assert session["reaped"] is True


def test_no_fork_while_other_threads_run(session: dict) -> None:  # type: ignore[type-arg]
    assert session["with_threads"] is True
