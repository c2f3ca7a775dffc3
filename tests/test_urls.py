"""One URL rule (plugins/healthnet/urls.py): addresses read as browsers read them, judged
by where they are used, by validation and the sanitizer alike."""

from __future__ import annotations

import re

import pytest

from healthnet import markup, urls
from healthnet.diagnostics import Report
from healthnet.project import load_network
from tests.support import TODAY, copy_fixture_site, project_with

# -- reading as browsers do -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "address", "hidden"),
    [
        ("https://ok.example.org/a", "https://ok.example.org/a", ()),
        ("  https://ok.example.org/a  ", "https://ok.example.org/a", ()),
        ("ht\ttps://evil.example.com/", "https://evil.example.com/", ("tabs",)),
        ("/\n/evil.example.com/", "//evil.example.com/", ("tabs",)),
        ("/\r/evil.example.com/", "//evil.example.com/", ("tabs",)),
        ("\x0b//evil.example.com/", "//evil.example.com/", ("control",)),
        ("\x00https://evil.example.com/\x1f", "https://evil.example.com/", ("control",)),
        ("\\\\evil.example.com/x.png", "//evil.example.com/x.png", ("\\",)),
        ("https:\\\\evil.example.com\\x", "https://evil.example.com/x", ("\\",)),
        ("HTTPS://OK.EXAMPLE.ORG/", "HTTPS://OK.EXAMPLE.ORG/", ()),
        # The query and the fragment keep their backslashes; other schemes keep them all.
        ("/search/?q=a\\b#c\\d", "/search/?q=a\\b#c\\d", ()),
        ("mailto:a\\b@example.org", "mailto:a\\b@example.org", ()),
    ],
)
def test_an_address_is_read_as_browsers_read_it(written, address, hidden):
    reading = urls.read(written)
    assert reading.address == address
    assert len(reading.hidden) == len(hidden)
    for word, said in zip(hidden, reading.hidden, strict=True):
        assert word in said


def test_schemes_are_read_in_any_case():
    assert urls.read("JavaScript:alert(1)").scheme == "javascript"
    assert urls.read("../members/").scheme == ""
    assert urls.problem("JaVaScRiPt:alert(1)", urls.PAGE_LINK) == (
        "uses javascript:, which is not allowed here"
    )


# -- what each use allows ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "field", "link", "page_link", "page_image"),
    [
        ("https://ok.example.org/", None, None, None, "loads from another site"),
        ("mailto:social@example.org", "uses mailto:", None, None, "uses mailto:"),
        ("../members/", "is an address inside", "is an address inside", None, None),
        ("../theme/images/favicon.svg", "is an address inside", "is an address inside", None,
         None),
        ("/theme/images/favicon.svg", "is an address inside", "is an address inside",
         "starts with /", "starts with /"),
        ("#section", "is an address inside", "is an address inside", None, None),
        ("//evil.example.com/x.png", "leads to another site", "leads to another site",
         "leads to another site", "leads to another site"),
        ("http://evil.example.com/", "uses http:", "uses http:", "uses http:",
         "loads from another site"),
        ("javascript:alert(1)", "uses javascript:", "uses javascript:", "uses javascript:",
         "uses javascript:"),
        ("data:text/html,x", "uses data:", "uses data:", "uses data:", "uses data:"),
        ("https:evil.example.com", "needs //", "needs //", "needs //", "loads from another"),
        ("https://a:b@evil.example.com/", "user name", "user name", "user name", "loads from"),
        ("https://evil.example.com:8443/", "port", "port", "port", "loads from"),
        ("https://ok.example.org:443/", None, None, None, "loads from"),
        ("https://localhost/", "no valid host", "no valid host", "no valid host", "loads from"),
        ("https://a.org/b c", "contains a space", "contains a space", "contains a space",
         "contains a space"),
        ("", "is empty", "is empty", "is empty", "is empty"),
        ("mailto:", "uses mailto:", "names no e-mail", "names no e-mail", "uses mailto:"),
    ],
)  # fmt: skip
def test_each_use_allows_its_own_addresses(written, field, link, page_link, page_image):
    for use, expected in (
        (urls.FIELD, field),
        (urls.LINK, link),
        (urls.PAGE_LINK, page_link),
        (urls.PAGE_IMAGE, page_image),
    ):
        problem = urls.problem(written, use)
        if expected is None:
            assert problem is None, (written, use.allowed, problem)
        else:
            assert problem is not None and expected in problem, (written, use.allowed, problem)


