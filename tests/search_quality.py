"""A generated network with names as real hospitals have them, and the queries a member
would type, each with its right answer computed from the data (tests/test_search_quality.py).

The names repeat the way real ones do: the same "St. Mary's Hospital" in several cities,
"Saint" and "St.", "Mount" and "Mt.", abbreviations (Med. Ctr., Univ.), apostrophes,
accents (Hôpital Sainte-Justine), children's hospitals. Seeded: the same network and the
same queries every run.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

# (city, region, country): US states and Canadian provinces by their ISO codes.
CITIES = [
    ("Rochester", "MN", "US"), ("Madison", "WI", "US"), ("Austin", "TX", "US"),
    ("Houston", "TX", "US"), ("Dallas", "TX", "US"), ("El Paso", "TX", "US"),
    ("Omaha", "NE", "US"), ("Denver", "CO", "US"), ("Boise", "ID", "US"),
    ("Portland", "OR", "US"), ("Eugene", "OR", "US"), ("Seattle", "WA", "US"),
    ("Spokane", "WA", "US"), ("Tucson", "AZ", "US"), ("Phoenix", "AZ", "US"),
    ("Santa Fe", "NM", "US"), ("Wichita", "KS", "US"), ("Tulsa", "OK", "US"),
    ("Little Rock", "AR", "US"), ("Memphis", "TN", "US"), ("Nashville", "TN", "US"),
    ("Louisville", "KY", "US"), ("Columbus", "OH", "US"), ("Cleveland", "OH", "US"),
    ("Detroit", "MI", "US"), ("Lansing", "MI", "US"), ("Indianapolis", "IN", "US"),
    ("Springfield", "IL", "US"), ("Peoria", "IL", "US"), ("Des Moines", "IA", "US"),
    ("Fargo", "ND", "US"), ("Sioux Falls", "SD", "US"), ("Billings", "MT", "US"),
    ("Cheyenne", "WY", "US"), ("Salt Lake City", "UT", "US"), ("Reno", "NV", "US"),
    ("Sacramento", "CA", "US"), ("Fresno", "CA", "US"), ("San Diego", "CA", "US"),
    ("Atlanta", "GA", "US"), ("Savannah", "GA", "US"), ("Charleston", "SC", "US"),
    ("Raleigh", "NC", "US"), ("Richmond", "VA", "US"), ("Baltimore", "MD", "US"),
    ("Wilmington", "DE", "US"), ("Hartford", "CT", "US"), ("Providence", "RI", "US"),
    ("Boston", "MA", "US"), ("Worcester", "MA", "US"), ("Burlington", "VT", "US"),
    ("Portland", "ME", "US"), ("Albany", "NY", "US"), ("Buffalo", "NY", "US"),
    ("Pittsburgh", "PA", "US"), ("Newark", "NJ", "US"), ("Birmingham", "AL", "US"),
    ("Jackson", "MS", "US"), ("Baton Rouge", "LA", "US"), ("Orlando", "FL", "US"),
    ("Tampa", "FL", "US"), ("Honolulu", "HI", "US"), ("Anchorage", "AK", "US"),
    ("Toronto", "ON", "CA"), ("Ottawa", "ON", "CA"), ("Montréal", "QC", "CA"),
    ("Québec", "QC", "CA"), ("Winnipeg", "MB", "CA"), ("Calgary", "AB", "CA"),
    ("Vancouver", "BC", "CA"), ("Halifax", "NS", "CA"),
]  # fmt: skip
SAINTS = ["Mary's", "Joseph", "Luke's", "Francis", "Vincent", "Anthony", "Elizabeth", "John's",
          "Jude", "Catherine", "Agnes", "Clare", "Anne", "Patrick", "Michael's", "Peter's",
          "Alexius", "Cloud", "Gabriel", "Bernard"]  # fmt: skip
SAINT_SUFFIXES = ["Hospital", "Medical Center", "Regional Medical Center", "Health Center",
                  "Health"]  # fmt: skip
MOUNTS = ["Sinai", "Carmel", "Auburn", "Nittany", "Vernon", "Olive", "Hood", "Zion"]
FORTS = ["Worth", "Myers", "Collins", "Wayne", "Smith", "Lauderdale", "Dodge"]
FAMILY = ["O'Brien", "McAllister", "D'Angelo", "Whitfield", "Okafor", "Nakamura", "Lindqvist",
          "Brennan", "Castellanos", "Pemberton", "Adeyemi", "Haverford", "Kowalczyk",
          "Thibodeaux", "Gallagher", "Rasmussen", "Abernathy", "Delacroix", "Vanderbilt",
          "Fitzgerald"]  # fmt: skip
NATURE = ["Riverbend", "Cedar", "Prairie", "Harbor", "Summit", "Valley", "Lakeside", "Pinecrest",
          "Bayview", "Mesa", "Ridgeview", "Meadowbrook", "Canyon", "Willow", "Aspen", "Granite",
          "Bluestem", "Ironwood", "Juniper", "Magnolia", "Sagebrush", "Tamarack", "Sycamore",
          "Chestnut", "Redwood", "Evergreen", "Larkspur", "Foxglove", "Heron", "Kestrel"]  # fmt: skip
FRENCH = [("Hôpital Sainte-Justine", "childrens-hospital"),
          ("Clinique Médicale Saint-Laurent", "clinic-practice"),
          ("Centre hospitalier de Lévis", "hospital"),
          ("Hôtel-Dieu de Québec", "hospital"),
          ("Hôpital Général Juif", "hospital"),
          ("Clinique Pédiatrique Sainte-Thérèse", "clinic-practice"),
          ("Hôpital Notre-Dame", "hospital"),
          ("Institut Cardiologie Montérégie", "clinic-practice"),
          ("Hôpital Maisonneuve-Rosemont", "hospital"),
          ("Clinique Familiale Côte-des-Neiges", "clinic-practice")]  # fmt: skip
PLATFORMS = ["x", "facebook", "instagram", "linkedin", "youtube", "tiktok"]


@dataclass(frozen=True)
class Member:
    slug: str
    name: str
    type: str
    city: str
    region: str
    country: str
    platforms: tuple[str, ...]


@dataclass(frozen=True)
class Query:
    kind: str  # the class of query, reported apart
    text: str
    right: frozenset[str]  # slugs of the members that are a right answer
    every: bool = False  # every result shown must be right (a query of filters), not one


def slugify(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower().replace("'", "")).strip("-")


def generate(count: int, seed: int = 16) -> list[Member]:
    rng = random.Random(seed)
    names: list[tuple[str, str, tuple]] = []  # name, type, place

    def place():
        return rng.choice(CITIES)

    # Duplicates in different cities: the same saint's hospital in several places.
    for saint in SAINTS:
        for suffix in rng.sample(SAINT_SUFFIXES, 3):
            prefix = rng.choice(["St.", "Saint", "St."])
            kind = "hospital" if "Hospital" in suffix else "health-system"
            for city in rng.sample(CITIES, rng.choice([1, 2, 3])):
                names.append((f"{prefix} {saint} {suffix}", kind, city))
    for mount in MOUNTS:
        for suffix in ("Hospital", "Medical Center"):
            prefix = rng.choice(["Mount", "Mt."])
            names.append((f"{prefix} {mount} {suffix}", "hospital", place()))
    for fort in FORTS:
        prefix = rng.choice(["Fort", "Ft."])
        names.append((f"{prefix} {fort} Community Clinic", "clinic-practice", place()))
    for city in CITIES:
        city_name = city[0]
        names.append((f"{city_name} General Hospital", "hospital", city))
        names.append((f"Children's Hospital of {city_name}", "childrens-hospital", city))
        names.append((f"{city_name} Public Health Department", "public-health-agency", city))
        names.append((f"Univ. of {city_name} Medical Center", "academic-medical-center", city))
        names.append((f"{city_name} Regional Med. Ctr.", "hospital", city))
    for family in FAMILY:
        names.append((f"{family} Family Clinic", "clinic-practice", place()))
        names.append((f"{family} Pediatrics", "childrens-hospital", place()))
    for name, kind in FRENCH:
        names.append((name, kind, rng.choice([c for c in CITIES if c[1] == "QC"])))
    kinds = [("Health", "health-system"), ("Hospital", "hospital"), ("Clinic", "clinic-practice"),
             ("Medical Group", "clinic-practice"), ("Health Partners", "health-system"),
             ("Community Hospital", "hospital"), ("Nurses Association", "professional-association"),
             ("Critical Access Hospital", "critical-access-hospital")]  # fmt: skip
    while len(names) < count:
        first, second = rng.sample(NATURE, 2)
        ending, kind = rng.choice(kinds)
        names.append((f"{first} {second} {ending}", kind, place()))
    members, slugs, used = [], set(), set()
    for name, kind, (city, region, country) in names[:count]:
        # Names are unique in a network: a name used before is told apart by its city.
        if slugify(name) in used:
            name = f"{name}, {city}"
        slug = slugify(name)
        if slug in slugs:
            continue
        slugs.add(slug)
        used.add(slugify(name))
        platforms = tuple(p for p in PLATFORMS if rng.random() < 0.45)
        members.append(Member(slug, name, kind, city, region, country, platforms))
    return members


def write(members: list[Member], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for number, member in enumerate(members):
        handle = f"quality{number}"
        handles = {"youtube": f'"@{handle}"', "linkedin": f"company/{handle}"}
        social = "".join(f"  {p}: {handles.get(p, handle)}\n" for p in member.platforms)
        text = (
            f"name: {_quoted(member.name)}\n"
            f"type: {member.type}\n"
            f"joined: 20{10 + number % 15:02d}-0{1 + number % 9}-1{number % 10}\n"
            "location:\n"
            f"  city: {_quoted(member.city)}\n"
            f'  region: "{member.region}"\n'
            f"  country: {member.country}\n"
            f"website: https://m{number}.example.org\n"
            "summary: Care for patients and families; we teach on social media.\n"
            + (f"social:\n{social}" if social else "")
        )
        (folder / f"{member.slug}.yaml").write_text(text, encoding="utf-8")


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


# -- the queries ----------------------------------------------------------------------------

SPELLED = [(r"\bSt\. ", "Saint "), (r"\bSaint ", "St "), (r"\bMount ", "Mt "),
           (r"\bMt\. ", "Mount "), (r"\bFort ", "Ft "), (r"\bFt\. ", "Fort "),
           (r"\bUniv\. ", "University "), (r"\bMed\. Ctr\.", "Medical Center")]  # fmt: skip


def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def typo(word: str, rng: random.Random) -> str:
    """One edit inside the word (two from 8 letters), never its first letter."""
    edits = 2 if len(word) >= 8 else 1
    for _ in range(edits):
        at = rng.randrange(1, len(word) - 1)
        how = rng.choice(["drop", "double", "swap", "replace"])
        if how == "drop":
            word = word[:at] + word[at + 1 :]
        elif how == "double":
            word = word[:at] + word[at] + word[at:]
        elif how == "swap":
            word = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
        else:
            letter = rng.choice([c for c in "aeioulnrst" if c != word[at]])
            word = word[:at] + letter + word[at + 1 :]
    return word


def queries(members: list[Member], seed: int = 16) -> list[Query]:
    rng = random.Random(seed)
    by_name: dict[str, list[Member]] = {}
    for member in members:
        by_name.setdefault(member.name.split(", ")[0], []).append(member)

    def base(member: Member) -> str:
        return member.name.split(", ")[0]

    unique = [m for m in members if len(by_name[base(m)]) == 1]

    def named(member: Member, text: str) -> str:
        """The query for a member: its name's words, with its city where names repeat."""
        text = text.split(", ")[0]
        return text if len(by_name[base(member)]) == 1 else f"{text} {member.city}"

    def same(member: Member) -> frozenset[str]:
        """The right answers for a member's query: those of its name and city (a name can
        repeat in one city, or in two cities of one name: Portland, Oregon and Maine)."""
        return frozenset(m.slug for m in by_name[base(member)] if m.city == member.city)

    found: list[Query] = []
    for member in rng.sample(unique, 12):
        found.append(Query("exact name", member.name, frozenset({member.slug})))
    repeated = [m for m in members if len(by_name[base(m)]) > 1]
    for member in rng.sample(repeated, 10):
        found.append(Query("same name, other city", named(member, member.name), same(member)))
    spelled = [m for m in members if any(re.search(p, m.name) for p, _ in SPELLED)]
    for member in rng.sample(spelled, 14):
        text = member.name
        for pattern, other in SPELLED:
            text = re.sub(pattern, other, text)
        found.append(Query("St./Saint, Mt., abbreviations", named(member, text), same(member)))
    apostrophes = [m for m in members if "'" in m.name or fold(m.name) != m.name]
    for member in rng.sample(apostrophes, 10):
        text = fold(member.name).replace("'", "")
        found.append(Query("apostrophes and accents", named(member, text), same(member)))
    for member in rng.sample([m for m in unique if fold(m.name) == m.name], 12):
        words = member.name.replace(".", "").split()
        longest = max(range(len(words)), key=lambda i: len(words[i]))
        words[longest] = typo(words[longest], rng)
        found.append(Query("typos", " ".join(words), frozenset({member.slug})))
    children = [m for m in members if m.type == "childrens-hospital" and "Children's" in m.name]
    for member in rng.sample(children, 8):
        found.append(Query("pediatric = children's", f"pediatric hospital {member.city}",
                           frozenset(m.slug for m in children if m.city == member.city)))  # fmt: skip
    states = {"TX": "Texas", "OH": "Ohio", "CA": "California", "OR": "Oregon", "MA": "Massachusetts",
              "FL": "Florida", "TN": "Tennessee", "MI": "Michigan", "IL": "Illinois",
              "ON": "Ontario"}  # fmt: skip
    platforms = {"tiktok": "TikTok", "instagram": "Instagram", "youtube": "YouTube",
                 "facebook": "Facebook"}  # fmt: skip
    for number, (code, state) in enumerate(states.items()):
        platform = list(platforms)[number % len(platforms)]
        right = frozenset(
            m.slug for m in members
            if m.type == "hospital" and m.region == code and platform in m.platforms
        )  # fmt: skip
        written = state if number % 2 else code
        found.append(Query("words that mean filters",
                           f"{platforms[platform]} hospitals in {written}", right, every=True))  # fmt: skip
    return found
