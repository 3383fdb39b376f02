"""Formatted references: with many papers to format, two processes share the work and the text is the same."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator

import pytest

from survey_site import references
from survey_site.model import Paper
from survey_site.pipeline import Project, assemble, load

from .helpers import ROOT


@pytest.fixture(scope="module")
def many() -> list[Paper]:
    papers = list(assemble(load(Project(ROOT))).papers.values())[: references.PARALLEL_FROM + 10]
    assert len(papers) >= references.PARALLEL_FROM
    return papers


def _by_process(monkeypatch: pytest.MonkeyPatch, fail_in_child: bool = False) -> int:
    """Make each style answer with the id of the process that formatted the paper."""
    parent = os.getpid()

    def stamp(papers: list[Paper]) -> dict[str, str]:
        if fail_in_child and os.getpid() != parent:
            raise RuntimeError("the child fails")
        return {p.key: str(os.getpid()) for p in papers}

    monkeypatch.setattr(references, "format_plain", stamp)
    monkeypatch.setattr(references, "format_harvard", stamp)
    return parent


def test_many_papers_are_formatted_in_two_processes_with_the_text_of_one(many: list[Paper]) -> None:
    assert references.format_both(many) == (references.format_plain(many), references.format_harvard(many))


def test_the_work_is_shared_with_a_child_process(many: list[Paper], monkeypatch: pytest.MonkeyPatch) -> None:
    parent = _by_process(monkeypatch)
    plain, harvard = references.format_both(many)
    assert set(plain) == set(harvard) == {p.key for p in many}
    assert plain == harvard and len(set(plain.values())) == 2 and str(parent) in plain.values()
    few = many[: references.PARALLEL_FROM - 1]
    assert set(references.format_both(few)[0].values()) == {str(parent)}  # too few to be worth a process


@pytest.fixture
def another_thread() -> Iterator[None]:
    done = threading.Event()
    thread = threading.Thread(target=done.wait)
    thread.start()
    yield
    done.set()
    thread.join()


@pytest.mark.usefixtures("another_thread")
def test_no_fork_while_other_threads_run(many: list[Paper], monkeypatch: pytest.MonkeyPatch) -> None:
    parent = _by_process(monkeypatch)  # as under `mkdocs serve`, whose server threads run beside a rebuild
    plain, harvard = references.format_both(many)
    assert set(plain.values()) == set(harvard.values()) == {str(parent)} and len(plain) == len(many)


def test_a_failing_child_leaves_its_share_to_the_parent(many: list[Paper], monkeypatch: pytest.MonkeyPatch) -> None:
    parent = _by_process(monkeypatch, fail_in_child=True)
    plain, harvard = references.format_both(many)
    assert set(plain) == set(harvard) == {p.key for p in many}
    assert set(plain.values()) == set(harvard.values()) == {str(parent)}
