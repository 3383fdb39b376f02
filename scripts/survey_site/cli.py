"""The `survey` command: a thin shell over the pipeline."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .diagnostics import DataError, Diagnostic, has_errors
from .pipeline import Project, check, generate, load


def _report(diagnostics: Sequence[Diagnostic], fmt: str) -> None:
    for d in diagnostics:
        print(d.github() if fmt == "github" else d.human(), file=sys.stdout if fmt == "github" else sys.stderr)
    errors = sum(1 for d in diagnostics if d.is_error)
    warnings = len(diagnostics) - errors
    if fmt != "github" and diagnostics:
        print(f"{errors} error(s), {warnings} warning(s)", file=sys.stderr)


def cmd_validate(args: argparse.Namespace) -> int:
    project = Project(args.root)
    diagnostics = check(load(project))
    _report(diagnostics, args.format)
    if not diagnostics and args.format != "github":
        print("ok: the data is valid", file=sys.stderr)
    return 1 if has_errors(diagnostics) else 0


def cmd_build(args: argparse.Namespace) -> int:
    from .siteconfig import load_site_config

    project = Project(args.root)
    try:
        result = generate(project, load_site_config(project.root))
    except DataError as exc:
        _report(exc.diagnostics, "human")
        print("nothing was written", file=sys.stderr)
        return 1
    _report([d for d in result.diagnostics if not d.is_error], "human")
    print(f"wrote {len(result.written)} file(s), removed {len(result.removed)}, {result.unchanged} unchanged", file=sys.stderr)
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="survey", description="Build and check the LLM alignment survey companion site.")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="project folder (default: current folder)")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("validate", help="check taxonomy/ and bib/; every problem at once")
    p.add_argument("--format", choices=("human", "github"), default="human", help="github: workflow annotations")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("permalinks", help="check that every published URL still resolves")
    p.add_argument("--update", action="store_true", help="add the URLs the site publishes now to permalinks.txt")
    p.set_defaults(func=cmd_permalinks)

    p = sub.add_parser("build", help="generate the site's Markdown pages into docs/")
    p.set_defaults(func=cmd_build)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("interrupted; the previous output is untouched", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
