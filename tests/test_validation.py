"""Validation of member files: one test per class of mistake, with file, line and column.

Each file in tests/fixtures/bad-members/ holds one class of mistake; the whole folder is
validated in one run, as `invoke validate` does, and every file's messages are checked.
"""

import dataclasses
import datetime as dt
import shutil

import pytest

from healthnet import cli
from healthnet.diagnostics import Report, Severity
from healthnet.project import load_network
from healthnet.schema import write_schemas
from healthnet.taxonomy import load_taxonomy
from tests.support import (
    BAD_MEMBERS,
    FIXTURE_MEMBERS,
    REPO,
    TODAY,
    copy_members,
    formatted,
    project_with,
    validate,
)

EXPECTED = {
    "Bad_File_Name.yaml": [
        "Bad_File_Name.yaml:1:1: error: file name 'Bad_File_Name.yaml' is not a valid slug; use lowercase letters, digits and single hyphens, such as 'bad-file-name.yaml'",
        "Bad_File_Name.yaml:1:1: warning: no logo: the directory shows the organization's initials instead; add an SVG, PNG or WebP file to members/logos/ and a line 'logo: logos/Bad_File_Name.svg'",
    ],
    "bad-country.yaml": [
        "bad-country.yaml:1:1: warning: no logo: the directory shows the organization's initials instead; add an SVG, PNG or WebP file to members/logos/ and a line 'logo: logos/bad-country.svg'",
        "bad-country.yaml:5:12: error: 'location.country' is 'XX', which is not an ISO 3166-1 country code; allowed: two capital letters such as US, CA, GB, AU",
    ],
    "bad-dates.yaml": [
        "bad-dates.yaml:1:1: warning: no logo: the directory shows the organization's initials instead; add an SVG, PNG or WebP file to members/logos/ and a line 'logo: logos/bad-dates.svg'",
        "bad-dates.yaml:3:9: error: 'joined' is 2019-02-30, which is not a real date; write YYYY-MM-DD",
        "bad-dates.yaml:8:16: error: 'last_reviewed' is '15/01/2026'; allowed: a date written YYYY-MM-DD",
    ],
    "bad-handles.yaml": [
        "bad-handles.yaml:1:1: warning: no logo: the directory shows the organization's initials instead; add an SVG, PNG or WebP file to members/logos/ and a line 'logo: logos/bad-handles.svg'",
        "bad-handles.yaml:9:6: error: 'social.x' is '@badhandles' (did you mean 'badhandles'?); allowed: a handle of 1 to 15 letters, digits or underscores, without @",
        "bad-handles.yaml:10:13: error: 'social.facebook' is 'https://www.facebook.com/badhandles' (did you mean 'badhandles'?); allowed: a page user name of 5 to 50 letters, digits or single dots between them",
        "bad-handles.yaml:11:13: error: 'social.linkedin' is 'badhandles' (did you mean 'company/badhandles'?); allowed: the page path: company/, school/, showcase/ or in/ and the page name",
        "bad-handles.yaml:12:12: error: 'social.youtube' is 'badhandles' (did you mean '@badhandles'?); allowed: a channel handle starting with @ (quote it in YAML)",
        "bad-handles.yaml:13:13: error: 'social.mastodon' is 'badhandles@mastodon.example.org' (did you mean '@badhandles@mastodon.example.org'?); allowed: the full address @user@server (quote it in YAML)",
        "bad-handles.yaml:14:3: error: unknown field 'social.myspace'; allowed here: x, facebook, instagram, linkedin, youtube, tiktok, bluesky, threads, mastodon, pinterest, blog, podcast",
    ],
    "bad-region.yaml": [
        "bad-region.yaml:1:1: warning: no logo: the directory shows the organization's initials instead; add an SVG, PNG or WebP file to members/logos/ and a line 'logo: logos/bad-region.svg'",
        "bad-region.yaml:5:11: error: 'location.region' is 'ZZ', which is not a subdivision of US; allowed: an ISO 3166-2 code without the country, such as AK, AL, AR, AS",
    ],
    "bad-urls.yaml": [
        "bad-urls.yaml:1:1: warning: no logo: the directory shows the organization's initials instead; add an SVG, PNG or WebP file to members/logos/ and a line 'logo: logos/bad-urls.svg'",
        "bad-urls.yaml:6:10: error: 'website' is 'http://example.org'; allowed: an https:// address with no spaces",
        "bad-urls.yaml:9:9: error: 'social.blog' must not contain a user name or password; allowed: an https:// address such as https://www.example.org",
        "bad-urls.yaml:10:12: error: 'social.podcast' has no valid host name ('localhost'); allowed: an https:// address such as https://www.example.org",
    ],
    "broken-yaml.yaml": [
        'broken-yaml.yaml:3:14: error: invalid YAML: mapping values are not allowed in this context; a value containing ": " must be quoted, for example "Note: text"',
    ],
    "duplicate-key.yaml": [
        "duplicate-key.yaml:1:1: warning: no logo: the directory shows the organization's initials instead; add an SVG, PNG or WebP file to members/logos/ and a line 'logo: logos/duplicate-key.svg'",
        "duplicate-key.yaml:8:1: error: duplicate key 'name' (first on line 1); keep only one",
    ],
    "duplicate-name-a.yaml": [
        "duplicate-name-a.yaml:1:1: warning: no logo: the directory shows the organization's initials instead; add an SVG, PNG or WebP file to members/logos/ and a line 'logo: logos/duplicate-name-a.svg'",
    ],
    "duplicate-name-b.yaml": [
        "duplicate-name-b.yaml:1:1: warning: no logo: the directory shows the organization's initials instead; add an SVG, PNG or WebP file to members/logos/ and a line 'logo: logos/duplicate-name-b.svg'",
        "duplicate-name-b.yaml:1:7: error: name 'Saint Lüke  clinic' is already used by duplicate-name-a.yaml; names must be unique (ignoring case and accents)",
    ],
    "empty.yaml": [
        "empty.yaml:1:1: error: the file is empty; a member needs at least: name, type, joined, location, website, summary",
    ],
    "hidden-characters.yaml": [
        "hidden-characters.yaml:1:1: warning: no logo: the directory shows the organization's initials instead; add an SVG, PNG or WebP file to members/logos/ and a line 'logo: logos/hidden-characters.svg'",
        "hidden-characters.yaml:1:7: error: 'name' contains the character U+202E; only printable characters on one line are allowed",
    ],
    "long-summary.yaml": [
        "long-summary.yaml:1:1: warning: no logo: the directory shows the organization's initials instead; add an SVG, PNG or WebP file to members/logos/ and a line 'logo: logos/long-summary.svg'",
        "long-summary.yaml:7:10: error: 'summary' is 202 characters long; at most 200 are allowed",
    ],
    "missing-logo.yaml": [
        "missing-logo.yaml:8:7: error: 'logo' file members/logos/missing-logo.svg does not exist; add the file to members/logos/ or remove the 'logo' line",
    ],
    "missing-required.yaml": [
        "missing-required.yaml:1:1: error: missing required field 'joined': When it joined the network, YYYY-MM-DD.",
        "missing-required.yaml:1:1: error: missing required field 'location': Where the organization is based. Country is required.",
        "missing-required.yaml:1:1: error: missing required field 'summary': One plain sentence for cards and search results, at most 200 characters.",
        "missing-required.yaml:1:1: error: missing required field 'website': The organization's website (https only).",
        "missing-required.yaml:1:1: warning: no logo: the directory shows the organization's initials instead; add an SVG, PNG or WebP file to members/logos/ and a line 'logo: logos/missing-required.svg'",
    ],
    "not-a-mapping.yaml": [
        "not-a-mapping.yaml:1:1: error: the file is not a mapping of fields; a member needs at least: name, type, joined, location, website, summary",
    ],
    "old-extension.yml": [
        "old-extension.yml:1:1: error: member files end in .yaml; rename to old-extension.yaml",
    ],
    "stale-review.yaml": [
        "stale-review.yaml:1:1: warning: no logo: the directory shows the organization's initials instead; add an SVG, PNG or WebP file to members/logos/ and a line 'logo: logos/stale-review.svg'",
        "stale-review.yaml:8:16: warning: 'last_reviewed' is 2025-01-15, more than 12 months ago; check the profile is still right and update the date",
    ],
    "type.yaml": [
        "type.yaml:1:1: error: file name 'type' is reserved for the directory's pages (index, page, platform, region, tier, topic, type); choose another name",
        "type.yaml:1:1: warning: no logo: the directory shows the organization's initials instead; add an SVG, PNG or WebP file to members/logos/ and a line 'logo: logos/type.svg'",
    ],
    "unknown-keys.yaml": [
        "unknown-keys.yaml:1:1: error: missing required field 'website': The organization's website (https only).",
        "unknown-keys.yaml:1:1: warning: no logo: the directory shows the organization's initials instead; add an SVG, PNG or WebP file to members/logos/ and a line 'logo: logos/unknown-keys.svg'",
        "unknown-keys.yaml:6:3: error: unknown field 'location.postcode'; allowed here: city, region, country",
        "unknown-keys.yaml:7:1: error: unknown field 'websit' (did you mean 'website'?); allowed here: name, type, tier, joined, location, website, summary, description, logo, social, topics, contacts, aliases, last_reviewed",
    ],
    "unknown-values.yaml": [
        "unknown-values.yaml:1:1: warning: no logo: the directory shows the organization's initials instead; add an SVG, PNG or WebP file to members/logos/ and a line 'logo: logos/unknown-values.svg'",
        "unknown-values.yaml:2:7: error: 'type' is 'hospitl', which is not allowed (did you mean 'hospital'?); allowed: academic-medical-center, health-system, hospital, childrens-hospital, critical-access-hospital, clinic-practice, public-health-agency, professional-association, nonprofit-advocacy, payer, life-sciences, education, technology-partner, agency-consultancy",
        "unknown-values.yaml:3:7: error: 'tier' is 'gold', which is not allowed; allowed: member, founding-member, sponsor, partner",
        "unknown-values.yaml:9:18: error: 'topics[2]' is 'marketing', which is not allowed; allowed: patient-education, crisis-communication, public-health-campaigns, misinformation, policy, professionalism, privacy-compliance, community-engagement, health-equity, accessibility, video-storytelling, clinician-voices, recruitment, analytics, paid-social, research-communication, fundraising, mental-health",
    ],
    "unsafe-logo.yaml": [
        "unsafe-logo.yaml:8:7: error: 'logo' file members/logos/unsafe-logo.svg declares entities (<!ENTITY>), which a logo may not use",
    ],
    "wrong-types.yaml": [
        "wrong-types.yaml:1:1: warning: no logo: the directory shows the organization's initials instead; add an SVG, PNG or WebP file to members/logos/ and a line 'logo: logos/wrong-types.svg'",
        "wrong-types.yaml:1:7: error: 'name' must be text, but YAML reads 12345 as a number; quote it: \"12345\"",
        "wrong-types.yaml:5:12: error: 'location.country' must be text, but YAML reads NO as a boolean; quote it: \"NO\"",
        "wrong-types.yaml:6:9: error: 'website' is empty; it must be text",
        "wrong-types.yaml:7:10: error: 'summary' must be text, but YAML reads 2019-05-01 as a date; quote it: \"2019-05-01\"",
        "wrong-types.yaml:8:9: error: 'topics' must be a list, not text",
    ],
}


