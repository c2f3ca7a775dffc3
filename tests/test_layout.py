"""The layout of the pages members share: facet pages and text pages balanced on a desktop,
a member's website and accounts first on a phone, a resource's download near the top, and
one way of writing a place everywhere (model.Location.label)."""

from __future__ import annotations

import pytest
import yaml

from plugins.healthnet.regions import country_name, subdivision_name
from tests.support import FIXTURE_SITE, page

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 800}


def written(location: dict) -> str:
    """The rule, from a fixture's YAML: city, region name, country name."""
    region = location.get("region")
    parts = [
        location.get("city"),
        subdivision_name(location["country"], region) if region else None,
        country_name(location["country"]),
    ]
    return ", ".join(p for p in parts if p)


def fixture_yaml(path):
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        text = text.split("---")[1]
    return yaml.safe_load(text)


@pytest.mark.parametrize(
    "path",
    ["/members/type/hospital/", "/members/region/us/", "/resources/topic/crisis-communication/"],
)
def test_a_facet_pages_facets_are_never_taller_than_its_list(browser, site_url, path):
    context = browser.new_context(viewport=DESKTOP)
    tab = context.new_page()
    tab.goto(f"{site_url}{path}")
    nav = tab.locator(".facet-nav").bounding_box()
    main = tab.locator(".directory-main").bounding_box()
    assert nav and main, "both the list and the facets are shown"
    beside = nav["y"] < main["y"] + main["height"] and nav["x"] + nav["width"] <= main["x"]
    if beside:
        assert nav["height"] <= main["height"] + 48
    else:  # under a short list, across the page
        assert nav["y"] >= main["y"] + main["height"]
    context.close()


@pytest.mark.parametrize("path", ["/about/", "/join/"])
def test_a_text_page_is_one_readable_measure_centred(browser, site_url, path):
    context = browser.new_context(viewport=DESKTOP)
    tab = context.new_page()
    tab.goto(f"{site_url}{path}")
    box = tab.locator("article.page").bounding_box()
    ch = tab.evaluate(
        """() => { const s = document.createElement("span"); s.textContent = "0";
        document.querySelector("article.page .prose").append(s);
        const w = s.getBoundingClientRect().width; s.remove(); return w; }"""
    )
    assert 60 * ch <= box["width"] <= 76 * ch
    left, right = box["x"], DESKTOP["width"] - (box["x"] + box["width"])
    assert abs(left - right) <= 20  # the scroll bar at most
    context.close()


def test_a_profiles_website_is_on_a_phones_first_screen(small_screen_page, site_url):
    small_screen_page.goto(f"{site_url}/members/alpha-health/")
    link = small_screen_page.locator(".profile-online a.member-website")
    box = link.bounding_box()
    assert box["y"] + box["height"] <= 740
    # first in the reading and focus order after the header, as on the screen
    headings = small_screen_page.locator(".profile-main h2").all_inner_texts()
    assert headings[0] == "Website and social media"


def test_a_resources_download_comes_before_its_description(built_site):
    soup = page(built_site, "/resources/alpha-crisis-guide/")
    get = soup.select_one(".resource-get")
    assert get is not None and get.select_one(".file-facts").get_text(strip=True)
    text = str(soup.select_one("article.resource"))
    assert text.index("resource-get") < text.index('class="prose"')
    assert text.index('class="lead"') < text.index("resource-get")


def test_every_place_is_written_the_same_way(built_site):
    members = FIXTURE_SITE / "members"
    for file in sorted(members.glob("*.yaml")):
        data = fixture_yaml(file)
        expected = written(data["location"])
        profile = page(built_site, f"/members/{file.stem}/")
        assert (
            profile.select_one(".member-location").get_text(" ", strip=True).replace(" ,", ",")
            == expected
        )
        cards = page(built_site, "/members/").select(".member-card")
        lines = [
            c.select_one(".card-meta").get_text() for c in cards if f"/{file.stem}/" in c.a["href"]
        ]
        assert lines and all(line.endswith(f" · {expected}") for line in lines)
    event = FIXTURE_SITE / "content" / "events" / "fixture-summit-2027.md"
    expected = written(fixture_yaml(event)["place"])
    assert expected == "Montréal, Quebec, Canada"
    soup = page(built_site, "/events/fixture-summit-2027/")
    assert soup.select_one(".place-location").get_text() == expected
    listed = page(built_site, "/events/").select(".event-item .card-meta")
    assert any(f" · {expected} · " in m.get_text() for m in listed)
