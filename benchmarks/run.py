"""Benchmark the generator against its floor and a naive pipeline; rewrite docs/benchmarks.md.

    python -m benchmarks.run              # what `make bench` runs (about 16 minutes on 2 cores)
    python -m benchmarks.run --skip-50k   # the same without the 50,000-paper run (about 11 minutes)
    python -m benchmarks.run --quick      # smoke test: 250 and 1000 papers, one run each, no doc
    python -m benchmarks.run --profile    # also cProfile the generator at 10k papers into the doc

Every measurement prints one JSON line on stdout, e.g.
`{"bench": "generator", "papers": 10000, "median_s": 8.1, "min_s": 7.9, "max_s": 8.4, "runs": 3, ...}`,
and the same lines land in `benchmarks/out/results.jsonl`. The table in docs/benchmarks.md
between `<!-- bench:start -->` and `<!-- bench:end -->` is regenerated; the rest of that
page is hand-written and left alone. Each timed call runs in a fresh interpreter
(`--worker`), so no run profits from caches an earlier one warmed.

What is measured, per synthetic corpus size (see benchmarks/synth.py):

- `raw_parse`: `bibtexparser.parse_string(text, parse_stack=[])` on every bib file (files read
  inside the timing). The floor: no decoding, no checks, no output.
- `naive`: bibtexparser with its standard stack plus `SeparateCoAuthors`, `SplitNameParts` and
  `LatexDecodingMiddleware` (pylatexenc on every field), records built from what that gives,
  then the same pages rendered by our renderers and written by our writer into a fresh folder.
  No validation. The formatted references come from the generator's cache, untimed, so
  both pipelines render identical work and differ only in reading and decoding.
- `generator`: `pipeline.generate` into a fresh docs folder, reference cache warm.
- `generator_cold`: the same with no `.cache/` either (a fresh clone's first build).
- `rebuild`: `pipeline.generate` again with nothing changed: must write 0 files.
- `stage:*`: `generate` with each stage timed (load, check, assemble, references, render, write); the
  median of three runs at 10,000 papers, one run elsewhere.
- `mkdocs`: `mkdocs build --strict` of the synthetic site (the hook runs the generator), fresh
  docs folder, reference cache warm; at 5000 papers with peak RSS (`/usr/bin/time`).
- `real_build`: `mkdocs build --strict` in this checkout into a temporary folder (`make build`),
  and `real_build_cold`: the same in a fresh copy of the checkout's files (no `.cache/`).

From 5000 papers up the reference cache is filled with placeholder text instead of running
pybtex and citeproc-py (about 13 ms a paper: 130 s at 10k, 650 s at 50k); the cost of a cold
cache is measured at 250 and 1000 papers, and at 10k with `--cold-10k`.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import dataclasses
import datetime
import gc
import inspect
import io
import json
import os
import platform
import pstats
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import bibtexparser
from bibtexparser import middlewares

from survey_site import pipeline, render, write
from survey_site.bibliography import BibEntry, BibField
from survey_site.decode import paper_from_entry
from survey_site.loaded import LoadedData
from survey_site.model import Author, freeze
from survey_site.siteconfig import load_site_config
from survey_site.taxonomy import load_survey_meta, load_taxonomy

from . import editloop, floor, synth

CHECKOUT = Path(__file__).resolve().parent.parent
OUT = CHECKOUT / "benchmarks" / "out"
DOC = CHECKOUT / "docs" / "benchmarks.md"
BIN = Path(sys.executable).parent
TIME = Path("/usr/bin/time")
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
PROFILE_START, PROFILE_END = "<!-- profile:start -->", "<!-- profile:end -->"


@dataclasses.dataclass
class Plan:
    sizes: tuple[int, ...] = (250, 1000, 10000)
    generator_only: tuple[int, ...] = (50000,)
    runs: dict[int, int] = dataclasses.field(default_factory=lambda: {250: 5, 1000: 5, 10000: 3, 50000: 2})
    cold_runs: dict[int, int] = dataclasses.field(default_factory=lambda: {250: 3, 1000: 1})
    mkdocs: dict[int, int] = dataclasses.field(default_factory=lambda: {250: 3, 1000: 3, 10000: 1})
    mkdocs_cold: tuple[int, ...] = (1000,)  # a fresh clone's site build beside the warm one
    site: dict[int, int] = dataclasses.field(default_factory=lambda: {5000: 2})  # ours and the floor, alternating
    edit_loop: dict[int, int] = dataclasses.field(default_factory=lambda: {5000: 3})  # edits under `make serve`
    write_runs: int = 3  # write_tree against a plain write, alternating
    # One staged generate a run, each stage's median reported: at 10,000 papers one run's
    # stages vary by a third on a shared machine, and two targets are made of them.
    stage_runs: dict[int, int] = dataclasses.field(default_factory=lambda: {10000: 3})
    real_runs: int = 3
    placeholder_from: int = 5000


# -- measuring ------------------------------------------------------------------------------------------

RESULTS: list[dict[str, Any]] = []
BUDGET_S = 90.0  # per measurement: stop adding runs once they would take longer than this in all


def spread(seconds: list[float]) -> dict[str, Any]:
    """Median, min, max and count of some timings, as every record states them."""
    return {
        "median_s": round(statistics.median(seconds), 3),
        "min_s": round(min(seconds), 3),
        "max_s": round(max(seconds), 3),
        "runs": len(seconds),
    }


def emit(record: dict[str, Any]) -> dict[str, Any]:
    RESULTS.append(record)
    print(json.dumps(record), flush=True)
    return record


def measure(
    bench: str,
    papers: int,
    runs: int,
    fn: Callable[[], dict[str, Any] | None],
    setup: Callable[[], None] | None = None,
    **notes: Any,
) -> dict[str, Any]:
    """Median, min and max wall time of `runs` calls (and median CPU time of this process)."""
    walls, cpus, extra = [], [], {}
    for _ in range(runs):
        if walls and sum(walls) + statistics.median(walls) > BUDGET_S:
            break  # keep `make bench` bounded: fewer runs of a slow measurement (the line says how many)
        if setup:
            setup()
        gc.collect()
        cpu0, wall0 = time.process_time(), time.perf_counter()
        extra = fn() or {}
        wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
        walls.append(extra.pop("wall_s", wall))
        cpus.append(extra.pop("cpu_s", cpu))
    return emit(
        {
            "bench": bench,
            "papers": papers,
            **spread(walls),
            "cpu_median_s": round(statistics.median(cpus), 3),
            **extra,
            **notes,
        }
    )


@contextlib.contextmanager
def patched(owner: Any, name: str, value: Any) -> Iterator[None]:
    original = getattr(owner, name)
    setattr(owner, name, value)
    try:
        yield
    finally:
        setattr(owner, name, original)


# -- the contenders -------------------------------------------------------------------------------------


def raw_parse(root: Path) -> dict[str, Any]:
    blocks = 0
    for path in sorted((root / "bib").glob("*.bib")):
        blocks += len(bibtexparser.parse_string(path.read_text(encoding="utf-8"), parse_stack=[]).blocks)
    return {"blocks": blocks}


def naive_stack() -> list:
    return [
        *middlewares.default_parse_stack(),
        middlewares.SeparateCoAuthors(),
        middlewares.SplitNameParts(),
        middlewares.LatexDecodingMiddleware(),
    ]


def naive_papers(root: Path) -> dict:
    """What bibtexparser's own decoding gives, turned into our records (no validation)."""
    papers = {}
    for path in sorted((root / "bib").glob("*.bib")):
        shown = path.relative_to(root).as_posix()
        library = bibtexparser.parse_string(path.read_text(encoding="utf-8"), parse_stack=naive_stack())
        for entry in library.entries:
            authors: tuple[Author, ...] = ()
            fields = []
            for f in entry.fields:
                name = f.key.lower()
                if name == "author" and isinstance(f.value, list):
                    authors = tuple(
                        Author(" ".join(n.first), " ".join(n.von), " ".join(n.last), " ".join(n.jr)) for n in f.value
                    )
                    fields.append(
                        BibField(name, " and ".join(n.merge_last_name_first for n in f.value), f.start_line or 0)
                    )
                elif name != "author":
                    fields.append(BibField(name, str(f.value), f.start_line or 0))
            record = BibEntry(
                entry.key,
                entry.entry_type.lower(),
                tuple(x for x in fields if x.name != "author"),
                shown,
                entry.start_line + 1,
            )
            paper = paper_from_entry(record)  # decoded text has no LaTeX left: our decoder's fast path
            papers[entry.key] = dataclasses.replace(
                paper, authors=authors, fields=tuple((x.name, x.value) for x in fields)
            )
    return papers


