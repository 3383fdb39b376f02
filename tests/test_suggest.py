"""`survey suggest`, `accept` and `reject` against recorded arXiv and OpenAlex answers (tests/data/api/).

The HTTP layer is injected: a `requests` adapter serves the recorded documents (or fails
the way the network does), and a fake clock records every pause instead of sleeping.
"""

from __future__ import annotations

import dataclasses
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
import requests
from requests.adapters import BaseAdapter

from survey_site import apiclient
from survey_site.apiclient import PoliteClient
from survey_site.candidates import CandidateFile, format_candidates, normalize_id, parse_candidates
from survey_site.pipeline import Project, check, generate, load
from survey_site.suggest import (
    Watch,
    arxiv_query,
    openalex_results,
    openalex_sighting,
    pr_body,
    rank,
    watched_through,
)

from .helpers import SITE, make_site_project, mkdocs_build, run_cli

API = Path(__file__).parent / "data" / "api"
SINCE = "2021-01-01"
TODAY = "2026-12-09"
WATCH = """        watch:
          terms:
            - testing
          categories:
            - cs.SE
          cites:
            - piwowar2018state
"""
# A work OpenAlex knows by the DOI in tests/data/api/openalex_lookup.json: a core paper of `debate`.
CORE = """
@article{piwowar2018state,
  title = {The State of {OA}: A Large-Scale Analysis of the Prevalence and Impact of Open Access Articles},
  author = {Piwowar, Heather and Priem, Jason},
  journal = {PeerJ},
  volume = {6},
  year = {2018},
  doi = {10.7717/peerj.4375},
  url = {https://doi.org/10.7717/peerj.4375},
  added = {2026-11-24},
  origin = {survey-v1},
}
"""
# The works of the recorded arXiv answer first published since SINCE, best first.
EXPECTED = [
    "arxiv:2503.05378",
    "arxiv:2502.07719",
    "arxiv:2302.03287",
    "arxiv:2202.12139",
    "arxiv:2405.13786",
    "arxiv:2204.08348",
]


def entry(key: str, **fields: str) -> str:
    body = {
        "author": "Doe, Jane",
        "url": "https://example.org/",
        "added": "2026-11-24",
        "origin": "survey-v1",
        **fields,
    }
    kind = "inproceedings" if "booktitle" in body else "misc"
    return f"\n@{kind}{{{key},\n" + "".join(f"  {k} = {{{v}}},\n" for k, v in body.items()) + "}\n"


# One corpus entry per way the corpus can already hold a recorded work; each hides exactly one.
ALREADY_IN_BIB = {
    "arXiv id with version": (
        entry(
            "doe2022placeholder",
            title="Placeholder for the Version Case",
            year="2022",
            eprint="2202.12139v1",
            archiveprefix="arXiv",
        ),
        "arxiv:2202.12139",
    ),
    "arXiv id without version": (
        entry(
            "doe2025placeholder",
            title="Placeholder Without a Version",
            year="2025",
            eprint="2502.07719",
            archiveprefix="arXiv",
        ),
        "arxiv:2502.07719",
    ),
    "DOI of the venue version": (
        entry(
            "doe2023placeholder",
            title="Placeholder of the Venue Version",
            year="2023",
            booktitle="ICSTW",
            doi="10.1109/ICSTW58534.2023.00023",
        ),
        "arxiv:2405.13786",
    ),
    "alias (the arXiv DOI of its id)": (
        entry(
            "doe2022placeholder", title="Placeholder Known by an Alias", year="2022", doi="10.48550/arXiv.2204.08348"
        ),
        "arxiv:2204.08348",
    ),
    "normalised title": (
        entry("doe2023chatgpt", title="{ChatGPT} and Software Testing Education: Promises \\& Perils", year="2023"),
        "arxiv:2302.03287",
    ),
}


