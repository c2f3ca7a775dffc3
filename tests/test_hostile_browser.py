"""A hostile contribution that validation accepts, in real Chromium: nothing of it runs,
nothing loads from another host, on its profile, the directory, a search that finds it
and its logo file. (Under the pages' Content-Security-Policy, which the conftest's
browser fixtures watch: any violation fails these tests too.)"""

from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from healthnet import cli
from healthnet.project import Project
from healthnet.session import BuildSession
from tests.conftest import serve
from tests.support import REPO, TODAY, copy_fixture_site

pytestmark = pytest.mark.browser

SLUG = "hostile-member"
# A word found nowhere else, to search for.
WORD = "Zyzzyva"
MEMBER = f"""\
name: Hostile Member
type: hospital
joined: 2024-01-01
location:
  country: US
website: https://hostile.example.org
summary: "{WORD} <script>alert('summary')</script> <img src=x onerror=alert('img')> javascript:alert(1)"
description: |
  <script>alert('description')</script>
  <svg onload="alert('svg')"><circle r="9"/></svg>
  <iframe src="https://attacker.example/frame"></iframe>
  <style>body {{ display: none }}</style>

  {WORD} and a <a href="https://hostile.example.org/" onclick="alert('click')" style="color: red">handler</a>,
  a <a xlink:href="javascript:alert('xlink')">namespaced link</a>,
  a [split scheme](java\tscript:alert('tab')) and
  <form action="javascript:alert('form')"><button>a form</button></form>
logo: logos/{SLUG}.svg
"""
LOGO = """\
<?xml version="1.0" encoding="UTF-8"?>
<?xml-stylesheet type="text/css" href="https://attacker.example/s.css"?>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100" width="100" height="100"
     onload="alert('logo onload')">
  <script type="text/javascript">alert('logo script')</script>
  <circle cx="50" cy="50" r="40" fill="#0b5563"/>
  <image href="https://attacker.example/i.png" width="10" height="10"/>
</svg>
"""


@pytest.fixture(scope="module")
def hostile_site_url(tmp_path_factory):
    """The fixture site with the hostile member, built as `invoke build` does, served."""
    root = copy_fixture_site(tmp_path_factory.mktemp("hostile") / "site")
    (root / "members" / f"{SLUG}.yaml").write_text(MEMBER, encoding="utf-8")
    (root / "members" / "logos" / f"{SLUG}.svg").write_text(LOGO, encoding="utf-8")
    project = Project.at(root)
    output = root / "output"
    session = BuildSession(project, today=TODAY)
    assert cli.build(project, REPO / "pelicanconf.py", output, session=session) == 0
    yield from serve(output)


@pytest.fixture
def watched(page, hostile_site_url):
    """The page, with every dialog and every request recorded; requests to another host
    are answered by nobody."""
    seen = {"dialogs": [], "requests": []}

    def on_dialog(dialog):
        seen["dialogs"].append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("request", lambda request: seen["requests"].append(request.url))
    page.route(lambda url: urlparse(url).hostname != "127.0.0.1", lambda route: route.abort())
    yield page, seen
    assert seen["dialogs"] == []
    elsewhere = [url for url in seen["requests"] if urlparse(url).hostname != "127.0.0.1"]
    assert elsewhere == []


def assert_nothing_runs_in(page, site_url: str) -> None:
    """Only the site's own scripts, no event handler attributes, no javascript: URLs."""
    # Structured data (JSON-LD) is a script element the browser never runs.
    scripts = page.eval_on_selector_all(
        'script:not([type="application/ld+json"])', "nodes => nodes.map(n => n.src)"
    )
    assert scripts and all(src.startswith(f"{site_url}/theme/js/") for src in scripts), scripts
    handlers = page.evaluate(
        """() => [...document.querySelectorAll("*")].flatMap((node) =>
             [...node.attributes].filter((a) => /^on/i.test(a.name)
               || /^\\s*javascript:/i.test(a.value)
               || (a.name === "style" && node.closest("main")))
             .map((a) => `${node.localName} ${a.name}=${a.value}`))"""
    )
    assert handlers == []
    assert page.locator("main iframe, main form[action^='javascript'], main style").count() == 0


def test_the_profile_shows_the_hostile_text_as_text(watched, hostile_site_url):
    page, _ = watched
    page.goto(f"{hostile_site_url}/members/{SLUG}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hostile Member")
    summary = page.locator(".profile-summary")
    expect(summary).to_contain_text("<script>alert('summary')</script>")
    expect(summary).to_contain_text("<img src=x onerror=alert('img')>")
    logo = page.locator(".profile-header .logo img")
    assert logo.evaluate("img => img.complete && img.naturalWidth > 0")
    expect(page.locator(".prose").get_by_role("link", name="handler")).to_have_attribute(
        "href", "https://hostile.example.org/"
    )
    assert_nothing_runs_in(page, hostile_site_url)


def test_the_directory_card_and_its_live_filter(watched, hostile_site_url):
    page, _ = watched
    page.goto(f"{hostile_site_url}/members/")
    card = page.locator(".member-card", has_text="Hostile Member")
    expect(card.locator(".card-summary")).to_contain_text("<script>alert('summary')</script>")
    page.get_by_label("Filter by name or word").fill(WORD)
    result = page.locator("[data-search-results] .member-card")
    expect(result).to_have_count(1)
    expect(result.locator(".card-summary")).to_contain_text("onerror=alert('img')")
    assert_nothing_runs_in(page, hostile_site_url)


def test_a_search_that_finds_it(watched, hostile_site_url):
    page, _ = watched
    page.goto(f"{hostile_site_url}/search/?q={WORD}")
    result = page.locator(".search-result", has_text="Hostile Member")
    expect(result).to_have_count(1)
    expect(result.locator("mark").first).to_have_text(WORD)
    assert result.locator("script, img[onerror], iframe").count() == 0
    assert_nothing_runs_in(page, hostile_site_url)


def test_the_logo_file_is_a_clean_drawing(watched, hostile_site_url):
    page, seen = watched
    url = f"{hostile_site_url}/members/{SLUG}/logo.svg"
    response = page.goto(url)
    assert response.ok and response.headers["content-type"].startswith("image/svg+xml")
    assert page.evaluate("document.documentElement.localName") == "svg"
    assert page.evaluate("document.querySelectorAll('script, image, foreignObject').length") == 0
    assert page.evaluate(
        "[...document.querySelectorAll('*')].every(n => ![...n.attributes].some(a => /^on/i.test(a.name)))"
    )
    assert "xml-stylesheet" not in response.text()
    # Its stylesheet instruction and image are gone: the drawing is all that loads.
    assert [r for r in seen["requests"] if not r.endswith("/favicon.ico")] == [url]
