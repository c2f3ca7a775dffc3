"""Validation of content files (resources, paths, events, news, pages), by line and column.

Each file in tests/fixtures/bad-content/ holds one class of mistake; the folder is validated
in one run with the fixture site's members, as `invoke validate` does, and every message of
every file is checked. Lines count from the top of the Markdown file, front matter fences
included.
"""

from healthnet import cli
from healthnet.diagnostics import Report
from healthnet.project import load_network
from tests.support import FIXTURE_MEMBERS, FIXTURES, TODAY, project_with

BAD_CONTENT = FIXTURES / "bad-content"

EXPECTED = {
    "events/bad-place.md": [
        "events/bad-place.md:4:8: error: 'start' is 2027-02-30T08:30, which is not a real date and time; write YYYY-MM-DDTHH:MM with hours 00-23",
        "events/bad-place.md:10:11: error: 'place.region' is 'ZZ', which is not a subdivision of US; allowed: an ISO 3166-2 code without the country, such as AK, AL, AR, AS",
        "events/bad-place.md:12:15: error: 'registration' must not contain a user name or password; allowed: an https:// address such as https://www.example.org",
    ],
    "events/bad-times.md": [
        "events/bad-times.md:5:6: error: 'end' is 2027-03-18T08:30, not after 'start' (2027-03-18T17:00); allowed: a time after the start",
        "events/bad-times.md:6:11: error: 'timezone' is 'Chicago', which is not a known time zone; allowed: an IANA name such as America/New_York, America/Chicago, America/Denver, America/Los_Angeles, Europe/London",
    ],
    "events/no-place.md": [
        "events/no-place.md:1:1: error: an event needs 'place' (where it happens in person) or 'online' (an https:// link to join), or both",
        "events/no-place.md:7:23: error: 'hosts[2]' is 'gamma-health', which is not a member (did you mean 'alpha-health'?); allowed: the file name of a member in members/, without .yaml",
    ],
    "events/time-formats.md": [
        "events/time-formats.md:4:8: error: 'start' is '2027-03-18 08:30'; allowed: a local date and time written YYYY-MM-DDTHH:MM, such as 2027-03-18T08:30 (the time zone goes in 'timezone')",
        "events/time-formats.md:5:6: error: 'end' is '2027-03-18T17:00:00-05:00'; allowed: a local date and time written YYYY-MM-DDTHH:MM, such as 2027-03-18T08:30 (the time zone goes in 'timezone')",
    ],
    "news/bad-news.md": [
        "news/bad-news.md:2:1: error: missing required field 'date': Publication date, YYYY-MM-DD.",
        "news/bad-news.md:4:11: error: 'members[1]' is 'cafe-sant', which is not a member (did you mean 'cafe-sante'?); allowed: the file name of a member in members/, without .yaml",
    ],
    "pages/bad-page.md": [
        "pages/bad-page.md:2:1: error: missing required field 'title': The page's title.",
        "pages/bad-page.md:2:1: error: unknown field 'titel' (did you mean 'title'?); allowed here: title, summary, template, nav, save_as, url",
    ],
    "paths/bad-steps.md": [
        "paths/bad-steps.md:7:15: error: 'steps[2].resource' is 'missing-feilds', which is not a resource (did you mean 'missing-fields'?); allowed: the file name of a resource in content/resources/, without .md",
        "paths/bad-steps.md:9:15: error: 'steps[3].resource' is 'unknown-values', already step 1; allowed: each resource once per path",
        "paths/bad-steps.md:11:5: error: missing required field 'steps[4].resource': A resource's file name in content/resources/ without .md.",
    ],
    "paths/one-step.md": [
        "paths/one-step.md:5:3: error: 'steps' lists 1; at least 2 are needed",
    ],
    "resources/Bad_Name.md": [
        "resources/Bad_Name.md:1:1: error: file name 'Bad_Name.md' is not a valid slug; use lowercase letters, digits and single hyphens, such as 'bad-name.md'",
    ],
    "resources/bad-attachments.md": [
        "resources/bad-attachments.md:8:11: error: 'attachments[1].file' is 'files/checklst.pdf', which does not exist (did you mean 'files/checklist.pdf'?); allowed: a file you added to content/files/",
        "resources/bad-attachments.md:10:11: error: 'attachments[2].file' is 'files/../secret.pdf', which is outside content/files/; allowed: a file inside it",
        "resources/bad-attachments.md:12:11: error: 'attachments[3].file' is 'files/page.html'; allowed: files/<name>.pdf, .docx, .xlsx, .pptx, .odt, .ods, .odp, .csv, .txt, .png, .jpg, .webp, .mp3",
        "resources/bad-attachments.md:14:5: error: missing required field 'attachments[4].title': What the file is.",
    ],
    "resources/bad-dates.md": [
        "resources/bad-dates.md:6:7: error: 'date' is 2026-02-30, which is not a real date; write YYYY-MM-DD",
    ],
    "resources/bad-link-and-minutes.md": [
        "resources/bad-link-and-minutes.md:7:7: error: 'link' is 'http://webinars.example.org/recording'; allowed: an https:// address with no spaces",
        "resources/bad-link-and-minutes.md:8:10: error: 'minutes' is 0; allowed: a whole number from 1 to 600",
    ],
    "resources/bad-references.md": [
        "resources/bad-references.md:7:16: error: 'contributors[1]' is 'alpha-helth', which is not a member (did you mean 'alpha-health'?); allowed: the file name of a member in members/, without .yaml",
        "resources/bad-references.md:7:29: error: 'contributors[2]' is 'Beta Clinic'; allowed: a member's file name in members/ without .yaml, such as riverbend-regional-health",
    ],
    "resources/duplicate-title-b.md": [
        "resources/duplicate-title-b.md:2:8: error: title 'The Same Title' is already used by resources/duplicate-title-a.md; each resource needs its own title",
    ],
    "resources/future-date.md": [
        "resources/future-date.md:6:7: warning: 'date' is 2027-01-10, a date in the future",
        "resources/future-date.md:7:10: error: 'updated' is 2026-12-01, before 'date' (2027-01-10); allowed: the day of a revision after publication",
        "resources/future-date.md:7:10: warning: 'updated' is 2026-12-01, a date in the future",
    ],
    "resources/invalid-yaml.md": [
        'resources/invalid-yaml.md:3:14: error: invalid YAML: mapping values are not allowed in this context; a value containing ": " must be quoted, for example "Note: text"',
    ],
    "resources/missing-fields.md": [
        "resources/missing-fields.md:2:1: error: missing required field 'date': When it was published, YYYY-MM-DD.",
        "resources/missing-fields.md:2:1: error: missing required field 'summary': One plain sentence for cards, feeds and search results, at most 200 characters.",
        "resources/missing-fields.md:2:1: error: missing required field 'topics': What it is about (at least one).",
        "resources/missing-fields.md:2:1: error: missing required field 'type': What kind of resource this is.",
    ],
    "resources/no-front-matter.md": [
        "resources/no-front-matter.md:1:1: error: a resource starts with a line '---', then its fields (title: ...), then another '---' line, then the text",
    ],
    "resources/notes.txt": [
        "resources/notes.txt:1:1: error: resource files are Markdown files ending in .md; rename it to notes.md",
    ],
    "resources/old/nested.md": [
        "resources/old/nested.md:1:1: error: resource files belong directly in resources/; move it to resources/nested.md",
    ],
    "resources/type.md": [
        "resources/type.md:1:1: error: file name 'type' is reserved for the library's pages (audience, index, page, platform, topic, type); choose another name",
    ],
    "resources/unclosed-front-matter.md": [
        "resources/unclosed-front-matter.md:1:1: error: the front matter is never closed; add a line '---' after the last field",
    ],
    "resources/unknown-field.md": [
        "resources/unknown-field.md:7:1: error: unknown field 'contributer' (did you mean 'contributors'?); allowed here: title, summary, type, topics, audience, platforms, contributors, date, updated, minutes, attachments, link",
    ],
    "resources/unknown-values.md": [
        "resources/unknown-values.md:4:7: error: 'type' is 'guid', which is not allowed (did you mean 'guide'?); allowed: guide, toolkit, policy-template, case-study, webinar, course, checklist, infographic, research, podcast",
        "resources/unknown-values.md:5:10: error: 'topics[1]' is 'crisis', which is not allowed (did you mean 'crisis-communication'?); allowed: patient-education, crisis-communication, public-health-campaigns, misinformation, policy, professionalism, privacy-compliance, community-engagement, health-equity, accessibility, video-storytelling, clinician-voices, recruitment, analytics, paid-social, research-communication, fundraising, mental-health",
        "resources/unknown-values.md:6:12: error: 'audience[1]' is 'doctors', which is not allowed; allowed: physicians, nurses, communicators, executives, students, patient-advocates",
        "resources/unknown-values.md:7:13: error: 'platforms[1]' is 'twitter', which is not allowed (did you mean 'x'?); allowed: x, facebook, instagram, linkedin, youtube, tiktok, bluesky, threads, mastodon, pinterest, blog, podcast",
    ],
}


