"""Pages kept from the last render in the process (make serve) are exactly what a fresh render gives."""

from __future__ import annotations

import dataclasses

from survey_site import render
from survey_site.model import freeze
from survey_site.pipeline import Project, assemble, load

from .helpers import FIXTURE, SITE


def _fresh(survey: object) -> dict[str, str]:
    render._KEPT.clear()
    return render.render_site(survey, SITE)  # type: ignore[arg-type]


def test_a_render_after_changes_equals_a_fresh_render() -> None:
    survey = assemble(load(Project(FIXTURE)))
    first = _fresh(survey)
    key = next(iter(survey.papers))
    paper = survey.papers[key]
    node_id = survey.topics_of[key][0]
    changes = [
        dataclasses.replace(survey, papers=freeze({**survey.papers, key: dataclasses.replace(paper, title="Changed")})),
        dataclasses.replace(
            survey,
            nodes=freeze({**survey.nodes, node_id: dataclasses.replace(survey.nodes[node_id], title="Renamed topic")}),
        ),
        dataclasses.replace(survey, meta=dataclasses.replace(survey.meta, arxiv="2309.99999")),
        # One author fewer on one paper: that author's page, their co-authors' pages and the paper's card.
        dataclasses.replace(
            survey, papers=freeze({**survey.papers, key: dataclasses.replace(paper, authors=paper.authors[1:])})
        ),
        survey,
    ]
    for changed in changes:
        render.render_site(survey, SITE, reuse=True)  # the memo holds the original site's pages
        kept = render.render_site(changed, SITE, reuse=True)
        assert kept == _fresh(changed)
    assert render.render_site(survey, SITE) == first
    assert not render.has_kept()  # a render without reuse keeps nothing
