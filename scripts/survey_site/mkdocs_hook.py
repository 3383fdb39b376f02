"""MkDocs hook: run the generator on every build and `serve` reload, and wire the nav.

Loaded through `scripts/mkdocs_hooks.py` (MkDocs imports hook files by path).
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import json
import logging
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from . import prerendered, render, serving, sharednav
from .diagnostics import DataError, printable
from .pipeline import Project, generate
from .sitecheck import CheckBesideTheBuild, check_site
from .siteconfig import site_from_mkdocs

GENERATED_WITHOUT_SOURCE = frozenset(render.WHOLE_DATA_PAGES)
# Per page being built (by source path): the raw HTML blocks taken out of its Markdown, then
# the insides of the blocks search skips. See prerendered.py.
_STASHED: dict[str, tuple[str, ...]] = {}
_HOLLOWED: dict[str, tuple[str, ...]] = {}


@dataclasses.dataclass
class _Serving:
    """What the hook keeps between events, and what `mkdocs serve --dirty` remembers between rebuilds (serving.py)."""

    dirty: bool = False
    fingerprint: str | None = None
    pending_fingerprint: str = ""
    pages: frozenset[str] = frozenset()
    full: bool = True  # this build renders every page
    rebuilt: set[str] = dataclasses.field(default_factory=set)  # page URLs
    rebuilt_files: set[str] = dataclasses.field(default_factory=set)  # their files in the site folder
    prerender: bool = False  # the hook's on_page_content and on_page_context are registered
    server: Any = None  # `mkdocs serve`'s LiveReloadServer, whose watches on docs/ the hook narrows
    watched: set[Path] = dataclasses.field(default_factory=set)
    # A rebuild runs from on_config to on_post_build (or on_build_error); the heap is settled
    # between rebuilds, never during one (see _settle_heap_when_idle).
    heap_lock: threading.Lock = dataclasses.field(default_factory=threading.Lock)
    builds_started: int = 0
    # The safety check of a build that checks the whole site, run beside it (sitecheck.py).
    site_check: CheckBesideTheBuild | None = None


_SERVING = _Serving()


class _DirtyIsHandled(logging.Filter):
    """MkDocs warns that a dirty build may be stale (and --strict would stop); the hook rebuilds what it must."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(serving.DIRTY_WARNING)


def on_startup(command: str, dirty: bool) -> None:  # noqa: ARG001 - MkDocs passes these by name
    _SERVING.dirty = dirty
    if dirty:
        logging.getLogger("mkdocs.commands.build").addFilter(_DirtyIsHandled())


def on_config(config: Any) -> Any:
    _build_started()
    if _SERVING.dirty and _SERVING.fingerprint is not None:
        gc.disable()  # no collection while a rebuild runs: one after it, when the server is idle (_settle_heap)
    root = Path(config["config_file_path"]).resolve().parent
    site = site_from_mkdocs(config)
    try:
        with _own_writes_unwatched(Path(config["docs_dir"])):
            generate(Project(root), site, reuse=_SERVING.dirty)  # `make serve` redoes only what a save changed
    except DataError as exc:
        report = "\n".join(d.human() for d in exc.diagnostics)
        raise PluginError(f"the data has errors; nothing was generated:\n{report}") from None
    # What the hook needs was written beside the pages (also when a no-change build skipped the data).
    generated = json.loads((root / "docs" / render.NAV_FILE).read_text(encoding="utf-8"))
    nav = list(config["nav"] or [])
    # The hand-written nav names a placeholder entry "Topics"; the taxonomy replaces it.
    topics = generated["nav"]
    config["nav"] = [topics[0] if _is_topics(item) else item for item in nav] if nav else topics
    config["extra"]["survey_data_version"] = generated["data_version"]
    # Blocks are taken out only when they will be put back (an old copy of the hook shim would lose them).
    events = config["plugins"].events
    _SERVING.prerender = on_page_content in events["page_content"] and on_page_context in events["page_context"]
    if _SERVING.dirty:
        _SERVING.pending_fingerprint = serving.site_fingerprint(
            root, Path(config["docs_dir"]), (root / "docs" / render.NAV_FILE).read_text(encoding="utf-8")
        )
    return config


def on_files(files: Any, config: Any) -> Any:
    """On a dirty rebuild, empty the site folder first when site-wide inputs changed (see serving.py)."""
    if not _SERVING.dirty:
        return files
    from mkdocs.utils import clean_directory

    pages = frozenset(f.src_uri for f in files.documentation_pages())
    _SERVING.full = serving.must_rebuild_all(_SERVING.fingerprint, _SERVING.pending_fingerprint, _SERVING.pages, pages)
    if _SERVING.full:
        clean_directory(config["site_dir"])
        gc.enable()  # a full build leaves much garbage in cycles (hundreds of MB at 5,000 papers): collect as it goes
    _SERVING.fingerprint, _SERVING.pages = _SERVING.pending_fingerprint, pages
    _SERVING.rebuilt = set()
    _SERVING.rebuilt_files = set()
    return files


