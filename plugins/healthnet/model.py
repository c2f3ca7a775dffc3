"""Plain typed objects the templates and exports work with, built from validated data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import ClassVar

from markupsafe import Markup

from . import logo_images
from .markup import render_markdown, render_page_markdown
from .regions import region_key
from .social import PLATFORMS, website_icon
from .taxonomy import Taxonomy, Term
from .text import display_url, sort_key


@dataclass(frozen=True)
class Location:
    country: str
    country_name: str
    region: str | None = None
    region_name: str | None = None
    city: str | None = None

    @property
    def country_key(self) -> str:
        return region_key(self.country)

    @property
    def region_key(self) -> str | None:
        return region_key(self.country, self.region) if self.region else None

    @property
    def label(self) -> str:
        """How the site writes a place, on every page that shows one: city, region name,
        country name, each when known ("Saint-Jérôme, Quebec, Canada", "Rochester,
        Minnesota, United States", "Cork, Munster, Ireland"). Never a code, so no reader
        has to know that CA is Canada here and California there."""
        return ", ".join(p for p in (self.city, self.region_name, self.country_name) if p)

    @property
    def short_label(self) -> str:
        """The card line's location (the search index's too): the same rule as ``label``,
        so a member's place reads alike on its card, its profile and its search result."""
        return self.label


@dataclass(frozen=True)
class SocialLink:
    platform: Term
    handle: str
    url: str

    @property
    def icon(self) -> Markup:
        return PLATFORMS[self.platform.key].icon()

    @property
    def display(self) -> str:
        """What people read: the handle, or the address of a URL channel."""
        return display_url(self.handle) if self.handle.startswith("https://") else self.handle


@dataclass(frozen=True)
class Contact:
    role: str
    email: str


@dataclass
class Member:
    slug: str
    name: str
    type: Term
    tier: Term
    joined: dt.date
    location: Location
    website: str
    summary: str
    source: Path
    description: str = ""
    logo: Path | None = None  # the source file inside members/logos/
    social: tuple[SocialLink, ...] = ()
    topics: tuple[Term, ...] = ()
    contacts: tuple[Contact, ...] = ()
    aliases: tuple[str, ...] = ()
    last_reviewed: dt.date | None = None
    # Hidden words a search also finds it by: synonyms of its names, city and type.
    search_words: tuple[str, ...] = ()
    url: str | None = None  # set from the kind's declaration (members.KIND)
    source_digest: str = ""  # of the file's bytes (sources.py)
    sort_key: str = field(init=False)

    # Everything else is made from the file alone (with the taxonomy, which every page's
    # fingerprint covers): its digest stands for it in page fingerprints (fingerprint.py).
    fingerprint_fields: ClassVar[tuple[str, ...]] = ("source_digest", "url")

    def __post_init__(self):
        self.sort_key = sort_key(self.name)

    @cached_property
    def description_html(self) -> Markup:
        """Rendered when a page needs it, not while validating."""
        return render_markdown(self.description)

    @property
    def logo_url(self) -> str | None:
        """Logos are published beside the profile, so slugs never collide."""
        return logo_images.published_logo_url(self.url, self.logo) if self.logo else None

    @property
    def logo_renditions(self) -> tuple[tuple[int, str], ...]:
        """(width, url) of each PNG made from the logo, smallest first, for srcset."""
        if not self.logo:
            return ()
        return tuple((size, logo_images.rendition_url(self.url, size))
                     for size in logo_images.RENDITION_SIZES)  # fmt: skip

    @property
    def logo_image_url(self) -> str | None:
        """The smallest rendition: enough for a card, and never a large file."""
        return self.logo_renditions[0][1] if self.logo else None

    @property
    def share_image_url(self) -> str:
        return logo_images.share_image_url(self.url)

    @property
    def website_display(self) -> str:
        return display_url(self.website)

    @property
    def website_icon(self) -> Markup:
        return website_icon()

    @property
    def initials(self) -> str:
        words = [w for w in self.name.replace("-", " ").split() if w[:1].isalnum()]
        capitals = [w[0] for w in words if w[0].isupper()] or [w[0] for w in words]
        return "".join(capitals[:3]).upper()

    @property
    def letter(self) -> str:
        """The A-Z group of the directory; digits and others go under '#'."""
        first = self.sort_key[:1].upper()
        return first if "A" <= first <= "Z" else "#"

    @property
    def platform_keys(self) -> list[str]:
        return [link.platform.key for link in self.social]


