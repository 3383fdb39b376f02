"""Build-time SVG: bar charts for the stats page and the taxonomy tree for the home page.

Colours are CSS classes resolved against Material's palette variables, so the
charts follow light and dark mode. Every chart has a title, a description and a
data table as its text alternative.
"""

from __future__ import annotations

from ..model import Survey
from .escape import h
from .urls import rel, topic_url

ROW = 22
LABEL_WIDTH = 260
BAR_WIDTH = 360


def bar_chart(chart_id: str, title: str, description: str, rows: list[tuple[str, int]]) -> str:
    """A horizontal bar chart with its data table; rows are (label, value)."""
    top = max((v for _, v in rows), default=1) or 1
    height = ROW * len(rows) + 10
    width = LABEL_WIDTH + BAR_WIDTH + 50
    parts = [
        f'<figure class="sv-figure" id="{h(chart_id)}">',
        f'<svg class="sv-chart" role="img" aria-labelledby="{h(chart_id)}-title {h(chart_id)}-desc" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{h(chart_id)}-title">{h(title)}</title>',
        f'<desc id="{h(chart_id)}-desc">{h(description)}</desc>',
    ]
    for i, (label, value) in enumerate(rows):
        y = 5 + i * ROW
        length = round(BAR_WIDTH * value / top, 1)
        shown = label if len(label) <= 42 else label[:40] + "…"
        parts.append(f'<text x="{LABEL_WIDTH - 8}" y="{y + 15}" text-anchor="end">{h(shown)}</text>')
        parts.append(
            f'<rect class="sv-bar" x="{LABEL_WIDTH}" y="{y + 3}" width="{length}" height="{ROW - 6}" rx="2"></rect>'
        )
        parts.append(f'<text x="{LABEL_WIDTH + length + 6}" y="{y + 15}">{value}</text>')
    parts.append("</svg>")
    parts.append(f"<figcaption>{h(title)}</figcaption>")
    parts.append("</figure>")
    table = [
        '<details class="sv-data"><summary>Data table</summary>',
        "<table>",
        f"<caption>{h(title)}</caption>",
        '<thead><tr><th scope="col">Label</th><th scope="col">Papers</th></tr></thead><tbody>',
    ]
    table += [f"<tr><td>{h(label)}</td><td>{value}</td></tr>" for label, value in rows]
    table += ["</tbody></table>", "</details>"]
    return "\n".join(parts + table)


def stacked_bar_chart(
    chart_id: str, title: str, description: str, series: tuple[str, str], rows: list[tuple[str, int, int]]
) -> str:
    """A horizontal bar chart of two stacked series (label, first, second), with a legend and its data table."""
    top = max((a + b for _, a, b in rows), default=1) or 1
    legend_h = 24
    height = ROW * len(rows) + 10 + legend_h
    width = LABEL_WIDTH + BAR_WIDTH + 90
    parts = [
        f'<figure class="sv-figure" id="{h(chart_id)}">',
        f'<svg class="sv-chart" role="img" aria-labelledby="{h(chart_id)}-title {h(chart_id)}-desc" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{h(chart_id)}-title">{h(title)}</title>',
        f'<desc id="{h(chart_id)}-desc">{h(description)}</desc>',
        f'<rect class="sv-bar" x="{LABEL_WIDTH}" y="6" width="12" height="12" rx="2"></rect>',
        f'<text x="{LABEL_WIDTH + 18}" y="17">{h(series[0])}</text>',
        f'<rect class="sv-bar sv-bar--since" x="{LABEL_WIDTH + 190}" y="6" width="12" height="12" rx="2"></rect>',
        f'<text x="{LABEL_WIDTH + 208}" y="17">{h(series[1])}</text>',
    ]
    for i, (label, first, second) in enumerate(rows):
        y = legend_h + 5 + i * ROW
        a = round(BAR_WIDTH * first / top, 1)
        b = round(BAR_WIDTH * second / top, 1)
        shown = label if len(label) <= 42 else label[:40] + "…"
        parts.append(f'<text x="{LABEL_WIDTH - 8}" y="{y + 15}" text-anchor="end">{h(shown)}</text>')
        if a:
            parts.append(
                f'<rect class="sv-bar" x="{LABEL_WIDTH}" y="{y + 3}" width="{a}" height="{ROW - 6}" rx="2"></rect>'
            )
        if b:
            parts.append(
                f'<rect class="sv-bar sv-bar--since" x="{LABEL_WIDTH + a}" y="{y + 3}" width="{b}" height="{ROW - 6}" rx="2"></rect>'
            )
        parts.append(f'<text x="{LABEL_WIDTH + a + b + 6}" y="{y + 15}">{first} + {second}</text>')
    parts += ["</svg>", f"<figcaption>{h(title)}</figcaption>", "</figure>"]
    table = [
        '<details class="sv-data"><summary>Data table</summary>',
        "<table>",
        f"<caption>{h(title)}</caption>",
        f'<thead><tr><th scope="col">Label</th><th scope="col">{h(series[0])}</th><th scope="col">{h(series[1])}</th></tr></thead><tbody>',
    ]
    table += [f"<tr><td>{h(label)}</td><td>{first}</td><td>{second}</td></tr>" for label, first, second in rows]
    table += ["</tbody></table>", "</details>"]
    return "\n".join(parts + table)


def taxonomy_svg(survey: Survey, from_url: str) -> str:
    """The taxonomy as an indented tree of linked boxes (one row per topic)."""
    order = list(survey.nodes.values())
    indent, box_h, gap, box_w = 26, 26, 6, 330
    height = len(order) * (box_h + gap) + gap
    width = 3 * indent + box_w + 70
    parts = [
        f'<svg class="sv-chart sv-tree-svg" role="group" aria-label="The survey\'s taxonomy: {len(order)} topics" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg" '
        'xmlns:xlink="http://www.w3.org/1999/xlink">',
    ]
    # xlink:href, not href: Material's instant navigation assigns to `a.href`, which is
    # read-only on SVG links and throws.
    row_of = {node.id: i for i, node in enumerate(order)}
    for node in order:
        if node.parent:
            px = 10 + survey.nodes[node.parent].depth * indent + 8
            py = gap + row_of[node.parent] * (box_h + gap) + box_h
            x = 10 + node.depth * indent
            y = gap + row_of[node.id] * (box_h + gap) + box_h / 2
            parts.append(f'<path class="sv-edge" d="M{px} {py} V{y} H{x}"></path>')
    for node in order:
        x = 10 + node.depth * indent
        y = gap + row_of[node.id] * (box_h + gap)
        count = len(survey.subtree_papers(node.id))
        section = f"§{node.paper_section} " if node.paper_section else ""
        parts.append(
            f'<a xlink:href="{h(rel(from_url, topic_url(node.id)))}">'
            f'<rect class="sv-box{" sv-box--site" if node.is_site_node else ""}" x="{x}" y="{y}" width="{box_w}" height="{box_h}" rx="4"></rect>'
            f'<text x="{x + 8}" y="{y + 17}">{h(section + node.title)}</text>'
            f'<text x="{x + box_w + 8}" y="{y + 17}" class="sv-count-text">{count}</text></a>'
        )
    parts.append("</svg>")
    return "\n".join(parts)
