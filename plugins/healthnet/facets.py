"""Facets of the directory: members grouped by type, region, platform and topic.

Built in one pass over the members (linear in their number); each facet value keeps its
members in directory order, so a facet page needs no sorting of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import Member
from .taxonomy import Taxonomy


@dataclass
class FacetValue:
    key: str
    label: str
    members: list[Member] = field(default_factory=list)
    # For regions: subdivisions listed under their country.
    parent: str | None = None

    @property
    def count(self) -> int:
        return len(self.members)


@dataclass
class Facet:
    key: str  # the URL segment: /members/<key>/<value>/
    label: str
    values: list[FacetValue]


def build_facets(members: list[Member], taxonomy: Taxonomy) -> list[Facet]:
    by_type = _grouped(taxonomy.member_types, members, lambda m: [m.type.key])
    by_platform = _grouped(taxonomy.platforms, members, lambda m: m.platform_keys)
    by_topic = _grouped(taxonomy.topics, members, lambda m: [t.key for t in m.topics])
    return [
        Facet("type", "Type", by_type),
        Facet("region", "Region", _regions(members)),
        Facet("platform", "Platform", by_platform),
        Facet("topic", "Topic", by_topic),
    ]


def _grouped(vocabulary, members: list[Member], keys_of) -> list[FacetValue]:
    values = {term.key: FacetValue(term.key, term.label) for term in vocabulary}
    for member in members:
        for key in keys_of(member):
            values[key].members.append(member)
    # Taxonomy order; values no member uses get no page.
    return [value for value in values.values() if value.members]


def _regions(members: list[Member]) -> list[FacetValue]:
    """Countries, each followed by its subdivisions, in name order."""
    countries: dict[str, FacetValue] = {}
    subdivisions: dict[str, FacetValue] = {}
    for member in members:
        location = member.location
        countries.setdefault(
            location.country_key, FacetValue(location.country_key, location.country_name)
        ).members.append(member)
        if location.region:
            subdivisions.setdefault(
                location.region_key,
                FacetValue(location.region_key, location.region_name, parent=location.country_key),
            ).members.append(member)
    children: dict[str, list[FacetValue]] = {}
    for subdivision in subdivisions.values():
        children.setdefault(subdivision.parent, []).append(subdivision)
    ordered = []
    for country in sorted(countries.values(), key=lambda v: v.label):
        ordered.append(country)
        ordered.extend(sorted(children.get(country.key, []), key=lambda v: v.label))
    return ordered
