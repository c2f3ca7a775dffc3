"""Events: content/events/<slug>.md files checked, turned into Events, and the calendar."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from pathlib import Path

import icalendar

from . import regions
from .diagnostics import Report
from .frontmatter import MarkdownSource, load_checked
from .markup import render_markdown
from .model import Event, Member, Place
from .resources import MEMBER_SLUG_ALLOWED
from .schema import DATETIME_PATTERN
from .taxonomy import Taxonomy
from .text import matches_whole
from .validation import DocumentChecker
from .yamlsource import SourceDocument


def parse_local_time(text: str) -> dt.datetime | None:
    """2027-03-18T08:30 as a naive datetime; None when misshapen or not a real time."""
    if not matches_whole(DATETIME_PATTERN, text):
        return None
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        return None


def time_zone(name: str) -> zoneinfo.ZoneInfo | None:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


class EventChecker(DocumentChecker):
    kind = "an event"
    file_suffix = ".md"
    reserved_slugs = frozenset({"index"})
    reserved_for = "the list of events"

    def __init__(self, schema: dict, today: dt.date, member_slugs: set[str]):
        super().__init__(schema, today)
        self.member_slugs = member_slugs

    def check_rules(self, document: SourceDocument, report: Report) -> None:
        self.check_times(document, report)
        self.check_where(document, report)
        self.check_location(document, ("place",), report)
        self.check_references(
            document, ("hosts",), self.member_slugs, "a member", MEMBER_SLUG_ALLOWED, report
        )
        self.check_summary_length(document, report)

    def local_time(self, document: SourceDocument, field: str, report: Report):
        text = document.data.get(field)
        if not isinstance(text, str) or not matches_whole(DATETIME_PATTERN, text):
            return None  # missing or misshapen: the schema said so
        moment = parse_local_time(text)
        if moment is None:
            report.error(
                document.path,
                document.position((field,)),
                f"'{field}' is {text}, which is not a real date and time; "
                "write YYYY-MM-DDTHH:MM with hours 00-23",
            )
        return moment

    def check_times(self, document: SourceDocument, report: Report) -> None:
        start = self.local_time(document, "start", report)
        end = self.local_time(document, "end", report)
        if start and end and end <= start:
            report.error(
                document.path,
                document.position(("end",)),
                f"'end' is {document.data['end']}, not after 'start' ({document.data['start']}); "
                "allowed: a time after the start",
            )
        zone = document.data.get("timezone")
        if isinstance(zone, str) and zone and time_zone(zone) is None:
            report.error(
                document.path,
                document.position(("timezone",)),
                f"'timezone' is '{zone}', which is not a known time zone; allowed: an IANA "
                "name such as America/New_York, America/Chicago, America/Denver, "
                "America/Los_Angeles, Europe/London",
            )

    def check_where(self, document: SourceDocument, report: Report) -> None:
        if "place" not in document.data and "online" not in document.data:
            report.error(
                document.path,
                (1, 1),
                "an event needs 'place' (where it happens in person) or 'online' (an "
                "https:// link to join), or both",
            )


def load_events(
    folder: Path,
    taxonomy: Taxonomy,
    checker: EventChecker,
    members: dict[str, Member],
    report: Report,
) -> list[Event]:
    """Every valid event, in the order they start."""
    events = load_checked(
        folder, "event", checker, report, lambda source: build_event(source, taxonomy, members)
    )
    return sorted(events, key=lambda e: (e.start.astimezone(dt.UTC), e.slug))


def build_event(source: MarkdownSource, taxonomy: Taxonomy, members: dict[str, Member]) -> Event:
    data = source.document.data
    zone = time_zone(data["timezone"])
    place = data.get("place")
    return Event(
        slug=source.document.path.stem,
        title=data["title"].strip(),
        summary=data["summary"].strip(),
        start=parse_local_time(data["start"]).replace(tzinfo=zone),
        end=parse_local_time(data["end"]).replace(tzinfo=zone),
        timezone=data["timezone"],
        source=source.document.path,
        place=Place(
            name=place["name"].strip(),
            city=place["city"].strip(),
            country=place["country"],
            country_name=regions.country_name(place["country"]),
            address=place.get("address"),
            region=place.get("region"),
        )
        if place
        else None,
        online=data.get("online"),
        registration=data.get("registration"),
        hosts=tuple(members[s] for s in data.get("hosts", []) if s in members),
        topics=tuple(taxonomy.topics.terms[key] for key in data.get("topics", [])),
        audience=tuple(taxonomy.audiences.terms[key] for key in data.get("audience", [])),
        body_html=render_markdown(source.body, first_heading=2),
    )


def calendar(events: list[Event], site_url: str, uid_domain: str, name: str) -> bytes:
    """An iCalendar file with one VEVENT per event.

    UIDs come from the slug, so a calendar that subscribed keeps each event across
    rebuilds. DTSTAMP must be present; it is derived from the event itself (not the
    build time) so that the same input gives the same file.
    """
    cal = icalendar.Calendar()
    cal.add("prodid", f"-//{name}//events//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    for event in events:
        vevent = icalendar.Event()
        vevent.add("uid", f"{event.slug}@{uid_domain}")
        vevent.add("dtstamp", event.start.astimezone(dt.UTC))
        vevent.add("dtstart", event.start.astimezone(dt.UTC))
        vevent.add("dtend", event.end.astimezone(dt.UTC))
        vevent.add("summary", event.title)
        vevent.add("description", event.summary)
        vevent.add("location", event.place.label if event.place else event.online)
        vevent.add("url", f"{site_url}/{event.url}")
        cal.add_component(vevent)
    return cal.to_ical()