def naive_generate(root: Path, out_dir: Path, site: Any, references: dict) -> dict[str, Any]:
    start = time.perf_counter()
    meta, _ = load_survey_meta(root / "taxonomy" / "survey.yaml", root)
    nodes, _ = load_taxonomy(root / "taxonomy", root)
    shell = pipeline.assemble(LoadedData(meta=meta, nodes=tuple(nodes), entries=(), bib_files=(), taxonomy_files=()))
    survey = dataclasses.replace(shell, papers=freeze(naive_papers(root)))
    read = time.perf_counter()
    files = render_site(survey, site, (root / "CHANGELOG.md").read_text(encoding="utf-8"), references)
    rendered = time.perf_counter()
    outcome = write.write_tree(out_dir, files)
    return {
        "files": len(files),
        "written": len(outcome.written),
        "papers_decoded": len(survey.papers),
        "read_s": round(read - start, 3),
        "render_s": round(rendered - read, 3),
        "write_s": round(time.perf_counter() - rendered, 3),
    }


def render_site(survey: Any, site: Any, changelog: str, references: dict) -> dict[str, str]:
    if "references" in inspect.signature(render.render_site).parameters:
        return render.render_site(survey, site, changelog, references)
    return render.render_site(survey, site, changelog)


def generate(root: Path, site: Any) -> dict[str, Any]:
    result = pipeline.generate(pipeline.Project(root), site)
    return {"written": len(result.written), "removed": len(result.removed), "unchanged": result.unchanged}


