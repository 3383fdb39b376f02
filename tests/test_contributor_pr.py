"""A contributor's first pull request, simulated end to end on a copy of the real checkout.

The contributor runs `survey add` today (no date given), `survey validate --changed-only`
against the base commit, the suite's data-dependent tests, and a real `mkdocs build`.
The work added is real (tests/data/contributor_pr/entry.bib, with the page that confirms
it); if the corpus has gained it since, the copy drops it first, so the test keeps working.
"""

from __future__ import annotations

import datetime
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from survey_site.add import fields_from_bibtex, find_existing
from survey_site.bibliography import parse_bib
from survey_site.evidence import format_evidence, parse_evidence
from survey_site.fmt import format_bib_entries
from survey_site.pipeline import Project, load
from survey_site.render.pages import LATEST_ON_HOME, latest_additions

from .helpers import ROOT

ENTRY = Path(__file__).parent / "data" / "contributor_pr" / "entry.bib"
EVIDENCE = (
    "https://nyuscholars.nyu.edu/en/publications/language-models-dont-always-say-what-they-think-unfaithful-explan-2"
)
TOPIC = "inner-alignment"  # a survey node: its id is permanent
ATOM = "{http://www.w3.org/2005/Atom}"
ENV = {
    **os.environ,
    "NO_MKDOCS_2_WARNING": "1",
    "GIT_AUTHOR_NAME": "Contributor",
    "GIT_AUTHOR_EMAIL": "c@example.org",
    "GIT_COMMITTER_NAME": "Contributor",
    "GIT_COMMITTER_EMAIL": "c@example.org",
}


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=ENV)


def copy_checkout(target: Path) -> None:
    """The files a clone has (tracked and new, not ignored), plus the reference cache to save time."""
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT, capture_output=True, check=True
    )
    for rel in filter(None, listed.stdout.decode().split("\0")):
        source = ROOT / rel
        if source.is_file():
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / rel)
    if (ROOT / ".cache").is_dir():
        shutil.copytree(ROOT / ".cache", target / ".cache")


def drop_work(project: Path, key: str) -> None:
    """Take a work out of the copy, as if it had never been added."""
    for path in (project / "bib").glob("*.bib"):
        entries, _ = parse_bib(path.read_bytes(), path.name)
        if any(e.key == key for e in entries):
            path.write_text(format_bib_entries([e for e in entries if e.key != key]), encoding="utf-8")
    for path in (project / "taxonomy").glob("*.yaml"):
        path.write_text(re.sub(rf"^\s*- {key}\n", "", path.read_text(encoding="utf-8"), flags=re.M), encoding="utf-8")
    evidence = project / "bib" / "EVIDENCE.tsv"
    rows, _ = parse_evidence(evidence.read_bytes())
    evidence.write_text(format_evidence([r for r in rows if r.key != key]), encoding="utf-8")
    registry = project / "permalinks.txt"
    lines = [
        line
        for line in registry.read_text(encoding="utf-8").splitlines()
        if f"/papers/{key}/" not in line and f"#{key}" not in line
    ]
    registry.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.slow
def test_a_contributors_first_pull_request_goes_green(tmp_path: Path) -> None:
    project = tmp_path / "checkout"
    copy_checkout(project)
    _, fields = fields_from_bibtex(ENTRY.read_text(encoding="utf-8"))
    present = find_existing(load(Project(project)).entries, fields)
    if present:
        drop_work(project, present)
    assert run(["git", "init", "-q", "-b", "main"], project).returncode == 0
    assert run(["git", "add", "-A"], project).returncode == 0
    assert run(["git", "commit", "-qm", "base"], project).returncode == 0

    today = datetime.date.today().isoformat()
    survey = [sys.executable, "-m", "survey_site.cli", "--root", str(project)]
    added = run(
        [
            *survey,
            "add",
            "--topic",
            TOPIC,
            "--bibtex",
            str(ENTRY),
            "--evidence",
            EVIDENCE,
            "--checked",
            "title author year booktitle",
            "--tldr",
            "Biasing features added to few-shot prompts sway answers while the chain-of-thought explanations never mention them.",
        ],
        project,
    )
    assert added.returncode == 0, added.stderr
    key = re.search(r"added `([a-z0-9]+)`", added.stderr).group(1)  # type: ignore[union-attr]
    assert f"added = {{{today}}}" in (project / "bib" / "05-inner-alignment.bib").read_text(encoding="utf-8")

    validated = run([*survey, "validate", "--changed-only", "HEAD"], project)
    assert validated.returncode == 0 and "ok: the data is valid" in validated.stderr, validated.stderr

    # The suite's data-dependent tests, run on the contributor's copy (its own tests/ folder).
    suite = run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-m",
            "not slow",
            "tests/test_real_site.py",
            "tests/test_exports.py",
            "tests/test_coverage.py",
        ],
        project,
    )
    assert suite.returncode == 0, suite.stdout[-3000:]

    built = run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")], project)
    assert built.returncode == 0, built.stderr[-3000:]
    site = tmp_path / "site"
    assert (site / "papers" / key / "index.html").is_file()
    topic = (site / "topics" / TOPIC / "index.html").read_text(encoding="utf-8")
    since = topic[topic.index('id="since"') :]
    assert f'id="{key}"' in since  # listed under "Since the survey"
    assert f'href="../papers/{key}/"' in (site / "browse" / "index.html").read_text(encoding="utf-8")
    for feed in ("feeds/all.atom.xml", "feeds/since-survey.atom.xml", f"feeds/topics/{TOPIC}.atom.xml"):
        ids = [e.findtext(f"{ATOM}id") for e in ET.parse(site / feed).getroot().findall(f"{ATOM}entry")]
        assert any(i and i.endswith(f"/papers/{key}/") for i in ids), feed

    home = (site / "index.html").read_text(encoding="utf-8")
    latest_html = home[home.index('class="sv-latest"') : home.index("</ul>", home.index('class="sv-latest"'))]
    shown = re.findall(r'href="papers/([a-z0-9]+)/"', latest_html)
    papers = assemble_papers(project)
    assert shown == [p.key for p in latest_additions(papers, LATEST_ON_HOME)]  # the rule the page states
    if not [p for p in papers if p.added == today and p.key != key]:
        assert shown[0] == key  # on any day after the last data change, the new work leads the list


def assemble_papers(project: Path) -> list:  # type: ignore[type-arg]
    from survey_site.pipeline import assemble

    return list(assemble(load(Project(project))).papers.values())
