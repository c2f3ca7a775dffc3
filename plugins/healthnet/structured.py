"""What a page tells the sites that show it when it is shared, and the search engines that
read it: its canonical address, description, OpenGraph and Twitter card tags, and its
structured data (schema.org JSON-LD).

Each kind says where its structured data comes from (``Kind.structured``: one builder per
kind, below); breadcrumbs and the site's own entry (``WebSite`` with its search) are made
here for every page. base.html writes the tags from ``page_metadata()``.

Sharing needs absolute addresses. A production build has them (SITEURL); a development
build has none, so it names the network's domain (``https://NETWORK_DOMAIN/``), as its
calendar and feed ids do: a preview's tags then say what the published page's will.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

import orjson
from jinja2 import pass_context
from markupsafe import Markup

from . import logo_images
from .badges import badges_of
from .made import MadeFile, key_of

# The site's own sharing image, for pages without one of their own (made at build time).
SHARE_IMAGE = "share.png"
SCHEMA = "https://schema.org"
# What a page's title ends with: " · SITENAME" is not part of what it shares.
TITLE_SEPARATOR = " · "
SEARCH_QUERY = "search_term_string"


def public_root(siteurl: str, domain: str) -> str:
    """The site's absolute address, with a final slash."""
    return f"{siteurl.rstrip('/') or f'https://{domain}'}/"


@dataclass(frozen=True)
class SiteLinks:
    """What structured data needs of the site: its address and name."""

    root: str  # "https://network.example.org/"
    name: str

    def url(self, path: str) -> str:
        return self.root + path

    @property
    def organization(self) -> dict:
        return {
            "@type": "Organization",
            "name": self.name,
            "url": self.root,
            "logo": self.url(SHARE_IMAGE),
        }

    @property
    def image(self) -> str:
        return self.url(SHARE_IMAGE)


@dataclass(frozen=True)
class Image:
    url: str
    alt: str
    width: int = logo_images.SHARE_SIZE[0]
    height: int = logo_images.SHARE_SIZE[1]


@dataclass
class PageMeta:
    """Everything the head of one page says about it to other sites."""

    title: str
    description: str
    url: str | None  # None: a page with no address of its own (404.html)
    type: str  # og:type
    image: Image
    site_name: str
    data: list[dict] = field(default_factory=list)  # JSON-LD objects

    @property
    def json_ld(self) -> Markup:
        """One script element per object: data, never run (CSP allows it, see csp.py)."""
        return Markup("\n  ").join(
            Markup('<script type="application/ld+json">{}</script>').format(
                Markup(json_for_script({"@context": SCHEMA, **item}))
            )
            for item in self.data
        )


def json_for_script(data) -> str:
    """JSON that no contributed text can end the script element with: every ``<``, ``>``
    and ``&`` written as a JSON escape (the same string to a JSON reader)."""
    # orjson writes what json.dumps(ensure_ascii=False, separators=(",", ":")) writes, faster.
    text = orjson.dumps(data).decode("utf-8")
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


# -- one builder per kind: (item, SiteLinks, page context) -> a schema.org object ---------------


def _address(locality, region, country, street=None) -> dict:
    address = {"@type": "PostalAddress", "streetAddress": street, "addressLocality": locality,
               "addressRegion": region, "addressCountry": country}  # fmt: skip
    return {key: value for key, value in address.items() if value}


def _organization(member, site: SiteLinks) -> dict:
    return {"@type": "Organization", "name": member.name, "url": site.url(member.url)}


def member_data(member, site: SiteLinks) -> dict:
    location = member.location
    data = {
        "@type": "Organization",
        "@id": site.url(member.url) + "#organization",
        "name": member.name,
        "url": site.url(member.url),
        "description": member.summary,
        "sameAs": [member.website, *(link.url for link in member.social)],
        "image": site.url(member.share_image_url),
        "address": _address(location.city, location.region, location.country),
        "memberOf": {"@type": "Organization", "name": site.name, "url": site.root},
    }
    if member.logo:
        data["logo"] = site.url(member.logo_renditions[-1][1])
    if member.aliases:
        data["alternateName"] = list(member.aliases)
    return data


def resource_data(resource, site: SiteLinks) -> dict:
    data = {
        "@type": "LearningResource",
        "name": resource.title,
        "headline": resource.title,
        "description": resource.summary,
        "url": site.url(resource.url),
        "image": site.image,
        "learningResourceType": resource.type.label,
        "about": [topic.label for topic in resource.topics],
        "datePublished": resource.date.isoformat(),
        "dateModified": resource.last_changed.isoformat(),
        "timeRequired": f"PT{resource.reading_minutes}M",
        "publisher": site.organization,
        "isAccessibleForFree": True,
    }
    if resource.audience:
        data["audience"] = [
            {"@type": "Audience", "audienceType": term.label} for term in resource.audience
        ]
    if resource.contributors:
        data["author"] = [_organization(member, site) for member in resource.contributors]
    return data


