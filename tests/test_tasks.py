"""The commands editors and CI run: `invoke validate` and `invoke build`, as subprocesses."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from healthnet.synthetic import write_synthetic_network
from tests.support import BAD_MEMBERS, FIXTURE_MEMBERS, FIXTURE_SITE, REPO

FIXTURE_DATA = ("--members", str(FIXTURE_MEMBERS), "--content", str(FIXTURE_SITE / "content"))


def invoke(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "GITHUB_ACTIONS": "false", **env}
    return subprocess.run(
        [sys.executable, "-m", "invoke", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        env=environment,
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_validate_passes_on_the_sample_network():
    result = invoke("validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert ": error:" not in result.stdout
    assert "valid members, " in result.stdout.splitlines()[-1]
    assert "; 0 errors" in result.stdout.splitlines()[-1]


def test_validate_lists_every_error_of_a_broken_copy(tmp_path):
    members = Path(shutil.copytree(REPO / "members", tmp_path / "members"))
    riverbend = members / "riverbend-regional-health.yaml"
    riverbend.write_text(riverbend.read_text().replace("type: health-system", "type: hospitl"))
    with (members / "desert-bloom-health.yaml").open("a") as file:
        file.write("website: https://again.example.org\n")
    (members / "thistlebank-medical-practice.yaml").write_text("name: [unclosed\n")

    result = invoke("validate", "--members", str(members))

    assert result.returncode == 1
    errors = [line for line in result.stdout.splitlines() if ": error: " in line]
    assert len(errors) == 3, result.stdout
    assert errors[0].startswith(f"{members}/desert-bloom-health.yaml:")
    assert "duplicate key 'website'" in errors[0]
    assert errors[1].startswith(f"{members}/riverbend-regional-health.yaml:3:7: error: 'type'")
    assert "(did you mean 'hospital'?)" in errors[1]
    assert errors[2].startswith(f"{members}/thistlebank-medical-practice.yaml:2:1: error: invalid")


def test_validate_writes_github_annotations_in_actions(tmp_path):
    changed = tmp_path / "changed.txt"
    changed.write_text("tests/fixtures/bad-members/unknown-values.yaml\n")
    summary = tmp_path / "summary.md"
    result = invoke(
        "validate", "--members", str(BAD_MEMBERS), "--changed", str(changed),
        GITHUB_ACTIONS="true", GITHUB_STEP_SUMMARY=str(summary),
    )  # fmt: skip
    assert result.returncode == 1
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::error ")]
    assert annotations[0].startswith(
        "::error file=tests/fixtures/bad-members/unknown-values.yaml,line=2,col=7::"
        "'type' is 'hospitl'"
    )
    assert len(annotations) == 10
    assert "::notice::Not annotated: " in result.stdout
    assert summary.read_text().startswith("## Validation: ")


def test_validate_prints_a_warning_of_many_members_three_times_and_counts_the_rest(tmp_path):
    members = tmp_path / "members"
    write_synthetic_network(members, 80)  # 40 without a logo
    data = ("--members", str(members), "--content", str(tmp_path / "content"))

    quiet = invoke("validate", *data).stdout.splitlines()
    every = invoke("validate", *data, "--all-warnings").stdout.splitlines()

    assert sum(": warning: no logo: " in line for line in quiet) == 3
    assert quiet[-2] == (
        f"{members}/: 37 more files have the same warning (no logo); run "
        "`invoke validate --all-warnings` to list them"
    )
    assert sum(": warning: no logo: " in line for line in every) == 40
    assert quiet[-1] == every[-1]
    assert quiet[-1].endswith("; 0 errors, 40 warnings")
    assert not any(line.startswith("::") for line in quiet + every)


def test_validate_refuses_a_changed_list_it_cannot_read(tmp_path):
    result = invoke("validate", "--changed", str(tmp_path / "missing.txt"))
    assert result.returncode == 2
    assert "--changed: cannot read" in result.stderr


def test_build_renders_and_indexes_the_site(tmp_path):
    output = tmp_path / "output"
    # As in the deploy (`invoke publish --no-annotate`): printed, not annotated.
    result = invoke(
        "build", "--output", str(output), *FIXTURE_DATA, "--no-annotate", GITHUB_ACTIONS="true"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no logo" in result.stdout and "::" not in result.stdout
    assert (output / "members" / "alpha-health" / "index.html").is_file()
    assert (output / "api" / "members.json").is_file()
    assert (output / "pagefind" / "pagefind-entry.json").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]  # no staging left over


def test_failed_build_leaves_the_previous_output_byte_identical(tmp_path):
    output = tmp_path / "output"
    assert invoke("build", "--output", str(output), *FIXTURE_DATA).returncode == 0
    before = snapshot(output)

    result = invoke("build", "--output", str(output), "--members", str(BAD_MEMBERS))

    assert result.returncode == 1
    assert "duplicate-key.yaml:8:1: error: duplicate key 'name'" in result.stdout
    assert f"{output} was left unchanged" in result.stdout
    assert snapshot(output) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]
