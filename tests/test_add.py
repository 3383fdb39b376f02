"""`survey add` from recorded arXiv and Crossref answers and from raw BibTeX; refusals; offline."""

from __future__ import annotations

import datetime
import io
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
import requests
from requests.adapters import BaseAdapter

from survey_site import sources
from survey_site.add import add_work
from survey_site.pipeline import Project, check, generate, load
from survey_site.render.urls import paper_source

from .helpers import SITE, run_cli

RESPONSES = Path(__file__).parent / "data" / "responses"


class RecordedAdapter(BaseAdapter):
    """Serves tests/data/responses/ for the two APIs; anything else is an error."""

    def send(self, request, **kwargs):  # type: ignore[no-untyped-def]
        url = urlparse(request.url)
        if url.netloc == "export.arxiv.org":
            name = f"arxiv-{parse_qs(url.query)['id_list'][0]}.xml"
        elif url.netloc == "api.crossref.org":
            name = "crossref-" + url.path.removeprefix("/works/").replace("/", "_") + ".json"
        else:
            raise AssertionError(f"unexpected request {request.url}")
        response = requests.Response()
        path = RESPONSES / name
        response.status_code = 200 if path.exists() else 404
        response.raw = io.BytesIO(path.read_bytes() if path.exists() else b"")
        response.url = request.url
        response.request = request
        return response

    def close(self) -> None:
        pass


@pytest.fixture(autouse=True)
def recorded(monkeypatch: pytest.MonkeyPatch) -> None:
    def recorded_session() -> requests.Session:
        s = requests.Session()
        s.mount("https://", RecordedAdapter())
        return s

    monkeypatch.setattr(sources, "session", recorded_session)


