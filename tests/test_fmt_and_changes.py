"""`survey fmt` (canonical, idempotent, never loses data) and `validate --changed-only`."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from survey_site.fmt import format_project

from .helpers import ROOT, run_cli

MESSY = """@INPROCEEDINGS{ouyang2022training,
    year={2022},
  Title = "Training Language Models to Follow Instructions with Human Feedback",
  origin = {survey-v1}, added = {2026-11-24},
  author = {Ouyang, Long and Wu, Jeff},
  booktitle = {Advances in Neural Information
               Processing Systems},
}

@misc{bai2022constitutional, title = {Constitutional {AI}: Harmlessness from {AI} Feedback}, author = {Bai, Yuntao}, year = {2022},
  eprint = {2212.08073}, archiveprefix = {arXiv}, added = {2026-11-24}, origin = {survey-v1}}
"""


def test_fmt_is_idempotent_on_the_real_data(tmp_path: Path) -> None:
    copy = tmp_path / "real"
    for folder in ("bib", "taxonomy"):
        shutil.copytree(ROOT / folder, copy / folder)
    assert format_project(copy, check_only=True).changed == ()  # the committed data is canonical
    first = format_project(copy, check_only=False)
    assert first.changed == () and first.skipped == ()


def test_fmt_canonicalises_and_second_run_changes_nothing(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bib = mini / "bib" / "04-outer-alignment.bib"
    bib.write_text(MESSY)
    code, _, err = run_cli(["--root", str(mini), "fmt", "--check"], capsys)
    assert code == 1 and "bib/04-outer-alignment.bib: not canonical" in err
    code, _, _ = run_cli(["--root", str(mini), "fmt"], capsys)
    assert code == 0
    assert bib.read_text() == (
        "@misc{bai2022constitutional,\n  title = {Constitutional {AI}: Harmlessness from {AI} Feedback},\n  author = {Bai, Yuntao},\n"
        "  year = {2022},\n  eprint = {2212.08073},\n  archiveprefix = {arXiv},\n  added = {2026-11-24},\n  origin = {survey-v1},\n}\n\n"
        "@inproceedings{ouyang2022training,\n  title = {Training Language Models to Follow Instructions with Human Feedback},\n"
        "  author = {Ouyang, Long and Wu, Jeff},\n  booktitle = {Advances in Neural Information Processing Systems},\n  year = {2022},\n"
        "  added = {2026-11-24},\n  origin = {survey-v1},\n}\n"
    )
    once = {p: p.read_bytes() for p in mini.rglob("*.bib")} | {p: p.read_bytes() for p in mini.rglob("*.yaml")}
    code, _, _ = run_cli(["--root", str(mini), "fmt", "--check"], capsys)
    assert code == 0
    format_project(mini, check_only=False)
    assert (
        {p: p.read_bytes() for p in mini.rglob("*.bib")} | {p: p.read_bytes() for p in mini.rglob("*.yaml")}
    ) == once


def test_fmt_never_rewrites_a_file_it_cannot_read_whole(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bib = mini / "bib" / "04-outer-alignment.bib"
    broken = bib.read_text().replace(
        "title = {{AI} Safety via Debate},", "title = {{AI} Safety via Debate},\n  title = {again},"
    )
    bib.write_text(broken)
    code, _, err = run_cli(["--root", str(mini), "fmt"], capsys)
    assert code == 1 and "bib/04-outer-alignment.bib: has errors, left as it is" in err
    assert bib.read_text() == broken


def test_validate_includes_fmt_check(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tax = mini / "taxonomy" / "08-alignment-evaluation.yaml"
    tax.write_text(tax.read_text().replace("title: Alignment Evaluation", "title:    Alignment Evaluation"))
    code, _, err = run_cli(["--root", str(mini), "validate"], capsys)
    assert code == 1
    assert (
        "taxonomy/08-alignment-evaluation.yaml:1:1: the file is not in canonical form (run `survey fmt` and commit the result)"
        in err
    )


def git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        env={
            "GIT_AUTHOR_NAME": "t",
            "GIT_AUTHOR_EMAIL": "t@example.org",
            "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@example.org",
            "HOME": str(cwd),
            "PATH": "/usr/bin:/bin",
        },
    )


def test_changed_only_reports_the_changes_own_problems(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A problem that predates the change (a bad DOI) ...
    lin = mini / "bib" / "08-alignment-evaluation.bib"
    lin.write_text(lin.read_text().replace("doi = {10.18653/v1/2022.acl-long.229}", "doi = {not-a-doi}"))
    git(mini, "init", "-q", "-b", "main")
    git(mini, "add", "-A")
    git(mini, "commit", "-qm", "base")
    # ... then a change that breaks a year, and removes a paper another file still lists.
    bib = mini / "bib" / "04-outer-alignment.bib"
    text = bib.read_text().replace(
        "  year = {2018},\n  eprint = {1805.00899},", "  year = {2O18},\n  eprint = {1805.00899},"
    )
    start = text.index("@misc{bai2022constitutional,")
    text = text[:start] + text[text.index("}\n", start) + 2 :].lstrip("\n")
    bib.write_text(text)
    code, _, err = run_cli(["--root", str(mini), "validate", "--changed-only", "HEAD"], capsys)
    lines = [line for line in err.splitlines() if "error(s)" not in line]
    assert code == 1
    assert any("year `2O18` of `irving2018ai` is not a four-digit year" in line for line in lines)
    assert any(
        "unknown citation key `bai2022constitutional` in `constitutional-ai`" in line for line in lines
    )  # untouched line, new problem
    assert not any("not-a-doi" in line for line in lines)  # old problem elsewhere: not this PR's
    code, _, err = run_cli(["--root", str(mini), "validate"], capsys)
    assert "not-a-doi" in err  # the full run still sees everything


def test_changed_only_with_a_bad_revision(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    git(mini, "init", "-q", "-b", "main")
    code, _, err = run_cli(["--root", str(mini), "validate", "--changed-only", "nope"], capsys)
    assert code == 2 and "survey validate: --changed-only nope:" in err


@pytest.mark.parametrize("config", [("diff.noprefix", "true"), ("diff.mnemonicPrefix", "true")])
def test_changed_lines_do_not_depend_on_the_users_git_config(mini: Path, config: tuple[str, str]) -> None:
    from survey_site.changes import changed_lines

    git(mini, "init", "-q", "-b", "main")
    git(mini, "config", *config)
    git(mini, "add", "-A")
    git(mini, "commit", "-qm", "base")
    bib = mini / "bib" / "04-outer-alignment.bib"
    bib.write_text(
        bib.read_text().replace(
            "  year = {2018},\n  eprint = {1805.00899},", "  year = {2019},\n  eprint = {1805.00899},"
        )
    )
    changed = changed_lines(mini, "HEAD")
    line = bib.read_text().splitlines().index("  year = {2019},") + 1
    assert changed == {"bib/04-outer-alignment.bib": {line}}


def test_fmt_keeps_every_entry_field_and_node_of_the_real_data(tmp_path: Path) -> None:
    """A rewrite never changes meaning: the real data parsed before and after `survey fmt` is the same."""
    from survey_site.pipeline import Project, load

    from .test_bad_inputs import meaning

    project = tmp_path / "real"
    for name in ("bib", "taxonomy"):
        shutil.copytree(ROOT / name, project / name)
    for path in (project / "bib").glob("*.bib"):  # undo the canonical form, then let fmt restore it
        entries = path.read_text().split("\n\n")
        path.write_text("\n\n".join(reversed(entries)).replace("  title = ", "   title  =  "))
    before = meaning(project)
    assert load(Project(project)).entries
    format_project(project, check_only=False)
    assert meaning(project) == before
    assert format_project(project, check_only=True).changed == ()
