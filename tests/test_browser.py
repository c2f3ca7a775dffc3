"""The directory and profiles in real Chromium, served over HTTP."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_directory_lists_every_member_and_the_jump_bar_scrolls(page, site_url, console_errors):
    page.goto(f"{site_url}/members/")
    expect(page).to_have_title(re.compile("^Member directory"))
    expect(page.locator(".member-card")).to_have_count(6)
    expect(page.get_by_role("link", name="Members", exact=True)).to_have_attribute(
        "aria-current", "page"
    )

    page.get_by_role("navigation", name="Jump to letter").get_by_role("link", name="D").click()
    expect(page).to_have_url(re.compile("#letter-D$"))
    section = page.locator("#letter-D")
    expect(section).to_be_in_viewport()
    expect(section.get_by_role("link", name="The Delta Hospital")).to_be_visible()
    assert console_errors == []


def test_a_profile_opened_from_its_card(page, site_url, console_errors):
    page.goto(f"{site_url}/members/")
    page.get_by_role("link", name="Alpha Health").click()
    expect(page).to_have_url(f"{site_url}/members/alpha-health/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Alpha Health")
    x = page.get_by_role("link", name="X alphahealth")
    expect(x).to_have_attribute("href", "https://x.com/alphahealth")
    logo = page.locator(".profile-header .logo img")
    assert logo.evaluate("img => img.complete && img.naturalWidth > 0")
    expect(page.get_by_role("link", name="social@alpha.example.org")).to_have_attribute(
        "href", "mailto:social@alpha.example.org"
    )
    assert console_errors == []


def test_facet_links_narrow_the_directory_without_javascript(page_without_javascript, site_url):
    # With JavaScript the live filter panel takes the links' place (test_browser_search).
    page = page_without_javascript
    page.goto(f"{site_url}/members/")
    facets = page.get_by_role("navigation", name="Browse members by facet")
    facets.get_by_role("link", name=re.compile(r"^Minnesota\s+2$")).click()
    expect(page).to_have_url(f"{site_url}/members/region/us-mn/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Minnesota")
    names = page.locator(".member-card .card-title")
    expect(names).to_have_text(["Alpha Health", "Echo Public Health"])
    page.get_by_role("link", name="Echo Public Health").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Echo Public Health")


def test_keyboard_reaches_the_content_through_the_skip_link(page, site_url):
    page.goto(f"{site_url}/members/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    outline = skip.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#main$"))
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.closest('main') !== null")
    assert focused


def test_the_directory_works_without_javascript(page_without_javascript, site_url):
    page = page_without_javascript
    # A shared filter URL still lists everyone; the live panel stays hidden.
    page.goto(f"{site_url}/members/?q=Beta&platform=x")
    expect(page.locator(".member-card")).to_have_count(6)
    expect(page.get_by_role("search", name="Filter members")).to_be_hidden()
    expect(page.get_by_role("navigation", name="Browse members by facet")).to_be_visible()
    page.get_by_role("link", name="Beta Clinic").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Beta Clinic")


def test_small_screens_do_not_scroll_sideways(small_screen_page, site_url):
    page = small_screen_page
    pages = ["/", "/members/", "/members/alpha-health/", "/members/region/", "/resources/",
             "/resources/alpha-crisis-guide/", "/paths/fixture-path/", "/events/",
             "/events/upcoming-fixture-event/", "/news/fixture-news-one/", "/search/"]  # fmt: skip
    for path in pages:
        page.goto(f"{site_url}{path}")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, path