@pytest.fixture(scope="module")
def bad_report():
    return validate(BAD_MEMBERS)


@pytest.mark.parametrize("file", sorted(EXPECTED))
def test_each_mistake_is_reported_with_position_and_fix(bad_report, file):
    reported = [d.format() for d in bad_report.sorted() if d.path == file]
    assert reported == EXPECTED[file]


def test_every_file_is_reported_in_one_run(bad_report):
    assert formatted(bad_report) == [line for file in sorted(EXPECTED) for line in EXPECTED[file]]
    files_with_errors = {d.path for d in bad_report.errors}
    every_bad_file = {p.name for p in BAD_MEMBERS.iterdir() if p.is_file()}
    # The first of two members with the same name keeps it; a stale review only warns.
    assert files_with_errors == every_bad_file - {"duplicate-name-a.yaml", "stale-review.yaml"}


def test_the_fixture_members_are_valid():
    report = validate(FIXTURE_MEMBERS)
    assert report.errors == []
    assert sorted(d.path for d in report.warnings) == [
        "3d-health-lab.yaml", "beta-clinic.yaml", "cafe-sante.yaml", "echo-public-health.yaml",
    ]  # fmt: skip
    assert all("no logo" in d.message for d in report.warnings)


def test_a_long_summary_is_a_warning_below_the_limit(tmp_path):
    members = copy_members(FIXTURE_MEMBERS, tmp_path / "members")
    path = members / "alpha-health.yaml"
    summary = "A health system that shares its moderation playbook" + " and more" * 13
    path.write_text(path.read_text().replace(
        "summary: A health system that shares its moderation playbook.", f"summary: {summary}"
    ))  # fmt: skip
    assert [d.format() for d in validate(members).sorted() if d.path == path.name] == [
        "alpha-health.yaml:11:10: warning: 'summary' is 168 characters long; cards read best "
        "under 160"
    ]


