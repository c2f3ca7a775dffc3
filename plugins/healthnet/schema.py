"""JSON Schemas (draft-07) generated from taxonomy.yaml and the platform registry.

The generated files in schema/ give editors autocompletion and hover text (through the
``# yaml-language-server: $schema=`` line); the validator uses the same schema in memory,
so a field is described once. ``invoke schema`` rewrites the files; validation reports
them as stale when taxonomy.yaml changed without regenerating.
"""

from __future__ import annotations

import json
from pathlib import Path

from .social import PLATFORMS
from .taxonomy import Taxonomy, Vocabulary

DRAFT_07 = "http://json-schema.org/draft-07/schema#"
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
MEMBER_SCHEMA_FILE = "member.schema.json"
SUMMARY_MAX = 200

# One line with at least one visible character: "  " is no name.
SINGLE_LINE = r"^[^\n\r\t]*[^\s][^\n\r\t]*$"
NOT_BLANK = r"\S"
EMAIL_PATTERN = r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$"
HTTPS_URL = {
    "type": "string",
    "pattern": r"^https://\S+$",
    "patternErrorMessage": "an https:// address with no spaces",
    "maxLength": 2000,
    "examples": ["https://www.example.org"],
}
DATE = {
    "type": "string",
    "pattern": DATE_PATTERN,
    "patternErrorMessage": "a date written YYYY-MM-DD",
    "examples": ["2026-01-15"],
}


def _choice(vocabulary: Vocabulary, description: str, **extra) -> dict:
    return {
        "type": "string",
        "description": description,
        "enum": vocabulary.keys,
        # Shown by VS Code and yaml-language-server beside each completion.
        "enumDescriptions": [f"{t.label}: {t.description}" for t in vocabulary],
        **extra,
    }


def _choices(vocabulary: Vocabulary, description: str, examples: list) -> dict:
    return {
        "type": "array",
        "description": description,
        "items": _choice(vocabulary, f"One of the {vocabulary.name.replace('_', ' ')}."),
        "uniqueItems": True,
        "examples": [examples],
    }


def _text(
    description: str, max_length: int, examples: list[str], multiline: bool = False, **extra
) -> dict:
    """Text that must say something: one line unless ``multiline``, never only spaces."""
    return {
        "type": "string",
        "description": description,
        "minLength": 1,
        "maxLength": max_length,
        "pattern": NOT_BLANK if multiline else SINGLE_LINE,
        "patternErrorMessage": "some text, not only spaces"
        if multiline
        else "one line of text, not only spaces",
        "examples": examples,
        **extra,
    }


def _social_schema(taxonomy: Taxonomy) -> dict:
    properties = {}
    for term in taxonomy.platforms:
        platform = PLATFORMS[term.key]
        handle = {
            "type": "string",
            "pattern": platform.pattern,
            "patternErrorMessage": platform.allowed,
        }
        properties[term.key] = {
            **(HTTPS_URL if platform.takes_url else handle),
            "description": f"{term.label}: {term.description}",
            "examples": [platform.example.strip('"')],
        }
    return {
        "type": "object",
        "description": "Accounts on social platforms: handles, not URLs "
        "(except blog and podcast). The site builds the links.",
        "additionalProperties": False,
        "properties": properties,
    }


