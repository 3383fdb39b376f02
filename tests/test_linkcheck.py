"""`survey linkcheck` against recorded answers: dead links found, archived copies suggested."""

from __future__ import annotations

import io
import json

import requests
from requests.adapters import BaseAdapter

from survey_site import linkcheck
from survey_site.pipeline import Project, load

from .helpers import FIXTURE

DEAD = {"https://arxiv.org/abs/1805.00899"}
ARCHIVED = {
    "https://arxiv.org/abs/1805.00899": "http://web.archive.org/web/20240101000000/https://arxiv.org/abs/1805.00899"
}


class Recorded(BaseAdapter):
    def send(self, request, **kwargs):  # type: ignore[no-untyped-def]
        response = requests.Response()
        response.url, response.request = request.url, request
        if request.url.startswith(linkcheck.WAYBACK_API):
            target = requests.utils.unquote(request.url.split("url=", 1)[1])
            snapshot = (
                {"closest": {"available": True, "url": ARCHIVED[target], "status": "200"}} if target in ARCHIVED else {}
            )
            response.status_code, response.raw = 200, io.BytesIO(json.dumps({"archived_snapshots": snapshot}).encode())
        else:
            response.status_code, response.raw = (404 if request.url in DEAD else 200), io.BytesIO(b"")
        return response

    def close(self) -> None:
        pass


def test_dead_links_are_reported_with_archived_copies() -> None:
    sessions: list[requests.Session] = []

    def new_session() -> requests.Session:
        http = requests.Session()
        http.mount("https://", Recorded())
        sessions.append(http)
        return http

    results = linkcheck.check_links(load(Project(FIXTURE)).entries, new_session, workers=2)
    assert 2 <= len(sessions) <= 3  # one per worker thread (and one for the archive look-ups): never shared
    dead = [r for r in results if r.dead]
    assert [(r.url, r.status) for r in dead] == [("https://arxiv.org/abs/1805.00899", "HTTP 404")]
    assert dead[0].archived == "https://web.archive.org/web/20240101000000/https://arxiv.org/abs/1805.00899"
    assert dead[0].where == ("bib/04-outer-alignment.bib:19 (irving2018ai, url)",)
    text = linkcheck.report(results)
    assert "1 of " in text and "| https://arxiv.org/abs/1805.00899 | HTTP 404 |" in text
    assert any(r.url == "https://doi.org/10.18653/v1/2022.acl-long.229" and not r.dead for r in results)
