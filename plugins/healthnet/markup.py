"""Markdown written by contributors, rendered and then sanitized to a small allow-list."""

from __future__ import annotations

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


def render_markdown(text: str) -> Markup:
    """Markdown -> HTML that is safe to put in a page as is."""
    html = _markdown.reset().convert(text)
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    return Markup(clean)
