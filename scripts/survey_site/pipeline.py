"""The stages wired together: load -> validate -> model -> render -> write.

The CLI and the MkDocs hook both call `generate`; neither holds logic of its own.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

from . import permalinks, render, write
from .authors import ALIASES_FILE as AUTHOR_ALIASES_FILE
from .authors import parse_aliases
from .bibliography import BibEntry, key_aliases, load_bib_file
from .candidates import CANDIDATES_FILE, REJECTED_FILE, parse_candidates, parse_rejections
from .decode import paper_from_entry
from .diagnostics import DataError, Diagnostic, has_errors, sort_diagnostics
from .evidence import FILE as EVIDENCE_FILE
from .evidence import parse_evidence
from .loaded import LoadedData
from .model import Node, Paper, SiteConfig, SuggestedWork, Survey, freeze
from .references import formatted_references
from .taxonomy import load_survey_meta, load_taxonomy
from .tree import BIB_DIR, DOCS_DIR, TAXONOMY_DIR, is_generated, regular_files, tree_problems
from .validate import validate

MAX_INPUT_BYTES = 64_000_000  # all of bib/: about 60,000 entries


@dataclasses.dataclass(frozen=True)
class Project:
    """Where a checkout keeps its data and its generated output."""

    root: Path

    @property
    def taxonomy_dir(self) -> Path:
        return self.root / TAXONOMY_DIR

    @property
    def bib_dir(self) -> Path:
        return self.root / BIB_DIR

    @property
    def docs_dir(self) -> Path:
        return self.root / DOCS_DIR

    @property
    def evidence_file(self) -> Path:
        return self.root / EVIDENCE_FILE

    @property
    def author_aliases_file(self) -> Path:
        return self.root / AUTHOR_ALIASES_FILE

    @property
    def candidates_file(self) -> Path:
        return self.root / CANDIDATES_FILE

    @property
    def rejected_file(self) -> Path:
        return self.root / REJECTED_FILE

    @property
    def survey_file(self) -> Path:
        return self.taxonomy_dir / "survey.yaml"


def load(project: Project, tree: list[Diagnostic] | None = None) -> LoadedData:
    """Every data file read and parsed. `tree`: tree_problems(root), when the caller has looked already."""
    root = project.root
    if tree is None:
        tree = tree_problems(root)
    meta, diagnostics = load_survey_meta(project.taxonomy_dir / "survey.yaml", root)
    nodes, node_problems = load_taxonomy(project.taxonomy_dir, root)
    entries = []
    bib_files = []
    bib_paths, bib_problems = regular_files(project.bib_dir, ".bib", root)
    total = sum(p.stat().st_size for p in bib_paths)
    if total > MAX_INPUT_BYTES:  # refuse before parsing: a pasted dump must not take minutes and gigabytes
        big = Diagnostic(
            BIB_DIR,
            1,
            1,
            f"bib/ holds {total:,} bytes; at most {MAX_INPUT_BYTES:,} are read",
            "remove pasted content; the corpus is a few megabytes",
            code="input-too-large",
        )
        return LoadedData(meta, (), (), (), (), tuple(tree + diagnostics + [big]))
    for path in bib_paths:
        shown = path.relative_to(root).as_posix()
        bib_files.append(shown)
        file_entries, problems = load_bib_file(path, shown)
        entries.extend(file_entries)
        bib_problems.extend(problems)
    taxonomy_files = tuple(
        p.relative_to(root).as_posix() for p in regular_files(project.taxonomy_dir, ".yaml", root)[0]
    )
    registry, registry_problems = permalinks.read_registry(root)
    evidence_text = _read_plain(project.evidence_file)
    evidence_rows, evidence_problems = parse_evidence(evidence_text) if evidence_text is not None else ([], [])
    bib_problems.extend(evidence_problems)
    aliases_text = _read_plain(project.author_aliases_file)
    author_aliases, alias_problems = parse_aliases(aliases_text) if aliases_text is not None else ([], [])
    bib_problems.extend(alias_problems)
    suggested = _read_plain(project.candidates_file)
    candidate_file, candidate_problems = parse_candidates(suggested) if suggested is not None else (None, [])
    rejected = _read_plain(project.rejected_file)
    rejections, rejection_problems = parse_rejections(rejected) if rejected is not None else ([], [])
    curation_problems = candidate_problems + rejection_problems
    found = tuple(tree + diagnostics + node_problems + bib_problems + registry_problems + curation_problems)
    return LoadedData(
        meta,
        tuple(nodes),
        tuple(entries),
        tuple(bib_files),
        taxonomy_files,
        found,
        tuple(registry),
        tuple(evidence_rows),
        tuple(author_aliases),
        candidate_file.candidates if candidate_file else (),
        candidate_file.checked if candidate_file else None,
        tuple(rejections),
    )


def _read_plain(path: Path) -> bytes | None:
    """A data file's bytes; None when it is absent or not a plain file (tree_problems reports links)."""
    return path.read_bytes() if path.is_file() and not path.is_symlink() else None


