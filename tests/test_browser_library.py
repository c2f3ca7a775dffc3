"""The library, learning paths and events in real Chromium, served over HTTP."""

import re

import pytest
from playwright.sync_api import expect

from tests.test_library import PATHS, RESOURCES

pytestmark = pytest.mark.browser


def test_a_learning_path_followed_from_step_1_to_the_end(page, site_url, console_errors):
    steps = [step["resource"] for step in PATHS["fixture-path"]["steps"]]
    page.goto(f"{site_url}/paths/")
    page.get_by_role("link", name=PATHS["fixture-path"]["title"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(PATHS["fixture-path"]["title"])
    page.get_by_role("link", name="Start with step 1").click()

    for number, slug in enumerate(steps, start=1):
        expect(page).to_have_url(f"{site_url}/resources/{slug}/")
        expect(page.get_by_role("heading", level=1)).to_have_text(RESOURCES[slug]["title"])
        progress = page.get_by_role("navigation", name=re.compile("^Learning path: "))
        expect(progress).to_contain_text(f"Step {number} of {len(steps)}")
        if number < len(steps):
            progress.get_by_role("link", name=re.compile("^Next: ")).click()

    progress.get_by_role("link", name="Last step: finish the path").click()
    expect(page).to_have_url(f"{site_url}/paths/fixture-path/#path-done")
    expect(page.locator("#path-done")).to_be_in_viewport()
    page.go_back()
    progress.get_by_role("link", name=re.compile("^Previous: ")).click()
    expect(page).to_have_url(f"{site_url}/resources/{steps[-2]}/")
    assert console_errors == []


def test_library_facet_links_narrow_the_list_without_javascript(page_without_javascript, site_url):
    # With JavaScript the live filter panel takes the links' place (test_browser_search).
    page = page_without_javascript
    page.goto(f"{site_url}/resources/")
    expect(page.locator(".resource-card")).to_have_count(len(RESOURCES))
    facets = page.get_by_role("navigation", name="Browse the library by facet")
    facets.get_by_role("link", name=re.compile(r"^TikTok\s+1$")).click()
    expect(page).to_have_url(f"{site_url}/resources/platform/tiktok/")
    expect(page.locator(".resource-card")).to_have_count(1)
    page.get_by_role("link", name="Night-shift nurses on TikTok").click()
    page.get_by_role("link", name="The Delta Hospital").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The Delta Hospital")
    expect(page.get_by_role("region", name=re.compile("^Resources contributed"))).to_contain_text(
        "Night-shift nurses on TikTok"
    )


def test_an_event_page_registers_and_offers_the_calendar(page, site_url, console_errors):
    page.goto(f"{site_url}/events/")
    page.get_by_role("link", name="Fixture residency").click()
    expect(page.get_by_role("link", name="Register").first).to_have_attribute(
        "href", "https://events.example.org/register/fixture"
    )
    with page.expect_response(re.compile(r"/events\.ics$")) as response:
        page.evaluate("fetch(document.querySelector('a[href$=\"events.ics\"]').href)")
    assert response.value.ok
    assert "BEGIN:VCALENDAR" in response.value.text()
    assert console_errors == []