def test_a_disguised_address_is_refused_even_where_it_leads_is_fine():
    assert urls.problem("../mem\tbers/", urls.PAGE_LINK) == (
        "is read by browsers as '../members/' (they drop tabs and line breaks); write the "
        "address plainly"
    )
    assert urls.problem("images\\map.png", urls.PAGE_IMAGE) == (
        "is read by browsers as 'images/map.png' (they read \\ as /); write the address plainly"
    )


def test_messages_quote_addresses_visibly():
    assert urls.shown("a\u202eb\x01") == "a\\u202eb\\u0001"
    assert len(urls.shown("https://example.org/" + "x" * 200)) == 80


# -- the sanitizer agrees -------------------------------------------------------------------

ADDRESSES = [
    "https://ok.example.org/a?b=1",
    "HTTPS://OK.EXAMPLE.ORG/",
    " https://ok.example.org/trim ",
    "mailto:social@example.org",
    "../members/",
    "../theme/images/favicon.svg",
    "/theme/images/favicon.svg",
    "#part",
    "//evil.example.com/x.png",
    " //evil.example.com/x.png",
    "/\t/evil.example.com/x.png",
    "/\n/evil.example.com/x.png",
    "\x0b//evil.example.com/x.png",
    "\\\\evil.example.com/x.png",
    "/\\evil.example.com/x.png",
    "java\tscript:alert(1)",
    "javascript:alert(1)",
    "http://evil.example.com/",
    "https://evil.example.com/x.png",
    "https:evil.example.com/x.png",
    "https://a:b@evil.example.com/",
    "",
]


def _attribute(value: str) -> str:
    """``value`` written in an HTML attribute, control characters as references."""
    escaped = value.replace("&", "&amp;").replace('"', "&quot;")
    return re.sub(r"[\x00-\x1f]", lambda m: f"&#{ord(m.group())};", escaped)


@pytest.mark.parametrize("address", ADDRESSES)
@pytest.mark.parametrize("kind", [markup.CONTRIBUTED, markup.PAGES], ids=lambda k: k.name)
def test_the_sanitizer_keeps_exactly_what_validation_accepts(kind, address):
    text = (
        f'<a href="{_attribute(address)}">link</a> <img src="{_attribute(address)}" alt="picture">'
    )
    html = str(markup.render(text, kind))
    findings = {finding.tag: finding for finding in markup.audit(text, kind)}
    links = re.findall(r'<a(?: href="([^"]*)")?', html)
    images = re.findall(r'<img(?: src="([^"]*)")?', html)
    read = urls.read(address).address.replace("&", "&amp;")
    assert links == ([""] if "a" in findings else [read])
    if kind is markup.CONTRIBUTED:
        assert images == [] and "img" in findings
    else:
        assert images == ([""] if "img" in findings else [read])


def test_contributed_text_keeps_javascript_links_for_the_sanitizer_to_judge():
    # mistune alone would write "#harmful-link", hiding what the editor wrote.
    findings = markup.audit("[x](javascript:alert(1))", markup.CONTRIBUTED)
    assert [(f.tag, f.address) for f in findings] == [("a", "javascript:alert(1)")]
    assert 'href="' not in str(markup.render_markdown("[x](javascript:alert(1))"))


def test_an_image_hidden_from_pythons_html_parser_is_still_judged():
    # "<!-->" closes a comment for browsers (and the sanitizer), not for html.parser.
    text = "<!--> <img src=//evil.example.com/x.png> -->"
    findings = markup.audit(text, markup.PAGES)
    assert [(f.tag, f.address) for f in findings] == [("img", "//evil.example.com/x.png")]
    assert "evil.example.com" not in markup.render_page_markdown(text)


# -- validation: the issue's cases, at the line and column of the link ---------------------

