"""A real Pelican build of the fixture site: pages, directory, facets, exports, safety."""

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from healthnet.diagnostics import ValidationFailed
from healthnet.exports import members_csv
from healthnet.kinds import SiteInfo
from tests.support import (
    BAD_MEMBERS,
    FIXTURE_MEMBERS,
    SITE_SCRIPT,
    build_site,
    card_names,
    page,
    script_sources,
)

FACET_SEGMENTS = {"type", "region", "platform", "topic"}


def fixture_members() -> dict[str, dict]:
    """The fixture's member files, read independently of the plugin."""
    return {
        path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in sorted(FIXTURE_MEMBERS.glob("*.yaml"))
    }


MEMBERS = fixture_members()


def expected_facets() -> dict[tuple[str, str], set[str]]:
    """(facet, value key) -> names of the members that belong there."""
    facets: dict[tuple[str, str], set[str]] = {}
    for data in MEMBERS.values():
        location = data["location"]
        keys = [("type", data["type"]), ("region", location["country"].lower())]
        if "region" in location:
            keys.append(("region", f"{location['country']}-{location['region']}".lower()))
        keys += [("platform", key) for key in data.get("social", {})]
        keys += [("topic", key) for key in data.get("topics", [])]
        for key in keys:
            facets.setdefault(key, set()).add(data["name"])
    return facets


def profile_links(soup) -> list[str]:
    return [a["href"] for a in soup.select(".member-card .card-title a")]


def test_every_member_file_yields_exactly_one_profile_page(built_site):
    profiles = {
        path.parent.name
        for path in (built_site / "members").glob("*/index.html")
        if path.parent.name not in FACET_SEGMENTS
    }
    assert profiles == set(MEMBERS)
    for slug, data in MEMBERS.items():
        soup = page(built_site, f"/members/{slug}/")
        assert soup.h1.get_text(strip=True) == data["name"]
        assert soup.select_one(".profile-summary").get_text() == data["summary"]


def test_directory_shows_one_card_per_member_grouped_a_to_z(built_site):
    soup = page(built_site, "/members/")
    assert sorted(card_names(soup)) == sorted(d["name"] for d in MEMBERS.values())
    groups = {
        section.h2.contents[0].strip(): card_names(section)
        for section in soup.select("section.letter-group")
    }
    # Accents and a leading "The" are ignored; names starting with a digit go under #.
    assert groups == {
        "#": ["3D Health Lab"],
        "A": ["Alpha Health"],
        "B": ["Beta Clinic"],
        "C": ["Café Santé Clinique"],
        "D": ["The Delta Hospital"],
        "E": ["Echo Public Health"],
    }
    jump_links = [a["href"] for a in soup.select(".jump-bar a")]
    assert jump_links == ["#letter-other", "#letter-A", "#letter-B", "#letter-C", "#letter-D",
                          "#letter-E"]  # fmt: skip
    assert all(soup.select_one(link) for link in jump_links)
    lead = soup.select_one(".lead")
    assert "6 member organizations in 4 countries" in lead.get_text()
    # The facet indexes are reachable from the top, before the long list on small screens.
    assert [a["href"] for a in lead.select("a")] == [
        *(f"../members/{facet}/" for facet in ("type", "region", "platform", "topic")),
        "../stats/#map",
        "../stats/",
    ]


def test_names_beyond_a_to_z_share_one_section_with_digits(tmp_path):
    members = shutil.copytree(FIXTURE_MEMBERS, tmp_path / "members")
    beta = (members / "beta-clinic.yaml").read_text()
    (members / "orsted-health.yaml").write_text(beta.replace("Beta Clinic", "Ørsted Health"))
    output = build_site(tmp_path / "output", members_dir=members)
    soup = page(output, "/members/")
    sections = soup.select("section.letter-group")
    assert [s["id"] for s in sections].count("letter-other") == 1
    assert card_names(sections[0]) == ["3D Health Lab", "Ørsted Health"]


