"""Checks on the repository's files themselves, before any is read.

A pull request can add more than data: a symbolic link that publishes the build
machine's files, a page type the site should never serve, or a "generated" file
committed to make the build trust it. Each is refused here with its path, and a
link's target is never read or printed.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from .diagnostics import Diagnostic

# The project's folders, named once (Project turns them into paths).
BIB_DIR, TAXONOMY_DIR, DOCS_DIR = "bib", "taxonomy", "docs"
DATA_DIRS = (BIB_DIR, TAXONOMY_DIR, DOCS_DIR)
# What the generator owns inside docs/ (git-ignored; the manifest lists the files).
GENERATED_DIRS = ("topics", "papers", "authors", "downloads", "feeds")
GENERATED_FILES = ("index.md", "browse.md", "stats.md", "changelog.md", ".site-nav.json", ".generated-files")
# Hand-written files docs/ may publish, by type. Scripts only by exact path (see scriptpolicy).
PUBLISHABLE_SUFFIXES = frozenset(
    {".md", ".css", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico", ".svg", ".txt", ".bib"}
)
PUBLISHABLE_FILES = frozenset({"assets/site.js"})
TEMPLATE_DIR = "overrides"  # Jinja templates for the theme, never published (mkdocs.yml exclude_docs)


def is_generated(rel: str) -> bool:
    """Whether a docs/-relative path belongs to the generator."""
    return rel in GENERATED_FILES or rel.split("/", 1)[0] in GENERATED_DIRS


def regular_files(folder: Path, suffix: str, root: Path) -> tuple[list[Path], list[Diagnostic]]:
    """The files `*suffix` in `folder`, refusing links and anything that is not a plain file."""
    files: list[Path] = []
    problems: list[Diagnostic] = []
    if folder.is_symlink():
        return [], [_link(folder, root)]
    if not folder.is_dir():
        return [], []
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or not path.name.endswith(suffix):
            continue
        if path.is_symlink():
            problems.append(_link(path, root))
        elif not path.is_file():
            shown = _shown(path, root)
            problems.append(
                Diagnostic(
                    shown,
                    1,
                    1,
                    f"`{shown}` is not a file",
                    f"rename or remove it; only plain `*{suffix}` files are read",
                    code="not-a-file",
                )
            )
        else:
            files.append(path)
    return files, problems


def tree_problems(root: Path) -> list[Diagnostic]:
    """Links anywhere under bib/, taxonomy/ and docs/, unpublishable files in docs/, committed generated files."""
    problems: list[Diagnostic] = []
    for top in DATA_DIRS:
        base = root / top
        if base.is_symlink():
            problems.append(_link(base, root))
            continue
        if not base.is_dir():
            continue
        # A listing says which entries are links (no stat per file): docs/ holds a file per paper.
        folders = [""]
        while folders:
            folder = folders.pop()
            with os.scandir(base / folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
            for entry in entries:
                rel = f"{folder}/{entry.name}" if folder else entry.name
                if entry.is_symlink():  # never followed
                    problems.append(_link(base / rel, root))
                elif entry.is_dir():
                    folders.append(rel)
                elif top == "docs" and (problem := _unpublishable(rel)) is not None:
                    problems.append(problem)
    for single in ("permalinks.txt", "CHANGELOG.md", "mkdocs.yml"):
        if (root / single).is_symlink():
            problems.append(_link(root / single, root))
    problems += committed_generated(root)
    return problems


def publishable(rel: str) -> bool:
    """Whether a hand-written docs/ file (docs/-relative path) may be published."""
    return rel in PUBLISHABLE_FILES or Path(rel).suffix.lower() in PUBLISHABLE_SUFFIXES


def _unpublishable(rel: str) -> Diagnostic | None:
    """A docs/ file (docs/-relative path, not a link) the site must not publish."""
    if is_generated(rel) or rel.startswith(TEMPLATE_DIR + "/") or publishable(rel):
        return None
    shown = f"{DOCS_DIR}/{rel}"
    return Diagnostic(
        shown,
        1,
        1,
        f"`{shown}` is a file type the site does not publish",
        "docs/ publishes Markdown pages, style sheets and images ("
        + ", ".join(sorted(PUBLISHABLE_SUFFIXES))
        + "); scripts only as assets/site.js",
        code="file-type",
    )


def committed_generated(root: Path) -> list[Diagnostic]:
    """Generated output is made by the build, never taken from the repository."""
    if not (root / ".git").exists():
        return []
    paths = [f"docs/{d}" for d in GENERATED_DIRS] + [f"docs/{f}" for f in GENERATED_FILES]
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--", *paths], cwd=root, capture_output=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return []
    return [
        Diagnostic(
            rel,
            1,
            1,
            f"`{rel}` is generated by the build and must not be committed",
            "remove it from git (`git rm --cached`); the build writes it",
            code="generated-committed",
        )
        for rel in sorted(filter(None, listed.decode("utf-8", "replace").split("\0")))
    ]


def _link(path: Path, root: Path) -> Diagnostic:
    shown = _shown(path, root)
    return Diagnostic(
        shown,
        1,
        1,
        f"`{shown}` is a symbolic link; links are never followed or published",
        "replace it with the file itself, or remove it",
        code="symlink",
    )


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
