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
# Local wall-clock time at an event; its time zone is a field of its own.
DATETIME_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:00)?$"
SUMMARY_MAX = 200
TITLE_MAX = 120
# Files a resource may attach: documents, sheets, slides, pictures, audio. Never HTML or
# SVG, which could run scripts on the site's own origin.
ATTACHMENT_TYPES = ("pdf", "docx", "xlsx", "pptx", "odt", "ods", "odp", "csv", "txt",
                    "png", "jpg", "webp", "mp3")  # fmt: skip
MEMBER_SLUG = {
    "type": "string",
    "pattern": SLUG_PATTERN,
    "patternErrorMessage": "a member's file name in members/ without .yaml, "
    "such as riverbend-regional-health",
    "examples": ["riverbend-regional-health"],
}

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
COUNTRY_CODE = {
    "type": "string",
    "description": "ISO 3166-1 alpha-2 country code, such as US.",
    "pattern": "^[A-Z]{2}$",
    "patternErrorMessage": "two capital letters, such as US, CA or GB",
    "examples": ["US"],
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
                    "country": COUNTRY_CODE,
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


# -- content/: Markdown files with front matter --------------------------------------------


def title_field(description: str, example: str) -> dict:
    return _text(description, TITLE_MAX, [example])


def summary_field(example: str) -> dict:
    return _text(
        f"One plain sentence for cards, feeds and search results, at most {SUMMARY_MAX} "
        "characters.",
        SUMMARY_MAX,
        [example],
    )


def _members(description: str) -> dict:
    return {
        "type": "array",
        "description": description,
        "items": MEMBER_SLUG,
        "uniqueItems": True,
        "examples": [["riverbend-regional-health"]],
    }


def _minutes(description: str) -> dict:
    return {
        "type": "integer",
        "description": description,
        "minimum": 1,
        "maximum": 600,
        "examples": [20],
    }


def front_matter_schema(
    title: str, description: str, required: list[str], properties: dict
) -> dict:
    return {
        "$schema": DRAFT_07,
        "title": title,
        "description": description,
        "type": "object",
        "additionalProperties": False,
        "required": required,
        "properties": properties,
    }


def resource_schema(taxonomy: Taxonomy) -> dict:
    return front_matter_schema(
        "Resource",
        "The front matter of content/resources/<slug>.md: a guide, toolkit, template, "
        "case study, webinar... of the library, at /resources/<slug>/.",
        ["title", "summary", "type", "topics", "date"],
        {
            "title": title_field(
                "The resource's title.", "Writing a social media policy for clinicians"
            ),
            "summary": summary_field("An adaptable policy for physicians and nurses who post."),
            "type": _choice(taxonomy.resource_types, "What kind of resource this is."),
            "topics": {
                **_choices(taxonomy.topics, "What it is about (at least one).", ["policy"]),
                "minItems": 1,
            },
            "audience": _choices(taxonomy.audiences, "Who it is written for.", ["physicians"]),
            "platforms": _choices(taxonomy.platforms, "The platforms it is about.", ["linkedin"]),
            "contributors": _members("The members who made it: their file names in members/."),
            "date": {**DATE, "description": "When it was published, YYYY-MM-DD."},
            "updated": {**DATE, "description": "When it was last revised, YYYY-MM-DD."},
            "minutes": _minutes(
                "Time to read, watch or listen, in minutes (estimated from the text if absent)."
            ),
            "attachments": {
                "type": "array",
                "description": "Files to download, kept in content/files/.",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["file", "title"],
                    "properties": {
                        "file": {
                            "type": "string",
                            "description": "The file inside content/files/: "
                            + ", ".join(ATTACHMENT_TYPES)
                            + ".",
                            "pattern": r"^files/[A-Za-z0-9._/-]+\.("
                            + "|".join(ATTACHMENT_TYPES)
                            + ")$",
                            "patternErrorMessage": "files/<name>." + ", .".join(ATTACHMENT_TYPES),
                            "examples": ["files/clinician-social-media-policy.docx"],
                        },
                        "title": _text("What the file is.", TITLE_MAX, ["Policy template (Word)"]),
                    },
                },
            },
            "link": {
                **HTTPS_URL,
                "description": "Where it lives elsewhere (https only): a "
                "recording, an episode, a publication.",
            },
        },
    )