def our_references(root: Path, survey: Any) -> dict:
    try:
        from survey_site.references import formatted_references
    except ImportError:
        return {}
    return formatted_references(survey.papers, root / ".cache")


def fill_placeholder_cache(root: Path) -> bool:
    """Fill `.cache/` through the real code path, with pybtex and citeproc-py replaced by stand-ins."""
    try:
        from survey_site import references
    except ImportError:
        return False
    if not (hasattr(references, "format_plain") and hasattr(references, "format_harvard")):
        return False

    def text(papers: Any) -> dict[str, str]:
        return {
            p.key: f"{', '.join(a.display for a in p.authors[:6])}. {p.title}. {p.venue}, {p.year}." for p in papers
        }

    survey = pipeline.assemble(pipeline.load(pipeline.Project(root)))
    with patched(references, "format_plain", text), patched(references, "format_harvard", text):
        references.formatted_references(survey.papers, root / ".cache")
    return True


def staged_generate(root: Path, site: Any, clock: Callable[[], float] = time.perf_counter) -> dict[str, float]:
    """One generate with each stage timed by wrapping the functions `generate` calls."""
    times: dict[str, float] = {}
    wrapped = [
        (pipeline, "load"),
        (pipeline, "check"),
        (pipeline, "assemble"),
        (pipeline, "formatted_references"),
        (render, "render_site"),
        (write, "write_tree"),
    ]

    def timer(name: str, fn: Callable) -> Callable:
        def inner(*args: Any, **kwargs: Any) -> Any:
            start = clock()
            try:
                return fn(*args, **kwargs)
            finally:
                times[name] = times.get(name, 0.0) + clock() - start

        return inner

    with contextlib.ExitStack() as stack:
        for owner, name in wrapped:
            if hasattr(owner, name):
                stack.enter_context(patched(owner, name, timer(name, getattr(owner, name))))
        start = clock()
        pipeline.generate(pipeline.Project(root), site)
        total = clock() - start
    times["other"] = total - sum(times.values())
    times["total"] = total
    return times


def write_against_plain(root: Path, site: Any, runs: int) -> dict[str, Any]:
    """`write_tree` into a fresh folder against a plain Python loop writing the same files, alternating."""
    project = pipeline.Project(root)
    survey = pipeline.assemble(pipeline.load(project))
    changelog = (root / "CHANGELOG.md").read_text(encoding="utf-8")
    files = render.render_site(survey, site, changelog, our_references(root, survey))
    encoded = {rel: text.encode("utf-8") if isinstance(text, str) else text for rel, text in files.items()}
    ours, plain = [], []
    for run in range(runs):
        for name, times in (("ours", ours), ("plain", plain)):
            out = OUT / f"write-{name}-{run}"
            shutil.rmtree(out, ignore_errors=True)
            gc.collect()
            start = time.perf_counter()
            if name == "ours":
                write.write_tree(out, files, "stamp")
            else:
                for rel, data in encoded.items():
                    path = os.path.join(out, rel)
                    os.makedirs(os.path.dirname(path), exist_ok=True)
                    with open(path, "wb") as handle:
                        handle.write(data)
            times.append(time.perf_counter() - start)
            shutil.rmtree(out, ignore_errors=True)
    return {"files": len(files), "write_tree_s": ours, "plain_s": plain}


def mkdocs_build(root: Path, command: list[str] | None = None) -> dict[str, Any]:
    """`mkdocs build --strict` in `root` into a temporary folder; wall, CPU and peak RSS."""
    site_dir = Path(tempfile.mkdtemp(prefix="bench-site-"))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    # no -q: it hides the warnings --strict counts. Another builder (Zensical) writes to the config's site_dir.
    cmd = command or [str(BIN / "mkdocs"), "build", "--strict", "-d", str(site_dir)]
    stats_file = site_dir.with_suffix(".time")
    if TIME.exists():
        cmd = [str(TIME), "-f", "%e %U %S %M", "-o", str(stats_file), *cmd]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    shutil.rmtree(site_dir, ignore_errors=True)
    out: dict[str, Any] = {"cpu_s": round(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, 3)}
    if stats_file.exists():
        fields = stats_file.read_text().split()
        stats_file.unlink()
        with contextlib.suppress(ValueError, IndexError):
            out["peak_rss_mb"] = round(int(fields[-1]) / 1024)
    else:
        out["peak_rss_mb"] = round(after.ru_maxrss / 1024)  # the largest child so far: an upper bound
    if proc.returncode != 0:
        lines = proc.stderr.strip().splitlines()
        first = next((i for i, line in enumerate(lines) if line.startswith(("WARNING", "ERROR"))), None)
        reason = " ".join(x.strip() for x in lines[first : first + 2]) if first is not None else (lines or [""])[-1]
        out["error"] = (reason or f"exit status {proc.returncode}")[:300]
    out["wall_s"] = wall
    return out


