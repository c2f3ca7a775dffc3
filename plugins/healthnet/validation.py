"""Checks on YAML documents: the JSON Schema first, then the rules a schema cannot express.

``DocumentChecker`` holds what every kind of file shares (the schema's errors in an editor's
words, safe characters, real dates, acceptable URLs, references to other files); one
subclass per kind adds its own rules. Each check adds diagnostics to a Report with the
position of the offending key or value, says what is wrong and what is allowed, and never
stops at the first problem.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from jsonschema import Draft7Validator
from jsonschema.exceptions import ValidationError

from . import logos, regions
from .diagnostics import Report
from .schema import DATE_PATTERN, DATETIME_PATTERN, HTTPS_URL, NOT_BLANK, SLUG_PATTERN, subschema_at
from .social import PLATFORMS, suggest_handle
from .text import is_unsafe_character, matches_whole, slugify
from .yamlsource import DataPath, SourceDocument

# These path segments under /members/ belong to the directory's facet pages.
RESERVED_SLUGS = frozenset({"type", "region", "platform", "topic", "tier", "index"})
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


# Old names people still type for a key that changed.
KNOWN_ALIASES = {"twitter": "x", "fb": "facebook", "ig": "instagram"}


def _closest(value: object, allowed: list[str]) -> str:
    text = str(value)
    matches = difflib.get_close_matches(text, allowed, n=1, cutoff=0.6)
    # "crisis" for "crisis-communication": the start of a longer key.
    matches = matches or [key for key in allowed if key.startswith(f"{text}-")][:1]
    if not matches and KNOWN_ALIASES.get(text.lower()) in allowed:
        matches = [KNOWN_ALIASES[text.lower()]]
    return f" (did you mean '{matches[0]}'?)" if matches else ""


def _allowed_list(allowed: list[str]) -> str:
    return ", ".join(allowed)


def leaves(value, path: DataPath = ()) -> Iterator[tuple[DataPath, object]]:
    """Every scalar of a document with its path, in document order."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from leaves(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from leaves(item, (*path, index))
    else:
        yield path, value


