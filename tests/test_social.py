"""The platform registry: every taxonomy platform has a pattern, a URL builder and an icon."""

import xml.etree.ElementTree as ET
from urllib.parse import quote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from healthnet import social
from healthnet.diagnostics import Report
from healthnet.social import PLATFORMS, suggest_handle
from healthnet.taxonomy import load_taxonomy
from tests.support import REPO

TAXONOMY = load_taxonomy(REPO / "taxonomy.yaml", Report(REPO))


def test_registry_and_taxonomy_name_the_same_platforms():
    assert list(PLATFORMS) == TAXONOMY.platforms.keys


@pytest.mark.parametrize("key", list(PLATFORMS))
def test_icons_are_inline_svg_without_outside_references(key):
    icon = str(PLATFORMS[key].icon())
    root = ET.fromstring(icon)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("aria-hidden") == "true"
    assert "href" not in icon and "<script" not in icon
    assert icon.count("http") == 1  # the xmlns only


@pytest.mark.parametrize(
    ("key", "handle", "url"),
    [
        ("x", "riverbendhealth", "https://x.com/riverbendhealth"),
        ("facebook", "riverbend.health", "https://www.facebook.com/riverbend.health"),
        ("instagram", "riverbend_health", "https://www.instagram.com/riverbend_health/"),
        ("linkedin", "company/riverbend-health", "https://www.linkedin.com/company/riverbend-health/"),
        ("youtube", "@riverbendhealth", "https://www.youtube.com/@riverbendhealth"),
        ("tiktok", "riverbend.health", "https://www.tiktok.com/@riverbend.health"),
        ("bluesky", "riverbend.bsky.social", "https://bsky.app/profile/riverbend.bsky.social"),
        ("threads", "riverbendhealth", "https://www.threads.net/@riverbendhealth"),
        ("mastodon", "@riverbend@mastodon.social", "https://mastodon.social/@riverbend"),
        ("pinterest", "riverbendhealth", "https://www.pinterest.com/riverbendhealth/"),
        ("blog", "https://blog.example.org", "https://blog.example.org"),
    ],
)  # fmt: skip
def test_profile_urls_are_built_from_valid_handles(key, handle, url):
    platform = PLATFORMS[key]
    assert platform.takes_url or platform.matches(handle)
    assert platform.profile_url(handle) == url


@pytest.mark.parametrize(
    ("key", "handle"),
    [
        ("x", "@riverbend"),
        ("x", "much_too_long_for_x"),
        ("x", "river bend"),
        ("instagram", "https://instagram.com/riverbend"),
        ("linkedin", "riverbend"),
        ("youtube", "riverbend"),
        ("bluesky", "Riverbend.BSKY.social"),
        ("mastodon", "riverbend@mastodon.social"),
        ("facebook", "rb"),
        ("x", "javascript:alert(1)"),
        ("instagram", ".."),
        ("threads", ".hidden"),
        ("tiktok", "a..b"),
        ("facebook", "page."),
        ("youtube", "@..."),
    ],
)
def test_handles_outside_the_pattern_are_refused(key, handle):
    assert not PLATFORMS[key].matches(handle)


@pytest.mark.parametrize(
    ("key", "value", "suggestion"),
    [
        ("x", "https://x.com/riverbend", "riverbend"),
        ("x", "@riverbend", "riverbend"),
        ("linkedin", "https://www.linkedin.com/company/riverbend-health/", "company/riverbend-health"),
        ("youtube", "https://www.youtube.com/@riverbend", "@riverbend"),
        ("mastodon", "https://mastodon.social/@riverbend", "@riverbend@mastodon.social"),
        ("bluesky", "https://bsky.app/profile/riverbend.bsky.social", "riverbend.bsky.social"),
        ("x", "not a handle at all", None),
    ],
)  # fmt: skip
def test_pasted_urls_get_a_suggested_handle(key, value, suggestion):
    assert suggest_handle(PLATFORMS[key], value) == suggestion


@settings(database=None, deadline=None)  # no .hypothesis/ folder in the working tree
@given(st.text(alphabet=st.sampled_from("aZ09_.~/-@%é ?#&+")))
def test_a_handle_is_quoted_in_its_profile_url_as_urllib_quotes_it(text):
    # Most handles need no quoting, and skip urllib's quote: the result must be the same.
    assert social._quoted(text) == quote(text, safe="/")
