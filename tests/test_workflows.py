"""The GitHub files: actionlint passes, the workflows keep the rules CI relies on (one
validating step each, deploys only from main and only to a Pages site that is on, one issue for
broken links, least permissions), Dependabot keeps the pins current, and the join form offers
exactly the taxonomy's member types and topics."""

import functools
import os
import re
import runpy
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from healthnet import cli
from tests.support import REPO, project_with

GITHUB = REPO / ".github"
WORKFLOWS = GITHUB / "workflows"
WORKFLOW_FILES = sorted([*WORKFLOWS.glob("*.yml"), *WORKFLOWS.glob("*.yaml")])
JOIN_FORM = GITHUB / "ISSUE_TEMPLATE" / "join.yml"
ISSUE_CONFIG = GITHUB / "ISSUE_TEMPLATE" / "config.yml"
DEPENDABOT = GITHUB / "dependabot.yml"
README = (REPO / "README.md").read_text(encoding="utf-8")
TAXONOMY = yaml.safe_load((REPO / "taxonomy.yaml").read_text(encoding="utf-8"))
PINNED = re.compile(r"@v\d+$")
FORM_ITEM_TYPES = {"markdown", "input", "textarea", "dropdown", "checkboxes"}
# The commands that load and validate the whole network, and print what they find.
VALIDATING = ("invoke validate", "invoke build", "invoke publish")
# `invoke TASK` and the words after it in a run script, up to a shell operator.
INVOKED = re.compile(
    r"\binvoke ([a-z][a-z-]*)((?: +(?:-[^\s]+|\"[^\"]*\"|'[^']*'|[^\s&|;-][^\s&|;]*))*)"
)


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


def position(job: dict, step: dict) -> int:
    return next(i for i, s in enumerate(job["steps"]) if s is step)


def checkouts(flow: dict) -> list[dict]:
    return [s for s in steps(flow) if s.get("uses", "").startswith("actions/checkout@")]


@functools.cache
def task_help(task: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "invoke", "--help", task], cwd=REPO, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


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


def test_each_job_writes_only_what_it_must():
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
    assert writes == {
        "deploy.yml: deploy": {"pages", "id-token"},
        "deploy.yml: keep-alive": {"actions"},  # re-enables the scheduled workflows
        "links.yml: external-links": {"issues"},  # the broken-links issue
        # The previews branch, the pull request's comment, the checks run's artifacts and
        # starting Deploy; it never runs the pull request's code.
        "preview.yml: publish": {"contents", "pull-requests", "actions"},
    }


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda p: p.name)
def test_no_checkout_keeps_the_token_since_nothing_pushes(path):
    found = checkouts(load(path))
    assert found
    for checkout in found:
        assert checkout.get("with", {}).get("persist-credentials") is False, path.name
    if path.name == "preview.yml":  # pushes the previews branch with its token, explicitly
        return
    assert not any("git push" in step.get("run", "") for step in steps(load(path)))


# pr.yml and deploy.yml validate once (their build does); links.yml only reads the links.
VALIDATING_STEPS = {"pr.yml": 1, "deploy.yml": 1, "links.yml": 0, "preview.yml": 0}


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda p: p.name)
def test_exactly_one_step_of_a_run_validates(path):
    validating = [
        step for step in steps(load(path)) if any(c in step.get("run", "") for c in VALIDATING)
    ]
    assert len(validating) == VALIDATING_STEPS[path.name], [s.get("name") for s in validating]


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda p: p.name)
def test_every_invoke_option_a_workflow_passes_exists(path):
    for step in steps(load(path)):
        for task, arguments in INVOKED.findall(step.get("run", "")):
            options = [word for word in shlex.split(arguments) if word.startswith("--")]
            for option in options:
                name = option.split("=")[0]
                flag = f"--[no-]{name[5:]}" if name.startswith("--no-") else name
                assert flag in task_help(task), f"{path.name}: invoke {task} {option}"


# --- pull request checks ----------------------------------------------------------------------


def test_pull_request_checks_run_on_pull_requests_read_only():
    flow = workflow("pr.yml")
    assert set(triggers(flow)) == {"pull_request"}
    assert flow["permissions"] == {"contents": "read"}
    assert flow["concurrency"]["cancel-in-progress"] is True
    assert "github.event.pull_request.number" in flow["concurrency"]["group"]