def add(project: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """`survey add` as a contributor runs it: no date given, so the work joins the site today."""
    code, _, err = run_cli(["--root", str(project), "add", *args], capsys)
    return code, err


TODAY = datetime.date.today().isoformat()


def test_add_from_arxiv_then_validates_and_shows_on_topic_page(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = add(
        mini,
        capsys,
        "--topic",
        "debate",
        "--arxiv",
        "2402.06782",
        "--tldr",
        "Debate between stronger models helps weaker judges.",
    )
    assert code == 0, err
    assert "added `khan2024debating` to bib/04-outer-alignment.bib, to topic(s) debate and to bib/EVIDENCE.tsv" in err
    bib = (mini / "bib" / "04-outer-alignment.bib").read_text()
    assert (
        "@misc{khan2024debating,\n  title = {Debating with More Persuasive {LLMs} Leads to More Truthful Answers},\n"
        in bib
    )
    assert (
        "author = {Khan, Akbir and Hughes, John and Valentine, Dan and Ruis, Laura and Sachan, Kshitij and Radhakrishnan, Ansh and "
        "Grefenstette, Edward and Bowman, Samuel R. and Rocktäschel, Tim and Perez, Ethan}" in bib
    )
    assert (
        "  origin = {contributed},\n" in bib
        and f"  added = {{{TODAY}}},\n" in bib
        and "  eprint = {2402.06782},\n" in bib
    )
    evidence = (mini / "bib" / "EVIDENCE.tsv").read_text()
    assert "khan2024debating\ttitle author year eprint\thttps://arxiv.org/abs/2402.06782\n" in evidence
    assert f'data_version: "{TODAY}"' in (mini / "taxonomy" / "survey.yaml").read_text()
    assert (
        "          - irving2018ai\n          - khan2024debating\n"
        in (mini / "taxonomy" / "04-outer-alignment.yaml").read_text()
    )
    assert not [d for d in check(load(Project(mini))) if d.is_error]
    generate(Project(mini), SITE)
    page = (mini / "docs" / "topics" / "debate" / "index.md").read_text()
    assert (
        'id="khan2024debating"' in page and "Debating with More Persuasive LLMs Leads to More Truthful Answers" in page
    )
    assert (
        f"Added to this site on {TODAY}; not cited by the survey."
        in (mini / "docs" / paper_source("khan2024debating")).read_text()
    )


def test_add_from_crossref_doi(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = add(
        mini, capsys, "--topic", "alignment-evaluation", "--doi", "https://doi.org/10.1007/s11023-020-09539-2"
    )
    assert code == 0, err
    bib = (mini / "bib" / "08-alignment-evaluation.bib").read_text()
    assert (
        "@article{gabriel2020artificial,\n  title = {Artificial Intelligence, Values, and Alignment},\n  author = {Gabriel, Iason},\n"
        "  journal = {Minds and Machines},\n  publisher = {Springer Science and Business Media LLC},\n  volume = {30},\n"
        "  number = {3},\n  pages = {411--437},\n  year = {2020},\n  doi = {10.1007/s11023-020-09539-2},\n"
        f"  url = {{https://doi.org/10.1007/s11023-020-09539-2}},\n  added = {{{TODAY}}},\n  origin = {{contributed}},\n}}\n"
    ) in bib
    assert not [d for d in check(load(Project(mini))) if d.is_error]


def test_add_from_raw_bibtex_on_stdin(
    mini: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    entry = (
        "@inproceedings{whatever,\n  title = {Debating with More Persuasive {LLMs} Leads to More Truthful Answers},\n"
        "  author = {Khan, Akbir and Hughes, John},\n  booktitle = {Proceedings of the 41st International Conference on Machine Learning},\n"
        "  year = {2024},\n  url = {https://icml.cc/virtual/2024/poster/33360},\n}\n"
    )
    monkeypatch.setattr("sys.stdin", io.StringIO(entry))
    code, err = add(
        mini,
        capsys,
        "--topic",
        "debate",
        "--topic",
        "factuality-evaluation",
        "--bibtex",
        "-",
        "--evidence",
        "https://icml.cc/virtual/2024/poster/33360",
        "--checked",
        "title,booktitle,year",
    )
    assert code == 0, err
    assert (
        "khan2024debating\ttitle booktitle year\thttps://icml.cc/virtual/2024/poster/33360\n"
        in (mini / "bib" / "EVIDENCE.tsv").read_text()
    )
    assert "added `khan2024debating`" in err  # the given key is replaced by one that follows the rule
    assert "- khan2024debating" in (mini / "taxonomy" / "08-alignment-evaluation.yaml").read_text()


def test_adding_a_work_twice_is_refused_with_the_existing_key(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert add(mini, capsys, "--topic", "debate", "--arxiv", "2402.06782")[0] == 0
    before = {p: p.read_bytes() for p in (mini / "bib").glob("*.bib")}
    code, err = add(mini, capsys, "--topic", "constitutional-ai", "--arxiv", "2402.06782v2")
    assert code == 1
    assert (
        "survey add: this work is already in the corpus as `khan2024debating`; add that key to the topic instead" in err
    )
    assert {p: p.read_bytes() for p in (mini / "bib").glob("*.bib")} == before


def test_existing_survey_work_is_refused_by_title(
    mini: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    file = tmp_path / "entry.bib"
    file.write_text(
        "@misc{x,\n  title = {{AI} safety via debate},\n  author = {Irving, Geoffrey},\n  year = {2018},\n  url = {https://example.org/},\n}\n"
    )
    code, err = add(mini, capsys, "--topic", "debate", "--bibtex", str(file), "--evidence", "https://example.org/")
    assert code == 1 and "already in the corpus as `irving2018ai`" in err


def test_unknown_topic_and_unknown_arxiv_id(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = add(mini, capsys, "--topic", "debates", "--arxiv", "2402.06782")
    assert code == 1 and "survey add: unknown topic `debates`; did you mean `debate`?" in err
    code, err = add(mini, capsys, "--topic", "debate", "--arxiv", "9912.99999")
    assert code == 1 and "survey add: arXiv has no paper 9912.99999" in err


def test_offline_gives_a_clear_error(
    mini: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    class Offline(BaseAdapter):
        def send(self, request, **kwargs):  # type: ignore[no-untyped-def]
            raise requests.exceptions.ConnectionError("no route to host")

        def close(self) -> None:
            pass

    def offline_session() -> requests.Session:
        s = requests.Session()
        s.mount("https://", Offline())
        return s

    monkeypatch.setattr(sources, "session", offline_session)
    code, err = add(mini, capsys, "--topic", "debate", "--doi", "10.1007/s11023-020-09539-2")
    assert code == 1
    assert "survey add: cannot reach the Crossref API (offline?); add the entry with --bibtex FILE instead" in err


def test_invalid_addition_is_rolled_back(mini: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    before = {p: p.read_bytes() for p in [*mini.glob("bib/*"), *mini.glob("taxonomy/*.yaml")]}
    file = tmp_path / "entry.bib"
    file.write_text(
        "@misc{x,\n  title = {A Real Title},\n  author = {Doe, Jane},\n  year = {2020},\n  url = {javascript:alert(1)},\n}\n"
    )
    code, err = add(mini, capsys, "--topic", "debate", "--bibtex", str(file), "--evidence", "https://example.org/")
    assert code == 1 and "does not validate; nothing was changed" in err and "must be an http(s) URL" in err
    assert {p: p.read_bytes() for p in before} == before


def test_bibtex_without_evidence_is_refused(mini: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    before = {p: p.read_bytes() for p in [*mini.glob("bib/*"), *mini.glob("taxonomy/*.yaml")]}
    file = tmp_path / "entry.bib"
    file.write_text(
        "@misc{x,\n  title = {A Real Title},\n  author = {Doe, Jane},\n  year = {2020},\n  url = {https://example.org/},\n}\n"
    )
    code, err = add(mini, capsys, "--topic", "debate", "--bibtex", str(file))
    assert code == 1 and "survey add: say which public page confirmed the entry: `--evidence URL`" in err
    assert {p: p.read_bytes() for p in before} == before


def test_add_on_a_later_day_moves_data_version_forward(mini: Path) -> None:
    """The rule: `data_version` is the newest data change. A day after it, `add` still works and bumps it."""
    meta = load(Project(mini)).meta
    assert meta is not None
    later = datetime.date.fromisoformat(meta.data_version) + datetime.timedelta(days=400)
    fields = {
        "title": "A Later Work",
        "author": "Doe, Jane",
        "year": str(later.year),
        "url": "https://example.org/later",
    }
    added = add_work(Project(mini), "misc", fields, ["debate"], evidence=("https://example.org/later",), today=later)
    data = load(Project(mini))
    assert data.meta is not None and data.meta.data_version == later.isoformat()
    assert not [d for d in check(data) if d.is_error]
    entry = next(e for e in data.entries if e.key == added.key)
    assert entry.get("added") == later.isoformat()


def test_add_never_moves_data_version_back(mini: Path) -> None:
    meta = load(Project(mini)).meta
    assert meta is not None
    earlier = datetime.date.fromisoformat(meta.data_version) - datetime.timedelta(days=30)
    fields = {"title": "An Earlier Work", "author": "Doe, Jane", "year": "2020", "url": "https://example.org/earlier"}
    add_work(Project(mini), "misc", fields, ["debate"], evidence=("https://example.org/earlier",), today=earlier)
    after = load(Project(mini)).meta
    assert after is not None and after.data_version == meta.data_version


def test_add_refuses_a_file_it_cannot_read_whole_and_keeps_its_comment(
    mini: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bib = mini / "bib" / "04-outer-alignment.bib"
    bib.write_text("@comment{Curators: keep bai2022constitutional first.}\n\n" + bib.read_text())
    before = bib.read_bytes()
    code, err = add(mini, capsys, "--topic", "debate", "--arxiv", "2402.06782")
    assert code == 1
    assert (
        "survey add: the data has errors that `survey add` would make worse; fix them first, nothing was changed" in err
    )
    assert "bib/04-outer-alignment.bib:1:1: `@comment` blocks are not used in this corpus" in err
    assert bib.read_bytes() == before
