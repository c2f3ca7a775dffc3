"""A real Pelican build of the fixture site: the library, learning paths, events, news,
feeds, the calendar and the exports, with cross-links between members and what they made.

Expectations come from the fixture's files read with plain PyYAML, independently of the
plugin.
"""

import datetime as dt
import json
import zoneinfo
from pathlib import Path

import feedparser
import icalendar
import pytest
import yaml

from healthnet import cli
from tests.support import (
    FIXTURE_MEMBERS,
    FIXTURE_SITE,
    SITE_SCRIPT,
    TODAY,
    page,
    project_with,
    script_sources,
)

CONTENT = FIXTURE_SITE / "content"
SITEURL = "https://network.example.org"


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def read_folder(name: str) -> dict[str, dict]:
    return {path.stem: front_matter(path) for path in sorted((CONTENT / name).glob("*.md"))}


RESOURCES = read_folder("resources")
PATHS = read_folder("paths")
EVENTS = read_folder("events")
NEWS = read_folder("news")
MEMBER_NAMES = {
    path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))["name"]
    for path in FIXTURE_MEMBERS.glob("*.yaml")
}


def newest_first(slugs) -> list[str]:
    return sorted(slugs, key=lambda slug: (RESOURCES[slug]["date"], slug), reverse=True)


def card_titles(soup) -> list[str]:
    return [a.get_text(strip=True) for a in soup.select(".resource-card .card-title a")]


def card_hrefs(soup) -> list[str]:
    return [a["href"] for a in soup.select(".resource-card .card-title a")]


def titles(slugs) -> list[str]:
    return [RESOURCES[slug]["title"] for slug in slugs]


# -- the library -------------------------------------------------------------------------


def test_every_resource_has_a_page_with_its_metadata(built_site):
    for slug, data in RESOURCES.items():
        soup = page(built_site, f"/resources/{slug}/")
        assert soup.h1.get_text(strip=True) == data["title"]
        assert soup.select_one(".resource-header .lead").get_text() == data["summary"]
        facts = soup.select_one(".profile-facts")
        topic_links = [a["href"] for a in facts.select("dd a") if "/topic/" in a["href"]]
        assert topic_links == [f"../../resources/topic/{key}/" for key in data["topics"]]
        published = soup.select_one(".resource-meta time")["datetime"]
        assert published == data["date"].isoformat()


def test_library_lists_every_resource_newest_first_with_its_count(built_site):
    soup = page(built_site, "/resources/")
    assert card_titles(soup) == titles(newest_first(RESOURCES))
    assert (
        soup.select_one(".page-header .lead")
        .get_text()
        .startswith(f"{len(RESOURCES)} resources shared by members")
    )


@pytest.mark.parametrize(
    ("facet", "field"),
    [("type", "type"), ("topic", "topics"), ("audience", "audience"), ("platform", "platforms")],
)
def test_facet_pages_list_exactly_their_resources(built_site, facet, field):
    expected: dict[str, list[str]] = {}
    for slug, data in RESOURCES.items():
        values = data.get(field, [])
        for key in [values] if isinstance(values, str) else values:
            expected.setdefault(key, []).append(slug)
    index = page(built_site, f"/resources/{facet}/")
    listed = {
        a["href"].strip("/").split("/")[-1]: li.select_one(".count").get_text()
        for li in index.select(".facet-index li")
        for a in [li.a]
    }
    assert listed == {
        key: f"{len(slugs)} resource{'s' * (len(slugs) != 1)}" for key, slugs in expected.items()
    }
    for key, slugs in expected.items():
        soup = page(built_site, f"/resources/{facet}/{key}/")
        assert card_titles(soup) == titles(newest_first(slugs)), (facet, key)


def test_resource_pages_link_their_contributors_and_profiles_link_back(built_site):
    made_by: dict[str, list[str]] = {}
    for slug, data in RESOURCES.items():
        soup = page(built_site, f"/resources/{slug}/")
        chips = [
            (a["href"], a.find_all("span")[-1].get_text()) for a in soup.select(".member-chips a")
        ]
        contributors = data.get("contributors", [])
        assert chips == [(f"../../members/{m}/", MEMBER_NAMES[m]) for m in contributors]
        for member in contributors:
            made_by.setdefault(member, []).append(slug)
    for member in MEMBER_NAMES:
        soup = page(built_site, f"/members/{member}/")
        section = soup.find(id="resources-heading")
        if member not in made_by:
            assert section is None, member
            continue
        cards = section.find_parent("section")
        assert card_hrefs(cards) == [f"../../resources/{s}/" for s in newest_first(made_by[member])]


