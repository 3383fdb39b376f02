"""A pull request cannot publish script, a secret or a broken permalink through files other than data.

Each case is one way a hostile change got through before (issue: hostile pull requests):
hand-written pages, static files, links, the generated-files manifest, the URL registry.
Every one is either refused with its place named, or neutralized in the built site.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from survey_site import pipeline
from survey_site.diagnostics import DataError
from survey_site.pipeline import Project, generate
from survey_site.render.urls import paper_source
from survey_site.urlpolicy import is_safe_absolute, is_safe_link

from .helpers import SITE, make_site_project, mkdocs_build, run_cli

GIT_ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.org",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.org",
}


@pytest.mark.parametrize(
    "url,safe",
    [
        ("https://arxiv.org/abs/2309.15025", True),
        ("../papers/x/", True),
        ("#cite", True),
        ("downloads/corpus.bib", True),
        ("javascript:alert(1)", False),
        ("JaVaScRiPt:alert(1)", False),
        ("java\nscript:alert(1)", False),
        ("java\tscript:x", False),
        ("\x01javascript:x", False),
        (" javascript:x", False),
        ("data:text/html,x", False),
        ("vbscript:x", False),
        ("//evil.example", False),
        ("/\\evil.example", False),
        ("\\\\evil.example", False),
        ("\\/evil.example", False),
        ("https:evil.example", False),
        ("", False),
    ],
)
def test_links_are_judged_as_browsers_read_them(url: str, safe: bool) -> None:
    assert is_safe_link(url) is safe


def test_absolute_links_are_plain_http() -> None:
    assert is_safe_absolute("https://example.org/a?b=c#d")
    assert (
        not is_safe_absolute("https://example.org/a b")
        and not is_safe_absolute("https://exa\nmple.org/")
        and not is_safe_absolute("../x")
    )


def site_project(mini: Path) -> Path:
    return make_site_project(mini)


def build(project: Path) -> subprocess.CompletedProcess[str]:
    return mkdocs_build(project, project / "site")


@pytest.mark.slow
@pytest.mark.parametrize(
    "payload",
    [
        "<script>var palette=__md_get(0);alert(document.domain)</script>",  # starts like the theme's own script
        '<a href="&#106;avascript:alert(1)">entity-encoded scheme</a>',
        '<a href="java&#10;script:alert(1)">newline in the scheme</a>',
        '<svg><a><animate attributeName="href" values="javascript:alert(1)"/><text y="20">svg</text></a></svg>',
        '<script src="assets/javascripts/bundle.00000000.min.js"></script>',
        '<img src="x.png" onerror="alert(1)">',
        '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
    ],
)
def test_script_in_a_hand_written_page_fails_the_build_with_its_place(mini: Path, payload: str) -> None:
    project = site_project(mini)
    page = project / "docs" / "contribute.md"
    page.write_text(page.read_text() + "\n\n" + payload + "\n")
    result = build(project)
    assert result.returncode != 0
    assert "the built site failed its safety check" in result.stderr and "contribute/index.html: <" in result.stderr
    assert not (project / "site" / "contribute").exists() or result.returncode != 0


@pytest.mark.slow
def test_svg_with_script_fails_the_build(mini: Path) -> None:
    project = site_project(mini)
    (project / "docs" / "figures").mkdir()
    (project / "docs" / "figures" / "t.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>\n'
    )
    result = build(project)
    assert result.returncode != 0 and "figures/t.svg: <script> a script in a non-HTML document" in result.stderr


@pytest.mark.slow
def test_unpublishable_file_and_link_fail_the_build_before_anything_is_written(mini: Path, tmp_path: Path) -> None:
    project = site_project(mini)
    (project / "docs" / "notes").mkdir()
    (project / "docs" / "notes" / "page.htm").write_text("<script>alert(1)</script>")
    secret = tmp_path / "environ"
    secret.write_text("SECRET_TOKEN=hunter2\n")
    (project / "docs" / "notes" / "env.txt").symlink_to(secret)
    result = build(project)
    assert result.returncode != 0
    assert "docs/notes/page.htm:1:1: `docs/notes/page.htm` is a file type the site does not publish" in result.stderr
    assert "docs/notes/env.txt:1:1: `docs/notes/env.txt` is a symbolic link" in result.stderr
    assert "hunter2" not in result.stderr + result.stdout and str(secret) not in result.stderr
    assert not (project / "site").exists()


@pytest.mark.slow
def test_whitespace_and_backslash_links_in_a_summary_are_neutralized(mini: Path) -> None:
    project = site_project(mini)
    tax = project / "taxonomy" / "04-outer-alignment.yaml"
    text = tax.read_text()
    assert ">-\n          Two models argue and a judge decides." in text
    tax.write_text(
        text.replace(
            ">-\n          Two models argue and a judge decides.",
            '"Two models argue [x](java\\nscript:alert(document.domain)) and [y](/\\\\evil.example)."',
        )
    )
    result = build(project)
    assert result.returncode == 0, result.stderr[-2000:]
    from selectolax.lexbor import LexborHTMLParser

    page = LexborHTMLParser((project / "site" / "topics" / "debate" / "index.html").read_text())
    summary = page.css_first(".sv-summary")
    assert summary is not None and "Two models argue" in summary.text()
    links = summary.css("a")
    assert [a.text() for a in links] == ["x", "y"]  # the text stays; the unsafe targets are gone
    assert [a.attributes.get("href") for a in links] == [None, None]


def test_a_manifest_cannot_make_the_build_delete_hand_written_files(mini: Path) -> None:
    project = site_project(mini)
    (project / "docs" / ".generated-files").write_text(
        "# inputs: x\nassets/site.css\noverrides/partials/source.html\ncontribute.md\n"
    )
    generate(Project(project), SITE)
    for kept in ("assets/site.css", "overrides/partials/source.html", "contribute.md"):
        assert (project / "docs" / kept).is_file(), kept


def test_a_hand_edited_generated_page_is_regenerated_even_when_the_inputs_match(mini: Path) -> None:
    generate(Project(mini), SITE)
    page = mini / "docs" / paper_source("irving2018ai")
    original = page.read_text()
    page.write_text(original + "\n<script>alert(1)</script>\n")
    result = generate(Project(mini), SITE)
    assert paper_source("irving2018ai") in result.written and page.read_text() == original


def git(project: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=project, check=True, capture_output=True, env=GIT_ENV)


def test_committed_generated_files_are_a_validation_error(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (mini / "docs").mkdir()
    (mini / "docs" / ".generated-files").write_text("# inputs: 0\n")
    (mini / "docs" / "papers" / "x").mkdir(parents=True)
    (mini / "docs" / "papers" / "x" / "index.md").write_text("# hand-made\n")
    git(mini, "init", "-q")
    git(mini, "add", "-A")
    code, _, err = run_cli(["--root", str(mini), "validate"], capsys)
    assert code == 1
    assert (
        "docs/.generated-files:1:1: `docs/.generated-files` is generated by the build and must not be committed "
        "(remove it from git (`git rm --cached`); the build writes it)"
    ) in err
    assert "docs/papers/x/index.md:1:1: `docs/papers/x/index.md` is generated by the build" in err


def test_removing_a_published_url_with_its_registry_line_fails_against_the_base(
    mini: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from survey_site import permalinks

    permalinks.update_registry(mini, permalinks.index_of(pipeline.load(Project(mini))))
    git(mini, "init", "-q", "-b", "main")
    git(mini, "add", "-A")
    git(mini, "commit", "-qm", "base")
    tax = mini / "taxonomy" / "04-outer-alignment.yaml"
    tax.write_text(tax.read_text().replace("      - id: debate\n", "      - id: ai-debate\n"))
    registry = mini / "permalinks.txt"
    registry.write_text(
        "".join(line + "\n" for line in registry.read_text().splitlines() if not line.startswith("/topics/debate/"))
    )
    code, _, err = run_cli(["--root", str(mini), "validate"], capsys)
    assert code == 0  # the registry alone vouches for itself...
    code, _, err = run_cli(["--root", str(mini), "validate", "--changed-only", "main"], capsys)
    assert code == 1  # ...but not against the base branch
    assert (
        "URL published at main (its line " in err
        and "`/topics/debate/` would stop resolving: no topic `debate` "
        "(add `debate` to the `aliases:` of the topic that replaces it, so the old URL redirects there; removing its line "
        "from permalinks.txt does not unpublish it)"
    ) in err


def test_add_never_writes_through_a_linked_bib_file(
    mini: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path / "outside.bib"
    outside.write_bytes((mini / "bib" / "04-outer-alignment.bib").read_bytes())
    before = outside.read_bytes()
    (mini / "bib" / "04-outer-alignment.bib").unlink()
    (mini / "bib" / "04-outer-alignment.bib").symlink_to(outside)
    code, _, err = run_cli(
        [
            "--root",
            str(mini),
            "add",
            "--topic",
            "debate",
            "--bibtex",
            str(Path(__file__).parent / "data" / "contributor_pr" / "entry.bib"),
            "--evidence",
            "https://example.org/",
        ],
        capsys,
    )
    assert code == 1 and "`bib/04-outer-alignment.bib` is a symbolic link" in err
    assert outside.read_bytes() == before


def test_total_input_size_is_bounded(
    mini: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(pipeline, "MAX_INPUT_BYTES", 1000)
    code, _, err = run_cli(["--root", str(mini), "validate"], capsys)
    assert code == 1 and "bib:1:1: bib/ holds " in err and "bytes; at most 1,000 are read" in err
    with pytest.raises(DataError):
        generate(Project(mini), SITE)
