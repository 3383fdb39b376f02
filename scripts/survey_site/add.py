"""`survey add`: put one work into the right chapter file and its topics, or refuse clearly.

The entry gets a key by the key rule, `origin = {contributed}` and `added`; the
chapter file and taxonomy are rewritten in canonical form, the whole project is
validated, and on any error both files go back to how they were.
"""

from __future__ import annotations

import dataclasses
import datetime
import difflib
from collections.abc import Iterable, Mapping
from pathlib import Path

from .bibliography import BibEntry, BibField, entry_ids, parse_bib, work_identities
from .decode import expected_key_base
from .diagnostics import Diagnostic
from .evidence import EvidenceRow, format_evidence
from .fmt import dump_node, format_bib_entries, format_survey_yaml
from .pipeline import Project, check, load
from .tree import BIB_DIR
from .write import replace_files
from .yamldata import Map, Scalar, Seq, load_yaml


class AddError(Exception):
    def __init__(self, message: str, diagnostics: list[Diagnostic] | None = None):
        super().__init__(message)
        self.diagnostics = diagnostics or []


@dataclasses.dataclass(frozen=True)
class Added:
    key: str
    bib_path: str
    topics: tuple[str, ...]


def fields_from_bibtex(text: str) -> tuple[str, dict[str, str]]:
    entries, problems = parse_bib(text.encode("utf-8"), "<input>")
    errors = [p for p in problems if p.is_error]
    if errors:
        raise AddError("the BibTeX given cannot be read", errors)
    if len(entries) != 1:
        raise AddError(f"give exactly one BibTeX entry (found {len(entries)})")
    entry = entries[0]
    return entry.entry_type, {f.name: f.value for f in entry.fields}


def find_existing(entries: Iterable[BibEntry], fields: Mapping[str, str]) -> str | None:
    """The key of an entry holding the same work (arXiv id, DOI or normalised title), if any."""
    wanted = set(work_identities(fields))
    for entry in entries:
        if wanted & set(work_identities(entry.field_map)):
            return entry.key
    return None


# Fields an evidence row lists by default: what a contributor checks against the work's page.
CHECKABLE = (
    "title",
    "author",
    "year",
    "journal",
    "booktitle",
    "volume",
    "number",
    "pages",
    "publisher",
    "eprint",
    "doi",
)


def add_work(
    project: Project,
    entry_type: str,
    fields: dict[str, str],
    topics: list[str],
    evidence: tuple[str, ...] = (),
    checked: tuple[str, ...] | None = None,
    added: str | None = None,
    today: datetime.date | None = None,
    also_write: Mapping[Path, bytes] | None = None,
) -> Added:
    """Add one work. `evidence` lists the pages that confirmed `checked` (default: every checkable field it has).

    `also_write` are further files changed with the addition, all or none (`survey accept`
    removes the candidate it adds).
    """
    if not evidence:
        raise AddError(
            "say which public page confirmed the entry: `--evidence URL` (the arXiv abstract page, "
            "the OpenReview forum, the ACL Anthology page or the proceedings page)"
        )
    data = load(project)
    # Rewriting a file that did not load whole would drop what could not be read (a failed
    # block, a comment), and a link would be written through: refuse until the data is clean.
    unreadable = [d for d in data.load_problems if d.is_error]
    if unreadable:
        raise AddError(
            "the data has errors that `survey add` would make worse; fix them first, nothing was changed", unreadable
        )
    nodes = {n.id.value: n for n in data.nodes}
    _check_topics(topics, nodes)
    existing = find_existing(data.entries, fields)
    if existing:
        raise AddError(f"this work is already in the corpus as `{existing}`; add that key to the topic instead")
    fields = {k: v for k, v in fields.items() if k not in ("added", "origin")}
    fields["added"] = added or (today or datetime.date.today()).isoformat()  # the one date that is "now": when it joins
    checked = tuple(checked) if checked else tuple(f for f in CHECKABLE if fields.get(f))
    fields["origin"] = "contributed"
    key = _new_key(fields, data.entries)

    tax_path = Path(nodes[topics[0]].path)
    bib_rel = f"{BIB_DIR}/{tax_path.stem}.bib"
    bib_path = project.root / bib_rel
    originals: dict[Path, bytes | None] = {bib_path: bib_path.read_bytes() if bib_path.exists() else None}
    for path in (project.survey_file, project.evidence_file, *(also_write or {})):
        originals[path] = path.read_bytes() if path.exists() else None
    chapter_files = {Path(nodes[t].path) for t in topics}
    for rel in chapter_files:
        originals[project.root / rel] = (project.root / rel).read_bytes()

    entries = [e for e in data.entries if e.path == bib_rel]
    entries.append(BibEntry(key, entry_type, tuple(BibField(k, v, 0) for k, v in fields.items()), bib_rel, 0))
    # Everything the addition changes is computed first, then written at once through the writer.
    changes: dict[Path, bytes | None] = {bib_path: format_bib_entries(entries).encode("utf-8")}
    for rel in chapter_files:
        path = project.root / rel
        value, _ = load_yaml(path.read_bytes(), rel.as_posix())
        if not isinstance(value, Map):  # it loaded cleanly a moment ago; someone edited it meanwhile
            raise AddError(f"{rel.as_posix()} changed while adding; nothing was changed")
        changes[path] = ("\n".join(dump_node(_add_to_topics(value, key, set(topics)))) + "\n").encode("utf-8")
    rows = [*data.evidence, EvidenceRow(key, checked, tuple(evidence), 0)]
    changes[project.evidence_file] = format_evidence(rows).encode("utf-8")
    # The rule: `data_version` is the date of the newest data change, never older than the newest `added`.
    if data.meta is not None and fields["added"] > data.meta.data_version:
        text = format_survey_yaml(
            project.survey_file.read_bytes(), "taxonomy/survey.yaml", {"data_version": fields["added"]}
        )
        if text is None:
            raise AddError("taxonomy/survey.yaml has errors; fix them first (see `survey validate`)")
        changes[project.survey_file] = text.encode("utf-8")
    changes.update(also_write or {})
    replace_files(project.root, changes)
    try:
        problems = [d for d in check(load(project)) if d.is_error]
        if problems:
            raise AddError(f"the new entry `{key}` does not validate; nothing was changed", problems)
    except BaseException:
        replace_files(project.root, originals)
        raise
    return Added(key, bib_rel, tuple(topics))


