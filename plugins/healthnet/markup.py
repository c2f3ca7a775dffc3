"""Markdown written by contributors, rendered and then sanitized to a small allow-list.

Two levels of trust, both sanitized:

- contributed data (member descriptions, resources, paths, events) keeps formatting and
  links out of the site (https, mailto); no images, no relative links, since the same
  text can appear on several pages;
- the site's own pages and news may also link and show images inside the site, and keep
  heading ids so that sections can be linked to.

Which addresses stay is urls.py's rule, asked by the sanitizer for every link and image.
Validation asks the same through ``audit`` (and ``unsafe_references`` for the text rule):
it renders the text as a page would and reports what the sanitizer would not keep as
written, at the place ``locate`` finds it in the Markdown.
"""

from __future__ import annotations

import html as html_text
import re
from dataclasses import dataclass
from html.entities import html5 as NAMED_REFERENCES
from html.parser import HTMLParser
from urllib.parse import unquote

import markdown
import mistune
import nh3
from markupsafe import Markup

from . import urls
from .text import first_unsafe_character

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
# The sanitizer's own scheme check, under urls.py's rule (which is stricter).
URL_SCHEMES = {"https", "mailto"}

# Contributed text is most of the site's text: mistune renders it many times faster than
# Python-Markdown. Raw HTML and every address pass through to the sanitizer, which decides
# what stays (mistune would turn a javascript: link into "#harmful-link", hiding from
# validation what the editor wrote).
_contributed = mistune.create_markdown(
    escape=False,
    renderer=mistune.HTMLRenderer(escape=False, allow_harmful_protocols=True),
    plugins=["strikethrough"],
)
# The site's own pages keep Python-Markdown's tables, definition lists and heading ids.
_pages = markdown.Markdown(
    extensions=["sane_lists", "tables", "def_list", "toc"], output_format="html"
)

_HEADING = re.compile(r"<(/?)h([1-6])([ >])")


@dataclass(frozen=True)
class Trust:
    """One level of trust: how its Markdown is rendered and what its links may be."""

    name: str
    render: object  # text -> HTML, before sanitizing
    first_heading: int
    tags: set
    attributes: dict
    link: urls.Use
    image: urls.Use | None  # None: no images at all

    def attribute_filter(self, tag: str, attribute: str, value: str) -> str | None:
        """The sanitizer's verdict on one attribute: addresses under urls.py's rule,
        written as browsers read them; None drops the attribute."""
        if tag == "a" and attribute == "href":
            return urls.address(value, self.link)
        if tag == "img" and attribute == "src":
            return urls.address(value, self.image) if self.image else None
        return value


# Contributed data (member descriptions, resources, paths, events): formatting and links
# out of the site; no images, no relative links, since the same text shows on several pages.
CONTRIBUTED = Trust("contributed", _contributed, 3, BASE_TAGS, BASE_ATTRIBUTES, urls.LINK, None)
# The site's own pages and news: links and images inside the site too, heading ids kept.
PAGES = Trust(
    "pages",
    lambda text: _pages.reset().convert(text),
    2,
    PAGE_TAGS,
    PAGE_ATTRIBUTES,
    urls.PAGE_LINK,
    urls.PAGE_IMAGE,
)


def _shift_headings(html: str, first: int) -> str:
    """The page has its own h1 (and maybe h2s): top headings start at ``first``."""
    return _HEADING.sub(lambda m: f"<{m[1]}h{max(int(m[2]), first)}{m[3]}", html)


def _clean(html: str, trust: Trust, attribute_filter=None) -> str:
    return nh3.clean(
        html,
        tags=trust.tags,
        attributes=trust.attributes,
        url_schemes=URL_SCHEMES,
        attribute_filter=attribute_filter or trust.attribute_filter,
        link_rel="noopener noreferrer nofollow",
    )


def render(text: str, trust: Trust, first_heading: int | None = None) -> Markup:
    """Markdown -> HTML that is safe to put in a page as is."""
    html = _shift_headings(trust.render(text).strip(), first_heading or trust.first_heading)
    return Markup(_clean(html, trust))


def render_markdown(text: str, first_heading: int = 3) -> Markup:
    """Contributed Markdown -> HTML that is safe to put in a page as is."""
    return render(text, CONTRIBUTED, first_heading)


def render_page_markdown(text: str) -> Markup:
    """Markdown of the site's pages and news (under h1 titles): links may stay inside."""
    return render(text, PAGES)


# -- what validation asks: every address the sanitizer judges ------------------------------


@dataclass(frozen=True)
class Finding:
    """A link or image that a page would not keep as written."""

    tag: str  # "a" or "img"
    address: str  # as the sanitizer sees it (character references decoded)
    problem: str  # completes "the link '<address>' ..."
    allowed: str


def may_hold_addresses(text: str) -> bool:
    """Whether Markdown could make a link or an image of ``text``: inline links need "](",
    reference definitions "]:", autolinks and raw HTML "<"."""
    return "](" in text or "]:" in text or "<" in text


