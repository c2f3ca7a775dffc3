"""The page plan: every HTML page of the site, as the output file, the template and the
variables it is rendered with, made by looping over the kinds.

Each kind gives one page per item (its ``url``), its listing split into pages, and a page
per facet value, also split. A page's variables are all it shows, besides the site-wide
``site`` routes and the settings: that is what makes a page's fingerprint (fingerprint.py)
say whether a rebuild must render it again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from . import editor
from .identity import Identity, identity_from
from .pagination import Pagination, paginations, split
from .search import MEMBER_GROUPS, RESOURCE_GROUPS, SITE_GROUPS, entry_of, filter_groups
from .stats import STATS_URL, network_stats

SEARCH_URL = "search/"
NOT_FOUND = "404.html"
# The filter groups of each listing's live filter panel.
PANEL_GROUPS = {"member": MEMBER_GROUPS, "resource": RESOURCE_GROUPS}
# The pages the footer names, when the site has them.
FOOTER_PAGES = ("about", "join", "residency", "contact", "privacy", "accessibility")


# Variables made from the page's own item alone: its other variables cover them.
DERIVED = frozenset({"entry"})


@dataclass
class PageSpec:
    output: str  # the file, relative to the site: "members/alpha-health/index.html"
    template: str  # "member": theme/templates/member.html
    variables: dict = field(default_factory=dict)
    searchable: bool = False  # an item page the search index must hold

    @property
    def url(self) -> str:
        return self.output.removesuffix("index.html")

    @property
    def inputs(self) -> dict:
        """What the page is made of, for its fingerprint."""
        return {key: value for key, value in self.variables.items() if key not in DERIVED}


@dataclass(frozen=True)
class NavItem:
    key: str  # what ``active_section`` names: the kind, or the page
    label: str
    url: str


@dataclass(frozen=True)
class Routes:
    """The site's fixed addresses, from the kinds: what navigation and footers link to."""

    nav: tuple[NavItem, ...]
    footer_pages: tuple[NavItem, ...]
    feeds: tuple[NavItem, ...]  # label "news", url "feeds/news.atom.xml"
    exports: dict  # "members.json" -> "api/members.json"
    listings: dict  # kind name -> its listing's URL: "member" -> "members/"
    search: str = SEARCH_URL
    stats: str = STATS_URL
    schema: str = "schema/member.schema.json"
    # The network's repository, join form, editor, contacts and accounts (identity.py).
    identity: Identity = field(default_factory=Identity)


class PlanError(Exception):
    """Two pages would be written to one file."""


def routes(network, kinds, settings: dict | None = None) -> Routes:
    """The site's fixed addresses; ``settings`` give the network's identity."""
    listings = {kind.name: kind.section for kind in kinds if kind.listing}
    nav = [NavItem(kind.name, kind.listing.title or kind.plural, kind.section)
           for kind in kinds if kind.listing]  # fmt: skip
    pages = {page.slug: page for page in network.pages}
    nav.append(NavItem("stats", "Stats", STATS_URL))
    # Pages that ask for it (front matter "nav": the residency), then About.
    nav += [NavItem(page.slug, page.nav, page.url) for page in network.pages
            if page.nav and page.slug != "about"]  # fmt: skip
    if "about" in pages:
        nav.append(NavItem("about", pages["about"].nav or "About", pages["about"].url))
    footer = tuple(
        NavItem(slug, pages[slug].title, pages[slug].url) for slug in FOOTER_PAGES if slug in pages
    )
    feeds = tuple(
        NavItem(kind.name, kind.feed.title, kind.feed.path) for kind in kinds if kind.feed
    )
    exports = {
        export.path.rsplit("/", 1)[-1]: export.path
        for kind in kinds
        for export in kind.exports
        if "{slug}" not in export.path
    }
    identity = identity_from(settings or {}, network.taxonomy)
    return Routes(tuple(nav), footer, feeds, exports, listings, identity=identity)


