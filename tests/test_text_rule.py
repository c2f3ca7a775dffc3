"""One text rule (plugins/healthnet/text.py): characters no output can carry, or that make
text read differently from what it is, are errors with their position wherever they are:
fields, list items, nested mappings, keys, Markdown texts, character references, raw bytes
of a YAML file, taxonomy labels. Every kind's every field is in the hostile corpus
(tests/test_hostile_fields.py); here are the rule itself and the places around it."""

from __future__ import annotations

import pytest

from healthnet.diagnostics import Report
from healthnet.markup import CONTRIBUTED, PAGES, unsafe_references
from healthnet.project import load_network
from healthnet.taxonomy import load_taxonomy
from healthnet.text import (
    character_kind,
    first_unsafe_character,
    is_unsafe_character,
    unsafe_characters,
    visible,
)
from healthnet.yamlsource import load_yaml
from tests.support import REPO, TODAY, copy_fixture_site, project_with

REFUSED = [
    "\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\x80", "\x85", "\x9f",
    "\u2028", "\u2029", "\ud800", "\udfff",
    "\ufdd0", "\ufdef", "\ufffe", "\uffff", "\U0001fffe", "\U0001ffff", "\U0010fffe",
    "\U0010ffff",
    "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069",
    "\u200e", "\u200f", "\u061c", "\u200b", "\u2060", "\ufeff",
]  # fmt: skip
ACCEPTED = [
    "a", " ", "é", "\u0301", "\u00a0", "\u00ad", "\u200c", "\u200d", "\ufdcf", "\ufdf0",
    "\ufffd", "\ue000", "\U000f0000", "\U0001f469", "\U000e0067", "ع", "א", "東", "\u2003",
]  # fmt: skip


@pytest.mark.parametrize("char", REFUSED)
def test_refused_characters(char):
    assert is_unsafe_character(char)
    assert is_unsafe_character(char, allow_newlines=True)
    assert first_unsafe_character(f"before{char}after") == char
    assert list(unsafe_characters(f"ab{char}")) == [(2, char)]


@pytest.mark.parametrize("char", ACCEPTED)
def test_accepted_characters(char):
    assert not is_unsafe_character(char)
    assert first_unsafe_character(f"before{char}after") is None


@pytest.mark.parametrize("char", ["\t", "\n", "\r"])
def test_tabs_and_line_breaks_only_where_text_has_lines(char):
    assert is_unsafe_character(char)
    assert not is_unsafe_character(char, allow_newlines=True)
    assert first_unsafe_character(f"a{char}b", allow_newlines=True) is None


def test_messages_name_the_kind_of_character():
    assert character_kind("\x01") == "the control character U+0001"
    assert character_kind("\uffff") == "the noncharacter U+FFFF"
    assert character_kind("\U0010fffe") == "the noncharacter U+10FFFE"
    assert character_kind("\u202e") == "the bidirectional control U+202E"
    assert character_kind("\u200b") == "the invisible character U+200B"
    assert character_kind("\ud800") == "the lone surrogate U+D800"
    assert character_kind("\u2029") == "the paragraph separator U+2029"
    assert character_kind("\n") == "a line break"


def test_messages_show_invisible_characters():
    assert visible("name\u202eeman\x01") == "name\\u202eeman\\u0001"
    assert visible("two\nlines\tand tab", keep_lines=True) == "two\nlines\\u0009and tab"
    report = Report(REPO)
    report.error(REPO / "x.yaml", (1, 1), "'type' is 'hosp\u202elatit'")
    assert report.diagnostics[0].message == "'type' is 'hosp\\u202elatit'"


# -- character references: what the page decodes -------------------------------------------


def test_references_count_where_they_reach_the_page():
    text = "a &#1; b &#x202E; c &rlm; d `&#2;` e &#x85; f &amp;#3;"
    found = [(reference, char) for _, reference, char in unsafe_references(text, PAGES)]
    # In code a reference shows as written; &#x85; is read as Windows-1252's "…".
    assert found == [("&#1;", "\x01"), ("&#x202E;", "\u202e"), ("&rlm;", "\u200f")]
    # mistune drops references to what is no character; the others still reach the page.
    found = [reference for _, reference, _ in unsafe_references(text, CONTRIBUTED)]
    assert found == ["&#x202E;", "&rlm;"]


# -- the raw bytes of a YAML file -----------------------------------------------------------


def test_characters_yaml_cannot_read_are_reported_where_they_are(tmp_path):
    path = tmp_path / "member.yaml"
    path.write_text("name: A\x01B\ncity: ok\nsummary: C\u2028D and \x85\n", encoding="utf-8")
    report = Report(tmp_path)
    assert load_yaml(path, report) is None
    allowed = (
        "allowed: printable characters, tabs and line breaks (pages, feeds and exports "
        "cannot carry it)"
    )
    assert [d.format() for d in report.diagnostics] == [
        f"member.yaml:1:8: error: the file contains the control character U+0001; {allowed}",
        f"member.yaml:3:11: error: the file contains the line separator U+2028; {allowed}",
    ]


