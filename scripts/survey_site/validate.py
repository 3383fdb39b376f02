"""Cross-checks over the loaded data. Returns diagnostics; never prints, never stops early."""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections import defaultdict
from collections.abc import Iterable

from .authors import check_aliases, slugs_of_entries
from .bibliography import BibEntry, entry_ids, work_identities
from .candidates import CANDIDATES_FILE
from .diagnostics import Diagnostic, Severity
from .entry_rules import MAX_FIELD_CHARS, STANDARD_FIELDS, check_entry
from .evidence import check_evidence
from .loaded import LoadedData
from .model import SITE_FIELDS
from .taxonomy import NODE_ORIGINS, NodeSpec, Ref
from .text import INVISIBLE, KEY_PATTERN, is_date
from .tree import BIB_DIR

NODE_ID = re.compile(r"^[a-z][a-z0-9-]{1,48}$")  # fixed by DESIGN.md
RESERVED_IDS = frozenset({"index", "assets", "search", "feeds", "downloads"})
SECTION = re.compile(r"^\d+(\.\d+)*$")
# A watch term goes into an arXiv query as a quoted phrase: plain words only.
WATCH_TERM = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 '+./-]{1,79}$")
ARXIV_CATEGORY = re.compile(r"^[a-z][a-z-]{1,15}(\.[A-Za-z]{2,3})?$")


def _at(
    node: NodeSpec, where: Ref, message: str, hint: str, *, code: str, severity: Severity = Severity.ERROR
) -> Diagnostic:
    """A problem with one value of a node, pointed at that value in the node's file."""
    return Diagnostic(node.path, where.line, where.column, message, hint, severity, code)


# With `reuse` (`make serve`): each entry's own problems (entry_rules), by the entry itself, fields
# and lines: a save changes a few entries, and the rules on the other 5,000 give the same answer.
_ENTRY_PROBLEMS: dict[BibEntry, tuple[Diagnostic, ...]] = {}


def validate(data: LoadedData, *, reuse: bool = False) -> list[Diagnostic]:
    """Every cross-file and per-entry check. `reuse` keeps each entry's findings for the next call."""
    out: list[Diagnostic] = []
    _check_nodes(data.nodes, out)
    entries_by_key = _check_entry_keys(data.entries, out)
    # A taxonomy file that could not be read hides its nodes; "unused entry" and
    # "bib file without chapter" would then be noise on top of the real error.
    taxonomy_complete = {n.path for n in data.nodes} >= {
        p for p in data.taxonomy_files if not p.endswith("survey.yaml")
    }
    _check_memberships(data, entries_by_key, out, report_unused=taxonomy_complete)
    for node in data.nodes:
        _check_watch(node, entries_by_key, out)
    previous = _ENTRY_PROBLEMS.copy() if reuse else {}
    _ENTRY_PROBLEMS.clear()
    for entry in data.entries:
        found = previous.get(entry)
        if found is None:
            found = tuple(check_entry(entry))
        if reuse:
            _ENTRY_PROBLEMS[entry] = found
        out.extend(found)
    _check_duplicates(data.entries, out)
    _check_key_aliases(data.entries, out)
    if taxonomy_complete:
        _check_files(data, out)
        _check_candidate_topics(data, out)
    _check_meta(data, out)
    fields_of = {e.key: e.field_map for e in entries_by_key.values()}
    # A bib file that could not be read hides its entries: their evidence rows are not "unknown".
    bib_complete = not any(d.is_error and d.path in data.bib_files for d in data.load_problems)
    rows = [row for row in data.evidence if bib_complete or row.key in fields_of]
    out.extend(
        check_evidence(
            ((row, fields_of.get(row.key)) for row in rows),
            ((e.key, e.path, e.line) for e in entries_by_key.values() if e.get("origin") == "contributed"),
            STANDARD_FIELDS - frozenset(SITE_FIELDS),
        )
    )
    if bib_complete and data.author_aliases:
        out.extend(check_aliases(data.author_aliases, slugs_of_entries(data.entries)))
    return out