def test_facet_pages_list_exactly_their_members(built_site):
    expected = expected_facets()
    written = {
        (path.parent.parent.name, path.parent.name)
        for segment in FACET_SEGMENTS
        for path in (built_site / "members" / segment).glob("*/index.html")
    }
    assert written == set(expected)
    for (facet, key), names in expected.items():
        soup = page(built_site, f"/members/{facet}/{key}/")
        assert sorted(card_names(soup)) == sorted(names), (facet, key)
        assert soup.select_one(".facet-nav a[aria-current=page]")["href"].endswith(f"/{key}/")


def test_facet_indexes_show_labels_and_counts(built_site):
    soup = page(built_site, "/members/region/")
    rows = [
        (li.a.get_text(strip=True), li.select_one(".count").get_text(strip=True))
        for li in soup.select(".facet-index li")
    ]
    assert rows == [
        ("Canada", "1 member"),
        ("Quebec", "1 member"),
        ("Germany", "1 member"),
        ("United Kingdom", "1 member"),
        ("England", "1 member"),
        ("United States", "3 members"),
        ("Minnesota", "2 members"),
        ("Texas", "1 member"),
    ]
    topics = page(built_site, "/members/topic/")
    assert "Crisis communication" in topics.get_text()
    assert "Mental health" not in topics.get_text()  # no member: no page, no entry


def test_profile_shows_every_field(built_site):
    soup = page(built_site, "/members/alpha-health/")
    text = soup.get_text(" ", strip=True)
    for expected in [
        "Health system", "Founding member", "Rochester", "Minnesota", "United States",
        "March 2015", "alpha.example.org", "Social media team", "social@alpha.example.org",
        "Alpha Medical Group", "Patient education", "Crisis communication",
    ]:  # fmt: skip
        assert expected in text, expected
    assert soup.select_one(".prose strong").get_text() == "weekly"
    assert [li.get_text() for li in soup.select(".prose li")] == ["Consent form",
                                                                 "Moderation playbook"]  # fmt: skip
    logo = soup.select_one(".profile-header .logo img")["src"]
    assert logo == "../../members/alpha-health/logo-112.png"


def test_social_links_are_built_from_handles_with_accessible_names(built_site):
    soup = page(built_site, "/members/alpha-health/")
    links = {
        " ".join(a.get_text(" ", strip=True).split()): a["href"]
        for a in soup.select(".social-links a")
    }
    assert links == {
        "Website alpha.example.org": "https://alpha.example.org",  # the member's own, first
        "X alphahealth": "https://x.com/alphahealth",
        "LinkedIn company/alpha-health": "https://www.linkedin.com/company/alpha-health/",
        "YouTube @alphahealth": "https://www.youtube.com/@alphahealth",
    }
    assert all(svg["aria-hidden"] == "true" for svg in soup.select(".social-links svg"))


def test_contributed_text_is_escaped_and_sanitized(built_site):
    html = (built_site / "members" / "3d-health-lab" / "index.html").read_text()
    soup = page(built_site, "/members/3d-health-lab/")
    assert soup.select_one(".profile-summary").get_text() == MEMBERS["3d-health-lab"]["summary"]
    assert "&lt;script&gt;alert(&#39;summary&#39;)&lt;/script&gt;" in html
    assert script_sources(soup) == [SITE_SCRIPT]
    prose = soup.select_one(".prose")
    assert "onclick" not in str(prose) and "onmouseover" not in str(prose)
    assert "style" not in str(prose) and "alert(" not in str(prose)
    # Links that validation would refuse never get this far (tests/test_urls.py).
    hrefs = [a.get("href") for a in prose.find_all("a")]
    assert hrefs == ["https://3d.example.org/x", "https://3d.example.org/guide"]


