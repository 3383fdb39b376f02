"""`survey validate --changed-only REV`: a pull request hears about its own lines.

The whole corpus is still checked. What is reported: every problem on a line the
change touched, plus every problem that did not exist at REV (a removed key that
another file still uses shows up even though that other line is untouched).
"""

from __future__ import annotations

import dataclasses
import re
import subprocess
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

from .diagnostics import Diagnostic
from .tree import BIB_DIR, TAXONOMY_DIR

DATA_PATHS = (BIB_DIR, TAXONOMY_DIR, "permalinks.txt")


class GitError(Exception):
    pass


def _git(root: Path, *args: str) -> bytes:
    try:
        result = subprocess.run(["git", *args], cwd=root, capture_output=True, check=False)
    except FileNotFoundError:
        raise GitError("git is not installed") from None
    if result.returncode != 0:
        raise GitError(result.stderr.decode("utf-8", "replace").strip() or f"git {' '.join(args)} failed")
    return result.stdout


def changed_lines(root: Path, rev: str) -> dict[str, set[int]]:
    """Lines added or modified since REV (working tree included), by file."""
    # Explicit prefixes and unquoted paths, whatever the user's git config says (diff.noprefix,
    # diff.mnemonicPrefix, core.quotePath would change what the parser below reads).
    diff = _git(
        root,
        "-c",
        "core.quotePath=false",
        "diff",
        "-U0",
        "--no-color",
        "--no-ext-diff",
        "--src-prefix=a/",
        "--dst-prefix=b/",
        rev,
        "--",
        *DATA_PATHS,
    ).decode("utf-8", "replace")
    changed: dict[str, set[int]] = {}
    path = None
    for line in diff.splitlines():
        if line.startswith("+++ "):
            path = None if line[4:] == "/dev/null" else line[6:]
        elif line.startswith("@@") and path:
            match = re.match(r"@@ -\S+ \+(\d+)(?:,(\d+))? @@", line)
            if match:
                start, count = int(match.group(1)), int(match.group(2) or "1")
                changed.setdefault(path, set()).update(range(start, start + max(count, 1)))
    for untracked in _git(root, "ls-files", "--others", "--exclude-standard", "--", *DATA_PATHS).decode().splitlines():
        text = (root / untracked).read_text(encoding="utf-8", errors="replace")
        changed[untracked] = set(range(1, text.count("\n") + 2))
    return changed


def problems_at(root: Path, rev: str) -> set[tuple[str, str]]:
    """(path, message) of every problem the data had at REV."""
    from .pipeline import Project, check, load

    archive = _git(root, "archive", "--format=tar", rev, "--", *[p for p in DATA_PATHS if _exists_at(root, rev, p)])
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(fileobj=BytesIO(archive)) as tar:
            _extract_data_only(tar, Path(tmp))
        (Path(tmp) / BIB_DIR).mkdir(exist_ok=True)
        (Path(tmp) / TAXONOMY_DIR).mkdir(exist_ok=True)
        return {(d.path, d.message) for d in check(load(Project(Path(tmp))))}


def _extract_data_only(tar: tarfile.TarFile, target: Path) -> None:
    """Plain files and folders only, inside `target` (what `filter="data"` does on Python 3.11.4+, which 3.11.0 lacks)."""
    for member in tar.getmembers():
        parts = Path(member.name).parts
        if member.name.startswith("/") or ".." in parts or not (member.isfile() or member.isdir()):
            continue
        if member.isdir():
            (target / member.name).mkdir(parents=True, exist_ok=True)
            continue
        source = tar.extractfile(member)
        if source is not None:
            (target / member.name).parent.mkdir(parents=True, exist_ok=True)
            (target / member.name).write_bytes(source.read())


def _exists_at(root: Path, rev: str, path: str) -> bool:
    try:
        _git(root, "cat-file", "-e", f"{rev}:{path}")
    except GitError:
        return False
    return True


def only_changed(diagnostics: list[Diagnostic], root: Path, rev: str) -> list[Diagnostic]:
    changed = changed_lines(root, rev)
    before = problems_at(root, rev)
    kept = [d for d in diagnostics if d.line in changed.get(d.path, ()) or (d.path, d.message) not in before]
    return kept + removed_permalinks(root, rev)


def removed_permalinks(root: Path, rev: str) -> list[Diagnostic]:
    """Every URL the registry listed at REV must still resolve now.

    `permalinks.txt` cannot vouch for itself: a change that deletes its lines along with a
    renamed key or topic would otherwise pass. The registry at the base is the promise.
    """
    from . import permalinks
    from .pipeline import Project, load

    if not _exists_at(root, rev, permalinks.REGISTRY):
        return []
    text = _git(root, "show", f"{rev}:{permalinks.REGISTRY}").decode("utf-8", "replace")
    listed = [
        (line.strip(), n) for n, line in enumerate(text.splitlines(), 1) if line.strip() and not line.startswith("#")
    ]
    data = load(Project(root))
    now = {url for url, _ in data.permalinks}
    gone = [(url, n) for url, n in listed if url not in now]
    problems = permalinks.check_registry(gone, permalinks.index_of(data))
    return [
        dataclasses.replace(
            d,
            message=d.message.replace("published URL", f"URL published at {rev} (its line {d.line} there)", 1),
            line=1,
            hint=d.hint + "; removing its line from permalinks.txt does not unpublish it",
        )
        for d in problems
    ]