def test_the_sample_network_is_valid():
    report = validate(REPO / "members")
    assert [d.format() for d in report.errors] == []


def test_slugs_that_differ_only_in_case_collide(tmp_path):
    members = copy_members(FIXTURE_MEMBERS, tmp_path / "members")
    shutil.copy(members / "beta-clinic.yaml", members / "Alpha-Health.yaml")
    messages = formatted(validate(members))
    assert (
        "Alpha-Health.yaml:1:1: error: file name gives the same slug 'alpha-health' as "
        "alpha-health.yaml; each member needs its own" in messages
    )


def test_future_dates_and_stale_reviews_are_warnings_only(tmp_path):
    members = copy_members(FIXTURE_MEMBERS, tmp_path / "members")
    path = members / "alpha-health.yaml"
    text = path.read_text().replace("joined: 2015-03-01", "joined: 2027-01-01")
    path.write_text(text.replace("last_reviewed: 2026-06-01", "last_reviewed: 2025-06-01"))
    report = validate(members, today=dt.date(2026, 11, 24))
    assert report.errors == []
    assert [d.format() for d in report.sorted() if d.path == path.name] == [
        "alpha-health.yaml:5:9: warning: 'joined' is 2027-01-01, a date in the future",
        "alpha-health.yaml:27:16: warning: 'last_reviewed' is 2025-06-01, more than 12 months "
        "ago; check the profile is still right and update the date",
    ]


