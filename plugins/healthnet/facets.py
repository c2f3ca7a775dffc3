"""Facets: members grouped by type, region, platform and topic; resources by type, topic,
audience and platform.

Built in one pass over the items (linear in their number); each facet value keeps its
items in list order (members by name, resources newest first), so a facet page needs no
sorting of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import Member, Resource
from .taxonomy import Taxonomy


@dataclass
class FacetValue:
    key: str
    label: str
    items: list = field(default_factory=list)  # members or resources
    # For regions: subdivisions listed under their country.
    parent: str | None = None

    @property
    def count(self) -> int:
        return len(self.items)


@dataclass
class Facet:
    key: str  # the URL segment: /members/<key>/<value>/, /resources/<key>/<value>/
    label: str
    values: list[FacetValue]


def member_facets(members: list[Member], taxonomy: Taxonomy) -> list[Facet]:
    by_type = _grouped(taxonomy.member_types, members, lambda m: [m.type.key])
    by_platform = _grouped(taxonomy.platforms, members, lambda m: m.platform_keys)
    by_topic = _grouped(taxonomy.topics, members, lambda m: [t.key for t in m.topics])
    return [
        Facet("type", "Type", by_type),
        Facet("region", "Region", _regions(members)),
        Facet("platform", "Platform", by_platform),
        Facet("topic", "Topic", by_topic),
    ]


def resource_facets(resources: list[Resource], taxonomy: Taxonomy) -> list[Facet]:
    def keys(terms):
        return lambda resource: [term.key for term in getattr(resource, terms)]

    return [
        Facet("type", "Type", _grouped(taxonomy.resource_types, resources, lambda r: [r.type.key])),
        Facet("topic", "Topic", _grouped(taxonomy.topics, resources, keys("topics"))),
        Facet("audience", "Audience", _grouped(taxonomy.audiences, resources, keys("audience"))),
        Facet("platform", "Platform", _grouped(taxonomy.platforms, resources, keys("platforms"))),
    ]


def _grouped(vocabulary, items: list, keys_of) -> list[FacetValue]:
    values = {term.key: FacetValue(term.key, term.label) for term in vocabulary}
    for item in items:
        for key in keys_of(item):
            values[key].items.append(item)
    # Taxonomy order; values nothing uses get no page.
    return [value for value in values.values() if value.items]


def _regions(members: list[Member]) -> list[FacetValue]:
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
