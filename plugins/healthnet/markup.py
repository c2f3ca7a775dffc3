"""Markdown written by contributors, rendered and then sanitized to a small allow-list.

Two levels of trust, both sanitized:

- contributed data (member descriptions, resources, paths, events) keeps formatting and
  links out of the site (https, mailto); no images, no relative links, since the same
  text can appear on several pages;
- the site's own pages and news may also link and show images inside the site, and keep
  heading ids so that sections can be linked to.
"""

from __future__ import annotations

import re

import markdown
import mistune
import nh3
from markupsafe import Markup

BASE_TAGS = {
    "p", "br", "strong", "em", "b", "i", "a", "ul", "ol", "li", "blockquote",
    "code", "pre", "h2", "h3", "h4", "hr",
}  # fmt: skip
PAGE_TAGS = BASE_TAGS | {"img", "table", "thead", "tbody", "tr", "th", "td", "h5", "dl", "dt", "dd"}
BASE_ATTRIBUTES = {"a": {"href", "title"}}
PAGE_ATTRIBUTES = {
    **BASE_ATTRIBUTES,
    "img": {"src", "alt", "width", "height"},
    **{tag: {"id"} for tag in ("h2", "h3", "h4", "h5")},
    "th": {"scope"},
}
# Only links out (https) or to mail; inside the site, relative addresses.
URL_SCHEMES = {"https", "mailto"}

# Contributed text is most of the site's text: mistune renders it many times faster than
# Python-Markdown. Raw HTML passes through to the sanitizer, which decides what stays.
_contributed = mistune.create_markdown(escape=False, plugins=["strikethrough"])
# The site's own pages keep Python-Markdown's tables, definition lists and heading ids.
_pages = markdown.Markdown(
    extensions=["sane_lists", "tables", "def_list", "toc"], output_format="html"
)

_HEADING = re.compile(r"<(/?)h([1-6])([ >])")


def _shift_headings(html: str, first: int) -> str:
    """The page has its own h1 (and maybe h2s): top headings start at ``first``."""
    return _HEADING.sub(lambda m: f"<{m[1]}h{max(int(m[2]), first)}{m[3]}", html)


def _absolute_links_only(tag: str, attribute: str, value: str) -> str | None:
    """Drop relative and protocol-relative links: the text must say where it goes."""
    if tag == "a" and attribute == "href" and not value.startswith(("https://", "mailto:")):
        return None
    return value


def _own_site_or_https(tag: str, attribute: str, value: str) -> str | None:
    """Links: https, mail, or inside the site. Images: inside the site only, so that no
    page requests anything from another origin."""
    if attribute in ("href", "src") and value.startswith("//"):
        return None
    if tag == "img" and attribute == "src" and ":" in value.split("/", 1)[0]:
        return None
    return value


def _clean(html: str, tags: set, attributes: dict, attribute_filter) -> Markup:
    return Markup(
        nh3.clean(
            html,
            tags=tags,
            attributes=attributes,
            url_schemes=URL_SCHEMES,
            attribute_filter=attribute_filter,
            link_rel="noopener noreferrer nofollow",
        )
    )


def render_markdown(text: str, first_heading: int = 3) -> Markup:
    """Contributed Markdown -> HTML that is safe to put in a page as is."""
    html = _shift_headings(_contributed(text).strip(), first_heading)
    return _clean(html, BASE_TAGS, BASE_ATTRIBUTES, _absolute_links_only)


def render_page_markdown(text: str) -> Markup:
    """Markdown of the site's pages and news (under h1 titles): links may stay inside."""
    html = _shift_headings(_pages.reset().convert(text), 2)
    return _clean(html, PAGE_TAGS, PAGE_ATTRIBUTES, _own_site_or_https)
