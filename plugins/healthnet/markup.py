"""Markdown written by contributors, rendered and then sanitized to a small allow-list."""

from __future__ import annotations

import re

import markdown
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "a", "ul", "ol", "li", "blockquote",
    "code", "pre", "h3", "h4", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
# Only links out (https) or to mail; no images, so no request ever leaves the site.
URL_SCHEMES = {"https", "mailto"}

_markdown = markdown.Markdown(extensions=["sane_lists"], output_format="html")


# The page has its own h1 and h2s: a contributor's top headings become h3.
_TOP_HEADING = re.compile(r"<(/?)h[12]>")


def _only_absolute_links(tag: str, attribute: str, value: str) -> str | None:
    """Drop relative and protocol-relative links: the text must say where it goes."""
    if tag == "a" and attribute == "href" and not value.startswith(("https://", "mailto:")):
        return None
    return value


def render_markdown(text: str) -> Markup:
    """Markdown -> HTML that is safe to put in a page as is."""
    html = _TOP_HEADING.sub(r"<\1h3>", _markdown.reset().convert(text))
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        attribute_filter=_only_absolute_links,
        link_rel="noopener noreferrer nofollow",
    )
    return Markup(clean)