def measure_mkdocs(
    bench: str,
    papers: int,
    runs: int,
    root: Path,
    setup: Callable[[], None] | None = None,
    command: list[str] | None = None,
    **notes: Any,
) -> dict[str, Any]:
    results = []
    for _ in range(runs):
        if setup:
            setup()
        results.append(mkdocs_build(root, command))
    record = {
        "bench": bench,
        "papers": papers,
        **spread([r["wall_s"] for r in results]),
        "cpu_median_s": round(statistics.median(r["cpu_s"] for r in results), 3),
    }
    rss = [r["peak_rss_mb"] for r in results if "peak_rss_mb" in r]
    if rss:
        record["peak_rss_mb"] = max(rss)
    errors = [r["error"] for r in results if "error" in r]
    if errors:
        record["error"] = errors[0]
    return emit({**record, **notes})


# -- one corpus size ------------------------------------------------------------------------------------


class Corpus:
    """A synthetic project on disk, with a pristine copy of its hand-written docs."""

    def __init__(self, papers: int) -> None:
        self.papers = papers
        self.root = OUT / f"synth-{papers}"
        start = time.perf_counter()
        self.counts = synth.make_project(self.root, papers)
        self.pristine = OUT / f"synth-{papers}.docs"
        shutil.rmtree(self.pristine, ignore_errors=True)
        shutil.copytree(self.root / "docs", self.pristine)
        self.site = load_site_config(self.root)
        emit(
            {
                "bench": "synth",
                "papers": papers,
                "median_s": round(time.perf_counter() - start, 3),
                "runs": 1,
                **self.counts,
                "bib_bytes": sum(p.stat().st_size for p in (self.root / "bib").glob("*.bib")),
            }
        )

    def fresh_docs(self) -> None:
        shutil.rmtree(self.root / "docs", ignore_errors=True)
        shutil.copytree(self.pristine, self.root / "docs")

    def cold(self) -> None:
        self.fresh_docs()
        shutil.rmtree(self.root / ".cache", ignore_errors=True)

    def remove(self) -> None:
        for path in (self.root, self.pristine, OUT / f"naive-{self.papers}"):
            shutil.rmtree(path, ignore_errors=True)


def worker(kind: str, root: Path, *extra: str) -> dict[str, Any]:
    """Run one timed call in a fresh interpreter: no import cost, no caches warmed by an earlier run."""
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--worker", kind, str(root), *extra],
        cwd=CHECKOUT,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"worker {kind} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def run_worker(kind: str, root: Path, extra: list[str]) -> dict[str, Any]:
    """The worker's side: set up untimed, time the call, report wall and CPU seconds."""
    site = load_site_config(root)
    call: Callable[[], dict[str, Any] | None]
    if kind == "raw_parse":
        call = lambda: raw_parse(root)  # noqa: E731
    elif kind == "generate":
        call = lambda: generate(root, site)  # noqa: E731
    elif kind == "naive":
        references = json.loads(Path(extra[1]).read_text(encoding="utf-8")) if len(extra) > 1 else {}
        call = lambda: naive_generate(root, Path(extra[0]), site, references)  # noqa: E731
    elif kind == "stages":
        return {key: round(value, 3) for key, value in staged_generate(root, site).items()}
    elif kind == "write":
        return write_against_plain(root, site, int(extra[0]))
    elif kind == "profile":
        profile_generate(root, site)
        return {"rows": PROFILE_ROWS}
    else:
        raise SystemExit(f"unknown worker {kind}")
    cpu0, wall0 = time.process_time(), time.perf_counter()
    result = call() or {}
    return {**result, "wall_s": round(time.perf_counter() - wall0, 4), "cpu_s": round(time.process_time() - cpu0, 4)}