def test_logos_are_published_beside_profiles(built_site):
    # What is published is made from the logos (tests/test_logo_images.py).
    svg = built_site / "members" / "alpha-health" / "logo.svg"
    png = built_site / "members" / "the-delta-hospital" / "logo.png"
    assert svg.read_bytes().startswith(b"<svg")
    assert png.read_bytes().startswith(b"\x89PNG")
    beta = page(built_site, "/members/beta-clinic/")
    assert beta.select_one(".profile-header .initials").get_text() == "BC"


def test_exports_have_one_record_per_member(built_site):
    data = json.loads((built_site / "api" / "members.json").read_text())
    assert data["count"] == len(MEMBERS)
    assert [m["slug"] for m in data["members"]] == sorted(MEMBERS)
    alpha = next(m for m in data["members"] if m["slug"] == "alpha-health")
    assert alpha["social"]["youtube"] == {
        "handle": "@alphahealth",
        "url": "https://www.youtube.com/@alphahealth",
    }
    assert alpha["location"]["region_name"] == "Minnesota"
    assert alpha["url"] == "/members/alpha-health/"
    for slug in MEMBERS:
        single = json.loads((built_site / "api" / "members" / f"{slug}.json").read_text())
        assert single == next(m for m in data["members"] if m["slug"] == slug)

    rows = list(csv.DictReader(io.StringIO((built_site / "api" / "members.csv").read_text())))
    assert [row["slug"] for row in rows] == sorted(MEMBERS)
    assert {row["name"] for row in rows} == {d["name"] for d in MEMBERS.values()}
    beta = next(row for row in rows if row["slug"] == "beta-clinic")
    assert beta["tiktok_url"] == "https://www.tiktok.com/@betaclinic"
    assert beta["x_url"] == ""


def test_csv_cells_cannot_become_spreadsheet_formulas(built_site):
    from healthnet.diagnostics import Report
    from healthnet.project import load_network
    from tests.support import project_with

    network = load_network(project_with(FIXTURE_MEMBERS), Report(FIXTURE_MEMBERS))
    member = network.member("beta-clinic")
    member.summary = '=HYPERLINK("https://evil.example.com","click")'
    site = SiteInfo(url="", name="Network", domain="network.example.org", taxonomy=network.taxonomy)
    rows = list(csv.reader(io.StringIO(members_csv([member], site))))
    assert rows[1][rows[0].index("summary")] == "'" + member.summary


def all_html(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "pagefind" not in p.parts)


def test_no_page_requests_anything_from_another_origin(built_site):
    for path in all_html(built_site):
        html = path.read_text()
        for match in re.finditer(r"<(?:img|script|link|iframe|source)\b[^>]*>", html):
            tag = match.group(0)
            if 'rel="canonical"' in tag:  # names the page's address; nothing is fetched
                continue
            for url in re.findall(r'(?:src|href)="([^"]*)"', tag):
                assert not re.match(r"^(?:[a-z]+:)?//", url), (path, tag)


def stable_files(site: Path) -> list[Path]:
    """Every file but Pagefind's filter and metadata indexes and its entry file naming
    them: Pagefind writes those in a different order each run (Pagefind/pagefind#638)."""
    unstable = ("pagefind/filter/", "pagefind/pagefind.", "pagefind/pagefind-entry.json")
    files = (p.relative_to(site) for p in site.rglob("*") if p.is_file())
    return sorted(p for p in files if not str(p).startswith(unstable) or p.suffix == ".js")


def test_same_input_gives_byte_identical_output(built_site, tmp_path):
    again = build_site(tmp_path / "again")
    files = stable_files(built_site)
    assert files == stable_files(again)
    assert any(str(p).startswith("pagefind/fragment/") for p in files)
    for relative in files:
        assert (built_site / relative).read_bytes() == (again / relative).read_bytes(), relative


def test_pelican_run_stops_on_invalid_members(tmp_path):
    with pytest.raises(ValidationFailed) as failure:
        build_site(tmp_path / "output", members_dir=BAD_MEMBERS)
    assert "duplicate-key.yaml:8:1: error: duplicate key 'name'" in str(failure.value)
    assert not (tmp_path / "output" / "members").exists()