def test_a_file_full_of_them_is_summed_up(tmp_path):
    path = tmp_path / "binary.yaml"
    path.write_text("\x01\n" * 25, encoding="utf-8")
    report = Report(tmp_path)
    assert load_yaml(path, report) is None
    assert len(report.errors) == 11
    assert report.errors[-1].message == (
        "the file has such characters on 15 more lines; was it saved as text? Only the "
        "first are listed"
    )


def test_front_matter_lines_are_the_markdown_files_lines(tmp_path):
    path = tmp_path / "news.md"
    report = Report(tmp_path)
    assert load_yaml(path, report, text="title: x\nsummary: a\x1bb", line_offset=1) is None
    assert report.errors[0].format().startswith("news.md:3:11: error: the file contains")


def test_a_lone_surrogate_escape_says_why(tmp_path):
    path = tmp_path / "member.yaml"
    path.write_text('name: "A\\uD800B"\n', encoding="utf-8")
    report = Report(tmp_path)
    assert load_yaml(path, report) is None
    assert report.errors[0].message.endswith(
        "; a \\u escape must name a character (U+D800 to U+DFFF are halves of pairs)"
    )


def test_keys_follow_the_rule_at_every_depth(tmp_path):
    path = tmp_path / "member.yaml"
    path.write_text(
        'name: A\n"na\\u200Bme": B\ncontacts:\n  - "ro\\x01le": x\n    email: a@example.org\n',
        encoding="utf-8",
    )
    report = Report(tmp_path)
    document = load_yaml(path, report)
    assert document.data == {"name": "A", "contacts": [{"email": "a@example.org"}]}
    assert [d.format() for d in report.diagnostics] == [
        "member.yaml:2:1: error: the key 'na\\u200bme' contains the invisible character "
        "U+200B; allowed: a field name of printable characters",
        "member.yaml:4:5: error: the key 'ro\\u0001le' contains the control character U+0001; "
        "allowed: a field name of printable characters",
    ]


# -- fields and texts of a site -------------------------------------------------------------


@pytest.fixture
def site(tmp_path):
    return copy_fixture_site(tmp_path / "site")


def errors_of(root) -> list[str]:
    report = Report(root)
    load_network(project_with(root / "members", root / "content"), report, TODAY)
    return [d.format() for d in report.sorted() if d.is_error]


def test_every_item_of_a_list_and_every_nested_value(site):
    path = site / "content" / "events" / "upcoming-fixture-event.md"
    text = path.read_text(encoding="utf-8")
    text = text.replace("  address: 1 Main Street", '  address: "1 Main\\uFFFF Street"')
    path.write_text(text, encoding="utf-8")
    member = site / "members" / "alpha-health.yaml"
    text = member.read_text(encoding="utf-8")
    member.write_text(
        text.replace("aliases: [Alpha Medical Group]", 'aliases: [Alpha, "Al\\u2066pha"]'),
        encoding="utf-8",
    )
    assert errors_of(site) == [
        "content/events/upcoming-fixture-event.md:10:12: error: 'place.address' contains the "
        "character U+FFFF; only printable characters on one line are allowed",
        "members/alpha-health.yaml:26:18: error: 'aliases[2]' contains the character U+2066; "
        "only printable characters on one line are allowed",
    ]


def test_a_markdown_text_in_windows_line_endings_is_fine(site):
    path = site / "content" / "news" / "fixture-news-one.md"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert errors_of(site) == []


def test_every_line_of_a_text_with_such_characters(site):
    path = site / "content" / "pages" / "about.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "\nOne\x07 bell.\nFine.\nTwo \u202eflipped &#xFFFE;.\n", "utf-8")
    line = text.count("\n") + 2
    allowed = (
        "allowed: printable characters, tabs and line breaks (pages, feeds and exports "
        "cannot carry it)"
    )
    assert errors_of(site) == [
        f"content/pages/about.md:{line}:4: error: the text contains the control character "
        f"U+0007; {allowed}",
        f"content/pages/about.md:{line + 2}:5: error: the text contains the bidirectional "
        f"control U+202E; {allowed}",
        f"content/pages/about.md:{line + 2}:14: error: the text contains '&#xFFFE;', the "
        f"noncharacter U+FFFE; {allowed}",
    ]


def test_taxonomy_labels_and_descriptions(tmp_path):
    path = tmp_path / "taxonomy.yaml"
    text = (REPO / "taxonomy.yaml").read_text(encoding="utf-8")
    first_label = next(line for line in text.split("\n") if "label:" in line)
    text = text.replace(first_label, first_label.split("label:")[0] + 'label: "Acad\\uFFFFemic"', 1)
    path.write_text(text, encoding="utf-8")
    report = Report(tmp_path)
    assert load_taxonomy(path, report) is None
    line = text.split("\n").index(first_label.split("label:")[0] + 'label: "Acad\\uFFFFemic"') + 1
    column = first_label.index("label:") + len("label: ") + 1
    assert [d.format() for d in report.diagnostics] == [
        f"taxonomy.yaml:{line}:{column}: error: 'member_types.academic-medical-center.label' "
        "contains the character U+FFFF; only printable characters on one line are allowed"
    ]
