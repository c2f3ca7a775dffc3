"""Property tests: arbitrary text and mappings fed to the loader and the validator.

Member files (every field, extra keys, raw bytes inserted anywhere) and Markdown files of
every kind (front matter and text) are generated from a valid file by replacing parts with
arbitrary strings, scalars, lists and mappings. For each: nothing escapes but diagnostics
with a position inside the file; a file without errors becomes a model object whose page
text, exports, feed and calendar all parse and hold nothing the text rule refuses, no image
from elsewhere and no link browsers would read otherwise. A few valid files of every kind
are then built together in one real site, which must build.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import os
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import icalendar
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from healthnet import cli, urls
from healthnet.diagnostics import Report
from healthnet.kinds import SiteInfo
from healthnet.project import Project, load_network
from healthnet.registry import KINDS
from healthnet.session import BuildSession
from healthnet.sources import SourceCache
from healthnet.taxonomy import load_taxonomy
from tests.support import REPO, TODAY, copy_fixture_site, project_with
from tests.test_outputs_parse import REFUSED

# Per property: the whole file stays well under a minute on two cores; set
# PROPERTY_EXAMPLES=2000 for a longer search.
EXAMPLES = int(os.environ.get("PROPERTY_EXAMPLES", "150"))
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,  # no .hypothesis/ folder in the working tree
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
KIND = {kind.name: kind for kind in KINDS}

# -- what is generated ------------------------------------------------------------------

HOSTILE_CHARACTERS = list(
    "\x00\x01\x0b\x1b\x7f\x85\x9b\u2028\u2029\ufdd0\ufffe\uffff\U0010ffff"
    "\u202e\u2066\u200f\u200b\ufeff\t\n\r <>&\"'\\/:#?@%;`*_[]()!="
)
ADDRESSES = [
    "https://ok.example.org/a", "HTTPS://OK.EXAMPLE.ORG/", " https://ok.example.org/ ",
    "mailto:social@example.org", "../members/", "/theme/images/favicon.svg", "#top",
    "//evil.example.com/x.png", " //evil.example.com/x.png", "/\t/evil.example.com/x.png",
    "\x0b//evil.example.com/x.png", "\\\\evil.example.com/x.png", "/\\evil.example.com/x",
    "java\tscript:alert(1)", "javascript:alert(1)", "&#47;&#47;evil.example.com/x",
    "data:text/html,x", "http://evil.example.com/", "https:evil.example.com",
    "https://a:b@evil.example.com/", "https://evil.example.com:8443/", "",
]  # fmt: skip
LINK_FORMS = ["[x]({})", "![x]({})", '<img src="{}">', '<a href="{}">x</a>', "<{}>",
              "[x][r]\n\n[r]: {}", "&#{};"]  # fmt: skip

texts = st.text(
    alphabet=st.one_of(
        st.characters(exclude_categories=["Cs"]), st.sampled_from(HOSTILE_CHARACTERS)
    ),
    max_size=40,
)
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False),
    texts, st.sampled_from(ADDRESSES),
)  # fmt: skip
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
    max_leaves=6,
)
links = st.builds(
    lambda form, address: form.format(address),
    st.sampled_from(LINK_FORMS),
    st.one_of(st.sampled_from(ADDRESSES), texts),
)
markdown = st.lists(st.one_of(texts, links, st.just("\n\n")), max_size=6).map("".join)

# Valid files, one per kind; generated ones replace parts of them.
MEMBER = {
    "name": "Generated Health",
    "type": "hospital",
    "joined": "2020-01-01",
    "location": {"city": "Rochester", "region": "MN", "country": "US"},
    "website": "https://generated.example.org",
    "summary": "A member made by the property tests.",
    "description": "Some **text** with [a link](https://ok.example.org/).",
    "social": {"x": "generated", "blog": "https://blog.example.org"},
    "topics": ["crisis-communication"],
    "contacts": [{"role": "Social media team", "email": "social@example.org"}],
    "aliases": ["Generated"],
}
FRONT_MATTER = {
    "resource": {
        "title": "A generated guide",
        "summary": "One plain sentence.",
        "type": "guide",
        "topics": ["crisis-communication"],
        "contributors": ["member-one"],
        "date": "2026-01-10",
        "link": "https://ok.example.org/guide",
    },
    "path": {
        "title": "A generated path",
        "summary": "Two steps.",
        "steps": [
            {"resource": "resource-one", "note": "First."},
            {"resource": "resource-two", "note": "Then."},
        ],
    },
    "event": {
        "title": "A generated event",
        "summary": "A day together.",
        "start": "2026-12-10T08:30",
        "end": "2026-12-10T17:00",
        "timezone": "America/Chicago",
        "place": {"name": "Hall", "city": "Springfield", "country": "US"},
        "registration": "https://ok.example.org/register",
        "hosts": ["member-one"],
    },
    "news": {"title": "Generated news", "date": "2026-10-01", "summary": "What is new."},
    "page": {"title": "A generated page", "summary": "About this."},
}


def paths_of(data, path=()):
    """Every path into ``data`` (mappings and lists), the document itself included."""
    yield path
    if isinstance(data, dict):
        for key, value in data.items():
            yield from paths_of(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from paths_of(value, (*path, index))


def replaced(data, path, value):
    if not path:
        return value
    copy = dict(data) if isinstance(data, dict) else list(data)
    copy[path[0]] = replaced(copy[path[0]], path[1:], value)
    return copy


@st.composite
def documents(draw, base: dict):
    """``base`` with a few parts replaced (by text mostly), a few keys added."""
    data = base
    for _ in range(draw(st.integers(0, 3))):
        path = draw(st.sampled_from(list(paths_of(data))[1:]))
        data = replaced(data, path, draw(st.one_of(texts, texts, values)))
    if draw(st.booleans()):
        data = {**data, draw(texts): draw(values)}
    return data


@st.composite
def yaml_texts(draw, base: dict):
    """A document's YAML, sometimes with arbitrary text inserted anywhere."""
    text = yaml.safe_dump(draw(documents(base)), allow_unicode=True, sort_keys=False)
    if draw(st.integers(0, 4)) == 0:
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(texts) + text[at:]
    return text


