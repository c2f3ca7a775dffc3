"""The event kind: content/events/<slug>.md, at /events/<slug>/; and the calendar."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import icalendar

from . import regions, search, structured
from .diagnostics import Report
from .facets import facet_links
from .frontmatter import MarkdownSource
from .kinds import Export, Form, Kind, Listing, Reference, Resolver
from .model import Event, Place
from .schema import DATETIME_PATTERN, event_schema
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

    def check_rules(self, document: SourceDocument, report: Report) -> None:
        self.check_times(document, report)
        self.check_where(document, report)
        self.check_location(document, ("place",), report)
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


def build_event(source: MarkdownSource, resolver: Resolver) -> Event:
    data = source.document.data
    taxonomy = resolver.taxonomy
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
            region_name=regions.subdivision_name(place["country"], place["region"])
            if place.get("region")
            else None,
        )
        if place
        else None,
        online=data.get("online"),
        registration=data.get("registration"),
        flagship=data.get("flagship", False),
        prepare=resolver.all("path", data.get("prepare", [])),
        hosts=resolver.all("member", data.get("hosts", [])),
        topics=tuple(taxonomy.topics.terms[key] for key in data.get("topics", [])),
        audience=tuple(taxonomy.audiences.terms[key] for key in data.get("audience", [])),
        body=source.body,
    )


class CalendarText(icalendar.vText):
    """Text as written: icalendar reads a backslash and N in a value as a line break
    (vText's own shorthand), which would change a title that holds them."""

    def to_ical(self) -> bytes:
        escaped = (
            str(self).replace("\\", "\\\\").replace(";", r"\;").replace(",", r"\,")
            .replace("\r\n", r"\n").replace("\n", r"\n").replace("\r", r"\n")
        )  # fmt: skip
        return escaped.encode(self.encoding)


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
        vevent.add("summary", CalendarText(event.title))
        vevent.add("description", CalendarText(event.summary))
        vevent.add("location", CalendarText(event.place.label if event.place else event.online))
        vevent.add("url", f"{site_url}/{event.url}")
        cal.add_component(vevent)
    return cal.to_ical()


def event_variables(event: Event, network) -> dict:
    # An event's topics lead to the library's resources on them.
    return {
        "upcoming": event.is_upcoming(network.today),
        "links": facet_links(network.facets("resource"), {"topic": event.topics}),
    }


def next_flagship(network) -> Event | None:
    """The next edition of the network's flagship event (``flagship: true``), if any."""
    return next((e for e in network.events if e.flagship and e.is_upcoming(network.today)), None)


def featured_event(network) -> Event | None:
    """The event the home page features: the next flagship edition while its registration
    is open, otherwise the next event."""
    flagship = next_flagship(network)
    if flagship and flagship.registration_open(network.today):
        return flagship
    return next((e for e in network.events if e.is_upcoming(network.today)), None)


def events_variables(network) -> dict:
    """The list of events as of the build day: what is still to come, then what took place."""
    events, today = network.events, network.today
    return {
        "upcoming_events": [e for e in events if e.is_upcoming(today)],
        "past_events": [e for e in reversed(events) if not e.is_upcoming(today)],
    }


def calendar_text(events: list[Event], site) -> str:
    return calendar(events, site.url, site.domain, site.name).decode("utf-8")


KIND = Kind(
    name="event",
    label="Event",
    plural="Events",
    folder="content/events",
    suffix=".md",
    schema=event_schema,
    checker=EventChecker,
    build=build_event,
    url="events/{slug}/",
    template="event",
    order=lambda event: (event.start.astimezone(dt.UTC), event.slug),
    what="an event",
    references=(
        Reference(("hosts",), "member", "hosts"),
        Reference(("prepare",), "path", "prepare"),
    ),
    page_variables=event_variables,
    listing=Listing("events", per_page=None, variables=events_variables),
    search=search.event_entry,
    exports=(Export("events.ics", calendar_text),),
    structured=structured.event_data,
    form=Form(),
)
