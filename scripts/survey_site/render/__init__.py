"""Pure functions from the model to `{relative path: text}`. No I/O, no clock."""

from __future__ import annotations

from ..model import SiteConfig, Survey
from . import pages
from .urls import paper_source, topic_source


def render_site(survey: Survey, site: SiteConfig, changelog: str = "") -> dict[str, str]:
    files: dict[str, str] = {
        "changelog.md": pages.changelog_page(changelog),
        "index.md": pages.home_page(survey, site),
        "topics/index.md": pages.topics_index_page(survey),
    }
    for node in survey.nodes.values():
        files[topic_source(node.id)] = pages.topic_page(survey, node, site)
    for paper in survey.papers.values():
        files[paper_source(paper.key)] = pages.paper_page(survey, paper, site)
    return files


def nav(survey: Survey) -> list:
    """MkDocs `nav` for the taxonomy: a section per node with children, its page as the index."""

    def entry(node_id: str) -> dict:
        node = survey.nodes[node_id]
        if not node.children:
            return {node.title: topic_source(node_id)}
        return {node.title: [topic_source(node_id), *[entry(c) for c in node.children]]}

    return [{"Topics": ["topics/index.md", *[entry(root) for root in survey.roots]]}]
