"""Every bad contribution in tests/bad_inputs/ gives exactly its expected messages.

Each case is a folder with `case.yaml`: a description, edits applied to a copy of
the fixture project, and the exact lines `survey validate` must print (file, line,
column, message, hint), in order. No traceback, non-zero exit, nothing written.
"""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
import yaml

from .helpers import make_site_project, run_cli

CASES = sorted(p for p in (Path(__file__).parent / "bad_inputs").iterdir() if (p / "case.yaml").exists())


def apply_edits(project: Path, edits: list[dict]) -> None:
    for edit in edits:
        path = project / edit["file"]
        if "replace" in edit:
            text = path.read_text(encoding="utf-8")
            assert edit["replace"] in text, f"case edit does not apply: {edit['replace']!r} not in {edit['file']}"
            new = edit["with"]
            if "repeat" in edit:  # a large value, made here rather than stored in the case file
                new = new.replace(edit["repeat"]["token"], edit["repeat"]["text"] * edit["repeat"]["times"])
            path.write_text(text.replace(edit["replace"], new, 1), encoding="utf-8")
        elif "write" in edit:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(edit["write"], encoding="utf-8")
        elif "append" in edit:
            with path.open("a", encoding="utf-8") as handle:
                handle.write(edit["append"])
        elif "write_base64" in edit:
            path.write_bytes(base64.b64decode(edit["write_base64"]))
        elif "write_repeat" in edit:
            path.write_text(edit["write_repeat"] * edit["times"], encoding="utf-8")
        elif edit.get("delete"):
            path.unlink()
        elif "symlink" in edit:  # a link to a target that must never be read or printed
            path.parent.mkdir(parents=True, exist_ok=True)
            path.symlink_to(edit["symlink"])
        elif edit.get("mkdir"):
            path.mkdir(parents=True)
        else:
            raise AssertionError(f"unknown edit {edit}")


def meaning(project: Path) -> tuple[object, ...]:
    """What the data says, independent of layout: entries with their fields, nodes, metadata, what could not be read."""
    from survey_site.pipeline import Project, load

    data = load(Project(project))
    entries = sorted(
        (e.path, e.key, e.entry_type, tuple(sorted((f.name, " ".join(f.value.split())) for f in e.fields)))
        for e in data.entries
    )  # BibTeX reads runs of white space as one space
    nodes = [
        (
            n.path,
            n.id.value,
            n.title,
            n.summary and " ".join(n.summary.split()),
            n.paper_section and n.paper_section.value,
            tuple(r.value for r in n.papers),
            n.children,
            tuple(a.value for a in n.aliases),
        )
        for n in data.nodes
    ]
    unread = sorted((d.path, d.code) for d in data.load_problems if d.is_error)
    return entries, nodes, data.meta, unread, sorted((r.key, r.checked, r.evidence) for r in data.evidence)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_is_reported_exactly(case: Path, mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = yaml.safe_load((case / "case.yaml").read_text(encoding="utf-8"))
    apply_edits(mini, spec.get("edits", []))
    code, out, err = run_cli(["--root", str(mini), "validate"], capsys)
    lines = [line for line in err.splitlines() if not line.endswith("warning(s)") and line != "ok: the data is valid"]
    assert "Traceback" not in err + out
    assert lines == spec["expected"].strip().splitlines()
    assert code == spec.get("exit", 1)
    # The other tools meet the same input without a traceback, and a build that fails writes nothing.
    make_site_project(mini)
    build_code, build_out, build_err = run_cli(["--root", str(mini), "build"], capsys)
    assert "Traceback" not in build_out + build_err, build_err[-2000:]
    blocking = [line for line in lines if ": warning: " not in line and "is not in canonical form" not in line]
    assert (build_code == 1) == bool(blocking)
    if blocking:
        assert not (mini / "docs" / "index.md").exists()
    _, check_out, check_err = run_cli(["--root", str(mini), "fmt", "--check"], capsys)
    assert "Traceback" not in check_out + check_err
    # `survey fmt` on bad data changes no meaning: it leaves a file it cannot read whole alone,
    # and what it rewrites reads back the same (entries, fields, nodes, survey metadata).
    before = meaning(mini)
    _, _, fmt_err = run_cli(["--root", str(mini), "fmt"], capsys)
    assert "Traceback" not in fmt_err
    assert meaning(mini) == before
