"""Jinja filters for the theme: dates, times and durations the way people read them."""

from __future__ import annotations

import datetime as dt


def day(value: dt.date) -> str:
    """March 18, 2027."""
    return f"{value:%B} {value.day}, {value.year}"


def clock(value: dt.datetime) -> str:
    """8:30 AM; 12:00 PM."""
    return f"{value.hour % 12 or 12}:{value:%M} {'AM' if value.hour < 12 else 'PM'}"


def event_when(event) -> str:
    """Thursday, March 18, 2027, 8:30 AM to 5:00 PM CDT: in the event's own time zone."""
    start, end = event.start, event.end
    first = f"{start:%A}, {day(start)}, {clock(start)}"
    if start.date() == end.date():
        return f"{first} to {clock(end)} {end.tzname()}"
    return f"{first} to {end:%A}, {day(end)}, {clock(end)} {end.tzname()}"


def duration(minutes: int) -> str:
    """45 min; 1 h; 3 h 30 min."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest} min" if rest else f"{hours} h"


FILTERS = {
    "day": day,
    "clock": clock,
    "event_when": event_when,
    "duration": duration,
}


def add_filters(pelican) -> None:
    """signals.initialized: before any generator builds its Jinja environment."""
    pelican.settings.setdefault("JINJA_FILTERS", {}).update(FILTERS)