def content_report() -> list[str]:
    report = Report(BAD_CONTENT)
    load_network(project_with(FIXTURE_MEMBERS, BAD_CONTENT), report, TODAY)
    # The fixture members' own warnings (no logo) are not this test's business.
    return [d.format() for d in report.sorted() if not d.path.startswith("/")]


def test_every_mistake_is_reported_by_file_line_and_column_in_one_run():
    reported: dict[str, list[str]] = {}
    for line in content_report():
        reported.setdefault(line.split(":", 1)[0], []).append(line)
    assert reported == EXPECTED


def test_every_fixture_file_is_expected_to_fail():
    """A new fixture file without expectations, or an expectation without its file."""
    files = {
        path.relative_to(BAD_CONTENT).as_posix()
        for path in BAD_CONTENT.rglob("*")
        if path.is_file() and path.parent != BAD_CONTENT and path.parent.name != "files"
    }
    # The first of two files with one title keeps it.
    assert files == set(EXPECTED) | {"resources/duplicate-title-a.md"}


def test_validate_exits_1_and_annotates_content_lines_for_github(capsys, monkeypatch):
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    project = project_with(FIXTURE_MEMBERS, BAD_CONTENT)
    # GitHub shows ten annotations of each kind: the changed files' come first.
    changed = ["tests/fixtures/bad-content/resources/invalid-yaml.md"]
    assert cli.validate(project, github=True, today=TODAY, changed=changed) == 1
    out = capsys.readouterr().out.splitlines()
    assert (
        "::error file=tests/fixtures/bad-content/resources/invalid-yaml.md,line=3,col=14::"
        "invalid YAML: mapping values are not allowed in this context; a value containing "
        '": " must be quoted, for example "Note: text"'
    ) in out
    errors = sum(": error: " in line for lines in EXPECTED.values() for line in lines)
    warnings = sum(": warning: " in line for lines in EXPECTED.values() for line in lines)
    # The fixture members without a logo add their warnings.
    assert out[-1] == (
        f"6 valid members, 1 resource, 0 learning paths, 0 events, 0 news posts, 0 pages; "
        f"{errors} errors, {warnings + 4} warnings"
    )
