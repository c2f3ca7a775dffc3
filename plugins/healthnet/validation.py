"""Checks on member files: the JSON Schema first, then the rules a schema cannot express.

Each check adds diagnostics to a Report with the position of the offending key or value,
says what is wrong and what is allowed, and never stops at the first problem.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from pathlib import Path
from urllib.parse import urlsplit

from jsonschema import Draft7Validator
from jsonschema.exceptions import ValidationError

from . import logos, regions
from .diagnostics import Report
from .schema import DATE_PATTERN, SLUG_PATTERN, subschema_at
from .social import PLATFORMS, suggest_handle
from .text import is_unsafe_character, matches_whole, slugify
from .yamlsource import DataPath, SourceDocument

# These path segments under /members/ belong to the directory's facet pages.
RESERVED_SLUGS = frozenset({"type", "region", "platform", "topic", "tier", "index"})
MULTILINE_FIELDS = frozenset({("description",)})
URL_FIELDS = (("website",), ("social", "blog"), ("social", "podcast"))
DATE_FIELDS = (("joined",), ("last_reviewed",))
REVIEW_INTERVAL = dt.timedelta(days=365)
# Left by `invoke new-member` where an editor still has to write something.
TODO_MARKER = "TODO"
# Cards and search results show about this much of a summary before it gets cut or crowded.
SUMMARY_COMFORTABLE = 160


def field_name(path: DataPath) -> str:
    """("location", "country") -> "location.country"; ("topics", 1) -> "topics[2]"."""
    name = ""
    for step in path:
        name += f"[{step + 1}]" if isinstance(step, int) else f"{'.' if name else ''}{step}"
    return name or "the file"


def _closest(value: object, allowed: list[str]) -> str:
    matches = difflib.get_close_matches(str(value), allowed, n=1, cutoff=0.6)
    return f" (did you mean '{matches[0]}'?)" if matches else ""


def _allowed_list(allowed: list[str]) -> str:
    return ", ".join(allowed)


class MemberChecker:
    """Validates member documents against the schema and the network's rules."""

    def __init__(self, schema: dict, members_dir: Path, today: dt.date):
        self.schema = schema
        self.validator = Draft7Validator(schema)
        self.members_dir = members_dir
        self.today = today

    def check(self, document: SourceDocument, report: Report) -> None:
        self.check_slug(document, report)
        data = document.data
        if not isinstance(data, dict):
            what = "empty" if data is None else "not a mapping of fields"
            report.error(
                document.path,
                document.position(()),
                f"the file is {what}; a member needs at least: name, type, joined, "
                "location, website, summary",
            )
            return
        self.check_schema(document, report)
        self.check_characters(document, data, (), report)
        self.check_yaml_dates(document, report)
        self.check_dates(document, report)
        self.check_urls(document, report)
        self.check_location(document, report)
        self.check_logo(document, report)
        self.check_summary_length(document, report)

    # -- the file name ---------------------------------------------------------------

    def check_slug(self, document: SourceDocument, report: Report) -> None:
        slug = document.path.stem
        if not matches_whole(SLUG_PATTERN, slug):
            report.error(
                document.path,
                (1, 1),
                f"file name '{document.path.name}' is not a valid slug; use lowercase "
                f"letters, digits and single hyphens, such as '{slugify(slug)}.yaml'",
            )
        elif slug in RESERVED_SLUGS:
            report.error(
                document.path,
                (1, 1),
                f"file name '{slug}' is reserved for the directory's pages "
                f"({', '.join(sorted(RESERVED_SLUGS))}); choose another name",
            )

    # -- the schema ------------------------------------------------------------------

    def check_schema(self, document: SourceDocument, report: Report) -> None:
        reported = set()
        for error in self.validator.iter_errors(document.data):
            for position, message in self.describe(error, document):
                # One "required" error comes per missing field, each naming them all.
                if (position, message) not in reported:
                    reported.add((position, message))
                    report.error(document.path, position, message)

    def describe(self, error: ValidationError, document: SourceDocument):
        """Turn a schema error into (position, message) pairs an editor can act on."""
        path = tuple(error.absolute_path)
        name = field_name(path)
        kind = error.validator
        value = error.instance
        if kind == "required":
            for required in error.validator_value:
                if required not in value:
                    about = error.schema["properties"][required].get("description", "")
                    yield (
                        document.position(path),
                        (f"missing required field '{field_name((*path, required))}': {about}"),
                    )
        elif kind == "additionalProperties":
            allowed = list(error.schema.get("properties", {}))
            for key in value:
                if key not in allowed:
                    yield (
                        document.key_position((*path, key)),
                        (
                            f"unknown field '{field_name((*path, key))}'{_closest(key, allowed)}; "
                            f"allowed here: {_allowed_list(allowed)}"
                        ),
                    )
        elif kind == "type":
            yield document.position(path), self.describe_type(error, document, path)
        elif kind == "enum" and value is None:
            return  # the type error already says the value is empty
        elif kind == "enum":
            allowed = error.validator_value
            yield (
                document.position(path),
                (
                    f"'{name}' is '{value}', which is not allowed{_closest(value, allowed)}; "
                    f"allowed: {_allowed_list(allowed)}"
                ),
            )
        elif kind == "pattern":
            yield document.position(path), self.describe_pattern(error, path, name)
        elif kind == "maxLength":
            yield (
                document.position(path),
                (
                    f"'{name}' is {len(value)} characters long; "
                    f"at most {error.validator_value} are allowed"
                ),
            )
        elif kind in ("minLength", "minItems"):
            yield document.position(path), f"'{name}' is empty; give a value or remove it"
        elif kind == "uniqueItems":
            yield document.position(path), f"'{name}' lists the same value twice"
        else:
            yield document.position(path), f"'{name}': {error.message}"

    def describe_type(self, error: ValidationError, document, path: DataPath) -> str:
        name = field_name(path)
        expected = {
            "string": "text",
            "array": "a list",
            "object": "a mapping of fields",
        }.get(error.validator_value, error.validator_value)
        implicit = document.implicit_types.get(path)
        raw = document.raw_scalars.get(path)
        if error.instance is None:
            return f"'{name}' is empty; it must be {expected}"
        if expected == "text" and raw is not None:
            return (
                f"'{name}' must be text, but YAML reads {raw} as a {implicit}; quote it: \"{raw}\""
            )
        found = {
            bool: "yes/no",
            int: "a number",
            float: "a number",
            str: "text",
            list: "a list",
            dict: "a mapping",
        }.get(type(error.instance), type(error.instance).__name__)
        return f"'{name}' must be {expected}, not {found}"

    def describe_pattern(self, error: ValidationError, path: DataPath, name: str) -> str:
        value = error.instance
        allowed = error.schema.get("patternErrorMessage", f"text matching {error.validator_value}")
        suggestion = ""
        if path[:1] == ("social",) and len(path) == 2 and path[1] in PLATFORMS:
            handle = suggest_handle(PLATFORMS[path[1]], value)
            suggestion = f" (did you mean '{handle}'?)" if handle else ""
        return f"'{name}' is '{value}'{suggestion}; allowed: {allowed}"

    # -- rules beyond the schema ------------------------------------------------------

    def check_characters(self, document, value, path: DataPath, report: Report) -> None:
        """No control or invisible characters (bidi overrides can disguise names), and
        no TODO left from the scaffold."""
        if isinstance(value, dict):
            for key, item in value.items():
                self.check_characters(document, item, (*path, key), report)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                self.check_characters(document, item, (*path, index), report)
        elif isinstance(value, str):
            allow_newlines = path in MULTILINE_FIELDS
            if TODO_MARKER in value:
                report.warning(
                    document.path,
                    document.position(path),
                    f"'{field_name(path)}' still contains {TODO_MARKER}; replace it before "
                    "the pull request is merged",
                )
            for char in value:
                if is_unsafe_character(char, allow_newlines):
                    kind = "a line break" if char in "\n\r" else f"the character U+{ord(char):04X}"
                    report.error(
                        document.path,
                        document.position(path),
                        f"'{field_name(path)}' contains {kind}; "
                        "only printable characters on one line are allowed",
                    )
                    break

    def check_yaml_dates(self, document: SourceDocument, report: Report) -> None:
        """Unquoted text that YAML took for a date (the schema sees only the string)."""
        for path, implicit in document.implicit_types.items():
            if implicit != "date":
                continue
            subschema = subschema_at(self.schema, path) or {}
            if subschema.get("type") == "string" and subschema.get("pattern") != DATE_PATTERN:
                raw = document.raw_scalars[path]
                report.error(
                    document.path,
                    document.position(path),
                    f"'{field_name(path)}' must be text, but YAML reads {raw} as a date; "
                    f'quote it: "{raw}"',
                )

    def check_dates(self, document: SourceDocument, report: Report) -> None:
        data = document.data
        for path in DATE_FIELDS:
            text = data.get(path[0])
            if not isinstance(text, str) or not matches_whole(DATE_PATTERN, text):
                continue  # missing or misshapen: the schema said so
            position = document.position(path)
            try:
                date = dt.date.fromisoformat(text)
            except ValueError:
                report.error(
                    document.path,
                    position,
                    f"'{path[0]}' is {text}, which is not a real date; write YYYY-MM-DD",
                )
                continue
            if date > self.today:
                report.warning(
                    document.path, position, f"'{path[0]}' is {text}, a date in the future"
                )
            elif path == ("last_reviewed",) and self.today - date > REVIEW_INTERVAL:
                report.warning(
                    document.path,
                    position,
                    f"'last_reviewed' is {text}, more than 12 months ago; check the "
                    "profile is still right and update the date",
                )

    def check_urls(self, document: SourceDocument, report: Report) -> None:
        for path in URL_FIELDS:
            value = _get(document.data, path)
            if isinstance(value, str) and value.startswith("https://"):
                problem = url_problem(value)
                if problem:
                    report.error(
                        document.path,
                        document.position(path),
                        f"'{field_name(path)}' {problem}; "
                        "allowed: an https:// address such as https://www.example.org",
                    )

    def check_location(self, document: SourceDocument, report: Report) -> None:
        location = document.data.get("location")
        if not isinstance(location, dict):
            return
        country, region = location.get("country"), location.get("region")
        if not isinstance(country, str) or not re.fullmatch("[A-Z]{2}", country):
            return
        if regions.country_name(country) is None:
            report.error(
                document.path,
                document.position(("location", "country")),
                f"'location.country' is '{country}', which is not an ISO 3166-1 country "
                "code; allowed: two capital letters such as US, CA, GB, AU",
            )
        elif isinstance(region, str) and regions.subdivision_name(country, region) is None:
            examples = ", ".join(regions.subdivision_examples(country)) or "none exist"
            report.error(
                document.path,
                document.position(("location", "region")),
                f"'location.region' is '{region}', which is not a subdivision of "
                f"{country}; allowed: an ISO 3166-2 code without the country, "
                f"such as {examples}",
            )

    def check_logo(self, document: SourceDocument, report: Report) -> None:
        if "logo" not in document.data:
            report.warning(
                document.path,
                (1, 1),
                "no logo: the directory shows the organization's initials instead; add an "
                f"SVG, PNG or WebP file to members/logos/ and a line 'logo: logos/"
                f"{document.path.stem}.svg'",
            )
            return
        logo = document.data.get("logo")
        if not isinstance(logo, str) or not logo.startswith("logos/"):
            return
        problem = logos.logo_problem(self.members_dir, logo)
        if problem:
            report.error(document.path, document.position(("logo",)), f"'logo' {problem}")

    def check_summary_length(self, document: SourceDocument, report: Report) -> None:
        summary = document.data.get("summary")
        maximum = self.schema["properties"]["summary"]["maxLength"]
        if isinstance(summary, str) and SUMMARY_COMFORTABLE < len(summary) <= maximum:
            report.warning(
                document.path,
                document.position(("summary",)),
                f"'summary' is {len(summary)} characters long; cards read best under "
                f"{SUMMARY_COMFORTABLE}",
            )


def url_problem(url: str) -> str | None:
    """Why an https URL is not acceptable as a link, or None."""
    if any(c.isspace() or is_unsafe_character(c) for c in url):
        return "contains spaces or control characters"
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return "is not a valid address"
    host = parts.hostname or ""
    if parts.username or parts.password:
        return "must not contain a user name or password"
    if not re.fullmatch(r"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z][a-z0-9-]*[a-z0-9]", host):
        return f"has no valid host name ('{host}')"
    if port not in (None, 443):
        return "must not name a port"
    return None


def _get(data: dict, path: DataPath):
    for step in path:
        if not isinstance(data, dict):
            return None
        data = data.get(step)
    return data