def test_validate_command_exits_1_on_errors_and_0_on_warnings(tmp_path, capsys):
    assert cli.validate(project_with(BAD_MEMBERS), github=False, today=TODAY) == 1
    out = capsys.readouterr().out
    assert "wrong-types.yaml:5:12: error: 'location.country' must be text" in out
    every_line = [line for lines in EXPECTED.values() for line in lines]
    errors = sum(": error: " in line for line in every_line)
    warnings = sum(": warning: " in line for line in every_line)
    assert out.splitlines()[-1] == (
        f"2 valid members, 0 resources, 0 learning paths, 0 events, 0 news posts, 0 pages; "
        f"{errors} errors, {warnings} warnings"
    )

    members = copy_members(FIXTURE_MEMBERS, tmp_path / "members")
    shutil.copy(BAD_MEMBERS / "stale-review.yaml", members)
    assert cli.validate(project_with(members), github=False, today=TODAY) == 0
    out = capsys.readouterr().out.splitlines()
    assert (
        f"{members}/stale-review.yaml:8:16: warning: 'last_reviewed' is 2025-01-15, more than "
        "12 months ago; check the profile is still right and update the date"
    ) in out
    # The fixture's four members without a logo, and the stale review's two warnings.
    assert (
        out[-1]
        == "7 valid members, 0 resources, 0 learning paths, 0 events, 0 news posts, 0 pages; "
        "0 errors, 6 warnings"
    )


def test_github_annotations_point_at_the_line(capsys, monkeypatch):
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    # Annotations go to the files a pull request changes first; GitHub shows ten of each.
    changed = [
        f"tests/fixtures/bad-members/{name}" for name in ("duplicate-key.yaml", "stale-review.yaml")
    ]
    cli.validate(project_with(BAD_MEMBERS), github=True, today=TODAY, changed=changed)
    out = capsys.readouterr().out.splitlines()
    assert (
        "::error file=tests/fixtures/bad-members/duplicate-key.yaml,line=8,col=1::"
        "duplicate key 'name' (first on line 1); keep only one"
    ) in out
    assert any(
        line.startswith(
            "::warning file=tests/fixtures/bad-members/stale-review.yaml,line=8,col=16::"
        )
        for line in out
    )


def test_stale_schema_file_is_an_error(tmp_path):
    schema_dir = tmp_path / "schema"
    taxonomy = load_taxonomy(REPO / "taxonomy.yaml", validate(FIXTURE_MEMBERS))
    write_schemas(schema_dir, taxonomy)
    (schema_dir / "member.schema.json").write_text("{}\n")
    project = dataclasses.replace(project_with(FIXTURE_MEMBERS), schema_dir=schema_dir)
    report = Report(REPO)
    load_network(project, report, TODAY)
    [error] = report.errors
    assert error.message.startswith("out of date with taxonomy.yaml; run `invoke schema`")
    assert error.severity is Severity.ERROR


