"""Golden files pin the generated pages of the fixture project, byte for byte.

Regenerate after an intended change with `UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_golden.py`
and review the diff like any other change.
"""

from __future__ import annotations

import os
from pathlib import Path

from survey_site import render
from survey_site.pipeline import Project, assemble, load
from survey_site.references import formatted_references

from .conftest import FIXTURE, SITE

GOLDEN = Path(__file__).parent / "golden" / "mini"


def rendered() -> dict[str, str]:
    survey = assemble(load(Project(FIXTURE)))
    references = formatted_references(survey.papers, cache_dir=None)
    return render.render_site(survey, SITE, (FIXTURE / "CHANGELOG.md").read_text(encoding="utf-8"), references)


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


def test_rendering_is_deterministic() -> None:
    assert rendered() == rendered()