def check(data: LoadedData, *, reuse: bool = False) -> list[Diagnostic]:
    """Every problem, loaders' and cross-checks', in file order. `reuse`: see validate."""
    registry = permalinks.check_registry(data.permalinks, permalinks.index_of(data))
    return sort_diagnostics(list(data.load_problems) + validate(data, reuse=reuse) + registry)


def assemble(data: LoadedData, *, reuse: bool = False) -> Survey:
    """Build the immutable model from data that passed validation. `reuse`: see _papers."""
    if data.meta is None:
        raise ValueError("assemble() needs data that passed validation (survey.yaml did not load)")
    nodes: dict[str, Node] = {}
    topics_of: dict[str, list[str]] = defaultdict(list)
    aliases: dict[str, str] = {}
    for spec in data.nodes:
        nodes[spec.id.value] = Node(
            id=spec.id.value,
            title=spec.title or "",  # validated: every node has a title and a summary
            paper_section=spec.paper_section.value if spec.paper_section else None,
            summary=spec.summary or "",
            papers=tuple(r.value for r in spec.papers),
            children=spec.children,
            parent=spec.parent,
            aliases=tuple(a.value for a in spec.aliases),
            chapter=spec.chapter,
            depth=spec.depth,
            source_path=spec.path,
            source_line=spec.line,
            origin=spec.origin.value if spec.origin else "survey",
            added=spec.added.value if spec.added else None,
        )
        for ref in spec.papers:
            topics_of[ref.value].append(spec.id.value)
        for alias in spec.aliases:
            aliases[alias.value] = spec.id.value
    papers = _papers(data.entries, reuse)
    suggested: dict[str, list[SuggestedWork]] = defaultdict(list)
    for candidate in data.candidates:  # best first, as the file keeps them
        if candidate.topic in nodes:
            suggested[candidate.topic].append(
                SuggestedWork(candidate.title, ", ".join(candidate.authors), candidate.date, candidate.url)
            )
    return Survey(
        meta=data.meta,
        nodes=freeze(nodes),
        roots=tuple(s.id.value for s in data.nodes if s.depth == 0),
        papers=freeze(papers),
        topics_of=freeze({k: tuple(v) for k, v in topics_of.items()}),
        aliases=freeze(aliases),
        key_aliases=freeze(key_aliases(data.entries)),
        evidence=freeze({row.key: row for row in data.evidence}),
        author_aliases=freeze({row.old: row.new for row in data.author_aliases}),
        suggested=freeze({topic: tuple(works) for topic, works in suggested.items()}),
    )


