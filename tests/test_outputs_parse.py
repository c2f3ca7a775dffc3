"""Every output of a site holding odd but valid contributions is read by a real parser.

The fixture site plus the accepted corpus (tests/fixtures/hostile/fields/accepted.yaml, and
the corpus cases validation accepts) is validated and built once; then every HTML page,
feed, calendar, export and drawing is parsed: BeautifulSoup for HTML, feedparser and
xml.etree for Atom and XML, icalendar for .ics, json, csv. No output holds a character
the text rule refuses, an image from elsewhere, or a link browsers would read otherwise.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ElementTree
from urllib.parse import urlsplit

import feedparser
import icalendar
import pytest
from bs4 import BeautifulSoup

from healthnet import cli
from healthnet.diagnostics import Report
from healthnet.project import Project, load_network
from healthnet.session import BuildSession
from tests import hostile_corpus
from tests.support import REPO, TODAY, copy_fixture_site

# Written out here rather than taken from text.py: what no output may hold. XML 1.0 refuses
# C0 controls but tab and line breaks, surrogates, U+FFFE and U+FFFF; the text rule also
# refuses C1 controls, the other noncharacters and the bidi controls.
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    chr(plane << 16 | 0xFFFE) + chr(plane << 16 | 0xFFFF) for plane in range(17)
)
REFUSED = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069"
    + _NONCHARACTERS
    + "]"
)
TEXT_SUFFIXES = {".html", ".xml", ".ics", ".json", ".csv", ".svg", ".txt"}


def accepted_cases():
    valid = [
        case
        for case in hostile_corpus.character_cases() + hostile_corpus.address_cases()
        if not case.errors
    ]
    return hostile_corpus.accepted_cases() + valid


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The built site's folder and the cases in it."""
    root = copy_fixture_site(tmp_path_factory.mktemp("accepted") / "site")
    cases = accepted_cases()
    hostile_corpus.write(cases, root)
    project = Project.at(root)
    report = Report(root)
    load_network(project, report, TODAY)
    assert [d.format() for d in report.errors] == []
    output = root / "output"
    session = BuildSession(project, today=TODAY)
    assert cli.build(project, REPO / "pelicanconf.py", output, session=session) == 0
    return output, cases


def outputs(output, suffix: str):
    return sorted(
        p for p in output.rglob(f"*{suffix}") if not p.is_relative_to(output / "pagefind")
    )


def test_no_output_holds_a_refused_character(site):
    output, _ = site
    found = {}
    for path in sorted(output.rglob("*")):
        if path.suffix in TEXT_SUFFIXES and not path.is_relative_to(output / "pagefind"):
            text = path.read_text(encoding="utf-8")
            match = REFUSED.search(text)
            if match:
                found[str(path.relative_to(output))] = f"U+{ord(match.group()):04X}"
    assert found == {}


def test_every_page_parses_and_loads_nothing_from_elsewhere(site):
    output, _ = site
    problems = []
    for path in outputs(output, ".html"):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        assert soup.find("html") is not None, path
        for img in soup.find_all("img"):
            src = img.get("src", "")
            parts = urlsplit(src)
            if parts.scheme or parts.netloc or src.startswith(("//", "\\")) or "\\" in src:
                problems.append((str(path.relative_to(output)), "img", src))
        for a in soup.find_all("a", href=True):
            href = a["href"]
            if href != href.strip() or re.search(r"[\t\n\r\\]", href.split("?")[0]):
                problems.append((str(path.relative_to(output)), "a", href))
            scheme = urlsplit(href).scheme
            if scheme not in ("", "https", "mailto") or href.startswith("//"):
                problems.append((str(path.relative_to(output)), "a", href))
    assert problems == []


def test_feeds_parse_with_feedparser_and_as_xml(site):
    output, _ = site
    feeds = outputs(output, ".atom.xml")
    assert len(feeds) == 3
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path.name, parsed.get("bozo_exception"))
        assert parsed.entries
        ElementTree.parse(path)
    for path in outputs(output, ".xml") + outputs(output, ".svg"):
        ElementTree.parse(path)


def test_the_calendar_parses_with_icalendar(site):
    output, cases = site
    calendar = icalendar.Calendar.from_ical((output / "events.ics").read_bytes())
    summaries = {str(event["SUMMARY"]) for event in calendar.walk("VEVENT")}
    accepted = hostile_corpus.load("accepted.yaml")["texts"]
    assert set(accepted) <= summaries


def test_exports_parse_as_json_and_csv(site):
    output, _ = site
    for path in outputs(output, ".json"):
        json.loads(path.read_text(encoding="utf-8"))
    members = json.loads((output / "api" / "members.json").read_text(encoding="utf-8"))
    names = {member["name"] for member in members["members"]}
    accepted = hostile_corpus.load("accepted.yaml")["texts"]
    assert set(accepted) <= names
    for path in outputs(output, ".csv"):
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
        assert len({len(row) for row in rows}) == 1, path
    rows = list(csv.DictReader(io.StringIO((output / "api" / "members.csv").read_text("utf-8"))))
    assert len(rows) == members["count"]


def test_accepted_text_shows_as_written(site):
    output, _ = site
    accepted = hostile_corpus.load("accepted.yaml")["texts"]
    for index, text in enumerate(accepted, start=1):
        profile = output / "members" / f"accepted-member-{index}" / "index.html"
        soup = BeautifulSoup(profile.read_text(encoding="utf-8"), "html.parser")
        assert soup.h1.get_text(strip=True) == text
        news = output / "news" / f"accepted-news-{index}" / "index.html"
        soup = BeautifulSoup(news.read_text(encoding="utf-8"), "html.parser")
        assert soup.h1.get_text(strip=True) == text
        if not set(text) & set("<>&*_[]`\\"):  # the rest is Markdown, and means more
            assert text in soup.select_one(".prose").get_text()
    titles = {entry.title for entry in feedparser.parse(output / "feeds/news.atom.xml").entries}
    assert set(accepted) <= titles


def test_accepted_links_are_written_as_browsers_read_them(site):
    output, _ = site
    soup = BeautifulSoup(
        (output / "news" / "accepted-news-1" / "index.html").read_text(encoding="utf-8"),
        "html.parser",
    )
    prose = soup.select_one(".prose")
    assert [a["href"] for a in prose.find_all("a")] == [
        "https://ok.example.org/a?b=c&d=e#f",
        "HTTPS://OK.EXAMPLE.ORG/Upper",
        "https://ok.example.org/spaces-around",
        "https://ok.example.org/encoded",
        "mailto:social@example.org?subject=Hello",
        "../../members/",
        "../../theme/images/favicon.svg",
        "https://ok.example.org/md",
    ]
    assert [img["src"] for img in prose.find_all("img")] == ["../../theme/images/favicon.svg"]