# Reading speed for estimating a resource's time when its file does not give one.
WORDS_PER_MINUTE = 200
# How a file type is named next to its download link.
FILE_KINDS = {
    "pdf": "PDF", "docx": "Word document", "xlsx": "Excel workbook",
    "pptx": "PowerPoint slides", "odt": "OpenDocument text", "ods": "OpenDocument sheet",
    "odp": "OpenDocument slides", "csv": "CSV table", "txt": "Text file",
    "png": "PNG image", "jpg": "JPEG image", "webp": "WebP image", "mp3": "MP3 audio",
}  # fmt: skip


@dataclass(frozen=True)
class Attachment:
    file: str  # inside content/, as written: "files/policy.docx"; also its URL
    title: str
    size: int  # bytes

    @property
    def extension(self) -> str:
        return self.file.rsplit(".", 1)[-1].lower()

    @property
    def kind(self) -> str:
        return FILE_KINDS.get(self.extension, self.extension.upper())

    @property
    def size_label(self) -> str:
        """ "18 KB", "2.4 MB": how people read file sizes."""
        if self.size < 1000 * 1000:
            return f"{max(1, round(self.size / 1000))} KB"
        return f"{self.size / 1000 / 1000:.1f} MB"


@dataclass
class Resource:
    slug: str
    title: str
    summary: str
    type: Term
    topics: tuple[Term, ...]
    date: dt.date
    source: Path
    audience: tuple[Term, ...] = ()
    platforms: tuple[Term, ...] = ()
    contributors: tuple[Member, ...] = ()
    updated: dt.date | None = None
    minutes: int | None = None
    attachments: tuple[Attachment, ...] = ()
    link: str | None = None
    body: str = ""
    search_words: tuple[str, ...] = ()  # hidden: synonyms of words of its title
    # Filled in once paths are loaded: its step in every path that includes it.
    steps: list[PathStep] = field(default_factory=list)
    url: str | None = None  # set from the kind's declaration

    @cached_property
    def body_html(self) -> Markup:
        return render_markdown(self.body, first_heading=2)

    @property
    def reading_minutes(self) -> int:
        """The time it asks of a reader: as given, or estimated from the text."""
        if self.minutes:
            return self.minutes
        return max(1, round(len(self.body.split()) / WORDS_PER_MINUTE))

    @property
    def last_changed(self) -> dt.date:
        return self.updated or self.date

    @property
    def link_display(self) -> str | None:
        return display_url(self.link) if self.link else None


@dataclass
class PathStep:
    path: LearningPath
    number: int  # from 1
    resource: Resource
    note: str
    minutes: int | None = None

    @property
    def time(self) -> int:
        return self.minutes or self.resource.reading_minutes

    @property
    def previous(self) -> PathStep | None:
        return self.path.steps[self.number - 2] if self.number > 1 else None

    @property
    def next(self) -> PathStep | None:
        return self.path.steps[self.number] if self.number < len(self.path.steps) else None


@dataclass
class LearningPath:
    slug: str
    title: str
    summary: str
    source: Path
    audience: tuple[Term, ...] = ()
    intro: str = ""
    steps: list[PathStep] = field(default_factory=list)
    url: str | None = None  # set from the kind's declaration

    @cached_property
    def intro_html(self) -> Markup:
        return render_markdown(self.intro, first_heading=2)

    @property
    def resources(self) -> list[Resource]:
        return [step.resource for step in self.steps]

    @property
    def total_minutes(self) -> int:
        return sum(step.time for step in self.steps)


@dataclass(frozen=True)
class Place:
    name: str
    city: str
    country: str
    country_name: str
    address: str | None = None
    region: str | None = None
    region_name: str | None = None

    @property
    def label(self) -> str:
        """The whole address in one line, for the calendar export (events.ics)."""
        return ", ".join(p for p in (self.name, self.address, self.city, self.region) if p)

    @property
    def location(self) -> Location:
        """Where the venue is, written on pages by the one rule of Location.label."""
        return Location(self.country, self.country_name, self.region, self.region_name, self.city)


