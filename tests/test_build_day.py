"""The build day is the network's own: a deploy at 05:30 UTC, still the evening before in
Chicago, shows that evening's events as upcoming; at 06:30 UTC (00:30 in Chicago) as past."""

import datetime as dt

import pytest

import tasks
from healthnet import generator, project
from healthnet.diagnostics import Report
from healthnet.project import Project, build_day, load_network
from tests.support import REPO, copy_fixture_site

BEFORE_MIDNIGHT_IN_CHICAGO = dt.datetime(2026, 11, 25, 5, 30, tzinfo=dt.UTC)
AFTER_MIDNIGHT_IN_CHICAGO = dt.datetime(2026, 11, 25, 6, 30, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("now", "chicago", "utc"),
    [
        (BEFORE_MIDNIGHT_IN_CHICAGO, dt.date(2026, 11, 24), dt.date(2026, 11, 25)),
        (AFTER_MIDNIGHT_IN_CHICAGO, dt.date(2026, 11, 25), dt.date(2026, 11, 25)),
        # And on the other side of UTC: Sydney is already in the next day.
        (dt.datetime(2026, 11, 25, 13, 30, tzinfo=dt.UTC), dt.date(2026, 11, 25),
         dt.date(2026, 11, 25)),
    ],
)  # fmt: skip
def test_the_build_day_is_the_date_on_the_networks_clocks(now, chicago, utc):
    assert build_day("America/Chicago", now) == chicago
    assert build_day("UTC", now) == utc
    assert build_day("Australia/Sydney", dt.datetime(2026, 11, 24, 13, 30, tzinfo=dt.UTC)) == (
        dt.date(2026, 11, 25)
    )


EVENING_EVENT = """---
title: Evening office hours
summary: An hour of questions, late in the day.
start: 2026-11-24T19:00
end: 2026-11-24T20:00
timezone: America/Chicago
online: https://events.example.org/live/evening
---
Bring your questions.
"""


@pytest.mark.parametrize(
    ("now", "upcoming"), [(BEFORE_MIDNIGHT_IN_CHICAGO, True), (AFTER_MIDNIGHT_IN_CHICAGO, False)]
)
def test_an_evening_event_is_past_only_after_midnight_in_the_network(
    tmp_path, monkeypatch, now, upcoming
):
    root = copy_fixture_site(tmp_path)
    (root / "content" / "events" / "evening-office-hours.md").write_text(EVENING_EVENT)
    monkeypatch.setattr(project, "clock", lambda: now)
    network = load_network(Project.at(root, timezone="America/Chicago"), Report(root))
    (event,) = [e for e in network.events if e.slug == "evening-office-hours"]
    assert event.is_upcoming(network.today) is upcoming
    # Read on UTC clocks, 05:30 is already the 25th: the event would show as past.
    utc = load_network(Project.at(root, timezone="UTC"), Report(root))
    assert utc.today == dt.date(2026, 11, 25) and not event.is_upcoming(utc.today)


def test_the_build_and_validate_read_the_time_zone_of_the_settings(monkeypatch):
    monkeypatch.setattr(project, "clock", lambda: BEFORE_MIDNIGHT_IN_CHICAGO)
    settings = {"TIMEZONE": "America/Chicago"}
    assert generator.build_day(settings) == dt.date(2026, 11, 24)
    assert generator.build_day({**settings, "NETWORK_TODAY": "2027-01-02"}) == dt.date(2027, 1, 2)
    assert tasks._project().timezone == "America/Chicago"
    assert (
        Project.from_settings({"TIMEZONE": "Europe/Paris", "PATH": str(REPO / "content")}).timezone
        == "Europe/Paris"
    )
