"""The GitHub files: actionlint passes, the workflows keep the rules CI relies on, and the
join form offers exactly the taxonomy's member types and topics."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.support import REPO

GITHUB = REPO / ".github"
WORKFLOWS = GITHUB / "workflows"
WORKFLOW_FILES = sorted([*WORKFLOWS.glob("*.yml"), *WORKFLOWS.glob("*.yaml")])
JOIN_FORM = GITHUB / "ISSUE_TEMPLATE" / "join.yml"
ISSUE_CONFIG = GITHUB / "ISSUE_TEMPLATE" / "config.yml"
TAXONOMY = yaml.safe_load((REPO / "taxonomy.yaml").read_text(encoding="utf-8"))
PINNED = re.compile(r"@v\d+$")
FORM_ITEM_TYPES = {"markdown", "input", "textarea", "dropdown", "checkboxes"}


def actionlint_binary() -> Path:
    """The actionlint of the project's environment; a missing one fails under CI only."""
    beside_python = Path(sys.executable).parent / "actionlint"
    found = beside_python if beside_python.exists() else shutil.which("actionlint")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("CI must lint the workflows: pip install -r requirements-dev.txt")
        pytest.skip("actionlint is not installed (pip install -r requirements-dev.txt)")
    return Path(found)


def actionlint(*files: Path, cwd: Path = REPO) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(actionlint_binary()), "-no-color", *map(str, files)],
        cwd=cwd,
        capture_output=True,
        text=True,
    )


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def workflow(name: str) -> dict:
    return load(WORKFLOWS / name)


def triggers(flow: dict) -> dict:
    """The `on:` section as a mapping; PyYAML reads the bare key `on` as True."""
    on = flow["on"] if "on" in flow else flow[True]
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return dict.fromkeys(on)
    return on


def steps(flow: dict) -> list[dict]:
    return [step for job in flow["jobs"].values() for step in job.get("steps", [])]


def uses(flow: dict) -> list[str]:
    return [job["uses"] for job in flow["jobs"].values() if "uses" in job] + [
        step["uses"] for step in steps(flow) if "uses" in step
    ]


def step_using(job: dict, action: str) -> dict:
    (step,) = [s for s in job["steps"] if s.get("uses", "").startswith(f"{action}@")]
    return step


def step_running(job: dict, command: str) -> dict:
    (step,) = [s for s in job["steps"] if command in s.get("run", "")]
    return step


def form_item(form: dict, item_id: str) -> dict:
    (item,) = [item for item in form["body"] if item.get("id") == item_id]
    return item


def labels(vocabulary: str) -> list[str]:
    return [entry["label"] for entry in TAXONOMY[vocabulary].values()]


# --- actionlint -------------------------------------------------------------------------------


def test_the_three_workflows_exist():
    assert {p.name for p in WORKFLOW_FILES} >= {"pr.yml", "deploy.yml", "links.yml"}


def test_actionlint_passes_on_every_workflow():
    result = actionlint(*WORKFLOW_FILES)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_fails_on_a_planted_typo(tmp_path):
    planted = tmp_path / ".github" / "workflows" / "pr.yml"
    planted.parent.mkdir(parents=True)
    original = (WORKFLOWS / "pr.yml").read_text(encoding="utf-8")
    assert "runs-on:" in original
    planted.write_text(original.replace("runs-on:", "runs_on:"), encoding="utf-8")

    result = actionlint(planted, cwd=tmp_path)

    assert result.returncode != 0, result.stdout + result.stderr
    assert "runs_on" in result.stdout


# --- rules for every workflow -----------------------------------------------------------------


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda p: p.name)
def test_no_workflow_runs_untrusted_code_with_secrets(path):
    assert "pull_request_target" not in triggers(load(path))


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda p: p.name)
def test_every_job_has_permissions_and_a_timeout(path):
    flow = load(path)
    for name, job in flow["jobs"].items():
        assert "permissions" in job or "permissions" in flow, f"{path.name}: {name}"
        assert isinstance(job.get("timeout-minutes"), int), f"{path.name}: {name}"
        assert job["timeout-minutes"] > 0


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_major_version(path):
    actions = uses(load(path))
    assert actions
    for action in actions:
        assert PINNED.search(action), f"{path.name}: {action} is not pinned to @v<major>"


def test_only_the_deploy_job_may_write_and_only_to_pages():
    writes = {}
    for path in WORKFLOW_FILES:
        flow = load(path)
        scopes = [("(top level)", flow.get("permissions", {}))] + [
            (name, job.get("permissions", {})) for name, job in flow["jobs"].items()
        ]
        for name, permissions in scopes:
            assert permissions not in ("write-all", "read-all"), f"{path.name}: {name}"
            granted = {scope for scope, level in permissions.items() if level == "write"}
            if granted:
                writes[f"{path.name}: {name}"] = granted
    assert writes == {"deploy.yml: deploy": {"pages", "id-token"}}


# --- pull request checks ----------------------------------------------------------------------


def test_pull_request_checks_run_on_pull_requests_read_only():
    flow = workflow("pr.yml")
    assert set(triggers(flow)) == {"pull_request"}
    assert flow["permissions"] == {"contents": "read"}
    assert flow["concurrency"]["cancel-in-progress"] is True
    assert "github.event.pull_request.number" in flow["concurrency"]["group"]