# -- taxonomy -------------------------------------------------------------------------------------------


def _check_nodes(nodes: Iterable[NodeSpec], out: list[Diagnostic]) -> set[str]:
    first_seen: dict[str, NodeSpec] = {}
    for node in nodes:
        _check_node_id(node, first_seen, out)
        _check_node_text(node, out)
        _check_node_structure(node, out)
    live = set(first_seen)
    alias_owner: dict[str, NodeSpec] = {}
    for node in nodes:
        for alias in node.aliases:
            if not NODE_ID.fullmatch(alias.value):
                out.append(
                    _at(
                        node,
                        alias,
                        f"alias `{alias.value}` breaks the id rule",
                        "aliases are old node ids and follow the same rule",
                        code="alias-id",
                    )
                )
            if alias.value in live:
                out.append(
                    _at(
                        node,
                        alias,
                        f"alias `{alias.value}` shadows the live node `{alias.value}`",
                        "an alias names a retired id; remove it or retire the other node",
                        code="alias-shadows-node",
                    )
                )
            elif alias.value in alias_owner:
                other = alias_owner[alias.value]
                out.append(
                    _at(
                        node,
                        alias,
                        f"alias `{alias.value}` is also claimed by `{other.id.value}`",
                        "an old URL can redirect to one place only",
                        code="alias-claimed-twice",
                    )
                )
            else:
                alias_owner[alias.value] = node
    return live


def _check_node_id(node: NodeSpec, first_seen: dict[str, NodeSpec], out: list[Diagnostic]) -> None:
    nid = node.id
    if not NODE_ID.fullmatch(nid.value):
        out.append(
            _at(
                node,
                nid,
                f"node id `{nid.value}` breaks the id rule",
                f"use lower-case letters, digits and hyphens, starting with a letter, 2-49 characters, e.g. `{_suggest_id(nid.value)}`",
                code="node-id",
            )
        )
    elif nid.value in RESERVED_IDS:
        out.append(
            _at(
                node,
                nid,
                f"node id `{nid.value}` is reserved",
                "choose another id; reserved: " + ", ".join(sorted(RESERVED_IDS)),
                code="node-id-reserved",
            )
        )
    if nid.value in first_seen:
        other = first_seen[nid.value]
        out.append(
            _at(
                node,
                nid,
                f"duplicate node id `{nid.value}` (also at {other.path}:{other.id.line})",
                "node ids are unique across the site: rename one and keep the old id as an alias only if it was published",
                code="duplicate-node",
            )
        )
    else:
        first_seen[nid.value] = node


def _check_node_text(node: NodeSpec, out: list[Diagnostic]) -> None:
    nid = node.id
    for label, text in (("title", node.title), ("summary", node.summary)):
        bad = INVISIBLE.search(text or "")
        if bad:
            out.append(
                Diagnostic(
                    node.path,
                    node.line,
                    1,
                    f"the {label} of `{nid.value}` contains the invisible character U+{ord(bad.group()):04X}",
                    "delete it; retype the text if it was pasted",
                    code="invisible",
                )
            )
    if node.summary is not None and len(node.summary) > MAX_FIELD_CHARS:
        out.append(
            Diagnostic(
                node.path,
                node.line,
                1,
                f"the summary of `{nid.value}` is {len(node.summary):,} characters",
                f"at most {MAX_FIELD_CHARS:,}: two to five sentences",
                code="summary-too-long",
            )
        )
    if node.title is not None and not node.title.strip():
        out.append(
            Diagnostic(
                node.path,
                node.line,
                1,
                f"node `{nid.value}` has an empty title",
                "write the topic's title",
                code="empty-title",
            )
        )
    if node.summary is not None and not node.summary.strip():
        out.append(
            Diagnostic(
                node.path,
                node.line,
                1,
                f"node `{nid.value}` has an empty summary",
                "write two to five sentences in your own words",
                code="empty-summary",
            )
        )


