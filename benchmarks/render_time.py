"""Time the render stage alone, once, in this fresh process: `python -m benchmarks.render_time --papers 5000`.

Used to compare two revisions side by side (see docs/benchmarks.md, "Page templates"): run it
alternately from two checkouts (for example a `git worktree` of the older revision) and
compare the medians. One render per process, so nothing is cached from an earlier run.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from benchmarks import synth
from survey_site import render
from survey_site.model import SiteConfig
from survey_site.pipeline import Project, assemble, load

SITE = SiteConfig(name="Bench", url="https://example.org/")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--papers", type=int, default=5000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "corpus"
        synth.make_project(root, args.papers)
        survey = assemble(load(Project(root)))
        start = time.perf_counter()
        files = render.render_site(survey, SITE, "", {})
        elapsed = time.perf_counter() - start
    print(f"render {args.papers} papers: {elapsed:.2f} s, {len(files)} files")


if __name__ == "__main__":
    main()
