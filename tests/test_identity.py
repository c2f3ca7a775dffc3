"""The network's own identity on the site: the footer's pages, accounts and feeds, the join
form, the residency in the navigation with its registration, and the home page featuring it
while registration is open."""

from __future__ import annotations

import pytest

from healthnet.diagnostics import Report  # noqa: E402 (support's path)
from healthnet.identity import SettingsError, identity_from  # noqa: E402 (support's path)
from healthnet.social import PLATFORMS  # noqa: E402
from healthnet.taxonomy import load_taxonomy  # noqa: E402
from tests.support import (
    REPO,
    copy_fixture_site,
    formatted,
    page,
    validate,
)


def settings():
    namespace: dict = {}
    exec((REPO / "pelicanconf.py").read_text(encoding="utf-8"), {"__file__": str(REPO / "pelicanconf.py")}, namespace)  # fmt: skip
    return namespace


def test_footer_names_privacy_accessibility_accounts_and_feeds(built_site):
    footer = page(built_site, "/members/").select_one(".site-footer")
    hrefs = {a["href"] for a in footer.select("a")}
    assert {"../privacy/", "../accessibility/"} <= hrefs
    assert "../feeds/news.atom.xml" in hrefs and "../feeds/resources.atom.xml" in hrefs
    accounts = settings()["NETWORK_ACCOUNTS"]
    links = footer.select(".footer-accounts a")
    assert [a["href"] for a in links] == [
        PLATFORMS[key].profile_url(accounts[key]) for key in PLATFORMS if key in accounts
    ]
    assert all(a.select_one("svg") for a in links)  # social.py's icons
    assert settings()["NETWORK_REPOSITORY"] in hrefs


def test_join_links_the_issue_form_and_the_sites_own_web_editor(built_site):
    join = page(built_site, "/join/")
    hrefs = [a["href"] for a in join.select(".page-actions a")]
    repository = settings()["NETWORK_REPOSITORY"]
    assert f"{repository}/issues/new?template=join.yml" in hrefs
    assert settings()["NETWORK_EDITOR_URL"] == "admin/"  # every site has one (editor.py)
    assert "../admin/" in hrefs and (built_site / "admin" / "index.html").is_file()


def test_join_links_no_editor_when_it_is_turned_off(tmp_path):
    from tests.support import build_site

    output = build_site(tmp_path / "output", NETWORK_EDITOR_URL="", NETWORK_SEARCH_INDEX=False)
    assert "web editor" not in page(output, "/join/").select_one(".page-actions").get_text()


def test_join_links_the_editor_when_one_is_set(tmp_path):
    from tests.support import build_site

    output = build_site(
        tmp_path / "output",
        NETWORK_EDITOR_URL="https://editor.example.org/network/",
        NETWORK_SEARCH_INDEX=False,
    )
    actions = page(output, "/join/").select_one(".page-actions")
    assert "https://editor.example.org/network/" in [a["href"] for a in actions.select("a")]


def test_residency_is_in_the_navigation_with_registration_and_preparation(built_site):
    residency = page(built_site, "/residency/")
    current = residency.select_one('.site-nav a[aria-current="page"]')
    assert current.get_text() == "Residency" and current["href"] == "../residency/"
    assert "Residency" in [a.get_text() for a in page(built_site, "/").select(".site-nav a")]
    actions = residency.select_one(".page-actions")
    hrefs = [a["href"] for a in actions.select("a")]
    assert "https://events.example.org/register/fixture" in hrefs
    assert "../paths/fixture-path/" in hrefs


def test_home_features_the_residency_while_registration_is_open(built_site):
    featured = page(built_site, "/").select_one(".next-event")
    assert "Registration is open" in featured.select_one("h2").get_text()
    assert featured.select_one(".card-title a")["href"] == "./events/upcoming-fixture-event/"
    hrefs = [a["href"] for a in featured.select("a")]
    assert "https://events.example.org/register/fixture" in hrefs
    assert "./residency/" in hrefs


EARLIER_WEBINAR = """---
title: Earlier webinar
summary: An hour online, a week before the residency.
start: 2026-12-01T15:00
end: 2026-12-01T16:00
timezone: America/Chicago
online: https://events.example.org/live/earlier
---
"""


@pytest.fixture
def site_with_earlier_webinar(tmp_path):
    root = copy_fixture_site(tmp_path / "site")
    (root / "content" / "events" / "earlier-webinar.md").write_text(EARLIER_WEBINAR)
    return root


def build_copy(root, output, **settings):
    from tests.support import build_site

    return build_site(
        output, root / "members", PATH=str(root / "content"), NETWORK_ROOT=str(root),
        NETWORK_SEARCH_INDEX=False, **settings,
    )  # fmt: skip


def featured_href(output) -> str:
    return page(output, "/").select_one(".next-event .card-title a")["href"]


def test_home_features_the_residency_over_an_earlier_event_then_the_next_event(
    site_with_earlier_webinar, tmp_path
):
    root = site_with_earlier_webinar
    open_output = build_copy(root, tmp_path / "open")
    assert featured_href(open_output) == "./events/upcoming-fixture-event/"
    # The day the residency starts, its registration is closed: the next event as usual.
    started = build_copy(root, tmp_path / "started", NETWORK_TODAY="2026-12-10")
    assert featured_href(started) == "./events/upcoming-fixture-event/"
    assert page(started, "/").select_one(".next-event h2").get_text() == "Next event"
    # Without a registration link, the earlier webinar comes first.
    event = root / "content" / "events" / "upcoming-fixture-event.md"
    text = event.read_text().replace(
        "registration: https://events.example.org/register/fixture\n", ""
    )
    event.write_text(text)
    closed = build_copy(root, tmp_path / "closed")
    assert featured_href(closed) == "./events/earlier-webinar/"
    assert page(closed, "/").select_one(".next-event h2").get_text() == "Next event"


def test_bad_registration_and_preparation_are_errors_with_positions(tmp_path):
    root = copy_fixture_site(tmp_path / "site")
    event = root / "content" / "events" / "upcoming-fixture-event.md"
    text = event.read_text()
    text = text.replace(
        "https://events.example.org/register/fixture", "http://register.example.org"
    )
    text = text.replace("prepare: [fixture-path]", "prepare: [fixture-paths]")
    event.write_text(text)
    lines = formatted(validate(root / "members", content_dir=root / "content"))
    relevant = [line for line in lines if "upcoming-fixture-event" in line]
    assert any(
        ":14:15: error:" in line and "registration" in line and "https://" in line
        for line in relevant
    ), relevant
    assert any(
        ":16:11: error:" in line and "'fixture-paths'" in line and "fixture-path" in line
        for line in relevant
    ), relevant


def test_identity_settings_are_checked():
    taxonomy = load_taxonomy(REPO / "taxonomy.yaml", Report(REPO))
    identity = identity_from(settings(), taxonomy)
    assert identity.join_form.endswith("/issues/new?template=join.yml")
    with pytest.raises(SettingsError) as raised:
        identity_from(
            {
                "NETWORK_REPOSITORY": "github.com/example",
                "NETWORK_ACCOUNTS": {
                    "linkedin": "https://www.linkedin.com/company/x",
                    "myspace": "x",
                },
            },
            taxonomy,
        )
    message = str(raised.value)
    assert "NETWORK_REPOSITORY" in message
    assert "NETWORK_ACCOUNTS['linkedin']" in message and "company/" in message
    assert "'myspace'" in message