def test_related_resources_share_a_topic(built_site):
    for slug, data in RESOURCES.items():
        soup = page(built_site, f"/resources/{slug}/")
        related = soup.select(".similar .resource-card .card-title a")
        for link in related:
            other = link["href"].strip("/").split("/")[-1]
            assert other != slug
            assert set(RESOURCES[other]["topics"]) & set(data["topics"]), (slug, other)
        sharing = [
            other
            for other, d in RESOURCES.items()
            if other != slug and set(d["topics"]) & set(data["topics"])
        ]
        assert len(related) == min(3, len(sharing)), slug


def test_attachments_are_published_with_type_and_size(built_site):
    soup = page(built_site, "/resources/alpha-crisis-guide/")
    item = soup.select_one(".downloads li")
    assert item.a["href"] == "../../files/alpha-checklist.pdf"
    assert item.a.get_text() == "First-hour checklist (PDF)"
    size = (CONTENT / "files" / "alpha-checklist.pdf").stat().st_size
    assert item.select_one(".file-facts").get_text() == f"PDF, {max(1, round(size / 1000))} KB"
    published = built_site / "files" / "alpha-checklist.pdf"
    assert published.read_bytes() == (CONTENT / "files" / "alpha-checklist.pdf").read_bytes()


def test_external_links_of_resources_are_shown(built_site):
    soup = page(built_site, "/resources/echo-webinar/")
    link = soup.select_one(".downloads a")
    assert link["href"] == RESOURCES["echo-webinar"]["link"]
    assert link.get_text() == "Webinar at webinars.example.org/flu"


def test_contributed_resource_text_is_escaped_and_sanitized(built_site):
    html = (built_site / "resources" / "hostile-resource" / "index.html").read_text()
    soup = page(built_site, "/resources/hostile-resource/")
    assert soup.h1.get_text() == "<script>alert('title')</script> & \"quotes\""
    assert "<script>alert" not in html and "<b>tags</b>" not in html
    body = soup.select_one(".prose")
    assert body.find("script") is None and "alert(" not in str(body)
    assert "onclick" not in str(body) and "style" not in str(body)
    hrefs = [a.get("href") for a in body.find_all("a")]
    assert hrefs == ["https://ok.example.org/a", "https://ok.example.org/"]
    assert body.find("h2").get_text() == "A top heading"


# -- learning paths ----------------------------------------------------------------------


def test_path_page_shows_numbered_steps_in_order_with_time(built_site):
    for slug, data in PATHS.items():
        soup = page(built_site, f"/paths/{slug}/")
        steps = soup.select(".path-step")
        assert [s.select_one("h3 a")["href"] for s in steps] == [
            f"../../resources/{step['resource']}/" for step in data["steps"]
        ]
        assert [s.select_one(".step-number").get_text() for s in steps] == [
            str(n) for n in range(1, len(data["steps"]) + 1)
        ]
        assert [s.find_all("p")[-1].get_text() for s in steps] == [
            step["note"] for step in data["steps"]
        ]
    # Beta's own 12 min, Alpha's 9 min replaced by the step's 20, Delta's text read in 1.
    times = [p.get_text() for p in page(built_site, "/paths/fixture-path/").select(".card-meta")]
    assert times == ["Policy template · 12 min", "Guide · 20 min", "Case study · 1 min"]
    assert "about 33 min in all" in page(built_site, "/paths/fixture-path/").get_text()


def test_each_step_shows_its_path_with_previous_and_next(built_site):
    steps = [step["resource"] for step in PATHS["fixture-path"]["steps"]]
    for number, slug in enumerate(steps, start=1):
        box = page(built_site, f"/resources/{slug}/").select_one(".path-progress")
        assert f"Step {number} of {len(steps)} in the learning path" in box.get_text(" ")
        previous = box.select_one('a[rel="prev"]')
        following = box.select_one('a[rel="next"]')
        if number == 1:
            assert previous is None
        else:
            assert previous["href"] == f"../../resources/{steps[number - 2]}/"
        if number == len(steps):
            assert following is None
            assert box.select("a")[-1]["href"] == "../../paths/fixture-path/#path-done"
        else:
            assert following["href"] == f"../../resources/{steps[number]}/"
    assert page(built_site, "/resources/echo-webinar/").select_one(".path-progress") is None


def test_paths_index_lists_every_path(built_site):
    soup = page(built_site, "/paths/")
    assert [a.get_text() for a in soup.select(".path-list .card-title a")] == [
        data["title"] for data in PATHS.values()
    ]


# -- events --------------------------------------------------------------------------------


