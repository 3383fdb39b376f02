"""Golden files pin the generated pages of the fixture project, byte for byte.

Regenerate after an intended change with `UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_golden.py`
and review the diff like any other change.
"""

from __future__ import annotations

import os
from pathlib import Path

from survey_site import render
from survey_site.model import SiteConfig
from survey_site.pipeline import Project, assemble, load
from survey_site.references import formatted_references
from survey_site.siteconfig import load_site_config

from .helpers import FIXTURE, SITE

GOLDEN = Path(__file__).parent / "golden" / "mini"


def rendered(site: SiteConfig = SITE) -> dict[str, str]:
    survey = assemble(load(Project(FIXTURE)))
    references = formatted_references(survey.papers, cache_dir=None)
    return render.render_site(survey, site, (FIXTURE / "CHANGELOG.md").read_text(encoding="utf-8"), references)


def test_generated_pages_match_golden_files() -> None:
    files = rendered()
    if os.environ.get("UPDATE_GOLDEN"):
        for old in GOLDEN.rglob("*"):
            if old.is_file():
                old.unlink()
        for rel, text in files.items():
            (GOLDEN / rel).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / rel).write_text(text, encoding="utf-8")
    golden = {p.relative_to(GOLDEN).as_posix(): p.read_text(encoding="utf-8") for p in GOLDEN.rglob("*") if p.is_file()}
    assert sorted(files) == sorted(golden)
    for rel, text in files.items():
        assert text == golden[rel], f"{rel} differs from its golden file"


def test_a_build_in_fresh_processes_is_byte_identical(tmp_path: Path) -> None:
    """Determinism across processes: different hash seeds (set and dict orders) give the same bytes."""
    import shutil
    import subprocess
    import sys

    from .helpers import make_site_project

    trees = []
    for seed in ("1", "4242"):
        project = tmp_path / f"seed{seed}"
        shutil.copytree(FIXTURE, project)
        make_site_project(project)
        result = subprocess.run(
            [sys.executable, "-m", "survey_site.cli", "--root", str(project), "build"],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        assert result.returncode == 0, result.stderr
        docs = project / "docs"
        trees.append({p.relative_to(docs).as_posix(): p.read_bytes() for p in docs.rglob("*") if p.is_file()})
    assert trees[0] == trees[1]
    in_process = rendered(load_site_config(project))  # and what this process renders from the same config
    assert {rel: trees[0][rel].decode("utf-8") for rel in in_process} == in_process