class _Addresses(HTMLParser):
    """Links and images of rendered HTML, in document order, values decoded."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        wanted = {"a": "href", "img": "src"}.get(tag)
        if wanted is None:
            return
        values = [value or "" for name, value in attrs if name == wanted]
        if values:
            self.found.append((tag, values[0]))
        elif tag == "img":
            self.found.append((tag, ""))

    handle_startendtag = handle_starttag


def audit(text: str, trust: Trust) -> list[Finding]:
    """The links and images of ``text`` that ``render`` would not keep as written, in order.

    Read twice: by an HTML parser (what the sanitizer drops before asking, such as schemes
    it refuses, and images in text that shows none) and through the sanitizer itself, which
    says exactly which addresses it judged."""
    if not may_hold_addresses(text):
        return []
    html = trust.render(text)
    parser = _Addresses()
    parser.feed(html)
    parser.close()
    judged: list[tuple[str, str]] = []

    def recording(tag: str, attribute: str, value: str) -> str | None:
        if (tag, attribute) in (("a", "href"), ("img", "src")):
            judged.append((tag, value))
        return trust.attribute_filter(tag, attribute, value)

    _clean(html, trust, recording)
    # The sanitizer's reading wins where both read one address (the HTML parser of Python
    # drops some character references that browsers keep); its others come last.
    unmatched: dict[tuple[str, str], list[str]] = {}
    for tag, address in judged:
        unmatched.setdefault((tag, urls.read(address).address), []).append(address)
    seen = []
    for tag, address in parser.found:
        same = unmatched.get((tag, urls.read(address).address))
        seen.append((tag, same.pop(0) if same else address))
    seen += [(tag, address) for (tag, _), left in unmatched.items() for address in left]
    findings = []
    for tag, address in seen:
        if tag == "img" and trust.image is None:
            findings.append(
                Finding(
                    tag,
                    address,
                    "cannot be shown: this text shows no images",
                    "links; images only in pages and news, from the site itself",
                )
            )
            continue
        use = trust.link if tag == "a" else trust.image
        problem = urls.problem(address, use)
        if problem is not None:
            findings.append(Finding(tag, address, problem, use.allowed))
    return findings


# -- where a finding is in the Markdown ----------------------------------------------------

# Where Markdown and HTML write addresses: an inline link's parentheses, a reference
# definition, an autolink, an href or src attribute. Matched loosely (a destination may hold
# what Markdown would refuse): this only finds the place to point at.
_WRITTEN_ADDRESS = re.compile(
    r"\]\((?P<inline>(?:[^()\n]|\([^()\n]*\))*)"
    r"|^[ ]{0,3}\[[^\]\n]+\]:[ \t]*(?P<reference>\S+)"
    r"|<(?P<auto>[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[^\s<>@]+@[^\s<>@]+)>"
    r"|(?:href|src)\s*=\s*(?P<attribute>\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+)",
    re.MULTILINE | re.IGNORECASE,
)
_IMAGE_TAG = re.compile(r"<img\b", re.IGNORECASE)
_NOISE = re.compile(r"[\s\x00-\x1f\\<>\"']")


def _key(address: str) -> str:
    """What stays of an address whichever way Markdown or HTML wrote it."""
    return _NOISE.sub("", unquote(html_text.unescape(address))).lower()


def locate(text: str, findings: list[Finding]) -> list[int | None]:
    """For each finding, the index in ``text`` where its address is written (in order, each
    place used once), or None where it cannot be told."""
    if not findings:
        return []
    written = [
        (match.start(match.lastgroup), _key(match.group(match.lastgroup)))
        for match in _WRITTEN_ADDRESS.finditer(text)
    ]
    images = [match.start() for match in _IMAGE_TAG.finditer(text)]
    used: set[int] = set()
    places: list[int | None] = []
    for finding in findings:
        key = _key(finding.address)
        candidates = [index for index, place in written if place == key]
        candidates += [index for index, place in written if key and key in place != key]
        if finding.tag == "img":
            candidates += images
        place = next((index for index in candidates if index not in used), None)
        if place is None and candidates:
            place = candidates[0]
        if place is not None:
            used.add(place)
        places.append(place)
    return places


# -- characters that references put in a page ----------------------------------------------

_REFERENCE = re.compile(r"&(?:#[xX]([0-9A-Fa-f]+);?|#([0-9]+);?|([A-Za-z][A-Za-z0-9]*;?))")
# What the HTML standard reads instead of some numeric references (U+0080 to U+009F are
# read as Windows-1252, which the html module knows).
_REPLACED = {0x00: "\ufffd", **{k: v for k, v in html_text._invalid_charrefs.items() if k >= 0x80}}


def _referenced(match: re.Match) -> str | None:
    """The text a character reference stands for, as HTML parsers decode it."""
    hexadecimal, decimal, name = match.groups()
    if name is not None:
        for end in range(len(name), 0, -1):  # the longest name known, as browsers match
            if name[:end] in NAMED_REFERENCES:
                return NAMED_REFERENCES[name[:end]]
        return None
    code = int(hexadecimal, 16) if hexadecimal is not None else int(decimal)
    if code in _REPLACED:
        return _REPLACED[code]
    if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return "\ufffd"
    return chr(code)


def unsafe_references(text: str, trust: Trust) -> list[tuple[int, str, str]]:
    """(index, reference, character) of the character references in ``text`` that put a
    character the text rule refuses into the rendered page (one in a code span does not:
    it shows as written)."""
    if "&" not in text:
        return []
    found = []
    for match in _REFERENCE.finditer(text):
        decoded = _referenced(match)
        char = first_unsafe_character(decoded, allow_newlines=True) if decoded else None
        if char is not None:
            found.append((match.start(), match.group(), char))
    if not found:
        return []
    page = str(render(text, trust))
    return [item for item in found if item[2] in page]
