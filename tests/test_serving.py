"""`make serve`'s dirty rebuilds: when to rebuild everything, and how the search index is kept whole."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from survey_site import serving

from .helpers import make_site_project


def test_a_site_wide_change_or_a_removed_page_rebuilds_everything() -> None:
    pages = frozenset({"index.md", "papers/a/index.md"})
    assert not serving.must_rebuild_all("f", "f", pages, pages)
    assert not serving.must_rebuild_all("f", "f", pages, pages | {"papers/b/index.md"})  # a new page is just built
    assert serving.must_rebuild_all("f", "g", pages, pages)  # nav, data version, config or overrides
    assert serving.must_rebuild_all("f", "f", pages, frozenset({"index.md"}))  # its HTML would stay behind
    assert serving.must_rebuild_all(None, "f", frozenset(), pages)  # the first build


def test_fingerprint_follows_nav_config_and_overrides(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n")
    overrides = tmp_path / "docs" / "overrides"
    overrides.mkdir(parents=True)
    (overrides / "main.html").write_text("a")
    first = serving.site_fingerprint(tmp_path, tmp_path / "docs", '{"nav": []}')
    assert first == serving.site_fingerprint(tmp_path, tmp_path / "docs", '{"nav": []}')
    assert first != serving.site_fingerprint(tmp_path, tmp_path / "docs", '{"nav": [1]}')
    (overrides / "main.html").write_text("b")
    assert first != serving.site_fingerprint(tmp_path, tmp_path / "docs", '{"nav": []}')


def test_search_keeps_every_page_not_rebuilt() -> None:
    previous = [
        {"location": "", "title": "Home"},
        {"location": "papers/a/", "title": "A"},
        {"location": "papers/a/#cite", "title": "Cite"},
        {"location": "papers/ab/", "title": "AB"},
        {"location": "topics/t/", "title": "T"},
    ]
    current = [{"location": "papers/a/", "title": "A, edited"}, {"location": "topics/t/", "title": "T2"}]
    merged = serving.merge_search_entries(previous, current, {"papers/a/", "topics/t/"})
    assert [e["title"] for e in merged] == ["Home", "AB", "A, edited", "T2"]


# Three dirty builds in one process, as `make serve` runs them (hook state lives for the session).
_SESSION = r"""
import json, os, sys, time
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config

site = Path(sys.argv[1])

def stamps():
    return {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("*.html")}

def rebuild(first=False):
    config = load_config(config_file="mkdocs.yml", site_dir=str(site))
    if first:
        config.plugins.on_startup(command="serve", dirty=True)
    before = stamps()
    time.sleep(0.05)
    build(config, dirty=True)
    after = stamps()
    index = json.loads((site / "search" / "search_index.json").read_text())["docs"]
    return {
        "changed": sorted(p for p in after if before.get(p) != after[p]),
        "pages": len(after),
        "locations": [d["location"] for d in index],
        "titles": [d["title"] for d in index],
    }

def edit(path, old, new):
    path.write_text(path.read_text().replace(old, new, 1))

