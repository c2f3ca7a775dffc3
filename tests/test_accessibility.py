"""axe-core finds nothing wrong on any page type, in the light and in the dark colour scheme.

axe-core is vendored in tests/vendor/axe-core/ (see its README.md for the version and how
to update it). It is handed to the page through the DevTools protocol, which the
page's Content-Security-Policy does not govern: the policy stays on and the usual
fixtures still fail a test on any violation of it.

The screenshot test writes every page type at phone and desktop width, light and dark, to
test-results/screenshots/ (gitignored) so that a change to the theme can be looked at.
"""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from tests.support import REPO

pytestmark = pytest.mark.browser

AXE = REPO / "tests" / "vendor" / "axe-core" / "axe.min.js"
SCREENSHOTS = REPO / "test-results" / "screenshots"

# One page of each type of the fixture site, and what shows that the page's scripts have
# finished drawing it (the live filter, the search results).
PAGE_TYPES = {
    "home": ("/", None),
    "directory": ("/members/", "[data-filter-panel][data-live]"),
    "facet": ("/members/type/hospital/", None),
    "profile": ("/members/alpha-health/", None),
    "library": ("/resources/", "[data-filter-panel][data-live]"),
    "resource": ("/resources/alpha-crisis-guide/", None),
    "path": ("/paths/fixture-path/", None),
    "events": ("/events/", None),
    "event": ("/events/fixture-summit-2027/", None),
    "news": ("/news/", None),
    "news-post": ("/news/fixture-news-one/", None),
    "about": ("/about/", None),
    "join": ("/join/", None),
    "residency": ("/residency/", None),
    "search": ("/search/?q=crisis", ".search-result"),
    "stats": ("/stats/", None),
    "404": ("/404.html", None),
}
SCHEMES = ["light", "dark"]


def open_page(page, site_url: str, name: str, scheme: str) -> None:
    path, ready = PAGE_TYPES[name]
    page.emulate_media(color_scheme=scheme)
    page.goto(f"{site_url}{path}")
    if ready:
        expect(page.locator(ready).first).to_be_visible()


def axe_violations(page) -> list[dict]:
    """What axe-core finds on the page as it is, with every rule axe runs by default
    (WCAG 2.0-2.2 A and AA, and its best practices)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    results = page.evaluate(
        """async () => {
            const results = await axe.run(document, {resultTypes: ["violations"]});
            return results.violations.map((v) => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map((n) => ({target: n.target, summary: n.failureSummary})),
            }));
        }"""
    )
    return results


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            summary = " ".join(node["summary"].split())
            lines.append(f"    {json.dumps(node['target'])}: {summary}")
    return "\n".join(lines)


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("name", PAGE_TYPES)
def test_axe_finds_no_violations(page, site_url, name, scheme, console_errors):
    open_page(page, site_url, name, scheme)
    assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches") is (scheme == "dark")
    violations = axe_violations(page)
    assert violations == [], f"{PAGE_TYPES[name][0]} in {scheme}:\n" + describe(violations)
    assert console_errors == []


def test_screenshots_of_every_page_type(browser, site_url, csp_violations):
    """Phone and desktop width, light and dark: test-results/screenshots/<name>-<width>-<scheme>.png."""
    from tests.conftest import watch_csp

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width, height in [(375, 740), (1280, 800)]:
        context = browser.new_context(viewport={"width": width, "height": height})
        watch_csp(context, csp_violations)
        page = context.new_page()
        for name in PAGE_TYPES:
            for scheme in SCHEMES:
                open_page(page, site_url, name, scheme)
                file = SCREENSHOTS / f"{name}-{width}-{scheme}.png"
                page.screenshot(path=str(file), full_page=True, animations="disabled")
                assert file.stat().st_size > 0
        context.close()


@pytest.mark.parametrize("name", ["resource", "path", "event"])
def test_printed_pages_keep_only_the_content(page, site_url, name):
    """On paper (and in dark mode too): no header, navigation, search or footer, black on
    white, each link's address written after it, cards and steps kept whole."""
    page.emulate_media(media="print", color_scheme="dark")
    page.goto(f"{site_url}{PAGE_TYPES[name][0]}")
    for hidden in [".site-header", ".site-footer", ".breadcrumbs", "[role=search]"]:
        for element in page.locator(hidden).all():
            expect(element).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    colours = page.evaluate(
        """() => [getComputedStyle(document.body).color,
                  getComputedStyle(document.documentElement).backgroundColor,
                  getComputedStyle(document.querySelector("main h1")).color]"""
    )
    assert colours == ["rgb(0, 0, 0)", "rgb(255, 255, 255)", "rgb(0, 0, 0)"]
    link = page.locator("main a[href]:not([href^='#']):visible").first
    after = link.evaluate("a => getComputedStyle(a, '::after').content")
    assert link.get_attribute("href") in after
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-print.png"), full_page=True)