def _check_node_structure(node: NodeSpec, out: list[Diagnostic]) -> None:
    nid = node.id
    if node.paper_section and not SECTION.fullmatch(node.paper_section.value):
        ps = node.paper_section
        out.append(
            _at(
                node,
                ps,
                f"`paper_section` `{ps.value}` is not a section number",
                "write the number as in the paper, e.g. `4` or `4.2`, in quotes; leave it out if unsure",
                code="section",
            )
        )
    _check_node_origin(node, out)
    if nid.value in node.children:
        out.append(
            Diagnostic(node.path, nid.line, nid.column, f"node `{nid.value}` lists itself as a child", code="cycle")
        )
    if not node.papers and not node.children:
        out.append(
            _at(
                node,
                nid,
                f"topic `{nid.value}` has no papers and no subtopics",
                "add papers to it, or fold it into its parent",
                severity=Severity.WARNING,
                code="empty-topic",
            )
        )
    seen_here: set[str] = set()
    for ref in node.papers:
        if ref.value in seen_here:
            out.append(
                _at(
                    node,
                    ref,
                    f"`{ref.value}` is listed twice in `{nid.value}`",
                    "remove the second one",
                    code="duplicate-paper",
                )
            )
        seen_here.add(ref.value)


def _check_node_origin(node: NodeSpec, out: list[Diagnostic]) -> None:
    """A node the site added says so, with its date, and never claims a section of the paper."""
    nid = node.id.value
    origin = node.origin.value if node.origin else "survey"
    if node.origin and origin not in NODE_ORIGINS:
        out.append(
            _at(
                node,
                node.origin,
                f"origin `{origin}` of node `{nid}` is not one of: " + ", ".join(NODE_ORIGINS),
                "a topic this site adds has `origin: site`",
                code="node-origin",
            )
        )
        return
    if origin == "site":
        if node.added is None:
            out.append(
                _at(
                    node,
                    node.id,
                    f"node `{nid}` has `origin: site` but no `added` date",
                    'add `added: "YYYY-MM-DD"`, the day the topic joins the site',
                    code="node-added-missing",
                )
            )
        elif not is_date(node.added.value):
            out.append(
                _at(
                    node,
                    node.added,
                    f"`added` of node `{nid}` is not a date YYYY-MM-DD: `{node.added.value}`",
                    'write e.g. `added: "2026-12-02"`',
                    code="node-added-format",
                )
            )
        if node.paper_section:
            ps = node.paper_section
            out.append(
                _at(
                    node,
                    ps,
                    f"node `{nid}` was added by this site, so it has no `paper_section`",
                    "remove `paper_section`: the survey has no such section",
                    code="site-node-section",
                )
            )
    elif node.added is not None:
        out.append(
            _at(
                node,
                node.added,
                f"node `{nid}` is the survey's own but has an `added` date",
                "only a topic with `origin: site` carries `added`",
                code="node-added-survey",
            )
        )


@dataclasses.dataclass(frozen=True)
class _PatternRule:
    """Values of one kind that must match a pattern, and what to say of one that does not."""

    values: tuple[Ref, ...]
    pattern: re.Pattern[str]
    what: str  # formatted with the value and the node id
    hint: str
    code: str