def path_data(path, site: SiteLinks) -> dict:
    return {
        "@type": "Course",
        "name": path.title,
        "description": path.summary,
        "url": site.url(path.url),
        "image": site.image,
        "provider": {"@type": "Organization", "name": site.name, "sameAs": site.root},
        "timeRequired": f"PT{path.total_minutes}M",
        "isAccessibleForFree": True,
        "hasPart": [
            {
                "@type": "LearningResource",
                "name": step.resource.title,
                "url": site.url(step.resource.url),
                "position": step.number,
            }  # fmt: skip
            for step in path.steps
        ],
    }


def event_data(event, site: SiteLinks) -> dict:
    locations = []
    if event.place:
        place = event.place
        locations.append({
            "@type": "Place",
            "name": place.name,
            "address": _address(place.city, place.region, place.country, place.address),
        })  # fmt: skip
    if event.online:
        locations.append({"@type": "VirtualLocation", "url": event.online})
    mode = "Mixed" if len(locations) == 2 else "Offline" if event.place else "Online"
    data = {
        "@type": "Event",
        "name": event.title,
        "description": event.summary,
        "url": site.url(event.url),
        "image": site.image,
        # Aware datetimes: the offset of the event's own time zone on that day.
        "startDate": event.start.isoformat(),
        "endDate": event.end.isoformat(),
        "eventStatus": f"{SCHEMA}/EventScheduled",
        "eventAttendanceMode": f"{SCHEMA}/{mode}EventAttendanceMode",
        "location": locations[0] if len(locations) == 1 else locations,
        "organizer": [_organization(member, site) for member in event.hosts] or site.organization,
    }
    if event.registration:
        data["offers"] = {"@type": "Offer", "url": event.registration}
    return data


def news_data(post, site: SiteLinks) -> dict:
    return {
        "@type": "NewsArticle",
        "headline": post.title[:110],
        "description": post.summary,
        "url": site.url(post.url),
        "mainEntityOfPage": site.url(post.url),
        "image": [site.image],
        "datePublished": post.date.isoformat(),
        "author": site.organization,
        "publisher": site.organization,
        "about": [_organization(member, site) for member in post.members],
    }


def page_data(page, site: SiteLinks) -> list[dict]:
    """A page of the site's own; the home page names the site and its search."""
    if page.template != "home":
        return [{"@type": "WebPage", "name": page.title, "url": site.url(page.url or "")}]
    search = f"{site.url('search/')}?q={{{SEARCH_QUERY}}}"
    return [
        {
            "@type": "WebSite",
            "name": site.name,
            "url": site.root,
            "potentialAction": {
                "@type": "SearchAction",
                "target": {"@type": "EntryPoint", "urlTemplate": search},
                "query-input": f"required name={SEARCH_QUERY}",
            },
        },
        {**site.organization, "@id": site.root + "#organization"},
    ]


# -- every page ------------------------------------------------------------------------------


