"""The `survey` command: a thin shell over the pipeline."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .diagnostics import DataError, Diagnostic, has_errors, printable, sort_diagnostics
from .pipeline import Project, check, collector_paused, generate, load


def _report(diagnostics: Sequence[Diagnostic], fmt: str) -> None:
    for d in diagnostics:
        print(d.github() if fmt == "github" else d.human(), file=sys.stdout if fmt == "github" else sys.stderr)
    errors = sum(1 for d in diagnostics if d.is_error)
    warnings = len(diagnostics) - errors
    if fmt != "github" and diagnostics:
        print(f"{errors} error(s), {warnings} warning(s)", file=sys.stderr)


def cmd_validate(args: argparse.Namespace) -> int:
    project = Project(args.root)
    with collector_paused():
        diagnostics = check(load(project))
    # Layout matters once the data is correct: "run survey fmt" on top of real errors is noise.
    if not has_errors(diagnostics):
        from .fmt import canonical_form_problems

        diagnostics = sort_diagnostics(diagnostics + canonical_form_problems(project.root))
    if args.changed_only:
        from .changes import GitError, only_changed

        try:
            diagnostics = only_changed(diagnostics, project.root, args.changed_only)
        except GitError as exc:
            print(f"survey validate: --changed-only {args.changed_only}: {exc}", file=sys.stderr)
            return 2
    _report(diagnostics, args.format)
    if not diagnostics and args.format != "github":
        print("ok: the data is valid", file=sys.stderr)
    return 1 if has_errors(diagnostics) else 0


def cmd_build(args: argparse.Namespace) -> int:
    from .siteconfig import SiteConfigError, load_site_config

    project = Project(args.root)
    try:
        result = generate(project, load_site_config(project.root))
    except SiteConfigError as exc:
        print(printable(f"survey build: {exc}"), file=sys.stderr)
        return 2
    except DataError as exc:
        _report(exc.diagnostics, "human")
        print("nothing was written", file=sys.stderr)
        return 1
    _report([d for d in result.diagnostics if not d.is_error], "human")
    if result.survey is None:
        print("nothing changed since the last build; no file written", file=sys.stderr)
    else:
        print(
            f"wrote {len(result.written)} file(s), removed {len(result.removed)}, {result.unchanged} unchanged",
            file=sys.stderr,
        )
    return 0


def cmd_permalinks(args: argparse.Namespace) -> int:
    from . import permalinks

    project = Project(args.root)
    data = load(project)
    errors = [d for d in check(data) if d.is_error and d.code != "permalink"]
    if errors:
        _report(errors, "human")
        print("fix the data first; permalinks.txt was not changed", file=sys.stderr)
        return 1
    index = permalinks.index_of(data)
    if args.update:
        added, total = permalinks.update_registry(project.root, index)
        print(f"permalinks.txt: {added} URL(s) added, {total} listed", file=sys.stderr)
    problems = permalinks.check_registry(permalinks.read_registry(project.root)[0], index)
    _report(problems, "human")
    return 1 if problems else 0


def cmd_fmt(args: argparse.Namespace) -> int:
    from .fmt import format_project

    result = format_project(Path(args.root), check_only=args.check)
    for path in result.changed:
        print(printable(f"{path}: {'not canonical' if args.check else 'reformatted'}"), file=sys.stderr)
    for path in result.skipped:
        print(printable(f"{path}: has errors, left as it is (see `survey validate`)"), file=sys.stderr)
    if args.check and result.changed:
        print("run `survey fmt` to fix", file=sys.stderr)
        return 1
    return 1 if result.skipped else 0


def cmd_add(args: argparse.Namespace) -> int:
    from . import sources
    from .add import AddError, add_work, default_evidence, fields_from_bibtex

    project = Project(args.root)
    try:
        if args.bibtex:
            text = sys.stdin.read() if args.bibtex == "-" else Path(args.bibtex).read_text(encoding="utf-8")
            entry_type, fields = fields_from_bibtex(text)
        elif args.arxiv:
            entry_type, fields = "misc", sources.arxiv_fields(args.arxiv, sources.session(), args.record)
        else:
            entry_type, fields = sources.crossref_fields(args.doi, sources.session(), args.record)
        if args.tldr:
            fields["tldr"] = args.tldr
        if args.code:
            fields["code"] = args.code
        evidence = tuple(args.evidence or ())
        if not evidence and (args.arxiv or args.doi):
            evidence = default_evidence(fields)
        checked = tuple(args.checked.replace(",", " ").split()) if args.checked else None
        added = add_work(project, entry_type, fields, args.topic, evidence=evidence, checked=checked, added=args.added)
    except (AddError, sources.SourceError, OSError, UnicodeDecodeError) as exc:
        print(printable(f"survey add: {exc}"), file=sys.stderr)
        _report(getattr(exc, "diagnostics", []), "human")
        return 1
    print(
        f"added `{added.key}` to {added.bib_path}, to topic(s) {', '.join(added.topics)} and to bib/EVIDENCE.tsv",
        file=sys.stderr,
    )
    print("next: check the entry (title braces, venue), add a `tldr`, then `survey validate`", file=sys.stderr)
    return 0


def cmd_suggest(args: argparse.Namespace) -> int:
    import datetime
    import os

    from . import apiclient
    from .candidates import format_candidates
    from .suggest import Options, find_candidates, pr_body
    from .write import replace_files

    project = Project(args.root)
    data = load(project)
    errors = [d for d in check(data) if d.is_error]
    if errors:
        _report(errors, "human")
        print("survey suggest: fix the data first; nothing was changed", file=sys.stderr)
        return 1
    checked = args.today or datetime.date.today().isoformat()  # the run's own date, kept as the next run's start
    since = args.since or data.candidates_checked or (data.meta.data_version if data.meta else checked)
    options = Options(
        since=since,
        checked=checked,
        max_results=args.max_results,
        mailto=args.mailto or os.environ.get("SURVEY_MAILTO") or None,
        api_key=os.environ.get("OPENALEX_API_KEY") or None,
    )
    client = apiclient.client(options.mailto, args.time_limit)
    try:
        found = find_candidates(data, client, options)
    except apiclient.ApiError as exc:
        print(printable(f"survey suggest: {exc}; nothing was changed"), file=sys.stderr)
        return 1
    # Every answer is in: only now is anything written, the candidates and the description together.
    changes = {project.candidates_file: format_candidates(found).encode("utf-8")}
    before = {c.id for c in data.candidates}
    if args.pr_body:
        body = pr_body(found, since, (c.id for c in found.candidates if c.id not in before))
        target = args.pr_body.resolve()
        tmp = target.with_name(f".{target.name}.tmp")
        try:
            tmp.write_text(body, encoding="utf-8")
        except OSError as exc:
            print(
                printable(f"survey suggest: cannot write {args.pr_body}: {exc.strerror}; nothing was changed"),
                file=sys.stderr,
            )
            return 1
    replace_files(project.root, changes)
    if args.pr_body:
        os.replace(tmp, target)
    new = sum(1 for c in found.candidates if c.id not in before)
    print(
        f"{len(found.candidates)} candidate(s), {new} new since {since}, in bib/CANDIDATES.yaml "
        f"({client.requests_made} request(s))",
        file=sys.stderr,
    )
    return 0


def cmd_accept(args: argparse.Namespace) -> int:
    from .add import AddError
    from .curate import accept

    try:
        added, candidate = accept(Project(args.root), args.ref, args.topic, args.tldr, args.code, args.added)
    except (AddError, OSError) as exc:
        print(printable(f"survey accept: {exc}"), file=sys.stderr)
        _report(getattr(exc, "diagnostics", []), "human")
        return 1
    print(
        f"accepted {candidate.id} as `{added.key}`: added to {added.bib_path}, to topic(s) {', '.join(added.topics)} "
        "and to bib/EVIDENCE.tsv; removed from bib/CANDIDATES.yaml",
        file=sys.stderr,
    )
    if not args.tldr:
        print("next: check the entry (title braces, venue), add a `tldr`, then `survey validate`", file=sys.stderr)
    return 0


def cmd_reject(args: argparse.Namespace) -> int:
    import datetime

    from .add import AddError
    from .curate import reject

    try:
        row = reject(Project(args.root), args.ref, args.reason, args.date or datetime.date.today().isoformat())
    except (AddError, OSError) as exc:
        print(printable(f"survey reject: {exc}"), file=sys.stderr)
        _report(getattr(exc, "diagnostics", []), "human")
        return 1
    print(printable(f"rejected {row.id} in bib/REJECTED.tsv: it will not be suggested again"), file=sys.stderr)
    return 0


def cmd_linkcheck(args: argparse.Namespace) -> int:
    from . import linkcheck, sources

    data = load(Project(args.root))
    results = linkcheck.check_links(data.entries, sources.session)
    text = linkcheck.report(results)
    dead = [r for r in results if r.dead]
    if args.report and dead:
        Path(args.report).write_text(text, encoding="utf-8")
    print(text, file=sys.stderr)
    return 1 if dead else 0


def cmd_sitecheck(args: argparse.Namespace) -> int:
    from urllib.parse import urlparse

    from .sitecheck import check_site
    from .siteconfig import load_site_config

    site_dir = args.site_dir if args.site_dir.is_absolute() else args.root / args.site_dir
    if not site_dir.is_dir():
        print(printable(f"survey sitecheck: {site_dir} is not a built site (run `make build` first)"), file=sys.stderr)
        return 2
    problems = check_site(site_dir, urlparse(load_site_config(args.root).url).path or "/")
    for problem in problems:
        print(printable(problem), file=sys.stderr)
    print(
        f"{len(problems)} problem(s) in {site_dir.name}/"
        if problems
        else f"ok: {site_dir.name}/ holds only safe markup and allowed scripts",
        file=sys.stderr,
    )
    return 1 if problems else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="survey", description="Build and check the LLM alignment survey companion site."
    )
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="project folder (default: current folder)")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("validate", help="check taxonomy/ and bib/; every problem at once")
    p.add_argument("--format", choices=("human", "github"), default="human", help="github: workflow annotations")
    p.add_argument(
        "--changed-only", metavar="REV", help="report only problems on lines changed since REV, or new since REV"
    )
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("fmt", help="rewrite bib/ and taxonomy/ in canonical form")
    p.add_argument("--check", action="store_true", help="change nothing; fail if a file is not canonical")
    p.set_defaults(func=cmd_fmt)

    p = sub.add_parser("add", help="add a work to bib/ and to one or more topics")
    p.add_argument("--topic", action="append", required=True, help="topic id (repeat for several)")
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--bibtex", metavar="FILE", help="a file with one BibTeX entry, or - for standard input")
    source.add_argument("--arxiv", metavar="ID", help="an arXiv id, e.g. 2305.14325")
    source.add_argument("--doi", metavar="DOI", help="a DOI, e.g. 10.1007/s11023-020-09539-2")
    p.add_argument("--added", metavar="YYYY-MM-DD", help="the date it joins the site (default: today)")
    p.add_argument(
        "--evidence",
        metavar="URL",
        action="append",
        help="a public page that confirms the entry (repeat for several); default for --arxiv and --doi: "
        "the arXiv abstract page or the DOI",
    )
    p.add_argument(
        "--checked",
        metavar="FIELDS",
        help="the fields those pages confirm, e.g. 'title author year booktitle' "
        "(default: every bibliographic field the entry has)",
    )
    p.add_argument("--tldr", help="one line in your own words: what the work contributes")
    p.add_argument("--code", metavar="URL", help="the official code repository")
    p.add_argument(
        "--record", metavar="DIR", type=Path, help=argparse.SUPPRESS
    )  # save raw API answers (for test fixtures)
    p.set_defaults(func=cmd_add)

    p = sub.add_parser("suggest", help="find new candidate works per topic (arXiv, OpenAlex; uses the network)")
    p.add_argument(
        "--since", type=_date, metavar="YYYY-MM-DD", help="look from this date (default: the last run, in the file)"
    )
    p.add_argument("--today", type=_date, metavar="YYYY-MM-DD", help="the date recorded for this run (default: today)")
    p.add_argument("--max-results", type=int, default=50, metavar="N", help="works per search (default: 50)")
    p.add_argument("--time-limit", type=float, default=900.0, metavar="SECONDS", help="stop asking after this long")
    p.add_argument("--mailto", metavar="EMAIL", help="contact for OpenAlex's polite pool (or $SURVEY_MAILTO)")
    p.add_argument("--pr-body", metavar="FILE", type=Path, help="also write the pull request's description here")
    p.set_defaults(func=cmd_suggest)

    p = sub.add_parser("accept", help="add a candidate through `survey add`, and take it off the candidates")
    p.add_argument("ref", metavar="KEY|ID", help="the candidate's key or id, as bib/CANDIDATES.yaml lists it")
    p.add_argument("--topic", action="append", help="topic id (repeat for several; default: the suggested one)")
    p.add_argument("--tldr", help="one line in your own words: what the work contributes")
    p.add_argument("--code", metavar="URL", help="the official code repository")
    p.add_argument("--added", type=_date, metavar="YYYY-MM-DD", help="the date it joins the site (default: today)")
    p.set_defaults(func=cmd_accept)

    p = sub.add_parser("reject", help="never suggest a work again, keeping the reason")
    p.add_argument("ref", metavar="KEY|ID", help="a candidate's key or id, or any arXiv id, DOI or OpenAlex id")
    p.add_argument("--reason", required=True, help="why, in a few words")
    p.add_argument("--date", type=_date, metavar="YYYY-MM-DD", help="the date of the decision (default: today)")
    p.set_defaults(func=cmd_reject)

    p = sub.add_parser("permalinks", help="check that every published URL still resolves")
    p.add_argument("--update", action="store_true", help="add the URLs the site publishes now to permalinks.txt")
    p.set_defaults(func=cmd_permalinks)

    p = sub.add_parser("linkcheck", help="check external links in bib/ (uses the network)")
    p.add_argument(
        "--report", metavar="FILE", help="write the dead-link report (Markdown) here when there are dead links"
    )
    p.set_defaults(func=cmd_linkcheck)

    p = sub.add_parser(
        "sitecheck", help="check a built site: no script but the theme's and ours, no unsafe link or markup"
    )
    p.add_argument("site_dir", nargs="?", type=Path, default=Path("site"), help="the built site (default: site)")
    p.set_defaults(func=cmd_sitecheck)

    p = sub.add_parser("build", help="generate the site's Markdown pages into docs/")
    p.set_defaults(func=cmd_build)
    return parser


def _date(text: str) -> str:
    from .text import is_date

    if not is_date(text):
        raise argparse.ArgumentTypeError(f"`{text}` is not a date YYYY-MM-DD")
    return text


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        print("interrupted; the previous output is untouched", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
