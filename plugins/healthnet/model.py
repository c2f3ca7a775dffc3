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


@dataclass
class Network:
    """Everything the site is made of, as loaded and validated."""

    taxonomy: Taxonomy
    members: list[Member]  # sorted by name, the way people look for them

    def member(self, slug: str) -> Member | None:
        return self._by_slug.get(slug)

    def __post_init__(self):
        self._by_slug = {m.slug: m for m in self.members}