class Pages:
    """The Jinja globals base.html and 404.html use, made once per build from its settings."""

    def __init__(self, settings: dict, kinds):
        self.kinds = kinds
        self.site_name = settings["SITENAME"]
        self.tagline = settings.get("SITE_TAGLINE", "")
        self.root = public_root(settings.get("SITEURL", ""), settings["NETWORK_DOMAIN"])
        self.links = SiteLinks(self.root, self.site_name)
        # The address links take on a page that must work at any depth (404.html): the
        # public one, or the site's root when there is none.
        self.root_path = settings.get("SITEURL", "").rstrip("/")

    def item_of(self, context):
        """(kind, item) of an item's own page, or (None, None)."""
        output = context.get("output_file")
        for kind in self.kinds:
            item = context.get(kind.name)
            if getattr(item, "url", None) is not None and kind.output_of(item) == output:
                return kind, item
        return None, None

    def kind_named(self, name):
        return next((kind for kind in self.kinds if kind.name == name), None)

    @staticmethod
    def listing_label(kind) -> str:
        return kind.listing.title or kind.plural

    @pass_context
    def description(self, context) -> str:
        """For pages whose template gives none: what the list, facet or page holds."""
        kind = self.kind_named(context.get("kind"))
        pagination = context.get("pagination")
        page = (
            f" (page {pagination.current.label})"
            if pagination is not None and getattr(pagination, "is_split", False)
            else ""
        )
        if context.get("active_section") == "search" and kind is None:
            what = "members, resources, learning paths, events and news"
            return f"Search the {what} of the {self.site_name}."
        if context.get("not_found"):
            return f"This address has no page on the {self.site_name}."
        if kind is None:
            return self.tagline
        noun = kind.plural.lower()
        facet, value = context.get("facet"), context.get("value")
        if value is not None:
            count = len(value.items)
            noun = noun if count != 1 else kind.label.lower()
            by = facet.label.lower()
            return f"{value.label}: {count} {noun} of the {self.site_name}, by {by}{page}."
        if facet is not None:
            by, count = facet.label.lower(), len(facet.values)
            return f"{kind.plural} of the {self.site_name} by {by}: {count} to choose from."
        total = context.get("total", len(context.get(kind.items_name) or ()))
        return f"{self.listing_label(kind)} of the {self.site_name}: {total} {noun}{page}."

    @pass_context
    def metadata(self, context, title: str, description: str) -> PageMeta:
        title = Markup(title).unescape().strip()
        title = title.removesuffix(TITLE_SEPARATOR + self.site_name) or self.site_name
        description = " ".join(Markup(description).unescape().split())
        kind, item = self.item_of(context)
        not_found = bool(context.get("not_found"))
        output = context.get("output_file", "")
        url = None if not_found else self.root + output.removesuffix("index.html")
        image = Image(self.links.image, self.site_name)
        if kind is not None and kind.name == "member":
            image = Image(self.links.url(item.share_image_url), item.name)
        og_type = "article" if kind is not None and kind.name in ("resource", "news") else "website"
        data = []
        if kind is not None and kind.structured is not None:
            made = kind.structured(item, self.links)
            data += made if isinstance(made, list) else [made]
        crumbs = [] if not_found else self.breadcrumbs(context, kind, item)
        if len(crumbs) > 1:
            data.append(breadcrumb_list(crumbs))
        return PageMeta(title, description, url, og_type, image, self.site_name, data)

    def breadcrumbs(self, context, kind, item) -> list[tuple[str, str]]:
        """(name, absolute URL) from the home page to this one, as its breadcrumbs show
        it, or as its place in the site says where it shows none."""
        home = [(self.site_name, self.root)]
        if kind is not None:
            if item.url in ("", None):
                return home
            crumbs = list(home)
            if kind.listing:
                crumbs.append((self.listing_label(kind), self.links.url(kind.section)))
                types = (context.get("links") or {}).get("type")
                if types:
                    crumbs.append((types[0].label, self.links.url(types[0].url)))
            name = getattr(item, "title", None) or getattr(item, "name", "")
            return [*crumbs, (name, self.links.url(item.url))]
        listing = self.kind_named(context.get("kind"))
        if listing is None:
            if context.get("active_section") == "search":
                return [*home, ("Search", self.links.url("search/"))]
            return home
        crumbs = [*home, (self.listing_label(listing), self.links.url(listing.section))]
        facet, value = context.get("facet"), context.get("value")
        if facet is not None:
            crumbs.append((f"By {facet.label.lower()}", self.links.url(facet.url)))
        if value is not None:
            crumbs.append((value.label, self.links.url(value.url)))
        pagination = context.get("pagination")
        if pagination is not None and pagination.current.url != (crumbs[-1][1][len(self.root) :]):
            current = pagination.current
            crumbs.append((f"Page {current.label}", self.links.url(current.url)))
        return crumbs


def breadcrumb_list(crumbs: list[tuple[str, str]]) -> dict:
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": number, "name": name, "item": url}
            for number, (name, url) in enumerate(crumbs, 1)
        ],
    }


def site_images(site) -> list[MadeFile]:
    """The site's own sharing image (1200x630): its name on the members' card design."""
    root = public_root(site.url, site.domain)
    footer = root.split("://", 1)[-1].rstrip("/")
    words = [word for word in site.name.split() if word[:1].isupper()]
    initials = "".join(word[0] for word in words[:3]) or site.name[:1].upper()
    text = (site.name, initials, footer)
    draw = partial(logo_images.sharing_card, *text)
    key = key_of("site card", logo_images.DRAWING_VERSION, *text)
    return [MadeFile(SHARE_IMAGE, key, draw)]


def add_globals(pelican) -> None:
    """signals.initialized: the templates' page_metadata(), page_description(), ROOT_URL."""
    from .registry import kinds_for

    pages = Pages(pelican.settings, kinds_for(pelican.settings))
    jinja = pelican.settings.setdefault("JINJA_GLOBALS", {})
    jinja["page_metadata"] = pages.metadata
    jinja["page_description"] = pages.description
    jinja["PUBLIC_URL"] = pages.root
    jinja["ROOT_URL"] = pages.root_path
    jinja["member_badges"] = lambda member: badges_of(member, pages.root, pages.site_name)