def bench_size(n: int, plan: Plan, args: argparse.Namespace, generator_only: bool = False) -> None:
    corpus = Corpus(n)
    runs = plan.runs.get(n, 1)
    root = corpus.root
    measure("raw_parse", n, runs if not generator_only else 1, lambda: worker("raw_parse", root))
    cold_runs = plan.cold_runs.get(n, 1 if (n == 10000 and args.cold_10k) else 0)
    if cold_runs:
        measure("generator_cold", n, cold_runs, lambda: worker("generate", root), setup=corpus.cold)
    placeholder = False
    if not (root / ".cache").exists():
        placeholder = n >= plan.placeholder_from and fill_placeholder_cache(root)
        if not placeholder:
            worker("generate", root)  # fill the cache for real, untimed
    cache = "placeholder" if placeholder else "real"
    measure("generator", n, runs, lambda: worker("generate", root), setup=corpus.fresh_docs, reference_cache=cache)
    if not generator_only:  # at 50k a no-change run is as slow as a fresh one today: skipped to keep `make bench` short
        measure("rebuild", n, runs, lambda: worker("generate", root), reference_cache=cache)
    if not generator_only:
        staged = []
        for _ in range(plan.stage_runs.get(n, 1)):
            corpus.fresh_docs()  # a no-change run would hide the writer's cost
            staged.append(worker("stages", root))
        for stage in staged[0]:
            emit({"bench": f"stage:{stage}", "papers": n, **spread([run[stage] for run in staged])})
        if n == max(plan.sizes):
            compared = worker("write", root, str(plan.write_runs))
            for bench, key in (("write_tree", "write_tree_s"), ("plain_write", "plain_s")):
                emit({"bench": bench, "papers": n, **spread(compared[key]), "files": compared["files"]})
    if args.profile and n == 10000:
        corpus.fresh_docs()
        PROFILE_ROWS[:] = [tuple(row) for row in worker("profile", root)["rows"]]
        emit(
            {
                "bench": "profile",
                "papers": n,
                "runs": 1,
                "median_s": 0.0,
                "top": [
                    {"function": r[0], "own_s": round(r[2], 3), "cumulative_s": round(r[3], 3)}
                    for r in PROFILE_ROWS[:10]
                ],
            }
        )
    if not generator_only:
        refs_file = OUT / f"references-{n}.json"
        refs_file.write_text(
            json.dumps(our_references(root, pipeline.assemble(pipeline.load(pipeline.Project(root))))), encoding="utf-8"
        )
        naive_out = OUT / f"naive-{n}"
        measure(
            "naive",
            n,
            runs,
            lambda: worker("naive", root, str(naive_out), str(refs_file)),
            setup=lambda: shutil.rmtree(naive_out, ignore_errors=True),
        )
        refs_file.unlink()
    mk_runs = plan.mkdocs.get(n, 0)
    if mk_runs:
        measure_mkdocs("mkdocs", n, mk_runs, root, setup=corpus.fresh_docs)
    if n in plan.mkdocs_cold:  # a fresh clone: no generated pages, no reference cache (restored after)
        kept = OUT / f"cache-{n}"
        shutil.rmtree(kept, ignore_errors=True)
        shutil.copytree(root / ".cache", kept)
        measure_mkdocs("mkdocs_cold", n, 1, root, setup=corpus.cold)
        shutil.rmtree(root / ".cache", ignore_errors=True)
        shutil.move(kept, root / ".cache")
    if not args.keep:
        corpus.remove()
    gc.collect()


def bench_site(n: int, runs: int, edits: int) -> None:
    """The full site build at `n` papers beside the theme's floor (benchmarks/floor.py), alternating;
    then the edit loop under `make serve` (benchmarks/editloop.py) and, if installed, Zensical."""
    corpus = Corpus(n)
    if not fill_placeholder_cache(corpus.root):
        worker("generate", corpus.root)
    corpus.fresh_docs()
    worker("generate", corpus.root)  # the floor copies what the generator emits, pages of every kind
    floor_root = OUT / f"floor-{n}"
    shape = floor.make_floor(corpus.root, floor_root)
    ours: list[dict[str, Any]] = []
    theirs: list[dict[str, Any]] = []
    for _ in range(runs):
        ours.append(measure_mkdocs("mkdocs_site", n, 1, corpus.root, setup=corpus.fresh_docs))
        theirs.append(measure_mkdocs("floor", n, 1, floor_root, **shape))
    RESULTS[:] = [r for r in RESULTS if r["bench"] not in ("mkdocs_site", "floor") or r["papers"] != n]
    for bench, records in (("mkdocs", ours), ("floor", theirs)):
        emit(
            {
                "bench": bench,
                "papers": n,
                **spread([r["median_s"] for r in records]),
                "cpu_median_s": round(statistics.median(r["cpu_median_s"] for r in records), 3),
                "peak_rss_mb": max(r.get("peak_rss_mb", 0) for r in records),
                **({"error": records[0]["error"]} if "error" in records[0] else {}),
                **({"pages": shape["pages"]} if bench == "floor" else {}),
            }
        )
    shutil.rmtree(floor_root, ignore_errors=True)
    if edits:
        corpus.fresh_docs()
        loop = editloop.measure(corpus.root, edits)
        emit({"bench": "edit_loop", "papers": n, "runs": len(loop["edits_s"]), **loop})  # type: ignore[arg-type]
    zensical = shutil.which("zensical") or os.environ.get("ZENSICAL")
    if zensical:
        corpus.fresh_docs()
        worker("generate", corpus.root)  # Zensical runs no MkDocs hook: the pages are generated first
        measure_mkdocs("zensical", n, 1, corpus.root, command=[zensical, "build", "--clean"])
        shutil.rmtree(corpus.root / "site", ignore_errors=True)
    else:
        emit({"bench": "zensical", "papers": n, "median_s": 0.0, "runs": 0, "skipped": "zensical is not installed"})
    corpus.remove()