def local_time(slug: str, field: str) -> dt.datetime:
    data = EVENTS[slug]
    return dt.datetime.fromisoformat(data[field]).replace(
        tzinfo=zoneinfo.ZoneInfo(data["timezone"])
    )


def event_start(slug: str) -> dt.datetime:
    return local_time(slug, "start")


def event_end(slug: str) -> dt.datetime:
    return local_time(slug, "end")


def test_events_list_upcoming_then_past(built_site):
    upcoming = sorted((s for s in EVENTS if event_end(s).date() >= TODAY), key=event_start)
    past = sorted((s for s in EVENTS if event_end(s).date() < TODAY), key=event_start)[::-1]
    soup = page(built_site, "/events/")
    sections = soup.select("main section")
    assert [h.get_text(" ", strip=True) for h in soup.select("main section h2")] == [
        f"Upcoming {len(upcoming)}",
        f"Past {len(past)}",
    ]
    listed = [[a["href"] for a in s.select(".card-title a")] for s in sections]
    assert listed == [[f"../events/{s}/" for s in upcoming], [f"../events/{s}/" for s in past]]


def test_event_page_shows_its_time_in_its_own_zone_and_where(built_site):
    soup = page(built_site, "/events/upcoming-fixture-event/")
    facts = soup.select_one(".profile-facts").get_text(" ", strip=True)
    assert "Thursday, December 10, 2026, 8:30 AM to 5:00 PM CST" in facts
    assert "Alpha Health Auditorium 1 Main Street Springfield, Illinois, United States" in facts
    assert (
        soup.select_one("header .button")["href"]
        == EVENTS["upcoming-fixture-event"]["registration"]
    )
    two_days = page(built_site, "/events/fixture-summit-2027/").select_one(".profile-facts")
    assert "Monday, May 3, 2027, 9:00 AM to Tuesday, May 4, 2027, 4:00 PM EDT" in (
        two_days.get_text(" ", strip=True)
    )
    past = page(built_site, "/events/past-fixture-webinar/")
    assert "took place" in past.select_one(".card-kicker").get_text()
    assert past.select_one(".profile-facts a[href^='https://events']").get_text() == "Join online"


def test_member_profiles_list_the_events_they_host(built_site):
    for member in MEMBER_NAMES:
        hosted = [s for s, data in EVENTS.items() if member in data.get("hosts", [])]
        heading = page(built_site, f"/members/{member}/").find(id="events-heading")
        if not hosted:
            assert heading is None
            continue
        links = [a["href"] for a in heading.find_parent("section").select(".card-title a")]
        assert links == [f"../../events/{s}/" for s in sorted(hosted, key=event_start)]


def test_calendar_is_valid_icalendar_with_one_stable_event_each(built_site):
    calendar = icalendar.Calendar.from_ical((built_site / "events.ics").read_bytes())
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {f"{slug}@network.example.org" for slug in EVENTS}
    for slug, data in EVENTS.items():
        event = events[f"{slug}@network.example.org"]
        assert str(event["summary"]) == data["title"]
        assert event.decoded("dtstart") == event_start(slug)
        assert event.decoded("dtend") == event_end(slug)
        assert "dtstamp" in event
        where = data["place"]["name"] if "place" in data else data["online"]
        assert str(event["location"]).startswith(where)


# -- news, feeds and exports ---------------------------------------------------------------


def test_news_index_and_posts(built_site):
    index = page(built_site, "/news/")
    newest = sorted(NEWS, key=lambda s: NEWS[s]["date"], reverse=True)
    assert [a["href"] for a in index.select(".news-item a")] == [
        f"../news/{slug}/" for slug in newest
    ]
    post = page(built_site, "/news/fixture-news-two/")
    assert post.h1.get_text() == NEWS["fixture-news-two"]["title"]
    assert script_sources(post) == [SITE_SCRIPT]
    assert post.select_one(".prose a")["href"] == "../../paths/fixture-path/"


def test_news_posts_and_the_members_they_name_link_both_ways(built_site):
    post = page(built_site, "/news/fixture-news-one/")
    assert [a["href"] for a in post.select(".member-chips a")] == ["../../members/cafe-sante/"]
    profile = page(built_site, "/members/cafe-sante/")
    section = profile.find(id="news-heading").find_parent("section")
    assert [a["href"] for a in section.select("a")] == ["../../news/fixture-news-one/"]
    assert page(built_site, "/members/alpha-health/").find(id="news-heading") is None