@st.composite
def markdown_files(draw, kind: str):
    front = draw(yaml_texts(FRONT_MATTER[kind]))
    return f"---\n{front}---\n{draw(markdown)}\n"


# -- a project to validate one generated file in -----------------------------------------


class Project1:
    """A small project (two members, two resources) and a cache, so that validating one
    generated file re-reads only that file."""

    def __init__(self, root: Path):
        self.root = root
        members = root / "members"
        members.mkdir(parents=True)
        for number in ("one", "two"):
            data = {**MEMBER, "name": f"Member {number}", "aliases": []}
            (members / f"member-{number}.yaml").write_text(yaml.safe_dump(data), "utf-8")
            resource = {**FRONT_MATTER["resource"], "title": f"Resource {number}"}
            folder = root / "content" / "resources"
            folder.mkdir(parents=True, exist_ok=True)
            text = f"---\n{yaml.safe_dump(resource)}---\nText.\n"
            (folder / f"resource-{number}.md").write_text(text, "utf-8")
        self.project = project_with(members, root / "content")
        self.cache = SourceCache()

    def file_of(self, kind: str) -> Path:
        declaration = KIND[kind]
        return self.project.folder(declaration) / f"generated{declaration.suffix}"

    def check(self, kind: str, text: str):
        """(diagnostics of the generated file, its item if valid)."""
        path = self.file_of(kind)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        report = Report(self.root)
        try:
            network = load_network(self.project, report, TODAY, self.cache, processes=1)
        finally:
            path.unlink()
        relative = report.relative(path)
        lines = len(re.split("\r\n|\r|\n", text))  # as editors count them
        for diagnostic in report.diagnostics:
            if diagnostic.path != relative:
                # The fixed files' own warnings, or a clash with the generated file.
                assert not diagnostic.is_error or "generated" in diagnostic.message
                continue
            assert 1 <= diagnostic.line <= lines, diagnostic.format()
            assert diagnostic.column >= 1 and diagnostic.message, diagnostic.format()
        if report.errors:
            return report.diagnostics, None
        item = network.item(kind, "generated")
        assert item is not None
        return report.diagnostics, item


# -- what a valid item's outputs must be ---------------------------------------------------


def check_html(html: str) -> None:
    assert not REFUSED.search(html), repr(html)
    for src in re.findall(r'<img[^>]*\ssrc="([^"]*)"', html):
        parts = urlsplit(src.replace("&amp;", "&"))
        assert not parts.scheme and not parts.netloc and "\\" not in src, src
    for href in re.findall(r'<a[^>]*\shref="([^"]*)"', html):
        href = href.replace("&amp;", "&")
        assert urls.problem(href, urls.PAGE_LINK) is None, href
        assert href == urls.read(href).address, href


