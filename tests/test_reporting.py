"""How diagnostics are shown at scale: a warning repeated across many files is printed for
its first files and counted; under GitHub Actions the annotations go to the changed files
first, errors before warnings, never more than GitHub shows; the job summary gets the rest.

The network: the fixture site plus 80 synthetic members, 40 of them without a logo (44 with
the fixture's four), twelve broken files and one overdue review late in the alphabet.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from healthnet import cli, reporting
from healthnet.diagnostics import Report
from healthnet.project import Project
from healthnet.synthetic import write_synthetic_network
from tests.support import REPO, TODAY, copy_fixture_site

NO_LOGO = ": warning: no logo: "
BROKEN = [f"members/zz-broken-{number:02d}.yaml" for number in range(12)]
STALE = "members/member-00079.yaml"  # no logo, and a review more than 12 months old
SUMMARY = (
    "86 valid members, 5 resources, 1 learning path, 3 events, 2 news posts, 7 pages; "
    "12 errors, 45 warnings"
)


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    root = copy_fixture_site(tmp_path_factory.mktemp("network"))
    members = root / "members"
    write_synthetic_network(members, 80)
    with (members / "member-00079.yaml").open("a") as file:
        file.write("last_reviewed: 2024-01-15\n")
    for broken in BROKEN:
        (root / broken).write_text("name: [unclosed\n")
    return root


def run(capsys, root: Path, **options) -> list[str]:
    cli.validate(Project.at(root), today=TODAY, **options)
    return capsys.readouterr().out.splitlines()


def no_logo_files(root: Path) -> list[str]:
    """The members without a logo, as `git diff --name-only` names them."""
    return sorted(
        f"members/{path.name}"
        for path in (root / "members").glob("*.yaml")
        if "logo:" not in path.read_text() and not path.name.startswith("zz-")
    )


def annotations(lines: list[str]) -> list[tuple[str, str]]:
    """(severity, file) of each annotation line, in order."""
    return re.findall(r"^::(error|warning) file=([^,]+),", "\n".join(lines), re.M)


# --- terminal ---------------------------------------------------------------------------------


def test_a_repeated_warning_is_printed_for_three_files_then_counted(root, capsys):
    out = run(capsys, root, github=None)

    no_logo = [line for line in out if NO_LOGO in line]
    assert [line.split(":")[0] for line in no_logo] == [
        "members/3d-health-lab.yaml", "members/beta-clinic.yaml", "members/cafe-sante.yaml",
    ]  # fmt: skip
    assert out[-2:] == [
        "members/: 41 more files have the same warning (no logo); run "
        "`invoke validate --all-warnings` to list them",
        SUMMARY,
    ]
    # Errors are never collapsed, and a warning of its own is shown wherever it is.
    assert sorted(line.split(":")[0] for line in out if ": error: " in line) == BROKEN
    assert any(line.startswith(f"{STALE}:") and "'last_reviewed'" in line for line in out)
    assert not any(line.startswith("::") for line in out)


def test_all_warnings_lists_every_one(root, capsys):
    out = run(capsys, root, github=False, all_warnings=True)

    assert [line.split(":")[0] for line in out if NO_LOGO in line] == no_logo_files(root)
    assert len(no_logo_files(root)) == 44
    assert not any("more files have the same warning" in line for line in out)
    assert out[-1] == SUMMARY


def test_the_printed_lines_are_sorted_by_path_line_and_column(root, capsys):
    out = run(capsys, root, github=False, all_warnings=True)
    positions = [
        (match[1], int(match[2]), int(match[3]))
        for line in out
        if (match := re.match(r"^(.+?):(\d+):(\d+): ", line))
    ]
    assert positions == sorted(positions)
    assert len(positions) == 12 + 45


# --- GitHub Actions ---------------------------------------------------------------------------


def test_github_annotates_the_changed_files_errors_first_at_most_ten_each(root, capsys):
    changed = [BROKEN[-1], BROKEN[-2], *no_logo_files(root)[-15:], "README.md"]
    out = run(capsys, root, github=True, changed=changed)

    annotated = annotations(out)
    errors = [path for severity, path in annotated if severity == "error"]
    warnings = [path for severity, path in annotated if severity == "warning"]
    assert annotated == [("error", p) for p in errors] + [("warning", p) for p in warnings]
    # The changed broken files first, then other errors: a change can break another file.
    assert errors == [BROKEN[-2], BROKEN[-1], *BROKEN[:8]]
    # Warnings only of changed files, the file's own before the one repeated everywhere.
    assert len(warnings) == 10
    assert set(warnings) <= set(changed)
    assert warnings[0] == STALE
    stale = "::warning file=members/member-00079.yaml,line=17,col=16::'last_reviewed' is "
    assert any(line.startswith(stale) for line in out)
    (notice,) = [line for line in out if line.startswith("::notice")]
    assert notice.startswith("::notice::Not annotated: 2 errors and 35 warnings. ")
    assert "warnings only on the files this pull request changes" in notice
    # The log itself is as in a terminal.
    assert "members/: 41 more files have the same warning (no logo)" in "\n".join(out)
    assert out[-1] == SUMMARY


def test_github_without_a_changed_list_annotates_errors_then_the_rarest_warnings(root, capsys):
    out = run(capsys, root, github=True)

    annotated = annotations(out)
    assert annotated[:10] == [("error", path) for path in BROKEN[:10]]
    assert [severity for severity, _ in annotated[10:]] == ["warning"] * 10
    assert annotated[10] == ("warning", STALE)
    assert any(line.startswith("::notice::Not annotated: 2 errors and 35 warnings") for line in out)


def test_github_annotations_stay_within_the_changed_files_even_if_none_have_warnings(root, capsys):
    out = run(capsys, root, github=True, changed=["taxonomy.yaml"])
    assert [severity for severity, _ in annotations(out)] == ["error"] * 10


def test_github_job_summary_lists_the_errors_and_counts_each_warning(
    root, capsys, tmp_path, monkeypatch
):
    summary = tmp_path / "summary.md"
    summary.write_text("## An earlier step's summary\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    monkeypatch.setenv("GITHUB_ACTIONS", "true")

    out = run(capsys, root)

    text = summary.read_text()
    assert text.startswith("## An earlier step's summary\n## Validation: 12 errors, 45 warnings\n")
    assert "| members/zz-broken-00.yaml | 2:1 | invalid YAML" in text
    assert text.count("| members/zz-broken-") == 12
    (no_logo,) = [line for line in text.splitlines() if line.startswith("| no logo: ")]
    assert no_logo.endswith(
        "| 44 | members/3d-health-lab.yaml, members/beta-clinic.yaml, "
        "members/cafe-sante.yaml and 41 more |"
    )
    (review,) = [line for line in text.splitlines() if line.startswith("| review overdue: ")]
    assert "'last\\_reviewed' is 2024-01-15" in review and review.endswith(f"| 1 | {STALE} |")
    assert "the job summary and this step's log" in next(x for x in out if "::notice" in x)


def test_no_job_summary_outside_github(root, capsys, tmp_path, monkeypatch):
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    run(capsys, root, github=False)
    assert not summary.exists()


# --- grouping and the summary's Markdown ------------------------------------------------------


def report_with(tmp_path: Path, *entries: tuple[str, str, str | None]) -> Report:
    report = Report(tmp_path)
    for name, message, rule in entries:
        report.warning(tmp_path / name, (1, 1), message, rule)
    return report


def test_identical_messages_group_without_a_rule_and_different_ones_do_not(tmp_path):
    report = report_with(
        tmp_path,
        *[(f"a{n}.yaml", "same words; the same advice", None) for n in range(6)],
        *[(f"b{n}.yaml", f"'summary' is {150 + n} characters long", None) for n in range(5)],
        *[(f"c{n}.yaml", f"differs {n}", "one-rule") for n in range(7)],
        *[(f"d{n}.yaml", "few; printed", "few-of-them") for n in range(5)],
    )
    groups = reporting.group_warnings(report.diagnostics)
    assert [(group.label, len(group.files), group.repeated) for group in groups] == [
        ("same words", 6, True),
        *[(f"'summary' is {150 + n} characters long", 1, False) for n in range(5)],
        ("one rule", 7, True),
        ("few of them", 5, False),  # hiding two lines would save nothing
    ]
    lines = reporting.log_lines(report.sorted(), groups, all_warnings=False)
    assert sum("few; printed" in line for line in lines) == 5
    assert lines[-2:] == [
        "3 more files have the same warning (same words); run `invoke validate "
        "--all-warnings` to list them",
        "4 more files have the same warning (one rule); run `invoke validate --all-warnings` "
        "to list them",
    ]


def test_the_count_names_the_folder_the_other_files_share(tmp_path):
    members = report_with(
        tmp_path, *[(f"members/m{n}.yaml", "TODO", "todo-left") for n in range(5)]
    )
    (group,) = reporting.group_warnings(members.diagnostics)
    assert group.more_line().startswith("members/: 2 more files have the same warning (todo left)")

    mixed = report_with(
        tmp_path,
        *[(f"/elsewhere/members/m{n}.yaml", "TODO", "todo-left") for n in range(4)],
        ("content/resources/r.md", "TODO", "todo-left"),
        ("members/m.yaml", "TODO", "todo-left"),
    )
    (group,) = reporting.group_warnings(mixed.diagnostics)
    assert group.hidden_files == [
        "/elsewhere/members/m3.yaml", "content/resources/r.md", "members/m.yaml",
    ]  # fmt: skip
    assert group.more_line().startswith("3 more files have the same warning (todo left)")


def test_a_warning_repeated_in_three_files_is_printed_in_full(tmp_path):
    report = report_with(tmp_path, *[(f"m{n}.yaml", "no logo", "no-logo") for n in range(3)])
    groups = reporting.group_warnings(report.diagnostics)
    assert reporting.log_lines(report.sorted(), groups, all_warnings=False) == [
        f"m{n}.yaml:1:1: warning: no logo" for n in range(3)
    ]


def test_contributed_text_in_the_summary_stays_text(tmp_path):
    report = Report(tmp_path)
    report.error(tmp_path / "a|b.yaml", (2, 7), "'type' is '<img src=x>[click](https://e.org)|*x*'")
    diagnostics = report.sorted()
    text = reporting.markdown_summary(diagnostics, [], "counts", report.summary())
    row = next(line for line in text.splitlines() if line.startswith("| a"))
    assert row == (
        "| a\\|b.yaml | 2:7 | 'type' is '\\<img src=x\\>\\[click\\]\\(https://e.org\\)\\|\\*x\\*' |"
    )


def test_read_file_list_takes_git_diff_name_only_output(tmp_path):
    listing = tmp_path / "changed.txt"
    listing.write_text("members/a.yaml\n\ncontent/resources/b.md\n  \n")
    assert reporting.read_file_list(listing) == ["members/a.yaml", "content/resources/b.md"]


def test_thousands_of_members_without_a_logo_take_a_few_lines(tmp_path, capsys):
    members = tmp_path / "members"
    write_synthetic_network(members, 3_000)  # 1,500 without a logo
    cli.validate(Project.at(REPO, members, tmp_path / "content"), today=TODAY)
    out = capsys.readouterr().out.replace(f"{tmp_path}/", "")  # outside the repository
    assert out.splitlines() == [
        *(
            f"members/member-{n:05d}.yaml:1:1: warning: no logo: the directory shows the "
            "organization's initials instead; add an SVG, PNG or WebP file to members/logos/ "
            f"and a line 'logo: logos/member-{n:05d}.svg'"
            for n in (1, 3, 5)
        ),
        "members/: 1,497 more files have the same warning (no logo); run `invoke validate "
        "--all-warnings` to list them",
        "3,000 valid members, 0 resources, 0 learning paths, 0 events, 0 news posts, 0 pages; "
        "0 errors, 1,500 warnings",
    ]
