"""Every diagnostic code names one rule, is registered with its meaning, and is listed for contributors."""

from __future__ import annotations

import re
from pathlib import Path

from survey_site.diagnostics import CODES

from .helpers import ROOT

PACKAGE = ROOT / "scripts" / "survey_site"


def codes_in_source() -> dict[str, set[str]]:
    """code -> the source files that emit it (every `code="..."` literal in the package)."""
    found: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        for code in re.findall(r'code="([a-z0-9-]+)"', path.read_text(encoding="utf-8")):
            found.setdefault(code, set()).add(path.name)
    return found


def test_every_emitted_code_is_registered_and_every_registered_code_is_emitted() -> None:
    emitted = codes_in_source()
    assert set(emitted) - set(CODES) == set(), "codes without a meaning in diagnostics.CODES"
    assert set(CODES) - set(emitted) == set(), "registered codes nothing emits"


def test_the_contributor_page_lists_every_code_with_its_meaning() -> None:
    page = (ROOT / "docs" / "contribute.md").read_text(encoding="utf-8")
    listed = dict(re.findall(r"^\| `([a-z0-9-]+)` \| (.+?) \|$", page, re.M))
    assert listed == CODES


def test_one_code_one_rule_across_the_validator() -> None:
    """A code used at several places must mean the same problem: the messages it goes with share their wording."""
    validate = (PACKAGE / "validate.py").read_text(encoding="utf-8")
    seen: dict[str, set[str]] = {}
    for message, code in re.findall(r'f"([^"]{12,40})[^"]*"[^)]*?code="([a-z0-9-]+)"', validate, re.S):
        seen.setdefault(code, set()).add(re.sub(r"\{[^}]*\}", "…", message))
    assert all(len(v) == 1 or k in {"invisible", "multiline", "braces"} for k, v in seen.items()), {
        k: v for k, v in seen.items() if len(v) > 1
    }


def test_github_annotations_carry_the_code(tmp_path: Path) -> None:
    from survey_site.diagnostics import Diagnostic

    line = Diagnostic(
        "bib/x.bib",
        3,
        1,
        "year `2O18` of `x` is not a four-digit year",
        "write e.g. `year = {2023}`",
        code="year-format",
    ).github()
    assert line.startswith("::error file=bib/x.bib,line=3,col=1,title=year-format::")
