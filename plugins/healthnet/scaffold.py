"""New files for editors: `invoke new-member` and `invoke new-resource`.

Every field is present, or commented out with a one-line explanation and its allowed values,
taken from the schema and the taxonomy so that the explanation never drifts from the rules.
A new file validates as written; its TODO markers are reported as warnings until they are
replaced.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

from .schema import member_schema, resource_schema
from .social import PLATFORMS
from .taxonomy import Taxonomy, Vocabulary
from .text import slugify

TODO = "TODO"


class ScaffoldRefused(Exception):
    """The name gives no usable slug, or its file exists already."""

    def __init__(self, reason: str, path: Path | None = None):
        super().__init__(reason)
        self.path = path


def _comment(text: str, indent: str = "") -> list[str]:
    width = 92 - len(indent)
    return [f"{indent}# {line}" for line in textwrap.wrap(text, width, break_on_hyphens=False)]


def _allowed(vocabulary: Vocabulary) -> str:
    return "Allowed: " + ", ".join(vocabulary.keys)


def member_text(name: str, taxonomy: Taxonomy, today: dt.date) -> str:
    fields = member_schema(taxonomy)["properties"]
    location = fields["location"]["properties"]

    def about(field: str, *extra: str) -> list[str]:
        return _comment(" ".join([fields[field]["description"], *extra]))

    lines = [
        "# yaml-language-server: $schema=../schema/member.schema.json",
        *_comment(
            "A new member: replace every TODO, uncomment the optional lines you need "
            "(remove the leading '# '), then run `invoke validate`. CONTRIBUTING.md explains "
            "each field; VS Code with the YAML extension explains them on hover."
        ),
        "",
        *about("name"),
        f"name: {_yaml_text(name)}",
        *about("type", _allowed(taxonomy.member_types)),
        f"type: {taxonomy.member_types.keys[0]}  # {TODO}: choose the right type",
        *about("tier", _allowed(taxonomy.tiers)),
        "tier: member",
        *about("joined"),
        f"joined: {today.isoformat()}",
        *about("location"),
        "location:",
        *_comment(location["city"]["description"], "  "),
        "  # city: Rochester",
        *_comment(location["region"]["description"], "  "),
        '  # region: "MN"',
        *_comment(location["country"]["description"], "  "),
        f"  country: US  # {TODO}: check the country",
        *about("website"),
        f"website: https://www.example.org/{TODO}",
        *about("summary"),
        f"summary: {TODO} one plain sentence saying what the organization is and does.",
        *about("description"),
        "# description: |",
        "#   What your social media team does, a campaign you are proud of, what you can",
        "#   teach other members. Markdown: **bold**, lists, [links](https://example.org).",
        *about("logo"),
        f"# logo: logos/{slugify(name)}.svg",
        *about("social"),
        "# social:",
        *[
            f"#   {key}: {PLATFORMS[key].example}  # {PLATFORMS[key].allowed}"
            for key in taxonomy.platforms.keys
        ],
        *about("topics", _allowed(taxonomy.topics)),
        f"# topics: [{taxonomy.topics.keys[0]}]",
        *about("contacts"),
        "# contacts:",
        "#   - role: Social media team",
        "#     email: social@example.org",
        *about("aliases"),
        "# aliases: [Former Name]",
        *about("last_reviewed"),
        f"last_reviewed: {today.isoformat()}",
    ]
    return "\n".join(lines) + "\n"


def resource_text(title: str, taxonomy: Taxonomy, today: dt.date, example_member: str) -> str:
    """content/resources/<slug>.md: front matter with every field, then a body to write."""
    fields = resource_schema(taxonomy)["properties"]
    slug = slugify(title)

    def about(field: str, *extra: str) -> list[str]:
        return _comment(" ".join([fields[field]["description"], *extra]))

    lines = [
        "---",
        "# yaml-language-server: $schema=../../schema/resource.schema.json",
        *_comment(
            "A new resource: replace every TODO, uncomment the optional lines you need "
            "(remove the leading '# '), write the text below the second '---' line, then run "
            "`invoke validate`. CONTRIBUTING.md explains each field."
        ),
        "",
        *about("title"),
        f"title: {_yaml_text(title)}",
        *about("summary"),
        f"summary: {TODO} one plain sentence saying what a reader gets from it.",
        *about("type", _allowed(taxonomy.resource_types)),
        f"type: {taxonomy.resource_types.keys[0]}  # {TODO}: choose the right type",
        *about("topics", _allowed(taxonomy.topics)),
        f"topics: [{taxonomy.topics.keys[0]}]  # {TODO}: choose one or more topics",
        *about("audience", _allowed(taxonomy.audiences)),
        f"# audience: [{taxonomy.audiences.keys[0]}]",
        *about("platforms", _allowed(taxonomy.platforms)),
        f"# platforms: [{taxonomy.platforms.keys[0]}]",
        *about("contributors"),
        f"# contributors: [{example_member}]",
        *about("date"),
        f"date: {today.isoformat()}",
        *about("updated"),
        f"# updated: {today.isoformat()}",
        *about("minutes"),
        "# minutes: 10",
        *about("attachments", "Add the file to content/files/ first."),
        "# attachments:",
        f"#   - file: files/{slug}.pdf",
        "#     title: Checklist (PDF)",
        *about("link"),
        "# link: https://www.example.org/recording",
        "---",
        f"{TODO}: the text of the resource, in Markdown. Start with who it is for and what "
        "they will be able to do afterwards.",
        "",
        f"## {TODO}: the first section",
        "",
        "Use ## headings for sections, - for lists, **bold** for what matters most, and",
        "[links](https://www.example.org) to other sites.",
    ]
    return "\n".join(lines) + "\n"


def _yaml_text(text: str) -> str:
    """Text as a YAML scalar that stays text: quoted, with quotes escaped."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def create(folder: Path, title: str, suffix: str, text: str) -> Path:
    slug = slugify(title)
    if not slug:
        raise ScaffoldRefused(f"'{title}' gives no usable file name; use letters or digits")
    path = folder / f"{slug}{suffix}"
    if path.exists():
        raise ScaffoldRefused("already exists; edit that file instead", path)
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
