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

from .conftest import make_site_project, run_cli

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


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_is_reported_exactly(case: Path, mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = yaml.safe_load((case / "case.yaml").read_text(encoding="utf-8"))
    apply_edits(mini, spec.get("edits", []))
    code, out, err = run_cli(["--root", str(mini), "validate"], capsys)
    lines = [line for line in err.splitlines() if not line.endswith("warning(s)") and line != "ok: the data is valid"]
    assert "Traceback" not in err + out
    assert lines == spec["expected"].strip().splitlines()
    assert code == spec.get("exit", 1)
    # The other tools meet the same input without a traceback, and a failed build writes nothing.
    make_site_project(mini)
    for command in (["fmt", "--check"], ["build"]):
        tool_code, tool_out, tool_err = run_cli(["--root", str(mini), *command], capsys)
        assert "Traceback" not in tool_out + tool_err, (command, tool_err[-2000:])
    if code:
        assert tool_code == 1 and not (mini / "docs" / "index.md").exists()
