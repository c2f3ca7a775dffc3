"""Data exports of the directory and library: JSON for programs, CSV for spreadsheets.

Records list every field in a fixed order and items in slug order, so that the same
input gives byte-identical files and diffs between builds stay readable.
"""

from __future__ import annotations

import csv
import io

import orjson

from .kinds import SiteInfo
from .model import Member, Resource, kept_on

# A cell starting with one of these is run as a formula by spreadsheet programs.
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def absolute(siteurl: str, path: str) -> str:
    return f"{siteurl}/{path}" if siteurl else f"/{path}"


def member_record(member: Member, siteurl: str) -> dict:
    """The member's record in every export (kept on it: rebuilds reuse unchanged members)."""
    return kept_on(member, ("record", siteurl), lambda: _member_record(member, siteurl))


def _member_record(member: Member, siteurl: str) -> dict:
    location = member.location
    return {
        "slug": member.slug,
        "name": member.name,
        "url": absolute(siteurl, member.url),
        "type": member.type.key,
        "type_label": member.type.label,
        "tier": member.tier.key,
        "joined": member.joined.isoformat(),
        "location": {
            "city": location.city,
            "region": location.region,
            "region_name": location.region_name,
            "country": location.country,
            "country_name": location.country_name,
        },
        "website": member.website,
        "summary": member.summary,
        "description": member.description,
        "logo": absolute(siteurl, member.logo_url) if member.logo_url else None,
        "social": {
            link.platform.key: {"handle": link.handle, "url": link.url} for link in member.social
        },
        "topics": [topic.key for topic in member.topics],
        "contacts": [{"role": c.role, "email": c.email} for c in member.contacts],
        "aliases": list(member.aliases),
        "last_reviewed": member.last_reviewed.isoformat() if member.last_reviewed else None,
    }


def json_text(data) -> str:
    # orjson writes what json.dumps(indent=2, ensure_ascii=False) writes, many times faster.
    return orjson.dumps(data, option=orjson.OPT_INDENT_2).decode("utf-8") + "\n"


def members_json(members: list[Member], site: SiteInfo) -> str:
    ordered = sorted(members, key=lambda m: m.slug)
    records = [member_record(m, site.url) for m in ordered]
    return json_text({"count": len(ordered), "members": records})


def member_json(member: Member, site: SiteInfo) -> str:
    return json_text(member_record(member, site.url))


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_PREFIXES) else text


def members_csv(members: list[Member], site: SiteInfo) -> str:
    siteurl = site.url
    platforms = site.taxonomy.platforms.keys
    columns = [
        "slug", "name", "type", "tier", "joined", "city", "region", "country", "website",
        "summary", "topics", "aliases", "profile_url", "logo_url",
        *(f"{key}_url" for key in platforms),
    ]  # fmt: skip
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for member in sorted(members, key=lambda m: m.slug):
        social = {link.platform.key: link.url for link in member.social}
        row = [
            member.slug, member.name, member.type.key, member.tier.key,
            member.joined.isoformat(), member.location.city, member.location.region,
            member.location.country, member.website, member.summary,
            ";".join(t.key for t in member.topics), ";".join(member.aliases),
            absolute(siteurl, member.url),
            absolute(siteurl, member.logo_url) if member.logo_url else "",
            *(social.get(key, "") for key in platforms),
        ]  # fmt: skip
        writer.writerow([_cell(value) for value in row])
    return buffer.getvalue()


def resource_record(resource: Resource, siteurl: str) -> dict:
    return {
        "slug": resource.slug,
        "title": resource.title,
        "url": absolute(siteurl, resource.url),
        "summary": resource.summary,
        "type": resource.type.key,
        "type_label": resource.type.label,
        "topics": [term.key for term in resource.topics],
        "audience": [term.key for term in resource.audience],
        "platforms": [term.key for term in resource.platforms],
        "contributors": [
            {"slug": m.slug, "name": m.name, "url": absolute(siteurl, m.url)}
            for m in resource.contributors
        ],
        "date": resource.date.isoformat(),
        "updated": resource.updated.isoformat() if resource.updated else None,
        "minutes": resource.reading_minutes,
        "attachments": [
            {
                "file": absolute(siteurl, a.file),
                "title": a.title,
                "kind": a.kind,
                "bytes": a.size,
            }
            for a in resource.attachments
        ],
        "link": resource.link,
        "paths": [
            {"slug": step.path.slug, "title": step.path.title, "step": step.number}
            for step in resource.steps
        ],
        "body_markdown": resource.body.strip(),
    }


def resources_json(resources: list[Resource], site: SiteInfo) -> str:
    ordered = sorted(resources, key=lambda r: r.slug)
    records = [resource_record(r, site.url) for r in ordered]
    return json_text({"count": len(ordered), "resources": records})