def path_schema(taxonomy: Taxonomy) -> dict:
    return front_matter_schema(
        "Learning path",
        "The front matter of content/paths/<slug>.md: resources to take in order, at "
        "/paths/<slug>/.",
        ["title", "summary", "steps"],
        {
            "title": title_field("The path's title.", "Before the residency"),
            "summary": summary_field("Six steps to take before the social media residency."),
            "audience": _choices(taxonomy.audiences, "Who the path is for.", ["physicians"]),
            "steps": {
                "type": "array",
                "description": "The resources in order, each with a note on why it is there.",
                "minItems": 2,
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["resource", "note"],
                    "properties": {
                        "resource": {
                            "type": "string",
                            "description": "A resource's file name in content/resources/ "
                            "without .md.",
                            "pattern": SLUG_PATTERN,
                            "patternErrorMessage": "a resource's file name without .md, such "
                            "as hipaa-and-social-media-basics",
                            "examples": ["hipaa-and-social-media-basics"],
                        },
                        "note": _text(
                            "Why this step, what to look for.",
                            400,
                            ["Read it with your own policy open beside it."],
                        ),
                        "minutes": _minutes("Time for this step, if not the resource's own."),
                    },
                },
            },
        },
    )


def event_schema(taxonomy: Taxonomy) -> dict:
    local_time = {
        "type": "string",
        "pattern": DATETIME_PATTERN,
        "patternErrorMessage": "a local date and time written YYYY-MM-DDTHH:MM, such as "
        "2027-03-18T08:30 (the time zone goes in 'timezone')",
        "examples": ["2027-03-18T08:30"],
    }
    return front_matter_schema(
        "Event",
        "The front matter of content/events/<slug>.md: a course, webinar or meeting, at "
        "/events/<slug>/ and in /events.ics.",
        ["title", "summary", "start", "end", "timezone"],
        {
            "title": title_field("The event's title.", "Social Media Residency 2027"),
            "summary": summary_field("The network's one-day, in-person course."),
            "start": {**local_time, "description": "When it starts, local time at the event."},
            "end": {**local_time, "description": "When it ends, local time at the event."},
            "timezone": {
                "type": "string",
                "description": "The IANA time zone of start and end, such as America/Chicago.",
                "pattern": r"^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*$",
                "patternErrorMessage": "an IANA time zone name such as America/Chicago",
                "examples": ["America/Chicago", "Europe/London"],
            },
            "place": {
                "type": "object",
                "description": "Where it happens in person (give place, online, or both).",
                "additionalProperties": False,
                "required": ["name", "city", "country"],
                "properties": {
                    "name": _text("The venue.", TITLE_MAX, ["Searle Auditorium"]),
                    "address": _text("Street address.", TITLE_MAX, ["400 East Lakeshore Drive"]),
                    "city": _text("City.", 80, ["Chicago"]),
                    "region": {
                        "type": "string",
                        "description": "ISO 3166-2 subdivision code without the country.",
                        "pattern": "^[A-Z0-9]{1,3}$",
                        "patternErrorMessage": "1 to 3 capital letters or digits, such as IL",
                        "examples": ["IL"],
                    },
                    "country": COUNTRY_CODE,
                },
            },
            "online": {**HTTPS_URL, "description": "Where to join online (https only)."},
            "registration": {**HTTPS_URL, "description": "Where to register (https only)."},
            "flagship": {
                "type": "boolean",
                "description": "true for an edition of the network's flagship event (the "
                "residency): the home page features it while its registration is open, and "
                "the flagship page (template: flagship) offers its registration.",
                "examples": [True],
            },
            "prepare": {
                "type": "array",
                "description": "Learning paths to complete before it: their file names in "
                "content/paths/ without .md.",
                "items": {
                    "type": "string",
                    "pattern": SLUG_PATTERN,
                    "patternErrorMessage": "a learning path's file name without .md, such as "
                    "residency-pre-course",
                    "examples": ["residency-pre-course"],
                },
                "uniqueItems": True,
                "examples": [["residency-pre-course"]],
            },
            "hosts": _members("The members hosting it: their file names in members/."),
            "topics": _choices(taxonomy.topics, "What it is about.", ["crisis-communication"]),
            "audience": _choices(taxonomy.audiences, "Who should come.", ["communicators"]),
        },
    )