def on_serve(server: Any, config: Any, builder: Any) -> Any:  # noqa: ARG001 - MkDocs passes these by name
    """Watch docs/ without the generated folders (see serving.py); bib/ and taxonomy/ are watched from mkdocs.yml."""
    docs_dir = Path(config["docs_dir"])
    server.unwatch(str(docs_dir))  # MkDocs watched all of it, recursively
    _SERVING.server = server
    _watch_hand_written(docs_dir)
    return server


def _watch_hand_written(docs_dir: Path) -> None:
    """Watch docs/'s top level and its hand-written folders, including any added since the last build."""
    if _SERVING.server is None or not docs_dir.is_dir():
        return
    for path, recursive in serving.watched_docs_paths(docs_dir):
        if path not in _SERVING.watched:
            _SERVING.server.watch(str(path), recursive=recursive)
            _SERVING.watched.add(path)


@contextlib.contextmanager
def _own_writes_unwatched(docs_dir: Path) -> Iterator[None]:
    """The generator's writes to docs/'s top level (browse.md, the manifest, ...) start no second rebuild.

    The server watches docs/'s top level for hand-written pages. Without this, every save was
    followed by a second rebuild (3-5 s at 5,000 papers) for the generator's own writes. A
    watch set up again starts from what is there now; a hand-written page saved meanwhile is
    read by the rebuild under way, which has not read docs/ yet.
    """
    server = _SERVING.server
    if server is None or docs_dir not in _SERVING.watched:
        yield
        return
    server.unwatch(str(docs_dir))
    try:
        yield
    finally:
        server.watch(str(docs_dir), recursive=False)


def _is_topics(item: Any) -> bool:
    return isinstance(item, dict) and list(item) == ["Topics"]


@event_priority(50)  # before the search plugin writes its index
def on_post_build(config: Any) -> None:
    """Fail the build if the output holds a script that is not ours or data that became markup."""
    if _SERVING.dirty:
        _keep_search_whole(config, _SERVING.full)
    _watch_hand_written(Path(config["docs_dir"]))
    # A dirty rebuild checks what it wrote (pages, the theme's templates such as 404.html and the
    # sitemap; `mkdocs serve` copies no other file); the files it left were checked when written.
    only = None
    if _SERVING.dirty and not _SERVING.full:
        only = frozenset(_SERVING.rebuilt_files | set(config["theme"].static_templates))
    site_check, _SERVING.site_check = _SERVING.site_check, None  # started for a whole-site check only
    if site_check is not None:
        problems = site_check.problems()
    else:
        problems = check_site(Path(config["site_dir"]), _base_path(config), only=only)
    if problems:
        listing = "\n".join(printable(p) for p in problems[:50])
        raise PluginError(f"the built site failed its safety check ({len(problems)} problem(s)):\n{listing}")
    _build_ended()


def on_build_error(error: Exception) -> None:  # noqa: ARG001 - MkDocs passes it by name
    _abandon_site_check()
    _build_ended()


def _abandon_site_check() -> None:
    site_check, _SERVING.site_check = _SERVING.site_check, None
    if site_check is not None:
        site_check.abandon()


def _base_path(config: Any) -> str:
    """The path part of site_url: where the site is served (404.html links from it)."""
    from urllib.parse import urlparse

    return urlparse(config["site_url"] or "/").path or "/"


SETTLE_DELAY_S = 2.0  # after a rebuild: the reloaded page is served first


def _build_started() -> None:
    with _SERVING.heap_lock:  # waits for a settling of the heap that is under way
        _SERVING.builds_started += 1


def _build_ended(delay: float = SETTLE_DELAY_S) -> threading.Timer | None:
    """Under `make serve`, settle the heap once the server is idle after this rebuild."""
    with _SERVING.heap_lock:
        started = _SERVING.builds_started
    if not _SERVING.dirty:
        return None
    # The server answers requests only after the build returns: collecting here made every save's
    # page wait for it (about 1 s at 5,000 papers). A rebuild that starts first does without.
    timer = threading.Timer(delay, _settle_heap_when_idle, args=(started,))
    timer.daemon = True
    timer.start()
    return timer


def _settle_heap_when_idle(after_build: int) -> bool:
    """_settle_heap, unless a rebuild has started since build number `after_build` ended."""
    with _SERVING.heap_lock:  # a rebuild under way has started since, so it is counted
        if _SERVING.builds_started != after_build:
            return False
        _settle_heap()
        return True


