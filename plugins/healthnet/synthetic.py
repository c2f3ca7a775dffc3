"""A synthetic network of any size, for the benchmark and the tests of large networks:
member files (half of them with a logo), one resource per four members (each by one or
two of them), a learning path, events and news, and the pages every page links to."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

WORDS = [
    "River", "Cedar", "Prairie", "Harbor", "Summit", "Valley", "Lake", "Pine", "Bay", "Mesa",
    "Ridge", "Meadow", "Canyon", "Grove", "Willow", "Aspen", "Coastal", "Northern", "Granite",
]  # fmt: skip
KINDS = (
    ("hospital", "Hospital"),
    ("health-system", "Health"),
    ("clinic-practice", "Family Clinic"),
    ("public-health-agency", "Public Health District"),
    ("professional-association", "Nurses Association"),
    ("childrens-hospital", "Children's Hospital"),
)
PLACES = (("US", "MN", "Rochester"), ("US", "TX", "Austin"), ("US", "OR", "Bend"),
          ("CA", "ON", "Ottawa"), ("GB", "ENG", "Leeds"), ("AU", "NSW", "Newcastle"))  # fmt: skip
TOPICS = ("patient-education", "crisis-communication", "policy", "analytics", "health-equity")
LOGO = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 120"><title>Logo</title>'
    '<circle cx="60" cy="60" r="56" fill="#{color}"/>'
    '<path d="M{x} 30h20v30h30v20h-30v30h-20v-30h-30v-20h30z" fill="#fff"/></svg>\n'
)


def write_synthetic_network(
    members_dir: Path, count: int, seed: int = 7, distinct_logos: bool = False
) -> None:
    """Write ``count`` valid, varied member files, half of them with a logo: one shared
    file, or (``distinct_logos``) one of its own each, as a real network has."""
    rng = random.Random(seed)
    (members_dir / "logos").mkdir(parents=True, exist_ok=True)
    (members_dir / "logos" / "shared.svg").write_text(LOGO.format(color="0b5563", x=50))
    for number in range(count):
        type_key, kind = KINDS[number % len(KINDS)]
        country, region, city = PLACES[rng.randrange(len(PLACES))]
        name = f"{rng.choice(WORDS)} {rng.choice(WORDS)} {kind} {number}"
        slug = f"member-{number:05d}"
        handle = f"synthetic{number}"
        joined = dt.date(2012, 1, 1) + dt.timedelta(days=rng.randrange(5000))
        lines = [
            f"name: {name}",
            f"type: {type_key}",
            f"joined: {joined.isoformat()}",
            "location:",
            f"  city: {city}",
            f'  region: "{region}"',
            f"  country: {country}",
            f"website: https://{slug}.example.org",
            f"summary: {name} teaches patients and staff on social media.",
            "description: |",
            f"  {name} runs a **weekly** video series and answers questions every weekday.",
            "social:",
            f"  x: {handle}",
            f"  facebook: {handle}",
            f'  youtube: "@{handle}"',
            f"topics: [{', '.join(rng.sample(TOPICS, 2))}]",
        ]
        if number % 2 == 0 and distinct_logos:
            logo = LOGO.format(color=f"{rng.randrange(0x1000000):06x}", x=30 + number % 40)
            (members_dir / "logos" / f"{slug}.svg").write_text(logo)
            lines.append(f"logo: logos/{slug}.svg")
        elif number % 2 == 0:
            lines.append("logo: logos/shared.svg")
        (members_dir / f"{slug}.yaml").write_text("\n".join(lines) + "\n")


RESOURCE_TYPES = ("guide", "toolkit", "checklist", "case-study", "webinar", "research")
PAGES = {
    "home": 'template: home\nsave_as: index.html\nurl: ""',
    "about": "",
    "join": "",
    "residency": "",
    "contact": "",
}
PATH_STEPS = 8


def _front_matter(fields: list[str], body: str) -> str:
    return "---\n" + "\n".join(fields) + "\n---\n" + body + "\n"


def write_synthetic_content(content_dir: Path, member_count: int, seed: int = 7) -> int:
    """One resource per four members (each by one or two of them), a learning path,
    events and news, plus the pages every page links to. Returns the resource count."""
    rng = random.Random(seed)
    count = max(member_count // 4, PATH_STEPS)
    folders = {name: content_dir / name for name in ("resources", "paths", "events", "news")}
    for folder in [*folders.values(), content_dir / "pages"]:
        folder.mkdir(parents=True, exist_ok=True)
    for name, extra in PAGES.items():
        fields = [f"title: {name.title()}", *([extra] if extra else [])]
        (content_dir / "pages" / f"{name}.md").write_text(_front_matter(fields, "Synthetic."))
    for number in range(count):
        makers = rng.sample(range(member_count), min(2, member_count))[: 1 + number % 2]
        published = dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(2000))
        fields = [
            f"title: {rng.choice(WORDS)} {rng.choice(WORDS)} guide {number}",
            f"summary: How member teams handle {rng.choice(TOPICS).replace('-', ' ')}.",
            f"type: {RESOURCE_TYPES[number % len(RESOURCE_TYPES)]}",
            f"topics: [{', '.join(rng.sample(TOPICS, 2))}]",
            "audience: [communicators]",
            "platforms: [x, facebook]",
            f"contributors: [{', '.join(f'member-{m:05d}' for m in makers)}]",
            f"date: {published.isoformat()}",
        ]
        body = "## What we did\n\n" + " ".join(rng.choice(WORDS).lower() for _ in range(300))
        (folders["resources"] / f"resource-{number:05d}.md").write_text(_front_matter(fields, body))
    steps = [
        f"  - resource: resource-{n:05d}\n    note: Step {n + 1} of the synthetic path."
        for n in range(PATH_STEPS)
    ]
    path_fields = ["title: Synthetic path", "summary: The first resources in order.", "steps:"]
    (folders["paths"] / "synthetic-path.md").write_text(_front_matter(path_fields + steps, ""))
    for number in range(20):
        day = dt.date(2026, 1, 5) + dt.timedelta(days=30 * number)
        fields = [
            f"title: Synthetic webinar {number}",
            "summary: An hour online.",
            f"start: {day.isoformat()}T15:00",
            f"end: {day.isoformat()}T16:00",
            "timezone: America/Chicago",
            f"online: https://events.example.org/{number}",
            f"hosts: [member-{number % member_count:05d}]",
        ]
        (folders["events"] / f"webinar-{number:02d}.md").write_text(_front_matter(fields, ""))
    for number in range(10):
        fields = [f"title: Synthetic news {number}", f"date: 2026-0{1 + number % 9}-10",
                  "summary: Something happened."]  # fmt: skip
        (folders["news"] / f"news-{number:02d}.md").write_text(_front_matter(fields, "News."))
    return count