def _papers(entries: Iterable[BibEntry], reuse: bool) -> dict[str, Paper]:
    """Each entry decoded. With `reuse` (`make serve`), an entry this process decoded last time (the
    bib reader hands out the same records for an unchanged file) gets the same Paper back: the
    render memo then finds its pages by identity instead of comparing every field."""
    previous = _DECODED.copy() if reuse else {}
    _DECODED.clear()
    papers = {}
    for entry in entries:
        last = previous.get(id(entry))
        paper = last[1] if last is not None and last[0] is entry else paper_from_entry(entry)
        papers[entry.key] = paper
        if reuse:
            _DECODED[id(entry)] = (entry, paper)
    return papers


# The last `reuse` assemble's papers, by the identity of their entries (each entry held, so its id stays its own).
_DECODED: dict[int, tuple[BibEntry, Paper]] = {}


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector off for a build of the records, and as it was afterwards.

    A build makes millions of containers (frozen records, tuples, dicts) that live to its end
    and form no cycles. The collector would walk them again at every pass as they age: a
    third of load + check at 10,000 papers. With it off, peak memory grows by under 2%
    (docs/benchmarks.md); the first collection after the build takes what cycles there are.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@dataclasses.dataclass(frozen=True)
class GenerateResult:
    diagnostics: list[Diagnostic]
    written: tuple[str, ...]
    removed: tuple[str, ...]
    unchanged: int
    survey: Survey | None


def input_digest(project: Project, site: SiteConfig) -> str:
    """A digest of everything the output depends on: data, site identity, generator code, pinned libraries."""
    digest = hashlib.sha256(repr(site).encode())
    sources = [
        *regular_files(project.bib_dir, ".bib", project.root)[0],
        *regular_files(project.taxonomy_dir, ".yaml", project.root)[0],
        project.evidence_file,
        project.author_aliases_file,
        project.candidates_file,
        project.root / "permalinks.txt",
        project.root / "CHANGELOG.md",
        project.root / "requirements.lock",
        *sorted(
            p for p in Path(__file__).parent.rglob("*") if p.is_file() and p.suffix != ".pyc"
        ),  # code and templates
    ]
    for path in sources:
        digest.update(path.name.encode() + b"\0")
        if path.exists():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def generate(project: Project, site: SiteConfig, *, reuse: bool = False) -> GenerateResult:
    """Load, check, render and write. Raises DataError (and writes nothing) on any error.

    When the inputs are byte-for-byte those of the last successful build and its outputs
    are all present, nothing is loaded, rendered or written: the answer is the same.
    With `reuse` (`make serve`), what this process rendered and wrote is kept for the next
    call, which then redoes only what changed (render.render_site, write.write_tree); the
    first such call renders even when nothing changed, so that the next one has it.
    """
    # The files themselves first, also when nothing else changed: a link or an unpublishable
    # file added to docs/ changes no input of the generator.
    tree = tree_problems(project.root)
    if any(d.is_error for d in tree):
        raise DataError(sort_diagnostics([d for d in tree if d.is_error]))
    stamp = input_digest(project, site)
    if (not reuse or render.has_kept()) and write.read_stamp(project.docs_dir, stamp) == stamp:
        return GenerateResult([], (), (), -1, None)
    with collector_paused():
        data = load(project, tree)
        diagnostics = check(data, reuse=reuse)
        if has_errors(diagnostics):
            raise DataError(diagnostics)
        survey = assemble(data, reuse=reuse)
    # With the collector on: formatting a reference the cache lacks (pybtex, citeproc-py) leaves cycles.
    references = formatted_references(survey.papers, project.root / ".cache")
    changelog_path = project.root / "CHANGELOG.md"
    changelog = changelog_path.read_text(encoding="utf-8") if changelog_path.exists() else ""
    with collector_paused():
        files = render.render_site(survey, site, changelog, references, reuse=reuse)
        outcome = write.write_tree(project.docs_dir, files, stamp, owns=is_generated, reuse=reuse)
    return GenerateResult(diagnostics, outcome.written, outcome.removed, outcome.unchanged, survey)
