"""The page kind: content/pages/<slug>.md, the site's own pages at /<slug>/.

A page may name one of the page templates (``template: home``; schema.PAGE_TEMPLATES) and
another address (``url`` and ``save_as``, as the home page does), never one of the site's
sections nor another page's (crosschecks.check_unique_addresses).
"""

from __future__ import annotations

from . import search, structured
from .diagnostics import Report
from .events import featured_event, next_flagship
from .frontmatter import MarkdownSource
from .kinds import Kind, Resolver
from .markup import PAGES
from .model import Page
from .schema import SLUG_PATTERN, page_schema
from .stats import glance
from .text import matches_whole
from .validation import DocumentChecker
from .yamlsource import SourceDocument

# How many of the newest members, resources and news the home page shows.
NEWEST_COUNT = 6
HOME_NEWS_COUNT = 3


# Top-level folders the site writes itself: no page may take their place.
SECTIONS = frozenset({"members", "resources", "paths", "events", "news", "search", "api",
                      "feeds", "schema", "theme", "pagefind", "files", "images"})  # fmt: skip


class PageChecker(DocumentChecker):
    kind = "a page"
    file_suffix = ".md"
    reserved_slugs = SECTIONS
    reserved_for = "the site's own sections"
    trust = PAGES  # may link and show images inside the site

    def check_rules(self, document: SourceDocument, report: Report) -> None:
        # 'template' is one of schema.PAGE_TEMPLATES: the schema says so.
        self.check_address(document, report)

    def check_address(self, document: SourceDocument, report: Report) -> None:
        """A page lives at the top of the site, beside the sections, never inside one:
        "url" is empty (the home page) or one name and a slash; "save_as" agrees with it."""
        url, save_as = document.data.get("url"), document.data.get("save_as")
        if isinstance(url, str):
            name = url.removesuffix("/")
            if url and (not url.endswith("/") or not matches_whole(SLUG_PATTERN, name)):
                report.error(
                    document.path,
                    document.position(("url",)),
                    f"'url' is '{url}'; allowed: empty (the home page) or one name of "
                    "lowercase letters, digits and hyphens followed by /, such as about/",
                )
            elif name in SECTIONS:
                report.error(
                    document.path,
                    document.position(("url",)),
                    f"'url' is '{url}', which belongs to the site's own {name} pages; "
                    "choose another name",
                )
        if isinstance(save_as, str):
            expected = f"{url if isinstance(url, str) else document.path.stem + '/'}index.html"
            if save_as != expected:
                report.error(
                    document.path,
                    document.position(("save_as",)),
                    f"'save_as' is '{save_as}'; allowed: {expected}, the file of the page's "
                    "address (or leave it out)",
                )


def build_page(source: MarkdownSource, resolver: Resolver) -> Page:
    data = source.document.data
    slug = source.document.path.stem
    return Page(
        slug=slug,
        title=data["title"].strip(),
        source=source.document.path,
        summary=data.get("summary"),
        template=data.get("template", "page"),
        body=source.body,
        url=data.get("url"),
        save_as=data.get("save_as"),
        nav=data["nav"].strip() if data.get("nav") else None,
    )


def page_variables(page: Page, network) -> dict:
    if page.template == "home":
        return home_variables(network)
    if page.template == "flagship":
        return flagship_variables(network)
    return {}


def flagship_variables(network) -> dict:
    """The flagship page (the residency): its next edition, to register and prepare for."""
    edition = next_flagship(network)
    return {
        "edition": edition,
        "registration_open": bool(edition and edition.registration_open(network.today)),
    }


def flagship_page(network) -> Page | None:
    return next((page for page in network.pages if page.template == "flagship"), None)


def home_variables(network) -> dict:
    """The home page: the network in numbers and what is new in it."""
    member_facets = network.facets("member")
    regions = next(facet for facet in member_facets if facet.key == "region")
    types = next(facet for facet in member_facets if facet.key == "type")
    featured = featured_event(network)
    flagship = flagship_page(network)
    return {
        "counts": {
            "members": len(network.members),
            "countries": sum(1 for value in regions.values if not value.parent),
            "resources": len(network.resources),
            "paths": len(network.paths),
        },
        "newest_members": sorted(network.members, key=lambda m: (m.joined, m.slug), reverse=True)[
            :NEWEST_COUNT
        ],
        "newest_resources": network.resources[:NEWEST_COUNT],
        # The flagship edition while its registration is open, else the next event.
        "next_event": featured,
        "registration_open": bool(featured and featured.registration_open(network.today)),
        "flagship_page": flagship if featured and featured.flagship else None,
        "latest_news": network.news[:HOME_NEWS_COUNT],
        "countries_url": regions.url,
        "member_types": types,
        "glance": glance(network),
    }


def page_entry(page: Page):
    """Pages of text are searchable; the home page is a listing."""
    return search.page_entry(page) if page.template != "home" else None


KIND = Kind(
    name="page",
    label="Page",
    plural="Pages",
    folder="content/pages",
    suffix=".md",
    schema=lambda taxonomy: page_schema(),
    checker=PageChecker,
    build=build_page,
    url="{slug}/",
    template="page",
    order=lambda page: page.slug,
    what="a page",
    page_variables=page_variables,
    search=page_entry,
    structured=structured.page_data,
)