def test_a_platform_unknown_to_the_registry_is_an_error(tmp_path):
    taxonomy = tmp_path / "taxonomy.yaml"
    text = (REPO / "taxonomy.yaml").read_text()
    taxonomy.write_text(text + "  friendster:\n    label: Friendster\n    description: Gone.\n")
    project = dataclasses.replace(project_with(FIXTURE_MEMBERS), taxonomy_file=taxonomy)
    report = Report(tmp_path)
    load_network(project, report, TODAY)
    line = text.count("\n") + 1
    assert (
        f"taxonomy.yaml:{line}:3: error: platform 'friendster' has no handle pattern"
        in (formatted(report)[0])
    )


def test_a_repeated_name_is_reported_even_when_the_file_has_other_errors(tmp_path):
    members = copy_members(FIXTURE_MEMBERS, tmp_path / "members")
    (members / "zz-alpha-again.yaml").write_text(
        (members / "beta-clinic.yaml").read_text().replace("Beta Clinic", "ALPHA health")
        + "colour: blue\n"
    )
    messages = [d.format() for d in sorted(validate(members).errors)]
    assert messages == [
        "zz-alpha-again.yaml:1:7: error: name 'ALPHA health' is already used by alpha-health.yaml; "
        "names must be unique (ignoring case and accents)",
        "zz-alpha-again.yaml:15:1: error: unknown field 'colour'; allowed here: name, type, tier, "
        "joined, location, website, summary, description, logo, social, topics, contacts, "
        "aliases, last_reviewed",
    ]


def test_member_files_in_subfolders_are_reported_not_ignored(tmp_path):
    members = copy_members(FIXTURE_MEMBERS, tmp_path / "members")
    (members / "hospitals").mkdir()
    shutil.copy(members / "beta-clinic.yaml", members / "hospitals" / "gamma.yaml")
    assert [d.format() for d in validate(members).errors] == [
        "hospitals/gamma.yaml:1:1: error: member files belong directly in members/; "
        "move it to gamma.yaml"
    ]


def write_member(members, slug, **changes):
    """A copy of beta-clinic.yaml under another slug, with some lines replaced."""
    text = (members / "beta-clinic.yaml").read_text()
    text = text.replace("name: Beta Clinic", f"name: {slug.title()}")
    for old, new in changes.items():
        text = text.replace(old.replace("_", " "), new)
    (members / f"{slug}.yaml").write_text(text)


@pytest.mark.parametrize(
    ("line", "replacement", "expected"),
    [
        ("name: Gamma", 'name: "   "',
         "gamma.yaml:1:7: error: 'name' is '   '; allowed: one line of text, not only spaces"),
        ("summary: A family clinic whose nurses answer questions on TikTok.",
         "contacts: [{role: Team, email: 'javascript:alert(1)//@x.com'}]\nsummary: Fine.",
         "gamma.yaml:10:32: error: 'contacts[1].email' is 'javascript:alert(1)//@x.com'; "
         "allowed: an e-mail address such as social@example.org"),
        ("topics: [video-storytelling]", "topics: [null]",
         "gamma.yaml:14:10: error: 'topics[1]' is empty; it must be text"),
        ("name: Gamma", "name: Gamma \u202eClinic",
         "gamma.yaml:1:7: error: 'name' contains the character U+202E; only printable "
         "characters on one line are allowed"),
    ],
)  # fmt: skip
def test_blank_text_loose_addresses_nulls_and_bidi_tricks_are_errors(
    tmp_path, line, replacement, expected
):
    members = copy_members(FIXTURE_MEMBERS, tmp_path / "members")
    write_member(members, "gamma")
    path = members / "gamma.yaml"
    path.write_text(path.read_text().replace(line, replacement))
    assert [d.format() for d in sorted(validate(members).errors)] == [expected]


def test_emoji_and_joined_scripts_are_welcome(tmp_path):
    members = copy_members(FIXTURE_MEMBERS, tmp_path / "members")
    write_member(members, "gamma")
    path = members / "gamma.yaml"
    # 🧑‍⚕️ uses a zero-width joiner; Persian uses the zero-width non-joiner.
    text = path.read_text().replace(
        "summary: A family clinic",
        "summary: \U0001f9d1\u200d\u2695\ufe0f می\u200cخواهم A family clinic",
    )
    path.write_text(text)
    assert validate(members).errors == []