def bench_real(runs: int) -> None:
    papers = sum(len(re.findall(r"^@", p.read_text(encoding="utf-8"), re.M)) for p in (CHECKOUT / "bib").glob("*.bib"))
    measure_mkdocs("real_build", papers, runs, CHECKOUT)
    # A fresh clone: the files git sees (tracked and new, not ignored), no .cache/ and no generated pages.
    listed = (
        subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
            cwd=CHECKOUT,
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .split("\0")
    )
    copy = Path(tempfile.mkdtemp(prefix="bench-clone-"))
    for rel in filter(None, listed):
        source = CHECKOUT / rel
        if source.is_file():
            (copy / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy / rel)
    measure_mkdocs("real_build_cold", papers, 1, copy)
    shutil.rmtree(copy, ignore_errors=True)


# -- profile --------------------------------------------------------------------------------------------

PROFILE_ROWS: list[tuple[str, int, float, float]] = []


def profile_generate(root: Path, site: Any) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    pipeline.generate(pipeline.Project(root), site)
    profiler.disable()
    stats = pstats.Stats(profiler, stream=io.StringIO())
    rows = []
    for (filename, line, func), (_, ncalls, tottime, cumtime, _) in stats.stats.items():  # type: ignore[attr-defined]
        rows.append((f"{_short(filename)}:{line}({func})", ncalls, tottime, cumtime))
    PROFILE_ROWS[:] = sorted(rows, key=lambda r: r[2], reverse=True)[:25]


def _short(filename: str) -> str:
    """`survey_site/render/pages.py`, `bibtexparser/splitter.py`, `json/encoder.py`: paths from their package."""
    return re.sub(r"^.*/(?:site-packages|scripts|lib/python3\.\d+)/", "", filename)


# -- report ---------------------------------------------------------------------------------------------


def find(bench: str, papers: int) -> dict[str, Any] | None:
    for record in RESULTS:
        if record["bench"] == bench and record["papers"] == papers:
            return record
    return None


def ratio(top: tuple[str, int], bottom: tuple[str, int], key: str = "median_s") -> float | None:
    a, b = find(*top), find(*bottom)
    if not a or not b or not b.get(key) or a.get(key) is None:
        return None
    return a[key] / b[key]


TARGETS = [
    # (label, numerator, denominator, goal, "<=" or ">=")
    ("site build(5k) / the theme's floor(5k)", ("mkdocs", 5000), ("floor", 5000), 1.25, "<="),
    ("generator(10k) / raw_parse(10k)", ("generator", 10000), ("raw_parse", 10000), 6.0, "<="),
    ("generator(10k) / generator(1k)", ("generator", 10000), ("generator", 1000), 12.0, "<="),
    ("rebuild(10k) / raw_parse(10k)", ("rebuild", 10000), ("raw_parse", 10000), 1.5, "<="),
    (
        "write_tree(10k), fresh folder / a plain write of the same files",
        ("write_tree", 10000),
        ("plain_write", 10000),
        2.0,
        "<=",
    ),
    ("site build(1k), fresh clone (no `.cache/`) / warm", ("mkdocs_cold", 1000), ("mkdocs", 1000), 2.0, "<="),
]


def read_ratio(n: int) -> float | None:
    """Reading and decoding only: the naive pipeline's read phase against our load + check + assemble."""
    naive = find("naive", n)
    stages = _reading(n)
    if not naive or "read_s" not in naive or not stages:
        return None
    return float(naive["read_s"]) / stages


def _reading(n: int) -> float | None:
    stages = [find(f"stage:{name}", n) for name in ("load", "check", "assemble")]
    return sum(s["median_s"] for s in stages if s) if all(stages) else None


def _row(label: str, value: float | None, text: str, goal: str, met: bool) -> tuple[str, str, str, str]:
    if value is None:
        return (label, "not measured", goal, "–")
    return (label, text, goal, "yes" if met else "**no**")


