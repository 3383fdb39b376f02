"""Write generated files transactionally, touching only what changed.

Everything is staged to temporary files beside their targets first; only when
every file is staged are they renamed into place. A failure or Ctrl-C while
staging leaves the previous output exactly as it was. Files whose bytes are
unchanged are not rewritten, so their mtimes stay and `mkdocs serve` reloads
only what changed. A manifest lists what we generated, so stale pages are
removed and hand-written pages are never touched.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
import signal
import stat
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

MANIFEST = ".generated-files"
STAMP_PREFIX = "# inputs: "


class UnsafePathError(ValueError):
    """A generated path that would land outside the output folder."""


class ConflictError(RuntimeError):
    """A generated path collides with a hand-written file."""


@dataclasses.dataclass(frozen=True)
class WriteOutcome:
    written: tuple[str, ...]
    removed: tuple[str, ...]
    unchanged: int


def safe_relative(path: str) -> None:
    """Refuse absolute paths, `..`, backslashes and empty parts: nothing escapes the folder.

    Strings only: the writer checks every generated path (15,000 at 5,000 papers) on every build.
    """
    if (
        not path
        or "\\" in path
        or "\x00" in path
        or path.startswith("/")
        or any(part in ("", ".", "..") for part in path.split("/"))
    ):
        raise UnsafePathError(f"refusing to write {path!r}")


# With `reuse` (`make serve`): what this process last wrote or found in place, by absolute path:
# the text it was handed, that text's sha256, and the file's inode, size, mtime and ctime then. A
# page the renderer handed back unchanged (the very same object, see render.render_site) in a file
# nobody touched since is known to be in place without reading it: at 5,000 papers that is 15,000
# files, 150 MB, not read again after every save.
_IN_PLACE: dict[str, tuple[object, str, tuple[int, int, int, int]]] = {}


def _signature(status: os.stat_result) -> tuple[int, int, int, int]:
    return (status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)


def write_tree(
    out_dir: Path,
    files: Mapping[str, str | bytes],
    stamp: str = "",
    _fail_after: int | None = None,
    owns: Callable[[str], bool] | None = None,
    reuse: bool = False,
) -> WriteOutcome:
    """Make `out_dir` hold exactly `files` among generated files.

    `stamp` (a digest of the inputs) is kept in the manifest, with each file's hash, so the
    next build can tell that nothing changed without rendering. `owns` says which paths the
    generator owns (may overwrite and remove): a manifest is a local file and is not trusted
    beyond that. Without `owns`, the manifest alone says what is ours.
    `reuse` keeps what was written in this process for the next call (see _IN_PLACE).
    `_fail_after` is for tests.
    """
    if not reuse:
        _IN_PLACE.clear()
    out_dir.mkdir(parents=True, exist_ok=True)
    root = out_dir.resolve()
    base = str(root)
    listed = _read_manifest(out_dir)
    previous = set(listed) if owns is None else {rel for rel in listed if owns(rel)}
    mine = owns or previous.__contains__
    targets, digests, found = _look(out_dir, base, files)
    # A file the generator owns is overwritten even when no manifest lists it (a lost or
    # deleted manifest must not stop the build); anything else that is in the way is refused.
    conflicts = sorted(rel for rel in files if not mine(rel) and found[rel] is not None)
    if conflicts:
        raise ConflictError(f"generated page would overwrite a hand-written file: {conflicts[0]} (move or rename it)")

    changed = [rel for rel, data in targets.items() if _differs(os.path.join(base, rel), data, found[rel])]
    stale = sorted(set(previous) - set(files))
    manifest = (f"{STAMP_PREFIX}{stamp}\n" + "".join(f"{rel}\t{digests[rel]}\n" for rel in sorted(digests))).encode(
        "utf-8"
    )
    if _differs(os.path.join(base, MANIFEST), manifest):
        changed.append(MANIFEST)
        targets[MANIFEST] = manifest
        found[MANIFEST] = _lstat(os.path.join(base, MANIFEST))
    if not changed and not stale:
        _keep_in_place(base, files, digests, found, set(), reuse)
        return WriteOutcome((), (), len(files))

    # A file that replaces another is staged beside it and renamed over it once all are staged;
    # a new file (most of a first build) is written in place and removed again on failure: either
    # way a failed run leaves the previous output as it was. The manifest goes last.
    staged: list[tuple[str, str]] = []
    created: list[str] = []
    made: set[str] = set()
    try:
        for count, rel in enumerate(sorted(changed, key=lambda r: (r == MANIFEST, r))):
            if _fail_after is not None and count >= _fail_after:
                raise OSError("injected failure while staging")
            target = os.path.join(base, rel)
            folder = os.path.dirname(target)
            if folder not in made:
                os.makedirs(folder, exist_ok=True)
                made.add(folder)
            if found[rel] is None and rel != MANIFEST:
                fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
                created.append(target)  # recorded first, so an interrupt below still removes it
            else:
                tmp = os.path.join(folder, f".{os.path.basename(target)}.{os.getpid()}.tmp")
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
                staged.append((rel, tmp))
            try:
                handle = os.fdopen(fd, "wb")
            except BaseException:
                os.close(fd)
                raise
            with handle:
                handle.write(targets[rel])
    except BaseException:
        for path in [tmp for _, tmp in staged] + created:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)
        raise
    with _deferred_interrupt():
        for rel, tmp in staged:
            os.replace(tmp, os.path.join(base, rel))
        for rel in stale:
            (root / rel).unlink(missing_ok=True)
            _prune_empty(root, (root / rel).parent)
    written = tuple(sorted(r for r in changed if r != MANIFEST))
    _keep_in_place(base, files, digests, found, set(written), reuse)
    return WriteOutcome(written, tuple(stale), len(files) - len(written))


def _look(
    out_dir: Path, base: str, files: Mapping[str, str | bytes]
) -> tuple[dict[str, bytes], dict[str, str], dict[str, os.stat_result | None]]:
    """What may differ from the file in place (bytes), every file's sha256, and each target's lstat (None if
    absent). Refuses a path outside `base` or through a link."""
    targets: dict[str, bytes] = {}
    digests: dict[str, str] = {}
    found: dict[str, os.stat_result | None] = {}
    folders: dict[str, bool] = {"": True}  # folder below root -> a real folder (or one we may make) inside root
    for rel, content in files.items():
        safe_relative(rel)
        path = os.path.join(base, rel)
        found[rel] = status = _lstat(path)
        if not _real_folder(base, rel.rpartition("/")[0], folders) or (status and stat.S_ISLNK(status.st_mode)):
            raise UnsafePathError(f"refusing to write {rel!r} outside {out_dir} or through a link")
        last = _IN_PLACE.get(path)
        if last is not None and last[0] is content and status is not None and _signature(status) == last[2]:
            digests[rel] = last[1]
        else:
            targets[rel] = content.encode("utf-8") if isinstance(content, str) else content
            digests[rel] = hashlib.sha256(targets[rel]).hexdigest()
    return targets, digests, found


def _keep_in_place(
    base: str,
    files: Mapping[str, str | bytes],
    digests: Mapping[str, str],
    found: Mapping[str, os.stat_result | None],
    written: set[str],
    reuse: bool,
) -> None:
    """Remember every file now in place, as written or as found (see _IN_PLACE)."""
    if not reuse:
        return
    for rel, content in files.items():
        path = os.path.join(base, rel)
        status = _lstat(path) if rel in written else found[rel]
        if status is not None:
            _IN_PLACE[path] = (content, digests[rel], _signature(status))


def _lstat(path: str) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except FileNotFoundError:
        return None


def _real_folder(base: str, folder: str, known: dict[str, bool]) -> bool:
    """Whether `folder` (below `base`) is a real folder, or can be made as one, with no link on the way.

    Each folder is looked at once: one lstat, its parent from `known`.
    """
    if folder in known:
        return known[folder]
    parent = folder.rpartition("/")[0]
    status = _lstat(os.path.join(base, folder))
    real = _real_folder(base, parent, known) and (status is None or stat.S_ISDIR(status.st_mode))
    known[folder] = real
    return real


def _differs(path: str, data: bytes, status: os.stat_result | None = None) -> bool:
    """Whether the file at `path` does not hold `data` (`status`: its lstat, if already taken)."""
    try:
        if (status or os.stat(path)).st_size != len(data):
            return True
        with open(path, "rb") as handle:
            return handle.read() != data
    except FileNotFoundError:
        return True


def read_stamp(out_dir: Path, expected: str | None = None) -> str | None:
    """The input digest of the last build, if every output is still there with the bytes it was written with.

    A page edited by hand, or a manifest copied from elsewhere, does not match, and the
    build regenerates instead of publishing what it finds. With `expected`, a manifest that
    records another digest is answered without reading the outputs (the build runs anyway).
    """
    try:
        lines = (out_dir / MANIFEST).read_text(encoding="utf-8").splitlines()
    except (FileNotFoundError, IsADirectoryError, UnicodeDecodeError):
        return None
    if not lines or not lines[0].startswith(STAMP_PREFIX) or (out_dir / MANIFEST).is_symlink():
        return None
    if expected is not None and lines[0][len(STAMP_PREFIX) :] != expected:
        return None
    base = str(out_dir)
    for rel, digest in _read_manifest(out_dir).items():
        # One open with O_NOFOLLOW and an fstat, not a path object and three stats: a no-change build
        # looks at every generated file (30,000 at 10,000 papers).
        try:
            fd = os.open(os.path.join(base, rel), os.O_RDONLY | os.O_NOFOLLOW)
        except OSError:
            return None
        with os.fdopen(fd, "rb") as handle:
            if not digest or not stat.S_ISREG(os.fstat(fd).st_mode):
                return None
            if hashlib.sha256(handle.read()).hexdigest() != digest:
                return None
    return lines[0][len(STAMP_PREFIX) :]


def _read_manifest(out_dir: Path) -> dict[str, str]:
    """Listed path -> recorded sha256 ("" for an old manifest without hashes)."""
    try:
        lines = (out_dir / MANIFEST).read_text(encoding="utf-8").splitlines()
    except (FileNotFoundError, IsADirectoryError, UnicodeDecodeError):
        return {}
    safe: dict[str, str] = {}
    for line in lines:
        if line.startswith("#"):
            continue
        rel, _, digest = line.partition("\t")
        try:
            safe_relative(rel)
        except UnsafePathError:
            continue  # a tampered manifest must not make us delete outside the folder
        safe[rel] = digest
    return safe


def _through_link(root: Path, rel: str) -> bool:
    """Whether any part of `rel` below `root` is a symbolic link (writing would follow it)."""
    path = root
    for part in PurePosixPath(rel).parts:
        path = path / part
        if path.is_symlink():
            return True
    return False


def _prune_empty(root: Path, folder: Path) -> None:
    while folder != root and root in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


@contextmanager
def _deferred_interrupt() -> Iterator[None]:
    """Hold Ctrl-C until the renames are done, so no half-swapped output is left."""
    received: list[object] = []
    try:
        previous = signal.signal(signal.SIGINT, lambda *args: received.append(args))
    except ValueError:  # not the main thread: nothing to defer
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if received:
            raise KeyboardInterrupt


def replace_files(root: Path, contents: Mapping[Path, bytes | None]) -> None:
    """Rewrite data files in place, all or none: each new content is staged beside its file, then
    all are renamed over their files (None deletes). A link is never written through."""
    root = root.resolve()
    for path in contents:
        try:
            relative = path.resolve().relative_to(root) if not path.is_symlink() else None
        except ValueError:
            relative = None
        if relative is None or _through_link(root, relative.as_posix()):
            raise UnsafePathError(f"refusing to write {path} outside {root} or through a link")
    staged: list[tuple[Path, Path]] = []
    try:
        for path, data in contents.items():
            if data is None:
                continue
            tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            staged.append((path, tmp))
            tmp.write_bytes(data)
    except BaseException:
        for _, tmp in staged:
            tmp.unlink(missing_ok=True)
        raise
    with _deferred_interrupt():
        for path, tmp in staged:
            os.replace(tmp, path)
        for path, data in contents.items():
            if data is None:
                path.unlink(missing_ok=True)