def test_pull_request_checks_build_then_check_links():
    job = workflow("pr.yml")["jobs"]["validate-and-build"]
    build = step_running(job, "invoke build")
    links = step_running(job, "invoke check-links --site output")
    assert position(job, build) < position(job, links)


def test_the_pull_request_build_validates_and_annotates_its_changed_files_first():
    job = workflow("pr.yml")["jobs"]["validate-and-build"]
    (checkout,) = checkouts({"jobs": {"job": job}})
    assert checkout["with"]["fetch-depth"] == 0  # the base branch, to list the changes
    listing = step_running(job, "git diff --name-only")
    changed_file = re.search(r'> "([^"]+)"', listing["run"])[1]
    build = step_running(job, "invoke build")
    assert f'--changed "{changed_file}"' in build["run"]
    # The one step that annotates, and writes the job summary.
    assert "--no-annotate" not in build["run"]
    assert position(job, listing) < position(job, build)


def test_pull_request_checks_upload_the_site_for_preview():
    job = workflow("pr.yml")["jobs"]["validate-and-build"]
    (upload,) = [s for s in job["steps"] if s.get("with", {}).get("name") == "site-preview"]
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


def test_deploy_runs_after_merges_to_main_nightly_and_on_demand_without_inputs():
    on = triggers(workflow("deploy.yml"))
    assert on["push"]["branches"] == ["main"]
    # The address comes from the Pages settings only: a manual run's own address would be
    # undone by the next scheduled run.
    assert not (on["workflow_dispatch"] or {}).get("inputs")
    assert "site_url" not in (WORKFLOWS / "deploy.yml").read_text(encoding="utf-8")
    # Nightly, so that events that ended move to "past" with no merge needed.
    (schedule,) = on["schedule"]
    minute, hour, *every_day = schedule["cron"].split()
    assert every_day == ["*", "*", "*"]


def test_the_nightly_deploy_runs_just_after_midnight_in_the_networks_time_zone():
    (schedule,) = triggers(workflow("deploy.yml"))["schedule"]
    timezone = runpy.run_path(str(REPO / "pelicanconf.py"))["TIMEZONE"]
    assert schedule["timezone"] == timezone
    minute, hour, *_ = schedule["cron"].split()
    assert hour == "0" and minute != "0"  # a new build day; off the busy top of the hour


def test_deploys_never_overlap_and_start_without_permissions():
    flow = workflow("deploy.yml")
    assert flow["permissions"] == {}
    assert flow["concurrency"]["group"] == "pages"
    assert flow["concurrency"]["cancel-in-progress"] is False


def test_a_deploy_from_another_branch_stops_at_once_saying_why():
    build = workflow("deploy.yml")["jobs"]["build"]
    first = build["steps"][0]
    assert first["if"].replace(" ", "") == "github.ref!='refs/heads/main'"
    assert "::error" in first["run"] and "exit 1" in first["run"]


def test_pages_being_off_is_explained_before_configure_pages_fails():
    build = workflow("deploy.yml")["jobs"]["build"]
    check = step_running(build, 'gh api "repos/$GITHUB_REPOSITORY/pages"')
    assert check["env"]["GH_TOKEN"] == "${{ github.token }}"
    assert build["permissions"]["pages"] == "read"
    assert position(build, check) < position(build, step_using(build, "actions/configure-pages"))
    errors = [line for line in check["run"].splitlines() if "::error" in line]
    assert len(errors) == 3  # Pages off, Pages from a branch, the settings unreadable
    assert sum("Source to GitHub Actions" in line for line in errors) == 2
    # Each says where the README explains it.
    assert 'help="$GITHUB_SERVER_URL/$GITHUB_REPOSITORY#deploying-your-own-network"' in check["run"]
    assert all("$help" in line for line in errors)
    assert "\n## Deploying your own network\n" in README


def test_deploy_publishes_the_production_build_under_the_pages_address():
    jobs = workflow("deploy.yml")["jobs"]
    build, deploy = jobs["build"], jobs["deploy"]
    assert build["permissions"]["contents"] == "read"
    assert step_using(build, "actions/configure-pages")["id"] == "pages"
    publish = step_running(build, "invoke publish")
    assert publish["env"]["SITEURL"] == "${{ steps.pages.outputs.base_url }}"
    # Annotated once, by the pull request; a failed deploy says so in one error.
    assert "--no-annotate" in publish["run"]
    explain = step_running(build, "::error title=Nothing was deployed::")
    assert explain["if"] == f"failure() && steps.{publish['id']}.outcome == 'failure'"
    upload = step_using(build, "actions/upload-pages-artifact")
    assert upload["with"]["path"] == "output"

    assert deploy["needs"] in ("build", ["build"])
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert step_using(deploy, "actions/deploy-pages")["id"] == "deployment"


