"""Contributed Markdown: rendered, then reduced to safe HTML with no outside requests."""

import re

from healthnet.markup import render_markdown


def test_formatting_and_https_links_survive():
    html = render_markdown("Some **bold** text.\n\n- one\n- two\n\n[Guide](https://example.org/g)")
    assert "<strong>bold</strong>" in html
    assert "<ul>\n<li>one</li>" in html
    assert '<a href="https://example.org/g" rel="noopener noreferrer nofollow">Guide</a>' in html


def test_scripts_handlers_and_javascript_links_are_removed():
    html = render_markdown(
        '<script>alert(1)</script>\n\n<p onclick="alert(2)">hi</p>\n\n[bad](javascript:alert(3))'
    )
    assert "<script" not in html and "alert(1)" not in html
    assert "onclick" not in html
    assert "javascript:" not in html
    assert ">bad</a>" in html  # the text stays, the link target does not


def test_images_and_iframes_never_load_anything():
    html = render_markdown(
        "![pixel](https://tracker.example.com/p.gif)\n\n"
        '<iframe src="https://video.example.com"></iframe>'
    )
    assert "<img" not in html and "<iframe" not in html
    assert "tracker.example.com" not in html and "video.example.com" not in html


def test_top_level_headings_become_h3_to_keep_the_page_outline():
    html = render_markdown("# Title\n\n## Part\n\n### Section")
    assert html == "<h3>Title</h3>\n<h3>Part</h3>\n<h3>Section</h3>"


def test_only_https_and_mail_links_keep_their_target():
    html = render_markdown(
        "[a](//evil.example.com/x) [b](/members/) [c](http://plain.example.org) "
        "[d](https://ok.example.org) [e](mailto:social@example.org)"
    )
    hrefs = re.findall(r'<a(?: href="([^"]*)")?', html)
    assert hrefs == ["", "", "", "https://ok.example.org", "mailto:social@example.org"]