def targets() -> list[tuple[str, str, str, str]]:
    rows = []
    for label, top, bottom, goal, op in TARGETS:
        wall, cpu = ratio(top, bottom), ratio(top, bottom, "cpu_median_s")
        text = f"{wall:.2f} (CPU {cpu:.2f})" if wall is not None and cpu else f"{wall or 0:.2f}"
        rows.append(
            _row(
                label, wall, text, f"{op} {goal:g}", wall is not None and (wall <= goal if op == "<=" else wall >= goal)
            )
        )
    reading, raw = _reading(10000), find("raw_parse", 10000)
    value = reading / raw["median_s"] if reading and raw else None
    rows.insert(
        2,
        _row("… load + check + assemble(10k) / raw_parse(10k)", value, f"{value or 0:.2f}", "<= 3", (value or 9) <= 3),
    )
    value = read_ratio(10000)
    rows.insert(
        3,
        _row(
            "… reading and decoding only: naive read(10k) / our load+check+assemble(10k)",
            value,
            f"{value or 0:.2f}",
            ">= 8",
            (value or 0) >= 8,
        ),
    )
    loop = find("edit_loop", 5000)
    rows.insert(
        1,
        _row(
            "edit loop, 5000 papers: one entry saved until its page is new on disk under `make serve`",
            loop["median_s"] if loop else None,
            f"{loop['median_s']:.1f} s (edits: {', '.join(f'{t:.1f}' for t in loop['edits_s'])} s)" if loop else "",
            "<= 10 s",
            bool(loop) and loop["median_s"] <= 10,  # type: ignore[index]
        ),
    )
    # What the generator target leaves for everything but the files: their plain write alone, against the same parse.
    floor = ratio(("plain_write", 10000), ("raw_parse", 10000))
    after = next(i for i, row in enumerate(rows) if row[0].startswith("generator(10k) / raw_parse")) + 1
    rows.insert(
        after,
        _row(
            "… its floor: a plain write of the generator's files(10k) / raw_parse(10k)",
            floor,
            f"{floor or 0:.2f}" + (" (the files alone exceed the goal)" if floor and floor > 6 else ""),
            "reported",
            True,
        ),
    )
    for n, goal in ((5000, 1024), (10000, None)):
        big = find("mkdocs", n)
        rss = big.get("peak_rss_mb") if big else None
        rows.append(
            _row(
                f"peak RSS of the site build, {n} papers",
                rss,
                f"{rss} MB ({big['median_s']:.0f} s)" + _error(big) if big else "",
                f"<= {goal} MB" if goal else "reported",
                rss is not None and "error" not in big and (goal is None or rss <= goal),  # type: ignore[operator]
            )
        )
    for bench, label in (
        ("real_build", "`make build`, real corpus"),
        ("real_build_cold", "`make build`, real corpus, fresh clone (no `.cache/`)"),
    ):
        real = next((r for r in RESULTS if r["bench"] == bench), None)
        rows.append(
            _row(
                f"{label} ({real['papers']} papers)" if real else label,
                real["median_s"] if real else None,
                f"{real['median_s']:.1f} s" + _error(real) if real else "",
                "<= 15 s",
                bool(real) and real["median_s"] <= 15 and "error" not in real,  # type: ignore[index,operator]
            )
        )
    zensical, mkdocs = find("zensical", 5000), find("mkdocs", 5000)
    if zensical and zensical.get("runs"):
        rows.append(
            (
                "Zensical builds the generated docs/, 5000 papers (beside MkDocs)",
                f"{zensical['median_s']:.1f} s"
                + _error(zensical)
                + (f" (MkDocs {mkdocs['median_s']:.1f} s)" if mkdocs else ""),
                "reported",
                "yes" if "error" not in zensical else "**no**",
            )
        )
    elif zensical:
        rows.append(
            ("Zensical builds the generated docs/, 5000 papers", f"skipped: {zensical['skipped']}", "reported", "–")
        )
    return rows


def _error(record: dict[str, Any]) -> str:
    return f" (failed: {record['error']})" if "error" in record else ""


def table() -> str:
    lines = [
        "| benchmark | papers | median s | min s | max s | runs | CPU s (median) | notes |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    order = [
        "raw_parse",
        "naive",
        "generator_cold",
        "generator",
        "rebuild",
        "write_tree",
        "plain_write",
        "mkdocs_cold",
        "mkdocs",
        "floor",
        "zensical",
        "edit_loop",
        "real_build",
        "real_build_cold",
    ]
    shown = [r for r in RESULTS if r["bench"] in order]
    for r in sorted(shown, key=lambda r: (r["bench"].startswith("real_"), r["papers"], order.index(r["bench"]))):
        notes = []
        keys = ("written", "removed", "papers_decoded", "read_s", "files", "pages", "peak_rss_mb", "reference_cache")
        for key in (*keys, "first_build_s", "edits_s", "warnings", "skipped", "error"):
            if key in r:
                notes.append(f"{key.replace('_', ' ')}: {r[key]}")
        cpu = f"{r['cpu_median_s']:.2f}" if "cpu_median_s" in r else "–"  # not measured for that run
        lines.append(
            f"| {r['bench']} | {r['papers']:,} | {r['median_s']:.2f} | {r.get('min_s', r['median_s']):.2f} | "
            f"{r.get('max_s', r['median_s']):.2f} | {r['runs']} | {cpu} | {'; '.join(notes)} |"
        )
    return "\n".join(lines)


def stage_table() -> str:
    sizes = sorted({r["papers"] for r in RESULTS if r["bench"].startswith("stage:")})
    stages = list(dict.fromkeys(r["bench"][6:] for r in RESULTS if r["bench"].startswith("stage:")))
    if not sizes:
        return ""
    lines = ["| stage | " + " | ".join(f"{n:,} papers" for n in sizes) + " |", "|---|" + "---:|" * len(sizes)]
    for stage in stages:
        cells = [find(f"stage:{stage}", n) for n in sizes]
        lines.append(f"| {stage} | " + " | ".join(f"{c['median_s']:.2f}" if c else "" for c in cells) + " |")
    return "\n".join(lines)


def corpus_table() -> str:
    lines = ["| papers | topics | chapters | memberships | bib size |", "|---:|---:|---:|---:|---:|"]
    for r in sorted((r for r in RESULTS if r["bench"] == "synth"), key=lambda r: r["papers"]):
        if r["bench"] == "synth":
            lines.append(
                f"| {r['papers']:,} | {r['nodes']:,} | {r['chapters']} | {r['memberships']:,} | {r['bib_bytes'] / 1e6:.1f} MB |"
            )
    return "\n".join(lines)


