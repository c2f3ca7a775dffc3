"""Checks of one file on its own: the JSON Schema first, then the rules a schema cannot express.

``DocumentChecker`` holds what every kind of file shares (the schema's errors in an editor's
words, safe characters, real dates, acceptable URLs, scaffold markers left in); one subclass
per kind adds its own rules in ``check_rules``. Checks that look at other files (references,
unique names, logos and attachments on disk) live in crosschecks.py and the kinds' own
``check_files``, so that this part can be cached by the file's content. Each check adds
diagnostics with the position of the offending key or value, says what is wrong and what is
allowed, and never stops at the first problem.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterator
from functools import cache

import fastjsonschema
from jsonschema import Draft7Validator

from . import markup, regions, urls
from .diagnostics import Report
from .schema import DATE_PATTERN, DATETIME_PATTERN, HTTPS_URL, NOT_BLANK, SLUG_PATTERN, subschema_at
from .schema_errors import describe, field_name
from .text import (
    TEXT_ALLOWED,
    UNSAFE_IN_TEXT,
    character_kind,
    first_unsafe_character,
    matches_whole,
    slugify,
)
from .yamlsource import DataPath, SourceDocument, report_characters

# Left by `invoke new-member` where an editor still has to write something.
TODO_MARKER = "TODO"
# Cards and search results show about this much of a summary before it gets cut or crowded.
SUMMARY_COMFORTABLE = 160


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


@cache
def _compiled(schema_text: str):
    """A fast yes/no validator of a schema (the slow one explains, when it says no)."""
    return fastjsonschema.compile(json.loads(schema_text))


class DocumentChecker:
    """The checks every kind of document shares; subclasses add ``check_rules``."""

    kind = "file"  # how messages name one document: "a member", "a resource"
    file_suffix = ".yaml"
    # File names that would collide with the section's own pages, and what uses them.
    reserved_slugs: frozenset[str] = frozenset()
    reserved_for = ""
    # Dates that record something that happened: a future one is probably a typo.
    past_dates: tuple[DataPath, ...] = ()
    # How the kind's Markdown is rendered (markup.py): contributed text, or the site's own
    # pages and news, which may link and show images inside the site.
    trust: markup.Trust = markup.CONTRIBUTED

    def __init__(self, schema: dict, today: dt.date, project=None):
        self.schema = schema
        self.today = today
        self.project = project
        schema_text = json.dumps(schema, sort_keys=True)
        self.is_valid = _compiled(schema_text)
        self.validator = Draft7Validator(schema)
        # What a file's own checks depend on besides its bytes: a cached result stays
        # valid while it is the same. Not the day: rules about it are in check_day.
        self.context = (hashlib.blake2b(schema_text.encode()).hexdigest(),)
        self._patterns: dict[DataPath, str | None] = {}

    def check_source(self, source, report: Report) -> None:
        """A loaded file (frontmatter.MarkdownSource): its fields, then its text."""
        self.check(source.document, report)
        if self.file_suffix == ".md":
            self.check_text(source, report)

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
        self.check_rules(document, report)

    def check_rules(self, document: SourceDocument, report: Report) -> None:
        """The rules of one kind of document, beyond the schema."""

    def check_day(self, document: SourceDocument, report: Report) -> None:
        """Rules about the build day: checked on every build, so that what ``check`` found
        can be kept from one day to the next."""
        self.check_past_dates(document, report)

    def check_files(self, document: SourceDocument, report: Report) -> None:
        """Rules about other files on disk (logos, attachments): checked on every build."""

    def files_checked(self) -> None:
        """After check_files has seen every document of the kind."""

    def check_text(self, source, report: Report) -> None:
        """The Markdown text after the front matter: the text rule, the URL rule for its
        links and images, and scaffold markers left in."""
        body, path = source.body, source.document.path
        report_characters(path, body, report, UNSAFE_IN_TEXT, "the text", (source.body_line, 1))
        for index, message in self.markdown_problems(body):
            report.error(path, _position_in(body, index, source.body_line), message)
        if TODO_MARKER not in body:
            return
        for number, line in enumerate(body.split("\n"), start=source.body_line):
            if TODO_MARKER in line:
                report.warning(
                    path,
                    (number, line.index(TODO_MARKER) + 1),
                    f"the text still contains {TODO_MARKER}; replace it before the pull "
                    "request is merged",
                    rule="todo-left",
                )
                return

    def markdown_problems(self, text: str, field: str = "") -> list[tuple[int | None, str]]:
        """(index in ``text`` or None, message) for what the rendered page could not carry
        as written: character references to characters the text rule refuses, and links
        and images against the URL rule (urls.py). ``field``: the Markdown field's name,
        for a text in the front matter rather than after it."""
        subject, prefix = (f"'{field}'", f"'{field}': ") if field else ("the text", "")
        problems = [
            (index, f"{subject} contains '{reference}', {character_kind(char)}; {TEXT_ALLOWED}")
            for index, reference, char in markup.unsafe_references(text, self.trust)
        ]
        findings = markup.audit(text, self.trust)
        for finding, index in zip(findings, markup.locate(text, findings), strict=True):
            what = "image" if finding.tag == "img" else "link"
            problems.append(
                (
                    index,
                    f"{prefix}the {what} '{urls.shown(finding.address)}' {finding.problem}; "
                    f"allowed: {finding.allowed}",
                )
            )
        return problems

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
        try:
            self.is_valid(document.data)
            return  # the usual case, at a fraction of the cost of explaining
        except fastjsonschema.JsonSchemaException:
            pass
        reported = set()
        for error in self.validator.iter_errors(document.data):
            for position, message in describe(error, document):
                # One "required" error comes per missing field, each naming them all.
                if (position, message) not in reported:
                    reported.add((position, message))
                    report.error(document.path, position, message)

    # -- every value -----------------------------------------------------------------

    def pattern_at(self, path: DataPath) -> str | None:
        """The schema's pattern for the value at ``path`` (list indexes count as one)."""
        key = tuple(0 if isinstance(step, int) else step for step in path)
        if key not in self._patterns:
            self._patterns[key] = (subschema_at(self.schema, key) or {}).get("pattern")
        return self._patterns[key]

    def check_values(self, document: SourceDocument, report: Report) -> None:
        """Characters, scaffold markers, dates and URLs, wherever the schema puts them."""
        for path, value in leaves(document.data):
            if not isinstance(value, str):
                continue
            pattern = self.pattern_at(path)
            # Multi-line text is Markdown (a member's description): rendered on a page.
            multiline = pattern == NOT_BLANK
            if not self.check_characters(document, path, value, multiline, report):
                continue
            if multiline:
                self.check_markdown_field(document, path, value, report)
            elif pattern == DATE_PATTERN and matches_whole(DATE_PATTERN, value):
                self.check_real_date(document, path, value, report)
            elif pattern == HTTPS_URL["pattern"] and value.startswith("https://"):
                problem = urls.problem(value, urls.FIELD)
                if problem:
                    report.error(
                        document.path,
                        document.position(path),
                        f"'{field_name(path)}' {problem}; allowed: {urls.FIELD.allowed}",
                    )

    def check_markdown_field(self, document, path: DataPath, value: str, report: Report):
        """A Markdown field is held to the rules of a Markdown text, at the field."""
        for _, message in self.markdown_problems(value, field_name(path)):
            report.error(document.path, document.position(path), message)

    def check_characters(
        self, document, path: DataPath, value: str, multiline: bool, report: Report
    ) -> bool:
        """No control or invisible characters (bidi overrides can disguise names), and
        no TODO left from the scaffold; False when a character is refused."""
        if TODO_MARKER in value:
            report.warning(
                document.path,
                document.position(path),
                f"'{field_name(path)}' still contains {TODO_MARKER}; replace it before "
                "the pull request is merged",
                rule="todo-left",
            )
        char = first_unsafe_character(value, allow_newlines=multiline)
        if char is None:
            return True
        kind = "a line break" if char in "\n\r" else f"the character U+{ord(char):04X}"
        allowed = (
            "only printable characters, tabs and line breaks are allowed"
            if multiline
            else "only printable characters on one line are allowed"
        )
        report.error(
            document.path,
            document.position(path),
            f"'{field_name(path)}' contains {kind}; {allowed}",
        )
        return False

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
            date = date_at(document, path)
            if date and date > self.today:
                report.warning(
                    document.path,
                    document.position(path),
                    f"'{field_name(path)}' is {date.isoformat()}, a date in the future",
                    rule="future-date",
                )

    # -- shared rules --------------------------------------------------------------------

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
                rule="long-summary",
            )


def date_at(document: SourceDocument, path: DataPath) -> dt.date | None:
    text = value_at(document.data, path)
    return parse_date(text) if isinstance(text, str) else None


def parse_date(text: str) -> dt.date | None:
    """The date written YYYY-MM-DD, or None when it is misshapen or no real date."""
    if not matches_whole(DATE_PATTERN, text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def url_problem(url: str) -> str | None:
    """Why an https URL is not acceptable as a field's address, or None (urls.py's rule)."""
    return urls.problem(url, urls.FIELD)


def _position_in(text: str, index: int | None, first_line: int) -> tuple[int, int]:
    """The line and column of ``text[index]`` in a file where ``text`` starts on line
    ``first_line``, column 1; the text's first line when ``index`` is None."""
    if index is None:
        return first_line, 1
    return first_line + text.count("\n", 0, index), index - text.rfind("\n", 0, index)


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