def test_every_file_of_the_artifact_is_readable_by_everyone():
    build = workflow("deploy.yml")["jobs"]["build"]
    chmod = step_running(build, "chmod -R a+rX output")
    publish = step_running(build, "invoke publish")
    upload = step_using(build, "actions/upload-pages-artifact")
    assert position(build, publish) < position(build, chmod) < position(build, upload)


def test_the_nightly_run_keeps_every_scheduled_workflow_enabled():
    job = workflow("deploy.yml")["jobs"]["keep-alive"]
    assert job["if"] == "github.event_name == 'schedule'"
    assert job["permissions"] == {"actions": "write", "contents": "read"}
    (step,) = job["steps"]
    assert step["env"]["GH_TOKEN"] == "${{ github.token }}"
    assert 30 <= int(step["env"]["QUIET_DAYS"]) < 60  # well before GitHub's 60 days
    assert (
        'gh api --silent -X PUT "repos/$GITHUB_REPOSITORY/actions/workflows/$workflow/enable"'
        in step["run"]
    )
    scheduled = {p.name for p in WORKFLOW_FILES if "schedule" in triggers(load(p))}
    listed = re.search(r"for workflow in ([^;]+);", step["run"])[1].split()
    assert set(listed) == scheduled == {"deploy.yml", "links.yml"}


# --- weekly external links --------------------------------------------------------------------


def test_external_links_are_checked_weekly_into_one_issue():
    flow = workflow("links.yml")
    on = triggers(flow)
    assert set(on) == {"schedule", "workflow_dispatch"}
    assert on["schedule"][0]["cron"].split()[-1] not in ("*", "?")  # one day of the week
    assert flow["permissions"] == {}
    assert flow["concurrency"]["cancel-in-progress"] is False  # never two issues at once
    (job,) = flow["jobs"].values()
    assert job["permissions"] == {"contents": "read", "issues": "write"}
    check = step_running(job, "invoke check-external-links")
    assert '--report "$GITHUB_STEP_SUMMARY"' in check["run"]
    issue_file = re.search(r'--issue "([^"]+)"', check["run"])[1]
    issue = step_running(job, "gh issue")
    assert position(job, check) < position(job, issue)
    assert issue["env"]["BROKEN"] == issue_file.replace("$RUNNER_TEMP", "${{ runner.temp }}")
    for command in (
        'gh issue list --label "$label" --state open',
        "gh issue close",
        'gh issue edit "$number" --body-file',
        'gh issue create --title "Broken member links" --label "$label" --body-file',
        'gh label create "$label"',
    ):
        assert command in issue["run"], command


def test_a_crash_of_the_link_checker_fails_the_run():
    (job,) = workflow("links.yml")["jobs"].values()
    for step in job["steps"]:
        assert "continue-on-error" not in step, step.get("name")


def write_member(members: Path, slug: str, website: str) -> None:
    members.mkdir(exist_ok=True)
    (members / f"{slug}.yaml").write_text(
        f"name: {slug.title()}\ntype: hospital\njoined: 2020-01-01\nlocation:\n  country: US\n"
        f"website: {website}\nsummary: A hospital.\n",
        encoding="utf-8",
    )


# A name that never resolves (RFC 6761): broken at once, without the internet.
CLOSED = "https://closed.invalid/"


def test_the_link_checker_writes_the_issue_only_when_a_link_is_broken(tmp_path, capsys):
    members, issue = tmp_path / "members", tmp_path / "issue.md"
    write_member(members, "riverside", CLOSED)
    assert cli.check_external_links(project_with(members), issue_file=issue) == 0
    body = issue.read_text(encoding="utf-8")
    assert "Checked 1 links of member websites and social profiles: 1 broken." in body
    assert f"| Riverside | website | {CLOSED} | unreachable" in body

    (members / "riverside.yaml").unlink()
    assert cli.check_external_links(project_with(members), issue_file=issue) == 0
    assert not issue.exists()  # every link works: the workflow closes the issue


