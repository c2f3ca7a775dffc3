"""The sample network shipped in members/ and content/: valid, varied and fictional."""

import re
from urllib.parse import urlsplit

from healthnet.diagnostics import Report
from healthnet.project import Project, load_network
from tests.support import REPO, TODAY

REPORT = Report(REPO)
NETWORK = load_network(Project.at(REPO), REPORT, TODAY)
MEMBERS = NETWORK.members
RESERVED_DOMAINS = ("example.org", "example.com", "example.net")
SCHEMA_OF_FOLDER = {
    "resource": "resources",
    "path": "paths",
    "event": "events",
    "news": "news",
    "page": "pages",
}


def test_sample_is_valid():
    assert [d.format() for d in REPORT.errors] == []


def test_sample_covers_every_type_tier_and_platform():
    assert len(MEMBERS) >= 30
    assert {m.type.key for m in MEMBERS} == set(NETWORK.taxonomy.member_types.keys)
    assert {m.tier.key for m in MEMBERS} == set(NETWORK.taxonomy.tiers.keys)
    used_platforms = {key for m in MEMBERS for key in m.platform_keys}
    assert used_platforms == set(NETWORK.taxonomy.platforms.keys)


def test_sample_spans_ten_states_and_three_other_countries():
    states = {m.location.region for m in MEMBERS if m.location.country == "US"}
    countries = {m.location.country for m in MEMBERS} - {"US"}
    assert len(states) >= 10
    assert len(countries) >= 3


def test_most_sample_members_have_a_logo():
    with_logo = [m for m in MEMBERS if m.logo]
    assert len(with_logo) >= 0.75 * len(MEMBERS)


def test_sample_addresses_are_reserved_example_domains():
    """Fictional organizations must never point at a real organization's site."""
    for member in MEMBERS:
        urls = [member.website] + [
            link.url for link in member.social if link.platform.key in ("blog", "podcast")
        ]
        hosts = [urlsplit(url).hostname for url in urls]
        hosts += [c.email.split("@")[1] for c in member.contacts]
        for host in hosts:
            assert host.endswith(RESERVED_DOMAINS), (member.slug, host)


def test_every_member_file_points_editors_at_the_schema():
    for path in sorted((REPO / "members").glob("*.yaml")):
        first_line = path.read_text(encoding="utf-8").splitlines()[0]
        assert first_line == "# yaml-language-server: $schema=../schema/member.schema.json", path


def test_sample_library_spans_every_type_and_most_topics():
    resources = NETWORK.resources
    assert len(resources) >= 20
    assert {r.type.key for r in resources} == set(NETWORK.taxonomy.resource_types.keys)
    topics = {t.key for r in resources for t in r.topics}
    assert len(topics) >= 0.75 * len(NETWORK.taxonomy.topics)
    assert sum(bool(r.attachments) for r in resources) >= 5
    assert all(r.contributors for r in resources)


def test_sample_has_the_residency_path_events_past_and_upcoming_and_news():
    assert len(NETWORK.paths) >= 2
    assert "residency-pre-course" in {p.slug for p in NETWORK.paths}
    upcoming = [e for e in NETWORK.events if e.is_upcoming(TODAY)]
    assert len(NETWORK.events) >= 3 and upcoming and len(upcoming) < len(NETWORK.events)
    assert len(list((REPO / "content" / "news").glob("*.md"))) >= 3
    for name in ("home", "about", "join", "residency", "contact"):
        assert (REPO / "content" / "pages" / f"{name}.md").is_file()


def test_sample_content_links_only_to_reserved_example_domains():
    urls = [r.link for r in NETWORK.resources if r.link]
    for event in NETWORK.events:
        urls += [u for u in (event.online, event.registration) if u]
    for path in (REPO / "content").rglob("*.md"):
        urls += re.findall(r"https://[^\s)\"'>]+", path.read_text(encoding="utf-8"))
    assert urls
    for url in urls:
        assert urlsplit(url).hostname.endswith(RESERVED_DOMAINS), url


def test_every_content_file_points_editors_at_its_schema():
    for kind, folder in SCHEMA_OF_FOLDER.items():
        for path in sorted((REPO / "content" / folder).glob("*.md")):
            lines = path.read_text(encoding="utf-8").splitlines()
            assert lines[:2] == [
                "---",
                f"# yaml-language-server: $schema=../../schema/{kind}.schema.json",
            ], path
