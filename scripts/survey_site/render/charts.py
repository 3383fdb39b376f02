"""Build-time SVG: bar charts for the stats page and the taxonomy tree for the home page.

Colours are CSS classes resolved against Material's palette variables, so the
charts follow light and dark mode. Every chart has a title, a description and a
data table as its text alternative.
"""

from __future__ import annotations

import dataclasses

from ..model import Survey
from .templating import render
from .urls import rel, topic_url

ROW = 22
LABEL_WIDTH = 260
BAR_WIDTH = 360


@dataclasses.dataclass(frozen=True)
class Bar:
    y: int
    shown: str  # the label, cut to fit
    first: float  # length of the first (or only) series' bar
    second: float  # length of the second series' bar (0 for a plain chart)
    value: str  # the number(s) written after the bar
    href: str = ""  # the browse view of what the bar counts


def _shown(label: str) -> str:
    return label if len(label) <= 42 else label[:40] + "…"


def bar_chart(
    chart_id: str, title: str, description: str, rows: list[tuple[str, int]], links: list[str] | None = None
) -> str:
    """A horizontal bar chart with its data table; rows are (label, value), `links` each bar's target."""
    top = max((v for _, v in rows), default=1) or 1
    links = links or [""] * len(rows)
    bars = [
        Bar(5 + i * ROW, _shown(label), round(BAR_WIDTH * value / top, 1), 0, str(value), links[i])
        for i, (label, value) in enumerate(rows)
    ]
    return _render_bars(chart_id, title, description, (), bars, rows, links, 50, ROW * len(rows) + 10)


def stacked_bar_chart(
    chart_id: str,
    title: str,
    description: str,
    series: tuple[str, str],
    rows: list[tuple[str, int, int]],
    links: list[str] | None = None,
) -> str:
    """A horizontal bar chart of two stacked series (label, first, second), with a legend and its data table."""
    top = max((a + b for _, a, b in rows), default=1) or 1
    legend_h = 24
    links = links or [""] * len(rows)
    bars = [
        Bar(
            legend_h + 5 + i * ROW,
            _shown(label),
            round(BAR_WIDTH * first / top, 1),
            round(BAR_WIDTH * second / top, 1),
            f"{first} + {second}",
            links[i],
        )
        for i, (label, first, second) in enumerate(rows)
    ]
    return _render_bars(chart_id, title, description, series, bars, rows, links, 90, ROW * len(rows) + 10 + legend_h)


def _render_bars(
    chart_id: str,
    title: str,
    description: str,
    series: tuple[str, ...],
    bars: list[Bar],
    rows: list[tuple[str, int]] | list[tuple[str, int, int]],
    links: list[str],
    value_room: int,
    height: int,
) -> str:
    """Both bar charts share one template and layout; `value_room` is the width left for the numbers."""
    return render(
        "bar_chart.html",
        chart_id=chart_id,
        title=title,
        description=description,
        series=series,
        bars=bars,
        rows=rows,
        links=links,
        width=LABEL_WIDTH + BAR_WIDTH + value_room,
        height=height,
        label_width=LABEL_WIDTH,
        bar_height=ROW - 6,
        bar_width=BAR_WIDTH,
    )


@dataclasses.dataclass(frozen=True)
class TreeBox:
    href: str
    x: int
    y: int
    label: str
    count: int
    site: bool  # a topic this site added: drawn dashed


def taxonomy_svg(survey: Survey, from_url: str) -> str:
    """The taxonomy as an indented tree of linked boxes (one row per topic)."""
    order = list(survey.nodes.values())
    indent, box_h, gap, box_w = 26, 26, 6, 330
    row_of = {node.id: i for i, node in enumerate(order)}
    edges = [
        (
            10 + survey.nodes[node.parent].depth * indent + 8,
            gap + row_of[node.parent] * (box_h + gap) + box_h,
            10 + node.depth * indent,
            gap + row_of[node.id] * (box_h + gap) + box_h / 2,
        )
        for node in order
        if node.parent
    ]
    boxes = [
        TreeBox(
            rel(from_url, topic_url(node.id)),
            10 + node.depth * indent,
            gap + row_of[node.id] * (box_h + gap),
            (f"§{node.paper_section} " if node.paper_section else "") + node.title,
            len(survey.subtree_papers(node.id)),
            node.is_site_node,
        )
        for node in order
    ]
    return render(
        "taxonomy.svg",
        edges=edges,
        boxes=boxes,
        box_w=box_w,
        box_h=box_h,
        width=3 * indent + box_w + 70,
        height=len(order) * (box_h + gap) + gap,
    )
