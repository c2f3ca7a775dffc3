"""The hostile corpus (tests/fixtures/hostile/fields/): every class of character and address
in every field, key and text of every kind, validated in one run; each file gets exactly
the errors its case says, at the line and column of the value."""

from __future__ import annotations

import pytest

from healthnet.diagnostics import Report
from healthnet.project import load_network
from tests import hostile_corpus
from tests.support import TODAY, copy_fixture_site, project_with


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """(cases, the errors of one validation of all of them, by file)."""
    root = copy_fixture_site(tmp_path_factory.mktemp("hostile") / "site", schemas=False)
    cases = hostile_corpus.character_cases() + hostile_corpus.address_cases()
    hostile_corpus.write(cases, root)
    report = Report(root)
    load_network(project_with(root / "members", root / "content"), report, TODAY)
    found: dict[str, list[str]] = {}
    for diagnostic in report.errors:
        path, rest = diagnostic.format().split(":", 1)
        found.setdefault(path, []).append(rest)
    return cases, found


def test_the_corpus_covers_every_class_in_every_field():
    cases = hostile_corpus.character_cases()
    characters = hostile_corpus.load("characters.yaml")
    # 6 kinds: 21 text fields, 1 Markdown field, 9 keys, 5 texts, 2 texts with references.
    assert len(cases) == len(characters) * (21 + 1 + 9 + 5 + 2)
    addresses = hostile_corpus.load("addresses.yaml")
    # 6 address fields; an image and a link in 1 Markdown field and 5 texts.
    assert len(hostile_corpus.address_cases()) == (
        len(addresses["fields"]) * 6 + len(addresses["texts"]) * 6 * 2
    )


def test_each_hostile_file_gets_exactly_its_errors(corpus):
    cases, found = corpus
    wrong = {}
    for case in cases:
        got = sorted(found.pop(case.relative, []))
        if got != sorted(f"{error}" for error in case.errors):
            wrong[case.relative] = {"expected": case.errors, "got": got}
    assert wrong == {}
    assert found == {}  # no file outside the corpus has an error
