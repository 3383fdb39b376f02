"""Helpers the tests share: where things are, the test site's identity, running the CLI and MkDocs.

Fixtures live in conftest.py; plain functions and constants live here, so a test imports
what it uses from a module like any other.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from survey_site.model import Author, SiteConfig
from survey_site.text import latex_to_text

if TYPE_CHECKING:  # only for annotations: tests.screenshots and the benchmarks import this module without pytest
    import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "mini"
SITE = SiteConfig(name="Test Site", url="https://example.org/site/")


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    from survey_site.cli import main

    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def make_site_project(project: Path) -> Path:
    """Give a fixture project what `mkdocs build` needs: config, hand-written pages, hook shim."""
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    (project / "docs").mkdir(exist_ok=True)
    for name in ("assets", "overrides"):
        shutil.copytree(ROOT / "docs" / name, project / "docs" / name, dirs_exist_ok=True)
    for name in ("cite.md", "contribute.md", "benchmarks.md"):
        shutil.copy(ROOT / "docs" / name, project / "docs" / name)
    (project / "scripts").mkdir(exist_ok=True)
    shutil.copy(ROOT / "scripts" / "mkdocs_hooks.py", project / "scripts" / "mkdocs_hooks.py")
    return project


def mkdocs_build(project: Path, site_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )


def bibtexparser_names(names: str) -> tuple[Author, ...]:
    """What bibtexparser's splitter and name parser give for a list, decoded as the site decodes.

    The site adds one rule of its own: an empty name (a doubled `and`) is refused.
    """
    from bibtexparser.middlewares.names import (
        InvalidNameError,
        parse_single_name_into_parts,
        split_multiple_persons_names,
    )

    expected = []
    for name in split_multiple_persons_names(names):
        if not name.strip() or name.strip().lower().startswith("and ") or name.strip().lower() == "and":
            raise InvalidNameError(names, "an empty name")
        if name.strip() == "others":
            expected.append(Author("", "", "others", ""))
            continue
        parts = parse_single_name_into_parts(name)
        expected.append(Author(*(latex_to_text(" ".join(p)) for p in (parts.first, parts.von, parts.last, parts.jr))))
    return tuple(expected)