def _check_watch(node: NodeSpec, entries: dict[str, BibEntry], out: list[Diagnostic]) -> None:
    """`watch` names arXiv search phrases, arXiv categories and core papers that are in bib/."""
    watch = node.watch
    if watch is None:
        return
    nid = node.id.value
    if not watch.terms:
        out.append(
            Diagnostic(
                node.path,
                watch.line,
                watch.column,
                f"the `watch` of `{nid}` has no `terms`",
                "add `terms:` with one or more search phrases, e.g. `- direct preference optimization`",
                code="watch-terms",
            )
        )
    rules = (
        _PatternRule(
            values=watch.terms,
            pattern=WATCH_TERM,
            what="watch term `{}` of `{}` is not a plain search phrase",
            hint="2-80 letters, digits, spaces and hyphens; no quotes, colons or parentheses",
            code="watch-term",
        ),
        _PatternRule(
            values=watch.categories,
            pattern=ARXIV_CATEGORY,
            what="`{}` in the watch of `{}` is not an arXiv category",
            hint="write an arXiv category such as `cs.CL`, `cs.LG` or `cs.AI`",
            code="watch-category",
        ),
    )
    for rule in rules:
        for value in rule.values:
            if not rule.pattern.fullmatch(value.value):
                out.append(_at(node, value, rule.what.format(value.value[:40], nid), rule.hint, code=rule.code))
    for ref in watch.cites:
        if ref.value not in entries:
            close = difflib.get_close_matches(ref.value, entries.keys(), n=1)
            out.append(
                _at(
                    node,
                    ref,
                    f"core paper `{ref.value}` in the watch of `{nid}` is not an entry in bib/",
                    f"did you mean `{close[0]}`?" if close else "list citation keys of entries in bib/",
                    code="watch-cites",
                )
            )


