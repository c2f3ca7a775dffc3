"""From a spreadsheet's columns and cells to member fields, for `invoke import-members`.

Which column holds what comes from its header (matched ignoring case, spaces, accents and
punctuation, with the usual spellings known: "Hospital Name", "State", "Twitter"...) or
from a mapping file; type labels become taxonomy keys through the taxonomy's own labels and
the mapping file's ``types``. Each cell is turned into the value the member schema wants,
or into the reason it cannot be.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pycountry

from . import regions
from .diagnostics import Report
from .schema import SUMMARY_MAX
from .schema_errors import closest
from .social import PLATFORMS, Platform
from .taxonomy import Taxonomy, Term
from .text import slugify
from .validation import url_problem
from .yamlsource import load_yaml

MEMBER_FIELDS = ("name", "type", "city", "region", "country", "website")
REQUIRED = ("name", "type", "website")  # country may come from --country
# Usual headers of each field, besides the field's own name and a platform's label.
HEADERS = {
    "name": ("organization", "organisation", "organization name", "hospital", "hospital name",
             "institution", "member", "member name", "company", "facility", "facility name"),
    "type": ("organization type", "type of organization", "member type", "hospital type",
             "category", "kind"),
    "city": ("town", "city town"),
    "region": ("state", "province", "state province", "state or province"),
    "country": ("nation",),
    "website": ("web site", "website url", "url", "site", "homepage", "home page", "web",
                "web address"),
    "x": ("twitter", "x twitter", "twitter x"),
    "facebook": ("fb",),
    "instagram": ("ig", "insta"),
    "youtube": ("yt",),
    "bluesky": ("bsky",),
}  # fmt: skip
# "Twitter Handle", "Facebook Page", "YouTube channel URL": a platform and a word like these.
PLATFORM_SUFFIXES = ("url", "handle", "page", "profile", "account", "link", "username",
                     "channel", "address")  # fmt: skip
# What people write in a cell that has nothing to say.
NOTHING = frozenset({"n/a", "na", "none", "-", "--", "\u2014", "?", "null", "nil"})
# Names of countries that ISO 3166 spells otherwise.
COUNTRY_ALIASES = {"uk": "GB", "greatbritain": "GB", "england": "GB", "scotland": "GB",
                   "wales": "GB", "america": "US", "unitedstatesofamerica": "US"}  # fmt: skip


def fields(taxonomy: Taxonomy) -> tuple[str, ...]:
    """Everything a column can hold: the member's own fields, then one per platform."""
    return (*MEMBER_FIELDS, *taxonomy.platforms.keys)


def match_key(text: str) -> str:
    """How headers, labels and place names are compared: "Children's Hospital",
    "childrens-hospital" and "CHILDRENS HOSPITAL" are one; so are "Łódzkie" and "lodzkie"."""
    return slugify(text).replace("-", "")


def column_letter(index: int) -> str:
    """0 -> "A", 25 -> "Z", 26 -> "AA": the column as a spreadsheet names it."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


@dataclass
class Mapping:
    """What the mapping files say: columns named for fields, and labels for types."""

    columns: dict[str, str | None] = field(default_factory=dict)  # field -> header or letter
    column_positions: dict[str, tuple[Path, tuple[int, int]]] = field(default_factory=dict)
    types: dict[str, str] = field(default_factory=dict)  # match_key(label) -> taxonomy key

    def type_key(self, label: str) -> str | None:
        return self.types.get(match_key(label))


def default_mapping(taxonomy: Taxonomy) -> Mapping:
    """Each member type's key and label from the taxonomy name that type."""
    types = {}
    for term in taxonomy.member_types:
        types[match_key(term.key)] = term.key
        types[match_key(term.label)] = term.key
    return Mapping(types=types)


def load_mapping(path: Path, taxonomy: Taxonomy, mapping: Mapping, report: Report) -> None:
    """Add a mapping file's columns and types to ``mapping``; problems go to ``report``."""
    document = load_yaml(path, report)
    if document is None:
        return
    data = document.data
    if data is None:
        return
    if not isinstance(data, dict):
        report.error(path, (1, 1), "a mapping file maps 'columns' and 'types'")
        return
    for key in data:
        if key not in ("columns", "types"):
            report.error(
                path,
                document.key_position((key,)),
                f"unknown section '{key}'; allowed: columns, types",
            )
    allowed = fields(taxonomy)
    for name, header in _section(document, "columns", report).items():
        where = document.key_position(("columns", name))
        if name not in allowed:
            report.error(
                path,
                where,
                f"unknown field '{name}'{_closest_field(name, taxonomy)}; "
                f"allowed: {', '.join(allowed)}",
            )
        elif header is not None and not isinstance(header, str | int):
            report.error(
                path,
                document.position(("columns", name)),
                f"'columns.{name}' must be a column's header or letter",
            )
        else:
            mapping.columns[name] = None if header is None else str(header)
            mapping.column_positions[name] = (path, document.position(("columns", name)))
    keys = taxonomy.member_types.keys
    for label, key in _section(document, "types", report).items():
        if not isinstance(label, str) or not match_key(label):
            report.error(
                path,
                document.key_position(("types", label)),
                f"type label {label!r} must be text with letters; quote it",
            )
        elif key not in keys:
            report.error(
                path,
                document.position(("types", label)),
                f"'types.{label}' is {key!r}, which is not a member type"
                f"{closest(key, keys)}; allowed: {', '.join(keys)}",
            )
        else:
            mapping.types[match_key(label)] = key