def test_resources_json_has_every_field(built_site):
    records = json.loads((built_site / "api" / "resources.json").read_text())
    assert records["count"] == len(RESOURCES)
    by_slug = {r["slug"]: r for r in records["resources"]}
    assert list(by_slug) == sorted(RESOURCES)
    for slug, data in RESOURCES.items():
        record = by_slug[slug]
        assert record["title"] == data["title"]
        assert record["type"] == data["type"]
        assert record["topics"] == data["topics"]
        assert record["audience"] == data.get("audience", [])
        assert record["platforms"] == data.get("platforms", [])
        assert [c["slug"] for c in record["contributors"]] == data.get("contributors", [])
        assert record["date"] == data["date"].isoformat()
        assert record["link"] == data.get("link")
        assert [a["title"] for a in record["attachments"]] == [
            a["title"] for a in data.get("attachments", [])
        ]
    assert by_slug["alpha-crisis-guide"]["paths"] == [
        {"slug": "fixture-path", "title": PATHS["fixture-path"]["title"], "step": 2}
    ]


def parse_feed(site: Path, name: str):
    feed = feedparser.parse((site / "feeds" / name).read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    return feed


def test_feeds_are_valid_atom_with_every_item(built_site):
    news = parse_feed(built_site, "news.atom.xml")
    assert [e.title for e in news.entries] == [
        NEWS[s]["title"] for s in sorted(NEWS, key=lambda s: NEWS[s]["date"], reverse=True)
    ]
    resources = parse_feed(built_site, "resources.atom.xml")
    assert sorted(e.title for e in resources.entries) == sorted(titles(RESOURCES))
    members = parse_feed(built_site, "members.atom.xml")
    assert {e.id for e in members.entries} == {
        f"tag:network.example.org,2012:members/{slug}" for slug in MEMBER_NAMES
    }


@pytest.fixture(scope="module")
def published_site(tmp_path_factory):
    """The fixture site built for production (publishconf.py) by `invoke publish`."""
    output = tmp_path_factory.mktemp("published") / "output"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SITEURL", SITEURL)
        assert cli.publish(project_with(FIXTURE_MEMBERS), output) == 0
    return output


def test_feed_entry_ids_do_not_change_with_the_host(built_site, published_site):
    """Moving the site to another address must not show every entry again as new."""
    for name in ("news.atom.xml", "resources.atom.xml", "members.atom.xml"):
        local = [entry.id for entry in parse_feed(built_site, name).entries]
        published = [entry.id for entry in parse_feed(published_site, name).entries]
        assert local == published and local, name
        assert all(entry.startswith("tag:network.example.org,2012:") for entry in local), name


def test_published_feeds_and_calendar_use_absolute_urls(published_site):
    for name in ("news.atom.xml", "resources.atom.xml", "members.atom.xml"):
        feed = parse_feed(published_site, name)
        assert feed.entries, name
        for entry in feed.entries:
            assert entry.link.startswith(f"{SITEURL}/"), (name, entry.link)
            assert (published_site / entry.link.removeprefix(f"{SITEURL}/")).exists()
    calendar = icalendar.Calendar.from_ical((published_site / "events.ics").read_bytes())
    for event in calendar.walk("VEVENT"):
        assert str(event["url"]).startswith(f"{SITEURL}/events/")
    records = json.loads((published_site / "api" / "resources.json").read_text())
    assert records["resources"][0]["url"].startswith(f"{SITEURL}/resources/")


# -- pages -----------------------------------------------------------------------------------


def test_home_page_shows_counts_newest_resources_next_event_and_search(built_site):
    soup = page(built_site, "/")
    stats = [li.get_text(" ", strip=True) for li in soup.select(".stats li")]
    assert f"{len(RESOURCES)} resources" in stats
    assert f"{len(PATHS)} learning paths" in stats
    newest = newest_first(RESOURCES)[:6]
    assert card_hrefs(soup.find(id="newest-resources-heading").parent) == [
        f"./resources/{s}/" for s in newest
    ]
    next_event = soup.select_one(".next-event .card-title a")
    assert next_event["href"] == "./events/upcoming-fixture-event/"
    form = soup.select_one("form[role=search]")
    assert form["action"] == "./search/" and form.select_one("input")["name"] == "q"


def test_site_pages_exist_and_are_linked_from_every_page(built_site):
    for slug in ("about", "join", "residency", "contact"):
        assert (built_site / slug / "index.html").is_file()
    footer = page(built_site, "/resources/").select_one(".site-footer")
    hrefs = {a["href"] for a in footer.select("a")}
    assert {"../about/", "../join/", "../residency/", "../contact/"} <= hrefs
    assert {"../feeds/news.atom.xml", "../events.ics", "../api/resources.json"} <= hrefs
