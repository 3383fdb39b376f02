"""`survey accept` and `survey reject`: a curator's decision on one candidate.

Accepting goes through `survey add` (the same checks, key rule and evidence row) with the
fields `survey suggest` fetched, and takes the candidate out of bib/CANDIDATES.yaml in the
same all-or-nothing write. Rejecting records the decision in bib/REJECTED.tsv, with its
date and reason, so `survey suggest` never proposes the work again.
"""

from __future__ import annotations

import dataclasses
import datetime

from .add import Added, AddError, add_work, default_evidence
from .candidates import (
    Candidate,
    CandidateFile,
    Rejection,
    format_candidates,
    format_rejections,
    identities,
    normalize_id,
)
from .loaded import LoadedData
from .pipeline import Project, load
from .write import replace_files


def find_candidate(data: LoadedData, ref: str) -> Candidate | None:
    """The candidate named by its key or by any of its ids (arXiv id with or without version, DOI, OpenAlex id)."""
    wanted = normalize_id(ref)
    for candidate in data.candidates:
        if ref == candidate.key or (wanted and wanted in identities(candidate.field_map) | {candidate.id}):
            return candidate
    return None


def _without(data: LoadedData, gone: Candidate) -> bytes:
    remaining = tuple(c for c in data.candidates if c.id != gone.id)
    return format_candidates(CandidateFile(data.candidates_checked, remaining)).encode("utf-8")


def _clean(data: LoadedData, path_prefix: str) -> None:
    errors = [d for d in data.load_problems if d.is_error and d.path.startswith(path_prefix)]
    if errors:
        raise AddError(f"{path_prefix} has errors; fix them first (see `survey validate`), nothing was changed", errors)


def accept(
    project: Project,
    ref: str,
    topics: list[str] | None = None,
    tldr: str | None = None,
    code: str | None = None,
    added: str | None = None,
    today: datetime.date | None = None,
) -> tuple[Added, Candidate]:
    data = load(project)
    _clean(data, "bib/CANDIDATES.yaml")
    candidate = find_candidate(data, ref)
    if candidate is None:
        raise AddError(f"no candidate `{ref}` in bib/CANDIDATES.yaml; give its key or id as the file lists it")
    chosen = topics or ([candidate.topic] if candidate.topic else [])
    if not chosen:
        raise AddError(f"`{candidate.key}` has no suggested topic: name one with `--topic`")
    fields = candidate.field_map
    if tldr:
        fields["tldr"] = tldr
    if code:
        fields["code"] = code
    result = add_work(
        project,
        candidate.entry_type,
        fields,
        chosen,
        evidence=default_evidence(fields),
        added=added,
        today=today,
        also_write={project.candidates_file: _without(data, candidate)},
    )
    return result, candidate


def reject(project: Project, ref: str, reason: str, decided: str) -> Rejection:
    """Record that the work `ref` is not to be suggested again; take it out of the candidates."""
    if not reason.strip():
        raise AddError("say why with `--reason`: the next curator reads it")
    data = load(project)
    _clean(data, "bib/CANDIDATES.yaml")
    _clean(data, "bib/REJECTED.tsv")
    candidate = find_candidate(data, ref)
    work = candidate.id if candidate else normalize_id(ref)
    if work is None:
        raise AddError(f"`{ref}` is neither a candidate's key nor a work id (e.g. 2402.06782, 10.1234/abc or W123456)")
    if any(r.id == work for r in data.rejections):
        raise AddError(f"`{work}` is already rejected; nothing was changed")
    row = Rejection(work, decided, candidate.title if candidate else "", " ".join(reason.split()))
    changes = {project.rejected_file: format_rejections([*data.rejections, row]).encode("utf-8")}
    if candidate is not None:
        changes[project.candidates_file] = _without(data, candidate)
    replace_files(project.root, changes)
    return dataclasses.replace(row, line=0)