class Clock:
    """Time that moves only when the client waits: every pause is recorded, none is slept."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.pauses: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.pauses.append(seconds)
        self.now += seconds

    def time(self) -> float:
        return self.now


class RecordedAPI(BaseAdapter):
    """arXiv and OpenAlex from tests/data/api/, or a failure; every request is kept."""

    def __init__(
        self,
        arxiv: str = "arxiv_search_testing.atom",
        cites: str = "openalex_cites_none.json",
        fail: Callable[[requests.PreparedRequest], tuple[int, bytes, dict[str, str]]] | None = None,
    ) -> None:
        super().__init__()
        self.arxiv, self.cites, self.fail = arxiv, cites, fail
        self.seen: list[requests.PreparedRequest] = []

    def send(self, request, **kwargs):  # type: ignore[no-untyped-def]
        self.seen.append(request)
        url = urlparse(request.url)
        if self.fail is not None:
            status, body, headers = self.fail(request)
        elif url.netloc == "export.arxiv.org":
            status, body, headers = 200, (API / self.arxiv).read_bytes(), {}
        elif url.netloc == "api.openalex.org":
            kind = parse_qs(url.query)["filter"][0].split(":", 1)[0]
            status, body, headers = (
                200,
                (API / {"doi": "openalex_lookup.json", "cites": self.cites}[kind]).read_bytes(),
                {},
            )
        else:
            raise AssertionError(f"unexpected request {request.url}")
        response = requests.Response()
        response.status_code, response.raw, response.url, response.request = (
            status,
            io.BytesIO(body),
            request.url,
            request,
        )
        response.headers.update(headers)
        return response

    def close(self) -> None:
        pass


@pytest.fixture
def api(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """`survey suggest` gets a client over RecordedAPI; tests set `adapter` and read `clock`."""
    state: dict[str, Any] = {"adapter": RecordedAPI(), "clock": Clock()}

    def client(mailto: str | None, time_limit: float) -> PoliteClient:
        session = apiclient.session(mailto)
        session.mount("https://", state["adapter"])
        clock = state["clock"]
        return PoliteClient(session, sleep=clock.sleep, clock=clock.time, deadline=clock.time() + time_limit)

    monkeypatch.setattr(apiclient, "client", client)
    return state


def watched(mini: Path, extra: str = "", rejected: str = "") -> Path:
    """The fixture project with a watch on `debate`, its core paper, and optional corpus and rejections."""
    taxonomy = mini / "taxonomy" / "04-outer-alignment.yaml"
    text = taxonomy.read_text()
    keys = [
        "piwowar2018state",
        *(line.split("{", 1)[1].rstrip(",") for line in extra.splitlines() if line.startswith("@")),
    ]
    listed = "".join(f"          - {k}\n" for k in keys)
    text = text.replace("          - irving2018ai\n", "          - irving2018ai\n" + listed + WATCH, 1)
    taxonomy.write_text(text)
    bib = mini / "bib" / "04-outer-alignment.bib"
    bib.write_text(bib.read_text() + CORE + extra)
    if rejected:
        (mini / "bib" / "REJECTED.tsv").write_text(rejected)
    assert not [d for d in check(load(Project(mini))) if d.is_error], [d.human() for d in check(load(Project(mini)))]
    return mini


def watch_evaluation(project: Path, term: str) -> None:
    """A second watched topic: the evaluation chapter, searching for `term`."""
    taxonomy = project / "taxonomy" / "08-alignment-evaluation.yaml"
    text = taxonomy.read_text().replace(
        "title: Alignment Evaluation\n", f"title: Alignment Evaluation\nwatch:\n  terms:\n    - {term}\n", 1
    )
    taxonomy.write_text(text)


def suggest(project: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code, _, err = run_cli(["--root", str(project), "suggest", "--since", SINCE, "--today", TODAY, *args], capsys)
    return code, err


def files_of(project: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}


def candidates(project: Path) -> list[Any]:
    file, problems = parse_candidates((project / "bib" / "CANDIDATES.yaml").read_bytes())
    assert not problems
    return list(file.candidates)


# -- the watch field ------------------------------------------------------------------------------------


def test_a_watch_with_bad_values_is_located_with_hints(mini: Path) -> None:
    taxonomy = mini / "taxonomy" / "04-outer-alignment.yaml"
    taxonomy.write_text(
        taxonomy.read_text().replace(
            "          - irving2018ai\n",
            "          - irving2018ai\n        watch:\n          term:\n            - x\n          categories:\n"
            "            - Computer Science\n          cites:\n            - irving2018\n",
            1,
        )
    )
    shown = [d.human() for d in check(load(Project(mini)))]
    path = "taxonomy/04-outer-alignment.yaml"
    assert f"{path}:22:11: unknown key `term` in `watch` (did you mean `terms`?)" in shown
    assert (
        f"{path}:22:11: the `watch` of `debate` has no `terms` (add `terms:` with one or more search phrases, e.g. `- direct preference optimization`)"
        in shown
    )
    assert (
        f"{path}:25:15: `Computer Science` in the watch of `debate` is not an arXiv category (write an arXiv category such as `cs.CL`, `cs.LG` or `cs.AI`)"
        in shown
    )
    assert (
        f"{path}:27:15: core paper `irving2018` in the watch of `debate` is not an entry in bib/ (did you mean `irving2018ai`?)"
        in shown
    )


def test_a_watch_that_is_not_a_mapping_and_a_term_with_quotes_are_refused(mini: Path) -> None:
    taxonomy = mini / "taxonomy" / "04-outer-alignment.yaml"
    text = taxonomy.read_text()
    taxonomy.write_text(
        text.replace("          - irving2018ai\n", "          - irving2018ai\n        watch: debate\n", 1)
    )
    assert any("`watch` must be a mapping, not text" in d.message for d in check(load(Project(mini))))
    taxonomy.write_text(
        text.replace(
            "          - irving2018ai\n",
            "          - irving2018ai\n        watch:\n          terms:\n            - 'ai \" OR all:x'\n",
            1,
        )
    )
    problems = [d for d in check(load(Project(mini))) if d.code == "watch-term"]
    assert problems and problems[0].line == 23


def test_a_node_without_a_watch_is_watched_through_its_nearest_ancestor(mini: Path) -> None:
    nodes = load(Project(watched(mini))).nodes
    covered = watched_through(nodes)
    assert covered["debate"] == "debate"
    assert "constitutional-ai" not in covered  # a sibling: nobody watches it
    taxonomy = mini / "taxonomy" / "04-outer-alignment.yaml"
    taxonomy.write_text(
        taxonomy.read_text().replace(
            'paper_section: "4"\n', 'paper_section: "4"\nwatch:\n  terms:\n    - alignment\n', 1
        )
    )
    covered = watched_through(load(Project(mini)).nodes)
    assert covered["constitutional-ai"] == covered["scalable-oversight"] == "outer-alignment"
    assert covered["debate"] == "debate"


def test_the_arxiv_query_searches_titles_and_abstracts_within_the_categories() -> None:
    query = arxiv_query(Watch("debate", ("ai safety via debate", "debate"), ("cs.CL", "cs.AI"), ()))
    assert (
        query
        == '(ti:"ai safety via debate" OR abs:"ai safety via debate" OR ti:"debate" OR abs:"debate") AND (cat:cs.CL OR cat:cs.AI)'
    )


# -- suggest: ranking, reasons, de-duplication ----------------------------------------------------------


def test_suggest_ranks_new_works_and_says_why(
    mini: Path, capsys: pytest.CaptureFixture[str], api: dict[str, Any]
) -> None:
    project = watched(mini)
    code, err = suggest(project, capsys)
    assert code == 0, err
    found = candidates(project)
    assert [c.id for c in found] == EXPECTED  # since SINCE, best first; older works of the answer left out
    first = found[0]
    assert (first.key, first.topic, first.score, first.date) == ("kertusha2025survey", "debate", 3, "2025-03-07")
    assert first.reasons == ("arXiv search of `debate` matched (“testing” in the title)",)
    assert found[-1].reasons == ("arXiv search of `debate` matched",) and found[-1].score == 2
    text = (project / "bib" / "CANDIDATES.yaml").read_text()
    assert 'accept: "survey accept kertusha2025survey --topic debate --tldr \\"...\\""' in text
    assert 'checked: "2026-12-09"' in text
    assert (
        '      eprint: "2503.05378"\n      archiveprefix: "arXiv"\n      url: "https://arxiv.org/abs/2503.05378"'
        in text
    )
    assert "6 candidate(s), 6 new since 2021-01-01, in bib/CANDIDATES.yaml" in err
    # Rerunning on the same answers changes nothing: the order and text are deterministic.
    assert suggest(project, capsys)[0] == 0 and (project / "bib" / "CANDIDATES.yaml").read_text() == text
    assert not [d for d in check(load(Project(project))) if d.is_error]


def test_a_work_seen_by_two_topics_is_one_candidate_with_both_reasons(
    mini: Path, capsys: pytest.CaptureFixture[str], api: dict[str, Any]
) -> None:
    project = watched(mini)
    watch_evaluation(project, "software testing")
    assert suggest(project, capsys)[0] == 0
    chatgpt = next(c for c in candidates(project) if c.id == "arxiv:2302.03287")
    assert chatgpt.reasons == (
        "arXiv search of `alignment-evaluation` matched (“software testing” in the title)",
        "arXiv search of `debate` matched (“testing” in the title)",
    )
    assert chatgpt.score == 6
    assert len([c for c in candidates(project) if c.id == "arxiv:2302.03287"]) == 1


@pytest.mark.parametrize("how", ALREADY_IN_BIB, ids=list(ALREADY_IN_BIB))
def test_a_work_already_in_bib_is_not_suggested(
    mini: Path, capsys: pytest.CaptureFixture[str], api: dict[str, Any], how: str
) -> None:
    bib_entry, hidden = ALREADY_IN_BIB[how]
    project = watched(mini, extra=bib_entry)
    assert suggest(project, capsys)[0] == 0
    assert [c.id for c in candidates(project)] == [i for i in EXPECTED if i != hidden]


def test_a_rejected_work_is_never_suggested_again(
    mini: Path, capsys: pytest.CaptureFixture[str], api: dict[str, Any]
) -> None:
    project = watched(mini)
    assert suggest(project, capsys)[0] == 0
    code, _, err = run_cli(
        [
            "--root",
            str(project),
            "reject",
            "arXiv:2503.05378v2",
            "--reason",
            "software testing, not alignment",
            "--date",
            TODAY,
        ],
        capsys,
    )
    assert code == 0, err
    assert "rejected arxiv:2503.05378 in bib/REJECTED.tsv" in err
    rows = (project / "bib" / "REJECTED.tsv").read_text().splitlines()
    assert (
        rows[-1]
        == "arxiv:2503.05378\t2026-12-09\tA Survey on Web Testing: On the Rise of AI and Applications in Industry\tsoftware testing, not alignment"
    )
    assert "arxiv:2503.05378" not in [c.id for c in candidates(project)]
    assert suggest(project, capsys)[0] == 0
    assert [c.id for c in candidates(project)] == EXPECTED[1:]
    assert not [d for d in check(load(Project(project))) if d.is_error]


def test_pending_candidates_stay_with_their_keys_until_reviewed(
    mini: Path, capsys: pytest.CaptureFixture[str], api: dict[str, Any]
) -> None:
    project = watched(mini)
    assert suggest(project, capsys)[0] == 0
    before = {c.id: c.key for c in candidates(project)}
    api["adapter"] = RecordedAPI(arxiv="arxiv_empty.atom")
    code, err = suggest(project, capsys, "--today", "2026-12-16")
    assert code == 0, err
    assert {c.id: c.key for c in candidates(project)} == before
    assert "0 new" in err


# -- OpenAlex -------------------------------------------------------------------------------------------


def test_the_corpus_is_looked_up_by_doi_and_citing_works_are_asked_for_since_the_last_run(
    mini: Path, capsys: pytest.CaptureFixture[str], api: dict[str, Any]
) -> None:
    project = watched(mini)
    assert suggest(project, capsys, "--mailto", "curators@example.org")[0] == 0
    openalex = [parse_qs(urlparse(r.url).query) for r in api["adapter"].seen if "openalex" in (r.url or "")]
    lookup, cites = openalex
    assert lookup["filter"] == ["doi:10.48550/arxiv.2309.15025|10.7717/peerj.4375"]  # the survey and the core paper
    assert cites["filter"] == [f"cites:W2741809807,from_publication_date:{SINCE}"]
    assert lookup["mailto"] == cites["mailto"] == ["curators@example.org"]
    agent = api["adapter"].seen[0].headers["User-Agent"]
    assert agent.startswith("survey-site/") and apiclient.CONTACT in agent and "mailto:curators@example.org" in agent


def test_a_citing_work_says_which_corpus_papers_it_cites() -> None:
    work = json.loads((API / "openalex_work_W2741809807.json").read_text())
    watches = [Watch("debate", ("debate",), (), ("irving2018ai",))]
    sighting = openalex_sighting(
        work, {"W2753353163": "irving2018ai", "W2785823074": "the survey"}, {"irving2018ai": "debate"}, watches
    )
    assert sighting is not None
    assert sighting.reasons == ("cites the survey, `irving2018ai` (OpenAlex)",)
    assert (sighting.topic, sighting.points, sighting.date) == ("debate", 5, "2018-02-13")
    assert sighting.authors[:2] == ("Heather Piwowar", "Jason Priem") and len(sighting.authors) == 9
    assert dict(sighting.fields)["journal"] == "PeerJ" and sighting.entry_type == "article"
    assert sighting.id == "doi:10.7717/peerj.4375"
    assert openalex_sighting(work, {"W1": "irving2018ai"}, {}, watches) is None  # cites none of ours


def test_a_citing_work_already_in_bib_by_doi_is_dropped(mini: Path) -> None:
    work = json.loads((API / "openalex_work_W2741809807.json").read_text())
    sighting = openalex_sighting(work, {"W2753353163": "irving2018ai"}, {"irving2018ai": "debate"}, [])
    assert sighting is not None
    data = load(Project(mini))
    assert [c.id for c in rank([sighting], data.entries, (), (), SINCE)] == []  # published 2018, before SINCE
    assert [c.key for c in rank([sighting], data.entries, (), (), "2018-01-01")] == ["piwowar2018state"]
    bib = mini / "bib" / "04-outer-alignment.bib"
    bib.write_text(bib.read_text() + CORE)
    assert rank([sighting], load(Project(mini)).entries, (), (), "2018-01-01") == []
    assert (
        rank([sighting], data.entries, ("openalex:W2741809807",), (), "2018-01-01") == []
    )  # rejected by its OpenAlex id


def test_the_recorded_list_answers_read_as_lists_of_works() -> None:
    assert [w["id"] for w in openalex_results((API / "openalex_cites.json").read_bytes(), "test")] == [
        "https://openalex.org/W2741809807"
    ]
    assert openalex_results((API / "openalex_cites_none.json").read_bytes(), "test") == []


# -- failures change nothing ----------------------------------------------------------------------------


def offline(request: requests.PreparedRequest) -> tuple[int, bytes, dict[str, str]]:
    raise requests.exceptions.ConnectionError("no route to host")


def busy(request: requests.PreparedRequest) -> tuple[int, bytes, dict[str, str]]:
    return 503, b"Service Unavailable", {"Retry-After": "7"}


def refused(request: requests.PreparedRequest) -> tuple[int, bytes, dict[str, str]]:
    return 400, (API / "arxiv_error_400.atom").read_bytes(), {}


def cut_short(request: requests.PreparedRequest) -> tuple[int, bytes, dict[str, str]]:
    return 200, b"<feed><entry>cut sh", {}


@pytest.mark.parametrize(
    ("fail", "message"),
    [
        (
            offline,
            "survey suggest: cannot reach the arXiv API (topic `debate`) (offline?); gave up after 4 attempt(s); nothing was changed",
        ),
        (
            busy,
            "survey suggest: the arXiv API (topic `debate`) answered HTTP 503; gave up after 4 attempt(s); nothing was changed",
        ),
        (
            refused,
            "survey suggest: the arXiv API (topic `debate`) answered HTTP 400; nothing was changed",
        ),
        (cut_short, "survey suggest: the arXiv API sent something that is not XML"),
    ],
    ids=["offline", "503", "400", "malformed XML"],
)
def test_an_api_failure_is_one_line_and_changes_nothing(
    mini: Path, capsys: pytest.CaptureFixture[str], api: dict[str, Any], fail: Any, message: str
) -> None:
    project = watched(mini)
    assert suggest(project, capsys)[0] == 0  # a previous run's candidates, which must survive
    before = files_of(project)
    api["adapter"] = RecordedAPI(fail=fail)
    body = project.parent / "pr-body.md"
    code, err = suggest(project, capsys, "--pr-body", str(body))
    assert code == 1
    assert err.startswith(message) and err.count("\n") == 1 and "Traceback" not in err
    assert files_of(project) == before and not body.exists()


def test_a_busy_server_is_retried_with_backoff_honouring_retry_after(
    mini: Path, capsys: pytest.CaptureFixture[str], api: dict[str, Any]
) -> None:
    project = watched(mini)
    api["adapter"] = RecordedAPI(fail=busy)
    assert suggest(project, capsys)[0] == 1
    assert len(api["adapter"].seen) == 4
    assert api["clock"].pauses == [7.0, 7.0, 7.0]  # Retry-After, not our own backoff
    api["adapter"] = RecordedAPI(fail=offline)
    api["clock"].pauses.clear()
    assert suggest(project, capsys)[0] == 1
    assert [p for p in api["clock"].pauses if p > 3] == [5.0, 10.0, 20.0]  # exponential backoff


def test_malformed_openalex_json_changes_nothing(
    mini: Path, capsys: pytest.CaptureFixture[str], api: dict[str, Any], tmp_path: Path
) -> None:
    project = watched(mini)
    before = files_of(project)
    broken = tmp_path / "broken.json"
    broken.write_text('{"meta": {"count": 1}, "results": [')
    api["adapter"] = RecordedAPI(cites=str(broken))  # an absolute path wins over API / name
    code, err = suggest(project, capsys)
    assert code == 1 and err.startswith(
        "survey suggest: OpenAlex sent an answer that is not a list of works (citing works:"
    )
    assert files_of(project) == before


def test_arxiv_requests_are_three_seconds_apart(
    mini: Path, capsys: pytest.CaptureFixture[str], api: dict[str, Any]
) -> None:
    project = watched(mini)
    watch_evaluation(project, "benchmark")
    assert suggest(project, capsys)[0] == 0
    assert api["clock"].pauses[0] == 3.0  # the second arXiv request waited its turn


def test_the_time_limit_stops_before_asking(
    mini: Path, capsys: pytest.CaptureFixture[str], api: dict[str, Any]
) -> None:
    project = watched(mini)
    before = files_of(project)
    code, err = suggest(project, capsys, "--time-limit", "-1")
    assert code == 1 and "the time limit was reached before asking the arXiv API" in err
    assert files_of(project) == before


def test_suggest_refuses_data_with_errors(mini: Path, capsys: pytest.CaptureFixture[str], api: dict[str, Any]) -> None:
    (mini / "bib" / "REJECTED.tsv").write_text("id\tdecided\ttitle\treason\narxiv:1\t2026-13-01\tx\n")
    code, err = suggest(mini, capsys)
    assert code == 1 and "survey suggest: fix the data first; nothing was changed" in err
    assert "bib/REJECTED.tsv:2:1: a row has 3 tab-separated cells, not 4" in err
    assert not api["adapter"].seen


# -- the weekly pull request's description --------------------------------------------------------------


def test_the_pr_body_is_a_table_with_the_reasons_and_escapes_api_text(
    mini: Path, capsys: pytest.CaptureFixture[str], api: dict[str, Any]
) -> None:
    project = watched(mini)
    body = project.parent / "pr-body.md"
    assert suggest(project, capsys, "--pr-body", str(body))[0] == 0
    text = body.read_text()
    assert "| # | Title | Authors | Date | Topic | Why | Accept |" in text
    assert text.splitlines()[6] == (
        "| 1 (new) | [A Survey on Web Testing: On the Rise of AI and Applications in Industry](https://arxiv.org/abs/2503.05378) | "
        "Iva Kertusha, Gebremariem Assress, Onur Duman et al\\. | 2025-03-07 | `debate` | "
        "arXiv search of \\`debate\\` matched \\(“testing” in the title\\) | `kertusha2025survey` |"
    )
    assert "6 candidate(s)** wait for review, 6 new in this run" in text
    file, _ = parse_candidates((project / "bib" / "CANDIDATES.yaml").read_bytes())
    hostile = dataclasses.replace(
        file.candidates[0], title="Pwn | <script>alert(1)</script> @octocat [x](javascript:alert(2))"
    )
    row = pr_body(CandidateFile(file.checked, (hostile,)), SINCE, ()).splitlines()[6]
    assert "<script>" not in row and "@octocat" not in row and "](javascript" not in row
    assert row.count(" | ") == 6  # the pipe in the title did not open a cell


# -- accept and reject ----------------------------------------------------------------------------------


def test_accept_needs_a_known_candidate_and_a_topic(
    mini: Path, capsys: pytest.CaptureFixture[str], api: dict[str, Any]
) -> None:
    project = watched(mini)
    assert suggest(project, capsys)[0] == 0
    code, _, err = run_cli(["--root", str(project), "accept", "nobody2020x"], capsys)
    assert code == 1 and "survey accept: no candidate `nobody2020x` in bib/CANDIDATES.yaml" in err
    code, _, err = run_cli(["--root", str(project), "accept", "2405.13786v1", "--topic", "debates"], capsys)
    assert code == 1 and "unknown topic `debates`; did you mean `debate`?" in err
    assert len(candidates(project)) == len(EXPECTED)


def test_accept_goes_through_survey_add_and_removes_the_candidate(
    mini: Path, capsys: pytest.CaptureFixture[str], api: dict[str, Any]
) -> None:
    project = watched(mini)
    assert suggest(project, capsys)[0] == 0
    code, _, err = run_cli(["--root", str(project), "accept", "arXiv:2502.07719v2", "--added", "2026-12-09"], capsys)
    assert code == 0, err
    assert (
        "accepted arxiv:2502.07719 as `ali2025opencat`: added to bib/04-outer-alignment.bib, to topic(s) debate" in err
    )
    assert "next: check the entry (title braces, venue), add a `tldr`, then `survey validate`" in err  # as `survey add`
    bib = (project / "bib" / "04-outer-alignment.bib").read_text()
    assert "@misc{ali2025opencat,\n  title = {{OpenCat}: Improving Interoperability of {ADS} Testing},\n" in bib
    assert "  eprint = {2502.07719},\n  archiveprefix = {arXiv},\n  primaryclass = {cs.SE},\n" in bib
    assert "origin = {contributed}" in bib and "added = {2026-12-09}" in bib
    assert (
        "ali2025opencat\ttitle author year eprint\thttps://arxiv.org/abs/2502.07719\n"
        in (project / "bib" / "EVIDENCE.tsv").read_text()
    )
    assert "arxiv:2502.07719" not in [c.id for c in candidates(project)]
    assert not [d for d in check(load(Project(project))) if d.is_error]
    # Accepted, it is in the corpus: the next run does not suggest it again.
    assert suggest(project, capsys)[0] == 0 and "arxiv:2502.07719" not in [c.id for c in candidates(project)]


def test_a_refused_accept_changes_nothing(mini: Path, capsys: pytest.CaptureFixture[str], api: dict[str, Any]) -> None:
    project = watched(mini)
    assert suggest(project, capsys)[0] == 0
    before = files_of(project)
    code, _, err = run_cli(["--root", str(project), "accept", "kertusha2025survey", "--tldr", "x" * 300], capsys)
    assert code == 1 and "does not validate; nothing was changed" in err
    assert files_of(project) == before


def test_reject_accepts_any_work_id_and_refuses_twice(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(
        ["--root", str(mini), "reject", "https://doi.org/10.1234/ABC", "--reason", "off topic", "--date", TODAY], capsys
    )
    assert code == 0, err
    assert "doi:10.1234/abc\t2026-12-09\t\toff topic" in (mini / "bib" / "REJECTED.tsv").read_text()
    code, _, err = run_cli(["--root", str(mini), "reject", "10.1234/abc", "--reason", "again"], capsys)
    assert code == 1 and "`doi:10.1234/abc` is already rejected" in err
    code, _, err = run_cli(["--root", str(mini), "reject", "not an id", "--reason", "x"], capsys)
    assert code == 1 and "is neither a candidate's key nor a work id" in err


def test_malformed_curation_files_are_located(mini: Path) -> None:
    (mini / "bib" / "REJECTED.tsv").write_text(
        "# comment\nid\tdecided\ttitle\treason\nnot-an-id\t2026-12-09\tT\tr\narxiv:2401.00001\tsoon\tT\t\n"
        "arxiv:2401.00001\t2026-12-09\tT\tdup\n"
    )
    (mini / "bib" / "CANDIDATES.yaml").write_text(
        'checked: "2026-12-09"\ncandidates:\n  - id: "arxiv:2401.00002"\n    key: "x"\n'
    )
    shown = {d.human() for d in check(load(Project(mini)))}
    rejected = "bib/REJECTED.tsv"
    assert (
        f"{rejected}:3:1: `not-an-id` is not a work id (write `arxiv:2402.06782`, `doi:10.1234/abc` or `openalex:W123` (`survey reject` writes it))"
        in shown
    )
    assert f"{rejected}:4:1: decision date `soon` is not a date (write YYYY-MM-DD)" in shown
    assert f"{rejected}:4:1: the rejection of `arxiv:2401.00001` gives no reason (say why, in a few words)" in shown
    assert f"{rejected}:5:1: `arxiv:2401.00001` is rejected twice (first at line 4) (keep one row)" in shown
    assert any(s.startswith("bib/CANDIDATES.yaml:3:5: a candidate needs `title` as text") for s in shown)


def test_a_candidate_for_a_topic_that_is_gone_is_an_error(
    mini: Path, capsys: pytest.CaptureFixture[str], api: dict[str, Any]
) -> None:
    project = watched(mini)
    assert suggest(project, capsys)[0] == 0
    path = project / "bib" / "CANDIDATES.yaml"
    path.write_text(path.read_text().replace('topic: "debate"', 'topic: "debates"', 1))
    problems = [d for d in check(load(Project(project))) if d.code == "candidate-topic"]
    assert (
        problems and problems[0].line == 5 and "is suggested for `debates`, which is not a topic" in problems[0].message
    )


def test_ids_have_one_spelling() -> None:
    assert normalize_id("arXiv:2402.06782v3") == normalize_id("https://arxiv.org/abs/2402.06782") == "arxiv:2402.06782"
    assert normalize_id("10.48550/arXiv.2402.06782") == "arxiv:2402.06782"  # the arXiv DOI is the arXiv id
    assert normalize_id("https://doi.org/10.1109/ICSTW.1") == "doi:10.1109/icstw.1"
    assert normalize_id("https://openalex.org/W2741809807") == "openalex:W2741809807"
    assert normalize_id("hep-th/9901001v2") == "arxiv:hep-th/9901001"
    assert normalize_id("debate") is None


def test_the_candidates_file_round_trips(mini: Path, capsys: pytest.CaptureFixture[str], api: dict[str, Any]) -> None:
    project = watched(mini)
    assert suggest(project, capsys)[0] == 0
    data = (project / "bib" / "CANDIDATES.yaml").read_bytes()
    file, problems = parse_candidates(data)
    assert not problems and format_candidates(file).encode() == data


# -- readers: suggestions on topic pages only when turned on --------------------------------------------

HOSTILE = 'Pwn <script>alert(1)</script> & "q" | [x](javascript:alert(2)) {: onclick="y" }'


def hostile_candidates(project: Path) -> None:
    path = project / "bib" / "CANDIDATES.yaml"
    path.write_text(
        path.read_text().replace('"OpenCat: Improving Interoperability of ADS Testing"', json.dumps(HOSTILE), 1)
    )


def test_topic_pages_show_suggestions_only_when_turned_on(
    mini: Path, capsys: pytest.CaptureFixture[str], api: dict[str, Any]
) -> None:
    project = watched(mini)
    assert suggest(project, capsys)[0] == 0
    hostile_candidates(project)
    generate(Project(project), SITE)
    page = (project / "docs" / "topics" / "debate" / "index.md").read_text()
    assert "sv-suggested" not in page and "Web Testing" not in page and "Pwn" not in page
    generate(Project(project), dataclasses.replace(SITE, show_suggestions=True))
    page = (project / "docs" / "topics" / "debate" / "index.md").read_text()
    block = page[page.index('<details class="sv-suggested"') : page.index("</details>", page.index("sv-suggested"))]
    assert "<summary>Suggested, not yet reviewed (6)</summary>" in block
    assert (
        '<a href="https://arxiv.org/abs/2503.05378" rel="nofollow noopener">'
        "A Survey on Web Testing: On the Rise of AI and Applications in Industry</a>"
        " · Iva Kertusha, Gebremariem Assress, Onur Duman, Andrea Arcuri · 2025-03-07</li>"
    ) in block
    assert "Pwn &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot; | [x](javascript:alert(2))" in block
    assert "<script>" not in block
    other = (project / "docs" / "topics" / "constitutional-ai" / "index.md").read_text()
    assert "sv-suggested" not in other  # only the topic the works were suggested for


def test_the_switch_is_read_from_mkdocs_yml(mini: Path) -> None:
    from survey_site.siteconfig import load_site_config

    from .helpers import ROOT

    assert load_site_config(ROOT).show_suggestions is False  # off by default
    project = make_site_project(mini)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("show_suggestions: false", "show_suggestions: true"))
    assert load_site_config(project).show_suggestions is True


@pytest.mark.slow
def test_an_accepted_candidate_validates_and_is_built_on_its_topic_page(
    mini: Path, capsys: pytest.CaptureFixture[str], api: dict[str, Any], tmp_path: Path
) -> None:
    project = make_site_project(watched(mini))
    assert suggest(project, capsys)[0] == 0
    tldr = "Surveys web application testing and where AI methods have entered it, in research and industry."
    code, _, err = run_cli(["--root", str(project), "accept", "kertusha2025survey", "--tldr", tldr], capsys)
    assert code == 0, err
    code, _, err = run_cli(["--root", str(project), "validate"], capsys)
    assert code == 0 and "ok: the data is valid" in err, err
    hostile_candidates(project)  # a candidate still pending, shown to readers: escaped in the real build
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("show_suggestions: false", "show_suggestions: true"))
    built = mkdocs_build(project, tmp_path / "site")
    assert built.returncode == 0, built.stderr[-3000:]  # --strict, and the hook's sitecheck passed
    page = (tmp_path / "site" / "topics" / "debate" / "index.html").read_text()
    since = page[page.index('id="since"') : page.index('class="sv-suggested"')]
    assert 'id="kertusha2025survey"' in since and tldr in since
    suggested = page[page.index('class="sv-suggested"') :]
    assert "Kertusha" not in suggested[: suggested.index("</details>")]  # accepted: no longer a suggestion
    assert "Pwn &lt;script&gt;alert(1)&lt;/script&gt;" in suggested and "<script>alert(1)" not in page


def test_an_openalex_work_with_fields_of_the_wrong_type_is_read_without_a_traceback() -> None:
    work = {
        "id": "https://openalex.org/W1",
        "display_name": "A Title",
        "authorships": 7,
        "locations": "x",
        "referenced_works": {"a": 1},
    }
    assert openalex_sighting(work, {"W2": "irving2018ai"}, {}, []) is None  # cites none of ours: no candidate, no crash


def test_an_unwritable_pr_body_path_is_one_line_and_changes_nothing(
    mini: Path, capsys: pytest.CaptureFixture[str], api: dict[str, Any]
) -> None:
    project = watched(mini)
    before = files_of(project)
    code, err = suggest(project, capsys, "--pr-body", str(project.parent / "missing" / "body.md"))
    assert code == 1 and err.startswith("survey suggest: cannot write") and err.count("\n") == 1
    assert files_of(project) == before
