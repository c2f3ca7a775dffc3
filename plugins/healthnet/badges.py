"""Each member's "Member of <network>" badge, for its own website: a small SVG
(members/<slug>/badge.svg) and a wide one with its name (badge-wide.svg), and the HTML and
Markdown that show it, linked to the profile, which the profile page offers to copy.

The SVGs are written here, from our own template: the member's and network's names are
its only contributed text, escaped. Text widths are measured with the font the sharing
images use, and each text is held to its measured width (``textLength``), so it fits
whatever font the reader's browser substitutes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from xml.sax.saxutils import escape, quoteattr

from .logo_images import CARD_INK, font

BADGE = "badge.svg"
WIDE_BADGE = "badge-wide.svg"
FONT_FAMILY = "DejaVu Sans,Verdana,Geneva,sans-serif"
LABEL = "Member of"
INK = "#{:02x}{:02x}{:02x}".format(*CARD_INK)  # white text on it: contrast above 7:1
LABEL_INK = "#333333"
PADDING = 8
SMALL_HEIGHT = 20
WIDE_HEIGHT = 44
MAX_NAME = 60  # characters of a member's name on the wide badge; the title has it all


# Every badge measures the same few labels ("Member of", the site's name); a member's name
# is measured for its badge and again for its profile's snippet, and on every rebuild.
@cache
def text_width(text: str, size: int) -> int:
    return round(font(size).getlength(text))


def _text(x: float, y: float, text: str, size: int, width: int, anchor="start") -> str:
    return (
        f'<text x="{x:g}" y="{y:g}" font-size="{size}" text-anchor="{anchor}" '
        f'textLength="{width}" lengthAdjust="spacingAndGlyphs">{escape(text)}</text>'
    )


def _svg(width: int, height: int, title: str, body: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="badge-title">'
        f'<title id="badge-title">{escape(title)}</title>'
        f'<g font-family="{FONT_FAMILY}" font-weight="bold" fill="#ffffff">{body}</g></svg>\n'
    )


def title_of(member, site_name: str) -> str:
    return f"{member.name}: member of the {site_name}"


def small_badge(member, site_name: str) -> tuple[str, int, int]:
    """(SVG, width, height): "Member of | <network>", 20 pixels high."""
    size = 11
    label, name = text_width(LABEL, size), text_width(site_name, size)
    left = label + 2 * PADDING
    width = left + name + 2 * PADDING
    body = (
        f'<rect width="{left}" height="{SMALL_HEIGHT}" rx="3" fill="{LABEL_INK}"/>'
        f'<rect x="{left}" width="{width - left}" height="{SMALL_HEIGHT}" rx="3" fill="{INK}"/>'
        f'<rect x="{left - 3}" width="6" height="{SMALL_HEIGHT}" fill="{INK}"/>'
        + _text(PADDING, 14, LABEL, size, label)
        + _text(left + PADDING, 14, site_name, size, name)
    )
    return _svg(width, SMALL_HEIGHT, title_of(member, site_name), body), width, SMALL_HEIGHT


def wide_badge(member, site_name: str) -> tuple[str, int, int]:
    """(SVG, width, height): the member's name over "Member of the <network>"."""
    name = member.name if len(member.name) <= MAX_NAME else member.name[: MAX_NAME - 1] + "…"
    line = f"{LABEL} the {site_name}"
    name_width, line_width = text_width(name, 14), text_width(line, 11)
    width = max(name_width, line_width) + 2 * 12
    body = (
        f'<rect width="{width}" height="{WIDE_HEIGHT}" rx="4" fill="{INK}"/>'
        + _text(12, 19, name, 14, name_width)
        + _text(12, 36, line, 11, line_width)
    )
    return _svg(width, WIDE_HEIGHT, title_of(member, site_name), body), width, WIDE_HEIGHT


def badge_svg(member, site) -> str:
    """Export members/{slug}/badge.svg."""
    return small_badge(member, site.name)[0]


def wide_badge_svg(member, site) -> str:
    """Export members/{slug}/badge-wide.svg."""
    return wide_badge(member, site.name)[0]


@dataclass(frozen=True)
class Badge:
    """What the profile page shows and offers to copy."""

    url: str  # in the site: members/<slug>/badge.svg
    width: int
    height: int
    alt: str
    html: str
    markdown: str


def badges_of(member, root: str, site_name: str) -> list[Badge]:
    """The member's badges, with snippets linking to its profile's public address."""
    profile = root + member.url
    alt = f"Member of the {site_name}"
    found = []
    for name, draw in ((BADGE, small_badge), (WIDE_BADGE, wide_badge)):
        _, width, height = draw(member, site_name)
        image = root + member.url + name
        html = (
            f"<a href={quoteattr(profile)}><img src={quoteattr(image)} alt={quoteattr(alt)} "
            f'width="{width}" height="{height}"></a>'
        )
        markdown_alt = alt.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
        markdown = f"[![{markdown_alt}]({image})]({profile})"
        found.append(Badge(member.url + name, width, height, alt, html, markdown))
    return found