def _suggest_id(value: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
    if not slug or not slug[0].isalpha():
        slug = "topic-" + slug
    return slug[:49]


# -- bibliography ---------------------------------------------------------------------------------------


def _check_entry_keys(entries: Iterable[BibEntry], out: list[Diagnostic]) -> dict[str, BibEntry]:
    by_key: dict[str, BibEntry] = {}
    folded: dict[str, BibEntry] = {}
    for entry in entries:
        lower = entry.key.lower()
        if lower in folded:
            other = folded[lower]
            same = (
                f"at {other.path}:{other.line}"
                if other.key == entry.key
                else f"differs only in case from `{other.key}` at {other.path}:{other.line}"
            )
            out.append(
                Diagnostic(
                    entry.path,
                    entry.line,
                    1,
                    f"duplicate citation key `{entry.key}`: {same}",
                    "a work appears once in the corpus; nodes refer to it by key",
                    code="duplicate-citation-key",
                )
            )
            continue
        folded[lower] = entry
        by_key[entry.key] = entry
    return by_key


def _check_memberships(
    data: LoadedData, entries: dict[str, BibEntry], out: list[Diagnostic], report_unused: bool
) -> None:
    used: set[str] = set()
    for node in data.nodes:
        for ref in node.papers:
            used.add(ref.value)
            if ref.value not in entries:
                close = difflib.get_close_matches(ref.value, entries.keys(), n=1)
                hint = (
                    f"did you mean `{close[0]}`?"
                    if close
                    else "add the entry to bib/ (e.g. with `survey add`) or fix the key"
                )
                out.append(
                    _at(
                        node,
                        ref,
                        f"unknown citation key `{ref.value}` in `{node.id.value}`",
                        hint,
                        code="unknown-citation-key",
                    )
                )
    for key, entry in entries.items():
        if report_unused and key not in used:
            out.append(
                Diagnostic(
                    entry.path,
                    entry.line,
                    1,
                    f"entry `{key}` is not listed in any topic",
                    "add its key to the `papers` list of a node in taxonomy/",
                    code="unused-entry",
                )
            )


def _check_duplicates(entries: Iterable[BibEntry], out: list[Diagnostic]) -> None:
    seen: dict[tuple[str, str], BibEntry] = {}
    for entry in entries:
        for kind, value in work_identities(entry.field_map):
            other = seen.get((kind, value))
            if other is not None and other.key != entry.key:
                out.append(
                    Diagnostic(
                        entry.path,
                        entry.line_of({"arXiv id": "eprint", "DOI": "doi", "title": "title"}[kind]),
                        1,
                        f"`{entry.key}` has the same {kind} as `{other.key}` ({other.path}:{other.line})",
                        f"a work appears once: list `{other.key}` in the topic instead",
                        code="duplicate-work",
                    )
                )
            else:
                seen[(kind, value)] = entry


def _check_key_aliases(entries: Iterable[BibEntry], out: list[Diagnostic]) -> None:
    """`ids` lists retired keys: each must look like a key and redirect to one live entry only."""
    entries = list(entries)
    live = {e.key.lower() for e in entries}
    owner: dict[str, str] = {}
    for entry in entries:
        for old in entry_ids(entry.get("ids")):
            line = entry.line_of("ids")
            if not KEY_PATTERN.fullmatch(old):
                out.append(
                    Diagnostic(
                        entry.path,
                        line,
                        1,
                        f"retired key `{old}` in `ids` of `{entry.key}` is not a citation key",
                        "list old keys separated by commas, e.g. `ids = {smith2020old}`",
                        code="ids-not-a-key",
                    )
                )
            elif old.lower() in live:
                out.append(
                    Diagnostic(
                        entry.path,
                        line,
                        1,
                        f"retired key `{old}` in `ids` of `{entry.key}` is a live key",
                        "an old key cannot also be an entry's key",
                        code="ids-live-key",
                    )
                )
            elif old in owner:
                out.append(
                    Diagnostic(
                        entry.path,
                        line,
                        1,
                        f"retired key `{old}` is claimed by both `{owner[old]}` and `{entry.key}`",
                        "an old URL can redirect to one place only",
                        code="ids-claimed-twice",
                    )
                )
            else:
                owner[old] = entry.key


def _check_files(data: LoadedData, out: list[Diagnostic]) -> None:
    chapters: dict[str, str] = {}
    for node in data.nodes:
        if node.depth == 0:
            chapters[node.id.value] = node.path
    node_chapters: dict[str, set[str]] = defaultdict(set)
    for node in data.nodes:
        for ref in node.papers:
            node_chapters[ref.value].add(node.chapter)
    expected_names = {f"{BIB_DIR}/{p.split('/')[-1][:-5]}.bib": cid for cid, p in chapters.items()}
    for path in data.bib_files:
        if path not in expected_names:
            out.append(
                Diagnostic(
                    path,
                    1,
                    1,
                    f"`{path}` matches no chapter file in taxonomy/",
                    "bib files are named like their chapter: " + ", ".join(sorted(expected_names)),
                    code="bib-file-name",
                )
            )
    for entry in data.entries:
        chapter = expected_names.get(entry.path)
        homes = node_chapters.get(entry.key)
        if chapter and homes and chapter not in homes:
            want = sorted(p for p, c in expected_names.items() if c in homes)
            out.append(
                Diagnostic(
                    entry.path,
                    entry.line,
                    1,
                    f"`{entry.key}` is filed in the `{chapter}` chapter but listed only in other chapters",
                    f"move it to {want[0]}",
                    code="wrong-file",
                )
            )


def _check_candidate_topics(data: LoadedData, out: list[Diagnostic]) -> None:
    live = {node.id.value for node in data.nodes}
    for candidate in data.candidates:
        if candidate.topic and candidate.topic not in live:
            out.append(
                Diagnostic(
                    CANDIDATES_FILE,
                    candidate.line,
                    1,
                    f"candidate `{candidate.id}` is suggested for `{candidate.topic}`, which is not a topic",
                    "accept it with `--topic` naming a live topic, or reject it",
                    code="candidate-topic",
                )
            )


def _check_meta(data: LoadedData, out: list[Diagnostic]) -> None:
    if data.meta is None:
        return
    latest = max((e.get("added") or "" for e in data.entries if is_date(e.get("added") or "")), default="")
    if latest and is_date(data.meta.data_version) and latest > data.meta.data_version:
        out.append(
            Diagnostic(
                "taxonomy/survey.yaml",
                1,
                1,
                f"`data_version` {data.meta.data_version} is older than the newest `added` date {latest}",
                f'set `data_version: "{latest}"`',
                code="data-version-behind",
            )
        )
