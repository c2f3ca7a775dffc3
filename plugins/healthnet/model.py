"""Plain typed objects the templates and exports work with, built from validated data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup

from .regions import region_key
from .taxonomy import Taxonomy, Term
from .text import display_url, sort_key

# Countries whose subdivision codes people write in addresses (MN, ON, NSW).
POSTAL_REGION_COUNTRIES = frozenset({"US", "CA", "AU"})


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
        """The most precise parts that exist: "Rochester, Minnesota, United States"."""
        return ", ".join(p for p in (self.city, self.region_name, self.country_name) if p)

    @property
    def short_label(self) -> str:
        """For cards: "Rochester, MN, US" where region codes are common knowledge,
        "Cork, Ireland" elsewhere."""
        if self.country in POSTAL_REGION_COUNTRIES:
            return ", ".join(p for p in (self.city, self.region, self.country) if p)
        return ", ".join(p for p in (self.city, self.country_name) if p)


@dataclass(frozen=True)
class SocialLink:
    platform: Term
    handle: str
    url: str
    icon: Markup

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
    description_html: Markup = Markup("")
    logo: Path | None = None  # the source file inside members/logos/
    social: tuple[SocialLink, ...] = ()
    topics: tuple[Term, ...] = ()
    contacts: tuple[Contact, ...] = ()
    aliases: tuple[str, ...] = ()
    last_reviewed: dt.date | None = None
    sort_key: str = field(init=False)

    def __post_init__(self):
        self.sort_key = sort_key(self.name)

    @property
    def url(self) -> str:
        return f"members/{self.slug}/"

    @property
    def logo_url(self) -> str | None:
        """Logos are published beside the profile, so slugs never collide."""
        return f"{self.url}logo{self.logo.suffix}" if self.logo else None

    @property
    def website_display(self) -> str:
        return display_url(self.website)

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
    body_html: Markup = Markup("")
    # Filled in once paths are loaded: its step in every path that includes it.
    steps: list[PathStep] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"resources/{self.slug}/"

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
    intro_html: Markup = Markup("")
    steps: list[PathStep] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"paths/{self.slug}/"

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

    @property
    def label(self) -> str:
        return ", ".join(p for p in (self.name, self.address, self.city, self.region) if p)


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
    hosts: tuple[Member, ...] = ()
    topics: tuple[Term, ...] = ()
    audience: tuple[Term, ...] = ()
    body_html: Markup = Markup("")

    @property
    def url(self) -> str:
        return f"events/{self.slug}/"

    def is_upcoming(self, today: dt.date) -> bool:
        """Upcoming until the day it ends, in its own time zone."""
        return self.end.date() >= today

    @property
    def same_day(self) -> bool:
        return self.start.date() == self.end.date()

    @property
    def format_label(self) -> str:
        if self.place and self.online:
            return "In person and online"
        return "In person" if self.place else "Online"


@dataclass
class Network:
    """Everything the site is made of, as loaded and validated."""

    taxonomy: Taxonomy
    members: list[Member]  # sorted by name, the way people look for them
    resources: list[Resource] = field(default_factory=list)  # newest first
    paths: list[LearningPath] = field(default_factory=list)  # by title
    events: list[Event] = field(default_factory=list)  # by start

    def member(self, slug: str) -> Member | None:
        return self._by_slug.get(slug)

    def __post_init__(self):
        self._by_slug = {m.slug: m for m in self.members}
        # Member slug -> what they made, in the lists' own order (one pass each).
        self._resources_by: dict[str, list[Resource]] = {}
        for resource in self.resources:
            for member in resource.contributors:
                self._resources_by.setdefault(member.slug, []).append(resource)
        self._events_by: dict[str, list[Event]] = {}
        for event in self.events:
            for member in event.hosts:
                self._events_by.setdefault(member.slug, []).append(event)

    def resources_by(self, member: Member) -> list[Resource]:
        return self._resources_by.get(member.slug, [])

    def events_by(self, member: Member) -> list[Event]:
        return self._events_by.get(member.slug, [])