def _closest_field(name, taxonomy: Taxonomy) -> str:
    """ " (did you mean 'x'?)" for "twiter": the field whose usual headers are closest."""
    by_spelling = {key: field for field in fields(taxonomy) for key in header_keys(field, taxonomy)}
    guess = difflib.get_close_matches(match_key(str(name)), list(by_spelling), n=1, cutoff=0.75)
    return f" (did you mean '{by_spelling[guess[0]]}'?)" if guess else ""


def _section(document, name: str, report: Report) -> dict:
    section = document.data.get(name)
    if section is None:
        return {}
    if not isinstance(section, dict):
        report.error(document.path, document.position((name,)), f"'{name}' must be a mapping")
        return {}
    return section


# -- columns ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    index: int
    header: str

    @property
    def letter(self) -> str:
        return column_letter(self.index)

    def __str__(self) -> str:
        return f"{self.letter} '{self.header}'" if self.header else self.letter


def header_keys(name: str, taxonomy: Taxonomy) -> set[str]:
    """The match_keys of the headers that name ``name`` without a mapping file."""
    spellings = {name, *HEADERS.get(name, ())}
    if name in taxonomy.platforms.terms:
        spellings.add(taxonomy.platforms.label(name))
    return {match_key(spelling) for spelling in spellings}


def _field_of_header(header: str, keys: dict[str, set[str]]) -> list[str]:
    key = match_key(header)
    found = [name for name, known in keys.items() if key in known]
    if not found:  # "Twitter Handle", "LinkedIn URL"
        for suffix in PLATFORM_SUFFIXES:
            if key.endswith(suffix) and key != suffix:
                stem = key.removesuffix(suffix)
                found = [
                    name for name, known in keys.items() if name in PLATFORMS and stem in known
                ]
                if found:
                    break
    return found


def match_columns(
    header: list[str],
    mapping: Mapping,
    taxonomy: Taxonomy,
    problems: list[tuple[int, str]],
    report: Report,
) -> dict[str, Column]:
    """Which column holds each field. The mapping file's choices first (their problems go
    to ``report`` at the mapping file's lines), then headers the usual way; two columns
    that could hold one field go to ``problems``, with the first one's index."""
    columns = [Column(index, text) for index, text in enumerate(header)]
    by_key: dict[str, list[Column]] = {}
    for column in columns:
        by_key.setdefault(match_key(column.header), []).append(column)
    chosen: dict[str, Column] = {}
    for name, wanted in mapping.columns.items():
        if wanted is None:
            continue
        letter = wanted.strip().upper() if re.fullmatch(r"\s*[A-Za-z]{1,3}\s*", wanted) else None
        found = by_key.get(match_key(wanted)) or [c for c in columns if c.letter == letter]
        if found:
            chosen[name] = found[0]
        else:
            path, position = mapping.column_positions[name]
            headers = ", ".join(str(c) for c in columns)
            report.error(
                path,
                position,
                f"'columns.{name}' is '{wanted}', which is no "
                f"header or column letter of the sheet; its columns: {headers}",
            )
    keys = {name: header_keys(name, taxonomy) for name in fields(taxonomy)}
    candidates: dict[str, list[Column]] = {}
    taken = {column.index for column in chosen.values()}
    for column in columns:
        if column.index in taken or not column.header:
            continue
        for name in _field_of_header(column.header, keys):
            if name not in mapping.columns:
                candidates.setdefault(name, []).append(column)
    for name, found in candidates.items():
        if len(found) > 1:
            both = " and ".join(map(str, found))
            problems.append(
                (
                    found[0].index,
                    f"columns {both} could each be the {name}; name one in a mapping file "
                    f"(columns: {name}: <header>)",
                )
            )
        chosen[name] = found[0]
    return chosen


# -- cells -----------------------------------------------------------------------------


class CellError(ValueError):
    """A cell that gives no valid value; the message says what is allowed."""


def is_nothing(text: str) -> bool:
    return not text or text.casefold() in NOTHING


def type_key(text: str, mapping: Mapping, taxonomy: Taxonomy) -> str:
    key = mapping.type_key(text)
    if key is None:
        keys = taxonomy.member_types.keys
        guess = difflib.get_close_matches(match_key(text), list(mapping.types), n=1, cutoff=0.75)
        hint = f" (did you mean '{mapping.types[guess[0]]}'?)" if guess else ""
        raise CellError(
            f"'{text}' is not a member type{hint}; allowed: a label or key of taxonomy.yaml "
            f"({', '.join(keys)}), or a label added under 'types' in the mapping file"
        )
    return key