def plan_site(network, kinds) -> list[PageSpec]:
    """Every page of the site, searchable item pages first (the search index can start on
    them while the rest is written)."""
    specs = [spec for kind in kinds for spec in item_pages(kind, network)]
    for kind in kinds:
        specs += listing_pages(kind, network)
    specs.append(search_page(network, kinds))
    # GitHub Pages answers every missing address with it (templates/404.html).
    specs.append(PageSpec(NOT_FOUND, "404", {"not_found": True, "active_section": None}))
    specs.append(stats_page(network))
    if editor.offered(kinds):
        specs.append(PageSpec(editor.PAGE, "admin", {"active_section": None}))
    check_unique_outputs(specs)
    return specs


def item_pages(kind, network, items=None) -> Iterable[PageSpec]:
    """The page of each item of ``kind`` (of those ``items`` only, when given)."""
    for item in network.of(kind.name) if items is None else items:
        entry = entry_of(kind, item)
        variables = {
            kind.name: item,
            "entry": entry,
            "active_section": kind.name if kind.listing else item.slug,
        }
        if kind.page_variables:
            variables.update(kind.page_variables(item, network))
        yield PageSpec(kind.output_of(item), kind.template_of(item), variables, entry is not None)


def listing_pages(kind, network) -> list[PageSpec]:
    """The kind's list (split into pages), its facet indexes and its facet values' pages."""
    listing = kind.listing
    if listing is None:
        return []
    items = network.of(kind.name)
    facets = network.facets(kind.name) if listing.facets else []
    shared = {
        "kind": kind.name,
        "facets": facets,
        "active_section": kind.name,
        **(listing.variables(network) if listing.variables else {}),
    }
    if kind.name in PANEL_GROUPS:
        entries = [entry_of(kind, item) for item in items]
        shared["groups"] = filter_groups(entries, PANEL_GROUPS[kind.name])
    specs = list(
        paged(
            kind, items, kind.section, listing.template, {**shared, "total": len(items)},
            listing.page_variables,
        )
    )  # fmt: skip
    for facet in facets:
        specs.append(PageSpec(f"{facet.url}index.html", "facets", {**shared, "facet": facet}))
        for value in facet.values:
            variables = {**shared, "facet": facet, "value": value}
            specs += paged(kind, value.items, value.url, "facet", variables)
    return specs


def paged(
    kind, items: list, base: str, template: str, variables: dict, page_variables=None
) -> Iterable[PageSpec]:
    listing = kind.listing
    pages = split(items, base, listing.per_page, listing.page_label)
    variables_of = page_variables(pages) if page_variables else None
    for pagination in paginations(pages, len(items)):
        page_items = pagination.current.items
        extra = variables_of(pagination) if variables_of else {}
        yield PageSpec(
            pagination.current.output,
            template,
            {**variables, kind.items_name: page_items, "pagination": pagination, **extra},
        )


def search_page(network, kinds) -> PageSpec:
    entries = [
        entry for kind in kinds for item in network.of(kind.name) if (entry := entry_of(kind, item))
    ]
    groups = filter_groups(entries, SITE_GROUPS, [kind.name for kind in kinds])
    return PageSpec(
        f"{SEARCH_URL}index.html", "search", {"groups": groups, "active_section": "search"}
    )


def stats_page(network) -> PageSpec:
    """/stats/: the network in numbers, aggregates only (stats.py)."""
    return PageSpec(
        f"{STATS_URL}index.html",
        "stats",
        {"stats": network_stats(network, SEARCH_URL), "active_section": "stats"},
    )


def check_unique_outputs(specs: list[PageSpec]) -> None:
    seen: dict[str, str] = {}
    clashes = []
    for spec in specs:
        if spec.output in seen:
            clashes.append(f"{spec.output} (templates {seen[spec.output]} and {spec.template})")
        seen.setdefault(spec.output, spec.template)
    if clashes:
        raise PlanError(f"two pages would be written to one file: {'; '.join(clashes)}")


__all__ = ["PageSpec", "Pagination", "Routes", "plan_site", "routes"]