def default_evidence(fields: Mapping[str, str]) -> tuple[str, ...]:
    """The page a fetched entry is confirmed by: its arXiv abstract page, else its DOI."""
    if fields.get("eprint"):
        return (f"https://arxiv.org/abs/{fields['eprint']}",)
    if fields.get("doi"):
        return (f"https://doi.org/{fields['doi']}",)
    return ()


def _check_topics(topics: list[str], nodes: Mapping[str, object]) -> None:
    for topic in topics:
        if topic not in nodes:
            close = difflib.get_close_matches(topic, nodes, n=1)
            hint = f"; did you mean `{close[0]}`?" if close else "; see taxonomy/ for topic ids"
            raise AddError(f"unknown topic `{topic}`{hint}")


def _new_key(fields: Mapping[str, str], entries: Iterable[BibEntry]) -> str:
    """The key rule's key for the work, with the first free collision suffix."""
    return free_key(fields, taken_keys(entries))


def taken_keys(entries: Iterable[BibEntry]) -> set[str]:
    """Every key in use or retired (a retired key still resolves, so it is never given again)."""
    taken = set()
    for e in entries:
        taken.add(e.key.lower())
        taken.update(old.lower() for old in entry_ids(e.get("ids")))
    return taken


def free_key(fields: Mapping[str, str], taken: set[str]) -> str:
    base = expected_key_base(fields)
    if not base:
        raise AddError("cannot make a citation key: the entry needs `title`, `year` and `author` (or `howpublished`)")
    for key in (base, *(base + suffix for suffix in "bcdefghijklmnopqrstuvwxyz")):
        if key not in taken:
            return key
    raise AddError(f"every collision suffix of `{base}` is taken")


def _add_to_topics(node: Map, key: str, topics: set[str]) -> Map:
    entries = []
    node_id = node.get("id")
    wants = isinstance(node_id, Scalar) and node_id.value in topics
    has_papers = False
    for k, v in node.entries:
        if k.value == "papers" and wants:
            has_papers = True
            items = v.items if isinstance(v, Seq) else ()
            v = Seq((*items, Scalar(key, 0, 0)), 0, 0)
        elif k.value == "children" and isinstance(v, Seq):
            v = Seq(
                tuple(_add_to_topics(c, key, topics) if isinstance(c, Map) else c for c in v.items), v.line, v.column
            )
        entries.append((k, v))
    if wants and not has_papers:
        entries.append((Scalar("papers", 0, 0), Seq((Scalar(key, 0, 0),), 0, 0)))
    return Map(tuple(entries), node.line, node.column)
