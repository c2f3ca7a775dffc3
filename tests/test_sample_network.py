"""The sample network shipped in members/: valid, varied and fictional."""

from urllib.parse import urlsplit

from healthnet.diagnostics import Report
from healthnet.project import Project, load_network
from tests.support import REPO, TODAY

REPORT = Report(REPO)
NETWORK = load_network(Project.at(REPO), REPORT, TODAY)
MEMBERS = NETWORK.members
RESERVED_DOMAINS = ("example.org", "example.com", "example.net")


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