def report(env: dict[str, Any]) -> str:
    rows = targets()
    parts = [
        START,
        "<!-- generated by `make bench` (python -m benchmarks.run); edit the text outside these markers -->",
        "",
        f"Measured {env['date']} on {env['cpu']} ({env['cores']} cores), Python {env['python']}; load average "
        f"{env['load_before']} before and {env['load_after']} after the run (other jobs shared the machine when the load "
        f"is above {env['cores']}); the whole run took {env.get('total_min', '?')} minutes. Wall-clock seconds; CPU is the "
        "measured process's user+system time.",
        "",
        "### Targets",
        "",
        "| target | measured | goal | met |",
        "|---|---|---|---|",
        *[f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows],
        "",
        "### All measurements",
        "",
        table(),
        "",
        "### Where the generator's time goes (one fresh `generate`, seconds)",
        "",
        stage_table(),
        "",
        "### Synthetic corpora",
        "",
        corpus_table(),
        "",
        END,
    ]
    return "\n".join(parts)


def profile_report() -> str:
    lines = [
        PROFILE_START,
        "",
        "Top functions by own time, one `generate` at 10,000 papers under cProfile (fresh docs, warm cache):",
        "",
        "| function | calls | own s | cumulative s |",
        "|---|---:|---:|---:|",
    ]
    lines += [f"| `{name}` | {calls:,} | {tot:.2f} | {cum:.2f} |" for name, calls, tot, cum in PROFILE_ROWS]
    return "\n".join([*lines, "", PROFILE_END])


def write_doc(path: Path, text: str, start: str, end: str) -> None:
    current = path.read_text(encoding="utf-8") if path.exists() else f"# Benchmarks\n\n{start}\n{end}\n"
    if start not in current or end not in current:
        current = current.rstrip("\n") + f"\n\n{start}\n{end}\n"
    head, rest = current.split(start, 1)
    _, tail = rest.split(end, 1)
    path.write_text(head + text + tail, encoding="utf-8")


def environment() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return {
        "date": datetime.date.today().isoformat(),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "load_before": " / ".join(f"{x:.1f}" for x in os.getloadavg()),
    }


# -- main -----------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--quick", action="store_true", help="250 and 1000 papers, one run each, no 5000/10k/50k; doc untouched"
    )
    parser.add_argument(
        "--cold-10k", action="store_true", help="also time a cold reference cache at 10,000 papers (about 130 s more)"
    )
    parser.add_argument(
        "--profile", action="store_true", help="cProfile one generate at 10,000 papers and write the profile table"
    )
    parser.add_argument(
        "--skip-50k", action="store_true", help="leave out the 50,000-paper generator run (about 5 minutes)"
    )
    parser.add_argument("--no-doc", action="store_true", help="do not rewrite docs/benchmarks.md")
    parser.add_argument(
        "--doc",
        type=Path,
        default=None,
        help=f"page to rewrite (default {DOC.relative_to(CHECKOUT)}, none with --quick)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the synthetic projects in benchmarks/out/")
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)  # internal: KIND ROOT [ARGS]
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(run_worker(args.worker[0], Path(args.worker[1]), args.worker[2:])))
        return 0
    plan = Plan()
    if args.quick:
        plan = Plan(
            sizes=(250, 1000),
            generator_only=(),
            runs={250: 1, 1000: 1},
            cold_runs={250: 1},
            mkdocs={250: 1, 1000: 1},
            site={},
            edit_loop={},
            write_runs=1,
            real_runs=1,
        )
    if args.skip_50k:
        plan.generator_only = ()
    doc = None if args.no_doc else args.doc or (None if args.quick else DOC)
    OUT.mkdir(parents=True, exist_ok=True)
    env = environment()
    started = time.perf_counter()
    print(f"# benchmarks: {env['cpu']}, {env['cores']} cores, load {env['load_before']}", file=sys.stderr)
    for n in plan.sizes:
        bench_size(n, plan, args)
    for n, runs in plan.site.items():
        bench_site(n, runs, plan.edit_loop.get(n, 0))
    for n in plan.generator_only:
        bench_size(n, plan, args, generator_only=True)
    bench_real(plan.real_runs)
    env["load_after"] = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    env["total_min"] = f"{(time.perf_counter() - started) / 60:.0f}"
    emit(
        {
            "bench": "total",
            "papers": 0,
            "median_s": round(time.perf_counter() - started, 1),
            "runs": 1,
            "load_after": env["load_after"],
        }
    )
    (OUT / "results.jsonl").write_text("".join(json.dumps(r) + "\n" for r in RESULTS), encoding="utf-8")
    print("\n".join(f"{a}: {b} (goal {c}, met: {d})" for a, b, c, d in targets()), file=sys.stderr)
    if doc:
        write_doc(doc, report(env), START, END)
        if PROFILE_ROWS:
            write_doc(doc, profile_report(), PROFILE_START, PROFILE_END)
        print(f"# wrote {doc}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