ISSUE_CASES = [
    # (Markdown, column of the address, message)
    (
        "![map](/\t/evil.example.com/map.png)",
        8,
        "the image '/    /evil.example.com/map.png' contains a space; write it as %20",
    ),
    (
        "![map](\x0b//evil.example.com/map.png)",
        8,
        "the image '//evil.example.com/map.png' leads to another site (evil.example.com): an "
        "address starting with // names a host",
    ),
    (
        "![map](< //evil.example.com/map.png>)",
        8,
        "the image '//evil.example.com/map.png' leads to another site (evil.example.com): an "
        "address starting with // names a host",
    ),
    (
        "![map](\\\\\\\\evil.example.com/map.png)",
        8,
        "the image '\\\\evil.example.com/map.png' is read by browsers as "
        "'//evil.example.com/map.png' (they read \\ as /); write the address plainly",
    ),
    (
        "![map](/\\evil.example.com/map.png)",
        8,
        "the image '/\\evil.example.com/map.png' is read by browsers as "
        "'//evil.example.com/map.png' (they read \\ as /); write the address plainly",
    ),
    (
        '<img src="/&#9;/evil.example.com/map.png">',
        10,
        "the image '/\\u0009/evil.example.com/map.png' is read by browsers as "
        "'//evil.example.com/map.png' (they drop tabs and line breaks); write the address "
        "plainly",
    ),
    (
        "Intro [see][map].\n\n[map]: //evil.example.com/map",
        8,
        "the link '//evil.example.com/map' leads to another site (evil.example.com): an "
        "address starting with // names a host",
    ),
]


@pytest.fixture
def site(tmp_path):
    return copy_fixture_site(tmp_path / "site", schemas=False)


def errors_of(root) -> list[str]:
    report = Report(root)
    load_network(project_with(root / "members", root / "content"), report, TODAY)
    return [d.format() for d in report.errors]


@pytest.mark.parametrize(("markdown", "column", "message"), ISSUE_CASES)
@pytest.mark.parametrize("kind", ["news/fixture-news-one.md", "pages/about.md"])
def test_images_that_leave_the_site_are_errors_at_their_place(
    site, kind, markdown, column, message
):
    path = site / "content" / kind
    text = path.read_text(encoding="utf-8")
    path.write_text(f"{text}\nA line before.\n\n{markdown}\n", encoding="utf-8")
    line = text.count("\n") + 4 + (2 if markdown.startswith("Intro") else 0)
    allowed = urls.PAGE_LINK.allowed if message.startswith("the link") else urls.PAGE_IMAGE.allowed
    errors = [e for e in errors_of(site) if "control character" not in e]
    assert errors == [f"content/{kind}:{line}:{column}: error: {message}; allowed: {allowed}"]


def test_a_contributed_text_may_not_link_inside_the_site(site):
    path = site / "content" / "resources" / "alpha-crisis-guide.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "\nSee [the members](../../members/).\n", encoding="utf-8")
    line = text.count("\n") + 2
    assert errors_of(site) == [
        f"content/resources/alpha-crisis-guide.md:{line}:19: error: the link '../../members/' "
        "is an address inside the site, which this text cannot use (it shows on several "
        "pages); write the page's full https:// address; allowed: https:// and mailto: "
        "addresses"
    ]


def test_a_markdown_field_is_judged_at_the_field(site):
    path = site / "members" / "alpha-health.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("  Alpha runs **weekly** live videos.", "  See ![x](/images/x.png)."),
        encoding="utf-8",
    )
    assert errors_of(site) == [
        "members/alpha-health.yaml:12:14: error: 'description': the image '/images/x.png' "
        "cannot be shown: this text shows no images; allowed: links; images only in pages "
        "and news, from the site itself"
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "https://ok.example.org\\\\@evil.example.com/",
            "'website' is read by browsers as 'https://ok.example.org/@evil.example.com/' (they "
            "read \\ as /); write the address plainly; allowed: an https:// address such as "
            "https://www.example.org",
        ),
        (
            "https:///evil.example.com/",
            "'website' has no valid host name (''); allowed: an https:// address such as "
            "https://www.example.org",
        ),
    ],
)
def test_address_fields_follow_the_same_rule(site, value, message):
    path = site / "members" / "alpha-health.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("website: https://alpha.example.org", f'website: "{value}"'), "utf-8"
    )
    assert errors_of(site) == [f"members/alpha-health.yaml:10:10: error: {message}"]
