"""What the Pagefind index knows about each page besides its text: filters, sorts, groups.

Every indexed page gets a ``SearchEntry``: its kind, its filter values (taxonomy keys, so
that URLs read ``?type=hospital&platform=tiktok``), its sort values and what a result card
shows. Each kind declares its entry function (``Kind.search``); templates write the entry
into the page as ``data-pagefind-*`` attributes (partials/search_tags.html); the same
entries give the filter panels their values, labels and counts, so that what a panel offers
before Pagefind loads is what the index holds.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

import orjson

from .filters import day, duration
from .model import kept_on
from .synonyms import words
from .text import sort_key

GROUP_LABELS = {
    "kind": "Show",
    "type": "Type",
    "tier": "Membership",
    "country": "Country",
    "region": "State or region",
    "platform": "Platform",
    "topic": "Topic",
    "audience": "Audience",
}
# The groups each filter panel offers, in the order it shows them.
SITE_GROUPS = ("kind", "type", "platform", "topic", "audience", "tier", "country", "region")
MEMBER_GROUPS = ("type", "tier", "country", "region", "platform", "topic")
RESOURCE_GROUPS = ("type", "topic", "audience", "platform")
# Pagefind leaves pages without a sort value out of sorted results; pages have no date.
NO_DATE = "0000-00-00"
# A word every indexed page holds, in a field of its own that no card shows: a search by
# filters alone asks for it (theme/static/js/search/pagefind.js, EVERY_PAGE). Asked for no
# word at all, Pagefind 1.5.2 loads every chunk of its word index (the directory filtered
# by type loaded 856 kB at 5,000 members); this word sorts last, so its chunk is the last
# and small (1.5 kB).
EVERY_PAGE = "zzzevery"


@dataclass(frozen=True)
class Tag:
    group: str  # the filter's name in the index and in the URL: "platform"
    value: str  # a taxonomy key or a place code: "tiktok", "us-mn"
    label: str  # what people read: "TikTok", "Minnesota"


@cache
def tag(group: str, value: str, label: str) -> Tag:
    """One Tag object per filter value, shared by every page that has it."""
    return Tag(group, value, label)


@dataclass(frozen=True)
class SearchEntry:
    name: str  # sort value: folded, "The" skipped, the way the directory orders names
    date: str  # sort value: ISO date
    tags: tuple[Tag, ...] = ()
    image: str | None = None  # a logo, relative to the site's root
    initials: str | None = None  # shown instead, for a member without a logo
    # What a result card shows besides title and summary: ("line", "Hospital · Bend, OR").
    card: tuple[tuple[str, str], ...] = ()
    # Searchable, never shown: synonyms of its names (synonyms.yaml), its place's codes.
    words: str = ""
    kind: str = ""  # the kind's name, filled in from its declaration: "member"
    kind_label: str = ""  # "Member"
    kind_plural: str = ""  # "Members": the kind's value in the filter panel

    def __post_init__(self):
        # A member with two X accounts is still counted once under X.
        object.__setattr__(self, "tags", tuple(dict.fromkeys(self.tags)))

    def of_kind(self, kind) -> SearchEntry:
        # A copy with the kind's names; not dataclasses.replace, which makes the entry anew
        # and removes duplicate tags again (a second of the plan at 20,000 members).
        entry = copy.copy(self)
        for name, value in (("kind", kind.name), ("kind_label", kind.label),
                            ("kind_plural", kind.plural)):  # fmt: skip
            object.__setattr__(entry, name, value)
        return entry

    @property
    def every_page(self) -> str:
        return EVERY_PAGE

    @property
    def filters(self) -> tuple[Tag, ...]:
        return (tag("kind", self.kind, self.kind_plural), *self.tags)


def entry_of(kind, item) -> SearchEntry | None:
    """The search entry of an item of ``kind``; None where the kind indexes nothing. Made
    once per item: its page, the filter panels and the search page share it."""
    return kept_on(item, "search entry", lambda: _made_entry(kind, item))


def _made_entry(kind, item) -> SearchEntry | None:
    entry = kind.search(item) if kind.search else None
    return entry.of_kind(kind) if entry else None


def _terms(group: str, terms) -> list[Tag]:
    return [tag(group, term.key, term.label) for term in terms]


def member_entry(member) -> SearchEntry:
    location = member.location
    tags = [
        tag("type", member.type.key, member.type.label),
        tag("tier", member.tier.key, member.tier.label),
        tag("country", location.country_key, location.country_name),
    ]
    if location.region:
        tags.append(tag("region", location.region_key, location.region_name))
    tags += _terms("platform", (link.platform for link in member.social))
    tags += _terms("topic", member.topics)
    tier = member.tier.label if member.tier.key != "member" else ""
    codes = [code.lower() for code in (location.region, location.country) if code]
    return SearchEntry(
        member.sort_key,
        member.joined.isoformat(),
        tuple(tags),
        image=member.logo_image_url,
        initials=None if member.logo else member.initials,
        card=(
            ("line", f"{member.type.label} · {location.short_label}"),
            ("tier", tier),
            ("tierkey", member.tier.key),
        ),
        words=" ".join(dict.fromkeys([*member.search_words, *codes])),
    )


def resource_entry(resource) -> SearchEntry:
    tags = [
        tag("type", resource.type.key, resource.type.label),
        *_terms("topic", resource.topics),
        *_terms("audience", resource.audience),
        *_terms("platform", resource.platforms),
    ]
    line = day(resource.date)
    if resource.contributors:
        line += " · " + ", ".join(member.name for member in resource.contributors)
    card = (
        ("badge", resource.type.label),
        ("badgekey", resource.type.key),
        ("time", duration(resource.reading_minutes)),
        ("line", line),
    )
    return SearchEntry(
        sort_key(resource.title),
        resource.date.isoformat(),
        tuple(tags),
        card=card,
        words=" ".join(resource.search_words),
    )


def path_entry(path) -> SearchEntry:
    # A path is as new as the newest of its steps.
    dates = [step.resource.last_changed for step in path.steps]
    date = max(dates).isoformat() if dates else NO_DATE
    return SearchEntry(sort_key(path.title), date, tuple(_terms("audience", path.audience)))


def event_entry(event) -> SearchEntry:
    tags = [*_terms("topic", event.topics), *_terms("audience", event.audience)]
    return SearchEntry(sort_key(event.title), event.start.date().isoformat(), tuple(tags))


def news_entry(post) -> SearchEntry:
    return SearchEntry(sort_key(post.title), post.date.isoformat())


def page_entry(page) -> SearchEntry:
    return SearchEntry(sort_key(page.title), NO_DATE)


@dataclass
class FilterValue:
    value: str
    label: str
    count: int = 0


@dataclass
class FilterGroup:
    key: str
    label: str
    values: list[FilterValue] = field(default_factory=list)


def filter_groups(
    entries: Iterable[SearchEntry], groups: Iterable[str], kind_order: Iterable[str] = ()
) -> list[FilterGroup]:
    """The given groups with every value the entries use and how many use it.

    Kinds keep the registry's order (``kind_order``); other values go most used first, then
    by label, which is the order people scan a facet in. Groups nothing uses are left out.
    """
    counted: dict[str, dict[str, FilterValue]] = {group: {} for group in groups}
    for entry in entries:
        for tag in entry.filters:
            values = counted.get(tag.group)
            if values is not None:
                values.setdefault(tag.value, FilterValue(tag.value, tag.label)).count += 1
    result = []
    for group, values in counted.items():
        if not values:
            continue
        if group == "kind":
            ordered = [values[kind] for kind in kind_order if kind in values]
        else:
            ordered = sorted(values.values(), key=lambda v: (-v.count, sort_key(v.label)))
        result.append(FilterGroup(group, GROUP_LABELS[group], ordered))
    return result


# -- what the browser knows of the words people type (theme/static/js/search/words.js) -----

WORDS_FILE = "search/words.json"
# One file per first letter: a typo is looked up among the words of its own letter only.
LETTERS = "abcdefghijklmnopqrstuvwxyz"
VOCABULARY_FILE = "search/vocabulary-{letter}.json"
# Two-letter codes that are also English words: as a place only when typed in capitals.
CODES_ALSO_WORDS = frozenset(
    {"al", "as", "at", "be", "by", "co", "de", "do", "go", "he", "hi", "id", "in", "is", "it",
     "la", "me", "mo", "my", "no", "of", "oh", "ok", "on", "or", "pa", "so", "to", "us", "we"}
)  # fmt: skip


def search_outputs(network):
    """(path in the site, how to write it) for the files of the search's words: the
    synonyms and the words that mean filters, and the vocabulary a typo is corrected to."""
    yield WORDS_FILE, lambda site: _json(_browser_words(network)["words"])
    for letter in LETTERS:
        yield (
            VOCABULARY_FILE.format(letter=letter),
            lambda site, letter=letter: _json(_browser_words(network)["vocabulary"][letter]),
        )


def _json(data) -> str:
    # orjson escapes nothing a browser could run: the files are fetched as JSON, not HTML.
    return orjson.dumps(data, option=orjson.OPT_SORT_KEYS).decode()


def _browser_words(network) -> dict:
    return kept_on(network, "browser words", lambda: _made_browser_words(network))


def _plural(label: str) -> list[str]:
    """ "Children's hospital" -> ["children's hospitals"]; "Clinic or practice" -> both."""
    phrases = []
    for part in label.split(" or "):
        folded = " ".join(words(part))
        if folded.endswith("y") and not folded.endswith(("ay", "ey", "oy")):
            phrases.append(folded[:-1] + "ies")
        elif folded.endswith(("s", "x", "ch", "sh")):
            phrases.append(folded + "es")
        else:
            phrases.append(folded + "s")
    return phrases


def _made_browser_words(network) -> dict:
    taxonomy = network.taxonomy
    filters: dict[str, list] = {}  # phrase -> [group, value, label, where]

    def add(phrase: str, group: str, value: str, label: str, where: str) -> None:
        # A state's code wins over a country's: "in CA" is California, "in GA" Georgia.
        known = filters.get(phrase)
        if phrase and len(phrase) > 1 and (not known or known[0] == "country" != group):
            filters[phrase] = [group, value, label, where]

    for term in taxonomy.platforms:
        add(" ".join(words(term.label)), "platform", term.key, term.label, "any")
        add(" ".join(words(term.key)), "platform", term.key, term.label, "any")
    for vocabulary in (taxonomy.member_types, taxonomy.resource_types):
        for term in vocabulary:
            for phrase in _plural(term.label):
                add(phrase, "type", term.key, term.label, "any")
    vocabulary: set[str] = set()
    for member in network.items.get("member", ()):
        location = member.location
        places = [("country", location.country_key, location.country_name, location.country)]
        if location.region:
            places.append(("region", location.region_key, location.region_name, location.region))
        for group, key, name, code in places:
            add(" ".join(words(name)), group, key, name, "place")
            code = code.lower()
            add(code, group, key, name, "place-code" if code in CODES_ALSO_WORDS else "place")
        for text in (member.name, *member.aliases, location.city, location.region_name,
                     location.country_name):  # fmt: skip
            vocabulary.update(words(text or ""))
    for resource in network.items.get("resource", ()):
        vocabulary.update(words(resource.title))
    for name in ("member_types", "tiers", "topics", "audiences", "resource_types", "platforms"):
        for term in getattr(taxonomy, name):
            vocabulary.update(words(term.label))
    for group in taxonomy.synonyms.groups:
        for phrase in group:
            vocabulary.update(phrase.split())
    by_letter = {letter: [] for letter in LETTERS}
    for word in sorted(vocabulary):
        if word[0] in by_letter and len(word) >= 3:
            by_letter[word[0]].append(word)
    return {
        "words": {
            "synonyms": taxonomy.synonyms.canonical,
            "filters": filters,
            "longest": max((len(p.split()) for p in filters), default=1),
        },
        "vocabulary": by_letter,
    }
