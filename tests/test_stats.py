"""/stats/: every number equals a count made here from the fixture's own files, links to
the facet page it counts, and the page stays small for a large network."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from playwright.sync_api import expect

from healthnet import cli
from healthnet.project import Project
from healthnet.session import BuildSession
from healthnet.stats import US_TILES
from healthnet.synthetic import write_synthetic_content, write_synthetic_network
from tests.support import FIXTURE_SITE, REPO, TODAY, page

TAXONOMY = yaml.safe_load((REPO / "taxonomy.yaml").read_text())


def members() -> list[dict]:
    return [
        yaml.safe_load(path.read_text())
        for path in sorted((FIXTURE_SITE / "members").glob("*.yaml"))
    ]


def resources() -> list[dict]:
    return [
        yaml.safe_load(path.read_text().split("---\n")[1])
        for path in sorted((FIXTURE_SITE / "content" / "resources").glob("*.md"))
    ]


def label(vocabulary: str, key: str) -> str:
    return TAXONOMY[vocabulary][key]["label"]


def table(soup, key: str) -> dict[str, str]:
    """A chart's table as first column -> second column's text."""
    rows = soup.select(f"#{key}-heading ~ figure table tbody tr, #{key}-heading ~ * table tbody tr")
    return {row.th.get_text(strip=True): row.td.get_text(strip=True) for row in rows if row.th}


@pytest.fixture(scope="module")
def stats(built_site):
    return page(built_site, "/stats/")


def test_members_by_type_and_by_country(stats):
    by_type = Counter(label("member_types", m["type"]) for m in members())
    assert table(stats, "members-by-type") == {k: str(v) for k, v in by_type.items()}
    countries = Counter(m["location"]["country"] for m in members())
    shown = table(stats, "members-by-country")
    assert sorted(map(int, shown.values())) == sorted(countries.values())
    assert shown["Germany"] == str(countries["DE"])


def test_members_joined_per_year_with_running_total(stats):
    joined = Counter(dt.date.fromisoformat(str(m["joined"])).year for m in members())
    rows = stats.select("#members-by-year-heading ~ figure table tbody tr")
    running = 0
    years = range(min(joined), max(joined) + 1)
    assert [row.th.get_text() for row in rows] == [str(year) for year in years]
    for row, year in zip(rows, years, strict=True):
        running += joined[year]
        count, total = (cell.get_text(strip=True) for cell in row.select("td"))
        assert (count, total) == (str(joined[year]), str(running))


def test_platform_adoption_overall_and_by_type(stats):
    everyone = members()
    on = Counter(key for m in everyone for key in (m.get("social") or {}))
    rows = stats.select("#platform-adoption-heading ~ figure table tbody tr")
    for row in rows:
        key = next(k for k in on if label("platforms", k) == row.th.get_text())
        count, share = (cell.get_text(strip=True) for cell in row.select("td"))
        assert count == str(on[key])
        assert share == f"{round(100 * on[key] / len(everyone))}%"
    assert len(rows) == len(on)
    grid = stats.select_one("#platforms-by-type-heading ~ figure table")
    platforms = [th.get_text(strip=True) for th in grid.select("thead th")][1:]
    for row in grid.select("tbody tr"):
        type_label = row.th.a.get_text()
        of_type = [m for m in everyone if label("member_types", m["type"]) == type_label]
        for platform, cell in zip(platforms, row.select("td"), strict=True):
            key = next(k for k in TAXONOMY["platforms"] if label("platforms", k) == platform)
            count = sum(1 for m in of_type if key in (m.get("social") or {}))
            assert cell.get_text(strip=True) == f"{round(100 * count / len(of_type))}% ({count})"


def test_resources_by_type_topic_and_contributing_member_type(stats):
    library = resources()
    by_type = Counter(label("resource_types", r["type"]) for r in library)
    assert table(stats, "resources-by-type") == {k: str(v) for k, v in by_type.items()}
    by_topic = Counter(label("topics", t) for r in library for t in r["topics"])
    assert table(stats, "resources-by-topic") == {k: str(v) for k, v in by_topic.items()}
    type_of = {
        path.stem: yaml.safe_load(path.read_text())["type"]
        for path in (FIXTURE_SITE / "members").glob("*.yaml")
    }
    contributed = Counter(
        label("member_types", key)
        for r in library
        for key in {type_of[slug] for slug in r.get("contributors", [])}
    )
    assert table(stats, "contributions-by-type") == {k: str(v) for k, v in contributed.items()}


def test_every_number_links_to_an_existing_page(built_site, stats):
    base = "http://site/stats/"
    links = stats.select("main table a, main .facet-index a")
    assert len(links) > 30
    for link in links:
        target = urlsplit(urljoin(base, link["href"]))
        assert target.netloc == "site"
        path = target.path.lstrip("/")
        assert (built_site / path / "index.html").is_file(), link["href"]
        if target.query:  # the search, filtered: only values the search offers
            assert path == "search/"


def test_tiles_link_to_their_region_pages(built_site, stats):
    assert len(US_TILES) == 51 and len(set(US_TILES.values())) == 51
    states = Counter(m["location"]["region"] for m in members() if m["location"]["country"] == "US")
    tiles = stats.select("#members-map-heading ~ figure svg a")
    assert {tile["href"]: tile.select(".tile-count")[0].get_text() for tile in tiles} == {
        f"../members/region/us-{code.lower()}/": str(count) for code, count in states.items()
    }
    unlinked = stats.select("#members-map-heading ~ figure svg g.shade")
    assert len(unlinked) == 51 - len(states)
    assert all(tile.select_one(".tile-count").get_text() == "0" for tile in unlinked)
    elsewhere = stats.select("#members-map-elsewhere ~ ul a")
    countries = Counter(
        m["location"]["country"] for m in members() if m["location"]["country"] != "US"
    )
    assert sorted(a["href"] for a in elsewhere) == sorted(
        f"../members/region/{code.lower()}/" for code in countries
    )
    assert (built_site / "members" / "region" / "de" / "index.html").is_file()


def test_the_directory_and_home_page_link_to_the_stats(built_site):
    directory = page(built_site, "/members/")
    assert directory.select_one('.page-header a[href="../stats/#map"]')
    assert "Stats" in [a.get_text() for a in directory.select(".site-nav a")]
    home = page(built_site, "/")
    glance = home.select_one(".glance-section")
    assert glance.select_one('a[href="./stats/"], a[href="stats/"]')
    assert len(glance.select("svg[role=img]")) == 2


def test_the_page_stays_small_for_a_large_network(tmp_path):
    """Aggregates only: 2,000 members make a page of the same order as six."""
    members_dir, content = tmp_path / "members", tmp_path / "content"
    write_synthetic_network(members_dir, 2000)
    write_synthetic_content(content, 2000)
    project = Project.at(REPO, members_dir, content)
    output = tmp_path / "output"
    session = BuildSession(project, today=TODAY, processes=2, search=False)
    assert cli.build(project, REPO / "pelicanconf.py", output, session=session) == 0
    html = (output / "stats" / "index.html").read_bytes()
    assert len(html) < 150_000
    assert b"member-0" not in html  # no row per member


def test_the_stats_page_shows_its_tables_without_csp_violations(page, site_url, csp_violations):
    page.goto(f"{site_url}/stats/")
    expect(page.locator("svg[role=img]").first).to_be_visible()
    tables = page.locator("main table")
    assert tables.count() >= 9
    for index in range(tables.count()):
        expect(tables.nth(index)).to_be_visible()
    expect(page.locator(".tile-map svg a").first).to_be_visible()
    assert csp_violations == []
