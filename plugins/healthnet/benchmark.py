"""The performance benchmark behind `invoke bench`: a synthetic network of any size, with
a library of one resource per four members, a learning path, events and news.

It reports times, peak memory and output sizes for validation and for a full build, at two
sizes, so that anything growing faster than the number of members shows in the ratio.
Speed is measured here, never asserted by tests.
"""

from __future__ import annotations

import datetime as dt
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .diagnostics import Report
from .project import Project, load_network

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
    '<circle cx="60" cy="60" r="56" fill="#0b5563"/></svg>\n'
)


def write_synthetic_network(members_dir: Path, count: int, seed: int = 7) -> None:
    """Write ``count`` valid, varied member files (and one shared logo)."""
    rng = random.Random(seed)
    (members_dir / "logos").mkdir(parents=True, exist_ok=True)
    (members_dir / "logos" / "shared.svg").write_text(LOGO)
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
        if number % 2 == 0:
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


def _peak_child_memory_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def _size_mb(folder: Path) -> tuple[float, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files) / 1e6, len(files)


def measure(root: Path, count: int, workdir: Path) -> dict:
    members_dir = workdir / f"members-{count}"
    content_dir = workdir / f"content-{count}"
    write_synthetic_network(members_dir, count)
    resources = write_synthetic_content(content_dir, count)

    started = time.perf_counter()
    report = Report(root)
    load_network(Project.at(root, members_dir, content_dir), report)
    validate_seconds = time.perf_counter() - started
    if report.errors:
        raise SystemExit("\n".join(d.format() for d in report.errors[:10]))

    output = workdir / f"output-{count}"
    started = time.perf_counter()
    command = [sys.executable, "-m", "invoke", "build", "--output", str(output),
               "--members", str(members_dir), "--content", str(content_dir)]  # fmt: skip
    subprocess.run(command, cwd=root, check=True, stdout=subprocess.DEVNULL)
    build_seconds = time.perf_counter() - started
    site_mb, site_files = _size_mb(output)
    index_mb, _ = _size_mb(output / "pagefind")
    return {
        "members": count,
        "resources": resources,
        "validate s": validate_seconds,
        "build s": build_seconds,
        "build ms/member": 1000 * build_seconds / count,
        "peak MB": _peak_child_memory_mb(),
        "site MB": site_mb,
        "files": site_files,
        "directory page KB": (output / "members" / "index.html").stat().st_size / 1e3,
        "members.json KB": (output / "api" / "members.json").stat().st_size / 1e3,
        "library page KB": (output / "resources" / "index.html").stat().st_size / 1e3,
        "search index MB": index_mb,
    }


def run(root: Path, sizes: list[int]) -> list[dict]:
    with tempfile.TemporaryDirectory(prefix="bench-") as workdir:
        results = [measure(root, size, Path(workdir)) for size in sizes]
    columns = list(results[0])
    print(" | ".join(f"{c:>17}" for c in columns))
    for row in results:
        print(" | ".join(f"{row[c]:>17.2f}" if isinstance(row[c], float) else f"{row[c]:>17}"
                         for c in columns))  # fmt: skip
    if len(results) > 1:
        first, last = results[0], results[-1]
        growth = (last["build s"] / first["build s"]) / (last["members"] / first["members"])
        print(f"build time grew {growth:.2f}x as fast as the member count (1.00 = linear)")
    return results