class DocumentChecker:
    """The checks every kind of document shares; subclasses add ``check_rules``."""

    kind = "file"  # how messages name one document: "a member", "a resource"
    file_suffix = ".yaml"
    # File names that would collide with the section's own pages, and what uses them.
    reserved_slugs: frozenset[str] = frozenset()
    reserved_for = ""
    # Dates that record something that happened: a future one is probably a typo.
    past_dates: tuple[DataPath, ...] = ()

    def __init__(self, schema: dict, today: dt.date):
        self.schema = schema
        self.validator = Draft7Validator(schema)
        self.today = today

    def check(self, document: SourceDocument, report: Report) -> None:
        self.check_slug(document, report)
        data = document.data
        if not isinstance(data, dict):
            what = "empty" if data is None else "not a mapping of fields"
            report.error(
                document.path,
                document.position(()),
                f"the {'front matter' if self.file_suffix == '.md' else 'file'} is {what}; "
                f"{self.kind} needs at least: {', '.join(self.schema['required'])}",
            )
            return
        self.check_schema(document, report)
        self.check_values(document, report)
        self.check_yaml_dates(document, report)
        self.check_past_dates(document, report)
        self.check_rules(document, report)

    def check_rules(self, document: SourceDocument, report: Report) -> None:
        """The rules of one kind of document, beyond the schema."""

    def check_markdown(self, source, report: Report) -> None:
        """A Markdown file (frontmatter.MarkdownSource): its fields, then its text."""
        self.check(source.document, report)
        for number, line in enumerate(source.body.split("\n"), start=source.body_line):
            if TODO_MARKER in line:
                report.warning(
                    source.document.path,
                    (number, line.index(TODO_MARKER) + 1),
                    f"the text still contains {TODO_MARKER}; replace it before the pull "
                    "request is merged",
                )
                return

    # -- the file name ---------------------------------------------------------------

    def check_slug(self, document: SourceDocument, report: Report) -> None:
        slug = document.path.stem
        if not matches_whole(SLUG_PATTERN, slug):
            report.error(
                document.path,
                (1, 1),
                f"file name '{document.path.name}' is not a valid slug; use lowercase "
                f"letters, digits and single hyphens, such as '{slugify(slug)}{self.file_suffix}'",
            )
        elif slug in self.reserved_slugs:
            report.error(
                document.path,
                (1, 1),
                f"file name '{slug}' is reserved for {self.reserved_for} "
                f"({', '.join(sorted(self.reserved_slugs))}); choose another name",
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
        elif kind == "minItems" and error.validator_value > 1:
            yield (
                document.position(path),
                f"'{name}' lists {len(value)}; at least {error.validator_value} are needed",
            )
        elif kind in ("minLength", "minItems"):
            yield document.position(path), f"'{name}' is empty; give a value or remove it"
        elif kind in ("minimum", "maximum"):
            low, high = error.schema.get("minimum"), error.schema.get("maximum")
            yield (
                document.position(path),
                f"'{name}' is {value}; allowed: a whole number from {low} to {high}",
            )
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
            "integer": "a whole number",
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

    # -- every value -----------------------------------------------------------------

    def check_values(self, document: SourceDocument, report: Report) -> None:
        """Characters, scaffold markers, dates and URLs, wherever the schema puts them."""
        for path, value in leaves(document.data):
            if not isinstance(value, str):
                continue
            pattern = (subschema_at(self.schema, path) or {}).get("pattern")
            self.check_characters(document, path, value, pattern == NOT_BLANK, report)
            if pattern == DATE_PATTERN and matches_whole(DATE_PATTERN, value):
                self.check_real_date(document, path, value, report)
            elif pattern == HTTPS_URL["pattern"] and value.startswith("https://"):
                problem = url_problem(value)
                if problem:
                    report.error(
                        document.path,
                        document.position(path),
                        f"'{field_name(path)}' {problem}; "
                        "allowed: an https:// address such as https://www.example.org",
                    )

    def check_characters(
        self, document, path: DataPath, value: str, multiline: bool, report: Report
    ) -> None:
        """No control or invisible characters (bidi overrides can disguise names), and
        no TODO left from the scaffold."""
        if TODO_MARKER in value:
            report.warning(
                document.path,
                document.position(path),
                f"'{field_name(path)}' still contains {TODO_MARKER}; replace it before "
                "the pull request is merged",
            )
        for char in value:
            if is_unsafe_character(char, allow_newlines=multiline):
                kind = "a line break" if char in "\n\r" else f"the character U+{ord(char):04X}"
                report.error(
                    document.path,
                    document.position(path),
                    f"'{field_name(path)}' contains {kind}; "
                    "only printable characters on one line are allowed",
                )
                break

    def check_real_date(self, document, path: DataPath, text: str, report: Report) -> None:
        if parse_date(text) is None:
            report.error(
                document.path,
                document.position(path),
                f"'{field_name(path)}' is {text}, which is not a real date; write YYYY-MM-DD",
            )

    def check_yaml_dates(self, document: SourceDocument, report: Report) -> None:
        """Unquoted text that YAML took for a date (the schema sees only the string)."""
        for path, implicit in document.implicit_types.items():
            if implicit != "date":
                continue
            subschema = subschema_at(self.schema, path) or {}
            # Dates and date-times keep their text; elsewhere YAML's reading may differ.
            if subschema.get("type") == "string" and subschema.get("pattern") not in (
                DATE_PATTERN,
                DATETIME_PATTERN,
            ):
                raw = document.raw_scalars[path]
                report.error(
                    document.path,
                    document.position(path),
                    f"'{field_name(path)}' must be text, but YAML reads {raw} as a date; "
                    f'quote it: "{raw}"',
                )

    def check_past_dates(self, document: SourceDocument, report: Report) -> None:
        for path in self.past_dates:
            date = self.date_at(document, path)
            if date and date > self.today:
                report.warning(
                    document.path,
                    document.position(path),
                    f"'{field_name(path)}' is {date.isoformat()}, a date in the future",
                )

    @staticmethod
    def date_at(document: SourceDocument, path: DataPath) -> dt.date | None:
        text = value_at(document.data, path)
        return parse_date(text) if isinstance(text, str) else None

    # -- shared rules --------------------------------------------------------------------

    def check_references(
        self,
        document: SourceDocument,
        path: DataPath,
        known: set[str],
        what: str,
        allowed: str,
        report: Report,
        key: str | None = None,
    ) -> None:
        """Every slug listed at ``path`` (or under ``key`` in each item) must be ``known``."""
        listed = value_at(document.data, path)
        if not isinstance(listed, list):
            return
        for index in range(len(listed)):
            where = (*path, index, key) if key else (*path, index)
            slug = value_at(document.data, where)
            if isinstance(slug, str) and matches_whole(SLUG_PATTERN, slug) and slug not in known:
                report.error(
                    document.path,
                    document.position(where),
                    f"'{field_name(where)}' is '{slug}', which is not {what}"
                    f"{_closest(slug, sorted(known))}; allowed: {allowed}",
                )

    def check_location(self, document: SourceDocument, path: DataPath, report: Report) -> None:
        """Country and subdivision codes that ISO 3166 knows."""
        location = value_at(document.data, path)
        if not isinstance(location, dict):
            return
        country, region = location.get("country"), location.get("region")
        if not isinstance(country, str) or not re.fullmatch("[A-Z]{2}", country):
            return
        if regions.country_name(country) is None:
            report.error(
                document.path,
                document.position((*path, "country")),
                f"'{field_name((*path, 'country'))}' is '{country}', which is not an ISO "
                "3166-1 country code; allowed: two capital letters such as US, CA, GB, AU",
            )
        elif isinstance(region, str) and regions.subdivision_name(country, region) is None:
            examples = ", ".join(regions.subdivision_examples(country)) or "none exist"
            report.error(
                document.path,
                document.position((*path, "region")),
                f"'{field_name((*path, 'region'))}' is '{region}', which is not a subdivision "
                f"of {country}; allowed: an ISO 3166-2 code without the country, "
                f"such as {examples}",
            )

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


class MemberChecker(DocumentChecker):
    """members/<slug>.yaml files."""

    kind = "a member"
    reserved_slugs = RESERVED_SLUGS
    reserved_for = "the directory's pages"
    past_dates = (("joined",), ("last_reviewed",))

    def __init__(self, schema: dict, members_dir: Path, today: dt.date):
        super().__init__(schema, today)
        self.members_dir = members_dir

    def check_rules(self, document: SourceDocument, report: Report) -> None:
        self.check_review_date(document, report)
        self.check_location(document, ("location",), report)
        self.check_logo(document, report)
        self.check_summary_length(document, report)

    def check_review_date(self, document: SourceDocument, report: Report) -> None:
        reviewed = self.date_at(document, ("last_reviewed",))
        if reviewed and self.today - reviewed > REVIEW_INTERVAL:
            report.warning(
                document.path,
                document.position(("last_reviewed",)),
                f"'last_reviewed' is {reviewed.isoformat()}, more than 12 months ago; check "
                "the profile is still right and update the date",
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


def parse_date(text: str) -> dt.date | None:
    """The date written YYYY-MM-DD, or None when it is misshapen or no real date."""
    if not matches_whole(DATE_PATTERN, text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


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


def value_at(data, path: DataPath):
    """The value at ``path``, or None where the document has none."""
    for step in path:
        if isinstance(data, dict) and isinstance(step, str):
            data = data.get(step)
        elif isinstance(data, list) and isinstance(step, int) and step < len(data):
            data = data[step]
        else:
            return None
    return data
