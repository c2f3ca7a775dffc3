"""The YAML loader: positions of keys and values, and the problems it reports itself."""

import pickle
from pathlib import Path

from healthnet.diagnostics import Report
from healthnet.yamlsource import load_yaml


def load(tmp_path: Path, text: str | bytes, **kwargs):
    path = tmp_path / "member.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    report = Report(tmp_path)
    return load_yaml(path, report, **kwargs), report


def messages(report: Report) -> list[str]:
    return [d.format() for d in report.sorted()]


def test_positions_of_keys_and_values_are_one_based(tmp_path):
    document, report = load(
        tmp_path, "name: Alpha\nlocation:\n  country: US\ntopics:\n  - policy\n  - analytics\n"
    )
    assert report.diagnostics == []
    assert document.data == {
        "name": "Alpha",
        "location": {"country": "US"},
        "topics": ["policy", "analytics"],
    }
    assert document.position(("name",)) == (1, 7)
    assert document.key_position(("location", "country")) == (3, 3)
    assert document.position(("location", "country")) == (3, 12)
    assert document.position(("topics", 1)) == (6, 5)
    # A path that does not exist points at the nearest value that does.
    assert document.position(("location", "city")) == (3, 3)


def test_duplicate_key_is_an_error_at_the_second_key(tmp_path):
    _, report = load(tmp_path, "name: A\ntype: hospital\nname: B\n")
    assert messages(report) == [
        "member.yaml:3:1: error: duplicate key 'name' (first on line 1); keep only one"
    ]


def test_broken_yaml_names_line_and_column(tmp_path):
    document, report = load(tmp_path, "name: A\nsummary: Note: this breaks\n")
    assert document is None
    [message] = messages(report)
    assert message.startswith("member.yaml:2:14: error: invalid YAML: mapping values are not")
    assert 'must be quoted, for example "Note: text"' in message


def test_tab_indentation_is_explained(tmp_path):
    _, report = load(tmp_path, "location:\n\tcountry: US\n")
    [message] = messages(report)
    assert message.startswith("member.yaml:2:1: error: invalid YAML")
    assert "indent with spaces, not tabs" in message


def test_unquoted_at_sign_is_explained(tmp_path):
    _, report = load(tmp_path, "youtube: @riverbend\n")
    [message] = messages(report)
    assert message.startswith("member.yaml:1:10: error: invalid YAML")
    assert 'must be quoted, for example "@name"' in message


def test_aliases_are_rejected_not_expanded(tmp_path):
    _, report = load(tmp_path, "a: &x [1, 2]\nb: *x\n")
    assert messages(report) == [
        "member.yaml:2:1: error: YAML aliases (*name) are not allowed; write the value out"
    ]


def test_more_than_one_document_is_an_error(tmp_path):
    document, report = load(tmp_path, "name: A\n---\nname: B\n")
    assert document is None
    [message] = messages(report)
    assert message.startswith("member.yaml:2:1: error: invalid YAML")
    assert "keep one document per file" in message


def test_yaml_1_1_surprises_are_recorded_with_their_source_text(tmp_path):
    document, _ = load(tmp_path, "country: NO\nzip: 01234\nsince: 2019-05-01\nx: 'NO'\n")
    assert document.data == {"country": False, "zip": 668, "since": "2019-05-01", "x": "NO"}
    assert document.implicit_types == {
        ("country",): "boolean",
        ("zip",): "number",
        ("since",): "date",
    }
    assert document.raw_scalars[("zip",)] == "01234"


def test_an_impossible_date_keeps_its_text(tmp_path):
    document, report = load(tmp_path, "joined: 2019-02-30\n")
    assert report.diagnostics == []
    assert document.data == {"joined": "2019-02-30"}


def test_keys_stay_text(tmp_path):
    document, _ = load(tmp_path, "yes: 1\n2019: 2\n")
    assert list(document.data) == ["yes", "2019"]


def test_file_that_is_not_utf8(tmp_path):
    document, report = load(tmp_path, b"name: Caf\xe9\n")
    assert document is None
    assert messages(report) == [
        "member.yaml:1:10: error: the file is not UTF-8 text; save it with UTF-8 encoding"
    ]


def test_line_offset_shifts_positions_for_front_matter(tmp_path):
    document, report = load(tmp_path, "title: A\ntitle: B\n", line_offset=1)
    assert document.position(("title",)) == (2, 8)
    assert messages(report)[0].startswith("member.yaml:3:1: error: duplicate key 'title'")


def test_empty_file_gives_no_data(tmp_path):
    document, report = load(tmp_path, "# just a comment\n")
    assert document.data is None
    assert report.diagnostics == []


def test_absurd_nesting_is_an_error_not_a_crash(tmp_path):
    document, report = load(tmp_path, "description: " + "[" * 5000 + "]" * 5000 + "\n")
    assert document is None
    assert messages(report) == [
        "member.yaml:1:33: error: invalid YAML: nested more than 20 levels deep"
    ]


def test_an_unreadable_file_is_reported(tmp_path):
    (tmp_path / "member.yaml").symlink_to(tmp_path / "gone.yaml")
    report = Report(tmp_path)
    assert load_yaml(tmp_path / "member.yaml", report) is None
    assert messages(report) == [
        "member.yaml:1:1: error: the file cannot be read: No such file or directory"
    ]


def test_a_number_too_large_to_read_is_an_error(tmp_path):
    _, report = load(tmp_path, "zip: " + "9" * 5000 + "\n")
    assert messages(report) == [
        "member.yaml:1:6: error: unsupported YAML value: too large; quote it if it is text"
    ]


def test_a_document_checked_in_another_process_keeps_its_positions(tmp_path):
    # Files are checked on every core and come back pickled, their positions packed.
    document, _ = load(tmp_path, "name: Alpha\njoined: 2024-01-05\ntopics:\n  - 12\n  - yes\n")
    copy = pickle.loads(pickle.dumps(document))
    assert copy.path == document.path and copy.data == document.data
    assert copy.position(("topics", 1)) == (5, 5)
    assert copy.key_position(("joined",)) == (2, 1)
    assert copy.implicit_types == {
        ("joined",): "date", ("topics", 0): "number", ("topics", 1): "boolean"
    }  # fmt: skip
    assert copy.raw_scalars == {
        ("joined",): "2024-01-05",
        ("topics", 0): "12",
        ("topics", 1): "yes",
    }
    assert copy == document
    # Sent again before its positions were asked for (a rebuild's file touched, unchanged).
    again = pickle.loads(pickle.dumps(pickle.loads(pickle.dumps(document))))
    assert again.key_position(("topics",)) == (3, 1) and again == document
