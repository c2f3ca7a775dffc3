"""Loading the members/ folder: every file validated, then turned into Member objects."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from . import regions
from .diagnostics import Report
from .markup import render_markdown
from .model import Contact, Location, Member, SocialLink
from .social import PLATFORMS
from .taxonomy import Taxonomy
from .text import fold, slugify
from .validation import MemberChecker
from .yamlsource import SourceDocument, load_yaml


def member_files(members_dir: Path, report: Report) -> list[Path]:
    """The member files, in a stable order; misnamed or misplaced files are reported."""
    files = []
    for path in sorted(members_dir.iterdir()):
        if path.name.startswith("."):
            continue
        if path.is_dir():
            report_nested_files(path, members_dir, report)
        elif path.suffix == ".yaml":
            files.append(path)
        elif path.suffix.lower() in (".yml", ".yaml"):
            report.error(path, (1, 1), f"member files end in .yaml; rename to {path.stem}.yaml")
    return files


def report_nested_files(folder: Path, members_dir: Path, report: Report) -> None:
    """YAML in a subfolder would be silently ignored; say where it belongs instead."""
    for path in sorted(folder.rglob("*")):
        if path.suffix.lower() in (".yml", ".yaml") and not path.name.startswith("."):
            report.error(
                path,
                (1, 1),
                "member files belong directly in members/; move it to "
                f"{report.relative(members_dir / (path.stem + '.yaml'))}",
            )


def load_members(
    members_dir: Path, taxonomy: Taxonomy, schema: dict, report: Report, today: dt.date
) -> list[Member]:
    checker = MemberChecker(schema, members_dir, today)
    files = member_files(members_dir, report)
    check_unique_slugs(files, report)
    documents: list[SourceDocument] = []
    members: list[Member] = []
    for path in files:
        errors_before = report.error_count
        document = load_yaml(path, report)
        if document is None:
            continue
        documents.append(document)
        checker.check(document, report)
        if report.error_count == errors_before:
            members.append(build_member(document, taxonomy, members_dir))
    check_unique_names(documents, report)
    members.sort(key=lambda m: (m.sort_key, m.slug))
    return members


def check_unique_slugs(files: list[Path], report: Report) -> None:
    """Two file names that differ only in case or accents would share a URL.

    The file whose name already is the slug keeps it; the others are reported.
    """
    files_by_slug: dict[str, list[Path]] = {}
    for path in files:
        files_by_slug.setdefault(slugify(path.stem), []).append(path)
    for slug, paths in files_by_slug.items():
        keeper = next((p for p in paths if p.stem == slug), paths[0])
        for path in paths:
            if path is not keeper:
                report.error(
                    path,
                    (1, 1),
                    f"file name gives the same slug '{slug}' as {report.relative(keeper)}; "
                    "each member needs its own",
                )


def check_unique_names(documents: list[SourceDocument], report: Report) -> None:
    """Names must differ even ignoring case, accents and spacing.

    Every file with a name takes part, valid or not, so that a run reports it all.
    """
    first_by_name: dict[str, SourceDocument] = {}
    for document in documents:
        name = document.data.get("name") if isinstance(document.data, dict) else None
        if not isinstance(name, str) or not name.strip():
            continue
        first = first_by_name.setdefault(" ".join(fold(name).split()), document)
        if first is not document:
            report.error(
                document.path,
                document.position(("name",)),
                f"name '{name}' is already used by {report.relative(first.path)}; "
                "names must be unique (ignoring case and accents)",
            )


def build_member(document: SourceDocument, taxonomy: Taxonomy, members_dir: Path) -> Member:
    """A Member from a document that passed validation."""
    data = document.data
    location = data["location"]
    country, region = location["country"], location.get("region")
    social = tuple(
        SocialLink(
            platform=taxonomy.platforms.terms[key],
            handle=handle,
            url=PLATFORMS[key].profile_url(handle),
            icon=PLATFORMS[key].icon(),
        )
        # Taxonomy order, so every profile lists platforms the same way.
        for key in taxonomy.platforms.keys
        if (handle := data.get("social", {}).get(key))
    )
    description = data.get("description", "").strip()
    return Member(
        slug=document.path.stem,
        name=data["name"].strip(),
        type=taxonomy.member_types.terms[data["type"]],
        tier=taxonomy.tiers.terms[data.get("tier", "member")],
        joined=dt.date.fromisoformat(data["joined"]),
        location=Location(
            country=country,
            country_name=regions.country_name(country),
            region=region,
            region_name=regions.subdivision_name(country, region) if region else None,
            city=location.get("city"),
        ),
        website=data["website"],
        summary=data["summary"].strip(),
        source=document.path,
        description=description,
        description_html=render_markdown(description),
        logo=members_dir / data["logo"] if data.get("logo") else None,
        social=social,
        topics=tuple(taxonomy.topics.terms[key] for key in data.get("topics", [])),
        contacts=tuple(Contact(c["role"], c["email"]) for c in data.get("contacts", [])),
        aliases=tuple(data.get("aliases", [])),
        last_reviewed=(
            dt.date.fromisoformat(data["last_reviewed"]) if data.get("last_reviewed") else None
        ),
    )
