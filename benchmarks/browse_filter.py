"""Filter time of the browse page with 10,000 rows, measured in Debian's chromium.

    python -m benchmarks.browse_filter [--papers 10000] [--runs 5]

The real site is built once; its browse page gets the form and table generated for a
synthetic corpus of N papers (same theme, CSS and site.js), and Playwright times each
filter from the change event until the browser has laid the table out again.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from survey_site.pipeline import Project, assemble, load
from survey_site.render.browse import browse_page

from .synth import make_project

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Each step: (label, {form field: value}); values are set, then one change event fires.
STEPS = [
    ("text 'learning'", {"q": "learning"}),
    ("text 'zhang'", {"q": "zhang"}),
    ("years 2020-2022", {"q": "", "from": "2020", "to": "2022"}),
    ("venue NeurIPS", {"from": "", "to": "", "venue": "NeurIPS"}),
    ("topic (first chapter)", {"venue": "", "topic": "__first_topic__"}),
    ("origin contributed", {"topic": "", "origin": "contributed"}),
    ("clear all", {"origin": ""}),
]

MEASURE = """([values]) => {
  const form = document.getElementById('sv-filters');
  for (const [name, value] of Object.entries(values)) form.elements[name].value = value;
  const t0 = performance.now();
  form.dispatchEvent(new Event('change'));
  document.getElementById('sv-browse').getBoundingClientRect();  // force style and layout
  void document.body.offsetHeight;
  return [performance.now() - t0, form.querySelector('output').textContent];
}"""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def synthetic_browse(papers: int, workdir: Path) -> tuple[str, str]:
    """The browse page's form and table for N synthetic papers, and the id of a topic."""
    project = workdir / "project"
    make_project(project, papers)
    survey = assemble(load(Project(project)))
    page = browse_page(survey)
    start = page.index('<form class="sv-filters"')
    end = page.index("</div>", page.index("</table>")) + len("</div>")  # the table and its scroll wrapper
    return page[start:end], survey.roots[0]


def build_real_site(workdir: Path) -> Path:
    site = workdir / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    if result.returncode:
        raise SystemExit(result.stderr[-2000:])
    return site


def measure(papers: int = 10_000, runs: int = 5) -> dict:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        block, first_topic = synthetic_browse(papers, workdir)
        site = build_real_site(workdir)
        page_path = site / "browse" / "index.html"
        html = page_path.read_text(encoding="utf-8")
        start = html.index('<form class="sv-filters"')
        end = html.index("</div>", html.index("</table>", start)) + len("</div>")
        page_path.write_text(html[:start] + block + html[end:], encoding="utf-8")
        size = page_path.stat().st_size

        handler = functools.partial(_QuietHandler, directory=str(site))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        timings: dict[str, list[float]] = {label: [] for label, _ in STEPS}
        counts: dict[str, str] = {}
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(
                    executable_path=shutil.which("chromium") or "/usr/bin/chromium", args=CHROMIUM_ARGS
                )
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                page.goto(f"http://127.0.0.1:{server.server_port}/browse/", wait_until="load")
                page.wait_for_function("!document.getElementById('sv-filters').hidden")
                for _ in range(runs):
                    for label, values in STEPS:
                        values = {k: (first_topic if v == "__first_topic__" else v) for k, v in values.items()}
                        elapsed, count = page.evaluate(MEASURE, [values])
                        timings[label].append(elapsed)
                        counts[label] = count
                browser.close()
        finally:
            server.shutdown()
    rows = []
    for label, values in timings.items():
        rows.append(
            {
                "bench": "browse_filter",
                "papers": papers,
                "step": label,
                "median_ms": round(statistics.median(values), 1),
                "min_ms": round(min(values), 1),
                "max_ms": round(max(values), 1),
                "runs": len(values),
                "shown": counts[label],
            }
        )
    return {"page_bytes": size, "rows": rows}


START, END = "<!-- browse:start -->", "<!-- browse:end -->"


def table(result: dict, papers: int) -> str:
    worst = max(r["median_ms"] for r in result["rows"])
    lines = [
        START,
        "<!-- generated by `python -m benchmarks.browse_filter` (part of `make bench`) -->",
        "",
        f"Browse page with {papers:,} rows ({result['page_bytes'] / 1e6:.1f} MB of HTML), Debian's chromium through Playwright; "
        "each figure runs from the filter's change event until the browser has laid the table out again.",
        f"Target: under 100 ms. Slowest median: {worst:.0f} ms ({'met' if worst < 100 else '**not met**'}).",
        "",
        "| filter | median ms | min ms | max ms | runs | result |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for r in result["rows"]:
        lines.append(
            f"| {r['step']} | {r['median_ms']:.1f} | {r['min_ms']:.1f} | {r['max_ms']:.1f} | {r['runs']} | {r['shown']} |"
        )
    return "\n".join([*lines, "", END])


def write_doc(doc: Path, text: str) -> None:
    page = doc.read_text(encoding="utf-8") if doc.exists() else "# Benchmarks\n"
    if START in page and END in page:
        page = page[: page.index(START)] + text + page[page.index(END) + len(END) :]
    else:
        page = page.rstrip("\n") + "\n\n## Browse page filtering\n\n" + text + "\n"
    doc.write_text(page, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--doc", type=Path, default=None, help="rewrite the browse section of this page (e.g. docs/benchmarks.md)"
    )
    args = parser.parse_args(argv)
    result = measure(args.papers, args.runs)
    for row in result["rows"]:
        print(json.dumps(row))
    print(json.dumps({"bench": "browse_page_bytes", "papers": args.papers, "bytes": result["page_bytes"]}))
    if args.doc:
        write_doc(args.doc, table(result, args.papers))
    return 0


if __name__ == "__main__":
    sys.exit(main())