def news_schema() -> dict:
    return front_matter_schema(
        "News post",
        "The front matter of content/news/<slug>.md, at /news/<slug>/ and in the news feed.",
        ["title", "date", "summary"],
        {
            "title": title_field("The headline.", "Registration opens for the 2027 residency"),
            "date": {**DATE, "description": "Publication date, YYYY-MM-DD."},
            "summary": summary_field("Seats for March's residency in Chicago are open."),
            "members": _members("Members the post is about: their file names in members/."),
        },
    )


# The templates a page may name ("template: home"): a page is never written with another
# kind's template (which would expect other variables) or one the theme does not have.
PAGE_TEMPLATES = {
    "page": "A page of text (the default).",
    "home": "The home page: the network in numbers and what is new in it.",
    "join": "How to join: text, then the links to the repository's join form and the web "
    "editor (from the NETWORK_* settings).",
    "flagship": "The page presenting the network's flagship event (the residency): text, "
    "with the next edition's registration and preparation (events with flagship: true).",
}


def page_schema() -> dict:
    return front_matter_schema(
        "Page",
        "The front matter of content/pages/<slug>.md, at /<slug>/.",
        ["title"],
        {
            "title": title_field("The page's title.", "Join the network"),
            "summary": summary_field("How an organization becomes a member."),
            "template": {
                "type": "string",
                "description": "The page's template in theme/templates/, if not page.html.",
                "enum": list(PAGE_TEMPLATES),
                "enumDescriptions": list(PAGE_TEMPLATES.values()),
                "examples": ["home"],
            },
            "nav": _text(
                "The page's label in the site's main navigation; leave it out to list the "
                "page in the footer only.",
                30,
                ["Residency"],
            ),
            "save_as": {
                "type": "string",
                "description": "Where the page is written in the site, if not <slug>/index.html.",
                "pattern": r"^[a-z0-9/_.-]*$",
                "patternErrorMessage": "a path inside the site such as index.html",
                "examples": ["index.html"],
            },
            "url": {
                "type": "string",
                "description": "The page's address, if not <slug>/ (empty for the home page).",
                "pattern": r"^[a-z0-9/_.-]*$",
                "patternErrorMessage": "a path inside the site, or empty for the home page",
                "examples": [""],
            },
        },
    )


def schema_text(schema: dict) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def generated_schemas(taxonomy: Taxonomy, kinds: tuple | None = None) -> dict[str, str]:
    """File name -> text of every schema file in schema/: one per content kind."""
    if kinds is None:
        from .registry import KINDS as kinds  # the registry names this module's functions
    return {f"{kind.name}.schema.json": schema_text(kind.schema(taxonomy)) for kind in kinds}


def stale_schema_files(
    schema_dir: Path, taxonomy: Taxonomy, kinds: tuple | None = None
) -> list[str]:
    """Names of schema files whose text differs from what taxonomy.yaml generates."""
    stale = []
    for name, text in generated_schemas(taxonomy, kinds).items():
        path = schema_dir / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            stale.append(name)
    return stale


def write_schemas(schema_dir: Path, taxonomy: Taxonomy, kinds: tuple | None = None) -> list[Path]:
    schema_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in generated_schemas(taxonomy, kinds).items():
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