@dataclass
class Event:
    slug: str
    title: str
    summary: str
    start: dt.datetime  # aware, in the event's time zone
    end: dt.datetime
    timezone: str
    source: Path
    place: Place | None = None
    online: str | None = None
    registration: str | None = None
    flagship: bool = False  # an edition of the network's flagship event (the residency)
    prepare: tuple[LearningPath, ...] = ()  # the paths to complete before it
    hosts: tuple[Member, ...] = ()
    topics: tuple[Term, ...] = ()
    audience: tuple[Term, ...] = ()
    body: str = ""
    url: str | None = None  # set from the kind's declaration

    @cached_property
    def body_html(self) -> Markup:
        return render_markdown(self.body, first_heading=2)

    def is_upcoming(self, today: dt.date) -> bool:
        """Upcoming until the day it ends, in its own time zone."""
        return self.end.date() >= today

    def registration_open(self, today: dt.date) -> bool:
        """It has a registration link and has not started: registration closes the day
        before it starts."""
        return bool(self.registration) and self.start.date() > today

    @property
    def same_day(self) -> bool:
        return self.start.date() == self.end.date()

    @property
    def format_label(self) -> str:
        if self.place and self.online:
            return "In person and online"
        return "In person" if self.place else "Online"


@dataclass
class NewsPost:
    slug: str
    title: str
    date: dt.date
    summary: str
    source: Path
    members: tuple[Member, ...] = ()  # the members it is about
    body: str = ""
    url: str | None = None  # set from the kind's declaration

    @cached_property
    def body_html(self) -> Markup:
        return render_page_markdown(self.body)


@dataclass
class Page:
    """A page of the site's own: about, join, contact; the home page is one too."""

    slug: str
    title: str
    source: Path
    summary: str | None = None
    template: str = "page"
    body: str = ""
    url: str | None = None  # set from the kind's declaration
    save_as: str | None = None  # where it is written, if not <url>index.html
    nav: str | None = None  # its label in the main navigation, if it is there

    @cached_property
    def body_html(self) -> Markup:
        return render_page_markdown(self.body)


def kept_on(item, key, make):
    """``make()``, computed once and kept on ``item``: a member whose file did not change is
    the same object in the next rebuild, and so keeps what was made from it."""
    kept = item.__dict__.setdefault("_kept", {})
    if key not in kept:
        kept[key] = make()
    return kept[key]


class Network:
    """Everything the site is made of, as loaded and validated: the items of every kind,
    each list in its kind's order (members by name, resources newest first ...)."""

    def __init__(self, taxonomy: Taxonomy, items: dict[str, list], kinds=(), today=None):
        self.taxonomy = taxonomy
        self.items = items
        self.today = today or dt.date.today()  # the build day: decides what is upcoming
        self.kinds = tuple(kinds)
        self._by_slug = {name: {item.slug: item for item in found} for name, found in items.items()}
        self._referring: dict[str, dict[int, list]] = {}
        self._memo: dict[str, object] = {}

    def of(self, kind: str) -> list:
        return self.items.get(kind, [])

    members = property(lambda self: self.of("member"))
    resources = property(lambda self: self.of("resource"))
    paths = property(lambda self: self.of("path"))
    events = property(lambda self: self.of("event"))
    news = property(lambda self: self.of("news"))
    pages = property(lambda self: self.of("page"))

    def item(self, kind: str, slug: str):
        return self._by_slug.get(kind, {}).get(slug)

    def member(self, slug: str) -> Member | None:
        return self.item("member", slug)

    def referring(self, kind: str, target) -> list:
        """The items of ``kind`` that name ``target`` in one of their references, in the
        kind's own order: the resources a member contributed, the events it hosts."""
        if kind not in self._referring:
            index: dict[str, list] = {}
            declaration = next((k for k in self.kinds if k.name == kind), None)
            for reference in declaration.references if declaration else ():
                for item in self.of(kind):
                    for referred in getattr(item, reference.attribute):
                        index.setdefault(id(referred), []).append(item)
            self._referring[kind] = index
        return self._referring[kind].get(id(target), [])

    def facets(self, kind: str) -> list:
        """The facets of a kind's listing (facets.Facet), computed once."""
        declaration = next(k for k in self.kinds if k.name == kind)
        return self.memo(
            f"facets of {kind}",
            lambda network: declaration.listing.facets(network, declaration.section),
        )

    def memo(self, key: str, compute):
        """A value derived from the whole network, computed once: ``compute(network)``."""
        if key not in self._memo:
            self._memo[key] = compute(self)
        return self._memo[key]
