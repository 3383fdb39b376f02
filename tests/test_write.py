"""The writer: write-if-changed, transactional, never outside its folder, never over hand-written files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from survey_site.write import MANIFEST, ConflictError, UnsafePathError, write_tree


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file()
    }


def test_second_identical_write_touches_nothing(tmp_path: Path) -> None:
    files = {"index.md": "home", "topics/a/index.md": "A", "topics/b/index.md": "B"}
    first = write_tree(tmp_path, files)
    assert sorted(first.written) == sorted(files)
    before = snapshot(tmp_path)
    second = write_tree(tmp_path, files)
    assert second.written == () and second.removed == () and second.unchanged == 3
    assert snapshot(tmp_path) == before  # same bytes and same mtimes


def test_only_changed_files_are_rewritten_and_stale_ones_removed(tmp_path: Path) -> None:
    write_tree(tmp_path, {"a.md": "1", "old/x.md": "x", "c.md": "3"})
    mtime_c = (tmp_path / "c.md").stat().st_mtime_ns
    outcome = write_tree(tmp_path, {"a.md": "2", "c.md": "3"})
    assert outcome.written == ("a.md",)
    assert outcome.removed == ("old/x.md",)
    assert not (tmp_path / "old").exists()  # emptied folders go too
    assert (tmp_path / "c.md").stat().st_mtime_ns == mtime_c


def test_hand_written_files_are_never_removed_or_overwritten(tmp_path: Path) -> None:
    (tmp_path / "contribute.md").write_text("hand-written")
    write_tree(tmp_path, {"a.md": "1"})
    write_tree(tmp_path, {"b.md": "1"})
    assert (tmp_path / "contribute.md").read_text() == "hand-written"
    with pytest.raises(ConflictError, match=r"contribute\.md"):
        write_tree(tmp_path, {"contribute.md": "generated"})
    assert (tmp_path / "contribute.md").read_text() == "hand-written"


def test_failure_mid_write_leaves_previous_output_whole(tmp_path: Path) -> None:
    write_tree(tmp_path, {"a.md": "old a", "b.md": "old b", "c.md": "old c"})
    before = snapshot(tmp_path)
    with pytest.raises(OSError, match="injected"):
        write_tree(tmp_path, {"a.md": "new a", "b.md": "new b", "c.md": "new c"}, _fail_after=2)
    assert snapshot(tmp_path) == before
    assert not [p for p in tmp_path.rglob("*.tmp")]  # staged files are cleaned up


def test_interrupt_while_staging_leaves_previous_output_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_tree(tmp_path, {"a.md": "old a", "b.md": "old b"})
    before = snapshot(tmp_path)
    real_fdopen = os.fdopen
    calls = {"n": 0}

    def interrupting_fdopen(*args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        return real_fdopen(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "fdopen", interrupting_fdopen)
    with pytest.raises(KeyboardInterrupt):
        write_tree(tmp_path, {"a.md": "new a", "b.md": "new b"})
    assert snapshot(tmp_path) == before
    assert not [p for p in tmp_path.rglob("*.tmp")]


@pytest.mark.parametrize("bad", ["../escape.md", "/etc/passwd", "a/../../b.md", "a\\b.md", "", "a//b.md", "./a.md"])
def test_paths_outside_the_folder_are_refused(tmp_path: Path, bad: str) -> None:
    with pytest.raises(UnsafePathError):
        write_tree(tmp_path / "out", {bad: "x"})
    assert not (tmp_path / "escape.md").exists()


def test_tampered_manifest_cannot_delete_outside(tmp_path: Path) -> None:
    outside = tmp_path / "keep.txt"
    outside.write_text("keep")
    out = tmp_path / "out"
    write_tree(out, {"a.md": "1"})
    (out / MANIFEST).write_text("a.md\n../keep.txt\n")
    write_tree(out, {"b.md": "1"})
    assert outside.read_text() == "keep"


def test_every_generated_path_is_in_the_generators_namespace_and_git_ignored() -> None:
    """One list of what the build owns (tree.GENERATED_DIRS/FILES); the renderer and .gitignore agree with it."""
    from survey_site import render
    from survey_site.pipeline import Project, assemble, load
    from survey_site.tree import GENERATED_DIRS, GENERATED_FILES, is_generated

    from .helpers import FIXTURE, ROOT, SITE

    files = render.render_site(assemble(load(Project(FIXTURE))), SITE)
    assert all(is_generated(path) for path in files), [p for p in files if not is_generated(p)]
    assert set(render.WHOLE_DATA_PAGES) <= set(files)
    ignored = {line.strip() for line in (ROOT / ".gitignore").read_text().splitlines()}
    for name in GENERATED_DIRS:
        assert f"/docs/{name}/" in ignored, name
    for name in GENERATED_FILES:
        assert f"/docs/{name}" in ignored or f"/docs/{name.split('/')[0]}/" in ignored, name


def test_failure_mid_first_write_leaves_no_file_behind(tmp_path: Path) -> None:
    """New files are written in place (no rename); a failure removes them again."""
    (tmp_path / "contribute.md").write_text("hand-written")
    with pytest.raises(OSError, match="injected"):
        write_tree(tmp_path, {"a.md": "a", "b/index.md": "b", "c/index.md": "c"}, _fail_after=2)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()) == ["contribute.md"]


@pytest.mark.parametrize("link", ["papers", "papers/x", "papers/x/index.md"])
def test_no_file_is_written_through_a_link(tmp_path: Path, link: str) -> None:
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    elsewhere.mkdir()
    (out / link).parent.mkdir(parents=True, exist_ok=True)
    (out / link).symlink_to(elsewhere)
    with pytest.raises(UnsafePathError):
        write_tree(out, {"papers/x/index.md": "x", "index.md": "home"})
    assert list(elsewhere.iterdir()) == []
    assert not (out / "index.md").exists()


def test_with_reuse_a_page_handed_back_unchanged_is_not_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    from survey_site import write

    page, other = "kept page " * 50, "other"
    files = {"a.md": page, "b/c.md": other}
    write_tree(tmp_path, files, reuse=True)
    compared: list[str] = []
    real_differs = write._differs

    def differs(path: str, data: bytes, status: os.stat_result | None = None) -> bool:
        compared.append(Path(path).name)
        return real_differs(path, data, status)

    monkeypatch.setattr(write, "_differs", differs)
    assert write_tree(tmp_path, files, reuse=True).written == ()
    assert compared == [MANIFEST]  # neither page was read: same objects, files untouched since
    compared.clear()
    assert write_tree(tmp_path, {"a.md": page, "b/c.md": "changed"}, reuse=True).written == ("b/c.md",)
    assert compared == ["c.md", MANIFEST]
    # A file changed since (here: the same size, a later clock tick) is read and put right.
    time.sleep(0.05)
    (tmp_path / "a.md").write_text("x" * len(page))
    assert write_tree(tmp_path, {"a.md": page, "b/c.md": "changed"}, reuse=True).written == ("a.md",)
    assert (tmp_path / "a.md").read_text() == page
    # Without reuse nothing is kept: every page is compared again.
    compared.clear()
    write_tree(tmp_path, {"a.md": page, "b/c.md": "changed"})
    write_tree(tmp_path, {"a.md": page, "b/c.md": "changed"})
    assert compared.count("a.md") == 2