def member_schema(taxonomy: Taxonomy) -> dict:
    """The schema of one members/<slug>.yaml file.

    No $ref: in draft-07 a $ref hides its sibling keywords (description, examples), so
    shared parts are copied in; the file is generated anyway.
    """
    return {
        "$schema": DRAFT_07,
        "title": "Member organization",
        "description": "One member organization of the network. The file name is its "
        "permanent id and URL: members/<slug>.yaml -> /members/<slug>/.",
        "type": "object",
        "additionalProperties": False,
        "required": ["name", "type", "joined", "location", "website", "summary"],
        "properties": {
            "name": _text(
                "The organization's name as it wants to be listed.",
                120,
                ["Riverbend Regional Health"],
            ),
            "type": _choice(taxonomy.member_types, "What kind of organization this is."),
            "tier": _choice(taxonomy.tiers, "Membership tier (default: member).", default="member"),
            "joined": {**DATE, "description": "When it joined the network, YYYY-MM-DD."},
            "location": {
                "type": "object",
                "description": "Where the organization is based. Country is required.",
                "additionalProperties": False,
                "required": ["country"],
                "properties": {
                    "city": _text("City.", 80, ["Rochester"]),
                    "region": {
                        "type": "string",
                        "description": "ISO 3166-2 subdivision code without the country "
                        "(a US state such as MN, a Canadian province such as ON).",
                        "pattern": "^[A-Z0-9]{1,3}$",
                        "patternErrorMessage": "1 to 3 capital letters or digits, such as MN or ON",
                        "examples": ["MN"],
                    },
                    "country": {
                        "type": "string",
                        "description": "ISO 3166-1 alpha-2 country code, such as US.",
                        "pattern": "^[A-Z]{2}$",
                        "patternErrorMessage": "two capital letters, such as US, CA or GB",
                        "examples": ["US"],
                    },
                },
            },
            "website": {**HTTPS_URL, "description": "The organization's website (https only)."},
            "summary": _text(
                "One plain sentence for cards and search results, "
                f"at most {SUMMARY_MAX} characters.",
                SUMMARY_MAX,
                ["A three-hospital system serving southeast Minnesota."],
            ),
            "description": _text(
                "Longer text in Markdown: what the organization does on social media.",
                5000,
                ["Our team of four runs ..."],
                multiline=True,
            ),
            "logo": {
                "type": "string",
                "description": "Logo file inside members/logos/ (SVG, PNG or WebP).",
                "pattern": r"^logos/[A-Za-z0-9._-]+\.(svg|png|webp)$",
                "patternErrorMessage": "logos/<file>.svg, .png or .webp",
                "examples": ["logos/riverbend-regional-health.svg"],
            },
            "social": _social_schema(taxonomy),
            "topics": _choices(
                taxonomy.topics,
                "What the organization works on or can teach others.",
                ["patient-education"],
            ),
            "contacts": {
                "type": "array",
                "description": "Public role addresses only, never a person's own address.",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["role", "email"],
                    "properties": {
                        "role": _text("Who answers.", 80, ["Social media team"]),
                        "email": {
                            "type": "string",
                            "description": "A role address, such as social@example.org.",
                            "pattern": EMAIL_PATTERN,
                            "patternErrorMessage": "an e-mail address such as social@example.org",
                            "examples": ["social@example.org"],
                        },
                    },
                },
            },
            "aliases": {
                "type": "array",
                "description": "Former or informal names; they are found by search.",
                "items": _text("A former name.", 120, ["Riverbend Health"]),
                "uniqueItems": True,
            },
            "last_reviewed": {
                **DATE,
                "description": "When someone last checked this profile; after 12 months "
                "the validator reminds you.",
            },
        },
    }


def schema_text(schema: dict) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def generated_schemas(taxonomy: Taxonomy) -> dict[str, str]:
    """File name -> text of every schema file in schema/."""
    return {MEMBER_SCHEMA_FILE: schema_text(member_schema(taxonomy))}


def stale_schema_files(schema_dir: Path, taxonomy: Taxonomy) -> list[str]:
    """Names of schema files whose text differs from what taxonomy.yaml generates."""
    stale = []
    for name, text in generated_schemas(taxonomy).items():
        path = schema_dir / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            stale.append(name)
    return stale


def write_schemas(schema_dir: Path, taxonomy: Taxonomy) -> list[Path]:
    schema_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in generated_schemas(taxonomy).items():
        (schema_dir / name).write_text(text, encoding="utf-8")
        written.append(schema_dir / name)
    return written


def subschema_at(schema: dict, path: tuple) -> dict | None:
    """The part of ``schema`` that describes the value at ``path`` (None if unknown)."""
    node = schema
    for step in path:
        node = node.get("items") if isinstance(step, int) else node.get("properties", {}).get(step)
        if node is None:
            return None
    return node
