"""Facets: members grouped by type, region, platform and topic; resources by type, topic,
audience and platform.

Built in one pass over the items (linear in their number); each facet value keeps its
items in list order (members by name, resources newest first), so a facet page needs no
sorting of its own. Each facet and each value knows its URL under its section
(``members/type/``, ``members/type/hospital/``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

# Not part of a page's fingerprint: a value's page lists its own slice of items, and the
# navigation shows only labels and counts.
NOT_SHOWN = {"digest": False}


@dataclass
class FacetValue:
    key: str
    label: str
    url: str = ""  # "members/type/hospital/"
    # For regions: subdivisions listed under their country.
    parent: str | None = None
    count: int = 0
    items: list = field(default_factory=list, metadata=NOT_SHOWN)  # members or resources

    @cached_property
    def link(self) -> Link:
        """What an item's page links to (one object per value, shared by all those pages)."""
        return Link(self.label, self.url)


@dataclass(frozen=True)
class Link:
    """Where an item's page links for one of its facet values: "Hospital" to its page."""

    label: str
    url: str | None  # None: the value has no page


@dataclass
class Facet:
    key: str  # the URL segment: /members/<key>/<value>/, /resources/<key>/<value>/
    label: str
    values: list[FacetValue]
    url: str = ""  # "members/type/"

    @cached_property
    def _by_key(self) -> dict[str, FacetValue]:
        return {value.key: value for value in self.values}

    def value(self, key: str) -> FacetValue | None:
        return self._by_key.get(key)


def member_facets(network, section: str) -> list[Facet]:
    members, taxonomy = network.members, network.taxonomy
    facets = [
        Facet("type", "Type", _grouped(taxonomy.member_types, members, lambda m: [m.type.key])),
        Facet("region", "Region", _regions(members)),
        Facet("platform", "Platform", _grouped(taxonomy.platforms, members, _platforms)),
        Facet("topic", "Topic", _grouped(taxonomy.topics, members, _keys("topics"))),
    ]
    return _with_urls(facets, section)


def resource_facets(network, section: str) -> list[Facet]:
    resources, taxonomy = network.resources, network.taxonomy
    facets = [
        Facet("type", "Type", _grouped(taxonomy.resource_types, resources, lambda r: [r.type.key])),
        Facet("topic", "Topic", _grouped(taxonomy.topics, resources, _keys("topics"))),
        Facet("audience", "Audience", _grouped(taxonomy.audiences, resources, _keys("audience"))),
        Facet("platform", "Platform", _grouped(taxonomy.platforms, resources, _keys("platforms"))),
    ]
    return _with_urls(facets, section)


def _keys(attribute: str):
    return lambda item: [term.key for term in getattr(item, attribute)]


def _platforms(member) -> list[str]:
    return member.platform_keys


def _with_urls(facets: list[Facet], section: str) -> list[Facet]:
    for facet in facets:
        facet.url = f"{section}{facet.key}/"
        for value in facet.values:
            value.url = f"{facet.url}{value.key}/"
            value.count = len(value.items)
    return facets


def _grouped(vocabulary, items: list, keys_of) -> list[FacetValue]:
    values = {term.key: FacetValue(term.key, term.label) for term in vocabulary}
    for item in items:
        # A member with two X accounts is still listed once under X.
        for key in dict.fromkeys(keys_of(item)):
            values[key].items.append(item)
    # Taxonomy order; values nothing uses get no page.
    return [value for value in values.values() if value.items]


def _regions(members: list) -> list[FacetValue]:
    """Countries, each followed by its subdivisions, in name order."""
    countries: dict[str, FacetValue] = {}
    subdivisions: dict[str, FacetValue] = {}
    for member in members:
        location = member.location
        countries.setdefault(
            location.country_key, FacetValue(location.country_key, location.country_name)
        ).items.append(member)
        if location.region:
            subdivisions.setdefault(
                location.region_key,
                FacetValue(location.region_key, location.region_name, parent=location.country_key),
            ).items.append(member)
    children: dict[str, list[FacetValue]] = {}
    for subdivision in subdivisions.values():
        children.setdefault(subdivision.parent, []).append(subdivision)
    ordered = []
    for country in sorted(countries.values(), key=lambda v: v.label):
        ordered.append(country)
        ordered.extend(sorted(children.get(country.key, []), key=lambda v: v.label))
    return ordered


def facet_links(facets: list[Facet], wanted: dict[str, list]) -> dict[str, list[Link]]:
    """Facet -> links to the values an item has, for its page: ``wanted`` names them by
    facet as (key, label) pairs or taxonomy terms. A value without a page of its own (a
    topic no resource has yet) gets a link without an address: shown, not linked."""
    by_facet = {facet.key: facet for facet in facets}
    links = {}
    for name, values in wanted.items():
        links[name] = []
        for value in values:
            key, label = (value.key, value.label) if hasattr(value, "key") else value
            page = by_facet[name].value(key)
            links[name].append(page.link if page and page.label == label else Link(label, None))
    return links