out = [rebuild(first=True)]
edit(Path("bib/04-outer-alignment.bib"), "{{AI} Safety via Debate}", "{{AI} Safety via Debate, Revisited}")
out.append(rebuild())
edit(Path("taxonomy/04-outer-alignment.yaml"), "title: Debate", "title: Debate Games")
out.append(rebuild())
print(json.dumps(out))
"""


@pytest.mark.slow
def test_dirty_rebuilds_redo_what_changed_and_everything_when_the_nav_changes(mini: Path, tmp_path: Path) -> None:
    project = make_site_project(mini)
    result = subprocess.run(
        [sys.executable, "-c", _SESSION, str(tmp_path / "site")],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "dirty" not in result.stderr  # MkDocs' generic warning is handled by the hook
    first, edited, renamed = json.loads(result.stdout.strip().splitlines()[-1])
    assert edited["changed"] and len(edited["changed"]) < first["pages"] / 2  # only what the edit touched
    assert "papers/irving2018ai/index.html" in edited["changed"]
    assert len(renamed["changed"]) == renamed["pages"]  # a nav change rebuilds every page
    for build in (edited, renamed):
        assert len(build["locations"]) == len(set(build["locations"])) == len(first["locations"])
    assert any("Revisited" in title for title in edited["titles"])


def test_serve_watches_docs_top_level_and_hand_written_folders_only(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    for folder in ("assets", "overrides/partials", "papers/a", "authors/b", "topics/t", "feeds", "downloads"):
        (docs / folder).mkdir(parents=True)
    assert serving.watched_docs_paths(docs) == [(docs, False), (docs / "assets", True), (docs / "overrides", True)]


def test_the_hook_narrows_what_mkdocs_serve_watches_and_picks_up_new_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mkdocs.livereload import LiveReloadServer

    from survey_site import mkdocs_hook

    docs = tmp_path / "docs"
    for folder in ("assets", "papers/a", "authors/b"):
        (docs / folder).mkdir(parents=True)
    monkeypatch.setattr(mkdocs_hook, "_SERVING", mkdocs_hook._Serving(dirty=True))
    # The real server, as `mkdocs serve` hands it to on_serve: it watches docs/ whole (never started here).
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path / "site"))
    server.watch(str(docs))
    assert mkdocs_hook.on_serve(server, {"docs_dir": str(docs)}, None) is server

    def watches() -> dict[str, bool]:
        return {path: ref.is_recursive for path, ref in server._watch_refs.items()}

    assert watches() == {str(docs): False, str(docs / "assets"): True}
    (docs / "guide").mkdir()  # a hand-written folder added while serving is watched from the next build on
    mkdocs_hook._watch_hand_written(docs)
    mkdocs_hook._watch_hand_written(docs)
    assert watches() == {str(docs): False, str(docs / "assets"): True, str(docs / "guide"): True}
    assert all(count == 1 for count in server._watched_paths.values())


def test_between_rebuilds_the_heap_is_collected_then_frozen() -> None:
    import gc
    import weakref

    from survey_site import mkdocs_hook

    class Node:
        other: object = None

    left, right = Node(), Node()
    left.other, right.other = right, left  # a cycle, as MkDocs' pages and nav leave behind
    gone = weakref.ref(left)
    del left, right
    try:
        gc.freeze()  # as the last rebuild left it: the cycle frozen with everything else
        gc.disable()  # as a rebuild runs (on_config)
        mkdocs_hook._settle_heap()
        assert gone() is None  # unfrozen and collected, not kept for the session
        assert gc.get_freeze_count() > 0  # what is still alive is not walked again by the next rebuild
        assert gc.isenabled()
    finally:
        gc.unfreeze()
        gc.enable()


def test_the_heap_is_settled_after_a_rebuild_once_the_server_is_idle(monkeypatch: pytest.MonkeyPatch) -> None:
    from survey_site import mkdocs_hook

    monkeypatch.setattr(mkdocs_hook, "_SERVING", mkdocs_hook._Serving(dirty=True))
    settled: list[int] = []
    monkeypatch.setattr(mkdocs_hook, "_settle_heap", lambda: settled.append(mkdocs_hook._SERVING.builds_started))

    mkdocs_hook._build_started()
    timer = mkdocs_hook._build_ended(delay=0.5)
    assert timer is not None
    assert settled == []  # the build has returned and the server answers before the collector runs
    timer.join()
    assert settled == [1]

    mkdocs_hook._build_started()
    timer = mkdocs_hook._build_ended(delay=1.0)
    mkdocs_hook._build_started()  # the next save's rebuild starts first: it runs with the heap as it is
    assert timer is not None
    timer.join()
    assert settled == [1]
    later = mkdocs_hook._build_ended(delay=0.05)  # and settles after it ends
    assert later is not None
    later.join()
    assert settled == [1, 3]


def test_a_one_shot_build_leaves_the_collector_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    from survey_site import mkdocs_hook

    monkeypatch.setattr(mkdocs_hook, "_SERVING", mkdocs_hook._Serving(dirty=False))
    monkeypatch.setattr(mkdocs_hook, "_settle_heap", lambda: pytest.fail("a one-shot build does not settle"))
    mkdocs_hook._build_started()
    assert mkdocs_hook._build_ended(delay=0) is None


def test_the_generators_own_writes_to_docs_start_no_second_rebuild(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real server and its polling observer: a write inside the pause is not seen, one after it is."""
    import time

    from mkdocs.livereload import LiveReloadServer

    from survey_site import mkdocs_hook

    docs = tmp_path / "docs"
    (docs / "assets").mkdir(parents=True)
    (docs / "browse.md").write_text("old\n", encoding="utf-8")
    monkeypatch.setattr(mkdocs_hook, "_SERVING", mkdocs_hook._Serving(dirty=True))
    server = LiveReloadServer(
        builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path / "site"), polling_interval=0.05
    )
    server.watch(str(docs))
    mkdocs_hook.on_serve(server, {"docs_dir": str(docs)}, None)
    server.observer.start()
    try:
        time.sleep(0.3)  # the observer's first look at docs/
        with mkdocs_hook._own_writes_unwatched(docs):
            (docs / "browse.md").write_text("generated again\n", encoding="utf-8")
            (docs / ".generated-files").write_text("stamp\n", encoding="utf-8")
            time.sleep(0.3)
        time.sleep(1.0)  # the observer has looked again, and the watch set up again has taken its first look
        assert server._want_rebuild is False
        assert server._watched_paths == {str(docs): 1, str(docs / "assets"): 1}
        (docs / "cite.md").write_text("a hand-written page\n", encoding="utf-8")
        deadline = time.monotonic() + 5
        while not server._want_rebuild and time.monotonic() < deadline:
            time.sleep(0.05)
        assert server._want_rebuild is True  # docs/'s top level is watched again
    finally:
        server.observer.stop()
        server.observer.join()