def _settle_heap() -> None:
    """Collect once, after a rebuild, and freeze what is left for the next rebuild.

    `make serve` keeps a large heap between saves (the generator's memo, MkDocs' pages and nav).
    Python's collector walked all of it several times in every rebuild: at 5,000 papers, four
    or five full collections, 2-3 s of a 10 s rebuild. So collection waits while a dirty rebuild
    runs (on_config turns it off; a full one collects as usual) and happens once here, when the
    server is idle; what survives is frozen, and frozen objects are not walked. They are unfrozen
    first, so what the last build left in reference cycles (MkDocs' previous pages and nav) is
    collected, not kept for the session.
    """
    gc.enable()
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def _keep_search_whole(config: Any, full: bool) -> None:
    """Material's search keeps the last index on a dirty rebuild, assuming one page changed: keep every unchanged
    page's entries instead (after a full rebuild, the new index is whole on its own)."""
    search = config["plugins"].get("material/search") or config["plugins"].get("search")
    previous, index = getattr(search, "search_index_prev", None), getattr(search, "search_index", None)
    if previous is None or index is None or not hasattr(index, "entries"):
        return
    if not full:
        index.entries = serving.merge_search_entries(previous.entries, index.entries, _SERVING.rebuilt)
    search.search_index_prev = None  # done here: Material's own merge must not run


def on_post_page(output: str, page: Any, config: Any) -> str:  # noqa: ARG001 - MkDocs passes these by name
    """Each page carries the CSP that lets only the theme's scripts and ours run (see scriptpolicy)."""
    from . import scriptpolicy

    _SERVING.rebuilt.add(page.url)
    _SERVING.rebuilt_files.add(page.file.dest_uri)
    if _SERVING.site_check is not None:
        _SERVING.site_check.about_to_write(page.file.dest_uri)

    return scriptpolicy.with_csp(output, scriptpolicy.theme_inline_hashes(scriptpolicy.base_for(page.file.dest_uri)))


def on_env(env: Any, config: Any, files: Any) -> Any:  # noqa: ARG001 - MkDocs passes these by name
    """Just before the pages are built: start the safety check beside a build that checks the whole site;
    papers and authors share their folder's rendering of the sidebar navigation (see sharednav.py)."""
    _abandon_site_check()
    if _SERVING.full:  # a one-shot build, or a rebuild of everything under `make serve`
        _SERVING.site_check = CheckBesideTheBuild.start(Path(config["site_dir"]), _base_path(config))
    return sharednav.install(env)


def on_post_template(output: str, template_name: str, config: Any) -> str:
    from . import scriptpolicy

    if template_name != "404.html":
        return output
    return scriptpolicy.with_csp(output, scriptpolicy.theme_inline_hashes(_base_path(config)))


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:  # noqa: ARG001 - by name
    """Point "edit this page" at the data file that produced it; hand Markdown a generated page without its HTML."""
    _edit_link(page, config)
    if _SERVING.prerender and (page.meta.get("survey_kind") or page.file.src_uri in GENERATED_WITHOUT_SOURCE):
        stashed = prerendered.stash(markdown)
        if stashed.blocks:
            _STASHED[page.file.src_uri] = stashed.blocks
            return stashed.markdown
    return markdown


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:  # noqa: ARG001 - by name
    blocks = _STASHED.pop(page.file.src_uri, None)
    if blocks is None:
        return html
    restored = prerendered.restore(html, blocks)
    page.present_anchor_ids = (page.present_anchor_ids or set()) | prerendered.anchor_ids(blocks)
    if restored.insides:
        _HOLLOWED[page.file.src_uri] = restored.insides
    return restored.html


@event_priority(-100)  # after the search plugin has indexed the page (it skips what is left hollow)
def on_page_context(context: Any, page: Any, config: Any, nav: Any) -> Any:  # noqa: ARG001 - by name
    insides = _HOLLOWED.pop(page.file.src_uri, None)
    if insides:
        page.content = prerendered.fill(page.content, insides)
    return context


def _edit_link(page: Any, config: Any) -> None:
    source = page.meta.get("survey_source")
    repo = config.get("repo_url")
    if page.file.src_uri == "changelog.md":
        source = "CHANGELOG.md"
    elif not source and page.file.src_uri in GENERATED_WITHOUT_SOURCE:
        page.edit_url = None  # made from all the data at once: there is no one file to edit
        return
    if source and repo:
        branch_path = (config.get("edit_uri") or "edit/main/docs/").split("/docs/")[0].rstrip("/")
        page.edit_url = f"{repo.rstrip('/')}/{branch_path}/{source}"
        view = branch_path.replace("edit/", "blob/", 1)
        page.meta["survey_source_url"] = f"{repo.rstrip('/')}/{view}/{source}#L{page.meta.get('survey_line', 1)}"
