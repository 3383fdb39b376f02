"""Formatted references: with many papers to format, two processes share the work and the text is the same."""

from __future__ import annotations

import json
import os
import subprocess
import sys

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


def test_many_papers_are_formatted_with_the_text_one_process_gives(many: list[Paper], by_process: dict) -> None:  # type: ignore[type-arg]
    assert references.format_both(many) == (references.format_plain(many), references.format_harvard(many))
    assert by_process["same_text"] is True  # where the work was shared (a process with one thread)


# A fresh interpreter, so that no thread of the test session (browser tests' servers) keeps it from forking.
# Each style answers with the id of the process that formatted the paper.
_SESSION = r"""
import json, os, sys, threading
from pathlib import Path
from survey_site import references
from survey_site.pipeline import Project, assemble, load

papers = list(assemble(load(Project(Path(sys.argv[1])))).papers.values())[: references.PARALLEL_FROM + 10]
parent = os.getpid()
fail_in_child = False

def stamp(chosen):
    if fail_in_child and os.getpid() != parent:
        raise RuntimeError("the child fails")
    return {p.key: os.getpid() for p in chosen}

out = {"parent": parent, "keys": [p.key for p in papers]}
# The real libraries first: the text two processes give is the text one gives.
out["same_text"] = references.format_both(papers) == (references.format_plain(papers), references.format_harvard(papers))
references.format_plain = references.format_harvard = stamp
out["shared"] = references.format_both(papers)
out["few"] = references.format_both(papers[: references.PARALLEL_FROM - 1])
fail_in_child = True
out["failed_child"] = references.format_both(papers)
fail_in_child = False
done = threading.Event()
thread = threading.Thread(target=done.wait)  # as under `mkdocs serve`, whose server threads run beside a rebuild
thread.start()
out["threads"] = references.format_both(papers)
done.set()
thread.join()
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def by_process() -> dict:  # type: ignore[type-arg]
    result = subprocess.run(
        [sys.executable, "-c", _SESSION, str(ROOT)], capture_output=True, text=True, check=False, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def _processes(answer: list[dict[str, int]]) -> set[int]:
    plain, harvard = answer
    assert plain == harvard
    return set(plain.values())


@pytest.mark.skipif(not hasattr(os, "fork"), reason="forking is POSIX's")
def test_the_work_is_shared_with_a_child_process(by_process: dict) -> None:  # type: ignore[type-arg]
    parent, keys = by_process["parent"], set(by_process["keys"])
    plain, harvard = by_process["shared"]
    assert set(plain) == set(harvard) == keys
    shared = _processes(by_process["shared"])
    assert len(shared) == 2 and parent in shared
    assert _processes(by_process["few"]) == {parent}  # too few to be worth a process


def test_no_fork_while_other_threads_run(by_process: dict) -> None:  # type: ignore[type-arg]
    assert set(by_process["threads"][0]) == set(by_process["keys"])
    assert _processes(by_process["threads"]) == {by_process["parent"]}


def test_a_failing_child_leaves_its_share_to_the_parent(by_process: dict) -> None:  # type: ignore[type-arg]
    assert set(by_process["failed_child"][0]) == set(by_process["keys"])
    assert _processes(by_process["failed_child"]) == {by_process["parent"]}