def test_the_issue_body_stays_under_githubs_limit():
    rows = [f"| Member {n} | website | https://m{n}.example.org/ | HTTP 404 |" for n in range(3000)]
    report = "\n".join(["## External links", "", "Checked 3000 links: 3000 broken.", "", *rows])
    body = cli._shortened(report + "\n", cli.ISSUE_BODY_LIMIT)
    assert len(body) <= cli.ISSUE_BODY_LIMIT < 65_536
    assert body.startswith("## External links\n")
    kept = body.count("| website |")
    assert body.endswith(
        f"…and {3000 - kept:,} more broken links: see the job summary of the run.\n"
    )
    assert cli._shortened("short\n", cli.ISSUE_BODY_LIMIT) == "short\n"


def test_the_link_checker_fails_when_it_cannot_check(tmp_path, capsys):
    (tmp_path / "taxonomy.yaml").write_text("member_types: [unclosed\n", encoding="utf-8")
    project = cli.Project.at(tmp_path, tmp_path / "members", tmp_path / "content")
    assert cli.check_external_links(project, issue_file=tmp_path / "issue.md") == 1
    assert not (tmp_path / "issue.md").exists()


# --- Dependabot -------------------------------------------------------------------------------


def test_dependabot_keeps_actions_and_python_pins_current_weekly_grouped():
    config = load(DEPENDABOT)
    assert config["version"] == 2
    updates = {update["package-ecosystem"]: update for update in config["updates"]}
    assert set(updates) == {"github-actions", "pip"}
    for update in updates.values():
        assert update["directory"] == "/"
        assert update["schedule"]["interval"] == "weekly"
        assert update["groups"]
    # pip reads every requirements*.txt at the top of the repository.
    assert (REPO / "requirements.txt").is_file() and (REPO / "requirements-dev.txt").is_file()


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


# --- pull request previews (preview.yml) ---------------------------------------------------


def test_previews_are_published_after_the_checks_without_running_the_pull_requests_code():
    preview, checks = workflow("preview.yml"), workflow("pr.yml")
    assert triggers(preview) == {
        "workflow_run": {"workflows": [checks["name"]], "types": ["completed"]}
    }
    job = preview["jobs"]["publish"]
    assert "workflow_run.event == 'pull_request'" in job["if"]
    assert "workflow_run.conclusion == 'success'" in job["if"]
    # Its own code only: the default branch, never the pull request's head or fork.
    (checkout,) = checkouts(preview)
    assert set(checkout["with"]) == {"persist-credentials", "path"}
    downloads = [s for s in job["steps"] if s.get("uses", "").startswith("actions/download-")]
    assert {s["with"]["name"] for s in downloads} == {"pull-request", "site-preview"}
    for step in downloads:
        assert step["with"]["run-id"] == "${{ github.event.workflow_run.id }}"
    # What the unprivileged run says is read only when it is a state and digits.
    reading = step_running(job, "read -r state number")["run"]
    assert "^[0-9]{1,7}$" in reading and "^(open|closed)$" in reading
    assert "${{" not in step_running(job, "push -q origin previews")["run"]


def test_each_pull_request_has_one_comment_with_its_preview_link():
    job = workflow("preview.yml")["jobs"]["publish"]
    comment = step_running(job, "site-preview -->")["run"]
    assert "/previews/pr-$NUMBER/" in comment
    assert "-X PATCH" in comment  # the same comment, updated


def test_the_checks_upload_the_number_and_a_closed_pull_request_retires_its_preview():
    checks = workflow("pr.yml")
    assert triggers(checks)["pull_request"]["types"] == [
        "opened",
        "synchronize",
        "reopened",
        "closed",
    ]
    for name in ("validate-and-build", "test"):
        assert checks["jobs"][name]["if"] == "github.event.action != 'closed'"
    closed = checks["jobs"]["closed"]
    assert closed["if"] == "github.event.action == 'closed'" and closed["permissions"] == {}
    assert 'echo "closed $NUMBER"' in closed["steps"][0]["run"]
    build = checks["jobs"]["validate-and-build"]
    assert step_running(build, 'echo "open $NUMBER"')
    publish = step_running(workflow("preview.yml")["jobs"]["publish"], "push -q origin previews")[
        "run"
    ]
    assert 'rm -rf "pr-$NUMBER"' in publish and "gh workflow run deploy.yml" in publish


def test_deploy_publishes_the_previews_beside_the_site():
    job = workflow("deploy.yml")["jobs"]["build"]
    previews = step_running(job, "output/previews")
    assert position(job, previews) < position(job, step_using(job, "actions/upload-pages-artifact"))