def country_code(text: str) -> str:
    key = match_key(text)
    code = COUNTRY_ALIASES.get(key)
    if code is None:
        try:
            code = pycountry.countries.lookup(text.replace(".", "").strip()).alpha_2
        except LookupError:
            code = _countries_by_key().get(key)
    if code is None:
        raise CellError(
            f"'{text}' is not a country; allowed: a name, such as United States or Canada, "
            "or an ISO code, such as US or CA"
        )
    return code


@cache
def _countries_by_key() -> dict[str, str]:
    known = {}
    for country in pycountry.countries:
        for attribute in ("name", "official_name", "common_name"):
            if hasattr(country, attribute):
                known[match_key(getattr(country, attribute))] = country.alpha_2
    return known


@cache
def _regions_by_key(country: str) -> dict[str, str]:
    """A country's subdivisions by code ("mn") and by name ("minnesota") -> "MN"."""
    known: dict[str, str] = {}
    subdivisions = pycountry.subdivisions.get(country_code=country) or []
    for subdivision in subdivisions:
        code = subdivision.code.split("-", 1)[1]
        known.setdefault(match_key(subdivision.name), code)
    for subdivision in subdivisions:  # codes win over names
        code = subdivision.code.split("-", 1)[1]
        known[match_key(code)] = code
        known[match_key(subdivision.code)] = code
    return known


def region_code(text: str, country: str) -> str:
    known = _regions_by_key(country)
    code = known.get(match_key(text))
    if code is None:
        place = regions.country_name(country) or country
        if not known:
            raise CellError(f"'{text}' is not a region of {place}, which has none in ISO 3166-2")
        names = sorted(s.name for s in pycountry.subdivisions.get(country_code=country))
        guess = difflib.get_close_matches(text, names, n=1, cutoff=0.75)
        hint = f" (did you mean '{guess[0]}'?)" if guess else ""
        examples = ", ".join(regions.subdivision_examples(country))
        raise CellError(
            f"'{text}' is not a state or region of {place}{hint}; allowed: its name or its "
            f"ISO 3166-2 code, such as {examples}"
        )
    return code


# A bare address as people paste it: "www.example.org", "example.org/about".
_BARE_ADDRESS = re.compile(r"[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+\.?(:\d+)?([/?#]\S*)?")


def https_address(text: str) -> tuple[str, bool]:
    """The https address for a website cell, and whether it was upgraded from http://."""
    lowered = text.lower()
    upgraded = lowered.startswith("http://")
    if lowered.startswith(("https://", "http://")):
        rest = text.split("://", 1)[1]
    elif _BARE_ADDRESS.fullmatch(text):
        rest = text
    else:
        raise CellError(
            f"'{text}' is not a web address; allowed: https://www.example.org or www.example.org"
        )
    try:
        parts = urlsplit(f"https://{rest}")
        address = urlunsplit(
            ("https", parts.netloc.lower(), parts.path, parts.query, parts.fragment)
        )
    except ValueError:
        address = f"https://{rest}"
    problem = url_problem(address)
    if problem:
        raise CellError(f"'{text}' {problem}; allowed: an address such as https://www.example.org")
    return address, upgraded


def handle(text: str, platform: Platform, label: str) -> str:
    found = platform.handle_from(text)
    if found is None:
        site = platform.profile_url(platform.example.strip('"'))
        raise CellError(
            f"'{text}' is neither a handle nor a profile address on {label}; allowed: "
            f"{platform.allowed}, or the profile's address, such as {site}"
        )
    return found


def summary(member_type: Term, city: str | None, region_name: str | None, country: str) -> str:
    """A plain sentence from type and place: "A children's hospital in Rochester, Minnesota."

    The country is named when no region is; the place is shortened if the sentence would
    be too long for a summary.
    """
    label = member_type.label
    noun = _NOUNS.get(member_type.key) or (
        label[0].lower() + label[1:] if label[1:2].islower() else label
    )
    vowel = noun[0].lower() in "aeio" or (
        noun[0].lower() == "u" and not noun.lower().startswith("uni")
    )
    article = "An" if vowel else "A"
    place = [part for part in (city, region_name) if part]
    if not region_name:
        place.append(regions.country_name(country) or country)
    for start in range(len(place) + 1):
        parts = place[start:]
        sentence = f"{article} {noun} in {', '.join(parts)}." if parts else f"{article} {noun}."
        if len(sentence) <= SUMMARY_MAX:
            return sentence
    return f"{article} {noun}."[:SUMMARY_MAX]


# Member types whose label does not read as "a ..." in a sentence, by taxonomy key.
_NOUNS = {
    "life-sciences": "life sciences organization",
    "education": "health education institution",
    "nonprofit-advocacy": "nonprofit or patient advocacy organization",
}