def test_pull_request_checks_validate_build_check_links_in_that_order():
    job = workflow("pr.yml")["jobs"]["validate-and-build"]
    commands = [step.get("run", "") for step in job["steps"]]
    order = [
        next(i for i, run in enumerate(commands) if command in run)
        for command in ("invoke validate", "invoke build", "invoke check-links --site output")
    ]
    assert order == sorted(order)


def test_pull_request_checks_upload_the_site_for_preview():
    job = workflow("pr.yml")["jobs"]["validate-and-build"]
    upload = step_using(job, "actions/upload-artifact")
    assert upload["with"]["name"] == "site-preview"
    assert upload["with"]["path"].rstrip("/") == "output"
    assert upload["with"]["retention-days"] == 14
    note = step_running(job, "GITHUB_STEP_SUMMARY")
    assert "python3 -m http.server -d site-preview 8000" in note["run"]


def test_pull_request_tests_run_the_ci_script_with_debian_chromium():
    job = workflow("pr.yml")["jobs"]["test"]
    assert job["container"] in ("python:3.11-bookworm", {"image": "python:3.11-bookworm"})
    assert str(job["env"]["CI"]) == "true"
    assert step_running(job, "bash .ci/run")


# --- deploy -----------------------------------------------------------------------------------


def test_deploy_runs_after_merges_to_main_daily_and_on_demand():
    on = triggers(workflow("deploy.yml"))
    assert on["push"]["branches"] == ["main"]
    assert on["workflow_dispatch"]["inputs"]["site_url"]["required"] is False
    # Daily, so that events that ended move to "past" with no merge needed.
    (schedule,) = on["schedule"]
    minute, hour, *every_day = schedule["cron"].split()
    assert every_day == ["*", "*", "*"]


def test_deploys_never_overlap_and_start_without_permissions():
    flow = workflow("deploy.yml")
    assert flow["permissions"] == {}
    assert flow["concurrency"]["group"] == "pages"
    assert flow["concurrency"]["cancel-in-progress"] is False


def test_deploy_publishes_the_production_build_to_pages():
    jobs = workflow("deploy.yml")["jobs"]
    build, deploy = jobs["build"], jobs["deploy"]
    assert build["permissions"]["contents"] == "read"
    publish = step_running(build, "invoke publish")
    assert "inputs.site_url" in publish["env"]["SITEURL"]
    assert "steps.pages.outputs.base_url" in publish["env"]["SITEURL"]
    assert step_using(build, "actions/configure-pages")["id"] == "pages"
    assert step_using(build, "actions/upload-pages-artifact")["with"]["path"] == "output"

    assert deploy["needs"] in ("build", ["build"])
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert step_using(deploy, "actions/deploy-pages")["id"] == "deployment"


# --- weekly external links --------------------------------------------------------------------


def test_external_links_are_checked_weekly_without_failing():
    flow = workflow("links.yml")
    on = triggers(flow)
    assert set(on) == {"schedule", "workflow_dispatch"}
    assert on["schedule"][0]["cron"].split()[-1] not in ("*", "?")  # one day of the week
    assert flow["permissions"] == {"contents": "read"}
    (job,) = flow["jobs"].values()
    check = step_running(job, "invoke check-external-links")
    assert '--report "$GITHUB_STEP_SUMMARY"' in check["run"]
    assert check["continue-on-error"] is True


# --- issue forms ------------------------------------------------------------------------------


def test_join_form_is_a_valid_issue_form():
    form = load(JOIN_FORM)
    assert form["name"] == "Join the network"
    assert form["description"]
    assert form["title"] == "Join: "
    assert form["labels"] == ["membership"]
    ids = [item["id"] for item in form["body"] if "id" in item]
    assert len(ids) == len(set(ids))
    for item in form["body"]:
        assert item["type"] in FORM_ITEM_TYPES, item
        if item["type"] == "markdown":
            assert item["attributes"]["value"].strip()
            assert "validations" not in item
            continue
        assert re.fullmatch(r"[A-Za-z0-9_-]+", item["id"]), item
        assert item["attributes"]["label"], item
        options = item["attributes"].get("options", [])
        if item["type"] == "dropdown":
            assert options and len(options) == len(set(options)), item["id"]
        if item["type"] == "checkboxes":
            assert options and all(option["label"] for option in options), item["id"]


def test_join_form_member_types_are_the_taxonomy_labels_in_order():
    member_type = form_item(load(JOIN_FORM), "type")
    assert member_type["type"] == "dropdown"
    assert member_type["attributes"]["options"] == labels("member_types")
    assert len(member_type["attributes"]["options"]) == 14


def test_join_form_topics_are_the_taxonomy_labels_in_order():
    topics = form_item(load(JOIN_FORM), "topics")
    assert topics["attributes"]["options"] == labels("topics")
    assert topics["attributes"]["multiple"] is True


@pytest.mark.parametrize("item_id", ["name", "type", "country", "website", "summary"])
def test_join_form_requires_what_every_member_file_needs(item_id):
    assert form_item(load(JOIN_FORM), item_id)["validations"]["required"] is True


def test_join_form_asks_for_consent_before_listing():
    consent = form_item(load(JOIN_FORM), "confirm")
    assert consent["type"] == "checkboxes"
    assert all(option["required"] is True for option in consent["attributes"]["options"])


def test_blank_issues_stay_open_and_contact_links_are_https():
    config = load(ISSUE_CONFIG)
    assert config["blank_issues_enabled"] is True
    for link in config.get("contact_links", []):
        assert link["url"].startswith("https://"), link