def check_outputs(kind: str, item) -> bool:
    """Everything made from ``item`` alone: its page text, exports, feed and calendar.
    Returns whether its text links inside the site (which the build checks against the
    pages it writes, and validation does not know)."""
    inside = False
    for attribute in ("description_html", "body_html", "intro_html"):
        if hasattr(item, attribute):
            html = str(getattr(item, attribute))
            check_html(html)
            addresses = re.findall(r'\s(?:href|src)="([^"]*)"', html)
            inside |= any(urls.read(address).scheme == "" for address in addresses)
    declaration = KIND[kind]
    site = SiteInfo("https://network.example.org", "Network", "network.example.org", taxonomy())
    for export in declaration.exports:
        text = export.write(item if "{slug}" in export.path else [item], site)
        assert not REFUSED.search(text)
        if export.path.endswith(".json"):
            json.loads(text)
        elif export.path.endswith(".csv"):
            rows = list(csv.reader(io.StringIO(text, newline="")))
            assert len({len(row) for row in rows}) == 1
        elif export.path.endswith(".ics"):
            icalendar.Calendar.from_ical(text)
    if declaration.feed:
        text = declaration.feed.write([item], site, declaration.feed.path)
        parsed = feedparser.parse(text.encode("utf-8"))
        assert not parsed.bozo, parsed.get("bozo_exception")
        ElementTree.fromstring(text.encode("utf-8"))
    if declaration.search:
        declaration.search(item)
    return inside


@functools.cache
def taxonomy():
    return load_taxonomy(REPO / "taxonomy.yaml", Report(REPO))


# -- the properties -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def valid_files():
    """Valid generated files by kind, for the build at the end."""
    return {kind: [] for kind in KIND}


@pytest.fixture(scope="module")
def small_project(tmp_path_factory):
    return Project1(tmp_path_factory.mktemp("properties"))


def test_any_text_as_a_member_file_is_loaded_or_reported(small_project):
    @SETTINGS
    @given(st.one_of(texts, st.binary().map(lambda b: b.decode("utf-8", "replace"))))
    def check(text):
        small_project.check("member", text)

    check()


def test_member_files_validate_or_report_and_valid_ones_render(small_project, valid_files):
    @SETTINGS
    @given(yaml_texts(MEMBER))
    def check(text):
        _, item = small_project.check("member", text)
        if item is not None and not check_outputs("member", item):
            valid_files["member"].append(text)

    check()


@pytest.mark.parametrize("kind", list(FRONT_MATTER))
def test_markdown_files_validate_or_report_and_valid_ones_render(kind, small_project, valid_files):
    @SETTINGS
    @given(markdown_files(kind))
    def check(text):
        _, item = small_project.check(kind, text)
        if item is not None and not check_outputs(kind, item):
            valid_files[kind].append(text)

    check()


def test_valid_generated_files_build_together(valid_files, tmp_path):
    """What validation accepted, the build renders: a few valid files of every kind in one
    real site. Files that clash with one another (two with one title) are left out first;
    so are texts with links inside the site, which the build's link check judges against
    the pages it writes (an address to no page fails the build, not validation)."""
    assert valid_files["member"] and valid_files["news"], "too few valid examples"
    root = copy_fixture_site(tmp_path / "site")
    project = Project.at(root)
    written = []
    for kind, files in valid_files.items():
        folder = project.folder(KIND[kind])
        folder.mkdir(parents=True, exist_ok=True)
        for number, text in enumerate(files[-4:], start=1):
            path = folder / f"generated-{number}{KIND[kind].suffix}"
            path.write_text(
                text.replace("member-one", "alpha-health")
                .replace("resource-one", "alpha-crisis-guide")
                .replace("resource-two", "beta-consent-template"),
                encoding="utf-8",
            )
            written.append(path)
    for _ in range(3):
        report = Report(root)
        load_network(project, report, TODAY)
        for diagnostic in report.errors:
            (root / diagnostic.path).unlink(missing_ok=True)
    session = BuildSession(project, today=TODAY)
    assert cli.build(project, REPO / "pelicanconf.py", root / "output", session=session) == 0
    assert any(path.exists() for path in written)
